"""A visitor on a phone (390 px wide) walks the festival calendar in Chromium: from the
site's navigation to a month, a festival's day, its record ("this year"), the list and
the next 30 days, and the English switch. Restricted festivals never show."""

import datetime

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the per-test browser fixture
from tests.factories import make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def festivals(db):
    _home, record_index, _collections = make_site_tree()
    make_record(
        record_index,
        title="Tết Nguyên đán trong làng Hrê",
        title_en="Lunar New Year in a Hrê village",
        calendar="lunar",
        month=1,
        day=1,
        duration_days=3,
        groups=["hre"],
    )
    make_record(
        record_index,
        title="Lễ hội đâm trâu của người Cơ Tu",
        calendar="seasonal",
        month=None,
        day=None,
        timing_note="Thường vào mùa khô, sau thu hoạch",
        groups=["co-tu"],
        province="49",
    )
    make_record(
        record_index, title="Lễ cúng rừng (cộng đồng)", calendar="lunar", month=1, day=1, access_level="community"
    )


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_visitor_walks_the_calendar_on_a_phone(chromium, live_server, festivals, on_day):  # noqa: F811
    on_day(datetime.date(2026, 2, 3))
    page = chromium.new_page(viewport=PHONE)
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Lịch lễ hội").click()
    assert page.locator("h1").inner_text() == "Lịch lễ hội"
    assert page.locator("#period-heading").inner_text() == "Tháng 2 năm 2026"
    assert fits_the_screen(page)

    # Tết 2026 is on 17 February: its day in the grid leads to the list below.
    page.locator('a.day-festivals[href="#ngay-2026-02-17"]').click()
    assert page.url.endswith("#ngay-2026-02-17")
    assert page.locator("#ngay-2026-02-17").is_visible()
    assert page.get_by_text("Lễ cúng rừng (cộng đồng)").count() == 0
    # The Cơ Tu festival has only a season: it is listed for the dry season.
    assert page.get_by_role("link", name="Lễ hội đâm trâu của người Cơ Tu").is_visible()

    page.get_by_role("link", name="Tết Nguyên đán trong làng Hrê").first.click()
    assert page.locator("h1").inner_text() == "Tết Nguyên đán trong làng Hrê"
    assert "Thứ 3, 17/02/2026" in page.locator("[data-this-year]").inner_text()
    page.go_back()

    # Another month through the form, filtered by ethnic group.
    page.get_by_text("Chọn tháng, năm, dân tộc hoặc tỉnh").click()
    page.select_option("#calendar-month", "1")
    page.fill("#calendar-year", "2027")
    page.select_option("#calendar-group", "hre")
    page.get_by_role("button", name="Xem lịch").click()
    assert page.locator("#period-heading").inner_text() == "Tháng 1 năm 2027"
    assert page.get_by_text("Lễ hội đâm trâu của người Cơ Tu").count() == 0
    page.get_by_role("link", name="Sau", exact=True).click()
    assert page.locator("#period-heading").inner_text() == "Tháng 2 năm 2027"
    assert page.locator("#ngay-2027-02-06").is_visible()  # Tết 2027

    page.get_by_role("link", name="Danh sách").click()
    assert page.locator("table.month-grid").count() == 0
    assert page.locator("#ngay-2027-02-06").is_visible()

    page.get_by_role("link", name="30 ngày tới").click()
    assert page.locator("#period-heading").inner_text() == "30 ngày tới: 03/02 – 04/03/2026"
    assert page.locator("#ngay-2026-02-17").is_visible()
    assert fits_the_screen(page)

    page.locator(".language-switch").get_by_role("link", name="EN").click()
    assert page.locator("h1").inner_text() == "Festival calendar"
    assert "/en/lich-le-hoi/" in page.url and "30" in page.url  # the same view, in English
    assert page.get_by_role("link", name="Lunar New Year in a Hrê village").first.is_visible()
    page.close()


def test_a_bad_address_explains_itself(chromium, live_server, festivals):  # noqa: F811
    page = chromium.new_page(viewport=PHONE)
    response = page.goto(f"{live_server.url}/lich-le-hoi/?year=abc")
    assert response.status == 400
    assert "Năm phải là một số từ 1801 đến 2199." in page.get_by_role("alert").inner_text()
    page.get_by_role("link", name="Xem tháng này").click()
    assert page.locator("h1").inner_text() == "Lịch lễ hội"
    page.close()


def no_element_overflows(page):
    """Nothing on the page reaches past the right edge of the screen (a wide table or a
    long word would make the whole page scroll sideways on a phone)."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('main *')).every("
        "element => element.getBoundingClientRect().right <= window.innerWidth + 1)"
    )


def test_phone_list_view_filters_and_past_years_fit_the_screen(chromium, live_server, festivals, on_day):  # noqa: F811
    on_day(datetime.date(2026, 2, 3))
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/lich-le-hoi/")
    assert fits_the_screen(page) and no_element_overflows(page)

    # The list view of the month: no grid, the festivals by day.
    page.get_by_role("link", name="Danh sách").click()
    assert page.locator("table.month-grid").count() == 0
    assert page.locator("#ngay-2026-02-17").is_visible()
    assert fits_the_screen(page) and no_element_overflows(page)

    # The filters, opened on a phone, fit too; a province narrows the calendar.
    page.get_by_text("Chọn tháng, năm, dân tộc hoặc tỉnh").click()
    assert page.locator("#calendar-province").is_visible()
    assert fits_the_screen(page) and no_element_overflows(page)
    page.select_option("#calendar-province", "49")
    page.get_by_role("button", name="Xem lịch").click()
    assert "province=49" in page.url
    assert page.get_by_role("link", name="Lễ hội đâm trâu của người Cơ Tu").is_visible()
    assert page.get_by_text("Tết Nguyên đán trong làng Hrê").count() == 0
    assert fits_the_screen(page) and no_element_overflows(page)

    # A past year, whole: Tết Ất Sửu 1985 was on 21 January in Vietnam (20 February in China).
    page.goto(f"{live_server.url}/lich-le-hoi/?period=year&year=1985")
    assert page.locator("#period-heading").inner_text() == "Năm 1985"
    assert page.locator("#ngay-1985-01-21").is_visible()
    assert page.get_by_text("Lễ cúng rừng (cộng đồng)").count() == 0
    assert fits_the_screen(page) and no_element_overflows(page)

    # And a past month in the grid, stepping back from it.
    page.goto(f"{live_server.url}/lich-le-hoi/?year=2001&month=1")
    assert page.locator('a.day-festivals[href="#ngay-2001-01-24"]').is_visible()  # Tết Tân Tỵ
    page.locator("a.step[rel=prev]").click()
    assert page.locator("#period-heading").inner_text() == "Tháng 12 năm 2000"
    assert fits_the_screen(page) and no_element_overflows(page)
    page.close()
