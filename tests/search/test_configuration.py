import pytest
from django.core.exceptions import ImproperlyConfigured

from search.backends import create_backend
from search.backends.opensearch import connection_options


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
def test_unreachable_engine_answers_503_not_500(client, settings, url):
    from search import backends

    settings.HERITAGE_SEARCH = {"URL": url + "?timeout=1", "INDEX": "records"}
    try:
        response = client.get("/api/search", {"q": "le hoi"})
        assert response.status_code == 503
        assert response.json()["error"]
        assert client.get("/search/", {"q": "le hoi"}).status_code == 503
    finally:
        backends._backends.clear()
