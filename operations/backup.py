"""One archive that holds the whole library, and its way back.

An archive is a tar file:

- ``manifest.json``: when and where it was made, the versions of Python, Django and
  Wagtail, the migrations applied to the database, the number of rows of each model,
  and the size and SHA-256 of every other member;
- ``database.fulljson``: every row that is not derived, as Django's JSON serialiser
  writes it but with times to the microsecond (`serialization.py`); the rows' own ids,
  content types and permissions included, so it loads into SQLite or PostgreSQL alike;
- ``media/…``: the uploaded files, as they are under MEDIA_ROOT.

What can be rebuilt is left out and rebuilt after a restore: the search indexes (ours
and Wagtail's admin search), sessions, the task queue and its results.

A restore checks the whole archive first (every member present, sizes and checksums
right, migrations the same as this code's), and refuses a database or media folder that
already holds a library; only then does it write, the database in one transaction and
the files into a folder moved into place at the end, so a failure leaves nothing behind.
"""

import hashlib
import io
import json
import platform
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "heritage-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.fulljson"
MEDIA_PREFIX = "media/"

# Rows rebuilt after a restore, or meaningless in another database.
DERIVED = {
    "sessions",
    "wagtailsearch",  # Wagtail's admin search index (vendor-specific tables)
    "wagtailadmin.editingsession",
    "django_tasks_database",  # the task queue and its results
    "heritage_search.pendingindexupdate",  # the index is rebuilt from the records
}

CHUNK = 1024 * 1024


class BackupError(Exception):
    """An archive that cannot be made or restored, with a sentence for the operator."""


def _excluded(model):
    return model._meta.app_label in DERIVED or model._meta.label_lower in DERIVED


def backed_up_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped and not _excluded(model)
    ]


def applied_migrations():
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256(stream):
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _media_files(root):
    root = Path(root)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def make_backup(destination, progress=None):
    """Write the archive to `destination`; returns the manifest. The database is read in
    one transaction so rows and references agree with each other."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    members = {}
    counts = {}
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        with transaction.atomic():
            for model in backed_up_models():
                counts[model._meta.label] = model._base_manager.count()
            call_command(
                "dumpdata",
                *sorted({model._meta.app_label for model in backed_up_models()}),
                exclude=sorted(label for label in DERIVED if "." in label),
                all=True,
                format="fulljson",
                output=str(dump),
                verbosity=0,
            )
            migrations = applied_migrations()
        if progress:
            progress(f"Database: {sum(counts.values())} rows of {len(counts)} models")
        with dump.open("rb") as stream:
            members[DATABASE] = dict(zip(("sha256", "size"), _sha256(stream), strict=True))
        media_root = Path(settings.MEDIA_ROOT)
        files = _media_files(media_root)
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DATABASE)
            for path in files:
                name = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                with path.open("rb") as stream:
                    members[name] = dict(zip(("sha256", "size"), _sha256(stream), strict=True))
                archive.add(path, arcname=name)
            if progress:
                progress(f"{len(files)} uploaded files")
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(timespec="seconds"),
                "database_vendor": connection.vendor,
                "versions": {
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                },
                "migrations": migrations,
                "rows": counts,
                "members": members,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    partial.replace(destination)
    return manifest


def read_manifest(archive):
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("The archive has no manifest.json: it is not a library backup, or is incomplete.") from None
    try:
        manifest = json.load(archive.extractfile(member))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"The archive's manifest cannot be read ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"This archive is not in the {FORMAT} format.")
    return manifest


def verify_archive(path):
    """Check every member against the manifest without writing anything; returns the
    manifest. Raises BackupError with the first problem found."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    try:
        with tarfile.open(path, "r:*") as archive:
            manifest = read_manifest(archive)
            expected = manifest.get("members") or {}
            if DATABASE not in expected:
                raise BackupError("The manifest lists no database dump.")
            seen = set()
            for member in archive:
                name = member.name
                if name == MANIFEST:
                    continue
                posix = PurePosixPath(name)
                if not member.isfile() or posix.is_absolute() or ".." in posix.parts:
                    raise BackupError(f"The archive holds {name!r}, which a backup never contains.")
                if name not in expected:
                    raise BackupError(f"The archive holds {name!r}, which its manifest does not list.")
                digest, size = _sha256(archive.extractfile(member))
                if size != expected[name]["size"] or digest != expected[name]["sha256"]:
                    raise BackupError(f"{name} is damaged: its checksum does not match the manifest.")
                seen.add(name)
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupError(f"The archive is incomplete: {len(missing)} files are missing, e.g. {missing[0]}.")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"The archive cannot be read ({error}); it may be truncated or corrupt.") from None
    return manifest


def library_is_empty():
    """True when the database holds nothing but what migrations create."""
    from django.contrib.auth import get_user_model
    from wagtail.images import get_image_model

    from heritage.models import RecordPage

    return not (RecordPage.objects.exists() or get_image_model().objects.exists() or get_user_model().objects.exists())


def restore_backup(path, progress=None):
    """Restore the archive into this (migrated, empty) database and MEDIA_ROOT."""
    say = progress or (lambda message: None)
    manifest = verify_archive(path)
    say(f"Archive checked: {len(manifest['members'])} members, made {manifest['created']}.")
    here = applied_migrations()
    if here != manifest["migrations"]:
        theirs, ours = set(manifest["migrations"]), set(here)
        detail = sorted(theirs - ours)[:3] or sorted(ours - theirs)[:3]
        raise BackupError(
            "The archive was made with other migrations than this code has applied "
            f"(e.g. {', '.join(detail)}). Restore with the release that made it, or run `migrate` to match."
        )
    if not library_is_empty():
        raise BackupError("The database already holds a library (records, images or users): restore into an empty one.")
    media_root = Path(settings.MEDIA_ROOT)
    if any(media_root.iterdir()) if media_root.exists() else False:
        raise BackupError(f"The media folder {media_root} is not empty: restore into an empty one.")

    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        with tarfile.open(path, "r:*") as archive:
            dump = staging / DATABASE
            with archive.extractfile(DATABASE) as source, dump.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            files = staging / "media"
            for member in archive:
                if member.name.startswith(MEDIA_PREFIX):
                    archive.extract(member, staging, filter="data")
        say("Files unpacked.")
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            # Migrations' own rows (content types, roles, vocabularies, the root page) are in
            # the dump too, with the ids the rows referring to them expect.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
            say(f"{sum(manifest['rows'].values())} rows loaded.")
            if files.exists():
                if media_root.exists():
                    media_root.rmdir()
                files.replace(media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    rebuild_derived(say)
    return manifest


def rebuild_derived(say):
    """What the archive leaves out: the search indexes."""
    call_command("search_reindex", verbosity=0)
    say("Search index rebuilt.")
    call_command("update_index", verbosity=0)
    say("Admin search index rebuilt.")
