"""IIIF endpoints: the Image API (info.json and images) and Presentation manifests.

Images are addressed by their id (`/iiif/3/<id>/…`); a visitor reaches only images used
by a live page they may see (`heritage.access`). Derived images are written once to a disk
cache under `var/cache/iiif/`, keyed by the file's hash, so a new upload never serves a
stale picture.

Every answer is `no-cache` with an ETag: a record can become restricted at any moment,
so a browser or proxy revalidates each time, and the 304 is given only after the access
check has passed again.
"""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model

from heritage.access import access_decision, open_to_everyone

from . import iiif
from .uploads import with_file_headers

IIIF_CONTEXT = "http://iiif.io/api/image/3/context.json"


def _visible_image(request, identifier):
    """The image and whether it is public; 404 for what the caller may not see."""
    if not (identifier.isascii() and identifier.isdigit() and len(identifier) <= 18):
        raise Http404
    image = get_image_model().objects.filter(pk=int(identifier)).first()
    decision = access_decision(request.user, image) if image is not None else "no"
    if decision == "no":
        raise Http404
    return image, decision == "public"


def _with_iiif_headers(response, public):
    response["Access-Control-Allow-Origin"] = "*"
    return with_file_headers(response, "public" if public else "private")


def _conditional(request, response, public, etag=None):
    """`response` with IIIF headers and an ETag, or a 304 when the caller already has it.
    Called only once the access check has passed."""
    if etag is None:
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response = not_modified
    response["ETag"] = etag
    return _with_iiif_headers(response, public)


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
    return _conditional(request, response, public)


@require_GET
def image_region(request, identifier, region, size, rotation, quality_format):
    image, public = _visible_image(request, identifier)
    width, height = image.displayed_size()
    try:
        wanted = iiif.parse_request(region, size, rotation, quality_format, width, height)
    except iiif.BadIIIFRequest as error:
        return _with_iiif_headers(HttpResponseBadRequest(str(error), content_type="text/plain"), public=False)
    cached = _cache_path(image, wanted)
    etag = quote_etag("-".join(cached.parts[-2:]))  # the file's fingerprint and the request
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return _with_iiif_headers(not_modified, public)
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
    response["ETag"] = etag
    return _with_iiif_headers(response, public)


def _cache_path(image, wanted):
    fingerprint = image.file_hash or hashlib.sha256(image.file.name.encode()).hexdigest()
    name = "_".join(map(str, wanted.region)) + "_" + "x".join(map(str, wanted.size)) + "." + wanted.format
    return settings.HERITAGE_IIIF_CACHE_DIR / str(image.pk) / fingerprint[:16] / name


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _manifest_response(request, document, public):
    response = HttpResponse(document.jsonld(), content_type="application/ld+json")
    return _conditional(request, response, public)


@require_GET
def record_manifest(request, record_id):
    from heritage.models import RecordPage

    from .manifests import record_images, record_manifest

    record = (
        RecordPage.objects.visible_to(request.user)
        .filter(pk=record_id)
        .select_related("licence", "province", "main_image")
        .first()
    )
    if record is None or not record_images(record):
        raise Http404
    return _manifest_response(request, record_manifest(record, _base_url(request)), public=open_to_everyone([record]))


@require_GET
def collection_manifest(request, collection_id):
    from heritage.models import CollectionPage

    from .manifests import collection_manifest

    collection = CollectionPage.objects.live().filter(pk=collection_id).first()
    if collection is None:
        raise Http404
    records = collection.visible_items(request.user)
    public = open_to_everyone(records)
    return _manifest_response(request, collection_manifest(collection, records, _base_url(request)), public=public)
