"""The statistics give the figures the rest of the library gives for the same records:
the search facets and total (the search service, on every engine) and the map's counts
(the records layer's total, the choropleth's count per area), for the same filters, to
an anonymous visitor and to staff."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from search import service
from tests.search.conftest import search_backend  # noqa: F401 - the per-engine fixture

pytestmark = pytest.mark.django_db

FILTERS = ["", "type=festival", "type=custom", "group=hre", "province=51", "type=custom&group=hre"]


def tables_of(response):
    assert response.status_code == 200, response.content[:300]
    return {table.key: table for table in response.context["tables"]}


def search_facets(user, query):
    outcome = service.search(user, QueryDict(query))
    assert outcome.ok, outcome.error
    facets = {name: dict(values) for name, values in outcome.results.facets.items()}
    return outcome.results.total, facets


def nonzero(counts):
    return {str(key): value for key, value in counts.items() if value}


def assert_same_as_search(tables, user, query):
    total, facets = search_facets(user, query)
    assert tables["summary"].counts()["records"] == total
    assert nonzero(tables["types"].counts()) == nonzero(facets.get("type", {}))
    assert nonzero(tables["groups"].counts()) == nonzero(facets.get("group", {}))
    assert nonzero(tables["provinces"].counts()) == nonzero(facets.get("province", {}))
    assert nonzero(tables["subjects"].counts()) == nonzero(facets.get("subject", {}))


def assert_same_as_the_map(client, tables, query):
    layer = client.get(f"/api/records.geojson?zoom=6&{query}").json()
    summary = tables["summary"].counts()
    assert summary["located"] == layer["total"]
    if summary["located"] < summary["records"]:
        return  # the map's legend counts only the records it can place
    assert nonzero(tables["types"].counts()) == nonzero(layer["legend"]["types"])
    assert nonzero(tables["groups"].counts()) == nonzero(layer["legend"]["groups"])


@pytest.mark.parametrize("query", FILTERS)
def test_public_figures_agree_with_search_and_map(client, search_backend, library, query):  # noqa: F811
    tables = tables_of(client.get(f"/thong-ke/?{query}"))
    assert tables["summary"].counts()["records"] > 0 or query
    assert_same_as_search(tables, AnonymousUser(), query)
    assert_same_as_the_map(client, tables, query)


@pytest.mark.parametrize("query", FILTERS)
def test_staff_figures_agree_with_search_and_map(client, search_backend, library, curator, query):  # noqa: F811
    client.force_login(curator)
    tables = tables_of(client.get(f"/admin/reports/statistics/?{query}"))
    assert_same_as_search(tables, curator, query)
    assert_same_as_the_map(client, tables, query)


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_choropleth_and_area_tables_agree_with_the_maps_areas(client, library, curator, who):
    statistics_areas = "/thong-ke/khu-vuc.geojson"
    page = "/thong-ke/"
    if who == "staff":
        client.force_login(curator)
        statistics_areas = "/admin/reports/statistics/khu-vuc.geojson"
        page = "/admin/reports/statistics/"
    mine = client.get(statistics_areas).json()
    theirs = client.get("/api/areas.geojson").json()
    counts = {feature["id"]: feature["properties"]["records"] for feature in mine["features"]}
    assert counts == {feature["id"]: feature["properties"]["records"] for feature in theirs["features"]}
    assert counts == {"district/443": 2 if who == "staff" else 1}
    assert mine["highest"] == theirs["highest"]
    # The tables count every area as the map's area list does.
    listed = {f"{area['level']}/{area['code']}": area["records"] for area in client.get("/api/areas").json()["results"]}
    tables = tables_of(client.get(page))
    from_tables = {}
    for key, table in tables.items():
        if key.startswith("areas-"):
            from_tables.update(table.counts())
    assert from_tables == nonzero(listed)


def test_choropleth_follows_the_period_and_filters(client, library):
    counts = client.get("/thong-ke/khu-vuc.geojson?type=festival").json()
    # The only public festival lies in Sơn Hà, abolished in 2025: with no district in
    # force holding one, the districts before the reform are shaded.
    assert {feature["id"]: feature["properties"]["records"] for feature in counts["features"]} == {"district/435": 1}
    empty = client.get("/thong-ke/khu-vuc.geojson?from=2030").json()
    assert empty["features"] == []
