"""Test settings: fast hashing, local memory cache, tasks run immediately."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="heritage-test-uploads-")

# Index updates run at once, inside the test's transaction.
HERITAGE_SEARCH_SYNC = True
HERITAGE_SEARCH = {"URL": "", "INDEX": "heritage-test"}

# No tile server here: maps draw their vector layers only.
HERITAGE_MAP_TILES = None

HERITAGE_IIIF_CACHE_DIR = Path(tempfile.mkdtemp(prefix="heritage-test-iiif-"))  # noqa: F405

# Rate limits would turn the property-based suites' thousands of requests into 429s;
# tests/operations/test_throttling.py turns them on with small budgets.
HERITAGE_RATE_LIMITS_ENABLED = False
# The suites sign staff in with force_login (no second factor); tests/accounts/test_two_factor.py
# turns the requirement on.
HERITAGE_TWO_FACTOR_REQUIRED = False
