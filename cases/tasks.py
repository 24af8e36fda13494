from django_tasks import task

from scheduler.registry import periodic


@periodic("daily")
@task()
def followup_reminders_task() -> int:
    """Notify caseworkers of due follow-ups; enqueued daily by ``manage.py run_scheduler``."""
    from cases.services import followup_reminders_send

    return followup_reminders_send()


@periodic("daily")
@task()
def consent_expiry_notify_task() -> int:
    """Tell both sides of each sharing whose consent has expired (sharing already ended); enqueued
    daily by ``manage.py run_scheduler``."""
    from cases.services import consent_expiry_notify

    return consent_expiry_notify()
