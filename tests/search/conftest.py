"""Every contract test runs once per engine: the database fallback always, and the real
OpenSearch node given by SEARCH_TEST_URL (started by `make test`). Under CI=true an
unreachable engine fails the run instead of skipping."""

import os
import uuid

import pytest

from search import backends

ENGINES = ["database", "opensearch"]


def engine_url():
    url = os.environ.get("SEARCH_TEST_URL", "")
    if not url:
        return None, "SEARCH_TEST_URL is not set (make test starts OpenSearch and sets it)"
    from opensearchpy import OpenSearch

    from search.backends.opensearch import connection_options

    options = connection_options(url)
    try:
        OpenSearch(hosts=[{"host": options["host"], "port": options["port"]}], timeout=5).cluster.health()
    except Exception as error:  # noqa: BLE001 - any failure means the engine is not there
        return None, f"OpenSearch at {url} is not reachable: {error}"
    return url, ""


@pytest.fixture(params=ENGINES)
def search_backend(request, settings, db):
    if request.param == "database":
        settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}
        yield backends.get_backend()
        return
    url, problem = engine_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    settings.HERITAGE_SEARCH = {"URL": url, "INDEX": f"heritage-test-{uuid.uuid4().hex[:8]}"}
    backend = backends.get_backend()
    yield backend
    backend.drop()
    backends._backends.clear()
