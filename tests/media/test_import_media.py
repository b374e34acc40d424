import errno
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from media.models import HeritageImage, HeritageMedia
from media.storage import UploadStorage
from tests.factories import make_jpeg_bytes, make_phone_photo, make_record, make_wav_bytes

HEADER = "file,record,title,description,credit,creator,source,licence,shows_people,consent,transcript,captions\n"


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads of this test alone, so that its assertions can list every stored file."""
    root = tmp_path / "uploads"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def field_folder(tmp_path, record_index, media_root):
    record = make_record(record_index, title="Lễ ăn trâu", slug="le-an-trau")
    other = make_record(record_index, title="Dệt thổ cẩm")
    folder = tmp_path / "dien-da"
    folder.mkdir()
    (folder / "cay-neu.jpg").write_bytes(make_phone_photo())
    (folder / "nha-guol.jpg").write_bytes(make_jpeg_bytes((800, 600), (20, 90, 30)))
    (folder / "cung-nha-guol.jpg").write_bytes(make_jpeg_bytes((800, 600), (20, 90, 30)))  # same bytes
    (folder / "hong.jpg").write_bytes(make_jpeg_bytes((800, 600))[:900])
    (folder / "chieng.wav").write_bytes(make_wav_bytes(seconds=1.0))
    (folder / "chieng.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:00.900\nTiếng chiêng\n", encoding="utf-8")
    rows = [
        "cay-neu.jpg,le-an-trau,Cây nêu,Cây nêu giữa sân,,,Điền dã 2025,cc-by-4.0,no,,,",
        f"nha-guol.jpg,{other.pk},Nhà gươl,Nhà gươl,Ảnh: Hồ Văn A,Hồ Văn A,Điền dã 2025,cc-by-4.0,,,,",
        f"cung-nha-guol.jpg,{other.pk},Nhà gươl (bản sao),Nhà gươl,Ảnh: Hồ Văn A,,,cc-by-4.0,,,,",
        "hong.jpg,le-an-trau,Ảnh hỏng,Ảnh hỏng,Ảnh: X,,,cc-by-4.0,,,,",
        "khong-co.jpg,le-an-trau,Không có,Không có,Ảnh: X,,,cc-by-4.0,,,,",
        "nha-guol.jpg,khong-co-ho-so,Nhà gươl,Nhà gươl,Ảnh: X,,,cc-by-4.0,,,,",
        "nha-guol.jpg,le-an-trau,Nhà gươl,Nhà gươl,Ảnh: X,,,gpl,,,,",
        "chieng.wav,le-an-trau,Chiêng,,Ghi âm: Nhóm điền dã,,,cc-by-4.0,,,Tiếng chiêng mở lễ,chieng.vtt",
    ]
    (tmp_path / "metadata.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return {"folder": folder, "csv": tmp_path / "metadata.csv", "record": record, "other": other, "root": media_root}


def run(field_folder, **options):
    """(stdout, stderr, the CommandError the run ended with or None): a failed row makes the exit non-zero."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_media", str(field_folder["folder"]), csv=str(field_folder["csv"]), stdout=out, stderr=err, **options
        )
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.mark.django_db
def test_import_attaches_files_and_reports_every_rejected_row(field_folder):
    out, err, failure = run(field_folder)
    assert "Đã tạo 3, đã gắn 3, đã có sẵn 1, đã gắn từ trước 1, bị từ chối 4." in out
    assert "dòng 5 (hong.jpg)" in err and "bị hỏng hoặc không đầy đủ" in err
    assert "dòng 6 (khong-co.jpg): không có tệp khong-co.jpg trong thư mục" in err
    assert "dòng 7 (nha-guol.jpg): không có hồ sơ khong-co-ho-so" in err
    assert "dòng 8 (nha-guol.jpg): giấy phép gpl không có trong danh mục" in err
    assert failure is not None and failure.returncode == 1
    assert "4 dòng chưa được nhập" in str(failure)

    record = field_folder["record"]
    record.refresh_from_db()
    draft = record.get_latest_revision_as_object()
    photo = HeritageImage.objects.get(title="Cây nêu")
    assert draft.main_image == photo
    assert photo.credit == "Ảnh: Đinh Văn Lành / © Sở Dân tộc và Tôn giáo Quảng Ngãi"  # from EXIF
    assert photo.licence.code == "cc-by-4.0" and photo.source == "Điền dã 2025"
    assert [block.block_type for block in draft.body] == ["audio"]
    recording = HeritageMedia.objects.get()
    assert recording.captions and recording.transcript == "Tiếng chiêng mở lễ"
    assert recording.duration == pytest.approx(1.0, abs=0.01)
    assert record.main_image is None  # a draft for curators to review; the live page is unchanged

    field_folder["other"].refresh_from_db()
    other = field_folder["other"].get_latest_revision_as_object()
    assert other.main_image.title == "Nhà gươl"
    assert [block.block_type for block in other.body] == []  # the identical copy was not added twice


