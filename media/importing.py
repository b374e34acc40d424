"""Bulk import of photographs and recordings from a folder and a CSV of their metadata.

One CSV row per file. Columns (header names; UTF-8, comma-separated):

    file           path of the file inside the folder (required)
    record         id or slug of the record it belongs to (required)
    title          title of the image or recording (default: the file name)
    description    alt text (required for images)
    credit         credit line (for images, taken from EXIF/IPTC/XMP when empty)
    creator, source, licence (a licence code such as cc-by-4.0)
    shows_people   yes / no;  consent   given / community
    transcript     for audio and video;  captions   a .vtt file inside the folder

The CSV is read whole before anything is written: a file that cannot be read (not UTF-8,
a spreadsheet, no `file` and `record` columns) is refused. Each row is then checked as
the admin upload form checks it (format by content, truncated files, pixel limits,
WebVTT) and either imported whole, in its own transaction, or rejected with its row
number and reason; so is a row stopped by an error that is not its fault (a full disk,
a database constraint), and the run goes on to the next. Nothing is half-saved: the
files a rolled-back row wrote to storage are deleted again. The same file (by content
hash) is stored once: re-running the import finds it and changes nothing, so after
fixing the rejected rows the same CSV imports only those.

Images become the record's main image when it has none, else an image block at the end
of its body; recordings become audio or video blocks. The record gets a new draft
revision for its curators to review, or with `publish=True` is published at once when
it is live and every image it shows has complete rights.
"""

import codecs
import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from heritage.text import nfc

logger = logging.getLogger(__name__)

AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "flac", "wav", "aac", "aiff"}
VIDEO_EXTENSIONS = {"mp4", "m4v", "webm", "mov", "ogv", "mkv"}
REQUIRED_COLUMNS = {"file", "record"}
DELIMITERS = (",", ";", "\t")  # spreadsheets set to some locales save CSV with ';' or tabs
MAX_ID_DIGITS = 18  # as the `id` URL converter: every 18-digit number fits a 64-bit key
ROW_PROBLEMS = (ValidationError, ValueError, LookupError)  # bad input in the row itself


@dataclass
class ImportReport:
    created: int = 0
    attached: int = 0
    duplicates: int = 0  # files already stored (same content), reused
    unchanged: int = 0  # rows already imported before
    rejected: list = field(default_factory=list)  # (row number, file, reason)
    unexpected: int = 0  # of the rejected rows, those stopped by an error that is not the row's fault
    interrupted_at: int | None = None  # the row being imported when the run was stopped (Ctrl-C)

    def reject(self, row_number, name, reason):
        self.rejected.append((row_number, name, str(reason)))


@dataclass
class MetadataRow:
    number: int  # as a spreadsheet numbers it: the header is row 1, blank rows count
    values: dict
    problem: str = ""  # why the row cannot be read; it is reported and skipped


class BadMetadataFile(ValueError):
    """The CSV itself cannot be used; nothing was imported."""


