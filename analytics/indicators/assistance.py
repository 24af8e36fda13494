"""Assistance: services delivered (how many, to how many victims, at what cost), referrals made, accepted
and completed, and reintegration scores over time.

Counted: the rows of a section (services, referrals, assessments) recorded by the organisations in scope
on counted cases (``cases.selectors.statistics_sections_of``: not drafts, no refused or withdrawn
statistics consent), of the chosen victims (the filters read the case: ``Filters.victim_q("case__")``),
in the period by the row's own date."""

from decimal import Decimal

from django.db.models import Avg, F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from analytics.dimensions import CASE_DIMENSIONS, Dimension, period
from analytics.filters import Filters
from analytics.indicators import UnknownBreakdown, indicator
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Category, Hidden, Table, hide_means_of_few
from analytics.tabulate import Measure, tabulate
from cases import selectors as case_selectors
from cases.models import Assessment, AssistanceService, Referral, choices
from network.countries import country_name

SERVICES = _("services")
VICTIMS = _("victims")
REFERRALS = _("referrals")
SCORE = pgettext_lazy("unit", "mean score (0–1)")

SERVICE_TYPE = Dimension(
    key="service_type", label=_("Service"), path="type", choices=lambda: choices.ServiceType.choices
)
CURRENCY = Dimension(
    key="currency",
    label=_("Currency"),
    path="currency",
    labels=lambda keys: {key: key for key in keys},
    # Sums in different currencies are not comparable: in code order, not largest first.
    sorted_by_key=True,
)
SERVICE_NEEDED = Dimension(
    key="service_needed",
    label=_("Service needed"),
    path="service_needed",
    choices=lambda: [*choices.ServiceType.choices, ("unknown", str(pgettext_lazy("figure", "Not recorded")))],
)
RECEIVING_COUNTRY = Dimension(
    key="receiving_country",
    label=_("Country of the receiving organisation"),
    path="to_organisation__country",
    # A body outside Amanat has no organisation: its own country is recorded on the referral.
    expression=lambda prefix: Coalesce(
        NullIf(F(f"{prefix}to_organisation__country"), Value("")),
        NullIf(F(f"{prefix}external_country"), Value("")),
    ),
    labels=lambda keys: {key: country_name(key) for key in keys},
)

# The breakdowns of a victim, read through the row's case.
VICTIM_KEYS = tuple(CASE_DIMENSIONS)
SERVICE_BREAKDOWNS = ("service_type", "period", *VICTIM_KEYS)
COST_BREAKDOWNS = ("service_type", "currency", "period", *VICTIM_KEYS)
REFERRAL_BREAKDOWNS = ("period", "receiving_country", "service_needed", *VICTIM_KEYS)
SCORE_BREAKDOWNS = ("period", *VICTIM_KEYS)

OWN_DIMENSIONS = {
    dimension.key: dimension for dimension in (SERVICE_TYPE, CURRENCY, SERVICE_NEEDED, RECEIVING_COUNTRY)
}


def section_dimension(key: str | None, *, filters: Filters, date_path: str) -> Dimension | None:
    """The dimension ``key`` of a section's row: its own (service type…), ``period`` of ``date_path``, or a
    victim's, through the row's case."""
    if key is None:
        return None
    if key == "period":
        return period(filters.granularity, date_path)
    if key in OWN_DIMENSIONS:
        return OWN_DIMENSIONS[key]
    return CASE_DIMENSIONS[key].on("case__")


def section_rows(model, *, scope: AnalyticsScope, filters: Filters, date_path: str) -> QuerySet:
    """The counted rows of ``model`` in scope, dated in the period, of the chosen victims."""
    return (
        case_selectors.statistics_sections_of(model, organisation_ids=filters.organisation_ids(scope))
        .filter(filters.period_q(date_path))
        .filter(filters.victim_q("case__"))
    )


