import pytest

from gis.models import Area
from tests.factories import make_record

SON_HA = "529"


@pytest.fixture
def mapped_records(quang_ngai_districts, record_index):
    return {
        "son_ha": make_record(record_index, title="Lễ ăn trâu ở Sơn Hà", latitude=15.044, longitude=108.468),
        "ba_to": make_record(record_index, title="Dệt thổ cẩm ở Ba Tơ", latitude=14.793, longitude=108.742),
        "hidden": make_record(
            record_index, title="Hồ sơ kín ở Sơn Hà", latitude=15.05, longitude=108.47, access_level="community"
        ),
        "no_place": make_record(record_index, title="Hồ sơ không toạ độ", province=None),
    }


def features(response):
    return {feature["properties"]["t"] for feature in response.json()["features"]}


@pytest.mark.django_db
def test_published_records_are_linked_to_the_areas_that_contain_them(mapped_records):
    son_ha = Area.objects.get(level="district", code=SON_HA)
    assert set(son_ha.records.values_list("title", flat=True)) == {"Lễ ăn trâu ở Sơn Hà", "Hồ sơ kín ở Sơn Hà"}
    assert son_ha.parent.records.filter(title="Dệt thổ cẩm ở Ba Tơ").exists()


@pytest.mark.django_db
def test_a_record_that_moves_changes_area(mapped_records):
    record = mapped_records["son_ha"]
    record.latitude, record.longitude = 14.793, 108.742
    record.save_revision().publish()
    assert record.areas.get(level="district").name == "Huyện Ba Tơ"


