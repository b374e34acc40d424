"""Issue 9 for the pages that are mostly map: the search-by-map page paints its heading,
form and result list before Leaflet (no map script or style holds up its first paint) and
still draws its markers; and without JavaScript a map frame is not an empty box: the
record page names the place and links to the full map, giving a visitor who may not see
the exact place no coordinate at all. (Its LCP on a slow phone: bench/phone.py.)"""

import pytest

from tests.browser.test_csp import Violations, assert_map_draws_markers, visit
from tests.browser.test_phone_budget import PHONE
from tests.factories import make_area, make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
EXACT = (15.0442, 108.4681)  # the burial ground's place, which only the community may see
DISTRICT_RING = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]

# Every script and style the page fetched, with whether it held up the first paint
# (PerformanceResourceTiming.renderBlockingStatus, Chromium 107+).
RENDER_BLOCKING = """() => performance.getEntriesByType('resource')
  .filter(entry => entry.renderBlockingStatus === 'blocking').map(entry => entry.name)"""


@pytest.fixture
def places(db):
    _home, record_index, _collections = make_site_tree()
    make_area(DISTRICT_RING, code="thu-sh", name="Huyện thử Sơn Hà")
    festival = make_record(
        record_index,
        title="Lễ ăn trâu của người Hrê",
        latitude=14.5,
        longitude=108.9,
        place_name="Làng Teng",
        admin_unit="xã Sơn Hạ",
    )
    burial_ground = make_record(
        record_index,
        title="Lễ bỏ mả ở khu mộ làng",
        latitude=EXACT[0],
        longitude=EXACT[1],
        location_access="community",
        place_name="Khu mộ đầu nguồn",
        admin_unit="xã Sơn Linh",
    )
    return {"festival": festival, "burial_ground": burial_ground}


def test_the_map_page_paints_before_leaflet_and_still_draws_its_markers(chromium, live_server, places):
    context = chromium.new_context(**PHONE)
    violations = Violations(context)
    page = context.new_page()
    html = page.request.get(f"{live_server.url}/map/").text()
    head = html[: html.index("</head>")]
    assert "leaflet" not in head.lower() and "maps.js" not in head, head  # nothing of the map in the head

    visit(page, f"{live_server.url}/map/", violations)
    assert_map_draws_markers(page)
    blocking = page.evaluate(RENDER_BLOCKING)
    assert blocking and all("/heritage/" in url for url in blocking), blocking  # the site's own style only
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map(entry => entry.name)")
    assert [url for url in fetched if url.endswith("/vendor/leaflet/leaflet.js")]  # fetched, after the paint
    # The list was there before the map, and the map's controls work: the view can be searched.
    assert page.locator(".map-result-list li").count() == 2
    page.locator("#search-this-view").click()
    page.wait_for_url("**/map/?*bbox=*")
    page.locator(".leaflet-container").wait_for()
    assert violations.of(page) == []
    context.close()


def no_script_page(chromium, url):
    context = chromium.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    response = page.goto(url)
    assert response.ok
    return context, page


def test_without_javascript_a_record_names_its_place_and_links_to_the_map_around_it(chromium, live_server, places):
    context, page = no_script_page(chromium, live_server.url + places["festival"].url)
    fallback = page.locator(".map-frame .map-no-script")
    assert fallback.is_visible()
    assert "Làng Teng, xã Sơn Hạ, Quảng Ngãi" in fallback.inner_text()
    assert page.locator(".map-frame .map-open").is_hidden()  # no button that would do nothing

    fallback.get_by_role("link").click()
    page.wait_for_url("**/map/?bbox=*")
    assert page.locator(".map-result-list").get_by_text("Lễ ăn trâu của người Hrê").is_visible()
    assert page.locator(".map-result-list li").count() == 1  # not the burial ground, in another district
    assert page.locator(".map-frame .map-no-script").is_visible()  # the map page says why it has no map
    context.close()


def test_without_javascript_a_protected_place_stays_words_without_coordinates(chromium, live_server, places):
    context, page = no_script_page(chromium, live_server.url + places["burial_ground"].url)
    html = page.content()
    for number in ("15.044", "108.468", "15,044", "108,468"):
        assert number not in html, number
    fallback = page.locator(".map-frame .map-no-script")
    assert "Khu mộ đầu nguồn, xã Sơn Linh, Quảng Ngãi" in fallback.inner_text()
    assert "Vị trí chính xác được bảo vệ." in fallback.inner_text()
    link = fallback.get_by_role("link")
    assert link.get_attribute("href") == "/map/?province=51"  # the province, no box around the place

    link.click()
    page.wait_for_url("**/map/?province=51")
    assert page.locator(".map-result-list").get_by_text("Lễ bỏ mả ở khu mộ làng").is_visible()
    context.close()
