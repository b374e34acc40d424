"""A phone's video or voice memo says where it was made: a visitor who may not see the
exact place of a record playing it gets a copy that does not, with nothing else moved."""

import io
import struct
import zlib
from pathlib import Path

import mutagen.mp4
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from media import location_metadata
from media.location_metadata import (
    COPIES_FOLDER,
    UnreadableMetadata,
    recording_carries_location,
    remove_location_from_recording,
)
from media.models import HeritageMedia
from tests.factories import make_phone_photo, make_record, make_wav_bytes

PLACE = b"+15.0442+108.4681/"  # ISO 6709, as Android writes it
APPLE_PLACE = b"+15.0442+108.4681+412.000/"
SAMPLES = bytes(range(256)) * 4  # the media data the chunk offsets point to


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind, payload):
    return box(kind, bytes(4) + payload)


def item_value(value, value_type=1):
    """A metadata item's value: a data box with its type (1: UTF-8, 13: JPEG) and locale."""
    return box(b"data", struct.pack(">II", value_type, 0) + value)


def user_data_text(kind, text):
    """QuickTime user-data text (Android's ©xyz): length, language, then the text."""
    return box(kind, struct.pack(">HH", len(text), 0x15C7) + text)


def keyed_metadata(values):
    """QuickTime's metadata (moov/meta): keys named by reverse DNS and their values, in a
    meta box without version and flags, as Apple and Android write it."""
    keys = full_box(b"keys", struct.pack(">I", len(values)) + b"".join(box(b"mdta", key) for key in values))
    items = b"".join(box(struct.pack(">I", index), item_value(value)) for index, value in enumerate(values.values(), 1))
    handler = full_box(b"hdlr", bytes(4) + b"mdta" + bytes(12) + b"\x00")
    return box(b"meta", handler + keys + box(b"ilst", items))


def itunes_metadata(items):
    """iTunes-style metadata (moov/udta/meta/ilst), as voice recorders write it."""
    handler = full_box(b"hdlr", bytes(4) + b"mdir" + b"appl" + bytes(9))
    return full_box(b"meta", handler + box(b"ilst", b"".join(box(kind, value) for kind, value in items)))


