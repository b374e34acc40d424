"""Text answers compressed by the application server itself (production settings).

WhiteNoise serves the static files already compressed, and nginx, when it is in front,
compresses what passes through it; but `make serve` on one machine puts gunicorn in
front of visitors, and a record page's HTML is then the largest text a phone downloads.
Django's GZipMiddleware does the work (with its random padding against BREACH-style
guessing of secrets in compressed pages); this subclass keeps it to text: images,
recordings and other binary files are compressed already, and a byte range (206) or a
file nginx sends (X-Accel-Redirect) must reach the client exactly as it was cut.
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = ("text/", "application/json", "application/geo+json", "application/ld+json", "application/javascript")
TEXT_TYPES += ("application/xml", "application/rss+xml", "application/atom+xml", "application/manifest+json")
TEXT_TYPES += ("image/svg+xml",)


class TextCompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if (
            response.status_code == 206
            or response.has_header("X-Accel-Redirect")
            or not content_type.startswith(TEXT_TYPES)
        ):
            return response
        return super().process_response(request, response)
