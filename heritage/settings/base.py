"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the environment
in ``dev.py``, ``test.py`` and ``production.py``; this module holds no secret and keeps
``DEBUG`` off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("HERITAGE_VAR_DIR", BASE_DIR / "var"))

DEBUG = False

INSTALLED_APPS = [
    "heritage",
    "media.apps.HeritageMediaConfig",
    "search.apps.HeritageSearchConfig",
    "gis.apps.HeritageGisConfig",
    "exchange.apps.ExchangeConfig",
    "opendata.apps.OpenDataConfig",
    "accounts.apps.AccountsConfig",
    "festivals.apps.FestivalsConfig",
    "dictionary.apps.DictionaryConfig",
    "operations.apps.OperationsConfig",
    "audit.apps.AuditConfig",
    "research.apps.ResearchConfig",
    "reporting.apps.ReportingConfig",
    "linkeddata.apps.LinkedDataConfig",
    "bulk.apps.BulkConfig",
    "api.apps.HeritageApiConfig",
    "demo.apps.DemoConfig",
    # After the project's apps, before Wagtail's: see its docstring.
    "heritage.wagtail_vi.apps.WagtailVietnameseConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "heritage.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "audit.recording.AuditAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.MembersStayOnTheSiteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "operations.throttling.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

# Sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one name
# from one address, that name is refused from that address for the cool-off time, on the
# site's and the admin's sign-in forms alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "audit.recording.client_address"
AXES_VERBOSE = False

# Two-factor sign-in (accounts/two_factor.py): required of everyone who may use the admin;
# TWO_FACTOR_REQUIRED=0 makes it optional for them too (never in production).
HERITAGE_TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "1") == "1"
OTP_TOTP_ISSUER = "Thư viện di sản các dân tộc"

# Per-client rate limits (operations/throttling.py): "<requests>/<s|m|h>" per address, per
# group of paths; 429 with Retry-After beyond it. RATE_LIMITS=off turns them off.
HERITAGE_RATE_LIMITS = {
    "search": os.environ.get("RATE_LIMIT_SEARCH", "120/m"),
    "suggest": os.environ.get("RATE_LIMIT_SUGGEST", "600/m"),
    "api": os.environ.get("RATE_LIMIT_API", "300/m"),
    "iiif": os.environ.get("RATE_LIMIT_IIIF", "1200/m"),
}
HERITAGE_RATE_LIMITS_ENABLED = os.environ.get("RATE_LIMITS", "on") != "off"

ROOT_URLCONF = "heritage.urls"
WSGI_APPLICATION = "heritage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "heritage.context_processors.site_navigation",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL points elsewhere
# (postgres://user:pass@host:5432/name in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'heritage.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so a database
        # restart costs no visitor an error once it is back.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second. The public site and the admin both follow the
