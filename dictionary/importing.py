"""Bulk import of word lists (CSV, Excel, LIFT) into the dictionaries.

Every source is read into `EntryData` values first and each is checked on its own, so a
curator gets a report of every rejected row with its reason before anything is saved
(the dry run is the same code, rolled back). Saving happens in one transaction: an
error half-way leaves the dictionaries as they were, never half an entry.

Rows are matched to entries by language, headword (NFC) and homograph number (LIFT: by
the entry's guid first), so running the same list again updates the entries it made
instead of adding them twice. An entry's senses, examples and variant spellings are
replaced by the row's; a recording is added once (matched by its file's name).

Columns of a CSV or Excel word list (first row: the names; `|` separates several
values in one cell; see docs/dictionary.md):

    language*, headword*, homograph, part_of_speech, pronunciation, dialect, variants,
    gloss_vi*, gloss_en, definition, example, example_vi, example_en, related,
    source_kind*, source*, source_url, contributor, access_level, note,
    audio, speaker, speaker_place, consent
"""

import csv
import io
import os
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from heritage.access import AccessLevel
from heritage.text import nfc

from .models import (
    Consent,
    Entry,
    Example,
    Language,
    PartOfSpeech,
    Recording,
    RelatedWord,
    Relation,
    Sense,
    SourceKind,
    Variant,
)
from .text import fold

SEPARATOR = "|"
REQUIRED_COLUMNS = ("language", "headword", "gloss_vi", "source_kind", "source")
COLUMNS = (
    "language",
    "headword",
    "homograph",
    "part_of_speech",
    "pronunciation",
    "dialect",
    "variants",
    "gloss_vi",
    "gloss_en",
    "definition",
    "example",
    "example_vi",
    "example_en",
    "related",
    "source_kind",
    "source",
    "source_url",
    "contributor",
    "access_level",
    "note",
    "audio",
    "speaker",
    "speaker_place",
    "consent",
)
MAX_ROWS = 100_000
MAX_CELL = 2000


class BadWordList(ValueError):
    """The file as a whole cannot be read (not a table, a wrong column...)."""


@dataclass
class EntryData:
    language: Language
    headword: str
    homograph: int = 1
    part_of_speech: str = ""
    pronunciation: str = ""
    dialect: str = ""
    note: str = ""
    source_kind: str = ""
    source: str = ""
    source_url: str = ""
    contributor: str = ""
    access_level: str = AccessLevel.PUBLIC
    senses: list = field(default_factory=list)  # [(gloss_vi, gloss_en, definition)]
    examples: list = field(default_factory=list)  # [(text, translation_vi, translation_en, source)]
    variants: list = field(default_factory=list)  # [(form, dialect)]
    recordings: list = field(default_factory=list)  # [(path, speaker, speaker_place, consent)]
    relations: list = field(default_factory=list)  # [(relation, target headword or guid)]
    guid: str = ""

    @property
    def identity(self):
        return (self.language.pk, self.headword, self.homograph)


@dataclass
class RowReport:
    line: int  # the row's number in the file (the header is row 1), or the entry's position
    headword: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    action: str = ""  # "create", "update", "unchanged" once planned
    data: EntryData | None = None

    @property
    def rejected(self):
        return bool(self.errors)


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    dry_run: bool = True
    saved: bool = False

    @property
    def rejected(self):
        return [row for row in self.rows if row.rejected]

    @property
    def accepted(self):
        return [row for row in self.rows if not row.rejected]

    def count(self, action):
        return sum(1 for row in self.accepted if row.action == action)

    def summary(self):
        return _("%(total)s rows: %(create)s new, %(update)s updated, %(same)s unchanged, %(rejected)s rejected.") % {
            "total": len(self.rows),
            "create": self.count("create"),
            "update": self.count("update"),
            "same": self.count("unchanged"),
            "rejected": len(self.rejected),
        }


# Reading ---------------------------------------------------------------------------------
def read_table(upload, name):
    """[(line, {column: text})] of a CSV or Excel file (`name` tells which)."""
    extension = os.path.splitext(name)[1].lower()
    if extension in (".xlsx", ".xlsm"):
        rows = _excel_rows(upload)
    elif extension in (".csv", ".txt", ".tsv"):
        rows = _csv_rows(upload)
    else:
        raise BadWordList(_("Give a CSV (.csv) or Excel (.xlsx) file; “%(name)s” is neither.") % {"name": name})
    try:
        header = next(rows)
    except StopIteration:
        raise BadWordList(_("The file is empty.")) from None
    columns = [nfc(str(cell or "")).strip().lower() for cell in header]
    check_columns(columns)
    table = []
    for line, cells in enumerate(rows, start=2):
        values = {column: _cell(cells[index] if index < len(cells) else "") for index, column in enumerate(columns)}
        if any(values.values()):
            table.append((line, values))
        if len(table) > MAX_ROWS:
            raise BadWordList(_("A word list may have at most %(count)s rows.") % {"count": MAX_ROWS})
    return table


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:MAX_CELL]