def services(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    return section_rows(AssistanceService, scope=scope, filters=filters, date_path="started_on")


def _services_table(*, title, unit, measure, filters: Filters, by: str, across: str | None, queryset=None):
    return tabulate(
        queryset,
        title=str(title),
        rows=section_dimension(by, filters=filters, date_path="started_on"),
        columns=section_dimension(across, filters=filters, date_path="started_on"),
        measure=measure,
        unit=str(unit),
    )


@indicator(
    "services_delivered",
    title=pgettext_lazy("indicator", "Services delivered"),
    unit=SERVICES,
    dimensions=SERVICE_BREAKDOWNS,
    default_by="service_type",
)
def services_delivered(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Services delivered: assistance services recorded by the organisations in scope on counted cases,
    by the date the service started; each service once, whatever its quantity."""
    return _services_table(
        title=pgettext_lazy("indicator", "Services delivered"),
        unit=SERVICES,
        measure=Measure(),
        filters=filters,
        by=by,
        across=across,
        queryset=services(scope=scope, filters=filters),
    )


@indicator(
    "victims_served",
    title=pgettext_lazy("indicator", "Victims served"),
    unit=VICTIMS,
    dimensions=SERVICE_BREAKDOWNS,
    default_by="service_type",
)
def victims_served(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Victims served: victims (cases) who received at least one assistance service that started in the
    period; a victim given several services of one type counts once in that type, once in the total."""
    return _services_table(
        title=pgettext_lazy("indicator", "Victims served"),
        unit=VICTIMS,
        measure=Measure(field="case_id"),
        filters=filters,
        by=by,
        across=across,
        queryset=services(scope=scope, filters=filters),
    )


@indicator(
    "service_costs",
    title=pgettext_lazy("indicator", "Cost of services"),
    unit=pgettext_lazy("unit", "cost"),
    dimensions=COST_BREAKDOWNS,
    default_by="service_type",
)
def service_costs(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Cost of services: the sum of the recorded costs of the services that started in the period, in each
    currency apart (costs in different currencies are never added together; a service without a recorded
    cost adds nothing)."""
    if by != "currency" and across not in (None, "currency"):
        raise UnknownBreakdown(
            gettext("Costs are broken down by currency: choose currency as the second breakdown."), "across"
        )
    if by != "currency":
        across = "currency"
    table = _services_table(
        title=pgettext_lazy("indicator", "Cost of services"),
        unit=pgettext_lazy("unit", "cost"),
        measure=Measure(field="cost", kind="sum"),
        filters=filters,
        by=by,
        across=across,
        queryset=services(scope=scope, filters=filters).filter(cost__isnull=False),
    )
    currencies = (
        [category.key for category in table.columns] if by != "currency" else [row.key for row in table.rows]
    )
    if len(currencies) > 1:
        # Margins across currencies would add som to roubles: they are not given.
        margins = [(row.key, TOTAL) for row in table.rows] if by != "currency" else []
        for position in [*margins, (TOTAL, TOTAL)]:
            table.hidden[position] = Hidden.NOT_ADDED
            if position == (TOTAL, TOTAL):
                table.total = None
            else:
                table.row_totals[position[0]] = None
    return table


def _referrals_table(queryset, *, title, filters: Filters, by: str, across: str | None) -> Table:
    return tabulate(
        queryset,
        title=str(title),
        rows=section_dimension(by, filters=filters, date_path="requested_at"),
        columns=section_dimension(across, filters=filters, date_path="requested_at"),
        unit=str(REFERRALS),
    )


def referrals_sent(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    """Referrals sent by the organisations in scope in the period: none still awaiting the manager's
    approval (those were never sent)."""
    return section_rows(Referral, scope=scope, filters=filters, date_path="requested_at__date").exclude(
        status=choices.ReferralStatus.AWAITING_APPROVAL
    )


@indicator(
    "referrals_made",
    title=pgettext_lazy("indicator", "Referrals made"),
    unit=REFERRALS,
    dimensions=REFERRAL_BREAKDOWNS,
)
def referrals_made(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Referrals made: referrals and transfers the organisations in scope sent in the period (by the date
    they were requested), to organisations in Amanat and bodies outside it; those still awaiting the
    manager's approval were not sent and are not counted."""
    return _referrals_table(
        referrals_sent(scope=scope, filters=filters),
        title=pgettext_lazy("indicator", "Referrals made"),
        filters=filters,
        by=by,
        across=across,
    )


@indicator(
    "referrals_accepted",
    title=pgettext_lazy("indicator", "Referrals accepted"),
    unit=REFERRALS,
    dimensions=REFERRAL_BREAKDOWNS,
)
def referrals_accepted(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Referrals accepted: referrals made in the period that the receiver accepted, whether the work is
    still going on (accepted) or done (completed)."""
    accepted = referrals_sent(scope=scope, filters=filters).filter(
        status__in=[choices.ReferralStatus.ACCEPTED, choices.ReferralStatus.COMPLETED]
    )
    return _referrals_table(
        accepted,
        title=pgettext_lazy("indicator", "Referrals accepted"),
        filters=filters,
        by=by,
        across=across,
    )


@indicator(
    "referrals_completed",
    title=pgettext_lazy("indicator", "Referrals completed"),
    unit=REFERRALS,
    dimensions=REFERRAL_BREAKDOWNS,
)
def referrals_completed(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Referrals completed: referrals made in the period whose outcome has been recorded (completed)."""
    completed = referrals_sent(scope=scope, filters=filters).filter(status=choices.ReferralStatus.COMPLETED)
    return _referrals_table(
        completed,
        title=pgettext_lazy("indicator", "Referrals completed"),
        filters=filters,
        by=by,
        across=across,
    )


SCORES = (
    ("economic", _("Economic")),
    ("social", _("Social")),
    ("psychosocial", _("Psychosocial")),
    ("composite", _("Composite")),
)


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.001"))


@indicator(
    "reintegration_scores",
    title=pgettext_lazy("indicator", "Reintegration scores"),
    unit=SCORE,
    dimensions=SCORE_BREAKDOWNS,
)
def reintegration_scores(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Reintegration scores: the mean economic, social, psychosocial and composite scores (0–1, the
    Reintegration Sustainability Survey) of the assessments made in the period, by the date of the
    assessment; a row's margin is its mean composite score. For readers without record-level access a
    mean of fewer assessments than the small-cell threshold is not shown."""
    if across is not None:
        raise UnknownBreakdown(gettext("Reintegration scores are broken down by their dimensions."), "across")
    assessments = section_rows(Assessment, scope=scope, filters=filters, date_path="assessed_on")
    rows = section_dimension(by, filters=filters, date_path="assessed_on")
    counted = tabulate(assessments, title="", rows=rows)
    row_keys = [category.key for category in counted.rows]
    cells, counts, column_totals, column_counts = {}, {}, {}, {}
    for field, _label in SCORES:
        scored = assessments.filter(**{f"{field}__isnull": False})
        means = tabulate(scored, title="", rows=rows, measure=Measure(field=field, kind="avg"))
        numbers = tabulate(scored, title="", rows=rows)
        for key in row_keys:
            counts[(key, field)] = numbers.value(key)
            cells[(key, field)] = _mean(means.value(key)) if numbers.value(key) else None
        column_totals[field] = _mean(scored.aggregate(mean=Avg(field))["mean"])
        column_counts[field] = numbers.value(TOTAL)
    table = Table(
        title=str(pgettext_lazy("indicator", "Reintegration scores")),
        rows=counted.rows,
        columns=[Category(field, str(label)) for field, label in SCORES],
        cells=cells,
        row_totals={key: cells[(key, "composite")] for key in row_keys},
        column_totals=column_totals,
        total=column_totals["composite"],
        rows_exclusive=counted.rows_exclusive,
        row_title=counted.row_title,
        column_title=str(_("Dimension of reintegration")),
        unit=str(SCORE),
        measure="avg",
    )
    if not scope.record_level:
        sizes = {
            **counts,
            **{(key, TOTAL): counts[(key, "composite")] for key in row_keys},
            **{(TOTAL, field): number for field, number in column_counts.items()},
            (TOTAL, TOTAL): column_counts["composite"],
        }
        hide_means_of_few(table, lambda row, column: sizes.get((row, column), 0))
    return table
