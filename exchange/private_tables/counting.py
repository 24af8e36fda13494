"""The true counts behind a private release, and the release's figures made from them with noise.

A release is one or more tables, each by one dimension or by two crossed (``PRIVATE_DIMENSIONS``). The
counted victims are those of the victims indicators (``analytics.indicators.victims.registered_cases``) in
the whole network. Each victim's categories are read from the database and bounded (``bounded``); the
tables are counted from them in memory (``count_table``), so the benchmark, which reads synthetic rows
instead of the database, counts and adds noise through the very same functions. The true counts never
leave this module but with noise."""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from analytics.filters import Filters
from analytics.indicators.victims import registered_cases
from analytics.scope import public_scope
from exchange.private_tables.dimensions import PRIVATE_DIMENSIONS, PrivateDimension
from exchange.private_tables.noise import CONFIDENCE, noisy_counts

TableSpec = tuple[str, ...]
# Each victim's categories of one dimension: {victim: [category, …]} (bounded, in the list's order).
Categories = dict[int, list[str]]


@dataclass(frozen=True)
class TrueTable:
    dimensions: TableSpec
    # (category keys, true count) of every public cell, in order.
    cells: list[tuple[tuple[str, ...], int]]


def contributions_of(tables: Iterable[TableSpec]) -> int:
    """The most figures of a release one victim can be in: per table, the product of its dimensions'
    bounds (one cell per category pair), summed over the tables."""
    return sum(math.prod(PRIVATE_DIMENSIONS[key].bound for key in spec) for spec in tables)


def bounded(dimension: PrivateDimension, found: dict[int, set[str]]) -> Categories:
    """Each victim's public categories, the first ``dimension.bound`` of them in the list's order."""
    order = {key: index for index, key in enumerate(dimension.category_keys())}
    return {
        victim: sorted(keys, key=order.__getitem__)[: dimension.bound]
        for victim, keys in found.items()
        if keys
    }


def victim_categories(queryset, dimension: PrivateDimension) -> Categories:
    """{case id: its bounded public categories} of the cases of ``queryset`` (one query per category of a
    dimension by conditions, one query of a grouped one)."""
    source = dimension.source
    keys = dimension.category_keys()
    found: dict[int, set[str]] = {}
    if source.by_conditions:
        for key in keys:
            for victim in queryset.filter(source.condition_of(key)).values_list("pk", flat=True):
                found.setdefault(victim, set()).add(key)
        return bounded(dimension, found)
    known = set(keys)
    rows = source.prepare(queryset).values("pk", _category=source.group_expression()).order_by()
    for row in rows:
        key = dimension.public_key(source.category_key(row["_category"]), known)
        if key is not None:
            found.setdefault(row["pk"], set()).add(key)
    return bounded(dimension, found)


def count_table(spec: TableSpec, categories: dict[str, Categories]) -> TrueTable:
    """The true count of every public cell of the table ``spec`` from each victim's bounded categories:
    a victim in the categories A of the rows and B of the columns is in every cell of A × B."""
    per_dimension = [categories[key] for key in spec]
    victims = set(per_dimension[0]).intersection(*per_dimension[1:])
    counted = Counter(
        cell for victim in victims for cell in product(*(dimension[victim] for dimension in per_dimension))
    )
    cells = product(*(PRIVATE_DIMENSIONS[key].category_keys() for key in spec))
    return TrueTable(spec, [(cell, counted.get(cell, 0)) for cell in cells])


def network_tables(tables: list[TableSpec]) -> list[TrueTable]:
    """The true tables of the network's counted victims (all registrations, all organisations)."""
    queryset = registered_cases(scope=public_scope(), filters=Filters())
    keys = {key for spec in tables for key in spec}
    categories = {key: victim_categories(queryset, PRIVATE_DIMENSIONS[key]) for key in sorted(keys)}
    return [count_table(spec, categories) for spec in tables]


def released_figures(true_tables: list[TrueTable], *, epsilon: float, delta: float = 0.0) -> dict:
    """The release: every cell's noisy value and expected error, one noise draw over all the tables (the
    ε split over them in proportion to their contributions, so every figure has the same error); the
    mechanism and its parameters beside. No true count is in it."""
    contributions = contributions_of(table.dimensions for table in true_tables)
    truth = [count for table in true_tables for _cell, count in table.cells]
    noisy, noise = noisy_counts(truth, contributions=contributions, epsilon=epsilon, delta=delta)
    drawn = iter(noisy)
    return {
        "mechanism": noise.mechanism,
        "scale": noise.scale,
        "error": noise.error,
        "confidence": CONFIDENCE,
        "contributions": contributions,
        "tables": [
            {
                "dimensions": list(table.dimensions),
                "cells": [
                    {"keys": list(cell), "value": next(drawn), "error": noise.error}
                    for cell, _count in table.cells
                ],
            }
            for table in true_tables
        ],
    }
