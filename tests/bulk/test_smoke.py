from bulk.importing import import_sheet, plan_sheet
from bulk.sheets import read_sheet
from heritage.models import FestivalPage

from .conftest import csv_file, festival_row


def test_smoke(library, curator):
    sheet = read_sheet(csv_file([festival_row(1), festival_row(2, ethnic_groups="Không có")]))
    plans = plan_sheet(sheet)
    print([p.as_json() for p in plans])
    report = import_sheet(sheet, user=curator)
    print(report.as_json())
    page = FestivalPage.objects.get()
    print(page.live, page.title, page.month, page.day, list(page.ethnic_groups.all()), page.latest_revision)
    report = import_sheet(sheet, user=curator)
    print(report.as_json())
    assert 0
