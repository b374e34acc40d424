"""Records as rows and rows as plans: both directions of the format in `columns.py`.

`record_values(record)` reads every column's value from a record (a live page or the
latest revision of a draft); `row_text(values)` writes them as the spreadsheet's text.
`RowReader.plan(row)` parses a row's text into values, checks them, finds the record
its identifier names and says what importing it would do: create, update, leave
unchanged, or refuse, with every reason. Nothing here writes to the database.
"""

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from heritage.models import CustomPage, EthnicGroup, FestivalPage, Licence, ProductPage, Province, RecordPage, Subject

from .columns import (
    ACCESS_ALIASES,
    BY_NAME,
    CALENDAR_ALIASES,
    COLUMN_NAMES,
    COLUMNS,
    MAX_IDENTIFIER_LENGTH,
    PART_SEPARATOR,
    TYPE_ALIASES,
    RowProblem,
    check_coordinates,
    check_festival_date,
    choice,
    clean_text,
    folded,
    format_festival_date,
    format_number,
    number,
    parse_date,
    parse_festival_date,
    split_lines,
    split_list,
    translation_key_for,
    whole_number,
)

RECORD_MODELS = {"festival": FestivalPage, "custom": CustomPage, "product": ProductPage}
ACCESS_LEVELS = ("public", "community", "staff")
CONTRIBUTOR_ROLES = ("researcher", "recorder", "photographer", "narrator", "translator", "editor")
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "avif", "heic", "heif"}


class Vocabulary:
    """The shared vocabularies, loaded once per import or export (no query per row)."""

    def __init__(self):
        from gis.models import Area

        self.groups = EthnicGroup.objects.in_bulk()
        self.group_names = {}
        for group in self.groups.values():
            for name in (group.name, group.name_en, group.slug):
                self._add(self.group_names, name, group.pk)
        for group_id, name in EthnicGroup.other_names.rel.related_model.objects.values_list("group_id", "name"):
            self._add(self.group_names, name, group_id)
        self.subjects = Subject.objects.in_bulk()
        self.subject_names = {}
        for subject in self.subjects.values():
            for name in (subject.name, subject.name_en, subject.slug):
                self._add(self.subject_names, name, subject.pk)
        self.provinces = Province.objects.in_bulk()
        self.province_names = {}
        for province in self.provinces.values():
            for name in (province.code, province.name, province.name_en, province.slug):
                self._add(self.province_names, name, province.pk)
        self.licences = Licence.objects.in_bulk()
        self.licence_codes = {licence.code.casefold(): licence.pk for licence in self.licences.values()}
        self.area_codes = {}
        self.areas = {}
        for pk, code in Area.objects.values_list("pk", "code"):
            self.areas[pk] = code
            self.area_codes.setdefault(code.casefold(), set()).add(pk)

    @staticmethod
    def _add(names, name, pk):
        if name:
            names.setdefault(folded(name), set()).add(pk)

    def find(self, names, text, what):
        found = names.get(folded(text), set())
        if not found:
            raise RowProblem(_("Unknown %(what)s: “%(value)s”.") % {"what": what, "value": text})
        if len(found) > 1:
            raise RowProblem(
                _("“%(value)s” names more than one %(what)s; use its full name.") % {"what": what, "value": text}
            )
        return next(iter(found))


def file_name(stored):
    """The name a stored file goes by in a spreadsheet: its base name."""
    return PurePosixPath(stored.name).name if stored else ""


def _block_file_names(body, block_type):
    names = []
    for block in body:
        if block.block_type == block_type:
            item = block.value.get(block_type)
            if item is not None and item.file:
                names.append(file_name(item.file))
    return tuple(names)


