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

Each row is checked as the admin upload form checks it (format by content, truncated
files, pixel limits, WebVTT) and either imported whole or rejected with its reason;
nothing is half-saved. The same file (by content hash) is stored once: re-running the
import finds it and changes nothing.

Images become the record's main image when it has none, else an image block at the end
of its body; recordings become audio or video blocks. The record gets a new draft
revision for its curators to review, or with `publish=True` is published at once when
it is live and every image it shows has complete rights.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from heritage.text import nfc

AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "flac", "wav", "aac", "aiff"}
VIDEO_EXTENSIONS = {"mp4", "m4v", "webm", "mov", "ogv", "mkv"}
REQUIRED_COLUMNS = {"file", "record"}


@dataclass
class ImportReport:
    created: int = 0
    attached: int = 0
    duplicates: int = 0  # files already stored (same content), reused
    unchanged: int = 0  # rows already imported before
    rejected: list = field(default_factory=list)  # (row number, file, reason)

    def reject(self, row_number, name, reason):
        self.rejected.append((row_number, name, str(reason)))


class BadMetadataFile(ValueError):
    """The CSV itself cannot be used; nothing was imported."""


def read_rows(csv_path):
    try:
        text = Path(csv_path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise BadMetadataFile(
            _("Cannot read %(path)s: %(reason)s") % {"path": csv_path, "reason": error.strerror}
        ) from error
    except UnicodeDecodeError as error:
        raise BadMetadataFile(_("%(path)s is not UTF-8 text; save it as CSV UTF-8.") % {"path": csv_path}) from error
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - columns
    if missing:
        raise BadMetadataFile(
            _("%(path)s has no column %(columns)s (it needs file and record).")
            % {"path": csv_path, "columns": ", ".join(sorted(missing))}
        )
    rows = []
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        cleaned = {(key or "").strip().lower(): nfc((value or "").strip()) for key, value in row.items() if key}
        rows.append((number, cleaned))
    return rows


def import_media(folder, csv_path, publish=False, progress=None):
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise BadMetadataFile(_("%(path)s is not a folder.") % {"path": folder})
    rows = read_rows(csv_path)
    report = ImportReport()
    for number, row in rows:
        try:
            with transaction.atomic():
                _import_row(folder, row, publish, report)
        except (ValidationError, ValueError, LookupError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            report.reject(number, row.get("file", ""), message)
        if progress:
            progress(1)
    return report


def _inside(folder, relative):
    if not relative:
        raise ValueError(_("no file named in the row"))
    path = (folder / relative).resolve()
    if folder not in path.parents or not path.is_file():
        raise LookupError(_("no file %(name)s in the folder") % {"name": relative})
    return path


def _record(reference):
    from heritage.models import RecordPage

    if not reference:
        raise LookupError(_("no record named in the row"))
    records = RecordPage.objects.all()
    record = records.filter(pk=int(reference)).first() if reference.isdigit() else None
    record = record or records.filter(slug=reference).first()
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


def _import_row(folder, row, publish, report):
    path = _inside(folder, row.get("file", ""))
    record = _record(row.get("record", ""))
    licence = _licence(row.get("licence", ""))
    extension = path.suffix.lower().lstrip(".")
    if extension in AUDIO_EXTENSIONS or extension in VIDEO_EXTENSIONS:
        item, created, block = _recording(
            folder, path, row, licence, "audio" if extension in AUDIO_EXTENSIONS else "video"
        )
    else:
        item, created, block = _image(path, row, licence)
    report.created += created
    report.duplicates += not created
    if _attach(record, item, block, publish):
        report.attached += 1
    else:
        report.unchanged += 1


def _content_hash(data):
    from wagtail.utils.file import hash_filelike

    return hash_filelike(io.BytesIO(data))  # the same SHA-1 Wagtail stores as an image's file_hash


def _image(path, row, licence):
    from .forms import HeritageImageField
    from .metadata import read_photo_metadata
    from .models import HeritageImage

    data = path.read_bytes()
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
        title=row.get("title") or path.stem,
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
    image.save()
    return image, True, "image"


def _recording(folder, path, row, licence, media_type):
    from django.core.files import File

    from .forms import read_recording
    from .models import HeritageMedia
    from .webvtt import WebVTTError, parse_webvtt

    data = path.read_bytes()
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
        title=row.get("title") or path.stem,
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
        try:
            parse_webvtt(captions_path.read_bytes())
        except WebVTTError as error:
            raise ValidationError(
                _("captions %(name)s: %(problem)s") % {"name": row["captions"], "problem": error}
            ) from error
        recording.captions = File(io.BytesIO(captions_path.read_bytes()), name=captions_path.name)
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
