"""The statistics page in Chromium, on a phone (390 px) and a desktop: every chart is
drawn from the page's data, the choropleth shades its districts, nothing is wider than
the screen, the period form works, and the Content Security Policy is never violated;
the staff report draws in the admin too."""

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the per-test browser fixture
from tests.browser.test_csp import Violations, visit
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "browser-test-password"


def charts_in_data(page):
    return page.evaluate("JSON.parse(document.getElementById('statistics-charts').textContent).length")


def assert_drawn(page):
    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn !== undefined")
    expected = charts_in_data(page)
    assert expected >= 5
    assert page.evaluate("document.documentElement.dataset.chartsDrawn") == str(expected)
    # Each canvas was given pixels by Chart.js: it drew something the size of its box.
    sizes = page.evaluate("[...document.querySelectorAll('canvas[id^=chart-]')].map(c => [c.width, c.height])")
    assert len(sizes) == expected and all(width > 100 and height > 50 for width, height in sizes), sizes


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_statistics_page_draws_its_charts_and_map(chromium, live_server, library, viewport):  # noqa: F811
    context = chromium.new_context(viewport=viewport)
    violations = Violations(context)
    page = context.new_page()
    page.goto(live_server.url)
    page.get_by_role("contentinfo").get_by_role("link", name="Thống kê").click()
    page.wait_for_url(f"{live_server.url}/thong-ke/")
    assert page.locator("h1").inner_text() == "Thống kê"
    assert_drawn(page)
    page.wait_for_function("() => document.documentElement.dataset.mapAreas === '1'")  # Ba Tơ
    assert fits_the_screen(page)
    # The numbers beside the charts: a table with headers for each.
    groups = page.locator('table[data-table="groups"]')
    assert groups.locator("th[scope=col]").all_inner_texts() == ["Dân tộc", "Số hồ sơ"]
    assert "Hrê" in groups.inner_text()
    assert page.get_by_role("img", name="Biểu đồ: Hồ sơ theo dân tộc").count() == 1
    assert violations.of(page) == []

    page.fill("#statistics-from", "2025")
    page.fill("#statistics-to", "2025")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/thong-ke/?from=2025&to=2025**")
    assert page.get_by_text("Thời gian xuất bản: từ 01/01/2025 đến 31/12/2025").is_visible()
    assert_drawn(page)
    assert page.locator('table[data-table="summary"] tr', has_text="Hồ sơ").first.inner_text().endswith("2")
    assert fits_the_screen(page)
    assert violations.of(page) == []

    response = page.goto(f"{live_server.url}/thong-ke/?from=2025&to=2024")
    assert response.status == 400
    assert "“Từ” phải trước “Đến”" in page.get_by_role("alert").inner_text()
    assert fits_the_screen(page)
    context.close()


def test_staff_report_draws_in_the_admin(chromium, live_server, library):  # noqa: F811
    make_user("thong-ke", groups=["Curator"], password=PASSWORD)
    context = chromium.new_context(viewport=DESKTOP)
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "thong-ke")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    visit(page, f"{live_server.url}/admin/reports/statistics/", violations, admin=True)
    assert_drawn(page)
    page.wait_for_function("() => document.documentElement.dataset.mapAreas === '1'")
    assert "Nội bộ" in page.locator('table[data-table="access"]').inner_text()
    assert violations.of(page) == []
    context.close()
