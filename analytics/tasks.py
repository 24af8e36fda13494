"""Analytics' background tasks: each loads ids and calls one service."""

from django_tasks import task

from scheduler.registry import periodic


@task()
def donor_report_build_task(*, report_id: int) -> str:
    """Build one donor report (``analytics.reports.services.donor_report_build``); a retry skips."""
    from analytics.reports.services import donor_report_build

    return donor_report_build(report_id=report_id)


@periodic("hourly")
@task()
def donor_reports_expire_task() -> int:
    """Delete the donor reports' files past their time (``AMANAT_REPORT_RETENTION_HOURS``)."""
    from analytics.reports.services import donor_reports_expire

    return donor_reports_expire()
