"""The open-data page, the files and the two catalogues.

Files are the same for everyone who asks, signed in or not: public records only (see
`opendata.datasets`). They are streamed (the first bytes leave before the first
query), gzipped when the client accepts it, open to other origins (CORS), and carry an
ETag and a Last-Modified from `opendata.state`, so a harvester revalidates with
If-None-Match or If-Modified-Since and gets a 304 until the data changes.
"""

import hashlib
import json

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from . import formats
from .catalogue import data_package, dataset_licence, dcat_catalogue, file_url
from .datasets import MEDIA_TYPES, datasets, find_file
from .state import current_version, fingerprint, measured, rows_in, sizes_of


@require_safe
def open_data_page(request):
    version = current_version()
    entries = []
    for dataset in datasets():
        sizes = sizes_of(version, dataset)
        files = [
            {
                "distribution": distribution,
                "url": file_url(distribution.filename),
                "rows": rows_in(version, dataset, distribution),
                **sizes[distribution.filename],
            }
            for distribution in dataset.distributions
        ]
        entries.append({"dataset": dataset, "rows": version.counts.get(dataset.key, 0), "files": files})
    context = {"entries": entries, "since": version.since, "licence": dataset_licence()}
    return render(request, "opendata/open_data.html", context)


def _shared(response, etag, version):
    """Headers every machine-readable answer carries (a 304 too)."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version.since.timestamp())
    # Revalidated on every use: a file that dropped a record is never served from a cache.
    response["Cache-Control"] = "public, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def _not_modified(request, etag, version):
    answer = get_conditional_response(request, etag=etag, last_modified=int(version.since.timestamp()))
    return _shared(answer, etag, version) if answer is not None else None


@require_safe
@gzip_page
def open_data_file(request, filename):
    dataset, distribution = find_file(filename)
    if dataset is None:
        raise Http404
    digest = fingerprint()
    version = current_version(digest)
    etag = '"' + hashlib.sha256(f"{digest}:{filename}".encode()).hexdigest()[:40] + '"'
    answer = _not_modified(request, etag, version)
    if answer is not None:
        return answer
    content_type = MEDIA_TYPES[distribution.format] + "; charset=utf-8"
    if distribution.format == "csv":
        content_type += "; header=present"
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
    else:
        stream = measured(formats.write(dataset, distribution), digest, filename)
        response = StreamingHttpResponse(stream, content_type=content_type)
    if distribution.format == "csv":
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _shared(response, etag, version)


def _document(request, build, content_type):
    version = current_version()
    body = json.dumps(build(version), ensure_ascii=False, indent=2).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    answer = _not_modified(request, etag, version)
    if answer is not None:
        return answer
    return _shared(HttpResponse(body, content_type=content_type), etag, version)


@require_safe
@gzip_page
def dcat_catalogue_view(request):
    return _document(request, dcat_catalogue, "application/ld+json; charset=utf-8")


@require_safe
@gzip_page
def data_package_view(request):
    return _document(request, data_package, "application/json; charset=utf-8")
