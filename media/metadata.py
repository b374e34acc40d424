"""What a photograph says about itself: EXIF, IPTC and XMP read on upload.

`read_photo_metadata` never raises on odd metadata (phones and scanners write all sorts);
a field it cannot read is simply absent. Values are NFC-normalised text, a naive
datetime for the capture time, and decimal degrees for GPS.
"""

import datetime
from dataclasses import asdict, dataclass, field

from heritage.text import nfc

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
IMAGE_DESCRIPTION, ARTIST, COPYRIGHT, DATETIME = 0x010E, 0x013B, 0x8298, 0x0132
DATETIME_ORIGINAL = 0x9003
IPTC_CREATOR, IPTC_COPYRIGHT, IPTC_CAPTION, IPTC_DATE = (2, 80), (2, 116), (2, 120), (2, 55)


@dataclass
class PhotoMetadata:
    captured_at: datetime.datetime | None = None
    creator: str = ""
    copyright: str = ""
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    sources: list = field(default_factory=list)  # which standards had something: exif, iptc, xmp

    def as_json(self):
        values = asdict(self)
        values["captured_at"] = self.captured_at.isoformat() if self.captured_at else None
        return values

    @property
    def suggested_credit(self):
        """'Ảnh: <creator> / © <holder>' from whatever the file names."""
        parts = []
        if self.creator:
            parts.append(f"Ảnh: {self.creator}")
        if self.copyright and self.copyright.strip("©() ").lower() != self.creator.lower():
            holder = self.copyright if self.copyright.startswith("©") else f"© {self.copyright}"
            parts.append(holder)
        return " / ".join(parts)


def read_photo_metadata(source):
    """Metadata from an image file object (its position is restored)."""
    from PIL import Image

    position = source.tell() if hasattr(source, "tell") else None
    found = PhotoMetadata()
    try:
        with Image.open(source) as image:
            _read_exif(image, found)
            _read_iptc(image, found)
            _read_xmp(image, found)
    except Exception:  # noqa: BLE001 - a file we cannot read has no metadata; validation reports it
        return PhotoMetadata()
    finally:
        if position is not None:
            source.seek(position)
    return found


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        value = ", ".join(_text(part) for part in value)
    return nfc(_utf8_read_as_latin1(str(value)).strip("\x00 ").strip())


def _utf8_read_as_latin1(value):
    """EXIF text is ASCII by the standard, but phones write UTF-8 and Pillow reads it as
    Latin-1 ("Äinh" for "Đinh"); undo that when the bytes are valid UTF-8."""
    if not any(0x80 <= ord(char) <= 0xFF for char in value):
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _exif_datetime(value):
    try:
        return datetime.datetime.strptime(_text(value)[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _degrees(value, reference):
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if _text(reference).upper() in ("S", "W"):
        decimal = -decimal
    return round(decimal, 6)


def _read_exif(image, found):
    exif = image.getexif()
    if not exif:
        return
    found.sources.append("exif")
    found.creator = _text(exif.get(ARTIST, ""))
    found.copyright = _text(exif.get(COPYRIGHT, ""))
    found.description = _text(exif.get(IMAGE_DESCRIPTION, ""))
    details = exif.get_ifd(EXIF_IFD)
    found.captured_at = _exif_datetime(details.get(DATETIME_ORIGINAL)) or _exif_datetime(exif.get(DATETIME))
    gps = exif.get_ifd(GPS_IFD)
    if gps.get(2) and gps.get(4):
        latitude, longitude = _degrees(gps[2], gps.get(1, "N")), _degrees(gps[4], gps.get(3, "E"))
        if latitude is not None and longitude is not None and -90 <= latitude <= 90 and -180 <= longitude <= 180:
            found.latitude, found.longitude = latitude, longitude


def _read_iptc(image, found):
    from PIL import IptcImagePlugin

    info = IptcImagePlugin.getiptcinfo(image)
    if not info:
        return
    found.sources.append("iptc")
    found.creator = found.creator or _text(info.get(IPTC_CREATOR, ""))
    found.copyright = found.copyright or _text(info.get(IPTC_COPYRIGHT, ""))
    found.description = found.description or _text(info.get(IPTC_CAPTION, ""))
    if not found.captured_at and info.get(IPTC_DATE):
        try:
            found.captured_at = datetime.datetime.strptime(_text(info[IPTC_DATE]), "%Y%m%d")
        except ValueError:
            pass


def _read_xmp(image, found):
    """Dublin Core fields from XMP (parsed by Pillow with defusedxml)."""
    try:
        xmp = image.getxmp()
    except Exception:  # noqa: BLE001 - malformed XMP is ignored, not fatal
        return
    description = xmp.get("xmpmeta", {}).get("RDF", {}).get("Description", {})
    if isinstance(description, list):
        merged = {}
        for part in description:
            merged.update(part)
        description = merged
    if not description:
        return
    found.sources.append("xmp")
    found.creator = found.creator or _xmp_value(description.get("creator"))
    found.copyright = found.copyright or _xmp_value(description.get("rights"))
    found.description = found.description or _xmp_value(description.get("description"))
    if not found.captured_at and description.get("DateCreated"):
        try:
            found.captured_at = datetime.datetime.fromisoformat(_text(description["DateCreated"])).replace(tzinfo=None)
        except ValueError:
            pass


def _xmp_value(value):
    """XMP wraps values in rdf:Seq/Alt/Bag containers of rdf:li items."""
    while isinstance(value, dict):
        inner = value.get("Seq") or value.get("Alt") or value.get("Bag") or value.get("li") or value.get("text")
        if inner is None:
            return ""
        value = inner
    if isinstance(value, list):
        return ", ".join(filter(None, (_xmp_value(item) for item in value)))
    return _text(value)
