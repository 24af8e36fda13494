"""Donor reports asked for, built in the background and kept for a limited time.

``donor_report_request`` checks the request and enqueues the build on commit; ``donor_report_build``
claims the report (QUEUED → RUNNING, so a retried task never builds twice), counts its figures with
progress, and stores the file under a random name in the default storage; ``donor_reports_expire``
deletes the files past their time. A report is its requester's alone (``DonorReport.visible_to``)."""

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analytics.filters import Filters
from analytics.models import DonorReport, ReportSettings
from analytics.scope import analytics_scope
from network.models import Programme

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
STORAGE_FOLDER = "donor-reports"
# The share of the progress bar the figures take; the rest is writing the file.
FIGURES_SHARE = 90


def programmes_of_scope(scope):
    """The programmes a report may be asked for: those with a member organisation in the scope."""
    return Programme.objects.filter(members__pk__in=scope.organisation_ids).distinct().order_by("name")


def _stored_filters(filters: Filters) -> dict:
    return {
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
        "granularity": filters.granularity,
        "country": filters.country,
        "organisation_id": filters.organisation_id,
        "sex": filters.sex,
        "age_band": filters.age_band,
        "exploitation": filters.exploitation,
    }


@transaction.atomic
def donor_report_request(
    *, by, membership, programme: Programme | None, filters: Filters, format: str, language: str
) -> DonorReport:
    """Ask for a report of ``membership``'s scope; its build is enqueued on commit.

    PermissionDenied for a membership without an analytics scope (or not the user's own);
    ValidationError for an unknown format or language, a programme outside the scope or a period
    ending before it starts."""
    if membership is None or membership.user_id != by.pk:
        raise PermissionDenied
    scope = analytics_scope(user=by, membership=membership)
    if format not in DonorReport.Format.values:
        raise ValidationError({"format": _("Choose PDF, XLSX or CSV.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose English or Russian.")})
    if programme is not None and not programmes_of_scope(scope).filter(pk=programme.pk).exists():
        raise ValidationError({"programme": _("Choose a programme of your organisations.")})
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": _("The period ends before it starts.")})
    report = DonorReport.objects.create(
        requested_by=by,
        membership=membership,
        programme=programme,
        filters=_stored_filters(filters),
        format=format,
        language=language,
    )
    report_id = report.pk
    transaction.on_commit(lambda: _enqueue_build(report_id))
    return report


def _enqueue_build(report_id: int) -> None:
    from analytics.tasks import donor_report_build_task

    donor_report_build_task.enqueue(report_id=report_id)


def _render(report: DonorReport, content) -> bytes:
    from analytics.reports.csv import report_csv
    from analytics.reports.pdf import report_pdf
    from analytics.reports.xlsx import report_xlsx

    if report.format == DonorReport.Format.PDF:
        return report_pdf(content, language=report.language)
    if report.format == DonorReport.Format.XLSX:
        return report_xlsx(content)
    return report_csv(content)


def retention() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AMANAT_REPORT_RETENTION_HOURS)


def donor_report_build(*, report_id: int) -> str:
    """Build the report if it is still waiting: "built", "failed", or "skipped" when another run has
    claimed it (a retried task) or it is gone."""
    from analytics.reports.content import report_content

    claimed = DonorReport.objects.filter(pk=report_id, status=DonorReport.Status.QUEUED).update(
        status=DonorReport.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    if claimed != 1:
        return "skipped"
    report = DonorReport.objects.select_related(
        "requested_by", "membership__organisation", "programme__report_settings"
    ).get(pk=report_id)

    def progress(done: int, total: int) -> None:
        DonorReport.objects.filter(pk=report_id).update(progress=FIGURES_SHARE * done // max(total, 1))

    try:
        with translation.override(report.language):
            content = report_content(report, on_section=progress)
            data = _render(report, content)
    except PermissionDenied:
        return _failed(report_id, _("You no longer have access to these figures."), report.language)
    except Exception:
        # The report's id only: its parameters may name a programme or organisation, never a person.
        logger.exception("Donor report %s could not be built", report_id)
        return _failed(
            report_id, _("The report could not be built. Please ask for it again."), report.language
        )
    name = default_storage.save(
        f"{STORAGE_FOLDER}/{secrets.token_hex(16)}.{report.format}", ContentFile(data)
    )
    finished = timezone.now()
    DonorReport.objects.filter(pk=report_id).update(
        status=DonorReport.Status.DONE,
        progress=100,
        storage_name=name,
        download_name=f"donor-report-{report_id}-{report.language}.{report.format}",
        size=len(data),
        finished_at=finished,
        expires_at=finished + retention(),
    )
    return "built"


def _failed(report_id: int, message, language: str) -> str:
    with translation.override(language):
        error = str(message)
    DonorReport.objects.filter(pk=report_id).update(
        status=DonorReport.Status.FAILED, error=error, finished_at=timezone.now()
    )
    return "failed"


def donor_report_expire(*, report: DonorReport) -> None:
    """Delete the report's file and mark it expired (its row stays, for its requester's list)."""
    if report.storage_name:
        default_storage.delete(report.storage_name)
    DonorReport.objects.filter(pk=report.pk).update(status=DonorReport.Status.EXPIRED, storage_name="")
    report.status, report.storage_name = DonorReport.Status.EXPIRED, ""


def donor_reports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete every file past its time; the number of reports expired."""
    now = now or timezone.now()
    # Every requester's reports: the periodic task acts for no user.
    due = DonorReport.objects.filter(status=DonorReport.Status.DONE, expires_at__lte=now)
    count = 0
    for report in due.only("pk", "storage_name").iterator():
        donor_report_expire(report=report)
        count += 1
    return count


def donor_report_is_expired(report: DonorReport, *, now: datetime.datetime | None = None) -> bool:
    if report.status == DonorReport.Status.EXPIRED:
        return True
    return report.expires_at is not None and report.expires_at <= (now or timezone.now())


@transaction.atomic
def report_settings_update(*, by, programme: Programme, sections: list[dict], **toggles) -> ReportSettings:
    """Set what the programme's donor report holds (its coordinator's choice, checked by the caller)."""
    report_settings, _created = ReportSettings.objects.update_or_create(
        programme=programme, defaults={"sections": sections, "updated_by": by, **toggles}
    )
    return report_settings
