"""Records harvested from another institution are searchable on every engine, listed
apart from ours with their source and a link to the original, and leave search when
they leave the repository or their source is withdrawn."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from exchange.models import ExternalRecord, HarvestSource
from tests.exchange.harvest_servers import FixtureServer
from tests.factories import make_record

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
SOURCE_NAME = "Thư viện tỉnh Kon Tum (kho thử)"


@pytest.fixture
def repository():
    server = FixtureServer().start()
    server.add(
        "oai:kontum.example:1",
        "Lễ hội mừng lúa mới của người Xơ Đăng",
        T0,
        description=["Lễ hội được tổ chức sau mùa gặt, ở nhà rông của làng."],
        subject=["Xơ Đăng", "lễ hội nông nghiệp"],
        creator=["Thư viện tỉnh Kon Tum"],
        coverage=["Kon Tum"],
        identifier=["https://kontum.example/ho-so/1"],
    )
    server.add("oai:kontum.example:2", "Cồng chiêng Tây Nguyên", T0 + timedelta(minutes=1), identifier=["KT-2"])
    yield server
    server.stop()


@pytest.fixture
def harvested(search_backend, repository, record_index, django_capture_on_commit_callbacks):
    make_record(record_index, title="Lễ mừng lúa mới của người Hrê", groups=["hre"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("harvest", repository.base_url, verbosity=0)
    return HarvestSource.objects.get(base_url=repository.base_url)


def test_a_harvested_record_is_found_with_its_source_and_original(client, harvested):
    data = client.get("/api/search", {"q": "mung lua moi xo dang"}).json()
    (found,) = data["external"]["results"]
    assert found["title"] == "Lễ hội mừng lúa mới của người Xơ Đăng"
    assert found["source"] == SOURCE_NAME
    assert found["original_url"] == "https://kontum.example/ho-so/1"
    record = ExternalRecord.objects.get(identifier="oai:kontum.example:1")
    assert found["url"].endswith(f"/lien-thong/{record.pk}/")
    assert data["external"]["total"] == 1


def test_external_records_never_count_among_ours(client, harvested):
    data = client.get("/api/search", {"q": "lúa mới"}).json()
    assert [result["title"] for result in data["results"]] == ["Lễ mừng lúa mới của người Hrê"]
    assert data["total"] == 1
    assert sum(option["count"] for option in data["facets"]["type"]) == 1
    assert [result["title"] for result in data["external"]["results"]] == ["Lễ hội mừng lúa mới của người Xơ Đăng"]


def test_the_search_page_labels_them_with_their_source(client, harvested):
    html = client.get("/search/", {"q": "cong chieng"}).content.decode()
    assert "Cồng chiêng Tây Nguyên" in html
    assert f"Nguồn: {SOURCE_NAME}" in html
    # No http(s) address for this one: no link to an original.
    assert "KT-2" not in html


def test_subjects_and_typos_find_them(client, harvested):
    titles = [
        result["title"] for result in client.get("/api/search", {"q": "nông nghiệp"}).json()["external"]["results"]
    ]
    assert titles == ["Lễ hội mừng lúa mới của người Xơ Đăng"]
    titles = [result["title"] for result in client.get("/api/search", {"q": "chiengg"}).json()["external"]["results"]]
    assert titles == ["Cồng chiêng Tây Nguyên"]


def test_a_withdrawn_source_leaves_search(client, harvested):
    HarvestSource.objects.filter(pk=harvested.pk).update(shown_on_site=False)
    assert client.get("/api/search", {"q": "cong chieng"}).json()["external"] == {"total": 0, "results": []}


def test_a_record_deleted_at_the_source_leaves_search(
    client, harvested, repository, django_capture_on_commit_callbacks
):
    removed = repository.record("oai:kontum.example:2")
    removed.deleted, removed.datestamp = True, datetime(2030, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("harvest", repository.base_url, verbosity=0)
    assert client.get("/api/search", {"q": "cong chieng"}).json()["external"]["results"] == []


def test_filters_leave_them_out(client, harvested):
    assert client.get("/api/search", {"q": "lúa mới", "type": "festival"}).json()["external"]["results"] == []


def test_a_rebuild_keeps_them(client, harvested):
    call_command("search_reindex", verbosity=0)
    titles = [
        result["title"] for result in client.get("/api/search", {"q": "cong chieng"}).json()["external"]["results"]
    ]
    assert titles == ["Cồng chiêng Tây Nguyên"]
