"""The restore drill: back up the demo library, restore it into a fresh database (SQLite,
and PostgreSQL when the suite has one), and compare every record, file and search
answer; and archives that must be refused without anything being touched.

Each library lives in its own folder and database and is driven through manage.py in a
subprocess, as an operator would, so the test database of pytest-django is not used.
"""

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(Path(sys.executable))

FINGERPRINT = r"""
import hashlib, json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model
from heritage.models import RecordPage
from search import service

def digest(field):
    with field.open("rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()

staff = get_user_model().objects.get(username="curator")
searches = {}
for who, user in (("anonymous", AnonymousUser()), ("curator", staff)):
    for text in ("chiêng", "lễ hội", "Hrê", "thổ cẩm", "Cơ Tu", "rượu cần"):
        answer = service.search(user, QueryDict(f"q={text}"))
        searches[f"{who}:{text}"] = [answer.results.total, [record.pk for record in answer.records]]
print(json.dumps({
    "records": sorted(
        [page.id, page.title, page.url_path, page.access_level, page.live, str(page.first_published_at)]
        for page in RecordPage.objects.all()
    ),
    "images": sorted([i.id, i.title, i.file.name, digest(i.file)] for i in get_image_model().objects.all()),
    "media": sorted([m.id, m.title, m.file.name, digest(m.file)] for m in get_media_model().objects.all()),
    "users": sorted(
        [user.username, user.password, sorted(user.groups.values_list("name", flat=True))]
        for user in get_user_model().objects.all()
    ),
    "searches": searches,
}, ensure_ascii=False, sort_keys=True))
"""


class Library:
    """One library: a folder, a database and the manage.py commands run against them."""

    def __init__(self, folder, database_url=None):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "SEARCH_", "CACHE_", "TASKS_"))
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="heritage.settings.dev",
            HERITAGE_VAR_DIR=str(folder),
            DATABASE_URL=database_url or f"sqlite:///{folder / 'db.sqlite3'}",
            DEMO_PASSWORD="drill-" + secrets.token_hex(4),
        )

    @property
    def media(self):
        return self.folder / "uploads"

    def run(self, *command, expect_ok=True):
        done = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if expect_ok:
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        return done

    def fingerprint(self):
        return json.loads(self.run("shell", "--no-imports", "-c", FINGERPRINT).stdout.strip().splitlines()[-1])

    def is_empty(self):
        done = self.run(
            "shell", "--no-imports", "-c", "from operations.backup import library_is_empty; print(library_is_empty())"
        )
        media_empty = not self.media.exists() or not any(self.media.iterdir())
        return done.stdout.strip().splitlines()[-1] == "True" and media_empty


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("source"))
    library.run("migrate", "--noinput", "-v0")
    library.run("load_demo")
    archive = library.folder / "backup.tar"
    library.run("backup", str(archive))
    return library, archive


@pytest.fixture(scope="module")
def empty_library(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("empty"))
    library.run("migrate", "--noinput", "-v0")
    return library


def test_the_demo_restored_into_a_fresh_database_is_the_same_library(source, tmp_path):
    library, archive = source
    target = Library(tmp_path / "restored")
    target.run("migrate", "--noinput", "-v0")
    done = target.run("restore", str(archive))
    assert "Restored." in done.stdout
    expected = library.fingerprint()
    assert len(expected["records"]) > 20 and len(expected["images"]) > 5
    assert expected["searches"]["anonymous:chiêng"][0] > 0
    assert target.fingerprint() == expected


