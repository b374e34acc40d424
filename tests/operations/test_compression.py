"""The production settings' text compression (operations/compression.py): pages, JSON and
feeds go out gzipped; images, byte ranges and files handed to nginx go out untouched."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from operations.compression import TextCompressionMiddleware

PAGE = "<p>Lễ hội đâm trâu của người Cơ Tu</p>" * 50


def answer(content_type, status=200, **headers):
    def view(request):
        response = HttpResponse(PAGE.encode(), content_type=content_type, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    return TextCompressionMiddleware(view)(RequestFactory().get("/", headers={"Accept-Encoding": "gzip, br"}))


@pytest.mark.parametrize(
    "content_type",
    ["text/html; charset=utf-8", "application/json", "application/geo+json", "text/csv", "application/rss+xml"],
)
def test_text_is_gzipped(content_type):
    response = answer(content_type)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode() == PAGE


@pytest.mark.parametrize(
    "content_type, status, headers",
    [
        ("image/jpeg", 200, {}),
        ("audio/mpeg", 200, {}),
        ("text/vtt", 206, {"Content-Range": "bytes 0-99/4000"}),
        ("text/plain", 200, {"X-Accel-Redirect": "/protected-uploads/documents/a.txt"}),
    ],
)
def test_binary_files_byte_ranges_and_files_for_nginx_are_left_alone(content_type, status, headers):
    response = answer(content_type, status, **headers)
    assert not response.has_header("Content-Encoding")
    assert response.content == PAGE.encode()
