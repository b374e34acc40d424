"""A photo's GPS tags give away a place the record generalises: the files served to a
visitor who may not see the exact place carry no location metadata; those who may see it
get the file as it is, never through a shared cache."""

import io
import os
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from media import location_metadata
from media.location_metadata import COPIES_FOLDER, UnreadableMetadata, carries_location, without_location
from media.renditions import filter_specs
from tests.factories import make_image, make_phone_photo, make_record

EXACT = (15.0442, 108.4681)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# Lightroom writes the place into the XMP too, beside the creator.
XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
    'exif:GPSLatitude="15,2.652N" exif:GPSLongitude="108,28.086E" Iptc4xmpCore:Location="Khu mộ đầu nguồn">'
    "<dc:creator><rdf:Seq><rdf:li>Hồ Văn Thiện</rdf:li></rdf:Seq></dc:creator>"
    "<exif:GPSAltitude>412/1</exif:GPSAltitude>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>\n" + " " * 120 + '\n<?xpacket end="w"?>'
).encode()
# The GPS directory's degrees of longitude, as the EXIF stores them (big-endian rational).
LONGITUDE_DEGREES = struct.pack(">II", 108, 1)


def geotagged_photo(file_format="JPEG", artist="Đinh Văn Lành", **options):
    """A phone photo (EXIF with GPS, orientation, artist, copyright) with an ICC profile and
    an XMP packet that also holds the place."""
    photo = Image.open(io.BytesIO(make_phone_photo(artist=artist)))
    exif = photo.info["exif"]
    if file_format == "PNG":  # Pillow writes a PNG's XMP from an iTXt chunk given to it
        options["pnginfo"] = PngImagePlugin.PngInfo()
        options["pnginfo"].add_itxt("XML:com.adobe.xmp", XMP.decode())
    elif file_format == "TIFF":  # and a TIFF's as tag 700 of its first directory
        exif = photo.getexif()
        exif[700] = XMP
    else:
        options["xmp"] = XMP
    buffer = io.BytesIO()
    photo.save(buffer, file_format, exif=exif, icc_profile=SRGB, **options)
    return buffer.getvalue()


def gps(data):
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


def xmp_description(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.getxmp()["xmpmeta"]["RDF"]["Description"]


def assert_location_free_but_otherwise_kept(original, cleaned):
    assert gps(original) and not gps(cleaned)
    assert LONGITUDE_DEGREES in original and LONGITUDE_DEGREES not in cleaned  # zeroed, not only unlinked
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(cleaned)) as after:
        kept = (0x0112, 0x013B, 0x8298)  # orientation, artist, copyright
        assert [after.getexif().get(tag) for tag in kept] == [before.getexif().get(tag) for tag in kept]
        assert after.getexif().get_ifd(0x8769).get(0x9003) == "2025:11:08 07:45:12"  # date taken
        assert after.info.get("icc_profile") == SRGB
        described = xmp_description(cleaned)
        assert described["creator"]["Seq"]["li"] == "Hồ Văn Thiện"
        assert described["Location"] == "Khu mộ đầu nguồn"  # a place name, which records show to all
        assert not [name for name in described if "GPS" in name]


