"""In Chromium, a map of a large result draws the server's clusters first, and a click
on one zooms in to the records' own markers."""

import pytest

from tests.factories import make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def scattered(db, settings):
    settings.HERITAGE_MAP_MARKER_LIMIT = 2  # more records than this: clusters, per view
    _home, record_index, _collections = make_site_tree()
    for number in range(3):
        make_record(record_index, title=f"Lễ hội ở Hà Giang {number}", latitude=22.82 + number / 100, longitude=104.98)
    for number in range(2):
        make_record(
            record_index, title=f"Lễ ăn trâu ở Sơn Hà {number}", latitude=15.044 + number / 100, longitude=108.468
        )
    make_record(record_index, title="Lễ kín", latitude=15.05, longitude=108.47, access_level="community")


def test_clusters_first_then_markers_after_zooming_in(chromium, live_server, scattered):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/api/records.geojson" in request.url else None)
    page.goto(f"{live_server.url}/map/")
    page.wait_for_function("() => document.documentElement.dataset.mapLayer === 'clusters'")
    assert page.evaluate("document.documentElement.dataset.mapRecords") == "5"  # the community record is not counted
    assert "zoom=" in asked[0] and "view=" in asked[0]
    clusters = page.locator(".map-server-cluster")
    assert sorted(clusters.all_inner_texts()) == ["2", "3"]
    assert page.locator(".leaflet-marker-icon[title^='Lễ']").count() == 0  # no marker is drawn yet

    clusters.filter(has_text="2").click()
    page.wait_for_function("() => document.documentElement.dataset.mapLayer === 'markers'")
    assert page.evaluate("window.heritageMap.getZoom()") > 10
    for number in range(2):
        page.locator(f'.leaflet-marker-icon[title="Lễ ăn trâu ở Sơn Hà {number}"]').wait_for()
    assert page.locator(".map-server-cluster").count() == 0

    page.locator('.leaflet-marker-icon[title="Lễ ăn trâu ở Sơn Hà 0"]').click()
    page.locator(".map-popup .map-popup-place").wait_for()  # the card of a marker still opens
    page.close()