def recording(brand=b"mp42", handler=b"vide", user_data=b"", metadata=b"", top_level=b""):
    """A recording as a phone writes it: ftyp, the media data, then the movie box with one
    track whose chunk offset points into the media data, its user data and metadata."""
    ftyp = box(b"ftyp", brand + bytes(4) + brand + b"isom")
    mdat = box(b"mdat", SAMPLES)
    if handler == b"soun":  # mono AAC at 8 kHz
        audio = bytes(6) + b"\x00\x01" + bytes(8) + struct.pack(">HHHHI", 1, 16, 0, 0, 8000 << 16)
        sample_entries = struct.pack(">I", 1) + box(b"mp4a", audio + box(b"btrt", bytes(12)))
    else:
        sample_entries = struct.pack(">I", 0)
    sample_table = box(
        b"stbl",
        full_box(b"stsd", sample_entries)
        + full_box(b"stts", struct.pack(">III", 1, 1, 2500))
        + full_box(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
        + full_box(b"stsz", struct.pack(">III", 0, 1, len(SAMPLES)))
        + full_box(b"stco", struct.pack(">II", 1, len(ftyp) + len(top_level) + 8)),
    )
    media = full_box(b"mdhd", bytes(8) + struct.pack(">II", 1000, 2500) + bytes(4))
    media += full_box(b"hdlr", bytes(4) + handler + bytes(12) + b"\x00")
    track = box(b"trak", box(b"mdia", media + box(b"minf", sample_table)))
    movie_header = full_box(b"mvhd", bytes(8) + struct.pack(">II", 1000, 2500) + bytes(80))
    movie = movie_header + track + (box(b"udta", user_data) if user_data else b"") + metadata
    return ftyp + top_level + mdat + box(b"moov", movie)


def android_video():
    return recording(
        user_data=user_data_text(b"\xa9xyz", PLACE),
        metadata=keyed_metadata({b"com.android.version": b"14", b"com.android.capture.fps": b"30.0"}),
    )


def iphone_video():
    return recording(
        brand=b"qt  ",
        user_data=user_data_text(b"\xa9xyz", APPLE_PLACE),
        metadata=keyed_metadata(
            {
                b"com.apple.quicktime.make": b"Apple",
                b"com.apple.quicktime.model": b"iPhone 15",
                b"com.apple.quicktime.location.ISO6709": APPLE_PLACE,
                b"com.apple.quicktime.location.accuracy.horizontal": b"4.742781",
                b"com.apple.quicktime.location.name": "Làng Kon Klor".encode(),
                b"com.apple.quicktime.creationdate": b"2025-11-08T07:45:12+0700",
            }
        ),
    )


def voice_memo(cover=None):
    items = [(b"\xa9nam", item_value("Chiêng ba".encode())), (b"\xa9xyz", item_value(PLACE))]
    if cover:
        items.append((b"covr", item_value(cover, 13)))
    return recording(brand=b"M4A ", handler=b"soun", user_data=itunes_metadata(items))


def clean(data, tmp_path):
    path = tmp_path / "copy.mp4"
    path.write_bytes(data)
    assert recording_carries_location(path)
    assert remove_location_from_recording(path)
    assert not recording_carries_location(path)  # nothing left to take out
    return path.read_bytes()


def chunk_offset(data):
    at = data.index(b"stco") + 12
    return struct.unpack_from(">I", data, at)[0]


def assert_nothing_moved(original, cleaned):
    assert len(cleaned) == len(original)
    offset = chunk_offset(cleaned)
    assert offset == chunk_offset(original) and cleaned[offset : offset + len(SAMPLES)] == SAMPLES
    assert mutagen.mp4.MP4(io.BytesIO(cleaned)).info.length == 2.5


# MP4, QuickTime, M4A, 3GP


def test_an_android_videos_place_is_blanked_and_nothing_moves(tmp_path):
    original = android_video()
    cleaned = clean(original, tmp_path)
    assert_nothing_moved(original, cleaned)
    assert PLACE not in cleaned and b"\xa9xyz" not in cleaned
    at = original.index(b"\xa9xyz")
    assert cleaned[at : at + 4] == b"free"  # the atom is now free space of the same size
    assert b"com.android.capture.fps" in cleaned and b"30.0" in cleaned  # the rest of the metadata stays


def test_an_iphone_videos_location_keys_are_blanked_and_the_rest_kept(tmp_path):
    original = iphone_video()
    cleaned = clean(original, tmp_path)
    assert_nothing_moved(original, cleaned)
    assert b"+15.0442" not in cleaned and b"4.742781" not in cleaned
    for kept in (b"Apple", b"iPhone 15", b"2025-11-08T07:45:12+0700", "Làng Kon Klor".encode()):
        assert kept in cleaned  # the camera, the date and the place's name stay


def test_a_meta_box_written_with_version_and_flags_is_read_too(tmp_path):
    """ISO's meta is a full box, QuickTime's is not; writers disagree, both are read."""
    metadata = keyed_metadata({b"com.apple.quicktime.location.ISO6709": APPLE_PLACE})
    metadata = box(b"meta", bytes(4) + metadata[8:])
    assert b"+15.0442" not in clean(recording(brand=b"qt  ", metadata=metadata), tmp_path)


def test_a_voice_memos_place_goes_and_its_tags_stay(tmp_path):
    original = voice_memo()
    cleaned = clean(original, tmp_path)
    assert_nothing_moved(original, cleaned)
    tags = mutagen.mp4.MP4(io.BytesIO(cleaned)).tags
    assert tags["©nam"] == ["Chiêng ba"] and "©xyz" not in tags
    assert mutagen.mp4.MP4(io.BytesIO(original)).tags["©xyz"] == [PLACE.decode()]


def test_cover_art_loses_its_gps_in_place(tmp_path):
    cover = make_phone_photo(size=(64, 48))
    cleaned = clean(voice_memo(cover=cover), tmp_path)
    [picture] = mutagen.mp4.MP4(io.BytesIO(cleaned)).tags["covr"]
    with Image.open(io.BytesIO(bytes(picture))) as image:
        assert len(picture) == len(cover) and not image.getexif().get_ifd(0x8825)
        assert image.getexif()[0x8298]  # the copyright stays


def test_a_3gp_location_box_is_blanked(tmp_path):
    name = "Nhà rông".encode() + b"\x00"
    point = struct.pack(">iii", int(108.4681 * 65536), int(15.0442 * 65536), int(412 * 65536))
    location = full_box(b"loci", struct.pack(">H", 0x15C7) + name + b"\x00" + point + b"earth\x00\x00")
    original = recording(brand=b"3gp4", user_data=location)
    cleaned = clean(original, tmp_path)
    assert_nothing_moved(original, cleaned)
    assert point not in cleaned


def test_gps_in_a_videos_xmp_is_removed(tmp_path):
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="15,2.652N" exif:GPSLongitude="108,28.086E">'
        b"<dc:format>video/mp4</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    uuid_xmp = box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + xmp)
    original = recording(top_level=uuid_xmp)
    cleaned = clean(original, tmp_path)
    assert_nothing_moved(original, cleaned)
    assert b"GPSLatitude" not in cleaned and b"<dc:format>video/mp4</dc:format>" in cleaned


def test_a_recording_without_location_is_left_alone(tmp_path):
    path = tmp_path / "plain.mp4"
    path.write_bytes(recording(metadata=keyed_metadata({b"com.android.version": b"14"})))
    assert not recording_carries_location(path)
    assert not remove_location_from_recording(path)


def test_a_broken_movie_box_cannot_be_checked(tmp_path):
    data = bytearray(android_video())
    at = data.index(b"udta") - 4
    data[at : at + 4] = struct.pack(">I", 0x7FFFFFF)  # the user data runs past the movie box
    path = tmp_path / "broken.mp4"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableMetadata):
        recording_carries_location(path)


