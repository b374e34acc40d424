"""A sensitive place (a burial ground, a sacred forest) is shown to those who may not
see it as its district, on every surface; those whose level allows see it exactly."""

import pytest

from heritage.models import RecordPage
from tests.factories import make_area, make_record

EXACT = (15.0442, 108.4681)  # latitude, longitude
# A square "district" around the place, far wider than the place itself.
DISTRICT_RING = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]


@pytest.fixture
def district(db):
    return make_area(DISTRICT_RING, code="thu-sh", name="Huyện thử Sơn Hà")


@pytest.fixture
def burial_ground(record_index, district):
    return make_record(
        record_index,
        title="Lễ bỏ mả ở khu mộ làng",
        latitude=EXACT[0],
        longitude=EXACT[1],
        location_access="community",
        body=[("location", {"place_name": "Khu mộ đầu nguồn", "latitude": EXACT[0], "longitude": EXACT[1]})],
    )


def only_feature(response):
    features = response.json()["features"]
    assert len(features) == 1
    return features[0]


def test_anonymous_map_data_shows_the_district_not_the_place(client, burial_ground, district):
    feature = only_feature(client.get("/api/records.geojson"))
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lat, 4), round(lon, 4)) != EXACT
    assert district.shape().contains(district.shape().representative_point())
    from shapely.geometry import Point

    assert district.shape().contains(Point(lon, lat))
    assert feature["properties"]["a"] == 1


def test_community_member_sees_the_exact_place(client, burial_ground, community_member):
    client.force_login(community_member)
    feature = only_feature(client.get("/api/records.geojson"))
    assert feature["geometry"]["coordinates"] == [EXACT[1], EXACT[0]]
    assert "a" not in feature["properties"]


def test_a_tiny_box_around_the_place_does_not_find_it(client, burial_ground):
    lat, lon = EXACT
    box = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    assert client.get("/api/records.geojson", {"bbox": box}).json()["features"] == []
    assert client.get("/api/search", {"bbox": box}).json()["total"] == 0


def test_record_page_hides_coordinates_from_anonymous_visitors(client, burial_ground):
    html = client.get(burial_ground.url).content.decode()
    assert "15.0442" not in html and "15,0442" not in html
    assert "108.4681" not in html and "108,4681" not in html
    assert "data-location-generalised" in html


def test_record_page_shows_coordinates_to_community_members(client, burial_ground, community_member):
    client.force_login(community_member)
    html = client.get(burial_ground.url).content.decode()
    assert "15,0442" in html or "15.0442" in html


def test_search_api_gives_the_generalised_point(client, burial_ground):
    result = client.get("/api/search", {"q": "bỏ mả"}).json()["results"][0]
    assert result["location_exact"] is False
    assert (result["latitude"], result["longitude"]) != EXACT


def test_public_point_follows_when_the_place_becomes_public(client, burial_ground):
    burial_ground.location_access = "public"
    burial_ground.save_revision().publish()
    record = RecordPage.objects.get(pk=burial_ground.pk)
    assert (record.public_latitude, record.public_longitude) == EXACT
    assert only_feature(client.get("/api/records.geojson"))["geometry"]["coordinates"] == [EXACT[1], EXACT[0]]


def test_without_an_area_the_place_is_generalised_to_a_coarse_cell(record_index):
    record = make_record(record_index, latitude=EXACT[0], longitude=EXACT[1], location_access="staff")
    record.refresh_from_db()
    assert record.public_latitude != EXACT[0]
    assert abs(record.public_latitude - EXACT[0]) <= 0.2 and abs(record.public_longitude - EXACT[1]) <= 0.2
