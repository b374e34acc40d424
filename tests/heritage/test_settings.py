import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "thuvien.example.vn",
    "SITE_BASE_URL": "https://thuvien.example.vn",
}


def load_production(monkeypatch, **environment):
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_BASE_URL", "DATABASE_URL", "SEARCH_URL", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for module in ("heritage.settings.production", "heritage.settings.base"):
        sys.modules.pop(module, None)
    return importlib.import_module("heritage.settings.production")


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_a_required_variable(monkeypatch, missing):
    environment = {name: value for name, value in REQUIRED.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        load_production(monkeypatch, **environment)


def test_production_defaults_are_safe(monkeypatch):
    settings = load_production(monkeypatch, **REQUIRED)
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SECURE_SSL_REDIRECT


def test_database_url_and_search_url_configure_production(monkeypatch):
    settings = load_production(
        monkeypatch, DATABASE_URL="postgres://u:p@db:5432/heritage", SEARCH_URL="opensearch://search:9200", **REQUIRED
    )
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.DATABASES["default"]["HOST"] == "db"
    assert settings.HERITAGE_SEARCH["URL"] == "opensearch://search:9200"
