"""Enqueueing the periodic tasks: claim the period, then enqueue, in one transaction."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from scheduler.models import ScheduledRun
from scheduler.registry import period_key, periodic_tasks

logger = logging.getLogger(__name__)
KEEP_RUNS = datetime.timedelta(days=90)


def scheduled_runs_enqueue(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic task not yet enqueued for its current period; the names enqueued.

    Each task's period is claimed by inserting its ScheduledRun row (unique per task and period) in the
    same transaction as the enqueue: with the database task back-end both commit or neither does, and a
    second scheduler, in another process or a minute later, finds the row and enqueues nothing."""
    moment = timezone.localtime(now or timezone.now())
    enqueued = []
    for task, period in periodic_tasks():
        key = period_key(period, moment)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(task_name=task.module_path, period_key=key)
                result = task.enqueue()
                run.result_id = str(result.id)
                run.save(update_fields=["result_id"])
        except IntegrityError:
            continue  # another scheduler claimed this period first
        logger.info("enqueued %s for %s", task.module_path, key)
        enqueued.append(task.module_path)
    ScheduledRun.objects.filter(enqueued_at__lt=moment - KEEP_RUNS).delete()
    return enqueued
