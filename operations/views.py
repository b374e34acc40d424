import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from media.storage import is_disk_full

from .readiness import readiness


@never_cache
@require_safe
def liveness(request):
    """The process answers: nothing else is asked, so a slow database never gets a
    healthy server restarted."""
    return JsonResponse({"status": "alive"})


@never_cache
@require_safe
def ready(request):
    """Database, cache, search engine and task queue, each with its state; 503 when a
    part the pages cannot do without is down."""
    is_ready, report = readiness()
    degraded = any(not part.get("ok") or part.get("engine_ok") is False for part in report.values())
    status = "ready" if is_ready and not degraded else ("degraded" if is_ready else "unavailable")
    return JsonResponse({"status": status, "checks": report}, status=200 if is_ready else 503)


DATABASE_OUTAGE_RETRY_AFTER = 30


def server_error(request):
    """Django's 500 handler, except when the database could not be reached (it is
    restarting, or gone): then 503 with Retry-After, so that proxies, harvesters and
    monitors know to come back, and a page that says so; and when the disk is full, 507
    with a page saying that the file was not kept. The database is not touched here: the
    page must render without it."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = loader.get_template("operations/database_unavailable.html").render(
            {"retry_after": DATABASE_OUTAGE_RETRY_AFTER}
        )
        response = HttpResponseServerError(body)
        response.status_code = 503
        response["Retry-After"] = str(DATABASE_OUTAGE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    if is_disk_full(error):
        # An upload that found the disk full after the form's check (media.storage): the
        # curator is told, nothing was kept, and the site goes on answering.
        response = HttpResponseServerError(loader.get_template("operations/disk_full.html").render())
        response.status_code = 507
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
