"""Uploaded files served with the access level of what they belong to.

Photos of people and sacred objects, recordings of rites: a community record's files
must not reach an anonymous visitor who has (or guesses) their address. Every file under
MEDIA_URL is therefore answered by `serve_upload`, which finds the image, rendition,
recording, poster or captions the path belongs to and asks `media.access`.

The bytes are sent by the web server when `HERITAGE_UPLOADS_ACCEL_PREFIX` is set (nginx's
X-Accel-Redirect to an `internal` location; see the README), else streamed by Django.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join

from .access import access_decision


def _owner(path):
    """The image or recording the upload at `path` belongs to, or None."""
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    folder = path.split("/", 1)[0]
    Image, Media = get_image_model(), get_media_model()
    if folder == "original_images":
        image = Image.objects.filter(file=path).first()
        return image
    if folder == "images":
        rendition = Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
        return rendition and rendition.image
    field = {"media": "file", "media_thumbnails": "thumbnail", "media_captions": "captions"}.get(folder)
    if field:
        recording = Media.objects.filter(**{field: path}).first()
        return recording
    return None  # documents have their own view (/documents/), anything else is not ours


def serve_upload(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\x00" in path:
        raise Http404
    owner = _owner(path)
    decision = access_decision(request.user, owner) if owner is not None else "no"
    if decision == "no":
        raise Http404  # not 403: a restricted file must not reveal that it exists
    prefix = getattr(settings, "HERITAGE_UPLOADS_ACCEL_PREFIX", "")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + path
    else:
        try:
            full_path = safe_join(settings.MEDIA_ROOT, path)
            response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115 - closed by Django
        except (FileNotFoundError, IsADirectoryError) as error:
            raise Http404 from error
    response["Cache-Control"] = "public, max-age=86400" if decision == "public" else "private, max-age=300"
    if decision != "public":
        response["Vary"] = "Cookie"
    return response
