"""The exchange's front page: what the reader may do here, each with its own page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# (permission, URL name, title, what it is for): one line per page of the exchange, add yours.
SECTIONS: list[tuple[str, str, object, object]] = [
    (
        "exchange.import_cases",
        "exchange:import_cases",
        _("Import cases (HTCDS)"),
        _("Register the cases of an HTCDS 2.0 spreadsheet or CSV, checked first in a dry run."),
    ),
    (
        "exchange.export_cases",
        "exchange:htcds_export",
        _("HTCDS export"),
        _("Your organisation's cases in HTCDS 2.0 field names (CSV, XLSX, JSON); personal data encrypted."),
    ),
    (
        "exchange.export_deidentified",
        "exchange:ctdc_release",
        _("CTDC-format k-anonymised release"),
        _(
            "The network's cases as CTDC records, generalised until every combination occurs at least k "
            "times, with what was kept and lost."
        ),
    ),
    (
        "exchange.view_reference_data",
        "exchange:reference_compare",
        _("The network beside the global CTDC data"),
        _("The network's victims beside the global CTDC dataset, as shares by a breakdown."),
    ),
    (
        "exchange.import_reference_data",
        "exchange:reference_import",
        _("Import the global CTDC data"),
        _("Load a CTDC global dataset file as reference data for the comparison."),
    ),
    (
        "exchange.release_private_tables",
        "exchange:private_release_list",
        _("Differentially private tables"),
        _("Counts of victims with noise, within the year's privacy budget, for the public statistics page"),
    ),
]


def sections_for(user) -> list[dict]:
    """The exchange's pages ``user`` may open, in the order of ``SECTIONS``."""
    from django.urls import reverse

    return [
        {"url": reverse(url_name), "title": title, "description": description}
        for perm, url_name, title, description in SECTIONS
        if user.has_perm(perm)
    ]


@login_required
def index(request):
    sections = sections_for(request.user)
    if not sections:
        raise PermissionDenied
    return render(request, "exchange/index.html", {"sections": sections})