@pytest.mark.django_db
def test_running_the_import_again_changes_nothing(field_folder):
    run(field_folder)
    revisions = field_folder["record"].revisions.count()
    files = stored_files(field_folder["root"])
    out, _err, _failure = run(field_folder)
    assert "Đã tạo 0, đã gắn 0, đã có sẵn 4, đã gắn từ trước 4, bị từ chối 4." in out
    assert HeritageImage.objects.count() == 2 and HeritageMedia.objects.count() == 1
    assert field_folder["record"].revisions.count() == revisions
    assert stored_files(field_folder["root"]) == files


@pytest.mark.django_db
def test_publish_puts_complete_images_live(field_folder):
    run(field_folder, publish=True)
    record = field_folder["record"]
    record.refresh_from_db()
    assert record.main_image.title == "Cây nêu"


@pytest.mark.django_db
def test_messages_follow_the_interface_language(field_folder):
    with translation.override("en"):
        out, err, failure = run(field_folder)
    assert "Created 3, attached 3, already stored 1, already attached 1, rejected 4." in out
    assert "row 6 (khong-co.jpg): no file khong-co.jpg in the folder" in err
    assert "4 rows were not imported" in str(failure)


def arabic_indic(number):
    return "".join(chr(0x0660 + int(digit)) for digit in str(number))


