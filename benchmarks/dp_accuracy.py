"""Accuracy of the differentially private tables on synthetic sets (issue 13, item 4).

Generates ``exchange.synthetic.synthetic_rows(N)`` (format-A CTDC rows shaped like the demo), reads each
victim's categories of the six one-way tables the issue names (year, sex, age band, citizenship, country of
exploitation, form of exploitation) in memory, bounds them and counts them with the product's own
functions (``exchange.private_tables.counting.bounded`` and ``count_table``), and releases the six tables as
the product does by default: one release of ε = 1, one noise draw over all its figures
(``released_figures``: the ε split over the tables in proportion to their contributions). No database.

Measures the share of published one-way counts whose true value is at least 100 that fall within ±10% of
it, over ``--trials`` releases of the same counts, beside two baselines of the same run: the same at
ε = 0.1, and the analytic expectation of both (the discrete Laplace distribution's own probabilities).
Target: at least 95% at ε = 1.

Run: ``.venv/bin/python benchmarks/dp_accuracy.py --sizes 1220 10000 100000 1000000 --trials 200``"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")

import django

django.setup()

from analytics.dimensions import UNKNOWN  # noqa: E402
from exchange.ctdc.columns import MISSING  # noqa: E402
from exchange.private_tables.counting import (  # noqa: E402
    TrueTable,
    bounded,
    contributions_of,
    count_table,
    released_figures,
)
from exchange.private_tables.dimensions import OTHER, PRIVATE_DIMENSIONS  # noqa: E402
from exchange.synthetic import synthetic_rows  # noqa: E402

TABLES = [("year",), ("sex",), ("age_band",), ("citizenship",), ("exploitation_country",), ("exploitation",)]
SEXES = {"Female": "female", "Male": "male"}
FORMS = {"isForcedLabour": "ForcedLabour", "isSexualExploit": "SexualExploitation", "isOtherExploit": "Other"}
LARGE = 100
WITHIN = 0.10


def _country(code: str, known: set[str]) -> str:
    if code in (MISSING, ""):
        return UNKNOWN
    return code if code in known else OTHER


def row_categories(row: dict, countries: set[str]) -> dict[str, set[str]]:
    """A synthetic victim's categories of each table, as the database gives the product's."""
    return {
        "year": {row["yearOfRegistration"]},
        "sex": {SEXES.get(row["gender"], UNKNOWN)},
        "age_band": {UNKNOWN if row["ageBroad"] == MISSING else row["ageBroad"].replace("--", "-")},
        "citizenship": {_country(row["citizenship"], countries)},
        "exploitation_country": {_country(row["CountryOfExploitation"], countries)},
        "exploitation": {form for column, form in FORMS.items() if row[column] == "1"},
    }


def true_tables(size: int) -> list[TrueTable]:
    countries = set(PRIVATE_DIMENSIONS["citizenship"].category_keys())
    found: dict[str, dict[int, set[str]]] = {key: {} for (key,) in TABLES}
    for victim, row in enumerate(synthetic_rows(size)):
        for key, categories in row_categories(row, countries).items():
            found[key][victim] = categories
    categories = {key: bounded(PRIVATE_DIMENSIONS[key], found[key]) for key in found}
    return [count_table(spec, categories) for spec in TABLES]


def analytic_within(count: int, scale: float) -> float:
    """P(|X| ≤ ⌊10% of count⌋) for the discrete Laplace X of ``scale``."""
    ratio = math.exp(-1 / scale)
    allowed = math.floor(WITHIN * count)
    return 1 - 2 * ratio ** (allowed + 1) / (1 + ratio)


def measure(tables: list[TrueTable], *, epsilon: float, trials: int) -> dict:
    truth = [count for table in tables for _cell, count in table.cells]
    large = [index for index, count in enumerate(truth) if count >= LARGE]
    within = 0
    figures = {}
    for _trial in range(trials):
        figures = released_figures(tables, epsilon=epsilon)
        noisy = [cell["value"] for table in figures["tables"] for cell in table["cells"]]
        within += sum(abs(noisy[index] - truth[index]) <= WITHIN * truth[index] for index in large)
    expected = sum(analytic_within(truth[index], figures["scale"]) for index in large)
    return {
        "large": len(large),
        "cells": len(truth),
        "share": within / (len(large) * trials) if large else float("nan"),
        "expected": expected / len(large) if large else float("nan"),
        "error": figures["error"],
        "scale": figures["scale"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1220, 10000, 100000, 1000000])
    parser.add_argument("--trials", type=int, default=200)
    arguments = parser.parse_args()
    contributions = contributions_of(TABLES)
    print(f"six one-way tables, contributions per victim {contributions}, {arguments.trials} releases each")
    print("| victims | figures (true ≥ 100) | ε | 95% error | within ±10%, measured | analytic | counted |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in arguments.sizes:
        started = time.perf_counter()
        tables = true_tables(size)
        counted = time.perf_counter() - started
        for epsilon in (1.0, 0.1):
            result = measure(tables, epsilon=epsilon, trials=arguments.trials)
            print(
                f"| {size:,} | {result['cells']} ({result['large']}) | {epsilon:g} | ±{result['error']} "
                f"| {result['share']:.1%} | {result['expected']:.1%} | {counted:.1f} s |"
            )


if __name__ == "__main__":
    main()
