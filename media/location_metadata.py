"""Where a photograph or a recording was made, as its file says: found, and taken out of a copy.

Phones, cameras, Lightroom and drones write the place into the file: a GPS directory in
the EXIF, GPS properties in the XMP, an ISO 6709 point in a video's metadata. A record
whose exact place is restricted (a burial ground, a sacred forest) shows other visitors
only a generalised point, so the files they are served must not say more;
`media.uploads` serves them a copy made here.

JPEG, PNG, WebP and TIFF are edited in place, without decoding a pixel: the GPS directory
is unlinked from the EXIF structure and its bytes are zeroed (nothing moves, so the
orientation, the copyright, the maker notes and the thumbnail stay valid), and GPS
properties are removed from the XMP packet, which is padded back to its length (XMP is
made to be padded; JPEG's secondary images, found by offset, stay where they were). The
ICC profile and IPTC are not touched. HEIC and AVIF have no such simple layout: they are
re-encoded by Pillow with the same EXIF less its GPS, the XMP and the ICC profile.

Recordings are read without loading them (a film is gigabytes) and copied before they
are edited:

- MP4, QuickTime, M4A and 3GP are edited in place, nothing moves (the sample tables
  point into the file by offset): a location atom becomes a `free` atom of the same size
  with its bytes zeroed. That is Android's `©xyz` (moov/udta, and trak/udta), Apple's
  `com.apple.quicktime.location.*` keys (moov/meta keys and ilst) and its `©xyz`,
  iTunes-style `©xyz` items (udta/meta/ilst), 3GPP's `loci`, and any metadata item or
  user-data text whose value is a coordinate pair; GPS is taken out of XMP (Adobe's
  `uuid` box, QuickTime's `XMP_`) as in pictures, and out of cover art (`covr`).
- Matroska and WebM: the value of a tag (SimpleTag) named after a location or whose
  value is a coordinate pair (ffmpeg carries a phone's `location` over as `LOCATION`) is
  zeroed, which Matroska reads as an empty string; CRC-32 elements are recomputed.
- MP3, WAV and AIFF (ID3), FLAC and Ogg (Vorbis comments): these have no standard GPS
  field, but converted files carry a phone's `location` over; such tags are removed by
  mutagen in the copy, and embedded pictures are cleaned as above.

Not checked, served as they are: location in a recording's media data rather than its
metadata (GoPro's GPMF track, DJI's subtitle track, Apple's timed metadata tracks, the
GPS some AVCHD camcorders write into the video stream), Matroska attachments, RIFF
chunks other than ID3 (XMP in WAV, AVI's), MPEG program streams and bare AAC or H.264.

A file whose metadata cannot be read or cleaned raises `UnreadableMetadata`: it is not
served to a visitor who may not see the place.

Place names (IPTC city and sub-location, XMP location names, Apple's
`location.name`, a Vorbis `LOCATION` that is a name) are kept: records show place names
to everyone, only the coordinates are restricted.
"""

import hashlib
import io
import logging
import os
import posixpath
import re
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Copies without location, under MEDIA_ROOT: `media.uploads._owner` knows no such folder,
# so none of them can be fetched by its address.
COPIES_FOLDER = "without_location"
# HEIC and AVIF copies are re-encoded at this quality.
REENCODE_QUALITY = 90
# Bump when what counts as location, or how it is taken out, changes: the answers
# remembered and the copies made before are then made again.
RULES_VERSION = 1

GPS_IFD, EXIF_IFD, SUB_IFDS, XMP_TAG = 0x8825, 0x8769, 0x014A, 700
# An XMP property (element or attribute) is location when its local name says so:
# exif:GPSLatitude, Iptc4xmpExt:GPSLongitude, drone-dji:GpsLatitude, DJI's "GpsLongtitude"…
LOCATION_PROPERTY = re.compile(r"gps|latitude|longitude|longtitude", re.IGNORECASE)
# A recording's tag is location when its name says so (Android's "©xyz", Apple's
# "com.apple.quicktime.location.ISO6709" and ".accuracy.horizontal", 3GPP's "loci")…
LOCATION_TAG = re.compile(r"gps|latitude|longitude|longtitude|iso6709|xyz|loci|location\.accuracy", re.IGNORECASE)
# …or when its value is a point: ISO 6709 ("+15.0442+108.4681/", "+1502.65+10828.09") or
# decimal degrees ("15.0442, 108.4681").
COORDINATES = re.compile(
    r"[+-]\d{2}(?:\d{2}){0,2}(?:\.\d+)?[+-]\d{3}(?:\d{2}){0,2}(?:\.\d+)?|-?\d{1,2}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}"
)

_EXIF_SIGNATURE = b"Exif\x00"
_XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
_EXTENDED_XMP_SIGNATURE = b"http://ns.adobe.com/xmp/extension/\x00"
_EMPTY_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_DIRECTORIES = 10_000
_MAX_TEXT = 16 * 1024 * 1024  # an XMP packet or text chunk, once decompressed


class UnreadableMetadata(Exception):
    """The file's metadata cannot be checked, or its location cannot be taken out."""


class _Malformed(ValueError):
    pass


# Files and the copies kept of them


