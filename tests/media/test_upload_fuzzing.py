"""Property-based fuzzing of the upload forms (test_upload_safety.py pins the known cases).

Whatever a curator's browser sends (random bytes, a photo or recording cut short or with
bytes flipped, the wrong extension, a header claiming a billion pixels, a name in
decomposed Vietnamese, with a path in it or 300 characters long), each upload surface
answers without a server error; a refusal says why and stores nothing (no row, no file);
an acceptance stores one whole file under a safe name inside MEDIA_ROOT.

The site has no public upload surface: every upload is in the admin (images, the image
library's multiple upload, audio and video recordings), so these are what is fuzzed.
Examples are few (CI stays fast); failures are replayed from var/hypothesis.
"""

import io
import json
import struct
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image
from wagtail.models import Collection

from media.models import HeritageImage, HeritageMedia
from tests.factories import make_wav_bytes
from tests.media.test_image_upload import png_claiming_size
from tests.test_public_inputs import fuzz

pytestmark = pytest.mark.django_db


def picture(file_format, size=(48, 32)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (140, 70, 30)).save(buffer, file_format)
    return buffer.getvalue()


def mp4_header():
    """The start of an MP4: an ftyp box, then a movie box that is cut short."""
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2mp41"
    return struct.pack(">I", 8 + len(ftyp)) + ftyp + struct.pack(">I", 4096) + b"moov" + b"\x00" * 64


SAMPLES = {
    "jpeg": picture("JPEG"),
    "png": picture("PNG"),
    "tiff": picture("TIFF"),
    "webp": picture("WEBP"),
    "wav": make_wav_bytes(seconds=0.2),
    "mp4": mp4_header(),
}
EXTENSIONS = ["jpg", "jpeg", "png", "tif", "tiff", "webp", "heic", "gif", "svg", "html", "wav", "mp3", "mp4", "webm"]
EXTENSIONS += ["ogg", "vtt", "exe", ""]


@st.composite
def damaged(draw, sample):
    """A sample cut short, or with a few bytes overwritten."""
    data = bytearray(SAMPLES[sample])
    if draw(st.booleans()):
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


contents = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from(sorted(SAMPLES)).flatmap(damaged),
    st.sampled_from(list(SAMPLES.values())),
    st.tuples(st.integers(1, 200_000), st.integers(1, 200_000)).map(lambda size: png_claiming_size(*size)),
)

STEMS = [
    unicodedata.normalize("NFD", "Lễ hội đâm trâu của người Hrê"),
    "../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "a" * 300,
    "ảnh lễ hội ",
    ".hidden",
    "CON",
    "tên\u202egpj.exe",
]
stems = st.one_of(st.sampled_from(STEMS), st.text(min_size=1, max_size=40).filter(lambda text: "\x00" not in text))
names = st.builds(
    lambda stem, extension: f"{stem}.{extension}" if extension else stem, stems, st.sampled_from(EXTENSIONS)
)


def stored_files():
    root = Path(django_settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def counts():
    return HeritageImage.objects.count(), HeritageMedia.objects.count()


def check_answer(response, before_counts, before_files):
    """No 5xx; a refusal stores nothing; an acceptance stores one file, inside MEDIA_ROOT.
    Returns the new object (removed again by the caller) or None."""
    assert response.status_code < 500, response.status_code
    new_files = stored_files() - before_files
    if counts() == before_counts:
        assert not new_files, f"refused, yet stored {new_files}"
        return None
    assert len(new_files) == 1, new_files
    (name,) = new_files
    assert ".." not in Path(name).parts and "\\" not in name and not Path(name).name.startswith(".")
    return name


def remove_new(model, before_count):
    for item in model.objects.order_by("-pk")[: model.objects.count() - before_count]:
        item.file.delete(save=False)
        item.delete()


@pytest.fixture
def signed_in(client, curator):
    client.force_login(curator)
    return client


@fuzz(30)
@given(content=contents, name=names)
@example(content=png_claiming_size(100_000, 100_000), name="bom.png")
@example(content=SAMPLES["png"], name=unicodedata.normalize("NFD", "../Lễ hội.jpg"))  # accepted, renamed .png
@example(content=SAMPLES["jpeg"][:200], name=unicodedata.normalize("NFD", "ảnh cắt dở.jpg"))
def test_the_image_form_refuses_bad_files_clearly_and_stores_nothing(signed_in, content, name):
    before_counts, before_files = counts(), stored_files()
    response = signed_in.post(
        "/admin/images/add/",
        {
            "title": "Ảnh thử",
            "collection": Collection.get_first_root_node().pk,
            "description": "Ảnh thử nghiệm",
            "credit": "Ảnh: Nhóm kiểm thử",
            "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
        },
    )
    stored = check_answer(response, before_counts, before_files)
    if stored is None:
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors and all(message.strip() for messages in errors.values() for message in messages)
        return
    with Image.open(Path(django_settings.MEDIA_ROOT) / stored) as image:
        image.load()  # accepted means whole and readable
    assert Image.open(io.BytesIO(content)).format is not None
    remove_new(HeritageImage, before_counts[0])


@fuzz(20)
@given(content=contents, name=names)
def test_the_multiple_image_upload_answers_json_and_stores_nothing_on_refusal(signed_in, content, name):
    before_counts, before_files = counts(), stored_files()
    response = signed_in.post(
        "/admin/images/multiple/add/",
        {"collection": Collection.get_first_root_node().pk, "files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code < 500
    answer = json.loads(response.content)
    if not answer["success"]:
        assert answer["error_message"].strip()
        assert counts() == before_counts and stored_files() == before_files
    else:
        remove_new(HeritageImage, before_counts[0])
        # The form (credit) may also keep the upload aside until completed; tidy it.
        from wagtail.models import UploadedFile

        for upload in UploadedFile.objects.all():
            upload.file.delete(save=False)
            upload.delete()


@fuzz(30)
@given(content=contents, name=names, media_type=st.sampled_from(["audio", "video"]))
@example(content=SAMPLES["wav"][:30], name="bai-khan.wav", media_type="audio")
@example(content=SAMPLES["mp4"], name="le-hoi.mp4", media_type="video")
@example(content=SAMPLES["wav"], name="a" * 300 + ".wav", media_type="audio")  # accepted
def test_the_recording_form_refuses_bad_files_clearly_and_stores_nothing(signed_in, content, name, media_type):
    before_counts, before_files = counts(), stored_files()
    response = signed_in.post(
        f"/admin/media/{media_type}/add/",
        {
            "title": "Bản ghi thử",
            "collection": Collection.get_first_root_node().pk,
            "credit": "Ghi âm: Nhóm điền dã",
            "captions_language": "vi",
            "file": SimpleUploadedFile(name, content),
        },
    )
    stored = check_answer(response, before_counts, before_files)
    if stored is None:
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors and all(message.strip() for messages in errors.values() for message in messages)
        return
    assert (Path(django_settings.MEDIA_ROOT) / stored).read_bytes() == content
    remove_new(HeritageMedia, before_counts[1])
