"""The read API as callers meet it: what an anonymous caller, a community member and a
curator each see, the filters, pages, errors and cache headers."""

import gzip
import json

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/records"


def ids(response):
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["results"]]


def error_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"] and body["error"]
    return body["error"]


# ---------------------------------------------------------------------------- access


def every_answer(client, library):
    """Every API answer an anonymous caller can get about the library, as text."""
    urls = [
        RECORDS,
        f"{RECORDS}?page_size=100",
        f"{RECORDS}?q=lễ",
        f"{RECORDS}?area=district/435",
        f"{RECORDS}?collection={library['collection'].pk}",
        "/api/v1/ethnic-groups?page_size=100",
        "/api/v1/ethnic-groups/hre",
        "/api/v1/areas",
        "/api/v1/areas/district/435",
        "/api/v1/collections",
        f"/api/v1/collections/{library['collection'].pk}",
        "/api/v1/search?q=lễ",
        "/api/v1/search",
        "/api/v1/search/suggest?q=Lễ",
        "/api/v1/map/records",
        "/api/v1/map/records?zoom=8",
        "/api/v1/map/areas",
        *(f"{RECORDS}/{record.pk}" for record in library["public"]),
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        answers[url] = response.content.decode()
    return answers


def test_anonymous_callers_never_meet_a_community_or_staff_record(client, library):
    answers = every_answer(client, library)
    for url, text in answers.items():
        for record in library["restricted"]:
            assert record.title not in text, url
            assert f"/r/{record.pk}/" not in text, url
    assert sorted(ids(client.get(RECORDS))) == sorted(record.pk for record in library["public"])
    for record in library["restricted"]:
        error_of(client.get(f"{RECORDS}/{record.pk}"), 404)


def test_counts_leave_out_what_the_caller_may_not_see(client, library):
    assert client.get(RECORDS).json()["count"] == 4
    assert client.get("/api/v1/ethnic-groups/hre").json()["records"] == 3  # festival, product, forest
    assert client.get("/api/v1/areas/district/435").json()["records"] == 2  # festival and forest
    collection = client.get(f"/api/v1/collections/{library['collection'].pk}").json()
    assert collection["records"] == 2
    assert [item["id"] for item in collection["items"]] == [library["festival"].pk, library["product"].pk]
    assert client.get("/api/v1/search?q=kín").json()["total"] == 0
    assert client.get("/api/v1/search/suggest?q=Lễ kín").json()["suggestions"] == []
    features = client.get("/api/v1/map/records", HTTP_ACCEPT_ENCODING="identity").json()["features"]
    assert sorted(feature["id"] for feature in features) == sorted([library["festival"].pk, library["forest"].pk])


def test_a_community_member_sees_community_records_and_never_staff_ones(client, library, community_member):
    client.force_login(community_member)
    listed = ids(client.get(f"{RECORDS}?page_size=100"))
    assert library["community"].pk in listed
    assert library["staff"].pk not in listed
    assert client.get(f"{RECORDS}/{library['community'].pk}").json()["access_level"] == "community"
    error_of(client.get(f"{RECORDS}/{library['staff'].pk}"), 404)
    assert client.get("/api/v1/ethnic-groups/hre").json()["records"] == 4


def test_a_curator_sees_staff_records_and_answers_are_private(client, library, curator):
    client.force_login(curator)
    response = client.get(f"{RECORDS}/{library['staff'].pk}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_a_protected_place_is_generalised_for_anonymous_callers(client, library, community_member):
    forest = library["forest"]
    listed = next(item for item in client.get(RECORDS).json()["results"] if item["id"] == forest.pk)
    detail = client.get(f"{RECORDS}/{forest.pk}").json()
    for shown in (listed, detail):
        assert shown["location_exact"] is False
        assert (shown["latitude"], shown["longitude"]) != (forest.latitude, forest.longitude)
    assert detail["location"]["exact"] is False and detail["location"]["area"]["type"] in ("Polygon", "MultiPolygon")
    assert "15.1234" not in client.get(f"{RECORDS}/{forest.pk}").content.decode()

    client.force_login(community_member)
    detail = client.get(f"{RECORDS}/{forest.pk}").json()
    assert detail["location"] == {"latitude": 15.1234, "longitude": 108.5678, "exact": True, "area": None}
    assert (detail["latitude"], detail["longitude"], detail["location_exact"]) == (15.1234, 108.5678, True)


# --------------------------------------------------------------------------- details


def test_a_record_carries_its_type_details_groups_and_rights(client, library):
    product = client.get(f"{RECORDS}/{library['product'].pk}").json()
    assert product["type"] == "product"
    assert product["product"]["ocop_stars"] == 4 and product["product"]["kind"] == "textile"
    assert product["festival"] is None and product["custom"] is None
    festival = client.get(f"{RECORDS}/{library['festival'].pk}").json()
    assert festival["festival"]["calendar"] == "lunar" and festival["festival"]["month"] == 1
    assert festival["title_en"] == "Harvest prayer festival"
    assert festival["ethnic_groups"] == [{"slug": "hre", "name": "Hrê", "name_en": "Hrê"}]
    assert festival["subjects"][0]["slug"] == "nghi-le-nong-nghiep"
    assert festival["province"]["code"] == "51"
    assert festival["licence"]["code"] == "cc-by-4.0"
    assert festival["permalink"] == f"http://testserver/r/{library['festival'].pk}/"
    assert festival["areas"] == [{"level": "district", "code": "435", "name": "Huyện Sơn Hà"}]
    assert festival["collections"] == [{"id": library["collection"].pk, "title": "Cồng chiêng", "title_en": ""}]


def test_ethnic_groups_and_areas_list_their_vocabulary(client, library):
    groups = client.get("/api/v1/ethnic-groups?page_size=100").json()
    assert groups["count"] == 54 and len(groups["results"]) == 54
    hre = next(group for group in groups["results"] if group["slug"] == "hre")
    assert "Chăm Rê" in [name["name"] for name in hre["other_names"]]
    assert hre["url"] == "http://testserver/dan-toc/hre/"
    areas = client.get("/api/v1/areas?level=district").json()
    assert [area["code"] for area in areas["results"]] == ["435"]
    assert client.get("/api/v1/areas?level=province").json()["count"] == 0
    area = client.get("/api/v1/areas/district/435?geometry=full").json()
    assert area["geometry"]["type"] == "Polygon" and area["bbox"] == [108.4, 15.0, 108.6, 15.2]


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    "query, expected",
    [
        ("type=product", ["product"]),
        ("type=custom", ["custom"]),
        ("group=co", ["custom"]),
        ("province=49", ["custom"]),
        ("subject=nghi-le-nong-nghiep", ["festival"]),
        ("type=festival&group=hre", ["forest", "festival"]),
        ("bbox=108.45,15.0,108.49,15.08", ["festival"]),
        ("area=district/435", ["forest", "festival"]),
        ("q=cầu mùa", ["festival"]),
        ("q=cau mua", ["festival"]),
        ("ocop=4", ["product"]),
        ("q=thổ cẩm&type=product", ["product"]),
    ],
)
def test_filters_select_the_same_records_as_the_site(client, library, query, expected):
    assert ids(client.get(f"{RECORDS}?{query}")) == [library[name].pk for name in expected]


def test_a_collection_filter_lists_its_visible_records_newest_first(client, library):
    listed = ids(client.get(f"{RECORDS}?collection={library['collection'].pk}"))
    assert listed == [library["product"].pk, library["festival"].pk]


@pytest.mark.parametrize(
    "query",
    [
        "type=poem",
        "group=no-such-group",
        "province=999",
        "subject=nothing",
        "bbox=1,2,3",
        "bbox=nan,nan,nan,nan",
        "area=district/000",
        "area=nonsense",
        "collection=abc",
        "collection=99999",
        "media=smell",
        "ocop=9",
        "period=tomorrow",
        "near=15,108",
        "polygon={}",
        "q=" + "a" * 501,
    ],
)
def test_a_bad_filter_is_a_400_that_says_why(client, library, query):
    error_of(client.get(f"{RECORDS}?{query}"), 400)


# ------------------------------------------------------------------------ pagination


def test_pages_walk_every_record_once_in_a_stable_order(client, library):
    first = client.get(f"{RECORDS}?page_size=3").json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (4, 2, 1, 3)
    assert first["previous"] is None and first["next"].endswith("page_size=3&page=2")
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"].endswith("page=1")
    walked = [record["id"] for page in (first, second) for record in page["results"]]
    assert walked == ids(client.get(RECORDS))
    assert sorted(walked) == sorted(record.pk for record in library["public"])


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "page=١", "page=1.5", "page_size=0", "page_size=101"]
)
def test_a_bad_page_is_a_400(client, library, query):
    assert "page" in error_of(client.get(f"{RECORDS}?{query}"), 400)


