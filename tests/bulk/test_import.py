"""Importing the record spreadsheet: drafts, every refusal, idempotence, nothing half-saved."""

import datetime
import os
import zipfile
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Revision

from bulk.importing import import_sheet, media_from, plan_sheet
from bulk.sheets import BadSpreadsheet, read_sheet
from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage
from media.models import HeritageImage, HeritageMedia
from tests.factories import make_area, make_jpeg_bytes

from .conftest import csv_file, festival_row, media_zip, xlsx_file

pytestmark = pytest.mark.django_db


def imported(rows, media=None, user=None, submit=False, data=None):
    sheet = read_sheet(data or csv_file(rows))
    return import_sheet(sheet, media, user=user, submit=submit)


def plans_for(rows, media=None):
    return plan_sheet(read_sheet(csv_file(rows)), media)


def test_rows_become_drafts_with_their_facts(library, curator):
    product = {
        "identifier": "QNG-SP-001",
        "type": "sản phẩm",
        "title": "Thổ cẩm Hrê",
        "summary": "Vải dệt thổ cẩm.",
        "ethnic_groups": "Chăm Rê",  # an alternative name of the Hrê
        "province": "Quảng Ngãi",
        "kind": "textile",
        "ocop_stars": "4",
        "subjects": "",
        "sources": "Khảo sát 2023 | https://example.org/tho-cam | trang 12\nPhỏng vấn nghệ nhân",
        "contributors": "Đinh Thị Hoa | researcher | Sở Dân tộc và Tôn giáo",
        "licence": "CC-BY-SA-4.0",
        "access_level": "cộng đồng",
    }
    report = imported([festival_row(1, festival_date="10/4n ÂL", recorded_on="15/03/2024"), product], user=curator)
    assert (report.created, report.refused) == (2, 0)
    festival = FestivalPage.objects.get()
    assert not festival.live and festival.has_unpublished_changes and festival.latest_revision_id
    assert (festival.calendar, festival.day, festival.month, festival.leap_month) == ("lunar", 10, 4, True)
    assert festival.recorded_on == datetime.date(2024, 3, 15)
    assert festival.public_latitude == pytest.approx(15.0442)
    assert festival.owner == curator
    assert Revision.objects.filter(object_id=str(festival.pk), user=curator).count() == 1
    product_page = ProductPage.objects.get()
    assert [group.slug for group in product_page.ethnic_groups.all()] == ["hre"]
    assert product_page.province.code == "51"
    assert product_page.licence.code == "cc-by-sa-4.0"
    assert product_page.access_level == "community"
    assert product_page.ocop_stars == 4
    assert [block.value["citation"] for block in product_page.sources] == ["Khảo sát 2023", "Phỏng vấn nghệ nhân"]
    assert product_page.sources[0].value["url"] == "https://example.org/tho-cam"
    assert product_page.contributors[0].value["role"] == "researcher"
    assert not RecordPage.objects.live().exists()


def test_an_excel_workbook_imports_like_a_csv_with_excel_dates_and_numbers(library):
    rows = [
        festival_row(1, latitude=15.0442, longitude=108.4681, recorded_on=datetime.datetime(2024, 3, 15)),
        {
            "identifier": "QNG-PT-001",
            "type": "custom",
            "title": "Tục cúng lúa mới",
            "summary": "Lễ mừng lúa mới.",
            "ethnic_groups": "Cơ Tu",
            "province": 49,
            "category": "agriculture",
            "licence": "cc-by-4.0",
        },
    ]
    report = imported(None, data=xlsx_file(rows))
    assert (report.created, report.refused) == (2, 0), report.rows
    assert FestivalPage.objects.get().recorded_on == datetime.date(2024, 3, 15)
    assert CustomPage.objects.get().province.code == "49"


def test_text_is_stored_nfc_normalised(library):
    import unicodedata

    imported([festival_row(1, title=unicodedata.normalize("NFD", "Lễ hội đâm trâu"), ethnic_groups="Hre\u0302")])
    page = FestivalPage.objects.get()
    assert page.title == unicodedata.normalize("NFC", "Lễ hội đâm trâu")
    assert [group.slug for group in page.ethnic_groups.all()] == ["hre"]


