from django_tasks import task


@task()
def followup_reminders_task() -> int:
    """Run daily (e.g. from cron: ``manage.py shell -c``) to notify caseworkers of due follow-ups."""
    from cases.services import followup_reminders_send

    return followup_reminders_send()