def location_state(relative_path, full_path, stat, recording=False):
    """True when the file carries location metadata, False when it does not, None when it
    cannot be told. Remembered for this version of the file (its size and mtime).
    A `recording` (audio or video) is read in place, and its unknown formats say nothing."""
    from django.core.cache import cache

    key = f"heritage-location-{RULES_VERSION}-{_path_key(relative_path)}-{stat.st_size:x}-{stat.st_mtime_ns:x}"
    state = cache.get(key)
    if state is None:
        try:
            if recording:
                found = recording_carries_location(full_path)
            else:
                found = carries_location(Path(full_path).read_bytes())
            state = "yes" if found else "no"
        except UnreadableMetadata:
            state = "unknown"
        cache.set(key, state, 30 * 24 * 3600)
    return {"yes": True, "no": False}.get(state)


def copy_without_location(relative_path, full_path, stat, recording=False):
    """The path, under MEDIA_ROOT, of a copy of the file with no location metadata. Made
    on first use and again when the file or `RULES_VERSION` changes (the name holds
    both); older copies of the file are removed then."""
    key = _path_key(relative_path)
    extension = posixpath.splitext(relative_path)[1].lower()
    relative = f"{COPIES_FOLDER}/{key[:2]}/{key}-{stat.st_size:x}-{stat.st_mtime_ns:x}-{RULES_VERSION}{extension}"
    target = Path(settings.MEDIA_ROOT) / relative
    if not target.exists():
        if recording:

            def fill(partial):
                shutil.copyfile(full_path, partial)
                remove_location_from_recording(partial)

        else:
            data = Path(full_path).read_bytes()
            cleaned = without_location(data)

            def fill(partial):
                Path(partial).write_bytes(data if cleaned is None else cleaned)

        _write_atomically(target, fill)
        for older in target.parent.glob(f"{key}-*"):
            if older != target:
                older.unlink(missing_ok=True)
    return relative


def forget_copies(relative_path):
    """Removes the copies kept of a file (for when the file itself is deleted)."""
    key = _path_key(relative_path)
    for copy in (Path(settings.MEDIA_ROOT) / COPIES_FOLDER / key[:2]).glob(f"{key}-*"):
        copy.unlink(missing_ok=True)


def _path_key(relative_path):
    return hashlib.sha256(relative_path.encode()).hexdigest()[:40]


def _write_atomically(target, fill):
    """Writes `target` with `fill(path)`, which fills a file beside it that then takes its
    place: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    os.close(handle)
    try:
        fill(partial)
        os.chmod(partial, getattr(settings, "FILE_UPLOAD_PERMISSIONS", None) or 0o644)  # the web server reads it
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


# Bytes


def carries_location(data):
    """Whether an image file's bytes say where it was taken (raises `UnreadableMetadata`)."""
    if _kind(data) == "isobmff":
        return _guarded(_heif_or_avif_without_location, data, False) is not None
    return without_location(data) is not None


def without_location(data):
    """The bytes of an image file with its location metadata taken out, or None when it
    carries none (raises `UnreadableMetadata`)."""
    cleaned = _guarded(_without_location, data)
    if cleaned is not None:
        _guarded(_check_location_free, cleaned)
    return cleaned


def _guarded(function, *arguments):
    try:
        return function(*arguments)
    except UnreadableMetadata:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the file does to a parser, it is not served
        logger.warning("Cannot check or remove location metadata: %s", error)
        raise UnreadableMetadata(str(error)) from error


def _kind(data):
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[4:8] == b"ftyp":
        return "isobmff"  # HEIC, AVIF
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def _without_location(data):
    kind = _kind(data)
    if kind in ("jpeg", "webp", "tiff"):
        edited = bytearray(data)
        strip = {"jpeg": _strip_jpeg, "webp": _strip_webp, "tiff": _strip_tiff}[kind]
        return bytes(edited) if strip(edited) else None
    if kind == "png":
        return _strip_png(data)
    if kind == "isobmff":
        return _heif_or_avif_without_location(data, True)
    if kind == "gif":
        return _gif_without_location(data)
    raise UnreadableMetadata("not an image format whose metadata can be read")


def _check_location_free(data):
    """Pillow's own reading of the result: no GPS directory, no GPS in the XMP."""
    from PIL import Image

    _register_heif()
    with Image.open(io.BytesIO(data)) as image:
        xmp = image.info.get("xmp")
        if GPS_IFD in image.getexif() or (xmp and _xmp_has_location(xmp)):
            raise UnreadableMetadata("location metadata is left after removing it")


# EXIF and TIFF: directories of 12-byte entries, edited in place


