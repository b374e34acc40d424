"""Per-client rate limits, so that one client cannot starve the others.

Each group of paths has its own budget per client address (settings.HERITAGE_RATE_LIMITS,
e.g. "120/m"), counted in the shared cache by django-ratelimit; beyond it the answer is
429 with Retry-After (the seconds left in the window), in JSON for the API and as a short
page elsewhere. Several app servers share the counts when they share the cache
(CACHE_URL), so the budget is per client, not per server.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from audit.recording import client_address

# The first prefix that matches decides the group.
PATH_GROUPS = (
    ("/api/search/suggest", "suggest"),
    ("/api/v1/search/suggest", "suggest"),
    ("/api/search", "search"),
    ("/api/v1/search", "search"),
    ("/search/", "search"),
    ("/api/", "api"),
    ("/iiif/", "iiif"),
)


def group_of(path):
    # The public site answers under /en/ too (docs/english.md): the same limits apply there.
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    for prefix, group in PATH_GROUPS:
        if path.startswith(prefix):
            return group
    return None


def _client(group, request):
    return client_address(request) or "unknown"


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = group_of(request.path) if getattr(settings, "HERITAGE_RATE_LIMITS_ENABLED", True) else None
        rate = settings.HERITAGE_RATE_LIMITS.get(group) if group else None
        if rate:
            usage = get_usage(request, group=f"heritage:{group}", key=_client, rate=rate, method=ALL, increment=True)
            if usage and usage["should_limit"]:
                return self.too_many(request, usage["time_left"])
        return self.get_response(request)

    @staticmethod
    def too_many(request, seconds):
        seconds = max(1, int(seconds))
        message = _("Too many requests from your address. Please wait %(seconds)d seconds and try again.") % {
            "seconds": seconds
        }
        if request.path.startswith(("/api/", "/en/api/")):
            response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(seconds)
        response["Cache-Control"] = "no-store"
        return response