@pytest.fixture
def messy_folder(tmp_path, record_index, media_root):
    """A folder from the field with one good row of each kind and every way a row goes wrong."""
    record = make_record(record_index, title="Lễ mừng lúa mới", slug="le-mung-lua-moi")
    decoy = make_record(record_index, title="Hồ sơ không được đụng tới")
    folder = tmp_path / "dien-da"
    folder.mkdir()
    (folder / "lua-moi.jpg").write_bytes(make_jpeg_bytes((640, 480), (200, 160, 40)))
    (folder / "gia-lua.jpg").write_bytes(make_jpeg_bytes((640, 480), (90, 160, 40)))
    (folder / "ghi-am-doi-ten.jpg").write_bytes(make_wav_bytes(seconds=0.5))  # a recording named as a photo
    (folder / "anh-doi-ten.mp3").write_bytes(make_jpeg_bytes((320, 240), (10, 10, 200)))  # a photo named .mp3
    (folder / "ghi-chu.jpg").write_text("Ghi chú điền dã, không phải ảnh.", encoding="utf-8")
    (folder / "hat-ru.wav").write_bytes(make_wav_bytes(seconds=0.8))
    (folder / "hat-ru-loi.wav").write_bytes(make_wav_bytes(seconds=0.6))
    (folder / "hat-ru-loi.vtt").write_text("WEBVTT\n\n00:05.000 --> 00:01.000\nNgược giờ\n", encoding="utf-8")
    (folder / "ma-so.jpg").write_bytes(make_jpeg_bytes((320, 240), (1, 2, 3)))
    good = "Ảnh: Điền dã,Nhóm điền dã,Điền dã 2025,cc-by-4.0,,,,"
    lines = [
        HEADER.encode(),
        f"lua-moi.jpg,le-mung-lua-moi,Lúa mới,Gùi lúa mới,{good}\n".encode(),  # row 2: imported
        b"gia-lua.jpg,le-mung-lua-moi,Gi\xe3 l\xfaa,Gi\xe3 l\xfaa,Anh: X,,,cc-by-4.0,,,,\n",  # 3: Windows-1258 bytes
        f"gia-lua.jpg,le-mung-lua-moi,Giã lúa,Giã lúa, chày gỗ,{good}\n".encode(),  # 4: an unquoted comma
        b"\n",  # 5: a blank row, skipped
        f"khong-co.jpg,le-mung-lua-moi,Không có,Không có,{good}\n".encode(),  # 6: no such file
        f"ghi-am-doi-ten.jpg,le-mung-lua-moi,Ghi âm,Ghi âm,{good}\n".encode(),  # 7: not an image
        f"anh-doi-ten.mp3,le-mung-lua-moi,Ảnh,,{good}\n".encode(),  # 8: not a recording
        f"ghi-chu.jpg,le-mung-lua-moi,Ghi chú,Ghi chú,{good}\n".encode(),  # 9: text named .jpg
        f"ma-so.jpg,987654321,Mã số,Mã số,{good}\n".encode(),  # 10: no record with that id
        f"ma-so.jpg,99999999999999999999999,Mã số,Mã số,{good}\n".encode(),  # 11: beyond 64 bits
        f"ma-so.jpg,{arabic_indic(decoy.pk)},Mã số,Mã số,{good}\n".encode(),  # 12: the decoy's id in other digits
        "ma-so.jpg,le-mung-lua-moi,Mã số,Mã số,Ảnh: X,,,cc-by-9.9,,,,\n".encode(),  # 13: no such licence
        "hat-ru-loi.wav,le-mung-lua-moi,Hát ru,,Ghi âm: X,,,cc-by-4.0,,,,hat-ru-loi.vtt\n".encode(),  # 14: bad VTT
        "hat-ru.wav,le-mung-lua-moi,Hát ru,,Ghi âm: Nhóm điền dã,,,cc-by-4.0,,,Lời ru,\n".encode(),  # 15: imported
    ]
    (tmp_path / "metadata.csv").write_bytes(b"".join(lines))
    return {"folder": folder, "csv": tmp_path / "metadata.csv", "record": record, "decoy": decoy, "root": media_root}


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_its_number_and_reason_and_the_others_are_imported(messy_folder):
    out, err, failure = run(messy_folder)

    assert "Đã tạo 2, đã gắn 2, đã có sẵn 0, đã gắn từ trước 0, bị từ chối 11." in out
    lines = err.splitlines()
    rejected_rows = (3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14)  # row 5 is blank, not a rejection
    assert [line.split(" (")[0].strip() for line in lines] == [f"dòng {number}" for number in rejected_rows]
    report = dict(zip(rejected_rows, lines, strict=True))
    assert "cột title chứa byte không phải văn bản UTF-8" in report[3]
    assert "có 13 cột trong khi dòng tiêu đề có 12" in report[4]
    assert "không có tệp khong-co.jpg trong thư mục" in report[6]
    assert "(ghi-am-doi-ten.jpg):" in report[7] and report[7].split("): ", 1)[1]
    assert "Tệp này không phải bản ghi MP3 đọc được" in report[8]
    assert "(ghi-chu.jpg):" in report[9] and report[9].split("): ", 1)[1]
    assert "không có hồ sơ 987654321" in report[10]
    assert "không có hồ sơ 99999999999999999999999 (mã hồ sơ gồm tối đa 18 chữ số 0-9)" in report[11]
    assert f"không có hồ sơ {arabic_indic(messy_folder['decoy'].pk)}" in report[12]
    assert "giấy phép cc-by-9.9 không có trong danh mục" in report[13]
    assert "phụ đề hat-ru-loi.vtt: line 3" in report[14]
    assert failure is not None and "11 dòng chưa được nhập" in str(failure)

    messy_folder["record"].refresh_from_db()
    draft = messy_folder["record"].get_latest_revision_as_object()
    assert draft.main_image.title == "Lúa mới"
    assert [(block.block_type, block.value["audio"].title) for block in draft.body] == [("audio", "Hát ru")]
    assert messy_folder["decoy"].revisions.count() == 1  # the id in Arabic-Indic digits matched nothing
    assert sorted(HeritageImage.objects.values_list("title", flat=True)) == ["Lúa mới"]
    assert stored_files(messy_folder["root"]) == ["media/hat-ru.wav", "original_images/lua-moi.jpg"]


