"""`get_backend()` returns the configured search engine, created on first use.

settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "heritage-records", "OPTIONS": {...}}
- URL empty: the database fallback (SQLite FTS5, or PostgreSQL full text).
- ``opensearch://host:9200`` or ``opensearch+https://user:password@host:443``: OpenSearch.
- ``elasticsearch://...`` or ``elasticsearch+https://...``: Elasticsearch 8.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_backends = {}


def _config():
    config = getattr(settings, "HERITAGE_SEARCH", {}) or {}
    return (
        config.get("URL", ""),
        config.get("INDEX", "heritage-records"),
        tuple(sorted(config.get("OPTIONS", {}).items())),
    )


def get_backend():
    key = _config()
    if key not in _backends:
        _backends[key] = create_backend(*key)
    return _backends[key]


def create_backend(url, index, options=()):
    if not url:
        from django.db import connection

        if connection.vendor == "postgresql":
            from .postgres import PostgresBackend

            return PostgresBackend()
        from .database import DatabaseBackend

        return DatabaseBackend()
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

    return EngineBackend(client_class(url, **dict(options)), alias=index)
