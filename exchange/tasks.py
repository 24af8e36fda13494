"""The exchange's background tasks: each loads ids and calls one service."""

from django_tasks import task


@task()
def htcds_import_task(*, run_id: int) -> str:
    """Run one HTCDS import (``exchange.htcds.runs.import_run_execute``); a retry skips."""
    from exchange.htcds.runs import import_run_execute

    return import_run_execute(run_id=run_id)
