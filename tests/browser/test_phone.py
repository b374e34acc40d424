"""The site on a phone (390 × 844, touch) in Chromium: no page is wider than the screen,
a map never traps the page (one finger and the plain wheel scroll the page, two fingers,
a click or Ctrl + wheel move the map), the search filters wait behind "Bộ lọc", and the
main controls are tap targets of at least 44 px; all without a CSP violation."""

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the per-test browser fixture
from tests.browser.test_csp import Violations, open_maps, visit
from tests.factories import make_area, make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 700}}
TAP = 44


@pytest.fixture
def library(db):
    _home, record_index, _collections = make_site_tree()
    records = [
        make_record(
            record_index,
            title=f"Lễ ăn trâu của người Hrê ở làng số {number}",
            latitude=15.0 + number / 100,
            longitude=108.45,
            summary="Lễ lớn của làng, mừng lúa mới và cầu mưa thuận gió hòa.",
        )
        for number in range(21)
    ]
    area = make_area(
        [[108.3, 14.9], [108.6, 14.9], [108.6, 15.3], [108.3, 15.3], [108.3, 14.9]], name="Huyện Sơn Hà thử"
    )
    return {"record": records[0], "area": f"/khu-vuc/{area.level}/{area.code}/"}


def phone_page(browser, **extra):
    context = browser.new_context(**PHONE, **extra)
    return context, Violations(context), context.new_page()


def wider_than_screen(page):
    """The elements that stick out to the right of the viewport, if the page scrolls sideways."""
    return page.evaluate(
        """() => document.documentElement.scrollWidth <= window.innerWidth ? [] :
        [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )


def too_small(page, selector):
    """Visible elements matching `selector` less than 44 px high (or wide)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim().slice(0, 30) || e.outerHTML.slice(0, 40), e.getBoundingClientRect()])
        .filter(([, box]) => box.height < 44 - 0.5 || box.width < 44 - 0.5)
        .map(([label, box]) => `${label}: ${Math.round(box.width)}×${Math.round(box.height)}`)""",
        selector,
    )


def test_no_page_is_wider_than_a_phone(chromium, live_server, library):  # noqa: F811
    context, violations, page = phone_page(chromium)
    for path in ["/", "/ho-so/", "/search/?q=l%E1%BB%85+h%E1%BB%99i", "/map/", library["record"].url, library["area"]]:
        visit(page, live_server.url + path, violations)
        assert wider_than_screen(page) == [], path
        maps = page.locator(".leaflet-container")
        if path != "/ho-so/" and not path.startswith("/search/"):
            open_maps(page)  # the home page's map opens near the screen, the record's on request
            maps.first.wait_for()
            assert wider_than_screen(page) == [], path
            # Every map lets the page scroll through it: dragging is off under a finger.
            assert page.evaluate("() => document.querySelector('.leaflet-container').dataset.mapGestures") == "guarded"
    context.close()


def test_map_controls_fit_without_wrapping_word_by_word(chromium, live_server, library):  # noqa: F811
    context, violations, page = phone_page(chromium)
    visit(page, f"{live_server.url}/map/", violations)
    page.wait_for_selector("#search-this-view:not([hidden])")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('#map-search > button:not([hidden])')].map(button => {
          const range = document.createRange(); range.selectNodeContents(button);
          return [button.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
        })"""
    )
    assert lines and all(count == 1 for _label, count in lines), lines  # each label on one line
    assert page.locator("#map-q").bounding_box()["height"] < 60  # the search box does not grow
    assert too_small(page, "#map-search > button, #map-q") == []
    controls = page.evaluate(
        "() => [...document.querySelectorAll('.leaflet-control')].map(c => c.getBoundingClientRect().right)"
    )
    assert controls and max(controls) <= 390
    context.close()


def scroll_settles(page):
    """Wait until the page has stopped scrolling (a swipe's fling goes on after it ends):
    the scroll position unchanged over 200 ms."""
    page.evaluate(
        """() => new Promise((settled) => {
            let last = window.scrollY;
            const timer = setInterval(() => {
                if (window.scrollY === last) {
                    clearInterval(timer);
                    settled();
                }
                last = window.scrollY;
            }, 200);
        })"""
    )


def map_centre(page):
    return page.evaluate("() => { const c = window.heritageMap.getCenter(); return [c.lat, c.lng]; }")


