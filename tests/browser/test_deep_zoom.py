"""In Chromium, a record page stays light (no OpenSeadragon, no Leaflet without a map)
until a visitor opens an image; then the deep-zoom dialog draws the image from the IIIF
tiles, with no CSP violation, keeps the focus, closes on Escape and fits a phone."""

import pytest

from tests.browser.test_csp import LISTEN_FOR_VIOLATIONS
from tests.factories import make_image, make_jpeg_bytes, make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def illustrated_record(db):
    _home, record_index, _collections = make_site_tree()
    main = make_image(title="Cây nêu giữa làng", file_bytes=make_jpeg_bytes((2400, 1800), (120, 80, 40)))
    in_gallery = make_image(title="Bộ chiêng", file_bytes=make_jpeg_bytes((900, 1200), (40, 80, 120)))
    body = [{"type": "gallery", "value": {"heading": "Ảnh", "images": [{"image": in_gallery.pk, "caption": ""}]}}]
    return make_record(record_index, title="Lễ ăn trâu", main_image=main, body=body)


def watch(page):
    """Every request URL and every CSP violation of `page`, as they happen."""
    seen = {"requests": [], "csp": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on(
        "console",
        lambda message: seen["csp"].append(message.text) if "Content Security Policy" in message.text else None,
    )
    return seen


def test_the_viewer_loads_only_when_opened_and_zooms_from_iiif_tiles(chromium, live_server, illustrated_record):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    page = context.new_page()
    seen = watch(page)
    page.goto(f"{live_server.url}{illustrated_record.url}")
    page.wait_for_load_state("networkidle")

    assert not [url for url in seen["requests"] if "openseadragon" in url.lower()]
    assert not [url for url in seen["requests"] if "leaflet" in url.lower()]  # no map on this record
    buttons = page.locator("button.deep-zoom-open")
    assert buttons.count() == 2  # the main image and the gallery's image
    assert buttons.first.is_visible()
    assert not page.locator("#deep-zoom").is_visible()

    opener = buttons.first
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'ready'")
    page.locator("#deep-zoom-viewer canvas").wait_for()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => /\\/default\\.jpg$/.test(e.name))")
    assert page.locator("#deep-zoom-title").inner_text() == "Cây nêu giữa làng"
    assert [url for url in seen["requests"] if url.endswith("/vendor/openseadragon/openseadragon.min.js")]
    main_id = illustrated_record.main_image_id
    assert [url for url in seen["requests"] if url.endswith(f"/iiif/3/{main_id}/info.json")]
    assert [url for url in seen["requests"] if f"/iiif/3/{main_id}/" in url and url.endswith("/default.jpg")]
    navigation_images = [url for url in seen["requests"] if "/vendor/openseadragon/images/" in url]
    assert navigation_images and all(url.startswith(live_server.url) for url in navigation_images)
    assert all(url.startswith(live_server.url) for url in seen["requests"])  # nothing from another host
    assert page.evaluate("document.activeElement.closest('#deep-zoom') !== null")

    for _ in range(8):  # Tab cycles inside the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#deep-zoom') !== null")

    page.keyboard.press("Escape")
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'closed'")
    assert page.evaluate("document.activeElement.dataset.deepZoomTitle") == "Cây nêu giữa làng"

    buttons.nth(1).click()  # a second image reuses the loaded viewer
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'ready'")
    assert page.locator("#deep-zoom-title").inner_text() == "Bộ chiêng"
    assert len([url for url in seen["requests"] if url.endswith("openseadragon.min.js")]) == 1
    page.locator("[data-deep-zoom-close]").click()
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'closed'")

    assert page.evaluate("window.__cspViolations") == [] and seen["csp"] == []
    context.close()


def test_on_a_phone_the_viewer_fills_the_screen_and_the_page_behind_stays_still(
    chromium, live_server, illustrated_record
):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}{illustrated_record.url}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator("button.deep-zoom-open").first.tap()
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'ready'")
    box = page.locator("#deep-zoom").bounding_box()
    assert box["width"] == PHONE["width"] and box["x"] == 0
    assert page.locator("#deep-zoom-viewer").bounding_box()["height"] > PHONE["height"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("getComputedStyle(document.body).overflow") == "hidden"  # the page behind does not scroll
    assert page.evaluate("getComputedStyle(document.getElementById('deep-zoom-viewer')).touchAction") == "none"

    page.keyboard.press("Escape")
    page.wait_for_function("() => document.getElementById('deep-zoom').dataset.state === 'closed'")
    assert page.evaluate("getComputedStyle(document.body).overflow") != "hidden"
    context.close()
