from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