class _Tiff:
    def __init__(self, data):
        if data[:4] == b"II*\x00":
            self.order = "<"
        elif data[:4] == b"MM\x00*":
            self.order = ">"
        else:
            raise _Malformed("not a TIFF structure (or a BigTIFF)")
        self.data = data

    def u16(self, at):
        return struct.unpack_from(self.order + "H", self.data, at)[0]

    def u32(self, at):
        return struct.unpack_from(self.order + "I", self.data, at)[0]

    def entries(self, directory):
        """(position, tag, type, count, raw bytes) of each entry of a directory."""
        count = self.u16(directory)
        if directory + 2 + 12 * count + 4 > len(self.data):
            raise _Malformed("a directory runs past the end")
        entries = []
        for index in range(count):
            position = directory + 2 + 12 * index
            tag, kind, number = struct.unpack_from(self.order + "HHI", self.data, position)
            entries.append((position, tag, kind, number, bytes(self.data[position : position + 12])))
        return entries

    def value_span(self, position, kind, count):
        size = _TIFF_TYPE_SIZES.get(kind, 1) * count
        start = position + 8 if size <= 4 else self.u32(position + 8)
        if start + size > len(self.data):
            raise _Malformed("a value lies past the end")
        return start, start + size

    def offsets(self, position, kind, count):
        start, end = self.value_span(position, kind, count)
        return [self.u32(at) for at in range(start, end - 3, 4)] if kind in (4, 13) else []

    def zero(self, start, end):
        start, end = max(0, start), min(end, len(self.data))
        if start < end:
            self.data[start:end] = bytes(end - start)

    def erase_gps_directory(self, directory):
        """Zeroes a GPS directory and the values it points to."""
        if directory + 2 > len(self.data):
            return
        count = self.u16(directory)
        for index in range(count):
            position = directory + 2 + 12 * index
            if position + 12 > len(self.data):
                break
            _tag, kind, number = struct.unpack_from(self.order + "HHI", self.data, position)
            size = _TIFF_TYPE_SIZES.get(kind, 0) * number
            if size > 4:
                start = self.u32(position + 8)
                self.zero(start, start + size)
        self.zero(directory, directory + 2 + 12 * count + 4)

    def rewrite_directory(self, directory, kept, old_count, next_directory):
        """The directory with only the `kept` raw entries, in its own place; what it no
        longer needs is zeroed."""
        rewritten = struct.pack(self.order + "H", len(kept)) + b"".join(kept)
        rewritten += struct.pack(self.order + "I", next_directory)
        length = 2 + 12 * old_count + 4
        self.data[directory : directory + length] = rewritten + bytes(length - len(rewritten))


def _strip_tiff(data):
    """Unlinks and zeroes every GPS directory of a TIFF structure (a TIFF file, or the
    EXIF block of a JPEG, PNG or WebP) and strips the XMP it may hold (tag 700).
    Edits `data` (a bytearray) in place; True when anything was removed."""
    tiff = _Tiff(data)
    changed = False
    pending, seen = [tiff.u32(4)], set()
    while pending:
        directory = pending.pop()
        if directory == 0 or directory in seen:
            continue
        if len(seen) >= _MAX_DIRECTORIES:
            raise _Malformed("too many directories")
        seen.add(directory)
        entries = tiff.entries(directory)
        next_directory = tiff.u32(directory + 2 + 12 * len(entries))
        pending.append(next_directory)
        kept = []
        for position, tag, kind, count, raw in entries:
            if tag == GPS_IFD:
                for gps_directory in tiff.offsets(position, kind, count):
                    tiff.erase_gps_directory(gps_directory)
                changed = True
                continue
            if tag in (EXIF_IFD, SUB_IFDS):
                pending.extend(tiff.offsets(position, kind, count))
            elif tag == XMP_TAG:
                start, end = tiff.value_span(position, kind, count)
                stripped = _strip_xmp(bytes(data[start:end]))
                if stripped is not None:
                    data[start:end] = stripped
                    changed = True
            kept.append(raw)
        if len(kept) < len(entries):
            tiff.rewrite_directory(directory, kept, len(entries), next_directory)
    return changed


def _strip_exif_block(data, start, end):
    """Strips an EXIF block ("Exif\\0\\0" and a TIFF structure, or the TIFF structure
    alone) at data[start:end] in place. An EXIF block that cannot be read is zeroed: what
    it holds cannot be known."""
    if data.startswith(_EXIF_SIGNATURE, start):
        start += 6
    block = bytearray(data[start:end])
    try:
        changed = _strip_tiff(block)
    except (_Malformed, struct.error):
        if not any(block):
            return False
        block, changed = bytearray(len(block)), True
    if changed:
        data[start:end] = block
    return changed


# XMP: location properties removed, the packet padded back to its length


def _strip_xmp(packet):
    """The packet without location properties, exactly as long as before, or None when
    it has none. An unreadable packet that mentions a location is replaced by an empty one."""
    try:
        root, namespaces = _parse_xmp(packet)
    except (SyntaxError, ValueError, LookupError):  # ParseError, defusedxml's refusals, encodings
        return _blank_xmp(len(packet)) if _mentions_location(packet) else None
    if not _remove_location_properties(root):
        return None
    head, body, tail = _serialise_xmp(root, namespaces, packet)
    padding = len(packet) - len(head) - len(body) - len(tail)
    if padding < 0:  # a rewrite is shorter than its source but for freak cases
        return _blank_xmp(len(packet))
    return head + body + b" " * padding + tail


def _xmp_has_location(packet):
    try:
        root, _namespaces = _parse_xmp(packet if isinstance(packet, bytes) else packet.encode())
    except (SyntaxError, ValueError, LookupError):
        return _mentions_location(packet if isinstance(packet, bytes) else packet.encode())
    return any(
        LOCATION_PROPERTY.search(_local_name(name))
        for element in root.iter()
        for name in (element.tag, *element.attrib)
    )


def _parse_xmp(packet):
    import defusedxml.ElementTree as SafeElementTree

    parsing = SafeElementTree.iterparse(io.BytesIO(packet.rstrip(b"\x00")), events=("start-ns",), forbid_dtd=True)
    namespaces = [namespace for _event, namespace in parsing]
    return parsing.root, namespaces