REFUSALS = [
    ({"ethnic_groups": "Người Sao Hỏa"}, "Người Sao Hỏa"),
    ({"ethnic_groups": ""}, "ethnic group"),
    ({"latitude": "48.85", "longitude": "2.35"}, "outside Vietnam"),
    ({"latitude": "15.04", "longitude": ""}, "both latitude and longitude"),
    ({"latitude": "mười lăm"}, "not a number"),
    ({"recorded_on": "31/02/2024"}, "not a date"),
    ({"festival_date": "32/1 ÂL"}, "at most 30 days"),
    ({"calendar": "solar", "festival_date": "30/2"}, "not a day of the year"),
    ({"calendar": "solar", "festival_date": "2/9n"}, "leap"),
    ({"festival_date": "rằm tháng Giêng"}, "not day/month"),
    ({"festival_date": "1/13 ÂL"}, "no month 13"),
    ({"licence": ""}, "No licence"),
    ({"licence": "all-rights-maybe"}, "Unknown licence"),
    ({"province": "Atlantis"}, "Atlantis"),
    ({"title": ""}, "title"),
    ({"type": "poem"}, "poem"),
    ({"identifier": ""}, "identifier"),
    ({"access_level": "secret"}, "secret"),
    ({"ocop_stars": "4"}, "ocop_stars"),  # a festival has no OCOP rating
    ({"frequency": "every_n_years"}, "every how many years"),
    ({"period_start_year": "1990", "period_end_year": "1980"}, "cannot end before"),
    ({"sources": "Sách cũ | ftp://example.org/x"}, "http(s)"),
    ({"contributors": "Đinh Văn A | singer"}, "singer"),
    ({"main_image": "anh-khong-co.jpg"}, "not in the uploaded folder or zip"),
    ({"main_image": "tai-lieu.pdf"}, "not an image"),
    ({"area_codes": "99999"}, "Unknown area code"),
    ({"title": "x" * 256}, "longer than 255"),
]


@pytest.mark.parametrize(("changes", "reason"), REFUSALS, ids=[reason for _changes, reason in REFUSALS])
def test_a_bad_row_is_refused_with_its_reason_and_nothing_is_written(library, changes, reason):
    with translation.override("en"):
        [plan] = plans_for([festival_row(1, **changes)])
    assert plan.action == "refused"
    assert any(reason in problem for problem in plan.problems), plan.problems
    with translation.override("en"):
        report = imported([festival_row(1, **changes), festival_row(2)])
    assert (report.created, report.refused) == (1, 1)
    assert report.rows[0]["problems"] == plan.problems
    assert RecordPage.objects.count() == 1


def test_a_repeated_identifier_is_refused(library):
    with translation.override("en"):
        report = imported([festival_row(1), festival_row(1, title="Bản sao")])
    assert report.rows[1]["action"] == "refused"
    assert "row 2" in report.rows[1]["problems"][0]
    assert RecordPage.objects.count() == 1