def test_a_page_beyond_the_last_is_a_404(client, library):
    assert "2" in error_of(client.get(f"{RECORDS}?page=3&page_size=2"), 404)
    assert client.get(f"{RECORDS}?type=product&group=co").json()["count"] == 0  # empty first page: 200


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "url",
    [
        f"{RECORDS}/99999999",
        "/api/v1/ethnic-groups/no-such-group",
        "/api/v1/areas/district/000",
        "/api/v1/areas/nowhere/435",
        "/api/v1/collections/99999999",
        "/api/v1/no-such-thing",
        f"{RECORDS}/abc",
        f"{RECORDS}/{'9' * 30}",
    ],
)
def test_unknown_ids_and_addresses_are_a_json_404(client, library, url):
    error_of(client.get(url), 404)


def test_unknown_restricted_and_missing_records_answer_alike(client, library):
    missing = error_of(client.get(f"{RECORDS}/99999999"), 404)
    staff = error_of(client.get(f"{RECORDS}/{library['staff'].pk}"), 404)
    assert missing.replace("99999999", "") == staff.replace(str(library["staff"].pk), "")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas?level=planet",
        "/api/v1/areas?valid_on=yesterday",
        "/api/v1/areas/district/435?zoom=99",
        "/api/v1/search?page=0",
        "/api/v1/search?sort=random",
        "/api/v1/map/records?zoom=abc",
        "/api/v1/map/areas?zoom=-1",
        "/api/v1/map/records?area=district/000",
    ],
)
def test_bad_parameters_elsewhere_are_a_json_400(client, library, url):
    error_of(client.get(url), 400)