def stored(image):
    return Path(image.file.path).read_bytes()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and the copies made of them, for this test only."""
    settings.MEDIA_ROOT = str(tmp_path / "uploads")


@pytest.fixture
def burial_photo(record_index):
    """A photo of a burial ground whose exact place only the community may see; the
    record itself is public."""
    image = make_image(title="Khu mộ đầu nguồn", file_bytes=geotagged_photo())
    make_record(
        record_index,
        title="Lễ bỏ mả",
        main_image=image,
        latitude=EXACT[0],
        longitude=EXACT[1],
        location_access="community",
    )
    return image


def copies():
    folder = Path(location_metadata.settings.MEDIA_ROOT) / COPIES_FOLDER
    return sorted(path for path in folder.rglob("*") if path.is_file())


# Originals served over HTTP


@pytest.mark.django_db
def test_anonymous_visitor_gets_the_photo_without_its_place(client, burial_photo):
    original = stored(burial_photo)
    response = client.get(burial_photo.file.url)
    served = body(response)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert_location_free_but_otherwise_kept(original, served)
    assert len(served) == len(original)  # edited in place: nothing re-encoded
    assert without_location(served) is None  # and nothing left to take out
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(served)) as after:
        assert before.tobytes() == after.tobytes()
    assert response["Cache-Control"] == "public, no-cache" and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_staff_get_the_place_in_a_file_no_shared_cache_keeps(client, burial_photo, curator):
    anonymous = client.get(burial_photo.file.url)
    client.force_login(curator)
    response = client.get(burial_photo.file.url)
    served = body(response)
    assert served == stored(burial_photo) and gps(served)
    assert response["Cache-Control"] == "private, no-cache" and "Cookie" in response["Vary"]
    assert response["ETag"] != anonymous["ETag"]


@pytest.mark.django_db
def test_a_community_member_sees_the_place_the_community_may_see(client, burial_photo, community_member):
    client.force_login(community_member)
    response = client.get(burial_photo.file.url)
    assert gps(body(response)) and response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_a_record_with_a_public_place_serves_the_gps_to_everyone(client, record_index):
    image = make_image(file_bytes=geotagged_photo())
    make_record(record_index, main_image=image, latitude=EXACT[0], longitude=EXACT[1], location_access="public")
    response = client.get(image.file.url)
    served = body(response)
    assert served == stored(image) and gps(served)
    assert response["Cache-Control"] == "public, no-cache"
    assert not copies()


@pytest.mark.django_db
def test_one_record_hiding_the_place_is_enough(client, record_index, burial_photo):
    make_record(record_index, main_image=burial_photo, location_access="public")
    assert not gps(body(client.get(burial_photo.file.url)))


@pytest.mark.django_db
def test_a_photo_without_location_is_served_as_it_is(client, record_index):
    image = make_image(file_bytes=make_phone_photo(latitude=None))
    make_record(record_index, main_image=image, location_access="community")
    response = client.get(image.file.url)
    assert body(response) == stored(image)
    assert response["Cache-Control"] == "public, no-cache" and "without-location" not in response["ETag"]


@pytest.mark.django_db
def test_revalidation_answers_for_the_copy_the_visitor_may_have(client, burial_photo, curator):
    copy_etag = client.get(burial_photo.file.url)["ETag"]
    assert client.get(burial_photo.file.url, headers={"If-None-Match": copy_etag}).status_code == 304
    client.force_login(curator)
    original_etag = client.get(burial_photo.file.url)["ETag"]
    client.logout()
    # A browser that kept the file with the place (before the place was restricted) gets the copy.
    response = client.get(burial_photo.file.url, headers={"If-None-Match": original_etag})
    assert response.status_code == 200 and not gps(body(response))


@pytest.mark.django_db
def test_the_copy_cannot_be_fetched_by_its_own_address(client, burial_photo, curator):
    client.get(burial_photo.file.url)
    [copy] = copies()
    address = "/uploads/" + copy.relative_to(location_metadata.settings.MEDIA_ROOT).as_posix()
    assert client.get(address).status_code == 404
    client.force_login(curator)
    assert client.get(address).status_code == 404


@pytest.mark.django_db
def test_the_web_server_sends_the_copy_when_configured(client, burial_photo, curator, settings):
    settings.HERITAGE_UPLOADS_ACCEL_PREFIX = "/protected-uploads/"
    response = client.get(burial_photo.file.url)
    [copy] = copies()
    assert response["X-Accel-Redirect"] == "/protected-uploads/" + copy.relative_to(settings.MEDIA_ROOT).as_posix()
    assert response.content == b"" and not gps(copy.read_bytes())
    client.force_login(curator)
    assert client.get(burial_photo.file.url)["X-Accel-Redirect"] == f"/protected-uploads/{burial_photo.file.name}"


@pytest.mark.django_db
def test_a_changed_original_gets_a_new_copy(client, burial_photo):
    first = client.get(burial_photo.file.url)
    assert client.get(burial_photo.file.url)["ETag"] == first["ETag"]  # the copy is made once
    path = Path(burial_photo.file.path)
    path.write_bytes(geotagged_photo(artist="Hồ Thị Bảy"))
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))
    second = client.get(burial_photo.file.url)
    served = body(second)
    assert second["ETag"] != first["ETag"] and not gps(served)
    with Image.open(io.BytesIO(served)) as image:
        assert image.getexif()[0x013B] == "Hồ Thị Bảy".encode().decode("latin-1")
    assert len(copies()) == 1  # the stale copy is gone


@pytest.mark.django_db
def test_copies_are_made_again_when_the_rules_change(client, burial_photo, monkeypatch):
    first = client.get(burial_photo.file.url)["ETag"]
    monkeypatch.setattr(location_metadata, "RULES_VERSION", location_metadata.RULES_VERSION + 1)
    response = client.get(burial_photo.file.url)
    assert response["ETag"] != first and not gps(body(response))
    assert len(copies()) == 1


@pytest.mark.django_db
def test_a_file_that_cannot_be_checked_is_not_served_to_who_may_not_see_the_place(client, record_index, curator):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 40, 20)).save(buffer, "BMP")
    image = make_image(file_bytes=buffer.getvalue())
    make_record(record_index, main_image=image, location_access="community")
    assert client.get(image.file.url).status_code == 404
    client.force_login(curator)
    response = client.get(image.file.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"


# Derivatives: renditions and IIIF


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spec",
    [
        *filter_specs(),  # {% responsive_image %}: AVIF where Pillow has it, and WebP
        "fill-480x320|format-webp",  # record and collection cards
        "fill-400x300|format-webp",  # galleries
        "fill-240x160|format-webp",  # map pop-ups
    ],
)
def test_renditions_the_site_shows_carry_no_location(burial_photo, spec):
    rendition = burial_photo.get_rendition(spec)
    with rendition.file.open() as handle:
        data = handle.read()
    assert not gps(data) and not carries_location(data)


@pytest.mark.django_db
@pytest.mark.parametrize("spec", ["width-400", "max-165x165", "width-400|format-png", "width-400|format-heic"])
def test_renditions_keeping_the_exif_are_made_without_the_place(burial_photo, spec):
    """Willow keeps the original's EXIF, GPS included, in JPEG, PNG and HEIC renditions (the
    admin's thumbnails, any spec without format-webp): they are written without it."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    rendition = burial_photo.get_rendition(spec)
    with rendition.file.open() as handle:
        data = handle.read()
    assert not gps(data) and not carries_location(data) and LONGITUDE_DEGREES not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.height > image.width and image.getexif()[0x8298]  # turned upright, credit kept