def postgres_url():
    url = os.environ.get("POSTGRES_TEST_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("POSTGRES_TEST_URL is not set: `make test` starts PostgreSQL and sets it.")
        pytest.skip("No PostgreSQL server: `make test` starts one and sets POSTGRES_TEST_URL.")
    return url


def test_a_sqlite_backup_restores_into_postgresql(source, tmp_path):
    import psycopg

    parts = urlsplit(postgres_url())
    name = "heritage_restore_drill"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = Library(tmp_path / "postgres", urlunsplit(parts._replace(path=f"/{name}")))
        target.run("migrate", "--noinput", "-v0")
        target.run("restore", str(source[1]))
        restored, original = target.fingerprint(), source[0].fingerprint()
        # PostgreSQL's full text ranks ties otherwise than SQLite's FTS5: the same records
        # are found (the same totals, the same ids on a whole first page), in another order.
        assert {**restored, "searches": None} == {**original, "searches": None}
        for query, (total, ids) in original["searches"].items():
            restored_total, restored_ids = restored["searches"][query]
            assert restored_total == total, query
            if total <= len(ids):
                assert sorted(restored_ids) == sorted(ids), query
        # The sequences follow the restored ids: a new row gets a fresh id.
        target.run(
            "shell",
            "--no-imports",
            "-c",
            "from heritage.models import Subject; Subject.objects.create(name='Kiểm tra', slug='kiem-tra')",
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def refused(library, archive, reason):
    done = library.run("restore", str(archive), expect_ok=False)
    assert done.returncode != 0
    assert "Nothing was restored" in done.stderr
    assert reason in done.stderr, done.stderr
    assert library.is_empty()
    return done


def test_a_damaged_file_in_the_archive_is_refused_and_nothing_is_touched(source, empty_library, tmp_path):
    damaged = tmp_path / "damaged.tar"
    shutil.copy(source[1], damaged)
    with tarfile.open(damaged) as archive:
        member = next(m for m in archive.getmembers() if m.name.startswith("media/") and m.size > 100)
    with damaged.open("r+b") as stream:
        stream.seek(member.offset_data + 50)
        byte = stream.read(1)
        stream.seek(member.offset_data + 50)
        stream.write(bytes([byte[0] ^ 0xFF]))
    refused(empty_library, damaged, f"{member.name} is damaged")
    assert "is damaged" in empty_library.run("restore", "--check", str(damaged), expect_ok=False).stderr


def test_a_truncated_archive_is_refused(source, empty_library, tmp_path):
    truncated = tmp_path / "truncated.tar"
    data = source[1].read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    refused(empty_library, truncated, "Nothing was restored")


def test_an_archive_missing_a_listed_file_is_refused(source, empty_library, tmp_path):
    incomplete = tmp_path / "incomplete.tar"
    with tarfile.open(source[1]) as original, tarfile.open(incomplete, "w") as copy:
        dropped = None
        for member in original.getmembers():
            if dropped is None and member.name.startswith("media/"):
                dropped = member.name
                continue
            copy.addfile(member, original.extractfile(member))
    refused(empty_library, incomplete, "incomplete")


def test_an_archive_from_other_migrations_is_refused(source, empty_library, tmp_path):
    other = tmp_path / "other.tar"
    with tarfile.open(source[1]) as original, tarfile.open(other, "w") as copy:
        for member in original.getmembers():
            stream = original.extractfile(member)
            if member.name == "manifest.json":
                manifest = json.load(stream)
                manifest["migrations"].append("heritage.9999_from_the_future")
                data = json.dumps(manifest).encode()
                member.size = len(data)
                stream = io.BytesIO(data)
            copy.addfile(member, stream)
    refused(empty_library, other, "9999_from_the_future")


def test_a_library_that_is_not_empty_is_never_overwritten(source):
    library, archive = source
    before = library.fingerprint()
    done = library.run("restore", str(archive), expect_ok=False)
    assert done.returncode != 0
    assert "already holds a library" in done.stderr
    assert library.fingerprint() == before


def test_something_that_is_not_a_backup_is_refused(empty_library, tmp_path):
    stray = tmp_path / "photos.tar"
    with tarfile.open(stray, "w") as archive:
        note = tmp_path / "note.txt"
        note.write_text("không phải bản sao lưu")
        archive.add(note, arcname="note.txt")
    refused(empty_library, stray, "no manifest.json")
    refused(empty_library, tmp_path / "missing.tar", "No archive at")
