"""`get_backend()` returns the configured search engine, created on first use.

settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "heritage-records", "OPTIONS": {...}}
- URL empty: the database fallback (SQLite FTS5, or PostgreSQL full text).
- ``opensearch://host:9200`` or ``opensearch+https://user:password@host:443``: OpenSearch.
- ``elasticsearch://...`` or ``elasticsearch+https://...``: Elasticsearch 8.
- A cluster: every node's address, comma-separated, e.g. ``opensearch://10.0.0.1:9200,10.0.0.2:9200``.
  A search that a node refuses is tried on the next (up to one retry per other node);
  ``?replicas=1`` creates indexes with one copy of each shard on another node
  (without it: no replicas, right for a single node). See docs/search-cluster.md.
- OPTIONS: extra keyword arguments for the engine's client.
- TIMEOUT: seconds a search waits for the engine before the database answers (2).
- BREAKER_FAILURES: engine failures in a row that open the circuit breaker (3).
- BREAKER_COOLDOWN: seconds the breaker stays open before the engine is tried again (30).

With an engine configured the backend is a `resilient.ResilientBackend`: the engine
behind a circuit breaker, the database fallback kept current beside it and answering
whenever the engine cannot.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TIMEOUT = 2.0
DEFAULT_BREAKER_FAILURES = 3
DEFAULT_BREAKER_COOLDOWN = 30.0

_backends = {}


def _config():
    config = getattr(settings, "HERITAGE_SEARCH", {}) or {}
    return (
        config.get("URL", ""),
        config.get("INDEX", "heritage-records"),
        tuple(sorted(config.get("OPTIONS", {}).items())),
        float(config.get("TIMEOUT", DEFAULT_TIMEOUT)),
        int(config.get("BREAKER_FAILURES", DEFAULT_BREAKER_FAILURES)),
        float(config.get("BREAKER_COOLDOWN", DEFAULT_BREAKER_COOLDOWN)),
    )


def get_backend():
    key = _config()
    if key not in _backends:
        _backends[key] = create_backend(*key)
    return _backends[key]


def database_backend():
    """The database's own full-text search: the fallback, and the backend without an engine."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .database import DatabaseBackend

    return DatabaseBackend()


def create_backend(
    url,
    index,
    options=(),
    timeout=DEFAULT_TIMEOUT,
    breaker_failures=DEFAULT_BREAKER_FAILURES,
    breaker_cooldown=DEFAULT_BREAKER_COOLDOWN,
):
    if not url:
        return database_backend()
    scheme = urlsplit(url).scheme
    family, _plus, transport = scheme.partition("+")
    if family == "opensearch":
        from .opensearch import OpenSearchClient as client_class
    elif family == "elasticsearch":
        from .elasticsearch import ElasticsearchClient as client_class
    else:
        raise ImproperlyConfigured(
            f"SEARCH_URL scheme {scheme!r}: use opensearch://, elasticsearch:// or their +https forms."
        )
    from .engine import EngineBackend
    from .resilient import CircuitBreaker, ResilientBackend

    options = dict(options)
    from .opensearch import connection_options

    # Searches: the short timeout and no retries on the same node (the fallback answers
    # instead), but on a cluster another node may answer what one refused.
    retries = len(connection_options(url)["hosts"]) - 1
    reader = EngineBackend(client_class(url, timeout=timeout, **{"max_retries": retries, **options}), alias=index)
    # Index writes: the URL's timeout (10 s unless ?timeout= says otherwise).
    writer = EngineBackend(client_class(url, **options), alias=index)
    return ResilientBackend(reader, writer, CircuitBreaker(breaker_failures, breaker_cooldown))


def engine_clients():
    """(client for searches, client for index writes, circuit breaker, index name prefix)
    of the configured engine, or None when the database answers alone: for indexes of
    their own that other apps keep on the same connection (the dictionaries')."""
    backend = get_backend()
    reader = getattr(backend, "reader", None)
    if reader is None:
        return None
    return reader.client, backend.client, backend.breaker, backend.alias
