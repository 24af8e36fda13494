"""The indicators, each defined once (one function, its docstring its definition) and read by the
dashboards, the donor reports, the summary and the API alike through ``indicator_table``.

An indicator function takes the scope, the filters and the dimension(s) to break down by, and returns a
``Table`` made by the database (``analytics.tabulate``). ``indicator_table`` then applies the small-cell
protection for readers without record-level access: no pathway reads an indicator around it."""

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from analytics.filters import Filters
from analytics.scope import AnalyticsScope
from analytics.tables import Table, suppress


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    unit: str
    # The dimension keys it can be broken down by (``period`` included where it has one).
    dimensions: tuple[str, ...]
    compute: Callable[..., Table]
    # The dimension it is shown by when none is chosen.
    default_by: str = "period"

    @property
    def definition(self) -> str:
        return inspect.getdoc(self.compute) or ""


INDICATORS: dict[str, Indicator] = {}


def indicator(key: str, *, title, unit, dimensions: tuple[str, ...], default_by: str = "period"):
    """Register the decorated function as the indicator ``key``."""

    def register(compute: Callable[..., Table]) -> Callable[..., Table]:
        if key in INDICATORS:
            raise ValueError(f"Indicator {key!r} is defined twice.")
        INDICATORS[key] = Indicator(
            key=key, title=title, unit=unit, dimensions=dimensions, compute=compute, default_by=default_by
        )
        return compute

    return register


class UnknownBreakdown(ValueError):
    """An indicator asked for by a dimension it has not (the API answers 400 with the field at fault)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def indicator_table(
    key: str, *, scope: AnalyticsScope, filters: Filters, by: str | None = None, across: str | None = None
) -> Table:
    """The indicator's table for this reader: by ``by`` (and ``across``), small cells protected."""
    from django.utils.translation import gettext as _

    try:
        definition = INDICATORS[key]
    except KeyError:
        raise UnknownBreakdown(_("There is no indicator %(key)s.") % {"key": key}, "indicator") from None
    by = by or definition.default_by
    for field, dimension in (("by", by), ("across", across)):
        if dimension is not None and dimension not in definition.dimensions:
            raise UnknownBreakdown(
                _("%(indicator)s cannot be broken down by %(dimension)s.")
                % {"indicator": definition.title, "dimension": dimension},
                field,
            )
    if across == by:
        raise UnknownBreakdown(_("Choose two different breakdowns."), "across")
    table = definition.compute(scope=scope, filters=filters, by=by, across=across)
    if not scope.record_level:
        suppress(table)
    return table


# The indicators register themselves when their modules load (one line per module, add yours).
INDICATOR_MODULES = (
    "victims",
    "assistance",
    "routes",
    "root_causes",
    "hotline",
    "shelters",
    "campaigns",
    "awards",
)
for _module in INDICATOR_MODULES:
    importlib.import_module(f"analytics.indicators.{_module}")
