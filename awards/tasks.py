from django_tasks import task

from scheduler.registry import periodic


@periodic("hourly")
@task()
def entries_freeze_task() -> int:
    """Freeze the figures of the entries whose submission deadline passed; enqueued hourly by
    ``manage.py run_scheduler`` (an entry opened before the task ran is frozen on the spot)."""
    from awards.services import entries

    return entries.entries_freeze_due()
