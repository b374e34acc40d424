"""IIIF endpoints: the Image API (info.json and images) and Presentation manifests.

Images are addressed by their id (`/iiif/3/<id>/…`); a visitor reaches only images used
by a live page they may see (`media.access`). Derived images are written once to a disk
cache under `var/cache/iiif/`, keyed by the file's hash, so a new upload never serves a
stale picture.
"""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model

from . import iiif
from .access import access_decision

IIIF_CONTEXT = "http://iiif.io/api/image/3/context.json"


def _visible_image(request, identifier):
    """The image and whether it is public; 404 for what the caller may not see."""
    if not identifier.isdigit():
        raise Http404
    image = get_image_model().objects.filter(pk=int(identifier)).first()
    decision = access_decision(request.user, image) if image is not None else "no"
    if decision == "no":
        raise Http404
    return image, decision == "public"


def _with_iiif_headers(response, public):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=300"
    return response


@require_GET
def image_base(request, identifier):
    _visible_image(request, identifier)
    return HttpResponseRedirect(f"{request.path.rstrip('/')}/info.json", status=303)


@require_GET
def image_info(request, identifier):
    image, public = _visible_image(request, identifier)
    width, height = image.displayed_size()
    base = request.build_absolute_uri(request.path.removesuffix("/info.json"))
    rights = image.licence.url if image.licence_id and image.licence.url else None
    document = iiif.info(base, width, height, rights=rights)
    wants_ld = "application/ld+json" in request.headers.get("Accept", "")
    content_type = f'application/ld+json;profile="{IIIF_CONTEXT}"' if wants_ld else "application/json"
    response = JsonResponse(document, content_type=content_type)
    return _with_iiif_headers(response, public)


@require_GET
def image_region(request, identifier, region, size, rotation, quality_format):
    image, public = _visible_image(request, identifier)
    width, height = image.displayed_size()
    try:
        wanted = iiif.parse_request(region, size, rotation, quality_format, width, height)
    except iiif.BadIIIFRequest as error:
        return _with_iiif_headers(HttpResponseBadRequest(str(error), content_type="text/plain"), public=False)
    cached = _cache_path(image, wanted)
    if cached.exists():
        body = cached.read_bytes()
    else:
        with image.open_file() as source:
            body = iiif.render(source, wanted)
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(body)
        partial.replace(cached)  # readers never see half a file
    response = HttpResponse(body, content_type=wanted.mimetype)
    return _with_iiif_headers(response, public)


def _cache_path(image, wanted):
    fingerprint = image.file_hash or hashlib.sha256(image.file.name.encode()).hexdigest()
    name = "_".join(map(str, wanted.region)) + "_" + "x".join(map(str, wanted.size)) + "." + wanted.format
    return settings.HERITAGE_IIIF_CACHE_DIR / str(image.pk) / fingerprint[:16] / name


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _manifest_response(document, public):
    response = HttpResponse(document.jsonld(), content_type="application/ld+json")
    return _with_iiif_headers(response, public)


@require_GET
def record_manifest(request, record_id):
    from heritage.access import levels_visible_to
    from heritage.models import RecordPage

    from .manifests import record_images, record_manifest

    record = (
        RecordPage.objects.live()
        .filter(pk=record_id, access_level__in=levels_visible_to(request.user))
        .select_related("licence", "province", "main_image")
        .first()
    )
    if record is None or not record_images(record):
        raise Http404
    return _manifest_response(record_manifest(record, _base_url(request)), public=record.access_level == "public")


@require_GET
def collection_manifest(request, collection_id):
    from heritage.models import CollectionPage

    from .manifests import collection_manifest

    collection = CollectionPage.objects.live().filter(pk=collection_id).first()
    if collection is None:
        raise Http404
    records = collection.visible_items(request.user)
    public = all(record.access_level == "public" for record in records)
    return _manifest_response(collection_manifest(collection, records, _base_url(request)), public=public)