def test_a_record_cannot_change_type(library):
    imported([festival_row(1)])
    with translation.override("en"):
        report = imported([festival_row(1, type="product", kind="craft", festival_date="", calendar="")])
    assert report.refused == 1
    assert "cannot change type" in " ".join(report.rows[0]["problems"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("identifier;tiêu đề\nA;B".encode("cp1258", "replace")[:-1] + b"\xff\xfe", "UTF-8"),
        (b"identifier,colour\nA,red\n", "Unknown columns: colour"),
        (b"title,type\nA,festival\n", "no identifier column"),
        (b"identifier,title,title\nA,B,C\n", "more than once"),
        (b"PK\x03\x04not really a workbook", "not an Excel workbook"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_as_a_whole(library, data, message):
    with translation.override("en"), pytest.raises(BadSpreadsheet, match=message):
        read_sheet(data)


def test_semicolon_separated_csv_from_a_vietnamese_excel_is_read(library):
    data = "\ufeffidentifier;type;title;summary;ethnic_groups;licence\nA-1;festival;Lễ hội;Tóm tắt;Hrê;cc-by-4.0\n"
    sheet = read_sheet(data.encode("utf-8"))
    assert sheet.rows[0].values["title"] == "Lễ hội"


def test_importing_again_updates_and_never_duplicates(library, curator):
    rows = [festival_row(number) for number in range(1, 4)]
    assert imported(rows).created == 3
    again = imported(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows[1]["title_en"] = "A new English title"
    rows[2]["ethnic_groups"] = "Hrê; Xơ Đăng"
    third = imported(rows, user=curator)
    assert (third.created, third.updated, third.unchanged) == (0, 2, 1)
    assert third.rows[1]["changed"] == ["title_en"]
    assert RecordPage.objects.count() == 3
    second = RecordPage.objects.get(pk=third.rows[1]["record_id"])
    assert second.get_latest_revision_as_object().title_en == "A new English title"
    assert second.revisions.count() == 2


def test_an_update_of_a_published_record_is_a_draft_and_the_live_version_stays(library, reviewer):
    imported([festival_row(1)])
    page = FestivalPage.objects.get()
    page.get_latest_revision().publish(user=reviewer)
    report = imported([festival_row(1, title="Tên mới chờ duyệt")])
    assert report.updated == 1
    page.refresh_from_db()
    assert page.live and page.title == "Lễ hội thử số 1"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Tên mới chờ duyệt"


def test_columns_left_out_keep_their_values_on_update(library):
    imported([festival_row(1, summary_en="Kept")])
    report = imported(None, data="identifier,title\nQNG-LH-001,Tên mới\n".encode())
    assert report.updated == 1
    latest = FestivalPage.objects.get().get_latest_revision_as_object()
    assert (latest.title, latest.summary_en, latest.month) == ("Tên mới", "Kept", 1)


def test_submitted_records_wait_for_review_and_are_never_published(library, curator):
    report = imported([festival_row(1), festival_row(2)], user=curator, submit=True)
    assert report.created == 2
    for page in FestivalPage.objects.all():
        assert not page.live
        assert page.workflow_in_progress
        assert page.current_workflow_state.requested_by == curator


def test_images_and_recordings_come_from_the_zip(library, tmp_path):
    archive = tmp_path / "media.zip"
    archive.write_bytes(media_zip(["dam-trau.jpg", "chieng.wav"]))
    row = festival_row(
        1,
        main_image="dam-trau.jpg",
        image_description="Cây nêu giữa sân làng",
        image_credit="Ảnh: Đinh Văn Lành",
        audio="chieng.wav",
    )
    with media_from(archive) as media:
        report = imported([row, festival_row(2)], media=media)
    assert (report.created, report.refused) == (2, 0), report.rows
    page = FestivalPage.objects.get(title="Lễ hội thử số 1").get_latest_revision_as_object()
    assert page.main_image.description == "Cây nêu giữa sân làng"
    assert page.main_image.credit == "Ảnh: Đinh Văn Lành"
    assert [block.block_type for block in page.body] == ["audio"]
    with media_from(archive) as media:
        again = imported([row], media=media)
    assert again.unchanged == 1
    assert (HeritageImage.objects.count(), HeritageMedia.objects.count()) == (1, 1)
    # Without the zip, the same file names are what the record already shows: unchanged.
    assert imported([row]).unchanged == 1


def stored_files():
    root = settings.MEDIA_ROOT
    return {os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names}


def test_a_row_that_fails_on_its_files_leaves_no_record_image_or_file_behind(library, tmp_path):
    archive = tmp_path / "media.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hong.jpg", make_jpeg_bytes()[:300])  # a truncated JPEG
        zipped.writestr("tot.jpg", make_jpeg_bytes(colour=(1, 2, 3)))
        zipped.writestr("chieng.wav", b"RIFF....not a recording")
    good = festival_row(1, main_image="tot.jpg", image_description="Ảnh tốt", image_credit="Ảnh: A")
    # The good image is stored before the broken recording is read: it must go again.
    bad_audio = festival_row(
        2, main_image="tot.jpg", image_description="Ảnh", image_credit="Ảnh: A", audio="chieng.wav"
    )
    bad_image = festival_row(3, main_image="hong.jpg", image_description="Ảnh hỏng", image_credit="Ảnh: A")
    before = stored_files()
    with media_from(archive) as media:
        report = imported([bad_audio, bad_image], media=media)
    assert report.refused == 2 and report.created == 0
    assert not RecordPage.objects.exists()
    assert not HeritageImage.objects.exists() and not HeritageMedia.objects.exists()
    assert stored_files() == before
    with media_from(archive) as media:
        assert imported([good], media=media).created == 1


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../../evil.jpg", make_jpeg_bytes())
    with media_from(archive) as media:
        assert media.names == {"evil.jpg"}
        with media.unpacked("evil.jpg") as path:
            assert path.parent == media.folder
            assert path.read_bytes()[:2] == b"\xff\xd8"
        assert not path.exists()
    assert not (tmp_path.parent / "evil.jpg").exists()
    assert not media.folder.exists()


def test_the_dry_run_of_a_zip_unpacks_nothing(library, tmp_path):
    archive = tmp_path / "media.zip"
    archive.write_bytes(media_zip(["dam-trau.jpg", "chieng.wav"]))
    row = festival_row(
        1, main_image="dam-trau.jpg", image_description="Cây nêu", image_credit="Ảnh: A", audio="chieng.wav"
    )
    before = stored_files()
    with media_from(archive) as media:
        [plan] = plans_for([row], media=media)
        assert (plan.action, plan.problems) == ("create", [])
        assert not list(media.folder.iterdir())
    assert stored_files() == before


def test_rows_whose_files_have_no_room_are_refused_and_the_others_imported(library, tmp_path, settings):
    from media.storage import free_space

    archive = tmp_path / "media.zip"
    archive.write_bytes(media_zip(["dam-trau.jpg"]))
    # The reserve the site keeps free is all the space there is: no file fits.
    settings.HERITAGE_UPLOAD_DISK_RESERVE = free_space(settings.MEDIA_ROOT)
    with_photo = festival_row(1, main_image="dam-trau.jpg", image_description="Cây nêu", image_credit="Ảnh: A")
    before = stored_files()
    with translation.override("en"), media_from(archive) as media:
        report = imported([with_photo, festival_row(2)], media=media)
    assert (report.created, report.refused) == (1, 1)
    [refused] = [row for row in report.rows if row["action"] == "refused"]
    assert "The server's disk is full" in " ".join(refused["problems"])
    assert not HeritageImage.objects.exists()
    assert RecordPage.objects.get().title == "Lễ hội thử số 2"
    assert stored_files() == before


def test_area_codes_tie_the_record_by_hand(library):
    from gis.models import AreaRecord

    area = make_area([[108.0, 14.5], [109.0, 14.5], [109.0, 15.5], [108.0, 15.5], [108.0, 14.5]], code="51-son-ha")
    imported([festival_row(1, area_codes="51-son-ha")])
    link = AreaRecord.objects.get()
    assert (link.area, link.linked_by) == (area, "manual")
    assert imported([festival_row(1, area_codes="51-son-ha")]).unchanged == 1
    imported([festival_row(1, area_codes="")])
    assert not AreaRecord.objects.exists()


def test_the_command_imports_with_a_dry_run_first(library, tmp_path, curator):
    path = tmp_path / "ho-so.csv"
    path.write_bytes(csv_file([festival_row(1), festival_row(2, latitude="48.8", longitude="2.3")]))
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_records", str(path), "--dry-run", stdout=out, stderr=err)
    assert "create: 1" in out.getvalue() and "refused: 1" in out.getvalue()
    assert "row 3" in err.getvalue() and "outside Vietnam" in err.getvalue()
    assert not RecordPage.objects.exists()
    call_command("import_records", str(path), "--user", curator.username, stdout=out, stderr=err, verbosity=0)
    assert RecordPage.objects.count() == 1
    out = StringIO()
    call_command("import_records", str(path), stdout=out, stderr=StringIO(), verbosity=0)
    assert "unchanged: 1" in out.getvalue()


def test_groups_are_created_together_and_a_refused_row_does_not_stop_them(library):
    rows = [festival_row(number) for number in range(1, 121)]
    rows[60]["ethnic_groups"] = "Không rõ"
    report = imported(rows)
    assert (report.created, report.refused) == (119, 1)
    assert RecordPage.objects.count() == 119
    library.refresh_from_db()
    assert library.numchild == 119
    assert library.get_children().count() == 119
    assert len({page.path for page in RecordPage.objects.all()}) == 119
    assert len(set(RecordPage.objects.values_list("slug", flat=True))) == 119
    page = FestivalPage.objects.get(title="Lễ hội thử số 100")
    latest = page.get_latest_revision_as_object()
    assert [group.slug for group in latest.ethnic_groups.all()] == ["hre"]
    assert page.get_parent().pk == library.pk
