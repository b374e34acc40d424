import io

import pytest
from PIL import Image

from tests.factories import make_image, make_jpeg_bytes, make_record, make_user


def jpeg_with_orientation(size, orientation):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def shown_images(record_index):
    public = make_image(title="Ảnh công khai", file_bytes=make_jpeg_bytes((1200, 800)))
    community = make_image(title="Ảnh cộng đồng")
    unused = make_image(title="Ảnh chưa dùng")
    make_record(record_index, title="Hồ sơ công khai", main_image=public)
    make_record(record_index, title="Hồ sơ cộng đồng", main_image=community, access_level="community")
    return {"public": public, "community": community, "unused": unused}


@pytest.mark.django_db
def test_info_json_describes_a_public_image(client, shown_images):
    image = shown_images["public"]
    response = client.get(f"/iiif/3/{image.pk}/info.json")
    info = response.json()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert info["id"] == f"http://testserver/iiif/3/{image.pk}"
    assert (info["type"], info["profile"], info["width"], info["height"]) == ("ImageService3", "level1", 1200, 800)
    assert info["tiles"][0]["scaleFactors"][:2] == [1, 2]
    assert "webp" in info["extraFormats"]


@pytest.mark.django_db
def test_images_follow_the_access_level_of_the_records_that_show_them(client, shown_images):
    community, unused = shown_images["community"], shown_images["unused"]
    for image in (community, unused):
        assert client.get(f"/iiif/3/{image.pk}/info.json").status_code == 404
        assert client.get(f"/iiif/3/{image.pk}/full/max/0/default.jpg").status_code == 404
    client.force_login(make_user(groups=["Community member"]))
    assert client.get(f"/iiif/3/{community.pk}/info.json").status_code == 200
    assert client.get(f"/iiif/3/{unused.pk}/info.json").status_code == 404
    client.force_login(make_user(groups=["Curator"]))
    assert client.get(f"/iiif/3/{unused.pk}/full/max/0/default.jpg").status_code == 200


@pytest.mark.django_db
def test_region_and_size_are_cut_from_the_original(client, shown_images):
    image = shown_images["public"]
    response = client.get(f"/iiif/3/{image.pk}/100,50,400,200/200,/0/default.webp")
    assert response["Content-Type"] == "image/webp"
    produced = Image.open(io.BytesIO(response.content))
    assert (produced.format, produced.size) == ("WEBP", (200, 100))
    square = Image.open(io.BytesIO(client.get(f"/iiif/3/{image.pk}/square/,300/0/default.jpg").content))
    assert square.size == (300, 300)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "full/max/90/default.jpg",
        "full/max/0/bitonal.jpg",
        "full/max/0/default.gif",
        "full/2000,/0/default.jpg",
        "full/^2000,/0/default.jpg",
        "5000,0,10,10/max/0/default.jpg",
        "pct:10/max/0/default.jpg",
        "full/0,/0/default.jpg",
    ],
)
def test_requests_the_server_cannot_answer_are_400_with_a_reason(client, shown_images, path):
    response = client.get(f"/iiif/3/{shown_images['public'].pk}/{path}")
    assert response.status_code == 400
    assert response.content  # a sentence saying which part is wrong


@pytest.mark.django_db
def test_exif_orientation_is_applied_to_the_served_image(client, record_index):
    image = make_image(file_bytes=jpeg_with_orientation((600, 400), orientation=6))
    make_record(record_index, main_image=image)
    info = client.get(f"/iiif/3/{image.pk}/info.json").json()
    assert (info["width"], info["height"]) == (400, 600)
    served = Image.open(io.BytesIO(client.get(f"/iiif/3/{image.pk}/full/200,/0/default.jpg").content))
    assert served.size == (200, 300)


@pytest.mark.django_db
def test_derived_images_are_cached_on_disk(client, shown_images, settings, tmp_path):
    settings.HERITAGE_IIIF_CACHE_DIR = tmp_path
    image = shown_images["public"]
    url = f"/iiif/3/{image.pk}/0,0,512,512/256,/0/default.jpg"
    first = client.get(url).content
    cached = list((settings.HERITAGE_IIIF_CACHE_DIR / str(image.pk)).rglob("*.jpg"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    assert client.get(url).content == first


@pytest.mark.django_db
def test_base_uri_redirects_to_info_json(client, shown_images):
    response = client.get(f"/iiif/3/{shown_images['public'].pk}")
    assert response.status_code == 303 and response["Location"].endswith("/info.json")