# Matroska and WebM


def ebml(element_id, payload):
    """An EBML element; `payload` None makes it of unknown size (a live recording)."""
    identifier = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    if payload is None:
        return identifier + b"\x01\xff\xff\xff\xff\xff\xff\xff"
    return identifier + (0x10000000 | len(payload)).to_bytes(4, "big") + payload


def simple_tag(name, value):
    return ebml(0x67C8, ebml(0x45A3, name.encode()) + ebml(0x4487, value.encode()))


def tags_with_crc(*simple_tags):
    tag = ebml(0x7373, ebml(0x63C0, b"") + b"".join(simple_tags))
    return ebml(0x1254C367, ebml(0xBF, struct.pack("<I", zlib.crc32(tag))) + tag)


def webm(tags_first, tags_last):
    """A WebM as a browser or ffmpeg writes it, with an unsized segment and cluster."""
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    info = ebml(0x1549A966, ebml(0x2AD7B1, struct.pack(">I", 1_000_000)))
    cluster = ebml(0x1F43B675, None) + ebml(0xE7, b"\x00") + ebml(0xA3, SAMPLES)
    return header + ebml(0x18538067, None) + info + tags_first + cluster + tags_last


def test_a_webms_location_tags_are_zeroed_and_its_checksums_fixed(tmp_path):
    """ffmpeg carries a phone's location over when it converts the video to WebM."""
    first = tags_with_crc(simple_tag("TITLE", "Múa cồng chiêng"), simple_tag("LOCATION", PLACE.decode()))
    last = tags_with_crc(simple_tag("COM.APPLE.QUICKTIME.LOCATION.ISO6709", APPLE_PLACE.decode()))
    original = webm(first, last)  # the second after an unsized cluster
    cleaned = clean(original, tmp_path)
    assert len(cleaned) == len(original) and SAMPLES in cleaned
    assert b"+15.0442" not in cleaned and "Múa cồng chiêng".encode() in cleaned
    for tags in (first, last):
        at = original.index(tags)
        crc, tag = cleaned[at + 13 : at + 17], cleaned[at + 17 : at + len(tags)]  # after Tags' and CRC-32's headers
        assert struct.unpack("<I", crc)[0] == zlib.crc32(tag) and crc != original[at + 13 : at + 17]


def test_a_place_name_in_a_matroska_tag_is_kept(tmp_path):
    path = tmp_path / "name.mkv"
    path.write_bytes(webm(tags_with_crc(simple_tag("LOCATION", "Làng Kon Klor, Kon Tum")), b""))
    assert not recording_carries_location(path)


# Tagged audio: MP3, FLAC, WAV


def mp3_frames(count=20):
    """MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz: 417 bytes each."""
    return (b"\xff\xfb\x90\x64" + bytes(413)) * count


def flac_stream():
    """A FLAC stream's STREAMINFO (mono, 16 bits, 8 kHz, 20 000 samples) and no frames."""
    info = struct.pack(">HH", 4096, 4096) + bytes(6)
    info += ((8000 << 44) | (0 << 41) | (15 << 36) | 20000).to_bytes(8, "big") + bytes(16)
    return b"fLaC" + bytes([0x80, 0, 0, 34]) + info


@pytest.mark.parametrize(
    ("text", "kept"),
    [(PLACE.decode(), False), ("15.0442, 108.4681", False), ("Làng Kon Klor", True)],
)
def test_an_mp3s_location_tag_goes_when_it_is_a_point(tmp_path, text, kept):
    from mutagen.id3 import ID3, TIT2, TXXX

    path = tmp_path / "chieng.mp3"
    path.write_bytes(mp3_frames())
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Chiêng ba"))
    tags.add(TXXX(encoding=3, desc="location", text=text))
    tags.save(path)
    assert recording_carries_location(path) is not kept
    remove_location_from_recording(path)
    tags = ID3(path)
    assert tags["TIT2"].text == ["Chiêng ba"] and ("TXXX:location" in tags) is kept