@pytest.mark.django_db
def test_rerun_after_fixing_the_bad_rows_imports_only_those(messy_folder):
    run(messy_folder)
    record, decoy, root = messy_folder["record"], messy_folder["decoy"], messy_folder["root"]
    before = {"files": stored_files(root), "images": list(HeritageImage.objects.values_list("pk", "file_hash"))}
    revisions = record.revisions.count()

    fixed_rows = [
        f'gia-lua.jpg,{record.pk},Giã lúa,"Giã lúa, chày gỗ",Ảnh: X,Nhóm điền dã,Điền dã 2025,cc-by-4.0,,,,',
        "ma-so.jpg,le-mung-lua-moi,Mã số,Mã số,Ảnh: X,Nhóm điền dã,Điền dã 2025,cc-by-4.0,,,,",
        "lua-moi.jpg,le-mung-lua-moi,Lúa mới,Gùi lúa mới,Ảnh: Điền dã,Nhóm điền dã,Điền dã 2025,cc-by-4.0,,,,",
        "hat-ru.wav,le-mung-lua-moi,Hát ru,,Ghi âm: Nhóm điền dã,,,cc-by-4.0,,,Lời ru,",
    ]
    messy_folder["csv"].write_text(HEADER + "\n".join(fixed_rows) + "\n", encoding="utf-8")
    out, err, failure = run(messy_folder)

    assert failure is None and err == ""
    assert "Đã tạo 2, đã gắn 2, đã có sẵn 2, đã gắn từ trước 2, bị từ chối 0." in out
    assert set(before["images"]) < set(HeritageImage.objects.values_list("pk", "file_hash"))
    assert stored_files(root) == sorted(before["files"] + ["original_images/gia-lua.jpg", "original_images/ma-so.jpg"])
    assert record.revisions.count() == revisions + 2 and decoy.revisions.count() == 1
    record.refresh_from_db()
    draft = record.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["audio", "image", "image"]


def fail_storage_for(monkeypatch, suffix):
    """The disk fills up while one file is written: the write of any name ending in `suffix` fails."""
    original = UploadStorage._save

    def save(storage, name, content):
        if name.endswith(suffix):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(storage, name, content)

    monkeypatch.setattr(UploadStorage, "_save", save)


@pytest.mark.django_db
def test_a_failed_storage_write_is_reported_and_the_row_leaves_no_file(field_folder, monkeypatch):
    fail_storage_for(monkeypatch, ".vtt")  # the captions, written after the recording itself
    out, err, failure = run(field_folder)

    assert "Đã tạo 2, đã gắn 2, đã có sẵn 1, đã gắn từ trước 1, bị từ chối 5." in out
    assert "dòng 9 (chieng.wav): lỗi ngoài dự kiến, không giữ lại gì của dòng này (OSError:" in err
    assert "No space left on device" in err
    assert failure is not None and "Trong đó 1 dòng lỗi vì nguyên nhân ngoài tệp CSV" in str(failure)
    assert not HeritageMedia.objects.exists()
    assert stored_files(field_folder["root"]) == ["original_images/cay-neu.jpg", "original_images/nha-guol.jpg"]

    monkeypatch.undo()  # space freed: the same CSV again imports the recording and nothing else
    out, _err, _failure = run(field_folder)
    assert "Đã tạo 1, đã gắn 1, đã có sẵn 3, đã gắn từ trước 3, bị từ chối 4." in out
    assert stored_files(field_folder["root"]) == [
        "media/chieng.wav",
        "media_captions/chieng.vtt",
        "original_images/cay-neu.jpg",
        "original_images/nha-guol.jpg",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["heritage_media_heritageimage", "wagtailcore_revision"])
def test_a_database_error_rolls_back_the_row_and_removes_its_file(field_folder, table):
    """A constraint refuses one insert: the image row (its file already stored) or, later, the revision."""
    if connection.vendor != "sqlite":
        pytest.skip("the failing constraint is written as an SQLite trigger")
    other = field_folder["other"]
    condition = "NEW.title = 'Nhà gươl'" if table.endswith("image") else f"NEW.object_id = '{other.pk}'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TRIGGER refuse_one BEFORE INSERT ON {table} WHEN {condition} "  # noqa: S608 - fixed names
            "BEGIN SELECT RAISE(ABORT, 'refused by a constraint'); END"
        )
    out, err, failure = run(field_folder)

    assert "dòng 3 (nha-guol.jpg): lỗi ngoài dự kiến, không giữ lại gì của dòng này (IntegrityError" in err
    assert "refused by a constraint" in err
    assert failure is not None and failure.returncode == 1
    assert not HeritageImage.objects.filter(title="Nhà gươl").exists()
    assert "original_images/nha-guol.jpg" not in stored_files(field_folder["root"])
    assert "original_images/cay-neu.jpg" in stored_files(field_folder["root"])
    assert HeritageMedia.objects.count() == 1  # the rows after it were imported


