"""Files: uploads (photos, renditions, recordings, posters, captions) and documents, each
served only to a caller who may see a live page that uses it (`heritage.access`)."""

from django.conf import settings
from django.http import Http404
from django.urls import path, re_path
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_documents

import heritage.converters  # noqa: F401 - registers the `id` converter

from . import views
from .uploads import serve_upload, with_file_headers


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, behind the access check and with revalidating caches.

    The check runs before Wagtail's own (which answers conditional requests), so a
    document whose record became restricted is a 404, never a 304."""
    from heritage.access import access_decision

    document = get_document_model().objects.filter(pk=document_id).first()
    decision = access_decision(request.user, document) if document is not None else "no"
    if decision == "no":
        raise Http404
    response = wagtail_documents.serve(request, document_id, document_filename)
    if response.status_code in (200, 304):
        with_file_headers(response, decision)
    return response


upload_prefix = settings.MEDIA_URL.lstrip("/")

urlpatterns = [
    path("documents/<id:document_id>/<path:document_filename>", serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        wagtail_documents.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("iiif/manifest/<id:record_id>", views.record_manifest, name="iiif_record_manifest"),
    path("iiif/collection/<id:collection_id>", views.collection_manifest, name="iiif_collection"),
    path("iiif/3/<str:identifier>", views.image_base, name="iiif_image_base"),
    path("iiif/3/<str:identifier>/info.json", views.image_info, name="iiif_image_info"),
    path(
        "iiif/3/<str:identifier>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>",
        views.image_region,
        name="iiif_image",
    ),
    # A restricted record's photos and recordings are not public files: every upload
    # passes the access check. The web server sends the bytes in production.
    re_path(rf"^{upload_prefix}(?P<path>.+)$", serve_upload, name="upload"),
]
