"""/exchange/reference/: the network's victims beside the global CTDC dataset (analysts and coordinators),
its CSV, and the upload of a CTDC file as the reference dataset (analysts)."""

import csv
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from accounts.selectors import active_membership
from analytics.panels import dimension_label
from analytics.scope import AnalyticsScope, analytics_scope
from exchange.comparison import (
    COMPARED_BREAKDOWNS,
    comparison_csv_rows,
    comparison_rows,
    global_table,
    network_table,
)
from exchange.ctdc.reading import NotCtdc
from exchange.reference_data import import_summary, reference_dataset_current, reference_dataset_import

VIEW_PERMISSION = "exchange.view_reference_data"
IMPORT_PERMISSION = "exchange.import_reference_data"
UPLOAD_SUFFIXES = (".csv", ".xlsx")


class ComparisonForm(forms.Form):
    by = forms.ChoiceField(label=gettext_lazy("Break down by"), required=False)
    central_asia = forms.BooleanField(label=gettext_lazy("Citizens of Central Asia only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [(key, dimension_label(key)) for key in COMPARED_BREAKDOWNS]

    def chosen(self) -> tuple[str, bool]:
        if not self.is_bound or not self.is_valid():
            return "sex", False
        return self.cleaned_data["by"] or "sex", self.cleaned_data["central_asia"]


def _reader(request, permission: str = VIEW_PERMISSION) -> AnalyticsScope:
    """The reader's analytics scope when their active membership grants ``permission``; 403 otherwise."""
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(permission, membership.organisation):
        raise PermissionDenied
    return analytics_scope(user=request.user, membership=membership)


def _comparison(scope: AnalyticsScope, form: ComparisonForm):
    by, central_asia = form.chosen()
    network = network_table(scope=scope, by=by, central_asia=central_asia)
    world = global_table(scope=scope, by=by, central_asia=central_asia)
    return by, network, world, comparison_rows(network, world)


@login_required
def reference_compare(request):
    scope = _reader(request)
    form = ComparisonForm(request.GET or None)
    by, network, world, rows = _comparison(scope, form)
    context = {
        "scope": scope,
        "form": form,
        "breakdown": dimension_label(by),
        "rows": rows,
        "network": network,
        "world": world,
        "dataset": reference_dataset_current(),
        "csv_query": request.GET.urlencode(),
        "may_import": request.user.has_perm(IMPORT_PERMISSION, active_membership(request).organisation),
    }
    return render(request, "exchange/reference_compare.html", context)


@login_required
def reference_compare_csv(request):
    scope = _reader(request)
    form = ComparisonForm(request.GET or None)
    by, _network, _world, rows = _comparison(scope, form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    central_asia = "-central-asia" if form.chosen()[1] else ""
    response["Content-Disposition"] = f'attachment; filename="network-and-global-{by}{central_asia}.csv"'
    csv.writer(response).writerows(comparison_csv_rows(rows, breakdown=dimension_label(by)))
    return response


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CTDC file (CSV or .xlsx)"))
    name = forms.CharField(
        label=gettext_lazy("Name of the dataset"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("The file's name when left empty; a dataset of the same name is replaced."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(_("Choose a CSV file or an .xlsx workbook of the CTDC dataset."))
        return upload


@login_required
def reference_import(request):
    _reader(request, IMPORT_PERMISSION)
    form = ReferenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("upload" + Path(upload.name).suffix.lower())
            with open(path, "wb") as file:
                for chunk in upload.chunks():
                    file.write(chunk)
            try:
                result = reference_dataset_import(
                    path=path, by=request.user, name=form.cleaned_data["name"], source_name=upload.name
                )
            except NotCtdc as refused:
                form.add_error("file", str(refused))
            else:
                for line in import_summary(result)[:20]:
                    messages.info(request, line)
                return redirect("exchange:reference_compare")
    return render(request, "exchange/reference_import.html", {"form": form})
