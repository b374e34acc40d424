"""The site's own base map: the PMTiles file served in byte ranges, the outlines base of
a map without tiles, and `manage.py basemap_import`."""

import gzip
import json
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import make_record, make_site_tree
from tests.gis.basemap_files import import_small_areas, png_tile, write_mbtiles, write_raster_pmtiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def basemap_file(tmp_path, settings):
    path = tmp_path / "basemap" / "vietnam.pmtiles"
    path.parent.mkdir()
    write_raster_pmtiles(path, zooms=range(0, 5))
    settings.HERITAGE_MAP_TILES = "basemap"
    settings.HERITAGE_BASEMAP_FILE = path
    return path


# --- the file, in byte ranges ------------------------------------------------------------


def test_a_range_of_the_base_map_is_answered_with_exactly_those_bytes(client, basemap_file):
    whole = basemap_file.read_bytes()
    response = client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=0-126")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[:127]
    assert response["Content-Range"] == f"bytes 0-126/{len(whole)}"
    assert response["Content-Length"] == "127"

    response = client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[1000:]

    response = client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=-500")
    assert b"".join(response.streaming_content) == whole[-500:]


def test_a_range_outside_the_file_is_416_and_no_range_is_the_whole_file(client, basemap_file):
    size = basemap_file.stat().st_size
    refused = client.get("/map/basemap.pmtiles", HTTP_RANGE=f"bytes={size + 10}-{size + 20}")
    assert refused.status_code == 416
    assert refused["Content-Range"] == f"bytes */{size}"
    assert client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=50-10").status_code == 416

    whole = client.get("/map/basemap.pmtiles")
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == basemap_file.read_bytes()


def test_the_base_map_is_revalidated_by_its_etag_and_a_new_file_gets_a_new_one(client, basemap_file):
    first = client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=0-126")
    etag = first["ETag"]
    assert client.get("/map/basemap.pmtiles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    write_raster_pmtiles(basemap_file, zooms=range(0, 4))
    os.utime(basemap_file, ns=(first_mtime := basemap_file.stat().st_mtime_ns + 10**9, first_mtime))
    assert client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=0-126")["ETag"] != etag


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.one_of(st.text(max_size=30), st.from_regex(r"bytes=\d{0,12}-\d{0,12}", fullmatch=True)))
def test_no_range_header_causes_a_server_error(client, basemap_file, header):
    try:
        response = client.get("/map/basemap.pmtiles", HTTP_RANGE=header)
    except ValueError:
        return  # the test client refuses a header with a newline; a browser cannot send one
    assert response.status_code in (200, 206, 416)


def test_the_base_map_is_public_and_tells_nothing_of_records(client, basemap_file, django_user_model):
    """The same bytes for everyone, shared caches may keep them, no cookie is set."""
    _home, record_index, _collections = make_site_tree()
    make_record(record_index, title="Lễ kín", latitude=15.05, longitude=108.47, access_level="community")
    anonymous = client.get("/map/basemap.pmtiles")
    assert anonymous["Cache-Control"].startswith("public")
    assert not anonymous.cookies
    assert anonymous["X-Content-Type-Options"] == "nosniff"
    body = b"".join(anonymous.streaming_content)
    assert body == basemap_file.read_bytes()
    staff = django_user_model.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(staff)
    assert b"".join(client.get("/map/basemap.pmtiles").streaming_content) == body


def test_without_a_self_hosted_base_map_the_address_is_404(client, basemap_file, settings):
    settings.HERITAGE_MAP_TILES = None
    assert client.get("/map/basemap.pmtiles").status_code == 404
    settings.HERITAGE_MAP_TILES = "basemap"
    settings.HERITAGE_BASEMAP_FILE = basemap_file.parent / "missing.pmtiles"
    assert client.get("/map/basemap.pmtiles").status_code == 404
    broken = basemap_file.parent / "broken.pmtiles"
    broken.write_bytes(b"not a tile archive at all" * 10)
    settings.HERITAGE_BASEMAP_FILE = broken
    assert client.get("/map/basemap.pmtiles").status_code == 404


# --- the map pages -------------------------------------------------------------------------


