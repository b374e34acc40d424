"""Uploaded files follow the access level of the records that show them."""

import pytest
from django.core.files.base import ContentFile

from media.models import HeritageMedia
from tests.factories import make_image, make_record, make_user, make_wav_bytes


@pytest.fixture
def files(record_index):
    public_image = make_image(title="Ảnh công khai")
    community_image = make_image(title="Ảnh tang lễ")
    recording = HeritageMedia(title="Bài khấn", type="audio", credit="Ghi âm: Nhóm điền dã")
    recording.file.save("bai-khan.wav", ContentFile(make_wav_bytes(seconds=0.5)), save=False)
    recording.captions.save(
        "bai-khan.vtt", ContentFile("WEBVTT\n\n00:00.000 --> 00:00.400\nLời khấn\n".encode()), save=False
    )
    recording.save()
    make_record(record_index, main_image=public_image)
    body = [{"type": "audio", "value": {"audio": recording.pk, "title": "", "transcript": ""}}]
    make_record(record_index, main_image=community_image, body=body, access_level="community")
    return {
        "public": public_image,
        "community": community_image,
        "unused": make_image(title="Ảnh chưa dùng"),
        "recording": recording,
    }


def rendition_url(image):
    return image.get_rendition("width-200|format-webp").url


@pytest.mark.django_db
def test_a_public_records_photo_is_a_public_file(client, files):
    image = files["public"]
    for url in (image.file.url, rendition_url(image)):
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "public, no-cache"
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_community_records_files_are_not_served_to_anonymous_visitors(client, files):
    image, recording = files["community"], files["recording"]
    urls = [image.file.url, rendition_url(image), recording.file.url, recording.captions.url]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]
    client.force_login(make_user(groups=["Community member"]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"].startswith("private")


@pytest.mark.django_db
def test_an_image_no_page_uses_is_for_staff_only(client, files):
    url = files["unused"].file.url
    assert client.get(url).status_code == 404
    client.force_login(make_user(groups=["Curator"]))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/uploads/../heritage.sqlite3", "/uploads/original_images/khong-co.jpg", "/uploads/documents/x.pdf"]
)
def test_paths_that_belong_to_nothing_are_404(client, files, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_web_server_sends_the_bytes_when_configured(client, files, settings):
    settings.HERITAGE_UPLOADS_ACCEL_PREFIX = "/protected-uploads/"
    image = files["public"]
    response = client.get(image.file.url)
    assert response["X-Accel-Redirect"] == f"/protected-uploads/{image.file.name}"
    assert response.content == b""
