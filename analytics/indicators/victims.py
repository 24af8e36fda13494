"""Victims: registered, identified and assisted, by every breakdown of a victim (``CASE_DIMENSIONS``).

Counted: registered (not draft) cases of the organisations in scope whose victim has not refused or
withdrawn inclusion in statistics (``cases.selectors.statistics_cases_of``); one case is one victim."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics.dimensions import CASE_DIMENSIONS, Dimension, period
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import Table
from analytics.tabulate import tabulate
from cases import selectors as case_selectors
from cases.models import AssistanceService, choices

VICTIM_BREAKDOWNS = ("period", *CASE_DIMENSIONS)
VICTIMS = _("victims")


def case_dimension(
    key: str | None, *, filters: Filters, date_path: str, prefix: str = ""
) -> Dimension | None:
    """The dimension ``key`` of a victim, re-rooted at ``prefix``; ``period`` over ``date_path``."""
    if key is None:
        return None
    if key == "period":
        return period(filters.granularity, f"{prefix}{date_path}")
    return CASE_DIMENSIONS[key].on(prefix)


def registered_cases(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    """The counted cases in scope, registered in the period, of the chosen victims."""
    return (
        case_selectors.statistics_cases_of(organisation_ids=filters.organisation_ids(scope))
        .filter(filters.period_q("registered_on"))
        .filter(filters.victim_q())
    )


def _victims_table(queryset, *, title, filters: Filters, by: str, across: str | None) -> Table:
    return tabulate(
        queryset,
        title=str(title),
        rows=case_dimension(by, filters=filters, date_path="registered_on"),
        columns=case_dimension(across, filters=filters, date_path="registered_on"),
        unit=str(VICTIMS),
    )


@indicator(
    "victims_registered",
    title=pgettext_lazy("indicator", "Victims registered"),
    unit=VICTIMS,
    dimensions=VICTIM_BREAKDOWNS,
)
def victims_registered(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Victims registered: cases registered in the period (by their registration date), presumed and
    identified victims alike."""
    cases = registered_cases(scope=scope, filters=filters)
    return _victims_table(
        cases, title=pgettext_lazy("indicator", "Victims registered"), filters=filters, by=by, across=across
    )


@indicator(
    "victims_identified",
    title=pgettext_lazy("indicator", "Victims identified"),
    unit=VICTIMS,
    dimensions=VICTIM_BREAKDOWNS,
)
def victims_identified(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Victims identified: cases registered in the period whose screening records the person as an
    identified victim of trafficking (not only presumed)."""
    cases = registered_cases(scope=scope, filters=filters).filter(
        screening__identification_status=choices.TraffickingStatus.IDENTIFIED
    )
    return _victims_table(
        cases, title=pgettext_lazy("indicator", "Victims identified"), filters=filters, by=by, across=across
    )


@indicator(
    "victims_assisted",
    title=pgettext_lazy("indicator", "Victims assisted"),
    unit=VICTIMS,
    dimensions=VICTIM_BREAKDOWNS,
)
def victims_assisted(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Victims assisted: cases registered in the period with at least one assistance service recorded
    (by any organisation)."""
    # unscoped: correlated to the counted cases, whose scope registered_cases has set.
    served = AssistanceService.unscoped.filter(case=OuterRef("pk"))
    cases = registered_cases(scope=scope, filters=filters).filter(Exists(served))
    return _victims_table(
        cases, title=pgettext_lazy("indicator", "Victims assisted"), filters=filters, by=by, across=across
    )
