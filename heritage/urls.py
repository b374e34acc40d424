from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from media import uploads as media_uploads
from media import views as media_views

from . import (
    converters,  # noqa: F401 - registers the `id` path converter
    views,
)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feed/", views.LatestRecordsFeed(), name="records_feed"),
    path("dan-toc/", views.ethnic_group_index, name="ethnic_group_index"),
    path("dan-toc/<slug:slug>/", views.ethnic_group_detail, name="ethnic_group_detail"),
    path("r/<id:record_id>/", views.record_permalink, name="record_permalink"),
    path("", include("search.urls")),
    path("", include("gis.urls")),
    path("iiif/manifest/<int:record_id>", media_views.record_manifest, name="iiif_record_manifest"),
    path("iiif/collection/<int:collection_id>", media_views.collection_manifest, name="iiif_collection"),
    path("iiif/3/<str:identifier>", media_views.image_base, name="iiif_image_base"),
    path("iiif/3/<str:identifier>/info.json", media_views.image_info, name="iiif_image_info"),
    path(
        "iiif/3/<str:identifier>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>",
        media_views.image_region,
        name="iiif_image",
    ),
]

# Uploads go through the access check (media.uploads): a restricted record's photos and
# recordings are not public files. The web server sends the bytes in production.
prefix = settings.MEDIA_URL.lstrip("/")
urlpatterns += [re_path(rf"^{prefix}(?P<path>.+)$", media_uploads.serve_upload, name="upload")]

urlpatterns += [path("", include(wagtail_urls))]