def _mentions_location(raw):
    return bool(LOCATION_PROPERTY.search(raw.replace(b"\x00", b"").decode("latin-1")))


def _blank_xmp(length):
    return _EMPTY_XMP + b" " * (length - len(_EMPTY_XMP)) if length >= len(_EMPTY_XMP) else b" " * length


def _local_name(name):
    return name.rsplit("}", 1)[-1]


def _remove_location_properties(element):
    changed = False
    for name in list(element.attrib):
        if LOCATION_PROPERTY.search(_local_name(name)):
            del element.attrib[name]
            changed = True
    for child in list(element):
        if LOCATION_PROPERTY.search(_local_name(child.tag)):
            element.remove(child)
            changed = True
        else:
            changed |= _remove_location_properties(child)
    return changed


def _serialise_xmp(root, namespaces, packet):
    """(head, body, tail) in UTF-8: the packet's own wrapper (`<?xpacket …?>`) around the
    element tree, written with the packet's own namespace prefixes, all declared on the
    root (ElementTree would rename them ns0, ns1…, which naive XMP readers do not follow)."""
    prefixes, used = {}, set()
    for prefix, uri in namespaces:
        if prefix and uri not in prefixes and prefix not in used:
            prefixes[uri] = prefix
            used.add(prefix)

    def qualified(name):
        if not name.startswith("{"):
            return name
        uri, local = name[1:].split("}", 1)
        if uri == _XML_NAMESPACE:
            return f"xml:{local}"
        if uri not in prefixes:
            number = len(prefixes)
            while f"ns{number}" in used:
                number += 1
            prefixes[uri] = f"ns{number}"
            used.add(f"ns{number}")
        return f"{prefixes[uri]}:{local}"

    for element in root.iter():  # every prefix is known before the root is written
        for name in (element.tag, *element.attrib):
            qualified(name)
    declarations = "".join(f' xmlns:{prefix}="{_escape_attribute(uri)}"' for uri, prefix in prefixes.items())

    parts = []

    def write(element, extra=""):
        attributes = "".join(
            f' {qualified(name)}="{_escape_attribute(value)}"' for name, value in element.attrib.items()
        )
        tag = qualified(element.tag)
        if len(element) == 0 and not element.text:
            parts.append(f"<{tag}{extra}{attributes}/>")
        else:
            parts.append(f"<{tag}{extra}{attributes}>{_escape_text(element.text or '')}")
            for child in element:
                write(child)
                parts.append(_escape_text(child.tail or ""))
            parts.append(f"</{tag}>")

    write(root, declarations)
    head, tail = "", ""
    try:
        text = packet.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        first_element = re.search(r"<(?![?!])", text)
        head = text[: first_element.start()] if first_element else ""
        end = text.rfind("<?xpacket end")
        tail = text[end:] if end > len(head) else ""
    return head.encode(), "".join(parts).encode(), tail.encode()


def _escape_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("]]>", "]]&gt;").replace("\r", "&#13;")


def _escape_attribute(text):
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


# JPEG: APP1 segments (EXIF, XMP, extended XMP), wherever they are, edited in place


def _strip_jpeg(data):
    changed = False
    packets, extended = [], {}
    for start, end in _app1_payloads(data):
        if data.startswith(_EXIF_SIGNATURE, start):
            changed |= _strip_exif_block(data, start, end)
        elif data.startswith(_XMP_SIGNATURE, start):
            packets.append((start + len(_XMP_SIGNATURE), end))
        elif data.startswith(_EXTENDED_XMP_SIGNATURE, start) and end - start >= len(_EXTENDED_XMP_SIGNATURE) + 40:
            header = start + len(_EXTENDED_XMP_SIGNATURE)
            guid = bytes(data[header : header + 32])
            extended.setdefault(guid, []).append((header, end))
    renamed = {}
    for guid, chunks in extended.items():
        new_guid = _strip_extended_xmp(data, chunks)
        if new_guid is not None:
            renamed[guid] = new_guid
            changed = True
    for start, end in packets:
        packet = bytes(data[start:end])
        for old, new in renamed.items():  # xmpNote:HasExtendedXMP names the extension by its digest
            packet = packet.replace(old, new)
        packet = _strip_xmp(packet) or packet
        if packet != data[start:end]:
            data[start:end] = packet
            changed = True
    return changed


def _app1_payloads(data):
    """(start, end) of the payload of every APP1 segment: the main image's, and those of
    images after it (an MPF secondary image, a gain map) or between progressive scans.
    Entropy-coded data never holds FF E1, so a search finds them all."""
    position = data.find(b"\xff\xe1", 2)
    while position != -1:
        if position + 4 <= len(data):
            length = (data[position + 2] << 8) | data[position + 3]
            if length >= 2 and position + 2 + length <= len(data):
                yield position + 4, position + 2 + length
        position = data.find(b"\xff\xe1", position + 2)