@pytest.mark.django_db
def test_a_rendition_made_with_the_place_is_still_served_without_it(client, burial_photo, curator):
    """Renditions made before they were made without location still carry it."""
    rendition = burial_photo.get_rendition("width-400")
    Path(rendition.file.path).write_bytes(geotagged_photo())
    response = client.get(rendition.url)
    assert response.status_code == 200 and not gps(body(response))
    client.force_login(curator)
    assert gps(body(client.get(rendition.url)))


@pytest.mark.django_db
def test_deleting_an_image_removes_the_copies_made_of_it_and_its_renditions(
    client, burial_photo, django_capture_on_commit_callbacks
):
    rendition = burial_photo.get_rendition("width-400")
    Path(rendition.file.path).write_bytes(geotagged_photo())
    for url in (burial_photo.file.url, rendition.url):
        assert not gps(body(client.get(url)))
    assert len(copies()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        burial_photo.delete()
    assert not copies()


@pytest.mark.django_db
def test_deleting_a_rendition_removes_its_copy_only(client, burial_photo, django_capture_on_commit_callbacks):
    rendition = burial_photo.get_rendition("width-400")
    Path(rendition.file.path).write_bytes(geotagged_photo())
    client.get(burial_photo.file.url)
    client.get(rendition.url)
    with django_capture_on_commit_callbacks(execute=True):
        rendition.delete()
    [kept] = copies()
    assert not gps(kept.read_bytes()) and client.get(burial_photo.file.url)["ETag"].endswith('-without-location"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["full/max/0/default.jpg", "full/max/0/default.webp", "0,0,512,512/256,/0/default.jpg"]
)
def test_iiif_images_carry_no_location(client, burial_photo, path, settings, tmp_path):
    settings.HERITAGE_IIIF_CACHE_DIR = tmp_path
    response = client.get(f"/iiif/3/{burial_photo.pk}/{path}")
    assert response.status_code == 200
    assert not gps(response.content) and not carries_location(response.content)
    assert b"GPS" not in response.content and LONGITUDE_DEGREES not in response.content


# The formats curators upload


@pytest.mark.parametrize(
    ("file_format", "options"),
    [("PNG", {}), ("WEBP", {"quality": 90}), ("WEBP", {"lossless": True}), ("TIFF", {})],
)
def test_png_webp_and_tiff_lose_their_location_losslessly(file_format, options):
    original = geotagged_photo(file_format, **options)
    cleaned = without_location(original)
    assert_location_free_but_otherwise_kept(original, cleaned)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(cleaned)) as after:
        assert before.tobytes() == after.tobytes()
    assert without_location(cleaned) is None  # running it again finds nothing more