def record_values(record, manual_areas=None):
    """{column name: value} of a record (a specific page; a revision's object too).

    `manual_areas`: the ids of the areas tied to it by hand, when already known."""
    record_type = record.specific_class.record_type_key
    values = {"identifier": str(record.translation_key), "type": record_type}
    for column in COLUMNS:
        if not column.applies_to(record_type) or column.name in values:
            continue
        if column.kind == "groups":
            value = frozenset(group.pk for group in record.ethnic_groups.all())
        elif column.kind == "subjects":
            value = frozenset(subject.pk for subject in record.subjects.all())
        elif column.kind == "areas":
            value = frozenset(_manual_areas(record) if manual_areas is None else manual_areas)
        elif column.kind in ("province", "licence"):
            value = getattr(record, f"{column.field}_id")
        elif column.kind == "festival_date":
            value = (record.day, record.month, record.leap_month) if record.month else None
        elif column.kind == "sources":
            value = tuple(
                (block.value["citation"], block.value["url"] or "", block.value["note"] or "")
                for block in record.sources
            )
        elif column.kind == "contributors":
            value = tuple(
                (block.value["name"], block.value["role"], block.value["organisation"] or "")
                for block in record.contributors
            )
        elif column.kind == "image":
            value = file_name(record.main_image.file) if record.main_image_id else ""
        elif column.kind == "image_text":
            image = record.main_image if record.main_image_id else None
            value = "" if image is None else image.description if column.name == "image_description" else image.credit
        elif column.kind == "audio":
            value = _block_file_names(record.body, "audio")
        else:
            value = getattr(record, column.field)
            if isinstance(value, str):
                value = clean_text(value)
        values[column.name] = value
    return values


def _manual_areas(record):
    from gis.models import AreaRecord

    if not record.pk:
        return ()
    return AreaRecord.objects.filter(record_id=record.pk, linked_by=AreaRecord.LinkedBy.MANUAL).values_list(
        "area_id", flat=True
    )


def row_text(values, vocabulary, festival_calendar=None):
    """The spreadsheet's text for `values` (see `record_values`)."""
    text = {}
    for name, value in values.items():
        column = BY_NAME[name]
        if column.kind == "groups":
            text[name] = "; ".join(sorted(vocabulary.groups[pk].name for pk in value))
        elif column.kind == "subjects":
            text[name] = "; ".join(sorted(vocabulary.subjects[pk].name for pk in value))
        elif column.kind == "areas":
            text[name] = "; ".join(sorted(vocabulary.areas[pk] for pk in value))
        elif column.kind == "province":
            text[name] = vocabulary.provinces[value].code if value else ""
        elif column.kind == "licence":
            text[name] = vocabulary.licences[value].code if value else ""
        elif column.kind == "festival_date":
            calendar = values.get("calendar", festival_calendar)
            text[name] = format_festival_date(calendar, *value) if value else ""
        elif column.kind in ("sources", "contributors"):
            text[name] = "\n".join(f" {PART_SEPARATOR} ".join(parts).rstrip(f" {PART_SEPARATOR}") for parts in value)
        elif column.kind == "audio":
            text[name] = "; ".join(value)
        elif column.kind == "date":
            text[name] = value.isoformat() if value else ""
        elif column.kind in ("latitude", "longitude", "year", "count", "ocop"):
            text[name] = format_number(value)
        else:
            text[name] = value or ""
    return text


@dataclass
class RowPlan:
    """What importing one row would do."""

    number: int
    identifier: str = ""
    title: str = ""
    record_type: str = ""
    action: str = ""  # create, update, unchanged or refused
    problems: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # parsed values of the row's columns that apply
    record_id: int | None = None
    changed: list = field(default_factory=list)  # names of the columns an update changes

    @property
    def refused(self):
        return bool(self.problems)

    def as_json(self):
        return {
            "row": self.number,
            "identifier": self.identifier,
            "title": self.title,
            "type": self.record_type,
            "action": self.action,
            "problems": self.problems,
            "record_id": self.record_id,
            "changed": self.changed,
        }


REQUIRED_FOR = {"custom": ("category",), "product": ("kind",)}


