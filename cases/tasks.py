from django_tasks import task

from scheduler.registry import periodic


@task()
def notification_email_task(*, notification_id: int) -> bool:
    from cases.services import notification_email_send

    return notification_email_send(notification_id=notification_id)


@periodic("daily")
@task()
def followup_reminders_task() -> int:
    """Notify caseworkers of due follow-ups; enqueued daily by ``manage.py run_scheduler``."""
    from cases.services import followup_reminders_send

    return followup_reminders_send()
