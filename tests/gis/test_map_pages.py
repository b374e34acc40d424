import json
import re

import pytest

from tests.factories import make_record


@pytest.fixture
def mapped(record_index):
    return {
        "inside": make_record(record_index, title="Chiêng ba ở Sơn Hà", latitude=15.044, longitude=108.468),
        "outside": make_record(record_index, title="Thổ cẩm ở Ba Tơ", latitude=14.793, longitude=108.742),
        "hidden": make_record(
            record_index, title="Lễ kín ở Sơn Hà", latitude=15.05, longitude=108.47, access_level="community"
        ),
    }


@pytest.mark.django_db
def test_map_page_lists_the_records_in_the_box_without_javascript(client, mapped):
    response = client.get("/map/", {"bbox": "108.3,14.88,108.62,15.2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chiêng ba ở Sơn Hà" in html
    assert "Thổ cẩm ở Ba Tơ" not in html
    assert "Lễ kín ở Sơn Hà" not in html


@pytest.mark.django_db
def test_maps_load_their_libraries_from_the_site_not_a_cdn(client, mapped):
    html = client.get("/map/").content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    # The page's own absolute addresses (canonical, hreflang twins) are not another host.
    external = [
        url for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html) if not url.startswith("http://testserver/")
    ]
    assert external == []
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert "/api/records.geojson" in html  # markers come from the endpoint, not inlined


@pytest.mark.django_db
def test_map_page_refuses_a_bad_box(client, mapped):
    assert client.get("/map/", {"bbox": "200,1,2"}).status_code == 400


@pytest.mark.django_db
def test_area_page_shows_its_records_and_map(client, quang_ngai_districts, mapped):
    response = client.get("/khu-vuc/district/529/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Huyện Sơn Hà" in html and "Chiêng ba ở Sơn Hà" in html
    assert "Lễ kín ở Sơn Hà" not in html
    assert "area=district/529" in html
    assert client.get("/khu-vuc/district/99999/").status_code == 404


@pytest.mark.django_db
def test_map_shades_areas_by_their_record_count_and_links_them(client, quang_ngai_districts, mapped):
    html = client.get("/map/").content.decode()
    assert json.dumps("Huyện Sơn Hà")[1:-1] not in html  # the page carries no boundary
    assert "/api/areas.geojson" in html  # the choropleth asks for them
    areas = client.get("/api/areas.geojson", {"zoom": 6}).json()
    drawn = {feature["properties"]["name"]: feature["properties"] for feature in areas["features"]}
    assert drawn["Huyện Sơn Hà"]["records"] == 1  # the community record is not counted
    assert drawn["Huyện Sơn Hà"]["url"] == "/khu-vuc/district/529/"  # clicking it opens its page
    assert "Huyện Lý Sơn" not in drawn  # districts without visible records are left out


@pytest.mark.django_db
def test_a_map_is_made_once_per_process_for_the_same_place_language_and_tiles(settings, monkeypatch):
    """Record pages and the home page reuse a map's parts; what they depend on changes them."""
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.utils import translation

    from gis import maps

    made = []
    real_render = maps.render
    monkeypatch.setattr(maps, "render", lambda figure: made.append(1) or real_render(figure))
    template = Template("{% load heritage_maps %}{% records_map latitude=15.21 longitude=108.61 zoom=9 locator=True %}")

    def page(nonce):
        request = RequestFactory().get("/")
        request.csp_nonce = nonce
        return template.render(Context({"request": request}))

    first, second = page("nonce-one"), page("nonce-two")
    assert len(made) == 1
    assert first.replace("nonce-one", "") == second.replace("nonce-two", "")  # the same map, each page its own nonce
    with translation.override("en"):
        english = page("nonce-one")
    assert len(made) == 2 and "Use two fingers to move the map" in english
    settings.HERITAGE_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.HERITAGE_MAP_ATTRIBUTION = "Bản đồ nền thử"
    assert "tiles.example.org" in page("nonce-one")
    assert len(made) == 3
