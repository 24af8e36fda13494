"""The campaigns' background tasks.

``broadcast_send_task`` here is a stand-in: the sending helper's worker replaces it (same name and
arguments). ``broadcast_due_task`` starts a scheduled broadcast when its time comes (enqueued with
``run_after`` by ``broadcast_start``)."""

from django_tasks import task


@task()
def broadcast_send_task(*, broadcast_id: int) -> int:
    """Stand-in until the sending worker is merged: sends nothing."""
    return 0


@task()
def broadcast_due_task(*, broadcast_id: int) -> bool:
    from campaigns.services import broadcasts

    return broadcasts.broadcast_due(broadcast_id=broadcast_id)
