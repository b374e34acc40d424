"""Every table downloads as CSV, and all of them as one workbook with a sheet per table
and Vietnamese titles, for the chosen period; the files hold public records only."""

import csv
import io

import pytest
from openpyxl import load_workbook

from heritage.models import Subject

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_table_as_csv(client, library):
    response = client.get("/thong-ke/bang/groups.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="thong-ke-groups.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Dân tộc", "Số hồ sơ"]
    assert sorted(rows[1:]) == sorted([["Hrê", "2"], ["Co", "1"], ["Raglai", "1"]])


def test_csv_follows_the_period_and_is_vietnamese_in_english_too(client, library):
    client.cookies["django_language"] = "en"
    response = client.get("/thong-ke/bang/types.csv?from=2025&to=2025")
    assert "thong-ke-types-2025-01-01-2025-12-31.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Loại", "Số hồ sơ"]
    assert [row[1] for row in rows[1:]] == ["0", "1", "1"]


def test_an_unknown_table_is_not_found(client, library):
    assert client.get("/thong-ke/bang/khong-co.csv").status_code == 404


def test_the_workbook_has_a_sheet_per_table_with_vietnamese_titles(client, library):
    response = client.get("/thong-ke/bao-cao.xlsx?from=2024&to=2025")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    names = workbook.sheetnames
    assert names[:5] == ["Báo cáo", "Tổng hợp", "Theo loại", "Theo dân tộc", "Theo tỉnh (trước 2025)"]
    assert {"Theo chủ đề", "Theo năm", "Theo tháng", "Huyện trước 2025", "Huyện hiện hành"} <= set(names)
    assert "Theo mức truy cập" not in names
    assert all(len(name) <= 31 for name in names)
    cover = workbook["Báo cáo"]
    assert cover["A1"].value == "Thống kê thư viện điện tử di sản các dân tộc"
    assert cover["B2"].value == "từ 01/01/2024 đến 31/12/2025"
    types = workbook["Theo loại"]
    assert types["A1"].value == "Hồ sơ theo loại"
    values = [[cell.value for cell in row] for row in types.iter_rows(min_row=4)]
    assert values[0] == ["Loại", "Số hồ sơ"]
    assert values[1:] == [["Lễ hội", 1], ["Phong tục tập quán", 1], ["Sản phẩm tiêu biểu", 1], ["Tổng cộng", 3]]
    text = "".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row)
    assert "Tục kiêng kín" not in text


def test_staff_workbook_counts_every_access_level(client, library, curator):
    client.force_login(curator)
    response = client.get("/admin/reports/statistics/bao-cao.xlsx")
    assert response.status_code == 200
    assert "noi-bo" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [[cell.value for cell in row] for row in workbook["Theo mức truy cập"].iter_rows(min_row=5)]
    assert rows == [["Công khai", 3], ["Cộng đồng", 1], ["Nội bộ", 1], ["Tổng cộng", 5]]
    assert csv_rows(client.get("/admin/reports/statistics/bang/access.csv"))[1:] == [
        ["Công khai", "3"],
        ["Cộng đồng", "1"],
        ["Nội bộ", "1"],
    ]


def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(client, library):
    Subject.objects.filter(pk=library["subject"].pk).update(name='=HYPERLINK("http://example.com")')
    rows = csv_rows(client.get("/thong-ke/bang/subjects.csv"))
    assert ['\'=HYPERLINK("http://example.com")', "1"] in rows[1:]
