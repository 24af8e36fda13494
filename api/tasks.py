from django.utils import timezone
from django_tasks import task

from scheduler.registry import periodic


@periodic("hourly")
@task()
def heartbeat_task() -> str:
    """Proves that a worker runs: /healthz reports when the last task finished (enqueued hourly by the
    scheduler, so an idle installation still shows a recent one). Records nothing personal."""
    return timezone.now().isoformat()
