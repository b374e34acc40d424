"""A map asks only for what its view needs: a small result whole, a large one per view as
clusters (zoomed out) or markers (zoomed in); counts honour the access rule, answers are
cached per access version and audience and gzipped once."""

import gzip

import pytest
from shapely.geometry import Point

from tests.factories import make_area, make_record

HA_GIANG = (22.82, 104.98)  # latitude, longitude: far from Quảng Ngãi at every zoom level
SON_HA = (15.044, 108.468)
VIETNAM = "102,8,110,23.5"


@pytest.fixture
def small_limit(settings):
    """Results of more than three records are sent per view."""
    settings.HERITAGE_MAP_MARKER_LIMIT = 3


@pytest.fixture
def collection(record_index):
    def near(place, number, step=0.01):
        return place[0] + number * step, place[1] + number * step

    records = {}
    for number in range(3):
        latitude, longitude = near(HA_GIANG, number)
        records[f"ha-giang-{number}"] = make_record(
            record_index, title=f"Hà Giang {number}", latitude=latitude, longitude=longitude, groups=("mong",)
        )
    for number in range(2):
        latitude, longitude = near(SON_HA, number)
        records[f"son-ha-{number}"] = make_record(
            record_index, title=f"Sơn Hà {number}", latitude=latitude, longitude=longitude
        )
    records["community"] = make_record(
        record_index, title="Lễ kín", latitude=SON_HA[0] + 0.03, longitude=SON_HA[1] + 0.03, access_level="community"
    )
    records["no-place"] = make_record(record_index, title="Không toạ độ")
    return records


def layer(client, **params):
    response = client.get("/api/records.geojson", params)
    assert response.status_code == 200, response.content
    return response.json()


def clusters(answer):
    return [feature for feature in answer["features"] if "n" in feature["properties"]]


def markers(answer):
    return [feature for feature in answer["features"] if "n" not in feature["properties"]]


def counted(answer):
    return sum(feature["properties"].get("n", 1) for feature in answer["features"])


@pytest.mark.django_db
class TestZoomedOut:
    def test_clusters_sum_to_the_visible_total_without_community_records(self, client, collection, small_limit):
        answer = layer(client, zoom=5, view=VIETNAM)
        assert answer["kind"] == "clusters"
        assert answer["total"] == 5  # public records with a place; the community one is not counted
        assert counted(answer) == 5
        assert sorted(cluster["properties"]["n"] for cluster in clusters(answer)) == [2, 3]
        assert "Lễ kín" not in {feature["properties"].get("t") for feature in answer["features"]}
        assert answer["legend"] == {"types": {"festival": 5}, "groups": {"mong": 3, "hre": 2}}

    def test_a_community_members_clusters_include_community_records(
        self, client, collection, small_limit, community_member
    ):
        client.force_login(community_member)
        response = client.get("/api/records.geojson", {"zoom": 5, "view": VIETNAM})
        answer = response.json()
        assert answer["total"] == 6 and counted(answer) == 6
        assert sorted(cluster["properties"]["n"] for cluster in clusters(answer)) == [3, 3]
        assert response["Cache-Control"] == "private, no-cache"

    def test_a_cluster_carries_the_bounds_of_its_records_for_the_zoom_on_click(self, client, collection, small_limit):
        son_ha = next(
            cluster for cluster in clusters(layer(client, zoom=5, view=VIETNAM)) if cluster["properties"]["n"] == 2
        )
        west, south, east, north = son_ha["properties"]["b"]
        assert (west, south, east, north) == (108.468, 15.044, 108.478, 15.054)
        lon, lat = son_ha["geometry"]["coordinates"]
        assert (lon, lat) == (108.473, 15.049)  # the mean of its records

    def test_a_cell_holding_one_record_is_sent_as_its_marker(self, client, collection, small_limit, record_index):
        make_record(record_index, title="Cà Mau", latitude=9.6, longitude=105.97)
        answer = layer(client, zoom=5, view=VIETNAM)
        assert sorted(cluster["properties"]["n"] for cluster in clusters(answer)) == [2, 3]
        (alone,) = markers(answer)
        assert alone["properties"]["t"] == "Cà Mau" and alone["geometry"]["coordinates"] == [105.97, 9.6]
        assert counted(answer) == answer["total"] == 6

    def test_sensitive_places_are_clustered_at_their_public_point(self, client, record_index, small_limit, settings):
        ring = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]
        district = make_area(ring, code="thu-sh", name="Huyện thử Sơn Hà")
        for number in range(4):
            make_record(record_index, latitude=22.8 + number * 0.01, longitude=104.98)
        corners = [(14.82, 108.22), (14.83, 108.23)]  # a burial ground in the district's corner
        graves = [
            make_record(record_index, latitude=lat, longitude=lon, location_access="community", title="Khu mộ")
            for lat, lon in corners
        ]
        graves[0].refresh_from_db()
        public = [graves[0].public_longitude, graves[0].public_latitude]
        assert district.shape().contains(Point(public)) and all(abs(public[0] - lon) > 0.1 for _lat, lon in corners)
        view = "108.1,14.7,108.8,15.4"  # at zoom 10 a cell is 0.088°: the corner and the inside point differ
        answer = layer(client, zoom=10, view=view)
        assert answer["kind"] == "markers"
        assert [feature["geometry"]["coordinates"] for feature in answer["features"]] == [public, public]
        assert all(feature["properties"]["a"] == 1 for feature in answer["features"])
        settings.HERITAGE_MAP_MARKER_LIMIT = 0  # everything clustered
        (cluster,) = layer(client, zoom=10, view=view)["features"]
        assert cluster["properties"]["n"] == 2
        assert cluster["geometry"]["coordinates"] == public and cluster["properties"]["b"] == public + public