def swipe(session, points_from, points_to, steps=8):
    """Touches that move in a straight line, as Chromium's input pipeline receives them."""

    def touches(fraction):
        return [
            {"x": x0 + (x1 - x0) * fraction, "y": y0 + (y1 - y0) * fraction, "id": number}
            for number, ((x0, y0), (x1, y1)) in enumerate(zip(points_from, points_to, strict=True))
        ]

    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touches(0)})
    for step in range(1, steps + 1):
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": touches(step / steps)})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_one_finger_scrolls_the_page_over_a_map_and_two_fingers_move_it(chromium, live_server, library):  # noqa: F811
    context, violations, page = phone_page(chromium)
    visit(page, f"{live_server.url}/map/", violations)
    page.wait_for_function("() => window.heritageMap && document.documentElement.dataset.mapRecords !== undefined")
    frame = page.locator(".map-frame").bounding_box()
    page.evaluate("(top) => window.scrollTo(0, top - 150)", frame["y"])
    page.wait_for_timeout(200)
    box = page.locator(".map-frame").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] - 20, 300)
    before_scroll, before_centre = page.evaluate("window.scrollY"), map_centre(page)
    session = context.new_cdp_session(page)

    swipe(session, [(x, y)], [(x, y - 200)])
    page.wait_for_function("(before) => window.scrollY > before + 50", arg=before_scroll)  # the page scrolled
    scroll_settles(page)
    assert map_centre(page) == pytest.approx(before_centre)  # the map did not move
    assert page.locator(".map-frame .map-gesture-hint").inner_text() == "Dùng hai ngón tay để di chuyển bản đồ"

    page.evaluate("() => document.querySelector('.map-frame').scrollIntoView({block: 'center'})")
    scroll_settles(page)
    box = page.locator(".map-frame").bounding_box()
    y = box["y"] + box["height"] / 2
    scrolled, centre = page.evaluate("window.scrollY"), map_centre(page)
    swipe(session, [(x - 40, y), (x + 40, y)], [(x - 40 + 120, y), (x + 40 + 120, y)])
    # Dragged east: the map shows more of the west.
    page.wait_for_function("(lng) => window.heritageMap.getCenter().lng < lng - 0.01", arg=centre[1])
    assert page.evaluate("window.scrollY") == scrolled
    assert violations.of(page) == []
    context.close()


def test_the_wheel_scrolls_past_a_map_until_it_is_clicked(chromium, live_server, library):  # noqa: F811
    context = chromium.new_context(**DESKTOP)
    violations = Violations(context)
    page = context.new_page()
    visit(page, f"{live_server.url}/map/", violations)
    page.wait_for_function("() => window.heritageMap && document.documentElement.dataset.mapRecords !== undefined")
    box = page.locator(".map-frame").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 100)
    zoom = page.evaluate("window.heritageMap.getZoom()")

    page.mouse.wheel(0, 300)
    page.wait_for_function("() => window.scrollY > 0")  # the page scrolled
    assert page.evaluate("window.heritageMap.getZoom()") == zoom  # the map did not zoom
    assert page.locator(".map-frame .map-gesture-hint").inner_text() == "Ctrl + cuộn để phóng to bản đồ"

    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function("(zoom) => window.heritageMap.getZoom() > zoom", arg=zoom)
    # The zoom animation ends (Leaflet ignores a zoom asked for while one is under way).
    page.wait_for_function("() => !document.querySelector('.map-frame .leaflet-zoom-anim')")

    box = page.locator(".map-frame").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, max(box["y"], 0) + 150)  # a click hands the wheel to the map
    zoomed, scrolled = page.evaluate("window.heritageMap.getZoom()"), page.evaluate("window.scrollY")
    page.mouse.wheel(0, -300)
    page.wait_for_function("(zoom) => window.heritageMap.getZoom() > zoom", arg=zoomed)
    assert page.evaluate("window.scrollY") == scrolled
    assert violations.of(page) == []
    context.close()


def test_search_filters_wait_behind_a_button_on_a_phone_only(chromium, live_server, library):  # noqa: F811
    url = f"{live_server.url}/search/?q=l%E1%BB%85"
    context, violations, page = phone_page(chromium)
    visit(page, url, violations)
    toggle = page.locator(".filter-disclosure > summary")
    assert toggle.inner_text() == "Bộ lọc"
    assert toggle.is_visible() and not page.locator("form.filters").is_visible()
    first_result = page.locator("article.result").first.bounding_box()
    assert first_result["y"] < 844  # the results come first, on the first screen
    assert too_small(page, ".filter-disclosure > summary, .search-form button, #search-q, .result .card-title a") == []
    assert page.locator(".pagination a").count() == 1  # 21 results: a next page
    assert too_small(page, ".pagination a, .site-nav a, .footer-links a") == []
    toggle.click()
    assert page.locator("form.filters").is_visible()
    assert too_small(page, ".filters .facet-option, .filters select, .filters button") == []
    assert wider_than_screen(page) == []
    context.close()

    desktop = chromium.new_context(**DESKTOP)
    violations = Violations(desktop)
    page = desktop.new_page()
    visit(page, url, violations)
    assert page.locator("form.filters").is_visible()
    assert not page.locator(".filter-disclosure > summary").is_visible()
    filters, results = page.locator("form.filters").bounding_box(), page.locator("article.result").first.bounding_box()
    assert filters["x"] < results["x"]  # still the column beside the results
    desktop.close()
