"""Records harvested from another institution (the fixture repository of the exchange
tests) are on the map when they carry coordinates: a layer of their own, each marker
naming its source and linking to the original, never mixed with our records."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from exchange.models import ExternalRecord, HarvestSource
from heritage.models import RecordPage
from tests.exchange.harvest_servers import FixtureServer
from tests.factories import make_record

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
SOURCE = "Thư viện tỉnh Kon Tum (kho thử)"


@pytest.fixture
def repository():
    server = FixtureServer().start()
    server.add(
        "oai:kontum.example:1",
        "Lễ hội mừng lúa mới của người Xơ Đăng",
        T0,
        coverage=["Kon Tum", "east=107.98; north=14.35; projection=WGS84"],
        identifier=["https://kontum.example/ho-so/1"],
    )
    server.add(
        "oai:kontum.example:2",
        "Nhà rông làng Kon Klor",
        T0 + timedelta(minutes=1),
        coverage=["east=108.01; north=14.36"],
        identifier=["javascript:alert(1)"],
    )
    server.add("oai:kontum.example:3", "Hồ sơ không có toạ độ", T0 + timedelta(minutes=2), coverage=["Kon Tum"])
    yield server
    server.stop()


@pytest.fixture
def harvested(repository):
    call_command("harvest", repository.base_url, verbosity=0)
    return HarvestSource.objects.get(base_url=repository.base_url)


def layer(client, query=""):
    response = client.get(f"/api/external-records.geojson{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return response.json()


@pytest.mark.django_db
def test_located_harvested_records_are_on_the_layer_with_their_source(client, harvested):
    features = {feature["properties"]["t"]: feature for feature in layer(client)["features"]}
    assert set(features) == {"Lễ hội mừng lúa mới của người Xơ Đăng", "Nhà rông làng Kon Klor"}
    festival = features["Lễ hội mừng lúa mới của người Xơ Đăng"]
    assert festival["geometry"] == {"type": "Point", "coordinates": [107.98, 14.35]}
    assert festival["properties"]["s"] == SOURCE
    assert festival["properties"]["o"] == "https://kontum.example/ho-so/1"
    record = ExternalRecord.objects.get(identifier="oai:kontum.example:1")
    assert festival["properties"]["u"] == f"/lien-thong/{record.pk}/"
    # Only http(s) originals are offered as links.
    assert "o" not in features["Nhà rông làng Kon Klor"]["properties"]


@pytest.mark.django_db
def test_withdrawn_source_leaves_the_map(client, harvested):
    harvested.shown_on_site = False
    harvested.save()
    assert layer(client)["features"] == []


@pytest.mark.django_db
def test_view_keeps_the_records_inside_and_bad_views_are_a_400(client, harvested):
    inside = layer(client, "?view=107.9,14.3,108.0,14.4")["features"]
    assert [feature["properties"]["t"] for feature in inside] == ["Lễ hội mừng lúa mới của người Xơ Đăng"]
    response = client.get("/api/external-records.geojson?view=1,2,3")
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_external_records_never_pass_for_ours(client, harvested, record_index):
    ours = make_record(record_index, title="Hồ sơ của thư viện", latitude=15.0, longitude=108.4)
    external = ExternalRecord.objects.get(identifier="oai:kontum.example:1")
    # Our records layer, cards and permalinks know nothing of them.
    features = client.get("/api/records.geojson").json()["features"]
    assert [feature["id"] for feature in features] == [ours.pk]
    if not RecordPage.objects.filter(pk=external.pk).exists():
        assert client.get(f"/api/records/{external.pk}/card").status_code == 404
    # Their page names the source and offers no edit link, even to a curator.
    from tests.factories import make_user

    client.force_login(make_user(groups=["Curator"]))
    html = client.get(f"/lien-thong/{external.pk}/").content.decode()
    assert SOURCE in html
    assert "/admin/pages/" not in html and "/edit/" not in html


@pytest.mark.django_db
def test_map_page_adds_the_layer_switched_on_unless_the_map_shows_a_search(client, harvested):
    html = client.get("/map/").content.decode()
    assert "HeritageMaps.externalRecords" in html
    assert '"shown": true' in html
    searched = client.get("/map/?q=lúa").content.decode()
    assert "HeritageMaps.externalRecords" in searched
    assert '"shown": false' in searched


@pytest.mark.django_db
def test_footer_links_to_other_libraries_and_open_data(client, site_tree):
    html = client.get("/").content.decode()
    assert 'href="/lien-thong/"' in html
    assert 'href="/du-lieu-mo/"' in html
