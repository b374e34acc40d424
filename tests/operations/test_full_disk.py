"""The uploads' disk fills up: the curator is told, nothing is half-saved, the site stays up.

The disk is really full: a small tmpfs is mounted as MEDIA_ROOT and filled with a file
until the kernel answers ENOSPC. Nothing is mocked in the write path. Mounting needs root
(or passwordless sudo): under CI=true a mount that cannot be made fails the test; locally
it is skipped with the reason.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from media.models import HeritageImage, HeritageMedia
from tests.factories import make_image, make_jpeg_bytes, make_record, make_wav_bytes

pytestmark = pytest.mark.django_db

DISK_SIZE = 4 * 1024 * 1024
RESERVE = 256 * 1024


def cannot_mount(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"The full-disk drill needs a tmpfs mount: {reason}")
    pytest.skip(f"The full-disk drill needs a tmpfs mount (run as root): {reason}")


@pytest.fixture
def small_disk(tmp_path, settings):
    """A 4 MB tmpfs as MEDIA_ROOT, unmounted afterwards whatever happens."""
    mount_point = tmp_path / "uploads"
    mount_point.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if not (mount and umount):
        cannot_mount("no mount command")
    # As root, or through passwordless sudo (CI runners); the tmpfs belongs to this user.
    sudo = [] if os.geteuid() == 0 else [shutil.which("sudo") or "sudo", "-n"]
    options = f"size={DISK_SIZE},mode=0755,uid={os.geteuid()},gid={os.getegid()}"
    try:
        subprocess.run(
            [*sudo, mount, "-t", "tmpfs", "-o", options, "tmpfs", str(mount_point)],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except FileNotFoundError as error:
        cannot_mount(str(error))
    except subprocess.CalledProcessError as error:
        cannot_mount(error.stderr.strip() or f"mount exited with {error.returncode}")
    settings.MEDIA_ROOT = str(mount_point)
    settings.HERITAGE_UPLOAD_DISK_RESERVE = RESERVE
    try:
        yield mount_point
    finally:
        subprocess.run([*sudo, umount, "--lazy", str(mount_point)], check=False, capture_output=True, timeout=30)


def fill(disk, leave=0):
    """Write one file until the disk is full (or `leave` bytes are left free)."""
    filler = disk / "filler.bin"
    block = b"\xa5" * 65536
    with filler.open("wb") as stream:
        try:
            while True:
                free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
                if free <= leave:
                    break
                stream.write(block[: min(len(block), max(free - leave, 1))])
                stream.flush()
        except OSError as error:
            assert error.errno == 28, error  # ENOSPC: the kernel says the disk is full
    return filler


def files_on(disk):
    """{relative path: sha256} of every file stored, the filler left out."""
    return {
        str(path.relative_to(disk)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in disk.rglob("*")
        if path.is_file() and path.name != "filler.bin"
    }


def png_bytes(size=(600, 600)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 90).convert("RGB").save(buffer, "PNG")  # noise: not compressible
    return buffer.getvalue()


def image_upload(client, name="guol.jpg", data=None):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Nhà gươl",
            "collection": Collection.get_first_root_node().pk,
            "description": "Nhà gươl giữa làng",
            "credit": "Ảnh: Nhóm kiểm thử",
            "file": SimpleUploadedFile(name, data or make_jpeg_bytes(), content_type="image/jpeg"),
        },
    )


def recording_upload(client, url="/admin/media/audio/add/", **files):
    data = {
        "title": "Chiêng ba",
        "collection": Collection.get_first_root_node().pk,
        "credit": "Ghi âm: Nhóm điền dã",
        "captions_language": "vi",
        "file": SimpleUploadedFile("chieng-ba.wav", make_wav_bytes(seconds=1), content_type="audio/wav"),
        **files,
    }
    return client.post(url, data)


@pytest.fixture
def library_on_small_disk(small_disk, record_index):
    """A published record with a photo and a recording, stored on the small disk before it fills."""
    photo = make_image(title="Ảnh lễ hội")
    recording = HeritageMedia(title="Bài khấn", type="audio", credit="Ghi âm: Nhóm điền dã")
    recording.file.save("bai-khan.wav", SimpleUploadedFile("bai-khan.wav", make_wav_bytes(seconds=0.5)), save=False)
    recording.save()
    body = [{"type": "audio", "value": {"audio": recording.pk, "title": "", "transcript": ""}}]
    record = make_record(record_index, main_image=photo, body=body)
    return {"disk": small_disk, "photo": photo, "recording": recording, "record": record}


def assert_site_still_up(client, library):
    assert client.get("/").status_code == 200
    assert client.get(library["record"].url).status_code == 200
    photo = client.get(library["photo"].file.url)
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content) == library["photo"].file.open("rb").read()


def test_uploads_to_a_full_disk_are_refused_with_a_clear_message_and_nothing_stored(
    client, curator, library_on_small_disk
):
    library = library_on_small_disk
    disk = library["disk"]
    before = files_on(disk)
    images, recordings = HeritageImage.objects.count(), HeritageMedia.objects.count()
    fill(disk)
    client.force_login(curator)

    response = image_upload(client)
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["file"][0]
    assert error.code == "disk_full"
    assert "Đĩa của máy chủ đã đầy" in error.messages[0] and "Chưa có gì được lưu" in error.messages[0]

    several = client.post(
        "/admin/images/multiple/add/",
        {"collection": Collection.get_first_root_node().pk, "files[]": SimpleUploadedFile("a.jpg", make_jpeg_bytes())},
    )
    assert several.status_code == 200
    answer = json.loads(several.content)
    assert answer["success"] is False and "đã đầy" in answer["error_message"]

    response = recording_upload(client)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "disk_full"

    # Replacing a recording's file: the old file must still be there afterwards.
    response = recording_upload(client, f"/admin/media/edit/{library['recording'].pk}/")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "disk_full"

    assert (HeritageImage.objects.count(), HeritageMedia.objects.count()) == (images, recordings)
    assert files_on(disk) == before, "a file was added, changed or removed"
    assert not list(disk.rglob(".upload-*")), "a partial file was left behind"
    assert_site_still_up(client, library)


def test_a_curator_who_works_in_english_is_told_in_english(client, curator, library_on_small_disk):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(curator)
    profile.preferred_language = "en"
    profile.save()
    fill(library_on_small_disk["disk"])
    client.force_login(curator)
    response = client.post(
        "/admin/media/audio/add/",
        {
            "title": "Chiêng ba",
            "collection": Collection.get_first_root_node().pk,
            "credit": "Ghi âm",
            "captions_language": "vi",
            "file": SimpleUploadedFile("chieng-ba.wav", make_wav_bytes(seconds=1)),
        },
    )
    message = response.context["form"].errors["file"][0]
    assert message.startswith("The server's disk is full") and "Nothing was saved" in message, message


# Committed requests, as in production: a failed save marks the test's own transaction
# for rollback, which would fail every later query of the test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_disk_that_fills_between_the_check_and_the_write_leaves_no_file_and_no_row(
    client, curator, library_on_small_disk, settings
):
    """Someone else takes the space after the form's check: the poster does not fit after
    the recording was written. The recording's file goes too, no row is made, and the
    curator gets a page saying the disk is full (507), not a server error."""
    library = library_on_small_disk
    disk = library["disk"]
    settings.HERITAGE_UPLOAD_DISK_RESERVE = -DISK_SIZE  # the check sees room it does not have
    before = files_on(disk)
    recordings = HeritageMedia.objects.count()
    fill(disk, leave=64 * 1024)  # room for the recording (16 KB), not for the poster
    client.force_login(curator)
    client.raise_request_exception = False

    poster = SimpleUploadedFile("poster.png", png_bytes())
    assert len(poster) > 256 * 1024
    response = recording_upload(client, thumbnail=poster)

    assert response.status_code == 507
    assert "Đĩa của máy chủ đã đầy" in response.content.decode()
    assert "The file was not saved" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert HeritageMedia.objects.count() == recordings
    assert files_on(disk) == before
    assert not list(disk.rglob(".upload-*"))

    response = image_upload(client, "bien.png", png_bytes((900, 900)))
    assert response.status_code == 507
    assert HeritageImage.objects.filter(title="Nhà gươl").count() == 0
    assert files_on(disk) == before
    assert_site_still_up(client, library)


def test_once_space_is_freed_the_same_upload_is_kept_whole(client, curator, library_on_small_disk):
    disk = library_on_small_disk["disk"]
    filler = fill(disk)
    client.force_login(curator)
    assert image_upload(client).status_code == 200
    filler.unlink()

    data = make_jpeg_bytes()
    assert image_upload(client, data=data).status_code == 302
    stored = HeritageImage.objects.get(title="Nhà gươl")
    assert (Path(disk) / stored.file.name).read_bytes() == data
    assert not list(disk.rglob(".upload-*"))


def test_a_bulk_import_whose_photo_fills_the_disk_refuses_that_row_only(library_on_small_disk, settings, tmp_path):
    """The zip's photo is unpacked beside the uploads, and the disk fills while it is
    written: that row is refused as the disk being full, nothing of it stays on the disk,
    and the row without files is imported."""
    from bulk.importing import import_sheet, media_from
    from bulk.sheets import read_sheet
    from heritage.models import RecordPage
    from tests.bulk.conftest import csv_file, festival_row

    library = library_on_small_disk
    disk = library["disk"]
    archive = tmp_path / "anh.zip"  # the uploaded zip is elsewhere: only its unpacking is on the small disk
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bien.png", png_bytes((900, 900)))
    settings.HERITAGE_UPLOAD_DISK_RESERVE = -DISK_SIZE  # the check sees room it does not have
    before, images = files_on(disk), HeritageImage.objects.count()
    fill(disk, leave=64 * 1024)
    rows = [
        festival_row(1, main_image="bien.png", image_description="Biển làng", image_credit="Ảnh: Nhóm kiểm thử"),
        festival_row(2),
    ]
    with media_from(archive) as media:
        report = import_sheet(read_sheet(csv_file(rows)), media)

    assert (report.created, report.refused) == (1, 1), report.rows
    assert "Đĩa của máy chủ đã đầy" in " ".join(report.rows[0]["problems"])
    assert HeritageImage.objects.count() == images
    assert RecordPage.objects.filter(title="Lễ hội thử số 2").exists()
    assert files_on(disk) == before
    assert not [path for path in disk.iterdir() if path.name.startswith(".bulk-unpacking-")]