def _printable(text):
    """Undecodable bytes (kept as surrogates) shown as U+FFFD, so a report can print them."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _undecodable(text):
    return any("\udc80" <= character <= "\udcff" for character in text)


def _header(text, csv_path):
    """The delimiter and the normalised column names, or BadMetadataFile."""
    first_line = text.split("\n", 1)[0]
    if _undecodable(first_line):
        raise BadMetadataFile(_("%(path)s is not UTF-8 text; save it as CSV UTF-8.") % {"path": csv_path})
    columns = []
    for delimiter in DELIMITERS:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        columns = [name.strip().lower() for name in header]
        if REQUIRED_COLUMNS <= set(columns):
            break
    else:
        columns = [name.strip().lower() for name in next(csv.reader(io.StringIO(text, newline="")), [])]
        missing = REQUIRED_COLUMNS - set(columns)
        raise BadMetadataFile(
            _("%(path)s has no column %(columns)s (it needs file and record).")
            % {"path": csv_path, "columns": ", ".join(sorted(missing))}
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise BadMetadataFile(
            _("%(path)s has the column %(columns)s more than once.")
            % {"path": csv_path, "columns": ", ".join(repeated)}
        )
    return delimiter, columns


def read_rows(csv_path):
    """Every row of the metadata CSV, read and checked before anything is imported.

    A file that cannot be read as a whole (not UTF-8 text, a spreadsheet, no header with
    the needed columns, broken CSV quoting) raises BadMetadataFile. A row that cannot be
    read (a wrong number of columns, bytes that are not UTF-8) comes back with its
    `problem`, so that it is reported and the other rows are still imported.
    """
    try:
        data = Path(csv_path).read_bytes()
    except OSError as error:
        raise BadMetadataFile(
            _("Cannot read %(path)s: %(reason)s") % {"path": csv_path, "reason": error.strerror}
        ) from error
    if data.startswith(b"PK\x03\x04"):
        raise BadMetadataFile(
            _("%(path)s is a spreadsheet or a ZIP archive, not a CSV file; save it as CSV UTF-8.") % {"path": csv_path}
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise BadMetadataFile(_("%(path)s is not UTF-8 text; save it as CSV UTF-8.") % {"path": csv_path})
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    if not text.strip():
        raise BadMetadataFile(_("%(path)s is empty.") % {"path": csv_path})
    delimiter, columns = _header(text.lstrip("\r\n"), csv_path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, header_seen, number = [], False, 0
    while True:
        first_line = reader.line_num + 1  # where the row begins: an unclosed quote fails lines later
        try:
            cells = next(reader, None)
        except csv.Error as error:
            raise BadMetadataFile(
                _("%(path)s cannot be read as CSV at line %(line)d (%(reason)s); nothing was imported.")
                % {"path": csv_path, "line": first_line, "reason": error}
            ) from error
        if cells is None:
            break
        number += 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank row
        if not header_seen:
            header_seen = True
            continue
        rows.append(_row(number, cells, columns))
    unreadable = sum(1 for row in rows if row.values.get("_undecodable"))
    if unreadable and unreadable * 2 > len(rows):
        raise BadMetadataFile(
            _("%(path)s is not UTF-8 text (%(count)d of %(total)d rows); save it as CSV UTF-8.")
            % {"path": csv_path, "count": unreadable, "total": len(rows)}
        )
    for row in rows:
        row.values.pop("_undecodable", None)
    return rows


def _row(number, cells, columns):
    values = {name: nfc(_printable(cell).strip()) for name, cell in zip(columns, cells, strict=False) if name}
    for index, cell in enumerate(cells):
        if _undecodable(cell):
            values["_undecodable"] = True
            column = columns[index] if index < len(columns) and columns[index] else str(index + 1)
            problem = _("the column %(column)s holds bytes that are not UTF-8 text; save the file as CSV UTF-8") % {
                "column": column
            }
            return MetadataRow(number, values, problem)
    if len(cells) != len(columns):
        problem = _("%(found)d columns where the header has %(expected)d (a value with a comma needs quotes)") % {
            "found": len(cells),
            "expected": len(columns),
        }
        return MetadataRow(number, values, problem)
    return MetadataRow(number, values)


def import_media(folder, csv_path, publish=False, progress=None, rows=None):
    """Import every usable row; `rows` are those read_rows already gave (to size a progress bar)."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise BadMetadataFile(_("%(path)s is not a folder.") % {"path": folder})
    rows = read_rows(csv_path) if rows is None else rows
    report = ImportReport()
    for row in rows:
        try:
            if row.problem:
                report.reject(row.number, row.values.get("file", ""), row.problem)
            else:
                _import_one(folder, row, publish, report)
        except KeyboardInterrupt:
            report.interrupted_at = row.number  # this row was rolled back; the report says where to resume
            break
        if progress:
            progress(1)
    return report


