from django_tasks import task


@task()
def broadcast_send_task(*, broadcast_id: int) -> str:
    from campaigns.services.sending import broadcast_send

    return broadcast_send(broadcast_id=broadcast_id)
