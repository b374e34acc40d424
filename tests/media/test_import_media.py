import io

import pytest
from django.core.management import CommandError, call_command

from media.models import HeritageImage, HeritageMedia
from tests.factories import make_jpeg_bytes, make_phone_photo, make_record, make_wav_bytes

HEADER = "file,record,title,description,credit,creator,source,licence,shows_people,consent,transcript,captions\n"


@pytest.fixture
def field_folder(tmp_path, record_index):
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
    return {"folder": folder, "csv": tmp_path / "metadata.csv", "record": record, "other": other}


def run(field_folder, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_media", str(field_folder["folder"]), csv=str(field_folder["csv"]), stdout=out, stderr=err, **options
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_attaches_files_and_reports_every_rejected_row(field_folder):
    out, err = run(field_folder)
    assert "Đã tạo 3, đã gắn 3, đã có sẵn 1, đã gắn từ trước 1, bị từ chối 4." in out
    assert "dòng 5 (hong.jpg)" in err and "bị hỏng hoặc không đầy đủ" in err
    assert "dòng 6 (khong-co.jpg): không có tệp khong-co.jpg trong thư mục" in err
    assert "dòng 7 (nha-guol.jpg): không có hồ sơ khong-co-ho-so" in err
    assert "dòng 8 (nha-guol.jpg): giấy phép gpl không có trong danh mục" in err

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
    out, _err = run(field_folder)
    assert "Đã tạo 0, đã gắn 0, đã có sẵn 4, đã gắn từ trước 4, bị từ chối 4." in out
    assert HeritageImage.objects.count() == 2 and HeritageMedia.objects.count() == 1
    assert field_folder["record"].revisions.count() == revisions


@pytest.mark.django_db
def test_publish_puts_complete_images_live(field_folder):
    run(field_folder, publish=True)
    record = field_folder["record"]
    record.refresh_from_db()
    assert record.main_image.title == "Cây nêu"


@pytest.mark.django_db
def test_a_csv_without_the_needed_columns_is_refused(tmp_path, record_index):
    (tmp_path / "bad.csv").write_text("ten,ho_so\na,b\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột file, record"):
        call_command("import_media", str(tmp_path), csv=str(tmp_path / "bad.csv"))
