"""Importing the record spreadsheet: a dry run (`plan_sheet`) and the import (`import_sheet`).

The dry run parses every row and says what it would do, writing nothing. The import
plans each row again against the database as it then is (so a file planned an hour ago
still cannot duplicate a record), then writes it inside its own savepoint: a row that
fails for any reason leaves no page, revision, link or stored file behind, and the run
goes on. Rows are committed in small groups, which spares the database one commit per
row without letting a failure reach beyond its own row.

Records are created under the record library as drafts (never live): a new page with
its first revision, or a new revision of an existing record, whose live version is left
as it was. With `submit=True` each changed record is also submitted to its workflow
("Duyệt và xuất bản") for a reviewer to publish. Nothing here publishes.
"""

import logging
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from heritage.models import RecordIndexPage, RecordPage
from heritage.text import ascii_slug

from .columns import BY_NAME, translation_key_for
from .records import RECORD_MODELS, RowReader, Vocabulary
from .sheets import read_sheet

logger = logging.getLogger(__name__)

GROUP_SIZE = 50  # rows committed together, each in its own savepoint
MAX_MEDIA_BYTES = 4 * 1024**3  # a zip may unpack to at most this much


class BadMediaArchive(ValueError):
    """The uploaded zip cannot be used; nothing was imported."""


class MediaFolder:
    """The images and recordings a spreadsheet names, by file name (folders inside it
    are ignored; the first file of a name wins)."""

    def __init__(self, folder):
        self.folder = Path(folder).resolve()
        self.files = {}
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                self.files.setdefault(path.name, path)

    @property
    def names(self):
        return set(self.files)

    @contextmanager
    def unpacked(self, name):
        """The path of the file called `name`, for as long as the block runs."""
        yield self.files[name]


class MediaArchive:
    """The images and recordings of a zip, by file name (folders inside the zip are
    ignored, so no name can reach outside the working folder; the first file of a name
    wins), unpacked one at a time when a row stores it.

    The dry run only reads the zip's directory, so a zip of gigabytes of photographs is
    planned in a moment. The import unpacks each file into a working folder beside the
    uploads (the volume the file is going to, not a /tmp that may be small), after
    checking there is room for it and the reserve, and removes it once stored."""

    def __init__(self, archive, folder):
        self.folder = Path(folder).resolve()
        try:
            self.zipped = zipfile.ZipFile(archive)
            members = [member for member in self.zipped.infolist() if not member.is_dir()]
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            message = _("The media file is not a zip that can be read (%(error)s).")
            raise BadMediaArchive(message % {"error": error}) from None
        if sum(member.file_size for member in members) > MAX_MEDIA_BYTES:
            self.zipped.close()
            raise BadMediaArchive(_("The zip unpacks to more than 4 GB; split it."))
        self.members = {}
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/")).name
            if name and not name.startswith("."):
                self.members.setdefault(name, member)

    @property
    def names(self):
        return set(self.members)

    @contextmanager
    def unpacked(self, name):
        """The path of the file called `name`, unpacked for as long as the block runs.
        A ValidationError (which refuses the row, not the run) when the disk has no room
        for it or the zip's copy of it cannot be read."""
        from media.storage import check_room, free_space, is_disk_full, no_room

        member = self.members[name]
        check_room(2 * member.file_size)  # the unpacked copy and the stored one, for a moment
        path = self.folder / name
        try:
            try:
                with self.zipped.open(member) as stream, open(path, "xb") as target:
                    shutil.copyfileobj(stream, target)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                if is_disk_full(error):
                    raise no_room(member.file_size, free_space(self.folder)) from None
                message = _("%(name)s cannot be unpacked from the zip (%(error)s).")
                raise ValidationError(message % {"name": name, "error": error}) from None
            yield path
        finally:
            path.unlink(missing_ok=True)

    def close(self):
        self.zipped.close()