def test_errors_are_in_english_for_a_caller_who_chose_english(client, library):
    assert error_of(client.get(f"{RECORDS}?page=0"), 400) == "page là số nguyên từ 1 đến 1000000."
    client.cookies["django_language"] = "en"
    assert error_of(client.get(f"{RECORDS}?page=0"), 400) == "page is a whole number from 1 to 1000000."


def test_the_api_is_read_only(client, library):
    error_of(client.post(RECORDS, data="{}", content_type="application/json"), 405)
    error_of(client.delete(f"{RECORDS}/{library['festival'].pk}"), 405)


# ---------------------------------------------------------------- caching and formats


def test_answers_are_revalidated_with_an_etag(client, library):
    response = client.get(RECORDS)
    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" in response["Vary"]
    again = client.get(RECORDS, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    library["festival"].unpublish()
    changed = client.get(RECORDS, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and library["festival"].pk not in ids(changed)


def test_search_answers_are_revalidated_too(client, library):
    response = client.get("/api/v1/search?q=lễ")
    assert response["ETag"] and response["Cache-Control"] == "public, no-cache"
    assert client.get("/api/v1/search?q=lễ", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_map_layer_is_gzipped_for_clients_that_take_it(client, library):
    response = client.get("/api/v1/map/records", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"].startswith("application/geo+json")
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


def test_a_client_that_asks_for_geojson_gets_it(client, library):
    response = client.get("/api/v1/map/records", HTTP_ACCEPT="application/geo+json", HTTP_ACCEPT_ENCODING="identity")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    error = client.get("/api/v1/map/records?zoom=x", HTTP_ACCEPT="application/geo+json")
    assert error_of(error, 400)


def test_search_and_the_map_answer_as_the_site_endpoints_do(client, library):
    for versioned, site in [
        ("/api/v1/search?q=lễ hội&type=festival", "/api/search?q=lễ hội&type=festival"),
        ("/api/v1/search/suggest?q=Lễ", "/api/search/suggest?q=Lễ"),
        ("/api/v1/map/records?zoom=7&group=hre", "/api/records.geojson?zoom=7&group=hre"),
        ("/api/v1/map/areas", "/api/areas.geojson"),
    ]:
        ours, theirs = client.get(versioned), client.get(site)
        assert ours.status_code == theirs.status_code == 200
        assert ours.json() == theirs.json(), versioned


def test_the_site_endpoints_the_pages_use_still_answer(client, library):
    for url in [
        "/api/search?q=lễ",
        "/api/search/suggest?q=Lễ",
        "/api/records.geojson",
        "/api/areas",
        "/api/areas.geojson",
        "/api/areas/district/435",
        f"/api/records/{library['festival'].pk}/card",
    ]:
        assert client.get(url).status_code == 200, url


# ------------------------------------------------------------------ description, docs


def test_the_openapi_description_names_every_endpoint(client, library):
    schema = client.get("/api/v1/schema?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/records",
        "/api/v1/records/{record_id}",
        "/api/v1/ethnic-groups",
        "/api/v1/ethnic-groups/{slug}",
        "/api/v1/areas",
        "/api/v1/areas/{level}/{code}",
        "/api/v1/collections",
        "/api/v1/collections/{collection_id}",
        "/api/v1/search",
        "/api/v1/search/suggest",
        "/api/v1/map/records",
        "/api/v1/map/areas",
    }
    records = {parameter["name"] for parameter in schema["paths"]["/api/v1/records"]["get"]["parameters"]}
    assert {"type", "group", "province", "subject", "area", "collection", "q", "bbox", "page", "page_size"} <= records


def test_the_docs_page_loads_its_viewer_from_the_site(client, library):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page  # no CDN
    assert "<script>" not in page  # no inline script: the CSP would block it
    assert client.get("/api/v1/").url == "/api/v1/docs/"


def test_a_signed_in_caller_gets_private_answers(client, library):
    client.force_login(make_user(groups=["Community member"]))
    assert client.get(RECORDS)["Cache-Control"] == "private, no-cache"


def test_a_page_of_records_costs_the_same_queries_however_many_it_holds(client, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_record

    def queries_for_a_page():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{RECORDS}?page_size=100").status_code == 200
        return len(captured)

    few = queries_for_a_page()
    for number in range(6):
        make_record(library["festival"].get_parent(), title=f"Hồ sơ thêm {number}", latitude=15.0, longitude=108.5)
    assert queries_for_a_page() == few
