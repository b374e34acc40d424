"""What a load balancer or an operator asks before sending visitors to this app server.

Each check answers on its own, so one failing part never hides the state of the others.
The database and the cache are required: without them no page can be served, and the
server reports itself not ready (503). The search engine and the task queue are reported
but do not make the server unready: searches fall back to the database, and queued work
waits in the database until a worker takes it.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone


def database_check():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def cache_check():
    """Write, read back and delete a key of our own: a cache that cannot do that is down
    (Django's Redis cache raises; the database cache raises when its table is missing)."""
    key = f"readiness:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    found = cache.get(key)
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"ok": found == "ok", "backend": backend, "shared": backend != "LocMemCache"}


def search_check():
    from search.backends import get_backend

    health = get_backend().health()
    engine_ok = bool(health.get("ok"))
    return {
        "ok": True,
        "engine": health.get("engine"),
        "engine_ok": engine_ok,
        "status": str(health.get("status")),
        "breaker": health.get("breaker", "closed"),
        "answers_from": "engine" if engine_ok and health.get("breaker", "closed") != "open" else "database",
    }


def task_queue_check():
    """Queue depth and the age of the oldest waiting task, when tasks go through the
    database backend (the immediate backend of a laptop has no queue)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1], "queued": 0}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
    return {
        "ok": True,
        "backend": "DatabaseBackend",
        "queued": waiting.count(),
        "oldest_seconds": round(age),
        "failed": failed,
    }


CHECKS = {
    "database": (database_check, True),
    "cache": (cache_check, True),
    "search": (search_check, False),
    "tasks": (task_queue_check, False),
}


def readiness():
    """Run every check; returns (ready, report)."""
    report = {}
    ready = True
    for name, (check, required) in CHECKS.items():
        started = time.monotonic()
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - a failing part is a finding, not a crash
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        result["required"] = required
        report[name] = result
        if required and not result["ok"]:
            ready = False
    return ready, report
