"""The scheduler enqueues each periodic task once per period, however many schedulers run, and the real
task worker then runs it (follow-up reminders reach the caseworker)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from cases import services
from network.tests.factories import OrganisationFactory
from notifications.models import Notification
from scheduler.models import ScheduledRun
from scheduler.registry import period_key, periodic, periodic_tasks
from scheduler.services import scheduled_runs_enqueue

DAILY = "cases.tasks.followup_reminders_task"
EXPIRY = "cases.tasks.consent_expiry_notify_task"  # daily too
HOURLY = "api.tasks.heartbeat_task"
FREEZE = "awards.tasks.entries_freeze_task"  # hourly too
REPORTS = "analytics.tasks.donor_reports_expire_task"  # hourly too
EXPORTS = "exchange.tasks.export_files_expire_task"  # hourly too
MORNING = timezone.make_aware(datetime.datetime(2026, 12, 1, 8, 0))


def waiting_tasks() -> list[str]:
    return sorted(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))


def test_periodic_tasks_register_themselves_from_each_apps_tasks_module():

    registered = {task.module_path: period for task, period in periodic_tasks()}

    assert registered == {
        DAILY: "daily",
        EXPIRY: "daily",
        HOURLY: "hourly",
        FREEZE: "hourly",
        REPORTS: "hourly",
        EXPORTS: "hourly",
    }


def test_periodic_refuses_an_unknown_period_or_a_plain_function():

    with pytest.raises(ValueError):
        periodic("weekly")
    with pytest.raises(TypeError):
        periodic("daily")(lambda: None)


def test_period_key_names_the_local_day_and_hour():

    assert (period_key("daily", MORNING), period_key("hourly", MORNING)) == ("2026-12-01", "2026-12-01T08")


@pytest.mark.django_db
def test_scheduled_runs_enqueue_once_per_period(settings):

    first = scheduled_runs_enqueue(now=MORNING)
    same_hour = scheduled_runs_enqueue(now=MORNING + datetime.timedelta(minutes=30))
    next_hour = scheduled_runs_enqueue(now=MORNING + datetime.timedelta(hours=1))
    next_day = scheduled_runs_enqueue(now=MORNING + datetime.timedelta(days=1))

    assert sorted(first) == sorted([HOURLY, FREEZE, REPORTS, EXPORTS, DAILY, EXPIRY])
    assert same_hour == []
    assert sorted(next_hour) == sorted([HOURLY, FREEZE, REPORTS, EXPORTS])
    assert sorted(next_day) == sorted([HOURLY, FREEZE, REPORTS, EXPORTS, DAILY, EXPIRY])
    assert waiting_tasks() == sorted([DAILY, DAILY, EXPIRY, EXPIRY, *[HOURLY, FREEZE, REPORTS, EXPORTS] * 3])
    assert ScheduledRun.objects.get(task_name=DAILY, period_key="2026-12-01").result_id != ""


@pytest.mark.django_db
def test_scheduled_runs_older_than_ninety_days_are_pruned():
    scheduled_runs_enqueue(now=MORNING)
    ScheduledRun.objects.update(enqueued_at=MORNING - datetime.timedelta(days=91))

    scheduled_runs_enqueue(now=MORNING + datetime.timedelta(days=1))

    assert sorted(ScheduledRun.objects.values_list("period_key", flat=True)) == [
        "2026-12-02",  # the two daily tasks
        "2026-12-02",
        "2026-12-02T08",  # the four hourly tasks
        "2026-12-02T08",
        "2026-12-02T08",
        "2026-12-02T08",
    ]


@pytest.mark.django_db
def test_two_schedulers_in_the_same_period_enqueue_once():

    call_command("run_scheduler", "--once", verbosity=0)
    call_command("run_scheduler", "--once", verbosity=0)

    assert waiting_tasks() == sorted([DAILY, EXPIRY, HOURLY, FREEZE, REPORTS, EXPORTS])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_scheduler_processes_racing_for_the_same_period_enqueue_once():
    """Two schedulers at the same moment, each on its own connection: one claim wins, one waits and skips."""
    start = threading.Barrier(2)
    results = []

    def scheduler():
        start.wait()
        try:
            results.append(scheduled_runs_enqueue(now=MORNING))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    everything = sorted([DAILY, EXPIRY, HOURLY, FREEZE, REPORTS, EXPORTS])
    assert sorted(name for names in results for name in names) == everything
    assert waiting_tasks() == sorted([DAILY, EXPIRY, HOURLY, FREEZE, REPORTS, EXPORTS])


@pytest.mark.django_db(transaction=True)
def test_scheduler_and_real_worker_send_the_days_follow_up_reminders():
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    ngo = OrganisationFactory()
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="caseworker")
    case = services.case_register(
        by=caseworker, organisation=ngo, given_name="Dilnoza", family_name="Testova"
    )
    services.followup_schedule(
        case=case, by=caseworker, return_date=timezone.localdate() - datetime.timedelta(days=40)
    )

    call_command("run_scheduler", "--once", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert list(Notification.unscoped.values_list("kind", "recipient")) == [("followup_due", caseworker.pk)]
    assert set(DBTaskResult.objects.values_list("task_path", "status")) == {
        (DAILY, "SUCCESSFUL"),
        (EXPIRY, "SUCCESSFUL"),
        (HOURLY, "SUCCESSFUL"),
        (FREEZE, "SUCCESSFUL"),
        (REPORTS, "SUCCESSFUL"),
        (EXPORTS, "SUCCESSFUL"),
        # the reminder's e-mail, enqueued on commit
        ("notifications.tasks.notification_email_task", "SUCCESSFUL"),
    }


@task()
def _not_periodic_task() -> None:
    """A task the scheduler must not pick up: it is never registered."""


def test_a_task_without_periodic_is_not_scheduled():

    assert _not_periodic_task.module_path not in {task.module_path for task, _period in periodic_tasks()}