class RowReader:
    """Parses rows against the vocabularies and the records already stored.

    `media_names`: the file names in the uploaded folder or zip (None: no media given)."""

    def __init__(self, columns, vocabulary=None, media_names=None):
        self.columns = [name for name in columns if name in BY_NAME]
        self.vocabulary = vocabulary or Vocabulary()
        self.media_names = media_names
        self.seen = {}  # translation key → row number, to refuse a repeated identifier

    def look_up(self, rows):
        """Load, in a few queries, the records `rows` name (as their latest revisions
        stand) and their hand-made area links; `plan` then asks nothing per row for
        them. Without it, `plan` asks per row."""
        from wagtail.models import Revision

        from gis.models import AreaRecord

        keys = {translation_key_for(row.values["identifier"]) for row in rows if row.values.get("identifier")}
        records = list(RecordPage.objects.filter(translation_key__in=keys).specific().select_related("main_image"))
        revisions = Revision.objects.in_bulk(
            [record.latest_revision_id for record in records if record.has_unpublished_changes]
        )
        manual = {record.pk: [] for record in records}
        for record_id, area_id in AreaRecord.objects.filter(
            record_id__in=manual, linked_by=AreaRecord.LinkedBy.MANUAL
        ).values_list("record_id", "area_id"):
            manual[record_id].append(area_id)
        found = {}
        for record in records:
            revision = revisions.get(record.latest_revision_id) if record.has_unpublished_changes else None
            latest = record.with_content_json(revision.content) if revision else record
            found[record.translation_key] = (latest, manual[record.pk])
        self.known = {key: found.get(key) for key in keys}

    known = None  # translation key → (latest version, manual area ids) or None, for the rows looked up

    def existing_record(self, key):
        """(the record's latest version, its manual area ids or None), or None."""
        if self.known is not None and key in self.known:
            return self.known[key]
        record = next(iter(RecordPage.objects.filter(translation_key=key)[:1]), None)
        if record is None:
            return None
        record = record.specific
        return (record.get_latest_revision_as_object() if record.has_unpublished_changes else record), None

    def plan(self, row):
        plan = RowPlan(number=row.number)
        text = row.values
        plan.identifier = text.get("identifier", "")
        plan.title = text.get("title", "")
        problems = plan.problems
        if not plan.identifier:
            problems.append(_("No identifier: every row needs its stable key."))
        elif len(plan.identifier) > MAX_IDENTIFIER_LENGTH:
            problems.append(_("The identifier is longer than %(max)d characters.") % {"max": MAX_IDENTIFIER_LENGTH})
        key = translation_key_for(plan.identifier) if plan.identifier else None
        existing = manual_areas = None
        if key is not None:
            if key in self.seen:
                problems.append(
                    _("The identifier %(identifier)s is already used by row %(row)d.")
                    % {"identifier": plan.identifier, "row": self.seen[key]}
                )
            else:
                self.seen[key] = row.number
            existing, manual_areas = self.existing_record(key) or (None, None)
        record_type = ""
        if text.get("type"):
            try:
                record_type = choice(text["type"], TYPE_ALIASES, tuple(RECORD_MODELS), _("The type"))
            except RowProblem as problem:
                problems.append(str(problem))
        if existing is not None:
            existing_type = existing.specific_class.record_type_key
            plan.record_id = existing.pk
            plan.title = plan.title or existing.title
            if record_type and record_type != existing_type:
                problems.append(
                    _("The identifier %(identifier)s belongs to a %(existing)s; a record cannot change type.")
                    % {"identifier": plan.identifier, "existing": existing_type}
                )
            record_type = record_type or existing_type
        elif not problems and not record_type:
            problems.append(_("No type: festival, custom or product."))
        plan.record_type = record_type
        if not record_type:
            return self._refused(plan)
        unreadable = set()  # columns whose cell was refused: not "missing" as well
        for name in self.columns:
            column = BY_NAME[name]
            if name in ("identifier", "type"):
                continue
            cell = text.get(name, "")
            if not column.applies_to(record_type):
                if cell:
                    problems.append(
                        _("The column %(column)s is not for a %(type)s.") % {"column": name, "type": record_type}
                    )
                continue
            try:
                plan.values[name] = self.parse(column, cell, record_type, text)
            except RowProblem as problem:
                problems.append(str(problem))
                unreadable.add(name)
        current = record_values(existing, manual_areas) if existing is not None else {}
        self.check_row(plan, existing, text, unreadable, current)
        if problems:
            return self._refused(plan)
        if existing is None:
            plan.action = "create"
        else:
            plan.changed = [name for name, value in plan.values.items() if not self.same(name, value, current)]
            plan.action = "update" if plan.changed else "unchanged"
        return plan

    @staticmethod
    def _refused(plan):
        plan.action = "refused"
        return plan

    @staticmethod
    def same(name, value, current):
        if name in ("image_description", "image_credit"):
            return True  # they describe a new image; an image already stored keeps its own
        return value == current.get(name)

    def check_row(self, plan, existing, text, unreadable=(), current=None):
        """Checks across cells: required columns, coordinates, period, festival date, files."""
        values, problems = plan.values, plan.problems
        creating = existing is None
        required = [column.name for column in COLUMNS if column.required] + list(REQUIRED_FOR.get(plan.record_type, ()))
        for name in required:
            if name in ("identifier", "type") or name in unreadable:
                continue
            if (creating and name not in values) or (name in values and not values[name]):
                if name == "licence":
                    problems.append(_("No licence: give a licence code such as cc-by-4.0."))
                elif name == "ethnic_groups":
                    problems.append(_("No ethnic group: name at least one."))
                else:
                    problems.append(_("The column %(column)s is required.") % {"column": name})
        current = current or {}
        if "latitude" in values or "longitude" in values:
            try:
                check_coordinates(
                    values.get("latitude", current.get("latitude")), values.get("longitude", current.get("longitude"))
                )
            except RowProblem as problem:
                problems.append(str(problem))
        start = values.get("period_start_year", current.get("period_start_year"))
        end = values.get("period_end_year", current.get("period_end_year"))
        if start is not None and end is not None and start > end:
            problems.append(_("The period cannot end before it starts."))
        if plan.record_type == "festival":
            self.check_festival(plan, current, text)
        self.check_media(plan, current)

    def check_festival(self, plan, current, text):
        values, problems = plan.values, plan.problems
        date = values.get("festival_date", current.get("festival_date"))
        if not values.get("calendar"):
            marked_lunar = False
            if values.get("festival_date"):
                marked_lunar = parse_festival_date(text["festival_date"])[3]
            if "calendar" in values or "festival_date" in values:
                fallback = current.get("calendar") or ("solar" if values.get("festival_date") else "lunar")
                values["calendar"] = "lunar" if marked_lunar else fallback
        calendar = values.get("calendar", current.get("calendar", "lunar"))
        if date:
            try:
                check_festival_date(text.get("festival_date", ""), calendar, *date)
            except RowProblem as problem:
                problems.append(str(problem))
        frequency = values.get("frequency", current.get("frequency"))
        if frequency == "every_n_years" and not values.get("frequency_years", current.get("frequency_years")):
            problems.append(_("Say every how many years the festival is held (frequency_years)."))

    def check_media(self, plan, current):
        """Every file named must be in the uploaded folder or zip, unless the record
        already shows a file of that name."""
        wanted = []
        image = plan.values.get("main_image")
        if image and image != current.get("main_image"):
            wanted.append(image)
        wanted += [name for name in plan.values.get("audio", ()) if name not in current.get("audio", ())]
        if image and image in wanted and not plan.values.get("image_description"):
            plan.problems.append(_("A new main image needs its alt text (image_description)."))
        for name in wanted:
            if self.media_names is None or name not in self.media_names:
                plan.problems.append(_("The file %(name)s is not in the uploaded folder or zip.") % {"name": name})

    def parse(self, column, cell, record_type, text):
        """The value of one cell, or RowProblem."""
        vocabulary = self.vocabulary
        kind = column.kind
        if column.max_length and len(cell) > column.max_length:
            raise RowProblem(
                _("%(column)s is longer than %(max)d characters.") % {"column": column.name, "max": column.max_length}
            )
        if kind == "text" or kind == "image_text":
            return cell
        if kind == "groups":
            what = _("ethnic group")
            return frozenset(vocabulary.find(vocabulary.group_names, name, what) for name in split_list(cell))
        if kind == "subjects":
            return frozenset(vocabulary.find(vocabulary.subject_names, name, _("subject")) for name in split_list(cell))
        if kind == "areas":
            found = set()
            for code in split_list(cell):
                areas = vocabulary.area_codes.get(code.casefold(), set())
                if len(areas) != 1:
                    if not areas:
                        raise RowProblem(_("Unknown area code: “%(value)s”.") % {"value": code})
                    raise RowProblem(_("The area code “%(value)s” is ambiguous.") % {"value": code})
                found |= areas
            return frozenset(found)
        if kind == "province":
            return vocabulary.find(vocabulary.province_names, cell, _("province")) if cell else None
        if kind == "licence":
            if not cell:
                return None
            if cell.casefold() not in vocabulary.licence_codes:
                raise RowProblem(
                    _("Unknown licence “%(value)s” (known: %(codes)s).")
                    % {"value": cell, "codes": ", ".join(sorted(vocabulary.licence_codes))}
                )
            return vocabulary.licence_codes[cell.casefold()]
        if kind in ("latitude", "longitude"):
            return number(cell, _("The latitude") if kind == "latitude" else _("The longitude")) if cell else None
        if kind == "access":
            return choice(cell, ACCESS_ALIASES, ACCESS_LEVELS, column.name) if cell else "public"
        if kind == "date":
            return parse_date(cell) if cell else None
        if kind == "year":
            return whole_number(cell, column.name, -3000, 2100) if cell else None
        if kind == "count":
            return whole_number(cell, column.name, 1, 1000) if cell else None
        if kind == "ocop":
            return whole_number(cell, column.name, 3, 5) if cell else None
        if kind == "calendar":
            return choice(cell, CALENDAR_ALIASES, tuple(FestivalPage.Calendar.values), column.name) if cell else ""
        if kind == "frequency":
            return choice(cell, {}, tuple(FestivalPage.Frequency.values), column.name) if cell else "annual"
        if kind == "category":
            return choice(cell, {}, tuple(CustomPage.Category.values), column.name) if cell else ""
        if kind == "vitality":
            return choice(cell, {}, tuple(CustomPage.Vitality.values), column.name) if cell else "living"
        if kind == "product_kind":
            return choice(cell, {}, tuple(ProductPage.Kind.values), column.name) if cell else ""
        if kind == "festival_date":
            return parse_festival_date(cell)[:3] if cell else None
        if kind == "sources":
            sources = []
            for line in split_lines(cell):
                citation, url, note = ([clean_text(part) for part in line.split(PART_SEPARATOR)] + ["", ""])[:3]
                if url and not url.startswith(("http://", "https://")):
                    raise RowProblem(_("The source link “%(value)s” is not an http(s) address.") % {"value": url})
                if len(citation) > 500 or len(note) > 300:
                    raise RowProblem(_("A source citation is at most 500 characters, its note 300."))
                sources.append((citation, url, note))
            return tuple(sources)
        if kind == "contributors":
            contributors = []
            for line in split_lines(cell):
                name, role, organisation = ([clean_text(part) for part in line.split(PART_SEPARATOR)] + ["", ""])[:3]
                role = choice(role, {}, CONTRIBUTOR_ROLES, _("The contributor's role")) if role else "editor"
                contributors.append((name, role, organisation))
            return tuple(contributors)
        if kind == "image":
            if cell:
                self.check_file(cell)
                if os.path.splitext(cell)[1].lower().lstrip(".") not in IMAGE_EXTENSIONS:
                    raise RowProblem(_("%(name)s is not an image file.") % {"name": cell})
            return cell
        if kind == "audio":
            names = tuple(split_list(cell))
            for name in names:
                self.check_file(name)
            return names
        raise AssertionError(kind)

    @staticmethod
    def check_file(name):
        if "/" in name or "\\" in name:
            raise RowProblem(_("%(name)s: give the file name only, without folders.") % {"name": name})


__all__ = ["COLUMN_NAMES", "RowPlan", "RowReader", "Vocabulary", "record_values", "row_text"]
