from django_tasks import task


@task()
def notification_email_task(*, notification_id: int) -> bool:
    from notifications.services import notification_email_send

    return notification_email_send(notification_id=notification_id)