def _strip_extended_xmp(data, chunks):
    """Strips an extended XMP packet split over several segments, in place; returns its
    new GUID (the digest of the new packet) when anything was removed."""
    lengths = {struct.unpack_from(">I", data, header + 32)[0] for header, _end in chunks}
    if len(lengths) != 1 or next(iter(lengths)) > _MAX_TEXT:
        raise _Malformed("extended XMP chunks disagree on their length")
    packet = bytearray(lengths.pop())
    pieces = []
    for header, end in chunks:
        offset = struct.unpack_from(">I", data, header + 36)[0]
        piece = data[header + 40 : end]
        if offset + len(piece) > len(packet):
            raise _Malformed("an extended XMP chunk lies outside its packet")
        packet[offset : offset + len(piece)] = piece
        pieces.append((header, end, offset))
    stripped = _strip_xmp(bytes(packet))
    if stripped is None:
        return None
    new_guid = hashlib.md5(stripped, usedforsecurity=False).hexdigest().upper().encode()
    for header, end, offset in pieces:
        data[header : header + 32] = new_guid
        data[header + 40 : end] = stripped[offset : offset + end - header - 40]
    return new_guid


# PNG: chunks eXIf, iTXt XMP and ImageMagick's raw profiles; CRCs recomputed


def _strip_png(data):
    position, chunks, changed = 8, [data[:8]], False
    while position < len(data):
        if position + 12 > len(data):
            raise _Malformed("a PNG chunk runs past the end")
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            raise _Malformed("a PNG chunk runs past the end")
        body = data[position + 8 : end - 4]
        cleaned = _png_chunk_without_location(kind, body)
        if cleaned == (kind, body):
            chunks.append(data[position:end])
        else:
            changed = True
            if cleaned is not None:
                new_kind, new_body = cleaned
                chunks.append(
                    struct.pack(">I", len(new_body))
                    + new_kind
                    + new_body
                    + struct.pack(">I", zlib.crc32(new_kind + new_body))
                )
        position = end
        if kind == b"IEND":
            chunks.append(data[end:])
            break
    return b"".join(chunks) if changed else None


def _png_chunk_without_location(kind, body):
    """(kind, body) of the chunk without location, or None to leave the chunk out."""
    if kind == b"eXIf":
        edited = bytearray(body)
        return (kind, bytes(edited)) if _strip_exif_block(edited, 0, len(edited)) else (kind, body)
    if kind not in (b"tEXt", b"zTXt", b"iTXt"):
        return kind, body
    keyword, _separator, rest = body.partition(b"\x00")
    if keyword == b"XML:com.adobe.xmp":
        stripped = _strip_xmp(_png_text(kind, rest))
        return (kind, body) if stripped is None else (b"iTXt", keyword + b"\x00\x00\x00\x00\x00" + stripped)
    if keyword.startswith(b"Raw profile type"):  # ImageMagick: the profile in hexadecimal
        return None if _raw_profile_has_location(keyword, _png_text(kind, rest)) else (kind, body)
    return kind, body


def _png_text(kind, rest):
    if kind == b"tEXt":
        return rest
    if kind == b"zTXt":
        return _inflate(rest[1:])
    compressed = rest[0]
    _language, _separator, rest = rest[2:].partition(b"\x00")
    _translated, _separator, text = rest.partition(b"\x00")
    return _inflate(text) if compressed else text


def _inflate(compressed):
    inflater = zlib.decompressobj()
    text = inflater.decompress(compressed, _MAX_TEXT)
    if inflater.unconsumed_tail:
        raise _Malformed("a compressed text chunk is too large")
    return text


