"""The campaigns' background tasks: each loads ids and calls one service.

``broadcast_send_task`` runs the SMS worker of one broadcast (``campaigns.services.sending``);
``broadcast_due_task`` starts a scheduled broadcast when its time comes (enqueued with ``run_after`` by
``broadcast_start``)."""

from django_tasks import task


@task()
def broadcast_send_task(*, broadcast_id: int) -> str:
    from campaigns.services.sending import broadcast_send

    return broadcast_send(broadcast_id=broadcast_id)


@task()
def broadcast_due_task(*, broadcast_id: int) -> bool:
    from campaigns.services import broadcasts

    return broadcasts.broadcast_due(broadcast_id=broadcast_id)
