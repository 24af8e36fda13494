from django_tasks import task


@task()
def followup_reminders_task() -> int:
    """Run daily (e.g. from cron: ``manage.py shell -c``) to notify caseworkers of due follow-ups."""
    from cases.services import followup_reminders_send

    return followup_reminders_send()


@task()
def consent_expiry_notify_task() -> int:
    """Run daily: tell both sides of each sharing whose consent has expired (sharing already ended)."""
    from cases.services import consent_expiry_notify

    return consent_expiry_notify()
