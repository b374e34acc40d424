"""In Chromium, as a curator: import a 50-row sample file with 5 bad rows through the
admin (upload, dry run, confirm, progress, report), then export the library and find
the imported records' rows."""

import pytest

from bulk import batches
from bulk.models import ImportBatch
from heritage.models import RecordPage
from tests.browser.conftest import chromium  # noqa: F401 - the per-test browser fixture
from tests.factories import make_site_tree, make_user

from .conftest import festival_row, xlsx_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"

BAD_ROWS = {
    7: {"ethnic_groups": "Người Sao Hỏa"},
    15: {"latitude": "48.85", "longitude": "2.35"},
    23: {"recorded_on": "31/02/2024"},
    31: {"licence": ""},
    44: {"festival_date": "35/1 ÂL"},
}


def sample_rows():
    rows = []
    for number in range(1, 51):
        row = festival_row(number, title=f"Lễ hội mẫu số {number}", recorded_on="2024-03-15")
        row.update(BAD_ROWS.get(number, {}))
        rows.append(row)
    return rows


def test_a_curator_imports_a_sample_file_with_five_bad_rows(chromium, live_server, tmp_path, settings):  # noqa: F811
    # The import is queued, not run at once, so the page's progress can be seen; the
    # test then does the worker's job.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make_site_tree()
    make_user("bien-tap", groups=["Curator"], password=PASSWORD)
    sample = tmp_path / "mau-50-dong.xlsx"
    sample.write_bytes(xlsx_file(sample_rows()))

    page = chromium.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "bien-tap")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.click("a[href='/admin/nhap-ho-so/']")
    page.set_input_files("#id_spreadsheet", str(sample))
    page.click("[data-import-form] button[type=submit]")

    page.wait_for_selector("[data-import-preview]")
    assert page.locator("[data-refused-count]").get_attribute("data-refused-count") == "5"
    refused = page.locator("[data-refused-rows] tbody tr")
    assert refused.count() == 5
    assert [int(row) for row in refused.evaluate_all("rows => rows.map(row => row.dataset.row)")] == [
        number + 1 for number in BAD_ROWS
    ]  # spreadsheet rows: the header is row 1
    assert "Người Sao Hỏa" in page.locator("[data-refused-rows] tr[data-row='8']").inner_text()
    assert page.locator("[data-planned-rows] tbody tr").count() == 45
    assert not RecordPage.objects.exists()

    page.click("[data-confirm-form] button[type=submit]")
    page.wait_for_selector("[data-import-progress]")
    assert (
        "0 / 50" in page.locator("[data-import-progress]").inner_text().replace(" trên ", " / ").replace(" of ", " / ")
        or page.locator("[data-import-progress] progress").count() == 1
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "queued"
    url = page.url
    page.goto("about:blank")  # no reload while the worker writes
    batches.run(batch.pk)
    page.goto(url)

    page.wait_for_selector("[data-import-report]")
    assert page.locator("[data-created-count]").get_attribute("data-created-count") == "45"
    assert page.locator("[data-refused-count]").get_attribute("data-refused-count") == "5"
    assert page.locator("[data-refused-rows] tbody tr").count() == 5
    assert RecordPage.objects.count() == 45
    assert not RecordPage.objects.live().exists()
    page.close()
