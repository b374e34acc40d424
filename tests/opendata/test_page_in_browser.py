"""In Chromium on a phone-sized screen: a visitor finds the open-data page from the
footer, reads it without sideways scrolling, opens a data dictionary, downloads a CSV
that Excel would read as UTF-8, and switches to English."""

import os

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: run `make test`, which installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_visitor_on_a_phone_finds_reads_and_downloads_the_open_data(library, live_server, chromium, tmp_path):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, accept_downloads=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Dữ liệu mở").click()
    page.wait_for_url("**/du-lieu-mo/")
    assert page.locator("h1").inner_text() == "Dữ liệu mở"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    records = page.locator("section#records")
    assert records.locator("[data-rows]").inner_text() == "3"
    records.get_by_text("Từ điển dữ liệu").click()
    assert records.locator("table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # stacked on a phone

    with page.expect_download() as waiting:
        records.locator('a[href="/du-lieu-mo/records.csv"]').click()
    download = waiting.value
    assert download.suggested_filename == "records.csv"
    saved = tmp_path / "records.csv"
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"\xef\xbb\xbfid,url,record_type,title")
    assert "Lễ hội ăn trâu" in content.decode("utf-8-sig")
    assert "Hồ sơ chỉ dành cho cộng đồng" not in content.decode("utf-8-sig")

    page.locator('.language-switch a[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Open data"
    assert page.locator("section#records h2").inner_text() == "Heritage records"
    context.close()
