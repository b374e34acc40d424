"""Nothing uploaded is served as an active type, uploads are only allowed media, and no
file is cached beyond an access change."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from heritage.access import bump_access_version
from media.models import HeritageMedia
from media.uploads import safe_content_type
from tests.factories import make_image, make_record, make_wav_bytes

PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:00.400\nLời khấn\n"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def recording(record_index):
    recording = HeritageMedia(title="Bài khấn", type="audio", credit="Ghi âm: Nhóm điền dã")
    recording.file.save("bai-khan.wav", ContentFile(make_wav_bytes(seconds=0.5)), save=False)
    recording.captions.save("bai-khan.vtt", ContentFile(CAPTIONS.encode()), save=False)
    recording.save()
    body = [{"type": "audio", "value": {"audio": recording.pk, "title": "", "transcript": ""}}]
    make_record(record_index, body=body)
    return recording


@pytest.mark.parametrize(
    "name, served_as",
    [
        ("original_images/a.jpg", "image/jpeg"),
        ("images/a.width-800.avif", "image/avif"),
        ("original_images/a.heic", "image/heic"),
        ("media/a.mp3", "audio/mpeg"),
        ("media/a.webm", "video/webm"),
        ("media_captions/a.vtt", "text/vtt; charset=utf-8"),
    ],
)
def test_stored_media_keep_their_own_safe_type(name, served_as):
    assert safe_content_type(name) == (served_as, False)


@pytest.mark.parametrize(
    "name", ["media/a.html", "media/a.htm", "media/a.svg", "media/a.xml", "media/a.js", "media/a.xhtml", "media/a"]
)
def test_active_or_unknown_types_are_only_ever_downloads(name):
    assert safe_content_type(name) == ("application/octet-stream", True)


@pytest.mark.django_db
def test_a_stored_file_with_an_active_extension_is_sent_as_a_download(client, recording):
    """A recording left on disk under an .html name (by an older version, an import, a
    hand copy) is never rendered by the browser: octet-stream, attachment, nosniff."""
    recording.file.save("trang.html", ContentFile(PAGE), save=True)
    response = client.get(recording.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == PAGE


@pytest.mark.django_db
def test_recordings_and_captions_are_served_as_media_with_nosniff(client, recording):
    audio = client.get(recording.file.url)
    captions = client.get(recording.captions.url)
    assert (audio["Content-Type"], captions["Content-Type"]) == ("audio/wav", "text/vtt; charset=utf-8")
    for response in (audio, captions):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response.get("Content-Disposition", "").startswith("attachment")


# --- cache headers and revalidation -----------------------------------------------------


@pytest.fixture
def public_photo(record_index):
    image = make_image(title="Ảnh lễ hội")
    record = make_record(record_index, main_image=image)
    return image, record


@pytest.mark.django_db
def test_a_public_file_is_revalidated_never_cached_for_long(client, public_photo):
    image, _record = public_photo
    response = client.get(image.file.url)
    body_of(response)
    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(image.file.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"
    since = client.get(image.file.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.django_db
def test_iiif_answers_are_revalidated_with_an_etag(client, public_photo):
    image, record = public_photo
    for url in (f"/iiif/3/{image.pk}/info.json", f"/iiif/3/{image.pk}/full/200,/0/default.jpg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, no-cache"
        assert "Cookie" in response["Vary"] and response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    manifest = client.get(f"/iiif/manifest/{record.pk}")
    assert manifest.status_code == 200 and manifest["Cache-Control"] == "public, no-cache"


@pytest.mark.django_db
def test_a_community_members_files_are_private_and_revalidated(client, community_member, record_index):
    image = make_image(title="Ảnh tang lễ")
    make_record(record_index, main_image=image, access_level="community")
    client.force_login(community_member)
    for url in (image.file.url, f"/iiif/3/{image.pk}/full/200,/0/default.jpg"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
        assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_restricting_a_record_hides_its_photo_and_tiles_at_once(client, community_member, public_photo):
    image, record = public_photo
    urls = [
        image.file.url,
        image.get_rendition("width-200|format-webp").url,
        f"/iiif/3/{image.pk}/info.json",
        f"/iiif/3/{image.pk}/full/200,/0/default.jpg",
    ]
    etags = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        etags[url] = response["ETag"]

    record.access_level = "community"
    record.save_revision().publish()
    bump_access_version()  # done by heritage.signals on publish once that lands; harmless twice

    for url in urls:
        assert client.get(url).status_code == 404, url
        # A browser or proxy revalidating the copy it kept is refused too, not told 304.
        assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 404, url
    client.force_login(community_member)
    assert client.get(image.file.url)["Cache-Control"] == "private, no-cache"


# --- what the upload forms accept ----------------------------------------------------------


def upload(client, media_type="audio", **fields):
    data = {
        "title": "Chiêng ba",
        "collection": Collection.get_first_root_node().pk,
        "credit": "Ghi âm: Nhóm điền dã",
        "captions_language": "vi",
        "file": SimpleUploadedFile("chieng-ba.wav", make_wav_bytes(), content_type="audio/wav"),
        **fields,
    }
    return client.post(f"/admin/media/{media_type}/add/", {key: value for key, value in data.items() if value})


def form_errors(response):
    assert response.status_code == 200, "the upload was accepted"
    return response.context["form"].errors.as_data()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 40, 20)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bai-hat.mp3", "bai-hat.wav", "bai-hat.aac", "bai-hat.flac"])
def test_a_web_page_renamed_as_audio_is_refused_and_says_so(client, curator, name):
    client.force_login(curator)
    errors = form_errors(upload(client, file=SimpleUploadedFile(name, PAGE, content_type="audio/mpeg")))
    assert errors["file"][0].code == "markup_file"
    assert "HTML" in errors["file"][0].messages[0]
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["le-hoi.webm", "le-hoi.mkv", "le-hoi.avi", "le-hoi.mpg"])
def test_a_file_renamed_as_a_video_container_mutagen_cannot_read_is_checked_by_its_bytes(client, curator, name):
    client.force_login(curator)
    response = upload(client, "video", file=SimpleUploadedFile(name, b"\x00" * 64 + b"not a video" * 50))
    assert form_errors(response)["file"][0].code == "corrupt_media"
    errors = form_errors(upload(client, "video", file=SimpleUploadedFile(name, SVG)))
    assert errors["file"][0].code == "markup_file"
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
def test_a_real_webm_header_is_accepted(client, curator):
    client.force_login(curator)
    webm = b"\x1a\x45\xdf\xa3" + b"\x9f\x42\x86\x81\x01" + b"\x00" * 200
    response = upload(client, "video", file=SimpleUploadedFile("le-hoi.webm", webm))
    assert response.status_code == 302, response.context["form"].errors
    assert HeritageMedia.objects.get().file.name.endswith(".webm")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["trang.html", "anh.svg", "bai.js", "bai.mp3.html"])
def test_a_recording_with_a_disallowed_extension_is_refused_by_name(client, curator, name):
    client.force_login(curator)
    errors = form_errors(upload(client, file=SimpleUploadedFile(name, make_wav_bytes())))
    assert errors["file"][0].code == "invalid_extension"
    assert "__all__" not in errors  # one clear message, not a second one about an empty name
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
def test_captions_must_be_vtt_by_name_and_by_content(client, curator):
    client.force_login(curator)
    as_html = SimpleUploadedFile("phu-de.html", CAPTIONS.encode())
    assert form_errors(upload(client, captions=as_html))["captions"][0].code == "invalid_extension"
    page_as_vtt = SimpleUploadedFile("phu-de.vtt", PAGE)
    errors = form_errors(upload(client, captions=page_as_vtt))
    assert errors["captions"][0].code == "markup_file"
    assert "HTML" in errors["captions"][0].messages[0]
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
def test_a_poster_must_be_an_image_whose_bytes_match_its_name(client, curator):
    client.force_login(curator)
    svg_poster = SimpleUploadedFile("poster.svg", SVG)
    assert "thumbnail" in form_errors(upload(client, "video", thumbnail=svg_poster))
    page_as_png = SimpleUploadedFile("poster.png", PAGE)
    assert form_errors(upload(client, "video", thumbnail=page_as_png))["thumbnail"][0].code == "markup_file"
    jpeg_named_png = SimpleUploadedFile("poster.jpg", png_bytes())
    assert form_errors(upload(client, "video", thumbnail=jpeg_named_png))["thumbnail"][0].code == "invalid_image"
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
def test_an_ordinary_recording_with_captions_and_poster_is_still_accepted(client, curator):
    client.force_login(curator)
    response = upload(
        client,
        captions=SimpleUploadedFile("chieng-ba.vtt", CAPTIONS.encode()),
        thumbnail=SimpleUploadedFile("poster.png", png_bytes()),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert HeritageMedia.objects.count() == 1
