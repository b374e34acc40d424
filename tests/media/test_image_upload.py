import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from media.models import HeritageImage
from tests.factories import make_jpeg_bytes


def image_bytes(size, colour, file_format):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=file_format)
    return buffer.getvalue()


def upload(client, **fields):
    data = {
        "title": "Nhà gươl",
        "collection": Collection.get_first_root_node().pk,
        "description": "Nhà gươl giữa làng",
        "credit": "Ảnh: Nhóm kiểm thử",
        "file": SimpleUploadedFile("guol.jpg", make_jpeg_bytes(), content_type="image/jpeg"),
        **fields,
    }
    return client.post("/admin/images/add/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["description", "credit"])
def test_image_without_alt_text_or_credit_is_refused_and_not_saved(client, curator, missing):
    client.force_login(curator)
    response = upload(client, **{missing: ""})
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert HeritageImage.objects.count() == 0


@pytest.mark.django_db
def test_curator_uploads_image_with_alt_text_and_credit(client, curator):
    client.force_login(curator)
    response = upload(client)
    assert response.status_code == 302
    image = HeritageImage.objects.get()
    assert image.credit == "Ảnh: Nhóm kiểm thử"
    assert image.default_alt_text == "Nhà gươl giữa làng"


@pytest.mark.django_db
def test_file_that_is_not_an_image_is_refused(client, curator):
    client.force_login(curator)
    fake = SimpleUploadedFile("anh.jpg", b"this is not a jpeg", content_type="image/jpeg")
    response = upload(client, file=fake)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert HeritageImage.objects.count() == 0


def png_claiming_size(width, height):
    """A tiny PNG whose header claims `width` × `height`: what a decompression bomb looks like."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
def test_phone_photo_suggests_credit_creator_date_and_place_and_is_kept_unchanged(client, curator):
    from tests.factories import make_phone_photo

    client.force_login(curator)
    original = make_phone_photo()
    response = upload(client, credit="", file=SimpleUploadedFile("IMG_2041.JPG", original, content_type="image/jpeg"))
    assert response.status_code == 302
    image = HeritageImage.objects.get()
    assert image.credit == "Ảnh: Đinh Văn Lành / © Sở Dân tộc và Tôn giáo Quảng Ngãi"
    assert image.creator == "Đinh Văn Lành"
    assert (round(image.gps_latitude, 4), round(image.gps_longitude, 4)) == (15.0442, 108.4681)
    assert image.captured_at.isoformat() == "2025-11-08T00:45:12+00:00"  # 07:45:12 in Vietnam (UTC+7)
    assert image.embedded_metadata["sources"] == ["exif"]
    with image.open_file() as stored:
        assert stored.read() == original  # the original is never re-encoded


@pytest.mark.django_db
def test_a_credit_typed_by_the_curator_wins_over_the_files_metadata(client, curator):
    from tests.factories import make_phone_photo

    client.force_login(curator)
    upload(client, credit="Ảnh: Bảo tàng tỉnh", file=SimpleUploadedFile("a.jpg", make_phone_photo()))
    assert HeritageImage.objects.get().credit == "Ảnh: Bảo tàng tỉnh"


@pytest.mark.django_db
def test_without_credit_or_metadata_the_curator_is_asked_for_a_credit(client, curator):
    client.force_login(curator)
    response = upload(client, credit="")
    assert "credit" in response.context["form"].errors
    assert HeritageImage.objects.count() == 0


@pytest.mark.django_db
def test_exif_rotation_is_applied_to_what_visitors_see(client, curator):
    from tests.factories import make_phone_photo

    client.force_login(curator)
    upload(client, file=SimpleUploadedFile("doc.jpg", make_phone_photo(size=(900, 600), orientation=6)))
    rendition = HeritageImage.objects.get().get_rendition("width-300|format-webp")
    assert (rendition.width, rendition.height) == (300, 450)


@pytest.mark.django_db
def test_truncated_photo_is_refused_and_nothing_is_saved(client, curator):
    from tests.factories import make_phone_photo

    client.force_login(curator)
    whole = make_phone_photo(size=(1200, 900))
    response = upload(client, file=SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "corrupt_image"
    assert "bị hỏng hoặc không đầy đủ" in str(response.context["form"].errors["file"])  # said in Vietnamese
    assert HeritageImage.objects.count() == 0


@pytest.mark.django_db
def test_decompression_bomb_is_refused_with_a_clear_message(client, curator):
    client.force_login(curator)
    response = upload(client, file=SimpleUploadedFile("bom.png", png_claiming_size(60_000, 60_000)))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code in ("file_too_many_pixels", "decompression_bomb")
    assert HeritageImage.objects.count() == 0


@pytest.mark.django_db
def test_format_is_judged_by_content_not_by_file_name(client, curator):
    client.force_login(curator)
    png = image_bytes((320, 200), (10, 120, 60), "PNG")
    assert upload(client, file=SimpleUploadedFile("scan.jpg", png)).status_code == 302
    assert HeritageImage.objects.get().file.name.endswith(".png")


@pytest.mark.django_db
def test_heic_from_a_phone_is_accepted(client, curator):
    import pillow_heif

    pillow_heif.register_heif_opener()
    client.force_login(curator)
    heic = image_bytes((400, 300), (60, 60, 160), "HEIF")
    assert upload(client, file=SimpleUploadedFile("IMG_0001.HEIC", heic)).status_code == 302
    image = HeritageImage.objects.get()
    assert (image.width, image.height) == (400, 300)
    assert image.get_rendition("width-200|format-webp").width == 200


def test_xmp_creator_and_rights_are_read():
    import io

    from PIL import Image

    from media.metadata import read_photo_metadata

    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:creator><rdf:Seq><rdf:li>Hồ Văn Thiện</rdf:li></rdf:Seq></dc:creator>"
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY 4.0</rdf:li></rdf:Alt></dc:rights>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, format="JPEG", xmp=xmp.encode())
    found = read_photo_metadata(io.BytesIO(buffer.getvalue()))
    assert (found.creator, found.copyright, found.sources) == ("Hồ Văn Thiện", "CC BY 4.0", ["xmp"])
    assert found.latitude is None and found.captured_at is None


def jpeg_with_iptc(creator, copyright, caption):
    """A JPEG carrying an IPTC-IIM block (APP13, Photoshop 8BIM resource 0x0404)."""
    import struct

    def dataset(number, text):
        value = text.encode()
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value

    iptc = dataset(80, creator) + dataset(116, copyright) + dataset(120, caption)
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    jpeg = make_jpeg_bytes()
    return jpeg[:2] + segment + jpeg[2:]


def test_iptc_creator_copyright_and_caption_are_read():
    import io

    from media.metadata import read_photo_metadata

    found = read_photo_metadata(io.BytesIO(jpeg_with_iptc("Hồ Thị Bảy", "Bảo tàng Quảng Ngãi", "Lễ mừng lúa mới")))
    assert (found.creator, found.copyright, found.description) == (
        "Hồ Thị Bảy",
        "Bảo tàng Quảng Ngãi",
        "Lễ mừng lúa mới",
    )
    assert found.suggested_credit == "Ảnh: Hồ Thị Bảy / © Bảo tàng Quảng Ngãi"


@pytest.mark.django_db
def test_a_scanners_tiff_is_accepted_and_rendered(client, curator):
    client.force_login(curator)
    tiff = image_bytes((600, 400), (200, 180, 150), "TIFF")
    assert upload(client, file=SimpleUploadedFile("ban-do.tif", tiff)).status_code == 302
    assert HeritageImage.objects.get().get_rendition("width-300|format-webp").height == 200


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(client, curator, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    client.force_login(curator)
    response = upload(
        client, file=SimpleUploadedFile("lon.jpg", make_jpeg_bytes((1600, 1200), (1, 2, 3)) + b"\0" * 20_000)
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "file_too_large"
    assert HeritageImage.objects.count() == 0
