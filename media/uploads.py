"""Uploaded files served with the access level of what they belong to, and only as media.

Photos of people and sacred objects, recordings of rites: a community record's files
must not reach an anonymous visitor who has (or guesses) their address. Every file under
MEDIA_URL is therefore answered by `serve_upload`, which finds the image, rendition,
recording, poster or captions the path belongs to and asks `heritage.access`.

Nothing uploaded is ever served as an active type (HTML, SVG, XML, JavaScript…) from the
site's origin: a file is sent with a type from `SAFE_TYPES`, chosen by its extension,
or else as an `application/octet-stream` attachment, always with `nosniff`.

Files are never cached for long anywhere: a record can be made restricted at any time,
so every answer says `no-cache` and carries validators (ETag, Last-Modified); a browser
or proxy revalidates, the access check runs again and only then answers 304.

A picture may say where it was taken (GPS in its EXIF or XMP), and a phone's video or voice
memo where it was made. A visitor who may not see the exact place of a record showing it
gets a copy without that (`media.location_metadata`, kept under `without_location/`, which
no address reaches), or a 404 when the file cannot be checked; the file that tells the
place is then never given to a shared cache. Renditions are made without location
(`HeritageImage.generate_rendition_file`) but are still checked: older ones may have it.

The bytes are sent by the web server when `HERITAGE_UPLOADS_ACCEL_PREFIX` is set (nginx's
X-Accel-Redirect to an `internal` location; see the README), else streamed by Django.
"""

import os
import posixpath
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from heritage.access import access_decision, exact_places_of_item_visible_to

from .location_metadata import UnreadableMetadata, copy_without_location, location_state

# What we store (photographs and their renditions, recordings, posters, WebVTT captions),
# by extension, with the only types they are ever served as: none of them is active.
SAFE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "heic": "image/heic",
    "heif": "image/heif",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "m4b": "audio/mp4",
    "aac": "audio/aac",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "aiff": "audio/aiff",
    "weba": "audio/webm",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "mpeg": "video/mpeg",
    "mpg": "video/mpeg",
    "h264": "video/h264",
    "vtt": "text/vtt; charset=utf-8",
}

# Folders of pictures (originals, renditions, posters): their EXIF or XMP may hold GPS.
PICTURE_FOLDERS = ("original_images", "images", "media_thumbnails")
# Folders of recordings: a phone writes where a video or a voice memo was made.
RECORDING_FOLDERS = ("media",)


def safe_content_type(path):
    """(content type, whether to send it as an attachment) for a stored file."""
    extension = posixpath.splitext(path)[1].lower().lstrip(".")
    content_type = SAFE_TYPES.get(extension)
    return (content_type, False) if content_type else ("application/octet-stream", True)


def _owner(path):
    """The image or recording the upload at `path` belongs to, or None."""
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    folder = path.split("/", 1)[0]
    Image, Media = get_image_model(), get_media_model()
    if folder == "original_images":
        return Image.objects.filter(file=path).first()
    if folder == "images":
        rendition = Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
        return rendition and rendition.image
    field = {"media": "file", "media_thumbnails": "thumbnail", "media_captions": "captions"}.get(folder)
    if field:
        return Media.objects.filter(**{field: path}).first()
    return None  # documents have their own view (/documents/), anything else is not ours


def with_file_headers(response, decision):
    """Headers every protected file carries: revalidate on each use, never shared when
    private, and never sniffed into an active type."""
    response["Cache-Control"] = "public, no-cache" if decision == "public" else "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_upload(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\x00" in path:
        raise Http404
    owner = _owner(path)
    decision = access_decision(request.user, owner) if owner is not None else "no"
    if decision == "no":
        raise Http404  # not 403: a restricted file must not reveal that it exists
    full_path, stat = _stat(path)
    etag = f"{stat.st_size:x}-{stat.st_mtime_ns:x}"
    folder = path.split("/", 1)[0]
    recording = folder in RECORDING_FOLDERS
    if (folder in PICTURE_FOLDERS or recording) and location_state(path, full_path, stat, recording) is not False:
        if exact_places_of_item_visible_to(request.user, owner):
            if decision == "public" and not exact_places_of_item_visible_to(AnonymousUser(), owner):
                decision = "private"  # others get a copy without the place: no shared cache may keep this one
        else:
            try:
                path = copy_without_location(path, full_path, stat, recording)
            except UnreadableMetadata as error:
                raise Http404 from error  # a file that cannot be checked may tell the place
            full_path, stat = _stat(path)
            etag = f"{stat.st_size:x}-{stat.st_mtime_ns:x}-without-location"
    etag = quote_etag(etag)
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if not_modified is not None:  # asked only now, after the access check
        response = not_modified
    else:
        response = byte_range(request, _file_response(path, full_path), full_path)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    return with_file_headers(response, decision)


def byte_range(request, response, full_path):
    """One byte range of the file when the browser asks for it (206 Partial Content):
    without it a browser cannot seek in a recording (a search result's link to a moment,
    or the visitor dragging the slider). Behind X-Accel-Redirect the web server does it."""
    if not isinstance(response, FileResponse) or response.get("Content-Disposition", "").startswith("attachment"):
        return response
    response["Accept-Ranges"] = "bytes"
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", request.headers.get("Range", "").strip())
    if not match or match.groups() == ("", ""):
        return response
    size = os.path.getsize(full_path)
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    # Close only the file: response.close() would send request_finished in the middle of
    # this request, and its receivers close the database connection.
    if getattr(response, "file_to_stream", None) is not None:
        response.file_to_stream.close()
    if start > end or start >= size:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    partial = StreamingHttpResponse(
        _file_part(full_path, start, end - start + 1), status=206, content_type=response["Content-Type"]
    )
    partial["Content-Length"] = str(end - start + 1)
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Accept-Ranges"] = "bytes"
    return partial


def _file_part(full_path, start, length, chunk=64 * 1024):
    with open(full_path, "rb") as handle:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(chunk, length))
            if not data:
                return
            length -= len(data)
            yield data


def _stat(path):
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        return full_path, os.stat(full_path)
    except (FileNotFoundError, NotADirectoryError, ValueError) as error:
        raise Http404 from error


def _file_response(path, full_path):
    content_type, attachment = safe_content_type(path)
    prefix = getattr(settings, "HERITAGE_UPLOADS_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + path
        if attachment:
            response["Content-Disposition"] = "attachment"
        return response
    try:
        handle = open(full_path, "rb")  # noqa: SIM115 - closed by Django
    except (FileNotFoundError, IsADirectoryError) as error:
        raise Http404 from error
    if attachment:
        return FileResponse(handle, content_type=content_type, as_attachment=True, filename=posixpath.basename(path))
    return FileResponse(handle, content_type=content_type)
