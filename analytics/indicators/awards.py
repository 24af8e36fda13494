"""Award results: the entries ranked and the winners of the best-practice competitions, by nomination,
place, the entry's organisation and its country.

Counted: the published results of the entries of the organisations in scope, in the ranking across
all countries (one result per entry: ``awards.selectors.results.published_results_of``); a competition
whose results are not published counts nothing. The period is the day its results were announced.
Entries are not victims: the victim filters do not apply to them."""

from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics.dimensions import COUNTRY, ORGANISATION, Dimension, breakdown
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import Table
from analytics.tabulate import tabulate
from awards.selectors import results as result_selectors

ANNOUNCED_ON = "competition__results_on"
ENTRIES = pgettext_lazy("award results", "entries")
WINNERS = _("winners")


def _nomination_labels(keys: Iterable[str]) -> dict[str, str]:
    names = result_selectors.nomination_labels(nomination_ids=[int(key) for key in keys])
    return {str(pk): name for pk, name in names.items()}


def _place_choices() -> list[tuple[str, str]]:
    return [
        ("1", str(_("First place"))),
        ("2", str(_("Second place"))),
        ("3", str(_("Third place"))),
        ("4", str(_("Fourth place or lower"))),
    ]


NOMINATION = Dimension(
    key="nomination", label=_("Nomination"), path="nomination_id", labels=_nomination_labels
)
PLACE = Dimension(
    key="place",
    label=_("Place"),
    path="rank",
    # Tied entries share a place (1, 1, 3): each is counted in it.
    expression=lambda prefix: Case(
        When(**{f"{prefix}rank__gte": 4}, then=Value(4)),
        default=F(f"{prefix}rank"),
        output_field=IntegerField(),
    ),
    choices=_place_choices,
)
RESULT_DIMENSIONS = {
    "nomination": NOMINATION,
    "place": PLACE,
    "organisation": ORGANISATION.on("entry__"),
    "country": COUNTRY.on("entry__"),
}
RESULT_BREAKDOWNS = ("period", *RESULT_DIMENSIONS)


def _dimension(key: str | None, filters: Filters) -> Dimension | None:
    return breakdown(
        key, dimensions=RESULT_DIMENSIONS, granularity=filters.granularity, date_path=ANNOUNCED_ON
    )


def published_results(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    """The published results in scope whose competition announced them in the period."""
    results = result_selectors.published_results_of(organisation_ids=filters.organisation_ids(scope))
    return results.filter(filters.period_q(ANNOUNCED_ON))


@indicator(
    "award_entries",
    title=pgettext_lazy("indicator", "Award entries ranked"),
    unit=ENTRIES,
    dimensions=RESULT_BREAKDOWNS,
    default_by="nomination",
)
def award_entries(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Award entries ranked: the entries of the organisations in the published results of best-practice
    competitions (the ranking across all countries), by the day the results were announced. By place,
    the entry's rank in its nomination (tied entries share it). The victim filters do not apply."""
    return tabulate(
        published_results(scope=scope, filters=filters),
        title=str(pgettext_lazy("indicator", "Award entries ranked")),
        rows=_dimension(by, filters),
        columns=_dimension(across, filters),
        unit=str(ENTRIES),
    )


@indicator(
    "award_winners",
    title=pgettext_lazy("indicator", "Award winners"),
    unit=WINNERS,
    dimensions=RESULT_BREAKDOWNS,
    default_by="nomination",
)
def award_winners(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Award winners: the entries of the organisations that won their nomination (first place across
    all countries; tied first places are each a winner) in the published results, by the day the results
    were announced. The victim filters do not apply."""
    return tabulate(
        published_results(scope=scope, filters=filters).filter(is_winner=True),
        title=str(pgettext_lazy("indicator", "Award winners")),
        rows=_dimension(by, filters),
        columns=_dimension(across, filters),
        unit=str(WINNERS),
    )