# visitor's choice (LocaleMiddleware + the language cookie set by set_language).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Vietnamese for the admin's JavaScript (heritage/wagtail_vi/): Wagtail's JavaScript
# catalogue reads only its own translations and these paths.
LOCALE_PATHS = [PROJECT_DIR / "wagtail_vi" / "jslocale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Map, chart and image-viewer libraries come from the npm registry at install time
# (package.json) and are served by the site itself, so nothing depends on a CDN.
STATICFILES_DIRS = [
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
    ("vendor/leaflet-draw", BASE_DIR / "node_modules" / "leaflet-draw" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/openseadragon", BASE_DIR / "node_modules" / "openseadragon" / "build" / "openseadragon"),
    ("vendor/pmtiles", BASE_DIR / "node_modules" / "pmtiles" / "dist"),
    ("vendor/protomaps-leaflet", BASE_DIR / "node_modules" / "protomaps-leaflet" / "dist"),
]
# Map tiles: OpenStreetMap by default; MAP_TILES takes another URL template, or "none"
# for vector layers only (intranets, tests).
HERITAGE_MAP_TILES = {"": "OpenStreetMap", "none": None}.get(
    os.environ.get("MAP_TILES", ""), os.environ.get("MAP_TILES")
)
HERITAGE_MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION") or None
# MAP_TILES=basemap: the site's own base map, a PMTiles file (BASEMAP_FILE, made by
# `manage.py basemap_import`; see docs/basemap.md) that the site serves in byte ranges:
# maps then ask no other host for anything.
HERITAGE_BASEMAP_FILE = Path(os.environ.get("BASEMAP_FILE") or VAR_DIR / "basemap" / "basemap.pmtiles")
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/uploads/"
MEDIA_ROOT = VAR_DIR / "uploads"
STORAGES = {
    # Files appear under their names only whole, even when the disk fills (media.storage).
    "default": {"BACKEND": "media.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Community members sign in on the site (accounts/); staff may use either form. Pages a
# curator restricts to signed-in people (Wagtail's page privacy) send visitors there too.
LOGIN_URL = "accounts:sign_in"
WAGTAIL_FRONTEND_LOGIN_URL = "/dang-nhap/"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Thư viện điện tử di sản các dân tộc"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "heritage_media.HeritageImage"
# Free space an upload may not take from the uploads' volume (renditions, the database, logs).
HERITAGE_UPLOAD_DISK_RESERVE = int(os.environ.get("UPLOAD_DISK_RESERVE_MB", "64")) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 80_000_000
# Judged by content (media.forms): a phone's HEIC or a scanner's TIFF is accepted too.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "heic", "avif"]
# media.forms.HeritageImageForm, with the rights a published record needs marked.
WAGTAILIMAGES_IMAGE_FORM_BASE = "heritage.image_forms.CuratorImageForm"
WAGTAILMEDIA = {"MEDIA_MODEL": "heritage_media.HeritageMedia", "MEDIA_FORM_BASE": "media.forms.HeritageMediaForm"}
# Derived IIIF images, written once and served again (safe to delete at any time).
HERITAGE_IIIF_CACHE_DIR = Path(os.environ.get("HERITAGE_IIIF_CACHE_DIR", VAR_DIR / "cache" / "iiif"))
# Uploads pass an access check (media.uploads); with this set, nginx sends the bytes.
HERITAGE_UPLOADS_ACCEL_PREFIX = os.environ.get("HERITAGE_UPLOADS_ACCEL_PREFIX", "")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The catalogue search: an OpenSearch or Elasticsearch engine when SEARCH_URL is set
# (opensearch://host:9200, opensearch+https://user:password@host:443?ca=/path/ca.pem,
# elasticsearch+https://...), else the database fallback (SQLite FTS5).
HERITAGE_SEARCH = {
    "URL": os.environ.get("SEARCH_URL", ""),
    "INDEX": os.environ.get("SEARCH_INDEX", "heritage-records"),
    # A slow or unreachable engine: the database answers after TIMEOUT seconds, and after
    # BREAKER_FAILURES failures in a row the engine is left alone for BREAKER_COOLDOWN.
    "TIMEOUT": float(os.environ.get("SEARCH_TIMEOUT", "2")),
    "BREAKER_FAILURES": int(os.environ.get("SEARCH_BREAKER_FAILURES", "3")),
    "BREAKER_COOLDOWN": float(os.environ.get("SEARCH_BREAKER_COOLDOWN", "30")),
}
HERITAGE_SEARCH_SYNC = False

# After every change of what visitors may see, a task works out the counts the home page
# and the unfiltered library show, so the first anonymous visitor does not wait for them
# (worth it with a task worker and a large collection; on in production).
HERITAGE_WARM_COUNTS = os.environ.get("HERITAGE_WARM_COUNTS", "0") == "1"

# OAI-PMH (exchange/): who answers for the repository, and the namespace of its
# identifiers (oai:<namespace>:<id>; the host of SITE_BASE_URL when empty).
HERITAGE_OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "")
HERITAGE_OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")

# The read API (api/, /api/v1/): Django REST framework, read-only JSON (no browsable
# API, whose pages carry inline scripts), errors as {"error": ...}, described by
# drf-spectacular; the docs page's Swagger UI is served from the site (sidecar).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.json_errors",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Heritage e-library read API",
    "DESCRIPTION": "Read-only access to the public records, ethnic groups, areas, collections, search and map "
    "layer of the ethnic-heritage e-library. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema_hooks.only_the_read_api"],
}

# Indexing, renditions and imports run as django-tasks; the immediate backend runs
# them in-process, which is right for the demo and tests. Production may point
# TASKS at a database-backed worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Proxies whose X-Forwarded-For the audit log believes for the client's address.
HERITAGE_TRUSTED_PROXIES = [address for address in os.environ.get("TRUSTED_PROXIES", "").split(",") if address]

# Backups (operations/backup.py) keep times to the microsecond.
SERIALIZATION_MODULES = {"fulljson": "operations.serialization"}

# Groups whose members may see records of each access level (besides superusers).
HERITAGE_COMMUNITY_GROUPS = ["Community member"]
HERITAGE_STAFF_GROUPS = ["Contributor", "Curator", "Reviewer", "Administrator"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content Security Policy
# One policy for the public site and the admin (django-csp). Scripts run only from this
# origin or, inline, with the request's nonce (folium's map scripts carry it); no plugins,
# no <base> rewriting, no framing by other sites. Styles may be inline: folium, Leaflet
# and Wagtail's admin set them, and a style cannot run code. Map tiles come from the
# configured tile server's origin.
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402

_tile_url = {"OpenStreetMap": "https://tile.openstreetmap.org/"}.get(HERITAGE_MAP_TILES, HERITAGE_MAP_TILES or "")
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(_tile_url)) if "://" in _tile_url else None

INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["heritage.middleware.ContentSecurityPolicyMiddleware"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *([_tile_origin] if _tile_origin else [])],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    },
}
# What the admin's prefix adds to the policy (inline scripts; no nonce is sent there, as
# a browser ignores 'unsafe-inline' when one is present), and only there.
HERITAGE_CSP_ADMIN_PREFIX = "/admin/"
HERITAGE_CSP_ADMIN_UPDATE = {"script-src": ["'unsafe-inline'"]}
# The admin asks no other host for anything: avatars come from the site itself, never
# from gravatar.com; no check for new Wagtail releases (releases.wagtail.io) and no
# "what's new" banner pointing at Wagtail's website.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