def test_a_map_with_the_self_hosted_base_map_loads_its_library_and_asks_no_other_host(client, basemap_file):
    page = client.get("/map/").content.decode()
    assert "/static/vendor/pmtiles/pmtiles.js" in page
    assert "protomaps-leaflet" not in page
    assert "HeritageMaps.baseMap(" in page
    assert '"mode": "raster"' in page and '"url": "/map/basemap.pmtiles"' in page
    assert "tile.openstreetmap.org" not in page


def test_with_the_self_hosted_base_map_the_policy_lets_images_and_requests_come_from_the_site_only():
    """The policy is made from the environment when the settings load: load them afresh."""
    import subprocess
    import sys

    script = (
        "from heritage.settings import base; d = base.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(sorted(d['img-src']), sorted(d['connect-src']))"
    )
    policies = {}
    for tiles in ("basemap", "", "none"):
        environment = {**os.environ, "MAP_TILES": tiles}
        policies[tiles] = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
        ).stdout.strip()
    assert policies["basemap"] == "[\"'self'\", 'blob:', 'data:'] [\"'self'\"]"
    assert policies["none"] == policies["basemap"]
    assert "https://tile.openstreetmap.org" in policies[""]  # online tiles stay the default


def test_the_base_map_library_is_loaded_only_on_pages_with_a_map(client, basemap_file):
    make_site_tree()
    assert "pmtiles.js" not in client.get("/tim-kiem/").content.decode()


def test_without_tiles_a_map_draws_the_outlines_base(client, settings):
    settings.HERITAGE_MAP_TILES = None
    page = client.get("/map/").content.decode()
    assert '"mode": "outlines"' in page and '"outlinesUrl": "/api/areas/outlines.geojson"' in page
    assert "pmtiles.js" not in page


def test_online_tiles_stay_the_default_and_are_watched(client, settings):
    settings.HERITAGE_MAP_TILES = "OpenStreetMap"
    page = client.get("/map/").content.decode()
    assert "tile.openstreetmap.org" in page
    assert '"mode": "online"' in page
    assert "pmtiles.js" not in page


# --- the outlines base ---------------------------------------------------------------------


def test_outlines_base_has_provinces_then_districts_when_zoomed_in(client, tmp_path):
    import_small_areas(tmp_path)
    country = client.get("/api/areas/outlines.geojson?zoom=6").json()
    assert sorted(f["properties"]["name"] for f in country["features"]) == ["Quảng Nam", "Quảng Ngãi"]
    assert all(f["properties"]["level"] == "province" and len(f["properties"]["at"]) == 2 for f in country["features"])
    closer = client.get("/api/areas/outlines.geojson?zoom=11&view=108.3,14.6,108.9,15.1").json()
    names = {f["properties"]["name"]: f["properties"]["level"] for f in closer["features"]}
    assert names == {"Quảng Ngãi": "province", "Sơn Hà": "district", "Ba Tơ": "district"}


def test_outlines_base_says_nothing_of_records_and_is_the_same_for_everyone(client, tmp_path, django_user_model):
    import_small_areas(tmp_path)
    _home, record_index, _collections = make_site_tree()
    make_record(record_index, title="Lễ kín", latitude=15.0, longitude=108.4, access_level="community")
    anonymous = client.get("/api/areas/outlines.geojson?zoom=6", HTTP_ACCEPT_ENCODING="identity")
    staff = django_user_model.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(staff)
    signed_in = client.get("/api/areas/outlines.geojson?zoom=6", HTTP_ACCEPT_ENCODING="identity")
    assert anonymous.content == signed_in.content
    for feature in anonymous.json()["features"]:
        assert set(feature["properties"]) <= {"name", "level", "at"}
    assert "Lễ kín" not in anonymous.content.decode()


