import pytest
from django.test import testcases

from tests.factories import make_site_tree, make_user

# Live servers (pytest-django's, for Chromium and the harvesters) send /uploads/ to the
# site's own view, as production does (access check, byte ranges, cache headers). Django
# puts its test media handler in front of them, which answers a byte range with the whole
# file, so Chromium could not seek in a recording (a search result's link to a moment).
testcases._MediaFilesHandler = lambda application: application


@pytest.fixture
def site_tree(db):
    home, record_index, collection_index = make_site_tree()
    return {"home": home, "records": record_index, "collections": collection_index}


@pytest.fixture
def record_index(site_tree):
    return site_tree["records"]


@pytest.fixture
def community_member(db):
    return make_user("thanh-vien", groups=["Community member"])


@pytest.fixture
def curator(db):
    return make_user("bien-tap", groups=["Curator"])


@pytest.fixture
def reviewer(db):
    return make_user("duyet", groups=["Reviewer"])


@pytest.fixture
def contributor(db):
    return make_user("cong-tac", groups=["Contributor"])


@pytest.fixture
def records_by_level(record_index):
    from tests.factories import make_record

    return {
        level: make_record(record_index, title=f"Hồ sơ mức {level}", access_level=level)
        for level in ("public", "community", "staff")
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: ids are reused once a test's rows roll back,
    and Wagtail caches renditions by image id."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_to_begin_with():
    """Each test starts in Vietnamese: a request to an /en/ page leaves English active in
    the test's thread, and page URLs (`record.url`) follow the active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def small_rate_limits(settings, monkeypatch):
    """Rate limits on, with budgets a test spends in a few requests, and the limiter's
    clock held still: django-ratelimit counts in fixed windows (a minute here, ending at a
    second of its own for each client address), and a test that crossed a window's end
    would find its count begun afresh and its last request let through."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    settings.HERITAGE_RATE_LIMITS_ENABLED = True
    settings.HERITAGE_RATE_LIMITS = {"search": "3/m", "suggest": "5/m", "api": "3/m", "iiif": "3/m"}
    held = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: held))
