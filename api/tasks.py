from django.utils import timezone
from django_tasks import task


@task()
def heartbeat_task() -> str:
    """Proves that a worker runs: /healthz reports when the last task finished. Records nothing personal."""
    return timezone.now().isoformat()