def _csv_rows(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadWordList(
            _("The file is not UTF-8 text. In Excel choose “CSV UTF-8”, or import the .xlsx file itself.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return iter(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))


def _excel_rows(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise BadWordList(
            _("This is not an Excel workbook that can be read (%(reason)s).") % {"reason": error}
        ) from None
    sheet = workbook.worksheets[0]
    return (list(row) for row in sheet.iter_rows(values_only=True))


def check_columns(columns):
    unknown = [column for column in columns if column and column not in COLUMNS]
    if unknown:
        import difflib

        hints = []
        for column in unknown:
            close = difflib.get_close_matches(column, COLUMNS, n=1)
            hint = (
                _("“%(column)s” (did you mean “%(close)s”?)") % {"column": column, "close": close[0]}
                if close
                else f"“{column}”"
            )
            hints.append(hint)
        raise BadWordList(
            _("Unknown column %(columns)s. The columns are: %(allowed)s.")
            % {"columns": ", ".join(hints), "allowed": ", ".join(COLUMNS)}
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise BadWordList(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    repeated = sorted({column for column in columns if column and columns.count(column) > 1})
    if repeated:
        raise BadWordList(_("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(repeated)})


# Checking one row ------------------------------------------------------------------------
def _split(value):
    return [part.strip() for part in value.split(SEPARATOR)] if value else []


def _choice(value, choices, what, report):
    """The code for `value`, given as a code or as its label in either language."""
    if not value:
        return ""
    wanted = fold(value)
    for code, label in choices:
        if wanted in (fold(code), fold(str(label))):
            return code
    report.errors.append(
        _("%(what)s “%(value)s” is not one of: %(allowed)s.")
        % {"what": what, "value": value, "allowed": ", ".join(code for code, _label in choices)}
    )
    return ""


def row_to_data(line, values, languages, audio_dir=None):
    """The `RowReport` of one row of a word list: its `EntryData`, or why it is refused."""
    report = RowReport(line=line, headword=values.get("headword", ""))
    raw = {column: value for column, value in values.items() if column}
    normalised = {column: unicodedata.normalize("NFC", value) for column, value in raw.items()}
    changed = [column for column in raw if raw[column] != normalised[column]]
    if changed:
        report.warnings.append(
            _("Text in %(columns)s was stored decomposed (NFD) or mixed; it is saved in the composed form (NFC).")
            % {"columns": ", ".join(changed)}
        )
    values = normalised
    language = languages.get(values.get("language", "").lower())
    if language is None:
        report.errors.append(
            _("Language “%(code)s” has no dictionary here (use one of: %(codes)s).")
            % {"code": values.get("language", ""), "codes": ", ".join(sorted(languages))}
        )
    headword = values.get("headword", "")
    report.headword = headword
    if not headword or not fold(headword):
        report.errors.append(_("The headword is empty."))
    elif len(headword) > Entry._meta.get_field("headword").max_length:
        report.errors.append(_("The headword is longer than 120 characters."))
    homograph = 1
    if values.get("homograph"):
        try:
            homograph = int(values["homograph"])
            if not 1 <= homograph <= 99:
                raise ValueError
        except ValueError:
            report.errors.append(
                _("Homograph “%(value)s” is not a number from 1 to 99.") % {"value": values["homograph"]}
            )
    glosses_vi, glosses_en, definitions = (
        _split(values.get("gloss_vi")),
        _split(values.get("gloss_en")),
        _split(values.get("definition")),
    )
    if not any(glosses_vi):
        report.errors.append(_("The Vietnamese gloss (gloss_vi) is empty."))
    elif len(glosses_en) > len(glosses_vi) or len(definitions) > len(glosses_vi) or not all(glosses_vi):
        report.errors.append(_("gloss_en and definition need one value per gloss_vi, separated by “|”."))
    examples = _split(values.get("example"))
    examples_vi, examples_en = _split(values.get("example_vi")), _split(values.get("example_en"))
    if examples and (len(examples_vi) != len(examples) or len(examples_en) > len(examples)):
        report.errors.append(_("Every example needs its Vietnamese translation (example_vi), in the same order."))
    if not values.get("source"):
        report.errors.append(_("The source is empty: say which dictionary, word list or recording the word is from."))
    source_kind = _choice(values.get("source_kind", ""), SourceKind.choices, _("Kind of source"), report)
    if not source_kind and not any("source_kind" in error for error in report.errors):
        report.errors.append(_("The kind of source (source_kind) is empty."))
    part_of_speech = _choice(values.get("part_of_speech", ""), PartOfSpeech.choices, _("Part of speech"), report)
    access_level = _choice(values.get("access_level", ""), AccessLevel.choices, _("Access level"), report)
    source_url = values.get("source_url", "")
    if source_url:
        from django.core.validators import URLValidator

        try:
            URLValidator()(source_url)
        except ValidationError:
            report.errors.append(_("source_url “%(value)s” is not a web address.") % {"value": source_url})
    recordings = []
    if values.get("audio"):
        recordings = _recording(values, audio_dir, report)
    if report.rejected:
        return report
    report.data = EntryData(
        language=language,
        headword=headword,
        homograph=homograph,
        part_of_speech=part_of_speech,
        pronunciation=values.get("pronunciation", ""),
        dialect=values.get("dialect", ""),
        note=values.get("note", ""),
        source_kind=source_kind,
        source=values.get("source", ""),
        source_url=source_url,
        contributor=values.get("contributor", ""),
        access_level=access_level or AccessLevel.PUBLIC,
        senses=[
            (
                gloss,
                glosses_en[index] if index < len(glosses_en) else "",
                definitions[index] if index < len(definitions) else "",
            )
            for index, gloss in enumerate(glosses_vi)
        ],
        examples=[
            (text, examples_vi[index], examples_en[index] if index < len(examples_en) else "", "")
            for index, text in enumerate(examples)
        ],
        variants=[(form, "") for form in _split(values.get("variants")) if form],
        recordings=recordings,
        relations=[(Relation.SEE_ALSO, target) for target in _split(values.get("related")) if target],
    )
    return report


def _recording(values, audio_dir, report):
    if audio_dir is None:
        report.errors.append(_("An audio file is named but no folder of recordings was given (--audio-dir)."))
        return []
    path = os.path.realpath(os.path.join(audio_dir, values["audio"]))
    if not path.startswith(os.path.realpath(audio_dir) + os.sep) or not os.path.isfile(path):
        report.errors.append(_("Audio file “%(name)s” is not in the folder of recordings.") % {"name": values["audio"]})
        return []
    from .models import validate_recording

    with open(path, "rb") as handle:
        try:
            validate_recording(File(handle, name=os.path.basename(path)))
        except ValidationError as error:
            report.errors.append(
                _("Audio file “%(name)s”: %(reason)s") % {"name": values["audio"], "reason": " ".join(error.messages)}
            )
            return []
    if not values.get("speaker"):
        report.errors.append(_("A recording needs the speaker's name (speaker) for the credit."))
    consent = _choice(values.get("consent", ""), Consent.choices, _("Consent"), report)
    if not consent:
        if not values.get("consent"):
            report.errors.append(_("A recording needs the speaker's consent (consent: given or community)."))
        return []
    return [(path, values.get("speaker", ""), values.get("speaker_place", ""), consent)]


def plan_rows(table, audio_dir=None):
    languages = {language.code: language for language in Language.objects.all()}
    reports, seen = [], {}
    for line, values in table:
        report = row_to_data(line, values, languages, audio_dir)
        if report.data is not None:
            identity = report.data.identity
            if identity in seen:
                report.errors.append(
                    _("Row %(line)s already gives this headword and homograph number; give this one homograph 2.")
                    % {"line": seen[identity]}
                )
                report.data = None
            else:
                seen[identity] = line
        reports.append(report)
    return reports


# Saving ------------------------------------------------------------------------------------
def _existing(data):
    if data.guid:
        found = Entry.objects.filter(guid=data.guid).first()
        if found is not None:
            return found
    return Entry.objects.filter(language=data.language, headword=data.headword, homograph=data.homograph).first()


def _fill(entry, data):
    for name in (
        "language",
        "headword",
        "homograph",
        "part_of_speech",
        "pronunciation",
        "dialect",
        "note",
        "source_kind",
        "source",
        "source_url",
        "contributor",
        "access_level",
    ):
        setattr(entry, name, getattr(data, name))
    entry.senses = [
        Sense(gloss_vi=vi, gloss_en=en, definition=definition, sort_order=order)
        for order, (vi, en, definition) in enumerate(data.senses)
    ]
    entry.examples = [
        Example(text=text, translation_vi=vi, translation_en=en, source=source, sort_order=order)
        for order, (text, vi, en, source) in enumerate(data.examples)
    ]
    entry.variants = [
        Variant(form=form, dialect=dialect, sort_order=order) for order, (form, dialect) in enumerate(data.variants)
    ]


def _fingerprint(entry):
    fields = [
        str(getattr(entry, name))
        for name in (
            "language_id",
            "headword",
            "homograph",
            "part_of_speech",
            "pronunciation",
            "dialect",
            "note",
            "source_kind",
            "source",
            "source_url",
            "contributor",
            "access_level",
        )
    ]
    fields += [f"{s.gloss_vi}\x1f{s.gloss_en}\x1f{s.definition}" for s in entry.senses.all()]
    fields += [f"{e.text}\x1f{e.translation_vi}\x1f{e.translation_en}\x1f{e.source}" for e in entry.examples.all()]
    fields += [f"{v.form}\x1f{v.dialect}" for v in entry.variants.all()]
    return "\x1e".join(fields)


def save_entry(data, user=None, publish=False, dry_run=False):
    """Create or update the entry of `data`: ('create' | 'update' | 'unchanged', entry)."""
    entry = _existing(data)
    created = entry is None
    if created:
        entry = Entry(language=data.language, headword=data.headword)
        if data.guid:
            entry.guid = data.guid
    before = None if created else _fingerprint(entry)
    _fill(entry, data)
    recordings_added = _add_recordings(entry, data, keep_files=not dry_run)
    changed = created or recordings_added or before != _fingerprint(entry)
    if not changed and (entry.live or not publish) and not entry.has_unpublished_changes:
        return "unchanged", entry
    if created:
        entry.live = False
    store(entry, user, publish)
    return ("create" if created else "update"), entry


def store(entry, user, publish):
    """Save `entry` as the admin would: a revision, published when asked; a live entry's
    row changes only on publishing (a draft waits for review beside it)."""
    if not entry.live:
        entry.save()
    revision = entry.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)


def _add_recordings(entry, data, keep_files=True):
    have = {recording.original_name for recording in entry.recordings.all()}
    added = False
    recordings = list(entry.recordings.all())
    for path, speaker, speaker_place, consent in data.recordings:
        name = os.path.basename(path)
        if name in have:
            continue
        recording = Recording(speaker=speaker, speaker_place=speaker_place, consent=consent, original_name=name)
        if keep_files:  # a dry run checks the file but stores nothing
            with open(path, "rb") as handle:
                recording.audio.save(name, File(handle), save=False)
        else:
            recording.audio.name = f"dictionary/recordings/{name}"
        recordings.append(recording)
        added = True
    if added:
        entry.recordings = recordings
    return added


def save_relations(pairs, publish, user=None):
    """Related words, once every entry of the import exists: [(entry, data)]."""
    by_guid = {str(entry.guid): entry for entry, _data in pairs}
    for entry, data in pairs:
        if not data.relations:
            continue
        targets = []
        for relation, target in data.relations:
            found = (
                by_guid.get(target)
                or Entry.objects.filter(language=entry.language, headword=nfc(target)).order_by("homograph").first()
            )
            if found is not None and found.pk != entry.pk:
                targets.append((relation, found))
        wanted = [(relation, target.pk) for relation, target in targets]
        present = [(item.relation, item.target_id) for item in entry.relations.all()]
        if wanted == present:
            continue
        entry.relations = [
            RelatedWord(relation=relation, target=target, sort_order=order)
            for order, (relation, target) in enumerate(targets)
        ]
        store(entry, user, publish)


def run_import(reports, user=None, publish=False, dry_run=True, strict=False, source_name=""):
    """Save the accepted rows (or, with `dry_run`, only say what would happen) in one
    transaction, with its entry in the audit log. `strict`: save nothing when any row
    is rejected."""
    report = ImportReport(rows=reports, dry_run=dry_run)
    if strict and report.rejected:
        return report
    with transaction.atomic():
        pairs = []
        for row in report.accepted:
            row.action, entry = save_entry(row.data, user=user, publish=publish, dry_run=dry_run)
            pairs.append((entry, row.data))
        save_relations(pairs, publish, user)
        if dry_run:
            transaction.set_rollback(True)
        else:
            _audit(report, user, publish, source_name)
    report.saved = not dry_run
    return report


def _audit(report, user, publish, source_name):
    from audit.models import AuditAction
    from audit.recording import record_event

    record_event(
        AuditAction.IMPORTED,
        user=user,
        object_type="heritage_dictionary.import",
        object_title=source_name,
        detail={
            "kind": "dictionary word list",
            "created": report.count("create"),
            "updated": report.count("update"),
            "unchanged": report.count("unchanged"),
            "rejected": len(report.rejected),
            "published": publish,
        },
    )


def import_word_list(upload, name, user=None, publish=False, dry_run=True, strict=False, audio_dir=None):
    """Read, check and (unless `dry_run`) save a CSV or Excel word list. Raises
    `BadWordList` when the file as a whole cannot be used."""
    return run_import(plan_rows(read_table(upload, name), audio_dir), user, publish, dry_run, strict, name)