@contextmanager
def media_from(source):
    """A `MediaFolder` from a folder, a `MediaArchive` from a zip file's path, or None
    (no media)."""
    if source is None:
        yield None
        return
    source = Path(source)
    if source.is_dir():
        yield MediaFolder(source)
        return
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix=".bulk-unpacking-", dir=settings.MEDIA_ROOT)
    try:
        archive = MediaArchive(source, folder)
        try:
            yield archive
        finally:
            archive.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list = field(default_factory=list)  # RowPlan.as_json() of every row, as done

    @property
    def refused(self):
        return sum(1 for row in self.rows if row["action"] == "refused")

    def add(self, plan):
        self.rows.append(plan.as_json())
        if plan.action in ("created", "updated", "unchanged"):
            setattr(self, plan.action, getattr(self, plan.action) + 1)

    def as_json(self):
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "rows": self.rows,
        }


def plan_sheet(sheet, media=None):
    """[RowPlan] for every row: the dry run. Writes nothing."""
    reader = RowReader(sheet.columns, media_names=media.names if media else None)
    plans = []
    for start in range(0, len(sheet.rows), 500):
        group = sheet.rows[start : start + 500]
        reader.look_up(group)
        plans += [reader.plan(row) for row in group]
    return plans


def import_sheet(sheet, media=None, user=None, submit=False, progress=None):
    """Import every row that can be imported; an `ImportReport`. `progress(done, total)`
    is called after each group of rows is committed."""
    index = RecordIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no record library page yet: run `manage.py load_demo` first.")
    vocabulary = Vocabulary()
    reader = RowReader(sheet.columns, vocabulary, media.names if media else None)
    writer = RecordWriter(index, vocabulary, media, user, submit)
    report = ImportReport(total=len(sheet.rows))
    for start in range(0, len(sheet.rows), GROUP_SIZE):
        group = sheet.rows[start : start + GROUP_SIZE]
        with transaction.atomic():
            reader.look_up(group)
            for plan in writer.write_group([reader.plan(row) for row in group]):
                report.add(plan)
        if progress:
            progress(min(start + GROUP_SIZE, len(sheet.rows)), len(sheet.rows))
    return report


def read_and_plan(data, media=None):
    sheet = read_sheet(data)
    return sheet, plan_sheet(sheet, media)