@pytest.mark.parametrize("query", ["zoom=99", "zoom=abc", "zoom=9&view=1,2,3", "zoom=9&view=200,0,0,0"])
def test_outlines_base_refuses_bad_parameters_clearly(client, query):
    response = client.get(f"/api/areas/outlines.geojson?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


# --- basemap_import ------------------------------------------------------------------------


def test_basemap_import_turns_an_mbtiles_into_the_base_map(tmp_path, settings, client):
    from pmtiles.reader import MmapSource, Reader

    tiles = {
        (z, x, y): png_tile(colour=(10 * z, 100, 50), text=f"{z}/{x}/{y}")
        for z in range(3)
        for x in range(2**z)
        for y in range(2**z)
        if x < 3 and y < 3
    }
    source = tmp_path / "vietnam.mbtiles"
    write_mbtiles(source, tiles, {"name": "test", "format": "png", "bounds": "102.1,8.4,109.5,23.4"})
    target = tmp_path / "var" / "basemap.pmtiles"
    settings.HERITAGE_BASEMAP_FILE = target
    call_command("basemap_import", str(source), verbosity=0)

    with open(target, "rb") as handle:
        reader = Reader(MmapSource(handle))
        header = reader.header()
        assert header["addressed_tiles_count"] == len(tiles)
        assert (header["min_zoom"], header["max_zoom"]) == (0, 2)
        assert header["min_lon_e7"] == 1021000000
        for (z, x, y), data in tiles.items():
            assert reader.get(z, x, y) == data
    assert [name for name in os.listdir(target.parent)] == ["basemap.pmtiles"]  # no leftover
    settings.HERITAGE_MAP_TILES = "basemap"
    assert client.get("/map/basemap.pmtiles", HTTP_RANGE="bytes=0-6").status_code == 206


def test_basemap_import_gzips_vector_tiles_and_takes_a_pmtiles_as_it_is(tmp_path):
    from pmtiles.reader import MmapSource, Reader

    source = tmp_path / "vector.mbtiles"
    write_mbtiles(source, {(0, 0, 0): b"\x1a\x05layer"}, {"format": "pbf", "minzoom": "0", "maxzoom": "0"})
    target = tmp_path / "basemap.pmtiles"
    call_command("basemap_import", str(source), output=str(target), verbosity=0)
    with open(target, "rb") as handle:
        reader = Reader(MmapSource(handle))
        assert reader.header()["tile_type"].value == 1
        assert gzip.decompress(reader.get(0, 0, 0)) == b"\x1a\x05layer"

    pmtiles_source = tmp_path / "extract.pmtiles"
    write_raster_pmtiles(pmtiles_source, zooms=range(0, 3))
    call_command("basemap_import", str(pmtiles_source), output=str(target), verbosity=0)
    assert target.read_bytes() == pmtiles_source.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("noise.mbtiles", b"this is not a database, only some words" * 100, "not an MBTiles file"),
        ("empty.mbtiles", None, "holds no tile"),
        ("odd.mbtiles", "odd", "unknown type"),
        ("cut.pmtiles", "cut", "cut short"),
    ],
)
def test_basemap_import_refuses_a_broken_file_and_keeps_the_current_base_map(tmp_path, name, content, message):
    target = tmp_path / "basemap" / "basemap.pmtiles"
    target.parent.mkdir()
    write_raster_pmtiles(target, zooms=range(0, 2))
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    source = tmp_path / name
    if content is None:
        write_mbtiles(source, {}, {"format": "png"})
    elif content == "odd":
        write_mbtiles(source, {(0, 0, 0): b"GIF89a..."}, {"minzoom": "0", "maxzoom": "0"})
    elif content == "cut":
        write_raster_pmtiles(source, zooms=range(0, 3))
        source.write_bytes(source.read_bytes()[:-3000])
    else:
        source.write_bytes(content)
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("basemap_import", str(source), output=str(target), verbosity=0)
    assert message in str(refused.value)
    assert "current base map is unchanged" in str(refused.value)
    with pytest.raises(CommandError, match="Bản đồ nền hiện tại không bị thay đổi"):  # the operator's language
        call_command("basemap_import", str(source), output=str(target), verbosity=0)
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp
    assert os.listdir(target.parent) == ["basemap.pmtiles"]


def test_basemap_import_of_a_missing_file_says_so(tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="cannot be opened"):
        call_command("basemap_import", str(tmp_path / "nowhere.mbtiles"), output=str(tmp_path / "b.pmtiles"))


def test_outlines_base_is_valid_json_for_an_empty_library(client):
    assert json.loads(client.get("/api/areas/outlines.geojson").content) == {
        "type": "FeatureCollection",
        "features": [],
    }