def _import_one(folder, row, publish, report):
    """One row in its own transaction; a row that fails leaves neither rows nor files behind."""
    new_items = []  # images and recordings this row creates: their files go if the row is rolled back
    try:
        with transaction.atomic():
            created, attached = _import_row(folder, row.values, publish, new_items)
    except BaseException as error:
        left_behind = _remove_stored_files(new_items)
        if not isinstance(error, Exception):
            raise
        if isinstance(error, ROW_PROBLEMS):
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        else:
            logger.exception("import_media: row %d (%s) failed", row.number, row.values.get("file", ""))
            report.unexpected += 1
            reason = _("unexpected error, nothing of this row was kept (%(error)s)") % {
                "error": f"{type(error).__name__}: {error}"[:300]
            }
        if left_behind:
            reason += "; " + _("could not remove %(files)s from storage") % {"files": ", ".join(left_behind)}
        report.reject(row.number, row.values.get("file", ""), reason)
        return
    report.created += created
    report.duplicates += not created
    report.attached += attached
    report.unchanged += not attached


def _remove_stored_files(items):
    """Delete the files that new, now rolled-back, items wrote; the names that could not be deleted."""
    left_behind = []
    for item in items:
        for model_field in item._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            stored = getattr(item, model_field.attname)
            if not stored or not getattr(stored, "_committed", False):
                continue  # never written to storage
            try:
                stored.storage.delete(stored.name)
            except Exception:  # noqa: BLE001 - storage backends raise many kinds; report and go on
                logger.exception("import_media: could not remove %s after a rolled-back row", stored.name)
                left_behind.append(stored.name)
    return left_behind


def _inside(folder, relative):
    if not relative:
        raise ValueError(_("no file named in the row"))
    try:
        path = (folder / relative).resolve()
        found = folder in path.parents and path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL character
        found = False
    if not found:
        raise LookupError(_("no file %(name)s in the folder") % {"name": relative})
    return path


def _read(path, relative):
    try:
        return path.read_bytes()
    except OSError as error:
        raise LookupError(
            _("cannot read %(name)s: %(reason)s") % {"name": relative, "reason": error.strerror}
        ) from error


def _record(reference):
    from heritage.models import RecordPage

    if not reference:
        raise LookupError(_("no record named in the row"))
    records = RecordPage.objects.all()
    if reference.isdigit() and not (reference.isascii() and len(reference) <= MAX_ID_DIGITS):
        raise LookupError(
            _("no record %(reference)s (a record id is at most %(digits)d digits 0-9)")
            % {"reference": reference, "digits": MAX_ID_DIGITS}
        )
    record = records.filter(pk=int(reference)).first() if reference.isdigit() else None
    if record is None:
        matches = list(records.filter(slug=reference)[:2])
        if len(matches) > 1:
            raise LookupError(
                _("more than one record has the slug %(reference)s; give the record's id") % {"reference": reference}
            )
        record = matches[0] if matches else None
    if record is None:
        raise LookupError(_("no record %(reference)s") % {"reference": reference})
    return record.specific


def _licence(code):
    from heritage.models import Licence

    if not code:
        return None
    licence = Licence.objects.filter(code=code.lower()).first()
    if licence is None:
        codes = ", ".join(Licence.objects.order_by("code").values_list("code", flat=True))
        raise LookupError(_("unknown licence %(code)s (known: %(codes)s)") % {"code": code, "codes": codes})
    return licence


def _yes(value):
    return value.lower() in ("yes", "y", "true", "1", "có", "co", "x")


def _import_row(folder, row, publish, new_items):
    """(whether the file was newly stored, whether it was newly attached to the record)."""
    path = _inside(folder, row.get("file", ""))
    record = _record(row.get("record", ""))
    licence = _licence(row.get("licence", ""))
    extension = path.suffix.lower().lstrip(".")
    if extension in AUDIO_EXTENSIONS or extension in VIDEO_EXTENSIONS:
        item, created, block = _recording(
            folder, path, row, licence, "audio" if extension in AUDIO_EXTENSIONS else "video", new_items
        )
    else:
        item, created, block = _image(path, row, licence, new_items)
    return created, _attach(record, item, block, publish)


def _content_hash(data):
    from wagtail.utils.file import hash_filelike

    return hash_filelike(io.BytesIO(data))  # the same SHA-1 Wagtail stores as an image's file_hash