class RecordWriter:
    """Writes planned rows: each in a savepoint, its stored files removed if it fails."""

    def __init__(self, index, vocabulary, media, user, submit):
        self.index = index
        self.vocabulary = vocabulary
        self.media = media
        self.user = user
        self.submit = submit
        self.slugs = set(RecordPage.objects.child_of(index).values_list("slug", flat=True))
        self.workflow = None

    def write_group(self, plans):
        """Write a group of planned rows: new records without files are inserted
        together (see `BulkCreation`), every other row one by one."""
        together = [plan for plan in plans if plan.action == "create" and not self.names_files(plan)]
        done = set()
        if len(together) > 1:
            try:
                with transaction.atomic():
                    BulkCreation(self, together).run()
            except Exception:  # noqa: BLE001 - the rows are tried again one by one, each alone
                logger.exception("bulk import: a group insert failed; its rows are written one by one")
                for plan in together:
                    plan.action, plan.record_id = "create", None
            done = {id(plan) for plan in together if plan.action != "create"}
        return [plan if id(plan) in done else self.write(plan) for plan in plans]

    @staticmethod
    def names_files(plan):
        return bool(plan.values.get("main_image") or plan.values.get("audio"))

    def write(self, plan):
        if plan.action in ("refused", "unchanged", "created", "updated"):
            return plan
        new_items = []
        try:
            with transaction.atomic():
                record = self.create(plan, new_items) if plan.action == "create" else self.update(plan, new_items)
        except Exception as error:  # noqa: BLE001 - any failure refuses the row, the run goes on
            from media.importing import _remove_stored_files

            _remove_stored_files(new_items)
            if isinstance(error, ValidationError):
                plan.problems.extend(error.messages)
            else:
                logger.exception("bulk import: row %d (%s) failed", plan.number, plan.identifier)
                plan.problems.append(
                    _("Unexpected error, nothing of this row was kept (%(error)s).")
                    % {"error": f"{type(error).__name__}: {error}"[:300]}
                )
            plan.action = "refused"
            return plan
        plan.record_id = record.pk
        plan.action = "created" if plan.action == "create" else "updated"
        return plan

    def unique_slug(self, title):
        base = (ascii_slug(title) or "ho-so")[:70].strip("-") or "ho-so"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def create(self, plan, new_items):
        model = RECORD_MODELS[plan.record_type]
        page = model(
            title=plan.values["title"],
            slug=self.unique_slug(plan.values["title"]),
            translation_key=translation_key_for(plan.identifier),
            live=False,
            has_unpublished_changes=True,
            owner=self.user,
        )
        self.apply(page, plan, new_items)
        page.full_clean(
            exclude=["path", "depth", "content_type", "url_path", "draft_title", "translation_key", "locale", "slug"]
        )
        try:
            self.index.add_child(instance=page)
        except Exception:
            self.slugs.discard(page.slug)
            raise
        self.link_areas(page, plan)
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        self.after_save(page, revision)
        return page

    def update(self, plan, new_items):
        record = RecordPage.objects.get(pk=plan.record_id).specific
        page = record.get_latest_revision_as_object() if record.has_unpublished_changes else record
        self.apply(page, plan, new_items)
        page.full_clean(exclude=["path", "depth", "content_type", "url_path", "draft_title", "locale", "slug"])
        self.link_areas(page, plan)
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        self.after_save(page, revision)
        return page

    def after_save(self, page, revision):
        if not self.submit:
            return
        workflow = page.get_workflow()
        if workflow is None or page.workflow_in_progress:
            return
        workflow.start(page, self.user)

    def apply(self, page, plan, new_items):
        vocabulary = self.vocabulary
        for name, value in plan.values.items():
            column = BY_NAME[name]
            kind = column.kind
            if kind == "groups":
                page.ethnic_groups = [vocabulary.groups[pk] for pk in sorted(value)]
            elif kind == "subjects":
                page.subjects = [vocabulary.subjects[pk] for pk in sorted(value)]
            elif kind in ("province", "licence"):
                setattr(page, f"{column.field}_id", value)
            elif kind == "festival_date":
                page.day, page.month, page.leap_month = value or (None, None, False)
            elif kind == "sources":
                page.sources = [("source", {"citation": c, "url": u, "note": n}) for c, u, n in value]
            elif kind == "contributors":
                page.contributors = [("contributor", {"name": n, "role": r, "organisation": o}) for n, r, o in value]
            elif column.field:
                setattr(page, column.field, value)
        image = plan.values.get("main_image")
        if image is not None:
            self.apply_image(page, plan, image, new_items)
        for name in plan.values.get("audio", ()):
            self.add_recording(page, plan, name, new_items)

    def _media_row(self, plan, name):
        return {
            "file": name,
            "description": plan.values.get("image_description", ""),
            "credit": plan.values.get("image_credit", ""),
            "title": name.rsplit(".", 1)[0],
        }

    def apply_image(self, page, plan, name, new_items):
        from media.importing import _image

        from .records import file_name

        if not name:
            page.main_image = None
            return
        if page.main_image_id and file_name(page.main_image.file) == name:
            return
        licence = self.vocabulary.licences.get(page.licence_id)
        with self.media.unpacked(name) as path:
            image, _created, _block = _image(path, self._media_row(plan, name), licence, new_items)
        page.main_image = image

    def add_recording(self, page, plan, name, new_items):
        from media.importing import _recording

        from .records import _block_file_names

        if name in _block_file_names(page.body, "audio"):
            return
        row = self._media_row(plan, name)
        row["credit"] = row["credit"] or page.rights_holder
        if not row["credit"]:
            message = _("The recording %(name)s needs a credit (image_credit or rights_holder).")
            raise ValidationError(message % {"name": name})
        licence = self.vocabulary.licences.get(page.licence_id)
        with self.media.unpacked(name) as path:
            recording, _created, _type = _recording(path.parent, path, row, licence, "audio", new_items)
        page.body.append(("audio", {"audio": recording, "title": "", "transcript": ""}))

    def link_areas(self, page, plan):
        if "area_codes" not in plan.values:
            return
        from gis.models import AreaRecord

        wanted = set(plan.values["area_codes"])
        manual = AreaRecord.LinkedBy.MANUAL
        links = {link.area_id: link for link in AreaRecord.objects.filter(record_id=page.pk)}
        for area_id, link in links.items():
            if link.linked_by == manual and area_id not in wanted:
                link.delete()
        for area_id in wanted:
            link = links.get(area_id)
            if link is None:
                AreaRecord.objects.create(area_id=area_id, record_id=page.pk, linked_by=manual)
            elif link.linked_by != manual:
                link.linked_by = manual
                link.save(update_fields=["linked_by"])


