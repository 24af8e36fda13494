"""The table of periodic tasks: each app registers its own in its ``tasks.py``.

    @periodic("daily")
    @task()
    def followup_reminders_task() -> int: ...

The scheduler process (``manage.py run_scheduler``) enqueues each registered task at most once per
period; the task worker (``manage.py db_worker``) runs it."""

import datetime

from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

# How each period is named: the task is enqueued once for each distinct key (in the local time zone).
PERIODS = {
    "hourly": "%Y-%m-%dT%H",
    "daily": "%Y-%m-%d",
}

_registered: dict[str, tuple[Task, str]] = {}


def periodic(period: str):
    """Register a task (made with ``django_tasks.task``) to be enqueued once per ``period``."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; one of {sorted(PERIODS)}")

    def register(task: Task) -> Task:
        if not isinstance(task, Task):
            raise TypeError("@periodic goes above @task()")
        _registered[task.module_path] = (task, period)
        return task

    return register


def periodic_tasks() -> list[tuple[Task, str]]:
    """Every registered task with its period, after importing every app's ``tasks`` module."""
    autodiscover_modules("tasks")
    return [_registered[name] for name in sorted(_registered)]


def period_key(period: str, moment: datetime.datetime) -> str:
    return moment.strftime(PERIODS[period])