@pytest.mark.django_db
def test_a_record_that_cannot_be_published_keeps_nothing_of_the_row(tmp_path, record_index, media_root):
    record = make_record(record_index, title="Nhà rông", slug="nha-rong")
    folder = tmp_path / "anh"
    folder.mkdir()
    (folder / "nha-rong.jpg").write_bytes(make_jpeg_bytes((640, 480), (120, 60, 20)))
    csv_path = tmp_path / "metadata.csv"
    csv_path.write_text(HEADER + "nha-rong.jpg,nha-rong,Nhà rông,Nhà rông,Ảnh: X,,,cc-by-4.0,,,,\n", encoding="utf-8")
    out, err, failure = run({"folder": folder, "csv": csv_path}, publish=True)

    assert "dòng 2 (nha-rong.jpg): chưa xuất bản: ảnh Nhà rông còn thiếu" in err
    assert failure is not None
    assert not HeritageImage.objects.exists() and stored_files(media_root) == []
    assert record.revisions.count() == 1


@pytest.mark.django_db
def test_an_interrupted_run_reports_where_it_stopped_and_keeps_no_half_row(field_folder, monkeypatch):
    from media import importing

    original = importing._attach

    def attach(record, item, block_type, publish):
        if item.title == "Nhà gươl":  # the operator presses Ctrl-C while row 3 is being attached
            raise KeyboardInterrupt
        return original(record, item, block_type, publish)

    monkeypatch.setattr(importing, "_attach", attach)
    out, err, failure = run(field_folder)

    assert "Đã tạo 1, đã gắn 1, đã có sẵn 0, đã gắn từ trước 0, bị từ chối 0." in out
    assert failure is not None and failure.returncode == 130
    assert "Đã dừng ở dòng 3" in str(failure)
    assert list(HeritageImage.objects.values_list("title", flat=True)) == ["Cây nêu"]
    assert stored_files(field_folder["root"]) == ["original_images/cay-neu.jpg"]


def xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


ROWS = "nha-guol.jpg,1,Nhà gươl,Nhà gươl,Ảnh: Hồ Văn A,,,cc-by-4.0,,,,\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        ((HEADER + ROWS * 3).encode("cp1258", "replace"), "không phải văn bản UTF-8 (3 trên 3 dòng)"),
        ((HEADER + ROWS).encode("utf-16"), "không phải văn bản UTF-8"),
        (xlsx_bytes(), "là bảng tính hoặc tệp nén ZIP, không phải tệp CSV"),
        (make_jpeg_bytes(), "không phải văn bản UTF-8"),
        (b"", "không có nội dung"),
        (b"ten,ho_so\na,b\n", "thiếu cột file, record"),
        (("tệp;hồ sơ\n" + ROWS).encode(), "thiếu cột file, record"),
        ((HEADER.replace("title", "file") + ROWS).encode(), "có cột file lặp lại nhiều lần"),
        (('file,record\n"a.jpg,1\n' + "x" * 140_000).encode(), "dạng CSV ở dòng 2"),
    ],
    ids=["windows-1258", "utf-16", "xlsx", "jpeg", "empty", "no-header", "wrong-header", "repeated-column", "quote"],
)
def test_a_csv_that_cannot_be_read_is_refused_before_anything_is_written(field_folder, content, message):
    field_folder["csv"].write_bytes(content)
    out, _err, failure = run(field_folder)
    assert failure is not None and message in str(failure)
    assert out == ""
    assert not HeritageImage.objects.exists() and not HeritageMedia.objects.exists()
    assert stored_files(field_folder["root"]) == []


@pytest.mark.django_db
def test_a_csv_saved_with_semicolons_is_read(field_folder):
    text = field_folder["csv"].read_text(encoding="utf-8")
    field_folder["csv"].write_text(text.replace(",", ";"), encoding="utf-8")
    out, _err, _failure = run(field_folder)
    assert "Đã tạo 3, đã gắn 3, đã có sẵn 1, đã gắn từ trước 1, bị từ chối 4." in out
