"""The runs of HTCDS imports: an upload kept encrypted and checked in the background (a dry run by
default), the real import of a clean dry run, and the command's runs, each recorded as an ``ImportRun``.

``import_upload`` stores the file encrypted (``privacy.files``, like case attachments) and enqueues the
run on commit; ``import_run_execute`` (the task) claims a waiting run (QUEUED → RUNNING, so a retried
task never runs twice), imports with progress and saves the report; ``import_confirm`` asks for the real
import of a clean dry run's file. The file is deleted once its real import has run."""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from exchange.htcds.importer import ImportReport, htcds_import
from exchange.models import ImportRun
from exchange.models.imports import IMPORT_PERMISSION, import_storage_name
from privacy.files import encrypted_file_read, encrypted_file_save

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 2**20


def _require(by, organisation) -> None:
    if not by.has_perm(IMPORT_PERMISSION, organisation):
        raise PermissionDenied


@transaction.atomic
def import_upload(*, by, organisation, content: bytes, file_name: str, dry_run: bool = True) -> ImportRun:
    """Keep an uploaded HTCDS file encrypted and run its import (a dry run unless told) in the background.

    PermissionDenied without ``exchange.import_cases``; ValidationError (on ``file``) for an empty or
    too large file."""
    _require(by, organisation)
    if not content:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if len(content) > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20}},
            code="too_large",
        )
    storage_name = encrypted_file_save(model=ImportRun, name=import_storage_name(), content=content)
    run = ImportRun.objects.create(
        organisation=organisation,
        by=by,
        file_name=file_name[:255],
        dry_run=dry_run,
        storage_name=storage_name,
    )
    audit_record(by=by, action="htcds.import_uploaded", obj=run, details={"dry_run": dry_run})
    _enqueue_on_commit(run.pk)
    return run


@transaction.atomic
def import_confirm(*, by, run: ImportRun) -> ImportRun:
    """The real import of ``run``'s file, after its clean dry run (which it must be).

    PermissionDenied without ``exchange.import_cases``; ValidationError when ``run`` is not a finished,
    clean dry run with cases to create or its file is gone."""
    _require(by, run.organisation)
    clean = run.dry_run and run.status == ImportRun.Status.DONE and not run.counts.get("problems")
    if not clean or not run.counts.get("created") or not run.storage_name:
        raise ValidationError(_("Only a clean dry run with new cases can be imported."), code="not_clean")
    real = ImportRun.objects.create(
        organisation=run.organisation, by=by, file_name=run.file_name, dry_run=False, dry_run_of=run
    )
    audit_record(by=by, action="htcds.import_confirmed", obj=real, details={"dry_run": run.pk})
    _enqueue_on_commit(real.pk)
    return real


def _enqueue_on_commit(run_id: int) -> None:
    from exchange.tasks import htcds_import_task

    transaction.on_commit(lambda: htcds_import_task.enqueue(run_id=run_id))


def import_run_record(*, by, organisation, file_name: str, dry_run: bool) -> ImportRun:
    """A run of the command (its file is not kept): recorded as running."""
    _require(by, organisation)
    return ImportRun.objects.create(
        organisation=organisation,
        by=by,
        file_name=file_name[:255],
        dry_run=dry_run,
        status=ImportRun.Status.RUNNING,
    )


def import_run_finish(*, run: ImportRun, report: ImportReport) -> ImportRun:
    """Save ``report`` on ``run``: done when clean, refused when the file or a row was refused."""
    run.status = ImportRun.Status.DONE if report.ok else ImportRun.Status.REFUSED
    run.rows_total = run.rows_processed = report.rows_total
    run.counts = report.counts
    run.report = report.as_json()
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "rows_total", "rows_processed", "counts", "report", "finished_at"])
    audit_record(
        by=run.by,
        action="htcds.import_finished",
        obj=run,
        details={"dry_run": run.dry_run, "status": run.status, **report.counts},
    )
    return run


def import_run_execute(*, run_id: int) -> str:
    """Run a waiting import: "done", "refused", "failed", or "skipped" when another run claimed it."""
    # unscoped: the task acts for the run's own requester, whose permission the import checks again.
    claimed = ImportRun.unscoped.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if claimed != 1:
        return "skipped"
    # unscoped: as above.
    run = ImportRun.unscoped.select_related("by", "organisation", "dry_run_of").get(pk=run_id)
    holder = run.dry_run_of or run
    try:
        content = encrypted_file_read(model=ImportRun, name=holder.storage_name)
        report = htcds_import(
            by=run.by,
            organisation=run.organisation,
            content=content,
            dry_run=run.dry_run,
            on_progress=progress_writer(run_id),
            run=None if run.dry_run else run,
        )
    except PermissionDenied:
        return _failed(run, _("You may no longer import cases into this organisation."))
    except Exception:
        # The run's id only: the file holds personal data.
        logger.exception("HTCDS import %s failed", run_id)
        return _failed(run, _("The import could not be run. Please upload the file again."))
    import_run_finish(run=run, report=report)
    if not run.dry_run:
        _file_delete(holder)
    return run.status


def _failed(run: ImportRun, message) -> str:
    # unscoped: the run the task claimed.
    ImportRun.unscoped.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED, report={"refusal": str(message)}, finished_at=timezone.now()
    )
    return "failed"


def _file_delete(run: ImportRun) -> None:
    """The uploaded file is not kept once its cases are imported."""
    if run.storage_name:
        default_storage.delete(run.storage_name)
        # unscoped: the run the task claimed (or its dry run).
        ImportRun.unscoped.filter(pk=run.pk).update(storage_name="")


def progress_writer(run_id: int) -> Callable[[int, int], None]:
    """``on_progress`` of a run: the rows processed, written where the page that polls can read them.

    The import holds one transaction until its end; on PostgreSQL the progress goes through a second
    connection (committed at once; the run's row is not written by the import, so nothing waits). On
    SQLite, which allows one writer, it is seen when the import ends."""
    table = ImportRun._meta.db_table

    def write(done: int, total: int) -> None:
        if not connection.in_atomic_block:
            # unscoped: the run being executed.
            ImportRun.unscoped.filter(pk=run_id).update(rows_processed=done, rows_total=total)
            return
        if connection.vendor != "postgresql":
            return
        side = connections.create_connection("default")
        try:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET rows_processed = %s, rows_total = %s WHERE id = %s",  # noqa: S608
                    [done, total, run_id],
                )
        except Exception:
            logger.warning("Progress of HTCDS import %s not written", run_id)
        finally:
            side.close()

    return write
