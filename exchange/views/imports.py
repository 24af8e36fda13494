"""HTCDS import for NGO managers: upload a file (a dry run by default), follow its run, read its report,
and import the cases of a clean dry run."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import active_membership
from exchange.htcds import runs
from exchange.models import ImportRun
from exchange.models.imports import IMPORT_PERMISSION
from tenancy.forms import errors_to_form


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HTCDS file"),
        help_text=gettext_lazy("An HTCDS template (XLSX or XLSM) or a CSV with HTCDS field names."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file, import nothing"), required=False, initial=True
    )


def _organisation_of(request):
    """The organisation the manager acts for; 403 without the import permission there."""
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(IMPORT_PERMISSION, membership.organisation):
        raise PermissionDenied
    return membership.organisation


def _run_of(request, pk) -> ImportRun:
    _organisation_of(request)
    return get_object_or_404(ImportRun.objects.visible_to(request.user).select_related("dry_run_of"), pk=pk)


@login_required
def import_cases(request):
    organisation = _organisation_of(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = runs.import_upload(
                by=request.user,
                organisation=organisation,
                content=upload.read(),
                file_name=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("exchange:import_detail", pk=run.pk)
    recent = ImportRun.objects.visible_to(request.user).filter(organisation=organisation)[:20]
    return render(request, "exchange/import_cases.html", {"form": form, "runs": recent})


@login_required
@require_GET
def import_detail(request, pk):
    return render(request, "exchange/import_detail.html", _context(_run_of(request, pk)))


@login_required
@require_GET
def import_status(request, pk):
    """The part of the run's page that htmx polls while it runs."""
    return render(request, "exchange/_import_status.html", _context(_run_of(request, pk)))


@login_required
@require_POST
def import_confirm(request, pk):
    run = _run_of(request, pk)
    try:
        real = runs.import_confirm(by=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchange:import_detail", pk=run.pk)
    messages.success(request, _("The cases are being imported."))
    return redirect("exchange:import_detail", pk=real.pk)


def _context(run: ImportRun) -> dict:
    report = run.report or {}
    confirmable = (
        run.dry_run
        and run.status == ImportRun.Status.DONE
        and not report.get("problems")
        and run.counts.get("created")
        and run.storage_name
    )
    return {
        "run": run,
        "running": run.is_running,
        "problems": report.get("problems", []),
        "notices": report.get("notices", []),
        "refusal": report.get("refusal", ""),
        "confirmable": confirmable,
    }
