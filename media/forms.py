"""The image upload form: validated by content, metadata read, credit suggested.

Wagtail checks the extension, the byte size and the pixel count. We add what a heritage
archive needs: the format is judged from the file's bytes (a phone's .JPG that is really
HEIC is accepted and renamed; a PDF called .jpg is refused), the whole image is decoded
once so a truncated or corrupt file is refused before anything is stored, and EXIF /
IPTC / XMP are read so the credit and the record's location can be suggested.
"""

import mimetypes
import os
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtailmedia.forms import BaseMediaForm

from .metadata import read_photo_metadata
from .storage import check_room_for

# Formats accepted, as Willow names them, with the extension a stored file gets.
ACCEPTED_FORMATS = {"jpeg": "jpg", "png": "png", "webp": "webp", "tiff": "tif", "heic": "heic", "avif": "avif"}


class HeritageImageField(WagtailImageField):
    def check_image_file_size(self, f):
        # The limits are read when checking, not when the form class is built, so the
        # settings in force (and in tests, an override) are the ones applied.
        self.max_upload_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", self.max_upload_size)
        self.max_image_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", self.max_image_pixels)
        if self.max_upload_size is not None:
            self.max_upload_size_text = filesizeformat(self.max_upload_size)
        super().check_image_file_size(f)

    def check_image_file_format(self, f):
        image_format = f.image.format_name
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(
                _("This file is a %(format)s image; upload a JPEG, PNG, WebP, TIFF, HEIC or AVIF photograph.")
                % {"format": image_format.upper()},
                code="invalid_image_known_format",
            )
        stem, extension = os.path.splitext(f.name)
        wanted = ACCEPTED_FORMATS[image_format]
        if extension.lower().lstrip(".") not in (wanted, "jpeg" if wanted == "jpg" else wanted, "tiff"):
            f.name = f"{stem}.{wanted}"  # judged by content: the name follows the bytes

    def to_python(self, data):
        try:
            f = super().to_python(data)
        except (OSError, SyntaxError) as error:  # Wagtail reads the header and may stumble first
            raise damaged_file(error) from error
        if f is not None:
            check_whole_image_decodes(f)
            check_room_for(f)  # last: a damaged file is told so, whatever the disk
        return f


def damaged_file(error):
    return ValidationError(
        _("This image file is damaged or incomplete (%(reason)s). Export it again and re-upload it.")
        % {"reason": str(error)[:120]},
        code="corrupt_image",
    )


def check_whole_image_decodes(f):
    """Decode every pixel once: truncated and corrupt files fail here, not in a rendition."""
    from PIL import Image

    f.seek(0)
    try:
        with Image.open(f) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels to be processed safely (a decompression bomb?)."),
            code="decompression_bomb",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise damaged_file(error) from error
    finally:
        f.seek(0)


class HeritageImageForm(BaseImageForm):
    """Credit and creator may be left empty when the file names its photographer."""

    file = HeritageImageField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "credit" in self.fields:
            self.fields["credit"].required = False
            self.fields["credit"].help_text = _(
                "Photographer or source and rights holder. Left empty, it is taken from the file's "
                "metadata (creator, copyright) when it has them."
            )
        if "consent" in self.fields:
            self.fields["consent"].widget = forms.RadioSelect(choices=self.fields["consent"].choices)

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            metadata = read_photo_metadata(upload)
            self.instance.embedded_metadata = metadata.as_json()
            captured_at = metadata.captured_at
            if captured_at is not None and timezone.is_naive(captured_at):
                # Cameras keep local time without a zone; the archive's zone is the best guess.
                captured_at = timezone.make_aware(captured_at, zoneinfo.ZoneInfo(settings.TIME_ZONE))
            suggestions = {
                "captured_at": captured_at,
                "gps_latitude": metadata.latitude,
                "gps_longitude": metadata.longitude,
                "creator": metadata.creator[:255],
                "credit": metadata.suggested_credit[:255],
            }
            for name, value in suggestions.items():
                if value in (None, ""):
                    continue
                if name not in self.fields:
                    setattr(self.instance, name, value)
                elif cleaned_data.get(name) in (None, ""):
                    cleaned_data[name] = value
        if "credit" in self.fields and not cleaned_data.get("credit") and "credit" not in self.errors:
            self.add_error(
                "credit",
                _("Give a credit line: the file does not name its photographer or rights holder."),
            )
        if cleaned_data.get("consent") and not cleaned_data.get("shows_people"):
            cleaned_data["consent"] = ""  # consent only means something for images of people
        return cleaned_data


# Containers mutagen reads; a file with one of these extensions that it cannot read is damaged.
MUTAGEN_EXTENSIONS = {"mp3", "m4a", "m4b", "mp4", "m4v", "mov", "ogg", "ogv", "oga", "opus", "flac", "wav", "aiff"}


def read_recording(upload, media_type="audio"):
    """(duration in seconds or None, MIME type or "") of an audio or video file, by mutagen.

    Raises ValidationError when a format mutagen knows cannot be read (a damaged file, or
    a text file renamed .mp3)."""
    import mutagen

    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    upload.seek(0)
    try:
        recording = mutagen.File(upload)
    except mutagen.MutagenError as error:
        recording, failure = None, error
    else:
        failure = None
    finally:
        upload.seek(0)
    if recording is None or getattr(recording, "info", None) is None:
        if extension in MUTAGEN_EXTENSIONS:
            raise ValidationError(
                _("This file is not a readable %(format)s recording (%(reason)s).")
                % {"format": extension.upper(), "reason": str(failure or _("format not recognised"))[:120]},
                code="corrupt_media",
            )
        return None, ""  # WebM and others: accepted, duration typed by the curator
    length = getattr(recording.info, "length", None)
    mime_type = (getattr(recording, "mime", None) or [""])[0]
    if media_type == "video" and not mime_type.startswith("video/"):
        # mutagen names containers by their sound ("audio/mp4"); a player needs "video/mp4".
        mime_type = mimetypes.guess_type(upload.name)[0] or mime_type
    return (round(length, 2) if length else None), mime_type