@pytest.mark.django_db
class TestZoomedIn:
    def test_a_view_with_few_records_gives_markers(self, client, collection, small_limit):
        answer = layer(client, zoom=12, view="108.40,14.97,108.56,15.10")
        assert answer["kind"] == "markers"
        assert {feature["properties"]["t"] for feature in answer["features"]} == {"Sơn Hà 0", "Sơn Hà 1"}
        assert all(isinstance(feature["id"], int) for feature in answer["features"])
        assert answer["total"] == 5  # the legend still counts the whole result

    def test_the_view_is_widened_to_the_tiles_of_its_zoom_level(self, client, collection, small_limit):
        first = layer(client, zoom=12, view="108.40,14.97,108.56,15.10")
        moved = layer(client, zoom=12, view="108.401,14.971,108.561,15.101")
        assert first["view"] == moved["view"]
        west, south, east, north = first["view"]
        assert west <= 108.40 and south <= 14.97 and east >= 108.56 and north >= 15.10

    def test_a_small_result_is_sent_whole_whatever_the_view(self, client, collection):
        answer = layer(client, zoom=12, view="108.40,14.97,108.56,15.10")
        assert answer["kind"] == "all"
        assert len(answer["features"]) == answer["total"] == 5

    def test_without_a_zoom_level_every_marker_comes_as_before(self, client, collection, small_limit):
        answer = layer(client)
        assert "kind" not in answer and len(answer["features"]) == 5


@pytest.mark.django_db
class TestLegendSwitches:
    def test_hidden_types_and_groups_leave_the_layer(self, client, collection, small_limit):
        assert counted(layer(client, zoom=5, view=VIETNAM, hide_group="mong")) == 2
        assert counted(layer(client, zoom=5, view=VIETNAM, hide_type="festival")) == 0
        assert counted(layer(client, zoom=5, view=VIETNAM, hide_group="khong-co")) == 5

    def test_the_filters_of_the_search_still_apply(self, client, collection, small_limit):
        answer = layer(client, zoom=5, view=VIETNAM, group="hre")
        assert answer["total"] == 2 and answer["kind"] == "all"

    def test_search_words_are_answered_by_the_search_service_in_clusters_too(self, client, collection, settings):
        settings.HERITAGE_MAP_MARKER_LIMIT = 2
        answer = layer(client, zoom=5, view=VIETNAM, q="ha giang")
        assert answer["kind"] == "clusters" and answer["total"] == 3
        assert [cluster["properties"]["n"] for cluster in clusters(answer)] == [3]


