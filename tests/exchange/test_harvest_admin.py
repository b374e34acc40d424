"""The admin: a curator adds a harvest source, presses "Harvest now" (a background task),
and reads the report; external records are read-only for everyone."""

import pytest
from django.urls import reverse

from exchange.models import ExternalRecord, HarvestRun, HarvestSource
from tests.exchange.harvest_servers import FixtureServer

pytestmark = pytest.mark.django_db

SOURCES = "wagtailsnippets_heritage_exchange_harvestsource"
RECORDS = "wagtailsnippets_heritage_exchange_externalrecord"


@pytest.fixture
def repository():
    server = FixtureServer().start()
    from datetime import UTC, datetime

    for number in range(1, 8):
        server.add(f"oai:kontum.example:{number}", f"Hồ sơ Kon Tum {number}", datetime(2024, 5, number, tzinfo=UTC))
    yield server
    server.stop()


def test_curator_adds_a_source_harvests_it_and_reads_the_report(
    client, curator, repository, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    assert client.get(reverse(f"{SOURCES}:list")).status_code == 200
    response = client.post(
        reverse(f"{SOURCES}:add"),
        {
            "name": "Thư viện tỉnh Kon Tum",
            "base_url": repository.base_url,
            "set_spec": "",
            "metadata_prefix": "oai_dc",
            "website": "",
            "shown_on_site": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = HarvestSource.objects.get()
    harvest_url = reverse(f"{SOURCES}:harvest", args=[source.pk])
    page = client.get(harvest_url)
    assert page.status_code == 200
    assert b"data-harvest-form" in page.content
    assert harvest_url.encode() in client.get(reverse(f"{SOURCES}:list")).content

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(harvest_url)
    assert response.status_code == 302 and callbacks
    run = source.runs.get()
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert run.requested_by == curator
    assert (run.received, run.created, run.pages) == (7, 7, 2)
    assert source.records.count() == 7

    report = client.get(harvest_url).content.decode()
    assert "data-harvest-report" in report
    assert "Thư viện tỉnh Kon Tum" in report
    assert "data-harvest-form" in report  # finished: a new harvest may start


def test_the_harvest_page_shows_progress_while_a_run_is_under_way(client, curator, repository):
    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    HarvestRun.objects.create(
        source=source, status=HarvestRun.Status.RUNNING, pages=1, received=5, complete_list_size=7
    )
    client.force_login(curator)
    page = client.get(reverse(f"{SOURCES}:harvest", args=[source.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "data-harvest-progress" in page and 'value="71"' in page
    assert "data-harvest-form" not in page
    response = client.post(reverse(f"{SOURCES}:harvest", args=[source.pk]), follow=True)
    assert response.status_code == 200
    assert source.runs.count() == 1  # no second run while one is under way


def test_a_failed_harvest_from_the_admin_reports_why(client, curator, repository, django_capture_on_commit_callbacks):
    repository.break_request(2, "http-500")
    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(f"{SOURCES}:harvest", args=[source.pk]))
    run = source.runs.get()
    assert run.status == HarvestRun.Status.FAILED
    assert source.records.count() == 5
    page = client.get(reverse(f"{SOURCES}:harvest", args=[source.pk])).content.decode()
    assert "HTTP 500" in page


def test_external_records_are_read_only_in_the_admin(client, curator, repository, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    from exchange.harvesting import run_harvest, start_run

    run_harvest(start_run(source).pk)
    record = ExternalRecord.objects.get(identifier="oai:kontum.example:1")
    admin = get_user_model().objects.create_superuser("quan-tri", password="x-long-password")
    for user in (curator, admin):
        client.force_login(user)
        listing = client.get(reverse(f"{RECORDS}:list"))
        assert listing.status_code == 200
        assert reverse(f"{RECORDS}:edit", args=[record.pk]).encode() not in listing.content
        assert client.get(reverse(f"{RECORDS}:inspect", args=[record.pk])).status_code == 200
        assert client.get(reverse(f"{RECORDS}:edit", args=[record.pk])).status_code in (302, 403)
        assert client.get(reverse(f"{RECORDS}:add")).status_code in (302, 403)
        client.post(reverse(f"{RECORDS}:edit", args=[record.pk]), {"title": "Sửa trộm"})
        client.post(reverse(f"{RECORDS}:delete", args=[record.pk]))
    record.refresh_from_db()
    assert record.title == "Hồ sơ Kon Tum 1"


def test_who_may_harvest(client, contributor, reviewer, repository):
    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    harvest_url = reverse(f"{SOURCES}:harvest", args=[source.pk])
    client.force_login(contributor)
    assert client.get(harvest_url).status_code in (302, 403)
    assert client.post(harvest_url).status_code in (302, 403)
    client.force_login(reviewer)
    page = client.get(harvest_url)
    assert page.status_code == 200 and b"data-harvest-form" not in page.content
    assert client.post(harvest_url).status_code in (302, 403)
    assert not source.runs.exists()


def test_the_source_form_refuses_what_is_not_an_oai_pmh_address(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse(f"{SOURCES}:add"),
        {"name": "Sai", "base_url": "file:///etc/passwd", "set_spec": "a b", "metadata_prefix": "oai dc"},
    )
    assert response.status_code == 200
    assert not HarvestSource.objects.exists()