def _head(upload, size=4096):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def looks_like_markup(head):
    """Whether a file starts like HTML, SVG, XML or another tagged text: such a file is
    never a recording, a picture or captions, whatever its name says."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n\x0b\x0c")
    return text.startswith(b"<")


def refuse_markup(upload, what):
    if looks_like_markup(_head(upload)):
        raise ValidationError(
            _("This file is a web page or markup document (HTML, SVG or XML), not %(what)s. Upload the file itself.")
            % {"what": what},
            code="markup_file",
        )


def _is_adts_aac(head):
    return head.startswith(b"ADIF") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0)


def _is_mpeg_stream(head):
    program_stream = head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"))
    transport_stream = len(head) > 188 and head[0] == 0x47 and head[188] == 0x47
    return program_stream or transport_stream


# Containers mutagen does not read, recognised by their first bytes instead.
SIGNATURES = {
    "aac": _is_adts_aac,
    "webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),  # EBML (Matroska)
    "mkv": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
    "avi": lambda head: head[:4] == b"RIFF" and head[8:12] == b"AVI ",
    "mpeg": _is_mpeg_stream,
    "mpg": _is_mpeg_stream,
    "h264": lambda head: head.startswith((b"\x00\x00\x00\x01", b"\x00\x00\x01")),
}


def allowed_recording_extensions(media_type):
    from wagtailmedia.settings import wagtailmedia_settings

    if media_type == "video":
        return [extension.lower() for extension in wagtailmedia_settings.VIDEO_EXTENSIONS]
    return [extension.lower() for extension in wagtailmedia_settings.AUDIO_EXTENSIONS]


def check_recording_file(upload, media_type):
    """Refuse what is not an allowed recording, by extension and by content."""
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    allowed = allowed_recording_extensions(media_type)
    if extension not in allowed:
        raise ValidationError(
            _("Files ending in “.%(extension)s” cannot be uploaded here. Allowed: %(allowed)s.")
            % {"extension": extension, "allowed": ", ".join(allowed)},
            code="invalid_extension",
        )
    what = _("a video recording") if media_type == "video" else _("an audio recording")
    refuse_markup(upload, what)
    signature = SIGNATURES.get(extension)
    if signature is not None and not signature(_head(upload)):
        raise ValidationError(
            _("This file is not a %(format)s recording: its content does not match its name.")
            % {"format": extension.upper()},
            code="corrupt_media",
        )


# Posters (thumbnails) of recordings: what wagtailmedia accepts, judged by Pillow.
POSTER_FORMATS = {"gif": "GIF", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def check_poster_file(upload):
    from PIL import Image, UnidentifiedImageError

    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    if extension not in POSTER_FORMATS:
        raise ValidationError(
            _("A poster image must be a JPEG, PNG, WebP or GIF file (not “.%(extension)s”).")
            % {"extension": extension},
            code="invalid_extension",
        )
    refuse_markup(upload, _("an image"))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise ValidationError(_("This poster is not a readable image."), code="invalid_image") from error
    finally:
        upload.seek(0)
    if image_format != POSTER_FORMATS[extension]:
        raise ValidationError(
            _("This poster's content (%(format)s) does not match its name (.%(extension)s).")
            % {"format": image_format, "extension": extension},
            code="invalid_image",
        )


class HeritageMediaForm(BaseMediaForm):
    """Duration, format and size read from the file; captions checked as WebVTT.

    Only allowed recordings, posters and captions are kept, by extension and by content:
    a web page renamed .mp3 or .vtt is refused with a message saying so."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_recording_file(upload, self.instance.type)
        return upload

    def clean_thumbnail(self):
        poster = self.cleaned_data.get("thumbnail")
        if poster and "thumbnail" in self.changed_data:
            check_poster_file(poster)
        return poster

    def _post_clean(self):
        # A refused file is left out of the instance, and the model's own extension check
        # would then add a confusing second error about an empty name.
        if self.has_error("file") or self.has_error("thumbnail"):
            return
        super()._post_clean()

    def clean_captions(self):
        from .webvtt import WebVTTError, parse_webvtt

        captions = self.cleaned_data.get("captions")
        if captions and "captions" in self.changed_data:
            if os.path.splitext(captions.name)[1].lower() != ".vtt":
                raise ValidationError(
                    _("Captions must be a WebVTT file ending in .vtt."),
                    code="invalid_extension",
                )
            refuse_markup(captions, _("WebVTT captions"))
            captions.seek(0)
            try:
                parse_webvtt(captions.read())
            except WebVTTError as error:
                raise ValidationError(
                    _("These captions are not valid WebVTT (%(problem)s).") % {"problem": error},
                    code="invalid_webvtt",
                ) from error
            finally:
                captions.seek(0)
        return captions

    def clean(self):
        cleaned_data = super().clean()
        new_files = [cleaned_data.get(name) for name in ("file", "thumbnail", "captions") if name in self.changed_data]
        if not self.errors and any(new_files):
            try:
                check_room_for(*new_files)
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned_data
        upload = cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            try:
                duration, mime_type = read_recording(upload, self.instance.type)
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned_data
            from wagtail.utils.file import hash_filelike

            self.instance.mime_type = mime_type
            self.instance.file_size = upload.size
            self.instance.file_hash = hash_filelike(upload)
            upload.seek(0)
            if duration and not cleaned_data.get("duration"):
                cleaned_data["duration"] = duration
        return cleaned_data