@pytest.mark.django_db
class TestCachedAnswers:
    def test_a_publish_retires_the_cached_clusters(self, client, collection, small_limit, record_index):
        before = layer(client, zoom=5, view=VIETNAM)
        make_record(record_index, latitude=HA_GIANG[0], longitude=HA_GIANG[1])
        after = layer(client, zoom=5, view=VIETNAM)
        assert counted(after) == counted(before) + 1
        collection["ha-giang-0"].unpublish()
        assert counted(layer(client, zoom=5, view=VIETNAM)) == counted(before)

    def test_the_etag_answers_not_modified_until_something_changes(self, client, collection, small_limit):
        response = client.get("/api/records.geojson", {"zoom": 5, "view": VIETNAM})
        assert {"Cookie", "Accept-Encoding"} <= {name.strip() for name in response["Vary"].split(",")}
        again = client.get("/api/records.geojson", {"zoom": 5, "view": VIETNAM}, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        collection["son-ha-0"].unpublish()
        changed = client.get("/api/records.geojson", {"zoom": 5, "view": VIETNAM}, HTTP_IF_NONE_MATCH=response["ETag"])
        assert changed.status_code == 200

    def test_gzip_is_made_once_and_served_to_clients_that_accept_it(self, client, collection, small_limit, monkeypatch):
        from gis import views

        made = []
        real_compress = gzip.compress
        monkeypatch.setattr(views.gzip, "compress", lambda data, **kw: made.append(1) or real_compress(data, **kw))
        query = {"zoom": 5, "view": VIETNAM}
        first = client.get("/api/records.geojson", query, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        second = client.get("/api/records.geojson", query, HTTP_ACCEPT_ENCODING="gzip")
        assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
        assert first.content == second.content and len(made) == 1
        assert gzip.decompress(first.content).startswith(b'{"type":"FeatureCollection"')
        plain = client.get("/api/records.geojson", query)
        assert not plain.has_header("Content-Encoding") and plain.json()["total"] == 5
        assert plain["ETag"] != first["ETag"]  # one representation, one tag
        refused = client.get("/api/records.geojson", query, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
        assert not refused.has_header("Content-Encoding")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"zoom": "x"},
        {"zoom": "21"},
        {"zoom": "-1"},
        {"zoom": "١٢"},
        {"zoom": "6", "view": "1,2,3"},
        {"zoom": "6", "view": "200,1,201,2"},
        {"zoom": "6", "view": "5,5,4,6"},
    ],
)
def test_bad_zoom_or_view_is_a_clear_400(client, collection, query):
    response = client.get("/api/records.geojson", query)
    assert response.status_code == 400 and response.json()["error"]


@pytest.mark.django_db
def test_pages_with_maps_carry_no_marker(client, collection, small_limit):
    for path in ("/", "/map/"):
        html = client.get(path).content.decode()
        assert "FeatureCollection" not in html and "108.468" not in html and "22.82" not in html
        assert "HeritageMaps.records(" in html and "/static/gis/maps.js" in html


@pytest.mark.django_db
class TestChoropleth:
    @pytest.fixture
    def districts(self, db):
        ring = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]
        far = [[104.5, 22.5], [105.5, 22.5], [105.5, 23.2], [104.5, 23.2], [104.5, 22.5]]
        return make_area(ring, code="thu-sh", name="Huyện thử Sơn Hà"), make_area(far, code="thu-hg", name="Hà Giang")

    def test_areas_come_with_visible_counts_and_their_links(self, client, districts, collection, community_member):
        answer = client.get("/api/areas.geojson", {"zoom": 6}).json()
        counts = {feature["properties"]["name"]: feature["properties"]["records"] for feature in answer["features"]}
        assert counts == {"Huyện thử Sơn Hà": 2, "Hà Giang": 3}
        assert answer["highest"] == 3
        assert answer["features"][0]["properties"]["url"].startswith("/khu-vuc/district/thu-")
        client.force_login(community_member)
        answer = client.get("/api/areas.geojson", {"zoom": 6}).json()
        counts = {feature["properties"]["name"]: feature["properties"]["records"] for feature in answer["features"]}
        assert counts["Huyện thử Sơn Hà"] == 3

    def test_beyond_the_first_band_only_the_areas_of_the_view_come(self, client, districts, collection):
        answer = client.get("/api/areas.geojson", {"zoom": 9, "view": "108.3,14.9,108.6,15.2"}).json()
        assert [feature["properties"]["name"] for feature in answer["features"]] == ["Huyện thử Sơn Hà"]
        assert answer["highest"] == 3  # shades stay those of the whole map

    def test_bad_zoom_is_a_clear_400(self, client, districts):
        assert client.get("/api/areas.geojson", {"zoom": "99"}).status_code == 400


@pytest.mark.django_db
def test_the_first_views_can_be_made_ahead_of_the_first_visitor(
    client, collection, small_limit, django_assert_max_num_queries
):
    from gis.views import warm_first_map_views

    assert warm_first_map_views() == 5  # the records layer at two zooms in two languages, the areas
    for prefix in ("", "/en"):
        with django_assert_max_num_queries(1):  # the access version; the answer is ready
            response = client.get(f"{prefix}/api/records.geojson", {"zoom": 6, "view": "100,5,115,25"})
        assert response.json()["total"] == 5