def test_a_flacs_gps_comments_and_cover_lose_the_place(tmp_path):
    from mutagen.flac import FLAC, Picture

    path = tmp_path / "chieng.flac"
    path.write_bytes(flac_stream())
    audio = FLAC(path)
    audio.add_tags()
    audio["TITLE"] = "Chiêng ba"
    audio["LOCATION"] = PLACE.decode()
    audio["GPSLATITUDE"] = "15.0442"
    cover = Picture()
    cover.type, cover.mime, cover.data = 3, "image/jpeg", make_phone_photo(size=(64, 48))
    audio.add_picture(cover)
    audio.save()
    assert remove_location_from_recording(path)
    audio = FLAC(path)
    assert audio.tags.as_dict() == {"title": ["Chiêng ba"]}
    [picture] = audio.pictures
    with Image.open(io.BytesIO(picture.data)) as image:
        assert not image.getexif().get_ifd(0x8825)


def test_formats_with_no_place_for_location_carry_none(tmp_path):
    path = tmp_path / "chieng.wav"
    path.write_bytes(make_wav_bytes(seconds=0.2))
    assert not recording_carries_location(path)
    path = tmp_path / "le-hoi.avi"
    path.write_bytes(b"RIFF" + struct.pack("<I", 4) + b"AVI ")
    assert not recording_carries_location(path)  # not read: see the module's docstring


# Served over HTTP


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def copies():
    folder = Path(location_metadata.settings.MEDIA_ROOT) / COPIES_FOLDER
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")


def make_video(data, name="mua-cong-chieng.mp4"):
    video = HeritageMedia(title="Múa cồng chiêng", type="video", credit="Quay phim: Nhóm điền dã")
    video.file.save(name, ContentFile(data), save=False)
    video.save()
    return video


def show(record_index, video, location_access):
    body = [{"type": "video", "value": {"video": video.pk, "title": "", "transcript": ""}}]
    return make_record(record_index, body=body, latitude=15.0442, longitude=108.4681, location_access=location_access)


@pytest.fixture
def burial_video(record_index):
    """A film of a burial ground whose exact place only the community may see."""
    video = make_video(android_video())
    show(record_index, video, "community")
    return video


@pytest.mark.django_db
def test_anonymous_visitor_gets_the_video_without_its_place(client, burial_video):
    response = client.get(burial_video.file.url)
    served = body(response)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert PLACE not in served and len(served) == len(android_video())
    assert mutagen.mp4.MP4(io.BytesIO(served)).info.length == 2.5
    assert response["ETag"].endswith('-without-location"') and response["Cache-Control"] == "public, no-cache"
    assert client.get(burial_video.file.url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    [copy] = copies()
    assert copy.suffix == ".mp4"


@pytest.mark.django_db
def test_who_may_see_the_place_gets_the_video_no_shared_cache_keeps(client, burial_video, community_member):
    client.force_login(community_member)
    response = client.get(burial_video.file.url)
    assert PLACE in body(response) and response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_a_video_of_a_public_place_is_served_as_it_is(client, record_index):
    video = make_video(iphone_video(), name="le-hoi.mov")
    show(record_index, video, "public")
    response = client.get(video.file.url)
    assert body(response) == iphone_video() and response["Content-Type"] == "video/quicktime"
    assert not copies()


@pytest.mark.django_db
def test_a_recording_without_location_is_served_as_it_is(client, record_index):
    video = make_video(make_wav_bytes(seconds=0.2), name="chieng.wav")
    show(record_index, video, "community")
    response = client.get(video.file.url)
    assert body(response) == make_wav_bytes(seconds=0.2) and "without-location" not in response["ETag"]
    assert not copies()


@pytest.mark.django_db
def test_a_recording_that_cannot_be_checked_is_not_served_to_who_may_not_see_the_place(client, record_index, curator):
    data = bytearray(android_video())
    at = data.index(b"udta") - 4
    data[at : at + 4] = struct.pack(">I", 0x7FFFFFF)
    video = make_video(bytes(data))
    show(record_index, video, "community")
    assert client.get(video.file.url).status_code == 404
    client.force_login(curator)
    assert client.get(video.file.url).status_code == 200


@pytest.mark.django_db
def test_deleting_a_recording_removes_its_copies(client, burial_video, django_capture_on_commit_callbacks):
    client.get(burial_video.file.url)
    assert copies()
    with django_capture_on_commit_callbacks(execute=True):
        burial_video.delete()
    assert not copies()
