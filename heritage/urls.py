from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from . import (
    converters,  # noqa: F401 - registers the `id` path converter
    views,
)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("feed/", views.LatestRecordsFeed(), name="records_feed"),
    path("manifest.webmanifest", views.web_app_manifest, name="web_app_manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("media.urls")),
    path("", include("operations.urls")),
    path("", include("linkeddata.urls")),
    path("", include("api.urls")),
    path("", include("exchange.protocol_urls")),
]

# The public site, in the language of its URL: Vietnamese unprefixed (every address the
# site ever gave out), English under /en/ (docs/english.md). What is above stays
# unprefixed only: the admin, files, IIIF, feeds, sitemaps, health checks, the read API,
# the OAI-PMH provider.
urlpatterns += i18n_patterns(
    path("dan-toc/", views.ethnic_group_index, name="ethnic_group_index"),
    path("dan-toc/<slug:slug>/", views.ethnic_group_detail, name="ethnic_group_detail"),
    path("r/<id:record_id>/", views.record_permalink, name="record_permalink"),
    path("", include("accounts.urls")),
    path("", include("search.urls")),
    path("", include("gis.urls")),
    path("", include("exchange.urls")),
    path("", include("opendata.urls")),
    path("", include("festivals.urls")),
    path("", include("dictionary.urls")),
    path("", include("research.urls")),
    path("", include("reporting.urls")),
    path("", include("bulk.urls")),
    path("", include(wagtail_urls)),  # pages: last, it answers every other path
    prefix_default_language=False,
)

# An unreachable database is a 503 with Retry-After, not a 500 (operations/views.py).
handler500 = "operations.views.server_error"
