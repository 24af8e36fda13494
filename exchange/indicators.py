"""The global CTDC victims as an indicator (``global_victims``), counted by the same dimensions as the
network's victims (the same keys, categories and labels) over ``GlobalVictim``'s own fields, so that the
network's profile and the global one are read side by side. Registered when the app is ready
(``exchange.apps``); the network's indicators never count these rows."""

from dataclasses import replace

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics import dimensions
from analytics.dimensions import Dimension
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import Table
from analytics.tabulate import tabulate
from exchange.models.reference import GlobalVictim
from exchange.reference_data import reference_dataset_current

GLOBAL_VICTIMS = _("victims")


def _on_global(dimension: Dimension, field: str, *, items: bool = False) -> Dimension:
    """The victims' ``dimension`` (its key, label and categories) over GlobalVictim's ``field``: a stored
    value grouped, or with ``items`` a JSON list whose items are counted one condition each."""
    condition = (lambda prefix, code: Q(**{f"{prefix}{field}__has_item": code})) if items else None
    return replace(dimension, path=field, condition=condition, expression=None, relations=None)


# The victims' dimensions (analytics.dimensions.CASE_DIMENSIONS) of the same keys, on GlobalVictim.
GLOBAL_DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        _on_global(dimensions.SEX, "sex"),
        _on_global(dimensions.AGE_BAND, "age_band"),
        _on_global(dimensions.CITIZENSHIP, "citizenship"),
        _on_global(dimensions.EXPLOITATION, "exploitation_types", items=True),
        _on_global(dimensions.LABOUR_SECTOR, "labour_sectors", items=True),
        # One country of exploitation per record: each record in one category, as CTDC counts them.
        replace(_on_global(dimensions.EXPLOITATION_COUNTRY, "exploitation_country"), exclusive=True),
    )
}
# The dataset records a year of registration only: its period is the year, whatever the granularity.
GLOBAL_PERIOD = Dimension(
    key="year", label=_("Year"), path="year", expression=lambda prefix: F("year"), sorted_by_key=True
)
GLOBAL_BREAKDOWNS = ("period", *GLOBAL_DIMENSIONS)


def global_dimension(key: str | None) -> Dimension | None:
    if key is None:
        return None
    return GLOBAL_PERIOD if key == "period" else GLOBAL_DIMENSIONS[key]


def global_victims_of(*, filters: Filters) -> QuerySet:
    """The records of the current reference dataset in the period's years, of the chosen victims."""
    dataset = reference_dataset_current()
    if dataset is None:
        return GlobalVictim.objects.none()
    victims = GlobalVictim.objects.filter(dataset=dataset)
    if filters.date_from:
        victims = victims.filter(year__gte=filters.date_from.year)
    if filters.date_to:
        victims = victims.filter(year__lte=filters.date_to.year)
    for key, code in (
        ("sex", filters.sex),
        ("age_band", filters.age_band),
        ("exploitation", filters.exploitation),
    ):
        if code:
            victims = victims.filter(GLOBAL_DIMENSIONS[key].filter_q(code))
    return victims


def global_victims_table(queryset: QuerySet, *, by: str, across: str | None = None) -> Table:
    return tabulate(
        queryset,
        title=str(pgettext_lazy("indicator", "Victims in the global CTDC dataset")),
        rows=global_dimension(by),
        columns=global_dimension(across),
        unit=str(GLOBAL_VICTIMS),
    )


@indicator(
    "global_victims",
    title=pgettext_lazy("indicator", "Victims in the global CTDC dataset"),
    unit=GLOBAL_VICTIMS,
    dimensions=GLOBAL_BREAKDOWNS,
)
def global_victims(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Victims in the global CTDC dataset: the records of the reference dataset imported last (CTDC's
    Counter-Trafficking Data Collaborative, not the network's cases), by their year of registration; the
    same for every reader. The filters of period (by year), sex, age band and form of exploitation apply;
    those of country, organisation and programme do not."""
    return global_victims_table(global_victims_of(filters=filters), by=by, across=across)
