"""What the search surfaces reveal, on every engine: spelling suggestions, autocomplete,
highlights and the map's markers are built only from what the caller may see."""

import pytest

from tests.factories import make_record


@pytest.fixture
def guarded(search_backend, record_index):
    """A public record, and a community record holding a rare word no public record has."""
    return {
        "public": make_record(
            record_index,
            title="Lễ hội đâm trâu của người Cơ Tu",
            groups=["co-tu"],
            province="49",
            latitude=15.86,
            longitude=107.5,
        ),
        "public_far": make_record(
            record_index, title="Lễ mừng lúa mới", groups=["hre"], province="51", latitude=15.04, longitude=108.47
        ),
        "community": make_record(
            record_index,
            title="Lễ kín Xơmơlang của làng",
            groups=["hre"],
            province="51",
            access_level="community",
            latitude=15.05,
            longitude=108.48,
        ),
    }


def test_did_you_mean_never_offers_a_word_only_restricted_records_hold(client, guarded):
    data = client.get("/api/search", {"q": "xomolanq"}).json()
    assert data["total"] == 0
    assert data["suggestion"] == ""
    html = client.get("/search/", {"q": "xomolanq"}).content.decode()
    assert "xomolang" not in html.lower()


def test_did_you_mean_offers_the_word_to_a_community_member(client, guarded, community_member):
    client.force_login(community_member)
    assert client.get("/api/search", {"q": "xomolanq"}).json()["suggestion"] == "xơmơlang"


def test_autocomplete_lists_only_visible_titles(client, guarded):
    titles = [item["title"] for item in client.get("/api/search/suggest", {"q": "Lễ"}).json()["suggestions"]]
    assert "Lễ hội đâm trâu của người Cơ Tu" in titles
    assert "Lễ kín Xơmơlang của làng" not in titles
    assert client.get("/api/search/suggest", {"q": "Xơmơ"}).json()["suggestions"] == []


def test_totals_facets_and_highlights_leave_restricted_records_out(client, guarded):
    data = client.get("/api/search", {"q": "lễ"}).json()
    assert data["total"] == 2
    assert dict((item["value"], item["count"]) for item in data["facets"]["group"]) == {"co-tu": 1, "hre": 1}
    assert "Xơmơlang" not in str(data)


def test_the_map_draws_exactly_what_the_search_found(client, guarded):
    searched = client.get("/api/search", {"q": "dam trau"}).json()
    drawn = client.get("/api/records.geojson", {"q": "dam trau"}).json()
    assert [feature["id"] for feature in drawn["features"]] == [result["id"] for result in searched["results"]]
    assert [feature["id"] for feature in drawn["features"]] == [guarded["public"].pk]


def test_the_map_page_layer_carries_the_whole_query(client, guarded):
    html = client.get("/map/", {"q": "dam trau", "group": "co-tu", "page": "1"}).content.decode()
    assert "/api/records.geojson?q=dam+trau\\u0026group=co-tu" in html


def test_map_data_for_a_search_never_includes_restricted_records(client, guarded):
    drawn = client.get("/api/records.geojson", {"q": "lễ", "bbox": "107,14,109,16.5"}).json()
    assert {feature["id"] for feature in drawn["features"]} == {guarded["public"].pk, guarded["public_far"].pk}


def test_map_data_rejects_a_polygon_that_does_not_close(client, guarded):
    response = client.get(
        "/api/records.geojson", {"polygon": '{"type":"Polygon","coordinates":[[[107,15],[108,15],[108,16],[107,16]]]}'}
    )
    assert response.status_code == 400
    assert "khép kín" in response.json()["error"]
