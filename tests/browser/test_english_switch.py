"""In Chromium on a phone (390 × 844): a visitor reads a record in Vietnamese, switches to
English and back with the header's switch, lands on the same record each time, in the
language the address says, and the map popup's link stays in English."""

import pytest
from django.utils import translation

from tests.browser.test_csp import Violations, visit
from tests.factories import make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def buffalo_rite(db):
    _home, record_index, _collections = make_site_tree()
    record = make_record(
        record_index,
        title="Lễ ăn trâu của người Hrê",
        title_en="Buffalo-offering rite of the Hrê",
        summary="Lễ lớn của làng.",
        summary_en="The village's great rite.",
        latitude=15.05,
        longitude=108.45,
    )
    with translation.override("vi"):
        return {"record": record, "path": record.url}


def test_switching_language_on_a_record_keeps_the_record_and_the_address_says_the_language(
    chromium, live_server, buffalo_rite
):
    context = chromium.new_context(**PHONE)
    violations = Violations(context)
    page = context.new_page()
    path = buffalo_rite["path"]
    visit(page, f"{live_server.url}{path}?xem=1", violations)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Lễ ăn trâu của người Hrê"

    switch = page.locator('.language-switch a[hreflang="en"]')
    box = switch.bounding_box()
    assert box["height"] >= 44 - 0.5 and box["width"] >= 44 - 0.5  # a tap target on a phone
    switch.tap()
    page.wait_for_url(f"{live_server.url}/en{path}?xem=1")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Buffalo-offering rite of the Hrê"
    assert page.locator(".record-aside dt").first.inner_text() == "Ethnic groups"
    assert page.locator('.language-switch [aria-current="true"]').inner_text().startswith("EN")
    assert violations.of(page) == []

    page.locator('.language-switch a[hreflang="vi"]').tap()
    page.wait_for_url(f"{live_server.url}{path}?xem=1")
    assert page.locator("h1").inner_text() == "Lễ ăn trâu của người Hrê"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # On the English map, a marker's popup links to the English permalink.
    visit(page, f"{live_server.url}/en/map/", violations)
    page.locator(".leaflet-marker-icon").first.click()
    popup_link = page.locator(".map-popup a").first
    popup_link.wait_for()
    assert popup_link.get_attribute("href") == f"/en/r/{buffalo_rite['record'].pk}/"
    context.close()
