"""What /healthz reports: is the database reachable, does the background worker keep up? No personal data."""

import time
from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Case, F, Max, Min, When
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

WORKER_STALLED_AFTER = timedelta(minutes=5)


def database_health() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return {"status": "down"}
    return {"status": "ok", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def worker_health() -> dict:
    """Tasks waiting, how long the oldest has waited and when the last one finished (django-tasks-db)."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):  # e.g. the immediate back-end: nothing ever waits
        return {"status": "ok", "backend": type(backend).__name__}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    waiting = DBTaskResult.objects.ready().aggregate(
        oldest=Min(Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))),
    )
    waiting_count = DBTaskResult.objects.ready().count()
    last_finished = DBTaskResult.objects.finished().aggregate(last=Max("finished_at"))["last"]
    oldest_age = (now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0
    return {
        "status": "stalled" if oldest_age > WORKER_STALLED_AFTER.total_seconds() else "ok",
        "waiting": waiting_count,
        "oldest_waiting_seconds": round(oldest_age),
        "last_finished_at": last_finished.isoformat() if last_finished else None,
    }


def health() -> dict:
    database = database_health()
    if database["status"] != "ok":
        return {"status": "down", "database": database, "worker": {"status": "unknown"}}
    try:
        worker = worker_health()
    except DatabaseError:  # the task table is missing or locked: the site still serves pages
        worker = {"status": "unknown"}
    status = "ok" if worker["status"] == "ok" else "degraded"
    return {"status": status, "database": database, "worker": worker}
