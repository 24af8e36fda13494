"""What a private table can be broken down by: the indicators' dimensions of a victim
(``analytics.dimensions.CASE_DIMENSIONS``) and the year of registration, each with a public list of
categories and a bound on the categories one victim counts in.

Public categories: which cells a table has must not depend on the data, or the appearance of a cell would
tell that somebody is in it. So every category of the list is released, empty ones included, with noise.
Fixed vocabularies (sex, age bands, forms of exploitation, labour sectors, border) are their choices. For
countries, which are found values, the list is the five Central Asian republics (the network's countries)
and the usual destinations of their citizens (``network.countries``), every other country falling into
"other countries"; the years are every year from ``AMANAT_DP_FIRST_YEAR`` to the current one.

Contributions: a victim is in one category of an exclusive dimension. Of a multi-valued one (forms of
exploitation, labour sectors, countries of exploitation) a victim holds several; each victim is counted in
at most ``bound`` of them, the first ones in the list's order, so that one victim moves at most ``bound``
figures of the table. The rare victims beyond the bound are under-counted in their later categories (the
bias is documented in docs/exchange.md); the noise needed otherwise would be that of every category."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics import dimensions as analytics_dimensions
from analytics.dimensions import CASE_DIMENSIONS, NOT_RECORDED, UNKNOWN, Dimension, period
from network.countries import CENTRAL_ASIA, USUAL_DESTINATIONS, country_name

OTHER = "other"
OTHER_COUNTRIES = pgettext_lazy("private table", "Other countries")
YEAR = "year"


@dataclass(frozen=True)
class PrivateDimension:
    key: str
    label: object
    # How the database gives each victim's categories.
    source: Dimension
    # (key, label) of every public category, in order.
    categories: Callable[[], list[tuple[str, str]]]
    # A victim counts in at most this many categories.
    bound: int = 1
    # Values outside the list count in OTHER (found values) or are not counted (fixed vocabularies).
    folds_others: bool = False

    def category_keys(self) -> list[str]:
        return [key for key, _label in self.categories()]

    def public_key(self, value: str, known: set[str]) -> str | None:
        """The public category of a found value (None: not counted)."""
        if value in known:
            return value
        if self.folds_others and value != UNKNOWN:
            return OTHER
        return None

    def labels(self) -> dict[str, str]:
        return {key: str(label) for key, label in self.categories()}


def _with_not_recorded(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    codes = {code for code, _label in choices}
    return choices if UNKNOWN in codes else [*choices, (UNKNOWN, str(NOT_RECORDED))]


def _fixed(dimension: Dimension, *, not_recorded: bool = True) -> Callable[[], list[tuple[str, str]]]:
    def categories() -> list[tuple[str, str]]:
        choices = [(str(code), str(label)) for code, label in dimension.choices()]
        return _with_not_recorded(choices) if not_recorded else choices

    return categories


def _countries() -> list[tuple[str, str]]:
    listed = [(code, country_name(code)) for code in (*CENTRAL_ASIA, *USUAL_DESTINATIONS)]
    return [*listed, (OTHER, str(OTHER_COUNTRIES)), (UNKNOWN, str(NOT_RECORDED))]


def public_years() -> list[str]:
    return [str(year) for year in range(settings.AMANAT_DP_FIRST_YEAR, datetime.date.today().year + 1)]


def _years() -> list[tuple[str, str]]:
    return [(year, year) for year in public_years()]


def _dimension(key: str, **fields) -> PrivateDimension:
    source = CASE_DIMENSIONS[key]
    return PrivateDimension(key=key, label=source.label, source=source, **fields)


PRIVATE_DIMENSIONS: dict[str, PrivateDimension] = {
    dimension.key: dimension
    for dimension in (
        PrivateDimension(
            key=YEAR,
            label=_("Year of registration"),
            source=period("year", "registered_on"),
            categories=_years,
        ),
        _dimension("sex", categories=_fixed(analytics_dimensions.SEX)),
        _dimension("age_band", categories=_fixed(analytics_dimensions.AGE_BAND)),
        _dimension("citizenship", categories=_countries, folds_others=True),
        # Sexual and labour exploitation together is common; three forms or more rare.
        _dimension(
            "exploitation", categories=_fixed(analytics_dimensions.EXPLOITATION, not_recorded=False), bound=2
        ),
        _dimension(
            "labour_sector",
            categories=_fixed(analytics_dimensions.LABOUR_SECTOR, not_recorded=False),
            bound=2,
        ),
        _dimension("border", categories=_fixed(analytics_dimensions.BORDER)),
        _dimension("exploitation_country", categories=_countries, bound=2, folds_others=True),
    )
}


def dimension_choices() -> list[tuple[str, str]]:
    return [(key, str(dimension.label)) for key, dimension in PRIVATE_DIMENSIONS.items()]
