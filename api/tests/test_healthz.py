import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from api.tasks import heartbeat_task


@pytest.mark.django_db
def test_healthz_reports_database_and_idle_worker_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["status"] == "ok"
    assert report["worker"] == {
        "status": "ok",
        "waiting": 0,
        "oldest_waiting_seconds": 0,
        "last_finished_at": None,
    }


@pytest.mark.django_db(transaction=True)
def test_healthz_sees_heartbeat_task_finished_by_worker(client):
    heartbeat_task.enqueue()
    waiting = client.get("/healthz").json()["worker"]["waiting"]

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    worker = client.get("/healthz").json()["worker"]
    assert waiting == 1
    assert worker["waiting"] == 0
    assert worker["status"] == "ok"
    assert worker["last_finished_at"] is not None


@pytest.mark.django_db
def test_healthz_reports_stalled_worker_as_degraded(client):
    result = heartbeat_task.enqueue()
    six_minutes_ago = timezone.now() - datetime.timedelta(minutes=6)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=six_minutes_ago)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"]["status"] == "stalled"
    assert response.json()["worker"]["oldest_waiting_seconds"] >= 360