UNCHECKED_IN_GROUPS = [
    "path",
    "depth",
    "content_type",
    "url_path",
    "translation_key",
    "locale",
    "slug",
    "owner",
    "licence",
    "province",
    "main_image",
    "latest_revision",
    "live_revision",
    "locked_by",
    "alias_of",
    "ethnic_groups",
    "subjects",
]


class BulkCreation:
    """New records without files, inserted together: the page tree rows, the record
    rows, their links and first revisions in a few queries, as `heritage.synthetic`
    does, instead of a Wagtail save (and its signal handlers) per record.

    Each record is checked alone first (a record that fails its checks is refused and
    the others go on); the insert then succeeds or fails as a whole, inside a savepoint
    `write_group` rolls back before trying each row alone. The pages are drafts: the
    admin search index and the reference index learn of them when they are next saved
    in the admin or published, as with any page."""

    def __init__(self, writer, plans):
        self.writer = writer
        self.plans = plans

    def run(self):
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import F
        from django.utils import timezone
        from wagtail.models import Page, PageLogEntry, Revision

        from heritage.access import bump_access_version
        from heritage.synthetic import _insert_rows

        writer = self.writer
        index = Page.objects.select_for_update().get(pk=writer.index.pk)
        checked = []
        for plan in self.plans:
            page = RECORD_MODELS[plan.record_type](
                title=plan.values["title"],
                draft_title=plan.values["title"],
                slug=writer.unique_slug(plan.values["title"]),
                translation_key=translation_key_for(plan.identifier),
                live=False,
                has_unpublished_changes=True,
                owner=writer.user,
                locale_id=index.locale_id,
                depth=index.depth + 1,
                numchild=0,
            )
            try:
                writer.apply(page, plan, [])
                # The field checks alone: the plan has already checked the vocabularies
                # (foreign keys) and what RecordPage.clean checks across fields.
                page.clean_fields(exclude=UNCHECKED_IN_GROUPS)
            except ValidationError as error:
                writer.slugs.discard(page.slug)
                plan.problems.extend(error.messages)
                plan.action = "refused"
                continue
            page.url_path = f"{index.url_path}{page.slug}/"
            page.content_type = ContentType.objects.get_for_model(page)
            page.set_public_location()
            checked.append((plan, page))
        if not checked:
            return
        last_child = index.get_last_child()
        next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        now = timezone.now()
        base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
        bases = []
        for offset, (_plan, page) in enumerate(checked):
            page.path = Page._get_path(index.path, page.depth, next_step + offset)
            page.latest_revision_created_at = now
            bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
        Page.objects.bulk_create(bases)
        for base, (_plan, page) in zip(bases, checked, strict=True):
            page.id = page.page_ptr_id = page.recordpage_ptr_id = base.pk
        pages = [page for _plan, page in checked]
        _insert_rows(RecordPage, pages, GROUP_SIZE)
        for model in RECORD_MODELS.values():
            typed = [page for page in pages if type(page) is model]
            if typed:
                _insert_rows(model, typed, GROUP_SIZE)
        for relation in ("ethnic_groups", "subjects"):
            through = getattr(RecordPage, relation).through
            target = through._meta.get_field(RecordPage._meta.get_field(relation).m2m_reverse_field_name()).attname
            through.objects.bulk_create(
                through(recordpage_id=page.pk, **{target: pk})
                for plan, page in checked
                for pk in sorted(plan.values.get(relation, ()))
            )
        page_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=page.content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                user=writer.user,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        )
        for base, revision in zip(bases, revisions, strict=True):
            base.latest_revision_id = revision.pk
        Page.objects.bulk_update(bases, ["latest_revision"])
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                content_type=page.content_type,
                label=page.title[:255],
                action="wagtail.create",
                timestamp=now,
                user=writer.user,
                revision=revision,
                content_changed=True,
                page_id=page.pk,
            )
            for page, revision in zip(pages, revisions, strict=True)
        )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
        for plan, page in checked:
            writer.link_areas(page, plan)
            plan.record_id = page.pk
            plan.action = "created"
        bump_access_version()
        if writer.submit:
            for _plan, page in checked:
                fresh = RecordPage.objects.get(pk=page.pk).specific
                writer.after_save(fresh, None)
