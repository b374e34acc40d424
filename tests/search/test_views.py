"""The search page and API as visitors use them (database fallback; the engine contract
is in test_contract.py)."""

import pytest
from django.utils.html import escape

from tests.factories import make_record


@pytest.fixture
def records(record_index):
    return {
        "public": make_record(record_index, title="Lễ hội đâm trâu của người Cơ Tu", groups=["co-tu"], province="49"),
        "community": make_record(
            record_index, title="Lễ hội kín của làng", groups=["co-tu"], province="49", access_level="community"
        ),
    }


@pytest.mark.django_db
def test_search_page_works_without_javascript_and_keeps_filters_in_the_url(client, records):
    response = client.get("/search/", {"q": "le hoi dam trau", "province": "49"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lễ hội đâm trâu của người Cơ Tu" in html
    assert "<mark>" in html
    assert 'name="province" value="49" checked' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/search/?q=le+hoi", "/api/search?q=le+hoi", "/api/search/suggest?q=le+hoi"])
def test_anonymous_visitor_never_sees_restricted_records(client, records, path):
    body = client.get(path).content.decode()
    assert "Lễ hội kín của làng" not in body


@pytest.mark.django_db
def test_community_member_finds_community_records(client, records, community_member):
    client.force_login(community_member)
    data = client.get("/api/search", {"q": "le hoi"}).json()
    assert {result["title"] for result in data["results"]} == {
        "Lễ hội đâm trâu của người Cơ Tu",
        "Lễ hội kín của làng",
    }


@pytest.mark.django_db
def test_api_returns_results_facets_and_links(client, records):
    data = client.get("/api/search", {"q": "Katu"}).json()
    assert data["total"] == 1
    result = data["results"][0]
    assert result["title"] == "Lễ hội đâm trâu của người Cơ Tu"
    assert result["permalink"].endswith(f"/r/{records['public'].pk}/")
    assert data["facets"]["group"] == [{"value": "co-tu", "label": "Cơ Tu", "count": 1, "chosen": False}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"bbox": "108,15,abc,16"},
        {"bbox": "109,15,108,16"},
        {"page": "1000000000"},
        {"page": "-3"},
        {"q": "x" * 5000},
        {"polygon": '{"type":"Polygon","coordinates":[[[108,15],[109,15],[109,16],[108,16]]]}'},
        {"polygon": "not json"},
        {"near": "15,108"},
        {"sort": "random"},
        {"media": "hologram"},
    ],
)
def test_bad_parameters_get_a_clear_400(client, records, query):
    api = client.get("/api/search", query)
    assert api.status_code == 400
    assert api.json()["error"]
    page = client.get("/search/", query)
    assert page.status_code == 400
    assert escape(api.json()["error"]) in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ['"unbalanced', "AND OR NOT *", "NEAR(", "'; DROP TABLE", "“ngoặc kép”"])
def test_odd_query_text_gets_a_sane_answer(client, records, text):
    response = client.get("/api/search", {"q": text})
    assert response.status_code == 200


@pytest.mark.django_db
def test_nothing_found_page_suggests_a_spelling_and_removing_filters(client, records):
    # A typo is tolerated (the Cơ Tu record is found) and the spelling offered, as the
    # records write it.
    html = client.get("/search/", {"q": "dam trauu", "province": "49"}).content.decode()
    assert "Lễ hội đâm trâu của người Cơ Tu" in html
    assert "dam trâu</a>" in html  # the corrected spelling
    # A filter that leaves nothing: the page says so and offers to remove it.
    html = client.get("/search/", {"q": "dam trau", "province": "51"}).content.decode()
    assert "0 hồ sơ" in html
    assert "Bỏ" in html or "Remove" in html or "province" in html
