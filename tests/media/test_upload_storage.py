"""The uploads' storage: a file appears under its name only whole, and never replaces another."""

import errno

import pytest
from django.core.files.base import ContentFile

from media.storage import UploadStorage, is_disk_full


class BrokenUpload(ContentFile):
    """An upload whose second chunk cannot be read (a client gone, a disk error)."""

    def chunks(self, chunk_size=None):
        yield b"first half of the recording"
        raise OSError(errno.EIO, "Input/output error")


@pytest.fixture
def storage(tmp_path):
    return UploadStorage(location=tmp_path, base_url="/uploads/")


def test_a_second_file_of_the_same_name_gets_its_own_name(storage, tmp_path):
    first = storage.save("media/chieng.wav", ContentFile(b"first"))
    second = storage.save("media/chieng.wav", ContentFile(b"second"))
    assert first == "media/chieng.wav" and second != first and second.startswith("media/chieng")
    assert (tmp_path / first).read_bytes() == b"first" and (tmp_path / second).read_bytes() == b"second"


def test_a_write_that_fails_leaves_nothing_under_any_name(storage, tmp_path):
    with pytest.raises(OSError):
        storage.save("media/bai-khan.wav", BrokenUpload(b""))
    assert [path.name for path in tmp_path.rglob("*") if path.is_file()] == []


def test_text_content_and_permissions_follow_djangos_storage(tmp_path):
    storage = UploadStorage(location=tmp_path, file_permissions_mode=0o640)
    name = storage.save("media_captions/loi-khan.vtt", ContentFile("WEBVTT\n\nLời khấn\n"))
    assert (tmp_path / name).read_text() == "WEBVTT\n\nLời khấn\n"
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o640


def test_a_disk_full_error_is_recognised_through_the_errors_it_caused():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as error:
            raise RuntimeError("rendition failed") from error
    except RuntimeError as wrapped:
        assert is_disk_full(wrapped)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))


@pytest.mark.parametrize("name", [".jpg", "..wav", ".hidden"])
def test_a_name_left_hidden_is_given_a_visible_stem(storage, name):
    # What a FileField asks the storage for each upload's name.
    assert storage.generate_filename(f"original_images/{name}") == f"original_images/file{name}"
