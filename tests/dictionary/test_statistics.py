"""The dictionary's table in the statistics (issue 13): the public page counts public,
published entries only, whoever reads it; the staff report counts every published entry;
the period counts entries first published in it; the CSV and the workbook carry it; a
newly published entry shows at once (the cached figures are retired)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.dictionary.conftest import make_entry

pytestmark = pytest.mark.django_db


def dictionary_table(response):
    assert response.status_code == 200
    return next(table for table in response.context["tables"] if table.key == "dictionary-entries")


@pytest.fixture
def entries(site_tree):
    made = {
        "public": make_entry(headword="kơpô"),
        "public-2": make_entry(headword="pơtao"),
        "co": make_entry(code="cua", headword="arâm"),
        "community": make_entry(headword="từ kín cộng đồng", access_level="community"),
        "staff": make_entry(headword="từ kín cán bộ", access_level="staff"),
        "draft": make_entry(headword="từ nháp", publish=False),
    }
    # One entry first published long ago, for the period.
    from dictionary.models import Entry

    long_ago = timezone.make_aware(datetime.datetime(2023, 5, 1, 12))
    Entry.objects.filter(pk=made["public-2"].pk).update(first_published_at=long_ago)
    return made


def test_public_page_counts_public_entries_only(client, entries):
    table = dictionary_table(client.get("/thong-ke/"))
    assert table.counts() == {"hre": 2, "cua": 1}
    assert [str(column) for column in table.columns] == ["Từ điển", "Mục từ"]
    assert table.title == "Mục từ theo từ điển"


def test_a_community_member_still_sees_the_public_counts(client, entries, community_member):
    client.force_login(community_member)
    assert dictionary_table(client.get("/thong-ke/")).counts() == {"hre": 2, "cua": 1}


def test_staff_report_counts_every_published_entry_beside_the_public_ones(client, entries, curator):
    client.force_login(curator)
    table = dictionary_table(client.get("/admin/reports/statistics/"))
    assert table.counts() == {"hre": 4, "cua": 1}  # the draft is not counted
    assert {key: row[1] for key, row in zip(table.keys, table.rows, strict=True)} == {"hre": 2, "cua": 1}


def test_period_counts_entries_first_published_in_it(client, entries, curator):
    # The year the entries were published in (in Vietnam), not the year now: the two part
    # at New Year.
    this_year = timezone.localtime(entries["public"].first_published_at).year
    assert dictionary_table(client.get(f"/thong-ke/?from={this_year}")).counts() == {"hre": 1, "cua": 1}
    assert dictionary_table(client.get("/thong-ke/?from=2023&to=2023")).counts() == {"hre": 1, "cua": 0}
    client.force_login(curator)
    staff = dictionary_table(client.get(f"/admin/reports/statistics/?from={this_year}"))
    assert staff.counts() == {"hre": 3, "cua": 1}


def test_a_newly_published_or_withdrawn_entry_shows_at_once(client, entries):
    assert dictionary_table(client.get("/thong-ke/")).counts()["hre"] == 2
    entries["draft"].save_revision().publish()
    assert dictionary_table(client.get("/thong-ke/")).counts()["hre"] == 3
    entries["public"].unpublish()
    assert dictionary_table(client.get("/thong-ke/")).counts()["hre"] == 2
    community = entries["community"]
    community.access_level = "public"
    community.save_revision().publish()
    assert dictionary_table(client.get("/thong-ke/")).counts()["hre"] == 3


def test_the_table_downloads_as_csv_and_as_a_sheet(client, entries, curator):
    response = client.get("/thong-ke/bang/dictionary-entries.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Từ điển", "Mục từ"]
    assert ["Hrê", "2"] in rows and ["Co", "1"] in rows

    workbook = load_workbook(io.BytesIO(client.get("/thong-ke/bao-cao.xlsx").content))
    assert "Từ điển" in workbook.sheetnames
    values = [[cell.value for cell in row] for row in workbook["Từ điển"].iter_rows()]
    assert ["Hrê", 2] in values and ["Co", 1] in values
    text = "".join(str(cell) for row in values for cell in row)
    assert "từ kín" not in text

    client.force_login(curator)
    staff = load_workbook(io.BytesIO(client.get("/admin/reports/statistics/bao-cao.xlsx").content))
    values = [[cell.value for cell in row] for row in staff["Từ điển"].iter_rows()]
    assert ["Hrê", 2, 4] in values
