import pytest
from django.core.exceptions import ImproperlyConfigured

from search.backends import create_backend
from search.backends.opensearch import connection_options
from tests.factories import make_record


def test_search_url_carries_tls_credentials_and_options():
    options = connection_options("opensearch+https://reader:p%40ss@search.example.vn:443?verify=0&ca=/etc/ca.pem")
    assert options["host"] == "search.example.vn" and options["port"] == 443
    assert options["use_tls"] and not options["verify_certs"]
    assert options["credentials"] == ("reader", "p@ss")
    assert options["ca_certs"] == "/etc/ca.pem"


@pytest.mark.parametrize(
    "url, name", [("opensearch://127.0.0.1:9", "opensearch"), ("elasticsearch://127.0.0.1:9", "elasticsearch")]
)
def test_each_engine_family_has_its_client(url, name):
    assert create_backend(url, "records").name == name


def test_unknown_engine_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="opensearch://"):
        create_backend("solr://127.0.0.1:8983", "records")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["opensearch://127.0.0.1:9", "elasticsearch://127.0.0.1:9"])
def test_an_unreachable_engine_is_answered_by_the_database_with_a_notice(client, settings, record_index, url):
    """No search surface fails when the engine is down: the database fallback answers,
    and says so."""
    from search import backends

    make_record(record_index, title="Lễ hội đâm trâu")
    settings.HERITAGE_SEARCH = {"URL": url + "?timeout=1", "INDEX": "records"}
    try:
        answer = client.get("/api/search", {"q": "đâm trâu"})
        assert answer.status_code == 200 and answer.json()["notice"]
        assert [hit["title"] for hit in answer.json()["results"]] == ["Lễ hội đâm trâu"]
        for url_path in ("/search/", "/map/"):
            page = client.get(url_path, {"q": "đâm trâu"})
            assert page.status_code == 200 and b"data-search-notice" in page.content
        assert client.get("/api/search/suggest", {"q": "đâm"}).status_code == 200
    finally:
        backends._backends.clear()