@pytest.mark.django_db
def test_records_geojson_leaves_out_restricted_records(client, mapped_records):
    response = client.get("/api/records.geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    assert features(response) == {"Lễ ăn trâu ở Sơn Hà", "Dệt thổ cẩm ở Ba Tơ"}


@pytest.mark.django_db
def test_box_around_son_ha_returns_exactly_the_records_inside(client, mapped_records, community_member):
    son_ha = Area.objects.get(level="district", code=SON_HA)
    bbox = ",".join(str(value) for value in son_ha.bbox)
    assert features(client.get("/api/records.geojson", {"bbox": bbox})) == {"Lễ ăn trâu ở Sơn Hà"}
    assert features(client.get("/api/records.geojson", {"area": f"district/{SON_HA}"})) == {"Lễ ăn trâu ở Sơn Hà"}
    client.force_login(community_member)
    assert features(client.get("/api/records.geojson", {"area": f"district/{SON_HA}"})) == {
        "Lễ ăn trâu ở Sơn Hà",
        "Hồ sơ kín ở Sơn Hà",
    }


@pytest.mark.django_db
def test_cached_geojson_follows_publishing(client, mapped_records, record_index):
    assert len(client.get("/api/records.geojson").json()["features"]) == 2
    make_record(record_index, title="Hồ sơ mới ở Minh Long", latitude=14.951, longitude=108.702)
    assert len(client.get("/api/records.geojson").json()["features"]) == 3
    mapped_records["ba_to"].unpublish()
    assert "Dệt thổ cẩm ở Ba Tơ" not in features(client.get("/api/records.geojson"))


@pytest.mark.django_db
def test_area_api_lists_and_details_with_visible_counts(client, mapped_records):
    listing = client.get("/api/areas", {"level": "district", "parent": "51"}).json()
    assert listing["count"] == 13
    son_ha = next(area for area in listing["results"] if area["code"] == SON_HA)
    assert son_ha["records"] == 1  # the community record is not counted for anonymous visitors
    detail = client.get(son_ha["url"]).json()
    assert detail["type"] == "Feature"
    assert detail["geometry"]["type"] == "MultiPolygon"
    assert detail["properties"]["name"] == "Huyện Sơn Hà"
    full = client.get(son_ha["url"], {"geometry": "full"}).json()
    assert len(str(full["geometry"])) > len(str(detail["geometry"]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/records.geojson?bbox=1,2", 400),
        ("/api/records.geojson?area=district/99999", 404),
        ("/api/records.geojson?group=khong-co", 400),
        ("/api/areas?level=planet", 400),
        ("/api/areas?valid_on=2025-13-40", 400),
        ("/api/areas/district/99999", 404),
    ],
)
def test_bad_gis_parameters_get_clear_errors(client, mapped_records, path, status):
    assert client.get(path).status_code == status


@pytest.mark.django_db
def test_records_geojson_is_compressed_for_clients_that_accept_it(client, mapped_records):
    response = client.get("/api/records.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_records_of_an_abolished_district_are_found_under_its_successor(client, mapped_records):
    import json

    son_ha = Area.objects.get(level="district", code=SON_HA)
    son_ha.valid_to = "2025-06-30"
    son_ha.save()
    square = {
        "type": "MultiPolygon",
        "coordinates": [[[[110, 10], [110.1, 10], [110.1, 10.1], [110, 10.1], [110, 10]]]],
    }
    commune = Area.objects.create(
        level="commune",
        code="21000",
        name="Xã Sơn Hà (mới)",
        geometry=square,
        simplified=square,
        min_lon=110,
        min_lat=10,
        max_lon=110.1,
        max_lat=10.1,
        valid_from="2025-07-01",
    )
    son_ha.successors.add(commune)
    found = client.get("/api/records.geojson", {"area": "commune/21000"}).json()["features"]
    assert {feature["properties"]["t"] for feature in found} == {"Lễ ăn trâu ở Sơn Hà"}
    detail = client.get(f"/api/areas/district/{SON_HA}").json()
    assert detail["properties"]["successors"] == [{"level": "commune", "code": "21000", "name": "Xã Sơn Hà (mới)"}]
    assert json.dumps("Huyện Sơn Hà")[1:-1] not in json.dumps(
        client.get("/api/areas", {"valid_on": "2025-08-01"}).json()
    )
    page = client.get("/khu-vuc/commune/21000/").content.decode()
    assert "Lễ ăn trâu ở Sơn Hà" in page and "Huyện Sơn Hà" in page


@pytest.mark.django_db
def test_curator_sets_successors_and_groups_in_the_admin(client, mapped_records):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("quan-tri", password="x-long-password")
    client.force_login(admin)
    son_ha = Area.objects.get(level="district", code=SON_HA)
    ba_to = Area.objects.get(level="district", name="Huyện Ba Tơ")
    response = client.get("/admin/areas/")
    assert response.status_code == 200 and "Huyện Sơn Hà" in response.content.decode()
    from heritage.models import EthnicGroup

    hre = EthnicGroup.objects.get(slug="hre")
    form_page = client.get(f"/admin/areas/edit/{son_ha.pk}/").content.decode()
    assert "Hồ sơ không toạ độ" in form_page  # records without coordinates can be tied by hand
    response = client.post(
        f"/admin/areas/edit/{son_ha.pk}/",
        {
            "name": son_ha.name,
            "code": son_ha.code,
            "level": "district",
            "valid_from": "",
            "valid_to": "2025-06-30",
            "successors": [ba_to.pk],
            "ethnic_groups": [hre.pk],
        },
    )
    assert response.status_code == 302
    son_ha.refresh_from_db()
    assert list(son_ha.successors.all()) == [ba_to] and list(son_ha.ethnic_groups.all()) == [hre]
    assert son_ha.geometry["type"] == "MultiPolygon"  # the boundary is untouched by the form


@pytest.mark.django_db
def test_markers_carry_their_ethnic_groups_for_the_group_layers(client, mapped_records, record_index):
    make_record(record_index, title="Lễ hội của người Co", groups=("co", "hre"), latitude=15.1, longitude=108.4)
    groups = {
        feature["properties"]["t"]: sorted(feature["properties"]["g"])
        for feature in client.get("/api/records.geojson").json()["features"]
    }
    assert groups["Lễ hội của người Co"] == ["co", "hre"]
    assert groups["Lễ ăn trâu ở Sơn Hà"] == ["hre"]


@pytest.mark.django_db
def test_popup_card_shows_a_visible_record_and_hides_a_restricted_one(client, mapped_records, community_member):
    record = mapped_records["son_ha"]
    card = client.get(f"/api/records/{record.pk}/card").json()
    assert card["title"] == "Lễ ăn trâu ở Sơn Hà"
    assert card["url"] == record.url and card["type"]
    assert "Quảng Ngãi" in card["place"]
    hidden = mapped_records["hidden"]
    assert client.get(f"/api/records/{hidden.pk}/card").status_code == 404
    assert client.get("/api/records/999999/card").status_code == 404
    client.force_login(community_member)
    assert client.get(f"/api/records/{hidden.pk}/card").json()["title"] == "Hồ sơ kín ở Sơn Hà"


@pytest.mark.django_db
def test_popup_card_has_a_small_webp_thumbnail(client, mapped_records, record_index):
    from tests.factories import make_image

    record = make_record(
        record_index, title="Hồ sơ có ảnh", latitude=15.0, longitude=108.5, main_image=make_image(), publish=True
    )
    thumbnail = client.get(f"/api/records/{record.pk}/card").json()["thumbnail"]
    assert thumbnail["url"].endswith(".webp")
    assert (thumbnail["width"], thumbnail["height"]) == (240, 160)
    assert thumbnail["alt"]


@pytest.mark.django_db
def test_area_boundaries_come_simplified_for_the_zoom_level(client, mapped_records):
    url = f"/api/areas/district/{SON_HA}"

    def vertices(response):
        return sum(len(ring) for polygon in response.json()["geometry"]["coordinates"] for ring in polygon)

    coarse, fine = vertices(client.get(url, {"zoom": 6})), vertices(client.get(url, {"zoom": 14}))
    assert client.get(url, {"zoom": 6}).json()["geometry"]["type"] == "MultiPolygon"
    assert 4 <= coarse < fine <= vertices(client.get(url, {"geometry": "full"}))
    for bad in ("x", "-1", "21"):
        response = client.get(url, {"zoom": bad})
        assert response.status_code == 400 and "zoom" in response.json()["error"]