def _raw_profile_has_location(keyword, text):
    try:
        fields = text.split()
        profile = bytes.fromhex(b"".join(fields[2:]).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return keyword.lower().endswith((b"exif", b"app1", b"xmp"))
    if profile.startswith(_EXIF_SIGNATURE) or profile[:4] in (b"II*\x00", b"MM\x00*"):
        return _strip_exif_block(bytearray(profile), 0, len(profile))
    return _strip_xmp(profile) is not None if b"xmpmeta" in profile or b"rdf:RDF" in profile else False


# WebP: RIFF chunks EXIF and "XMP ", edited in place


def _strip_webp(data):
    position, changed = 12, False
    while position + 8 <= len(data):
        kind = bytes(data[position : position + 4])
        size = struct.unpack_from("<I", data, position + 4)[0]
        start, end = position + 8, position + 8 + size
        if end > len(data):
            raise _Malformed("a WebP chunk runs past the end")
        if kind == b"EXIF":
            changed |= _strip_exif_block(data, start, end)
        elif kind == b"XMP ":
            stripped = _strip_xmp(bytes(data[start:end]))
            if stripped is not None:
                data[start:end] = stripped
                changed = True
        position = end + (size & 1)
    return changed


# HEIC and AVIF: re-encoded; GIF: checked only


def _register_heif():
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def _heif_or_avif_without_location(data, reencode):
    from PIL import Image

    _register_heif()
    try:
        image = Image.open(io.BytesIO(data))
    except Image.UnidentifiedImageError as error:
        raise UnreadableMetadata("no decoder for this HEIF or AVIF file") from error
    with image:
        exif = bytearray(image.info.get("exif") or b"")
        exif_changed = bool(exif) and _strip_exif_block(exif, max(0, exif.find(_EXIF_SIGNATURE, 0, 16)), len(exif))
        xmp = image.info.get("xmp") or b""
        xmp = xmp.encode() if isinstance(xmp, str) else xmp
        stripped_xmp = _strip_xmp(xmp) if xmp else None
        if not exif_changed and stripped_xmp is None:
            return None
        if not reencode:
            return True
        options = {
            "quality": REENCODE_QUALITY,
            "exif": bytes(exif),
            "xmp": stripped_xmp or xmp,
            "icc_profile": image.info.get("icc_profile"),
        }
        output = io.BytesIO()
        image.save(output, format=image.format, **{name: value for name, value in options.items() if value})
        return output.getvalue()


def _gif_without_location(data):
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        xmp = image.info.get("xmp")
    if xmp and _xmp_has_location(xmp):
        raise UnreadableMetadata("the location in a GIF's XMP cannot be removed")
    return None


# Recordings


def recording_carries_location(path):
    """Whether the recording at `path` says where it was made (raises
    `UnreadableMetadata`); False for a format this module does not read."""
    return _guarded(_recording_location, path, False)


def remove_location_from_recording(path):
    """Takes the location out of the recording at `path`, editing the file (raises
    `UnreadableMetadata`); True when anything was removed."""
    removed = _guarded(_recording_location, path, True)
    if removed and _guarded(_recording_location, path, False):
        raise UnreadableMetadata("location metadata is left after removing it")
    return removed


def _recording_location(path, remove):
    with open(path, "r+b" if remove else "rb") as handle:
        kind = _recording_kind(handle.read(16))
        if kind in ("movie", "matroska"):
            length = os.fstat(handle.fileno()).st_size
            find = _movie_patches if kind == "movie" else _matroska_patches
            patches = find(_reader(handle), length)
            if remove:
                for offset, replacement in patches:
                    handle.seek(offset)
                    handle.write(replacement)
            return bool(patches)
    if kind == "tagged":
        return _tagged_audio_location(path, remove)
    return False


_MOVIE_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot", b"uuid", b"junk", b"styp", b"sidx"}


def _recording_kind(head):
    if head[4:8] in _MOVIE_BOXES:
        return "movie"  # MP4, QuickTime, M4A, 3GP (a HEIC picture never reaches here)
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"  # and WebM
    if (
        head[:3] == b"ID3"
        or head[:4] in (b"fLaC", b"OggS")
        or (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or (head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"))
        or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # MPEG audio without ID3
    ):
        return "tagged"
    return None


def _is_location_tag(name, value):
    return bool(LOCATION_TAG.search(name) or COORDINATES.search(value))


def _reader(source):
    """read(offset, size): exactly `size` bytes from `offset` of a file or of bytes."""

    def read(offset, size):
        if size > _MAX_TEXT:
            raise _Malformed("a metadata element is too large")
        if isinstance(source, bytes | bytearray):
            data = source[offset : offset + size]
        else:
            source.seek(offset)
            data = source.read(size)
        if len(data) != size:
            raise _Malformed("the file ends inside an element")
        return data

    return read


def _picture_without_location(picture):
    """An embedded picture (cover art) without its location: None when it has none,
    b"" when it cannot be checked (it is then left out)."""
    try:
        return without_location(picture)
    except UnreadableMetadata:
        return b""


# MP4, QuickTime, M4A, 3GP: boxes renamed "free" and zeroed, XMP and covers edited in place

_XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
_MAX_BOXES = 1_000_000
_PICTURE_TYPES = (13, 14, 27)  # a metadata item's JPEG, PNG and BMP values


def _boxes(read, start, end, top=False):
    """(type, start, payload start, end) of each box between `start` and `end`. A box at
    the top level that runs past the end (a recording cut short) ends with the file."""
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack(">I4s", read(position, 8))
        payload = position + 8
        if size == 1:
            size = struct.unpack(">Q", read(position + 8, 8))[0]
            payload += 8
        elif size == 0:
            size = end - position
        if size < payload - position:
            raise _Malformed(f"the {kind!r} box is shorter than its header")
        box_end = position + size
        if box_end > end:
            if not top:
                raise _Malformed(f"the {kind!r} box runs past its parent")
            box_end = end
        yield kind, position, payload, box_end
        position = box_end
    # what is left is shorter than a box header: QuickTime's udta may end with 4 zero bytes


class _MovieScan:
    """Where an MP4, QuickTime, M4A or 3GP file holds its location, as patches of the
    same length as what they replace."""

    def __init__(self, read, length):
        self.read, self.length = read, length
        self.patches, self.boxes_seen = [], 0

    def boxes(self, start, end, top=False):
        for box in _boxes(self.read, start, end, top):
            self.boxes_seen += 1
            if self.boxes_seen > _MAX_BOXES:
                raise _Malformed("too many boxes")
            yield box

    def scan(self):
        for kind, start, payload, end in self.boxes(0, self.length, top=True):
            self.visit(kind, start, payload, end, None)
        return self.patches

    def visit(self, kind, start, payload, end, parent):
        if kind in (b"moov", b"trak", b"udta"):
            for child in self.boxes(payload, end):
                self.visit(*child, kind)
        elif kind == b"meta":
            self.meta(payload, end)
        elif kind == b"uuid" and end - payload >= 16 and self.read(payload, 16) == _XMP_UUID:
            self.xmp(payload + 16, end)
        elif parent == b"udta" and kind == b"XMP_":
            self.xmp(payload, end)
        elif parent == b"udta" and kind == b"loci":  # 3GPP: a name, then the point as numbers
            self.blank(start, payload, end)
        elif parent == b"udta" and kind[0] == 0xA9:  # QuickTime user-data text: ©xyz, ©nam…
            text = self.read(payload, end - payload).decode("latin-1")
            if _is_location_tag(kind.decode("latin-1"), text):
                self.blank(start, payload, end)

    def blank(self, start, payload, end):
        if end - payload > _MAX_TEXT:
            raise _Malformed("a location box is too large")
        self.patches.append((start + 4, b"free"))
        self.patches.append((payload, bytes(end - payload)))

    def xmp(self, start, end):
        stripped = _strip_xmp(self.read(start, end - start))
        if stripped is not None:
            self.patches.append((start, stripped))

    def meta(self, payload, end):
        if end - payload >= 4 and self.read(payload, 4) == bytes(4):
            payload += 4  # ISO's meta is a full box; QuickTime's has no version and flags
        children = list(self.boxes(payload, end))
        keys = {}
        for kind, _start, child_payload, child_end in children:
            if kind == b"keys":
                keys = self.keys(self.read(child_payload, child_end - child_payload))
        for kind, _start, child_payload, child_end in children:
            if kind == b"ilst":
                for item in self.boxes(child_payload, child_end):
                    self.item(*item, keys)

    @staticmethod
    def keys(data):
        """Apple's metadata keys ("com.apple.quicktime.location.ISO6709"…) by their index."""
        count, position, names = struct.unpack_from(">I", data, 4)[0], 8, {}
        for index in range(1, count + 1):
            size = struct.unpack_from(">I", data, position)[0]
            if size < 8 or position + size > len(data):
                raise _Malformed("a metadata key runs past its box")
            names[index] = data[position + 8 : position + size].decode("utf-8", "replace")
            position += size
        return names

    def item(self, kind, start, payload, end, keys):
        """A metadata item: named by its type ("©xyz"), or by Apple's key of that index."""
        data = self.read(payload, end - payload)
        name = keys.get(struct.unpack(">I", kind)[0], "") if keys else kind.decode("latin-1")
        texts, pictures = [], []
        for child, _start, value, child_end in _boxes(_reader(data), 0, len(data)):
            if child == b"name":  # a freeform ("----") item's own name
                name += ":" + data[value + 4 : child_end].decode("utf-8", "replace")
            elif child == b"data" and child_end - value >= 8:
                value_type = struct.unpack_from(">I", data, value)[0] & 0xFFFFFF
                if value_type in _PICTURE_TYPES or name == "covr":
                    pictures.append((value + 8, child_end))
                elif value_type in (1, 4):
                    texts.append(data[value + 8 : child_end].decode("utf-8", "replace"))
                elif value_type in (2, 5):
                    texts.append(data[value + 8 : child_end].decode("utf-16-be", "replace"))
        if _is_location_tag(name, " ".join(texts)):
            self.blank(start, payload, end)
            return
        cleaned_pictures = []
        for picture_start, picture_end in pictures:
            cleaned = _picture_without_location(data[picture_start:picture_end])
            if cleaned is not None and len(cleaned) != picture_end - picture_start:
                self.blank(start, payload, end)  # a picture cleaned only by re-encoding it: left out
                return
            if cleaned is not None:
                cleaned_pictures.append((payload + picture_start, cleaned))
        self.patches.extend(cleaned_pictures)


def _movie_patches(read, length):
    return _MovieScan(read, length).scan()


# Matroska and WebM: values of location tags zeroed

_EBML_HEADER, _SEGMENT, _CLUSTER, _TAGS = 0x1A45DFA3, 0x18538067, 0x1F43B675, 0x1254C367
_TAG, _SIMPLE_TAG, _TAG_NAME, _TAG_STRING, _TAG_BINARY, _CRC_32 = 0x7373, 0x67C8, 0x45A3, 0x4487, 0x4485, 0xBF
# The elements a segment holds: an unsized cluster ends where one of them starts.
_SEGMENT_LEVEL = {0x114D9B74, 0x1549A966, 0x1654AE6B, 0x1C53BB6B, _CLUSTER, 0x1043A770, 0x1941A469, _TAGS}


def _ebml_element(head):
    """(ID, size or None when unknown, header length) of the element `head` starts with."""
    if len(head) < 2 or head[0] < 0x10:
        raise _Malformed("not an EBML element")
    id_length = 9 - head[0].bit_length()
    if len(head) <= id_length:
        raise _Malformed("not an EBML element")
    size_length = 9 - head[id_length].bit_length() if head[id_length] else 9
    if size_length > 8 or len(head) < id_length + size_length:
        raise _Malformed("not an EBML element")
    element_id = int.from_bytes(head[:id_length], "big")
    size = head[id_length] & (0xFF >> size_length)
    for byte in head[id_length + 1 : id_length + size_length]:
        size = (size << 8) | byte
    unknown = size == (1 << (7 * size_length)) - 1
    return element_id, None if unknown else size, id_length + size_length


def _matroska_patches(read, length):
    def element(position):
        element_id, size, header = _ebml_element(read(position, min(12, length - position)))
        return element_id, size, position + header

    patches, elements_seen, position, segments = [], 0, 0, 0
    while position < length:
        try:
            element_id, size, start = element(position)
        except _Malformed:
            if segments:
                break  # what follows the segment is not Matroska: nothing reads it
            raise
        end = length if size is None else min(start + size, length)
        if element_id != _SEGMENT:
            if size is None:
                raise _Malformed("an unsized element outside a segment")
            position = end
            continue
        segments += 1
        position = start
        while position < end:
            elements_seen += 1
            if elements_seen > _MAX_BOXES:
                raise _Malformed("too many elements")
            child_id, child_size, child_start = element(position)
            if child_size is None:
                if child_id != _CLUSTER:
                    raise _Malformed("an unsized element in a segment")
                position = child_start  # an unsized cluster (a live recording) ends where the next one starts
                while position < end:
                    block_id, block_size, block_start = element(position)
                    if block_id in _SEGMENT_LEVEL or block_id == _EBML_HEADER or block_size is None:
                        break
                    position = block_start + block_size
                continue
            if child_id == _TAGS:
                tags = bytearray(read(child_start, child_size))
                if _strip_matroska_tags(tags, _TAGS, 0, len(tags)):
                    patches.append((child_start, bytes(tags)))
            position = child_start + child_size
    return patches


def _ebml_children(data, start, end):
    children, position = [], start
    while position < end:
        element_id, size, header = _ebml_element(bytes(data[position : position + 12]))
        if size is None or position + header + size > end:
            raise _Malformed("a tag element runs past its parent")
        children.append((element_id, position + header, position + header + size))
        position += header + size
    return children


def _strip_matroska_tags(data, element_id, start, end):
    """Zeroes, in data[start:end] (the content of a Tags, Tag or SimpleTag element), the
    values of location tags, and recomputes the CRC-32 of what changed. True when
    anything was zeroed."""
    children, changed = _ebml_children(data, start, end), False
    if element_id == _SIMPLE_TAG:
        texts = {child: data[s:e].rstrip(b"\x00").decode("utf-8", "replace") for child, s, e in children}
        if _is_location_tag(texts.get(_TAG_NAME, ""), texts.get(_TAG_STRING, "")):
            for child, s, e in children:
                if child in (_TAG_STRING, _TAG_BINARY) and any(data[s:e]):
                    data[s:e] = bytes(e - s)
                    changed = True
    for child, s, e in children:
        if child in (_TAG, _SIMPLE_TAG):
            changed |= _strip_matroska_tags(data, child, s, e)
    if changed and children and children[0][0] == _CRC_32 and children[0][2] - children[0][1] == 4:
        crc_start, crc_end = children[0][1], children[0][2]
        data[crc_start:crc_end] = struct.pack("<I", zlib.crc32(data[crc_end:end]))
    return changed


# MP3, WAV, AIFF, FLAC, Ogg: tags, through mutagen


def _tagged_audio_location(path, remove):
    """Whether the file's tags or pictures tell a place; with `remove`, mutagen rewrites
    the file without it."""
    import mutagen
    from mutagen.id3 import ID3

    audio = mutagen.File(path)
    if audio is None:
        return False
    tags = audio.tags
    if isinstance(tags, ID3):
        found = _id3_location(tags, remove)
    elif tags is not None and hasattr(tags, "keys"):
        found = _comment_location(tags, remove)
    else:
        found = False
    pictures = getattr(audio, "pictures", None) or []  # FLAC's picture blocks
    kept, pictures_found = [], False
    for picture in pictures:
        cleaned = _picture_without_location(picture.data)
        if cleaned is None:
            kept.append(picture)
            continue
        pictures_found = True
        if cleaned:
            picture.data = cleaned
            kept.append(picture)
    if remove and pictures_found:
        audio.clear_pictures()
        for picture in kept:
            audio.add_picture(picture)
    found = found or pictures_found
    if remove and found:
        audio.save()
    return found


def _id3_location(tags, remove):
    found = False
    for key, frame in list(tags.items()):
        if frame.FrameID == "APIC":
            cleaned = _picture_without_location(frame.data)
        elif frame.FrameID == "PRIV" and frame.owner == "XMP":
            cleaned = _strip_xmp(frame.data)
        else:
            name = ":".join(str(part) for part in (frame.FrameID, getattr(frame, "desc", "")) if part)
            texts = getattr(frame, "text", [])
            texts = [texts] if isinstance(texts, str) else texts  # USLT's lyrics are one text
            value = " ".join(str(text) for text in texts) + " " + getattr(frame, "url", "")
            cleaned = b"" if _is_location_tag(name, value) else None
        if cleaned is None:
            continue
        found = True
        if remove and cleaned:
            frame.data = cleaned
        elif remove:
            del tags[key]
    return found


def _comment_location(tags, remove):
    """Vorbis comments (FLAC, Ogg), and other tags mutagen reads as a mapping."""
    import base64

    from mutagen.flac import Picture

    found = False
    for key in list(tags.keys()):
        values = tags[key]
        if key.lower() == "metadata_block_picture":  # Ogg's pictures, as base64 FLAC picture blocks
            kept, pictures_found = [], False
            for value in values:
                picture = Picture(base64.b64decode(value))
                cleaned = _picture_without_location(picture.data)
                if cleaned is None:
                    kept.append(value)
                    continue
                pictures_found = True
                if cleaned:
                    picture.data = cleaned
                    kept.append(base64.b64encode(picture.write()).decode("ascii"))
            found |= pictures_found
            if remove and pictures_found:
                tags[key] = kept
            continue
        if _is_location_tag(str(key), " ".join(str(value) for value in values)):
            found = True
            if remove:
                del tags[key]
    return found
