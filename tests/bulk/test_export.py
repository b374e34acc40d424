"""Exports of the library and of searches in the import format: access levels, bad
parameters, and the round trip (export → import into an empty library → same records)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from bulk.columns import COLUMN_NAMES
from bulk.importing import import_sheet
from bulk.records import Vocabulary, record_values, row_text
from bulk.sheets import read_sheet
from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage, Subject
from tests.factories import make_area, make_record, make_user

pytestmark = pytest.mark.django_db


def exported_rows(response):
    assert response.status_code == 200, response.content[:300]
    return read_sheet(response.content).rows


def titles(response):
    return {row.values["title"] for row in exported_rows(response)}


@pytest.mark.parametrize("url", ["/xuat/ho-so.csv", "/xuat/ho-so.xlsx", "/xuat/tim-kiem.csv", "/xuat/tim-kiem.xlsx"])
def test_an_anonymous_export_never_holds_community_or_staff_records(client, records_by_level, url):
    assert titles(client.get(url)) == {"Hồ sơ mức public"}


@pytest.mark.parametrize("url", ["/xuat/ho-so.csv", "/xuat/tim-kiem.xlsx"])
def test_a_community_member_exports_community_records_but_not_staff_ones(
    client, records_by_level, community_member, url
):
    client.force_login(community_member)
    assert titles(client.get(url)) == {"Hồ sơ mức public", "Hồ sơ mức community"}


def test_staff_export_everything_they_may_see(client, records_by_level, curator):
    client.force_login(curator)
    assert len(titles(client.get("/xuat/ho-so.csv"))) == 3


def test_drafts_are_not_exported(client, record_index):
    make_record(record_index, title="Bản nháp", publish=False)
    make_record(record_index, title="Đã xuất bản")
    assert titles(client.get("/xuat/ho-so.csv")) == {"Đã xuất bản"}


def test_the_listing_export_follows_the_library_filters(client, record_index):
    make_record(record_index, title="Lễ hội Hrê", groups=("hre",))
    make_record(record_index, title="Phong tục Cơ Tu", model=CustomPage, groups=("co-tu",), province="49")
    assert titles(client.get("/xuat/ho-so.csv?group=hre")) == {"Lễ hội Hrê"}
    assert titles(client.get("/xuat/ho-so.csv?type=custom&province=49")) == {"Phong tục Cơ Tu"}


def test_the_search_export_holds_every_match_not_only_the_first_page(client, record_index):
    for number in range(25):
        make_record(record_index, title=f"Lễ hội cồng chiêng {number}")
    make_record(record_index, title="Sản phẩm dệt", model=ProductPage)
    assert len(titles(client.get("/xuat/tim-kiem.csv?type=festival"))) == 25
    assert titles(client.get("/xuat/tim-kiem.csv?q=dệt")) == {"Sản phẩm dệt"}


def test_a_hidden_place_is_exported_without_coordinates(client, record_index, community_member):
    make_record(record_index, title="Rừng thiêng", latitude=15.04, longitude=108.47, location_access="community")
    [row] = exported_rows(client.get("/xuat/ho-so.csv"))
    assert (row.values["latitude"], row.values["longitude"], row.values["location_access"]) == ("", "", "community")
    client.force_login(community_member)
    [row] = exported_rows(client.get("/xuat/ho-so.csv"))
    assert (row.values["latitude"], row.values["longitude"]) == ("15.04", "108.47")


@pytest.mark.parametrize(
    "url",
    [
        "/xuat/ho-so.csv?group=khong-co",
        "/xuat/ho-so.csv?type=poem",
        "/xuat/ho-so.xlsx?province=999",
        "/xuat/tim-kiem.csv?ocop=9",
        "/xuat/tim-kiem.csv?page=x",
        "/xuat/tim-kiem.xlsx?bbox=1,2,3",
        "/xuat/tim-kiem.csv?sort=colour",
        "/xuat/tim-kiem.csv?q=" + "a" * 600,
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, record_index, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("url", ["/xuat/ho-so.pdf", "/xuat/tim-kiem.json", "/xuat/ho-so.csv.exe"])
def test_an_unknown_format_is_not_found(client, record_index, url):
    assert client.get(url).status_code == 404


def test_the_files_are_downloads_of_the_right_type(client, records_by_level):
    csv_response = client.get("/xuat/ho-so.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response["Content-Disposition"].startswith('attachment; filename="ho-so-')
    assert csv_response.content.startswith(b"\xef\xbb\xbf" + ",".join(COLUMN_NAMES[:3]).encode())
    workbook = load_workbook(io.BytesIO(client.get("/xuat/ho-so.xlsx").content), read_only=True)
    assert [cell.value for cell in next(workbook.worksheets[0].iter_rows())][:2] == ["identifier", "type"]
    assert len(workbook.worksheets) == 2  # the records and the columns' descriptions


def test_the_listing_and_the_search_page_link_to_their_exports(client, records_by_level):
    library = client.get("/ho-so/?group=hre").content.decode()
    assert 'href="/xuat/ho-so.csv?group=hre"' in library and 'href="/xuat/ho-so.xlsx?group=hre"' in library
    search = client.get("/search/?q=hồ+sơ&type=festival").content.decode()
    assert "/xuat/tim-kiem.csv?q=" in search and "type=festival" in search


def rich_records(record_index):
    """Records of every type with every kind of fact the format carries."""
    from heritage.models import Licence

    area = make_area([[108.0, 14.5], [109.0, 14.5], [109.0, 15.5], [108.0, 15.5], [108.0, 14.5]], code="dv-son-ha")
    subject = Subject.objects.create(name="Cồng chiêng", name_en="Gongs", slug="cong-chieng-thu")
    festival = make_record(
        record_index,
        title="=Lễ hội đâm trâu",  # a formula-looking title stays text
        title_en="Buffalo festival",
        summary="Lễ hội lớn nhất; diễn ra ba ngày.\nDòng thứ hai.",
        groups=("hre", "xo-dang"),
        subjects=[subject],
        latitude=15.0442,
        longitude=108.4681,
        location_access="community",
        month=4,
        day=10,
        leap_month=True,
        recorded_on="2024-03-15",
        period_start_year=1900,
        period_end_year=2000,
        timing_note="sau mùa thu hoạch",
        duration_days=3,
        frequency="every_n_years",
        frequency_years=3,
        sources=[("source", {"citation": "Điền dã 2024", "url": "https://example.org/a", "note": "phiếu 3"})],
        contributors=[("contributor", {"name": "Đinh Văn A", "role": "narrator", "organisation": ""})],
        rights_holder="Sở Dân tộc và Tôn giáo",
        access_level="community",
    )
    from gis.models import AreaRecord

    AreaRecord.objects.update_or_create(area=area, record=festival, defaults={"linked_by": "manual"})
    make_record(record_index, model=FestivalPage, title="Lễ hội dương lịch", calendar="solar", month=9, day=2)
    make_record(
        record_index,
        model=CustomPage,
        title="Tục cúng lúa mới",
        groups=("co-tu",),
        province="49",
        category="agriculture",
        vitality="revived",
        occasion="tháng Mười",
        access_level="staff",
    )
    make_record(
        record_index,
        model=ProductPage,
        title="Thổ cẩm",
        province=None,
        kind="textile",
        ocop_stars=4,
        materials="sợi bông",
        licence=Licence.objects.get(code="cc-by-sa-4.0"),
    )


def latest_rows():
    """The text of every record as its latest revision stands, by identifier."""
    vocabulary = Vocabulary()
    rows = {}
    for page in RecordPage.objects.all():
        latest = page.specific.get_latest_revision_as_object()
        rows[str(page.translation_key)] = row_text(record_values(latest), vocabulary)
    return rows


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_imports_back_into_an_empty_library_as_the_same_records(client, record_index, curator, extension):
    rich_records(record_index)
    client.force_login(curator)
    response = client.get(f"/xuat/ho-so.{extension}")
    exported = {row.values["identifier"]: row.values for row in exported_rows(response)}
    assert len(exported) == 4
    before = latest_rows()
    for identifier, values in exported.items():
        assert {name: value for name, value in values.items() if name in before[identifier]} == before[identifier]

    for page in RecordPage.objects.all():
        page.delete()
    assert not RecordPage.objects.exists()
    report = import_sheet(read_sheet(response.content), user=curator)
    assert (report.created, report.refused) == (4, 0), report.rows
    assert latest_rows() == before
    again = import_sheet(read_sheet(response.content), user=curator)
    assert again.unchanged == 4
    assert not RecordPage.objects.live().exists()  # imported back as drafts


def test_the_export_command_writes_what_an_anonymous_visitor_may_see(records_by_level, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "ho-so.xlsx"
    call_command("export_records", str(output), verbosity=0)
    rows = read_sheet(output.read_bytes()).rows
    assert [row.values["title"] for row in rows] == ["Hồ sơ mức public"]
    staff = make_user("nhan-vien", groups=["Curator"])
    call_command("export_records", str(tmp_path / "all.csv"), "--user", staff.username, verbosity=0)
    assert len(read_sheet((tmp_path / "all.csv").read_bytes()).rows) == 3


def test_a_formula_looking_cell_is_text_in_the_csv_and_comes_back_as_it_was(client, record_index, curator):
    rich_records(record_index)
    client.force_login(curator)
    response = client.get("/xuat/ho-so.csv")
    raw = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "'=Lễ hội đâm trâu" in {row["title"] for row in raw}  # a spreadsheet shows it, never runs it
    assert not any(cell.startswith(("=", "+", "@")) for row in raw for cell in row.values())
    assert "=Lễ hội đâm trâu" in {row.values["title"] for row in exported_rows(response)}
