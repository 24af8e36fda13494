"""The exchange's background tasks: each loads ids and calls one service."""

from django_tasks import task

from scheduler.registry import periodic


@periodic("hourly")
@task()
def export_files_expire_task() -> int:
    """Delete the HTCDS export files past their time (``AMANAT_EXPORT_RETENTION_DAYS``), files and rows."""
    from exchange.files import export_files_expire

    return export_files_expire()


@task()
def htcds_import_task(*, run_id: int) -> str:
    """Run one HTCDS import (``exchange.htcds.runs.import_run_execute``); a retry skips."""
    from exchange.htcds.runs import import_run_execute

    return import_run_execute(run_id=run_id)
