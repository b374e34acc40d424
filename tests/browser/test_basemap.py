"""In Chromium: the map draws the site's own base map from its PMTiles file, asking no
other host; without tiles (none configured, or the tile server unreachable) it draws
the province and district outlines as its base."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.gis.basemap_files import TILE_COLOUR, import_small_areas, write_raster_pmtiles, write_vector_pmtiles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# The colour at the middle of the first loaded tile (Pillow drew it), read in the page.
TILE_CENTRE_COLOUR = """() => {
  const tile = [...document.querySelectorAll('.leaflet-tile-container img.leaflet-tile-loaded')]
    .find((img) => img.complete && img.naturalWidth === 256 && img.src.startsWith('blob:'));
  if (!tile) return null;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 256;
  const context = canvas.getContext('2d');
  context.drawImage(tile, 0, 0);
  return Array.from(context.getImageData(128, 200, 1, 1).data.slice(0, 3));
}"""


@pytest.fixture
def self_hosted(tmp_path, settings):
    path = tmp_path / "vietnam.pmtiles"
    write_raster_pmtiles(path, zooms=range(0, 8))
    settings.HERITAGE_MAP_TILES = "basemap"
    settings.HERITAGE_BASEMAP_FILE = path
    return path


def open_map(chromium, live_server, device):
    context = chromium.new_context(**device)
    page = context.new_page()
    asked, answered, errors = [], {}, []
    page.on("request", lambda request: asked.append(request.url))
    page.on("response", lambda response: answered.setdefault(response.status, []).append(response.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/map/")
    return context, page, asked, answered, errors


def elsewhere(asked, live_server):
    site = urlsplit(live_server.url).netloc
    return [url for url in asked if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != site]


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_draws_the_sites_own_base_map_and_asks_no_other_host(chromium, live_server, self_hosted, device):
    context, page, asked, answered, errors = open_map(chromium, live_server, device)
    page.wait_for_function("() => document.documentElement.dataset.mapBase === 'basemap-raster'")
    page.wait_for_function("() => +document.documentElement.dataset.mapTilesLoaded >= 2")
    page.wait_for_function(TILE_CENTRE_COLOUR)
    assert page.evaluate(TILE_CENTRE_COLOUR) == list(TILE_COLOUR)
    drawn = page.locator(".leaflet-tile-container img.leaflet-tile-loaded[src^='blob:']")
    assert drawn.count() >= 2
    box = drawn.first.bounding_box()
    assert box["width"] == 256 and box["height"] == 256
    assert any(url.endswith("/map/basemap.pmtiles") for url in answered.get(206, []))
    assert elsewhere(asked, live_server) == []
    assert page.locator(".leaflet-heritageBase-pane path").count() == 0  # no fallback
    assert page.locator(".map-frame [data-map-gestures='guarded'], [data-map-gestures='guarded']").count() == 1
    assert errors == []
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_tiles_the_map_draws_province_and_district_outlines(chromium, live_server, settings, tmp_path, device):
    settings.HERITAGE_MAP_TILES = None
    import_small_areas(tmp_path)
    context, page, asked, _answered, errors = open_map(chromium, live_server, device)
    page.wait_for_function("() => document.documentElement.dataset.mapBaseAreas === '2'")
    assert page.evaluate("document.documentElement.dataset.mapBase") == "outlines"
    assert page.locator(".leaflet-heritageBase-pane path").count() == 2
    assert page.locator(".leaflet-container.map-base-outlines").count() == 1
    assert page.locator(".map-base-label", has_text="Quảng Ngãi").is_hidden()  # no names at country zoom

    page.evaluate("window.heritageMap.setView([15.0, 108.6], 11)")
    page.wait_for_function("() => document.documentElement.dataset.mapBaseAreas === '3'")  # + its 2 districts
    page.locator(".map-base-label", has_text="Quảng Ngãi").wait_for(state="visible")
    # The province's land first, its districts' dashed borders over it (not hidden under it).
    dashed = page.eval_on_selector_all(
        ".leaflet-heritageBase-pane path", "(paths) => paths.map((path) => path.hasAttribute('stroke-dasharray'))"
    )
    assert dashed == [False, True, True]
    assert page.locator(".leaflet-tile-container img").count() == 0
    assert elsewhere(asked, live_server) == []
    assert errors == []
    context.close()


def test_when_the_tile_server_cannot_be_reached_the_outlines_take_its_place(chromium, live_server, settings, tmp_path):
    settings.HERITAGE_MAP_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens on the discard port
    settings.HERITAGE_MAP_ATTRIBUTION = "Unreachable test tiles"
    import_small_areas(tmp_path)
    context, page, _asked, _answered, errors = open_map(chromium, live_server, DESKTOP)
    page.wait_for_function("() => document.documentElement.dataset.mapBase === 'outlines'")
    page.wait_for_function("() => document.documentElement.dataset.mapBaseAreas === '2'")
    assert page.locator(".leaflet-heritageBase-pane path").count() == 2
    assert page.locator(".leaflet-tile-container img").count() == 0  # the dead tile layer is gone
    assert errors == []
    context.close()


# The middle of the first drawn canvas tile of the vector base map.
CANVAS_CENTRE_COLOUR = """() => {
  const tile = [...document.querySelectorAll('.leaflet-tile-container canvas.leaflet-tile-loaded')]
    .find((canvas) => canvas.width > 0);
  if (!tile) return null;
  const [r, g, b, a] = tile.getContext('2d').getImageData(tile.width / 2, tile.height / 2, 1, 1).data;
  return a ? [r, g, b] : null;
}"""
LIGHT_EARTH = [0xE2, 0xDF, 0xDA]  # protomaps-leaflet's "light" flavour, land


def test_a_vector_base_map_is_drawn_with_protomaps_leaflet(chromium, live_server, settings, tmp_path):
    path = tmp_path / "vietnam-vector.pmtiles"
    write_vector_pmtiles(path)
    settings.HERITAGE_MAP_TILES = "basemap"
    settings.HERITAGE_BASEMAP_FILE = path
    context, page, asked, answered, errors = open_map(chromium, live_server, DESKTOP)
    page.wait_for_function("() => document.documentElement.dataset.mapBase === 'basemap-vector'")
    # protomaps-leaflet paints a tile in steps (background, then land): wait for the land.
    colour_is = "(expected) => JSON.stringify((" + CANVAS_CENTRE_COLOUR + ")()) === JSON.stringify(expected)"
    try:
        page.wait_for_function(colour_is, arg=LIGHT_EARTH, timeout=15_000)
    except PlaywrightTimeout:
        pass  # the assertion below says which colour it was
    assert page.evaluate(CANVAS_CENTRE_COLOUR) == LIGHT_EARTH
    assert any(url.endswith("/map/basemap.pmtiles") for url in answered.get(206, []))
    assert elsewhere(asked, live_server) == []
    # The file's own credit line, written as text: its markup is not the page's.
    assert "Protomaps © OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert "protomaps.com" not in page.locator(".leaflet-control-attribution").inner_html()
    assert errors == []
    context.close()