def _image(path, row, licence, new_items):
    from .forms import HeritageImageField
    from .metadata import read_photo_metadata
    from .models import HeritageImage

    data = _read(path, row["file"])
    existing = HeritageImage.objects.filter(file_hash=_content_hash(data)).first()
    if existing is not None:
        return existing, False, "image"
    checked = HeritageImageField().clean(SimpleUploadedFile(path.name, data))  # the upload form's checks
    description = row.get("description", "")
    if not description:
        raise ValidationError(_("the description (alt text) is empty"))
    metadata = read_photo_metadata(io.BytesIO(data))
    credit = row.get("credit") or metadata.suggested_credit
    if not credit:
        raise ValidationError(_("no credit in the row and none in the file's metadata"))
    image = HeritageImage(
        title=(row.get("title") or path.stem)[:255],
        description=description[:255],
        credit=credit[:255],
        creator=(row.get("creator") or metadata.creator)[:255],
        source=row.get("source", "")[:255],
        licence=licence,
        shows_people=_yes(row.get("shows_people", "")),
        consent=row.get("consent", ""),
        gps_latitude=metadata.latitude,
        gps_longitude=metadata.longitude,
        embedded_metadata=metadata.as_json(),
    )
    if image.consent and image.consent not in ("given", "community"):
        raise ValidationError(_("consent is 'given' or 'community', not '%(value)s'") % {"value": image.consent})
    image.file = ImageFile(io.BytesIO(data), name=checked.name)
    image.file_size, image.file_hash = len(data), _content_hash(data)
    new_items.append(image)  # before saving: the file is written before the row is inserted
    image.save()
    return image, True, "image"


def _recording(folder, path, row, licence, media_type, new_items):
    from django.core.files import File

    from .forms import read_recording
    from .models import HeritageMedia
    from .webvtt import WebVTTError, parse_webvtt

    data = _read(path, row["file"])
    digest = _content_hash(data)
    existing = HeritageMedia.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing, False, media_type
    upload = SimpleUploadedFile(path.name, data)
    duration, mime_type = read_recording(upload, media_type)
    credit = row.get("credit", "")
    if not credit:
        raise ValidationError(_("the credit is empty"))
    recording = HeritageMedia(
        title=(row.get("title") or path.stem)[:255],
        type=media_type,
        credit=credit[:255],
        creator=row.get("creator", "")[:255],
        source=row.get("source", "")[:255],
        licence=licence,
        transcript=row.get("transcript", ""),
        duration=duration or 0,
        mime_type=mime_type,
        file_size=len(data),
        file_hash=digest,
    )
    recording.file = File(io.BytesIO(data), name=path.name)
    if row.get("captions"):
        captions_path = _inside(folder, row["captions"])
        captions = _read(captions_path, row["captions"])
        try:
            parse_webvtt(captions)
        except WebVTTError as error:
            raise ValidationError(
                _("captions %(name)s: %(problem)s") % {"name": row["captions"], "problem": error}
            ) from error
        recording.captions = File(io.BytesIO(captions), name=captions_path.name)
    new_items.append(recording)  # before saving: a failure between its two files leaves the first written
    recording.save()
    return recording, True, media_type


def _already_shown(record, item, block_type):
    if block_type == "image" and record.main_image_id == item.pk:
        return True
    for block in record.body:
        if block.block_type == block_type and getattr(block.value.get(block_type), "pk", None) == item.pk:
            return True
    return False


def _attach(record, item, block_type, publish):
    """Add `item` to the record's latest revision; False when it is already there."""
    latest = record.get_latest_revision_as_object() if record.has_unpublished_changes else record
    if _already_shown(latest, item, block_type):
        return False
    if block_type == "image" and not latest.main_image_id:
        latest.main_image = item
    elif block_type == "image":
        latest.body.append(("image", {"image": item, "caption": ""}))
    else:
        latest.body.append((block_type, {block_type: item, "title": "", "transcript": ""}))
    revision = latest.save_revision(log_action=True)
    if publish and record.live:
        from media.manifests import images_shown

        for image in images_shown(latest.main_image, latest.body):
            if image.missing_rights():
                raise ValidationError(
                    _("not published: the image %(title)s needs %(missing)s")
                    % {"title": image.title, "missing": ", ".join(image.missing_rights())}
                )
        revision.publish()
    return True
