"""Production: everything comes from the environment, and a missing secret stops start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def require_env(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = require_env("ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin]
DEBUG = os.environ.get("DEBUG", "0") == "1"
WAGTAILADMIN_BASE_URL = require_env("SITE_BASE_URL")

# Behind TLS by default; set HTTPS=0 only for a private network without it.
if os.environ.get("HTTPS", "1") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows a submission to the browsers' preload list; SECURE_HSTS_PRELOAD=0
    # for a domain whose other hosts cannot all serve HTTPS yet.
    SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
# Pages, API answers and feeds go out gzipped (operations/compression.py): static files
# are compressed by WhiteNoise, which answers before this middleware is reached.
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1],
    "operations.compression.TextCompressionMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1 :],
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Wagtail shows a page's preview in a frame of the admin, from the same origin:
# SAMEORIGIN (base settings) is needed, DENY would blank the preview.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


def cache_from_url(url):
    """CACHE_URL: `db` (the default: a table in the database, shared by every app server
    and worker with nothing more to run), `redis://host:port/N` or `rediss://…` (Redis
    or Valkey, for several app servers under load), or `locmem` (one process only)."""
    if url in ("", "db"):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "heritage_cache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL must be db, redis://…, rediss://… or locmem, not {url!r}.")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "db"))}
# Wagtail writes every rendition an image tag looks up back into its cache (the
# `renditions` alias, else the default). With the database cache that is a committed write
# per image per page view (a home page: 14, some 0.2 s), so renditions get a small cache in
# each process instead. It holds only where a rendition's file is; after an image's file
# is replaced, other processes may name the old rendition for up to five minutes.
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    CACHES["renditions"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# Background work (index updates, renditions, imports, harvests) waits in the database
# until a worker (`manage.py db_worker`) takes it, so nothing queued is lost in a restart.
# TASKS_BACKEND=immediate runs it inside the request instead (a single small server).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if os.environ.get("TASKS_BACKEND", "database") not in TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]}}

HERITAGE_WARM_COUNTS = os.environ.get("HERITAGE_WARM_COUNTS", "1") == "1"
