"""The health and readiness probes a load balancer asks, as an anonymous caller."""

import socket

import pytest


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_liveness_answers_without_asking_anything_else(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_every_part(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ready"
    assert set(report["checks"]) == {"database", "cache", "search", "tasks"}
    assert report["checks"]["database"]["ok"] is True
    assert report["checks"]["cache"] == {**report["checks"]["cache"], "ok": True, "shared": False}
    assert report["checks"]["search"]["answers_from"] == "engine"  # the database is the engine here


@pytest.mark.django_db
def test_a_cache_that_cannot_be_reached_makes_the_server_unready(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in report["checks"]["cache"]["error"]
    assert report["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_an_unreachable_search_engine_degrades_but_keeps_the_server_ready(client, settings):
    settings.HERITAGE_SEARCH = {"URL": f"opensearch://127.0.0.1:{closed_port()}", "INDEX": "readiness", "TIMEOUT": 0.5}
    response = client.get("/readyz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "degraded"
    assert report["checks"]["search"]["engine_ok"] is False
    assert report["checks"]["search"]["answers_from"] == "database"


@pytest.mark.django_db
def test_probes_refuse_writes(client):
    assert client.post("/readyz").status_code == 405
    assert client.post("/healthz").status_code == 405