def test_compressed_xmp_in_a_png_loses_its_location():
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 40)).save(buffer, "PNG", pnginfo=info)
    cleaned = without_location(buffer.getvalue())
    assert "GPSLatitude" not in xmp_description(cleaned) and b"GPS" not in cleaned


@pytest.mark.parametrize("file_format", ["HEIF", "AVIF"])
def test_heic_and_avif_are_re_encoded_without_location(file_format):
    from PIL import features
    from pillow_heif import register_heif_opener

    register_heif_opener()
    if file_format == "AVIF" and not features.check("avif"):
        pytest.skip("this Pillow cannot write AVIF")
    original = geotagged_photo(file_format)
    assert carries_location(original)
    cleaned = without_location(original)
    assert not gps(cleaned) and LONGITUDE_DEGREES not in cleaned
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == file_format and after.size == before.size
        assert after.getexif().get(0x8298) == before.getexif().get(0x8298)
        assert after.info.get("icc_profile") == SRGB
    assert xmp_description(cleaned)["creator"]["Seq"]["li"] == "Hồ Văn Thiện"


def test_a_drones_xmp_only_location_is_found_and_removed():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" '
        b'drone-dji:GpsLatitude="+15.044200" drone-dji:GpsLongtitude="+108.468100" drone-dji:FlightYawDegree="+12.3"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "JPEG", xmp=xmp)
    cleaned = without_location(buffer.getvalue())
    assert xmp_description(cleaned) == {"about": "", "FlightYawDegree": "+12.3"}
    assert b"15.0442" not in cleaned and b"108.4681" not in cleaned


def test_a_second_image_after_the_first_loses_its_location_too():
    """A phone's JPEG may carry more images after its end (MPF: a depth or gain map),
    found by their offsets: they are cleaned in place, nothing moves."""
    original = geotagged_photo() + geotagged_photo(artist="Hồ Thị Bảy")
    cleaned = without_location(original)
    assert len(cleaned) == len(original)
    assert LONGITUDE_DEGREES not in cleaned and b"GPSLatitude" not in cleaned


def test_an_unreadable_exif_block_is_zeroed():
    photo = bytearray(geotagged_photo())
    start = photo.index(b"Exif\x00\x00") + 6
    photo[start + 4 : start + 8] = struct.pack(">I", 0xFFFFFF)  # IFD0 far past the end
    cleaned = without_location(bytes(photo))
    assert LONGITUDE_DEGREES not in cleaned and cleaned.count(b"\x00") > photo.count(b"\x00")


def test_unknown_formats_cannot_be_checked():
    with pytest.raises(UnreadableMetadata):
        carries_location(b"\x00\x00\x00\x0cjP  \r\n\x87\n")  # JPEG 2000
