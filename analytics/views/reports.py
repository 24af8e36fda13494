"""Donor reports: ask for one, follow its build, download it (its requester alone, for a limited time),
and a programme coordinator's choice of what the programme's report holds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role
from accounts.selectors import active_membership
from analytics.models import DonorReport
from analytics.reports import services
from analytics.reports.forms import DonorReportForm, ReportSettingsForm
from analytics.scope import AGGREGATES_PERMISSION, analytics_scope
from network.models import Programme
from tenancy.forms import errors_to_form

CONTENT_TYPES = {
    DonorReport.Format.PDF: "application/pdf",
    DonorReport.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DonorReport.Format.CSV: "text/csv; charset=utf-8",
}


def _scope_of(request):
    """The reader's membership and scope; 403 for a role without one."""
    membership = active_membership(request)
    return membership, analytics_scope(user=request.user, membership=membership)


def _own_report(request, pk) -> DonorReport:
    _scope_of(request)
    return get_object_or_404(DonorReport.objects.visible_to(request.user).select_related("programme"), pk=pk)


@login_required
@require_GET
def report_list(request):
    membership, scope = _scope_of(request)
    reports = DonorReport.objects.visible_to(request.user).select_related("programme")[:50]
    coordinated = []
    if membership.role == Role.COORDINATOR:
        coordinated = Programme.objects.filter(coordinator=membership.organisation).order_by("name")
    return render(
        request,
        "analytics/report_list.html",
        {"reports": reports, "coordinated": coordinated, "scope": scope},
    )


@login_required
def report_create(request):
    membership, scope = _scope_of(request)
    form = DonorReportForm(request.POST or None, scope=scope)
    if form.is_valid():
        filters = form.filters()
        programme = services.programmes_of_scope(scope).filter(pk=filters.programme_id).first()
        try:
            report = services.donor_report_request(
                by=request.user,
                membership=membership,
                programme=programme,
                filters=filters,
                format=form.cleaned_data["format"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your report is being built."))
            return redirect("analytics:report_detail", pk=report.pk)
    return render(request, "analytics/report_form.html", {"form": form, "scope": scope})


@login_required
@require_GET
def report_detail(request, pk):
    report = _own_report(request, pk)
    return render(request, "analytics/report_detail.html", _status_context(report))


@login_required
@require_GET
def report_status(request, pk):
    """The small part of the report's page that htmx polls while it is built."""
    report = _own_report(request, pk)
    return render(request, "analytics/_report_status.html", _status_context(report))


def _status_context(report: DonorReport) -> dict:
    building = report.status in (DonorReport.Status.QUEUED, DonorReport.Status.RUNNING)
    return {"report": report, "building": building, "expired": services.donor_report_is_expired(report)}


@login_required
@require_GET
def report_download(request, pk):
    report = _own_report(request, pk)
    if services.donor_report_is_expired(report):
        if report.status != DonorReport.Status.EXPIRED:
            services.donor_report_expire(report=report)
        return render(request, "analytics/report_expired.html", {"report": report}, status=410)
    if report.status != DonorReport.Status.DONE or not report.storage_name:
        raise Http404
    response = FileResponse(
        default_storage.open(report.storage_name, "rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_settings(request, pk):
    """What the programme's donor report holds: its coordinating organisation's coordinator sets it."""
    membership, _scope = _scope_of(request)
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied
    programme = get_object_or_404(Programme.objects.filter(coordinator=membership.organisation), pk=pk)
    if not request.user.has_perm(AGGREGATES_PERMISSION, programme.coordinator):
        raise PermissionDenied
    instance = getattr(programme, "report_settings", None)
    form = ReportSettingsForm(request.POST or None, instance=instance)
    if form.is_valid():
        toggles = {name: form.cleaned_data[name] for name in ReportSettingsForm.Meta.fields}
        services.report_settings_update(
            by=request.user, programme=programme, sections=form.cleaned_data["sections"], **toggles
        )
        messages.success(request, _("The programme's report settings are saved."))
        return redirect("analytics:report_list")
    return render(request, "analytics/report_settings.html", {"form": form, "programme": programme})
