"""The arithmetic of fair results: pure functions of numbers, no database.

Notation: judge *j* scores entry *e* on the criteria *i* of the entry's nomination, each with weight *wᵢ*
and a value *sᵢ* on the nomination's scale.

- **An entry's score by one judge** (one submitted sheet): ``S(j, e) = Σ wᵢ·sᵢ / Σ wᵢ``, a number on the
  nomination's scale (``sheet_score``).
- **Its weighted mean**: ``M(e) = mean of S(j, e) over the judges j whose sheets count`` (``mean``).
- **Per-judge normalisation** (a competition's ``normalise``): judge *j* scored the entries ``E(j)`` of the
  competition (every nomination); ``μⱼ`` and ``σⱼ`` are the mean and the *population* standard deviation of
  ``S(j, e)`` over ``E(j)``; ``z(j, e) = (S(j, e) − μⱼ) / σⱼ``. A judge who scored one entry only, or gave
  every entry the same score (``σⱼ = 0``), says nothing about how entries compare: their ``z`` is 0 for
  each entry, so they neither lift nor sink one (``z_scores``). **An entry's normalised score** is the
  mean of its judges' ``z`` (``mean``). A lenient judge (high ``μ``) and a harsh one (low ``μ``) then weigh
  alike: only where a judge places an entry among the ones *they* scored counts.
- **Ranking** (``rank``): by the normalised score when normalising, else by the weighted mean, highest
  first. Two entries are tied when their keys are equal to two decimal places; the tie is broken by the
  stated rule (``choices.TIE_RULE``): the mean score on the nomination's most heavily weighted criterion,
  then on the next, and so on (criteria of equal weight in the rubric's order), each compared to two
  decimal places. Entries still equal share the rank, and the next rank skips (1, 1, 3).
- **Spread** (``spread``): ``max − min of S(j, e)`` over the entry's judges; the entry is flagged for
  discussion when the spread exceeds ``threshold %`` of the scale's range ``max − min`` (``is_flagged``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = float | int | Decimal


def sheet_score(values: Mapping[Hashable, Number], weights: Mapping[Hashable, Number]) -> float:
    """``Σ wᵢ·sᵢ / Σ wᵢ`` over the criteria of ``weights`` (every one must be scored)."""
    total_weight = sum(float(weight) for weight in weights.values())
    if total_weight <= 0:
        raise ValueError("criteria weights must add up to more than 0")
    return sum(float(weights[criterion]) * float(values[criterion]) for criterion in weights) / total_weight


def mean(values: Iterable[Number]) -> float | None:
    """The arithmetic mean; None for no values (never a 0 that reads like a score)."""
    values = [float(value) for value in values]
    return sum(values) / len(values) if values else None


def z_scores(scores: Mapping[tuple[Hashable, Hashable], float]) -> dict[tuple[Hashable, Hashable], float]:
    """``{(judge, entry): S}`` → ``{(judge, entry): z}``, each judge standardised over their own entries
    (population standard deviation; ``z = 0`` for a judge with one entry or zero spread)."""
    by_judge: dict[Hashable, list[float]] = defaultdict(list)
    for (judge, _entry), score in scores.items():
        by_judge[judge].append(float(score))
    moments = {}
    for judge, values in by_judge.items():
        mu = sum(values) / len(values)
        sigma = math.sqrt(sum((value - mu) ** 2 for value in values) / len(values))
        moments[judge] = (mu, sigma)
    result = {}
    for (judge, entry), score in scores.items():
        mu, sigma = moments[judge]
        result[(judge, entry)] = 0.0 if len(by_judge[judge]) < 2 or sigma < 1e-12 else (score - mu) / sigma
    return result


def spread(values: Iterable[Number]) -> float | None:
    """``max − min`` of the judges' scores of one entry; None without scores."""
    values = [float(value) for value in values]
    return max(values) - min(values) if values else None


def is_flagged(
    spread_value: float | None, *, scale_min: int, scale_max: int, threshold_percent: Number
) -> bool:
    """Does the judges' disagreement exceed ``threshold_percent`` % of the scale's range?"""
    if spread_value is None:
        return False
    return spread_value > (scale_max - scale_min) * float(threshold_percent) / 100 + 1e-9


@dataclass
class Ranked:
    """One entry to rank: its key (normalised score or weighted mean) and its mean per criterion, the
    criteria listed most heavily weighted first (the tie rule's order)."""

    entry: Hashable
    key: float
    tie_breakers: Sequence[float] = field(default_factory=list)
    rank: int | None = None


def _two_decimals(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"))


def rank(items: Sequence[Ranked]) -> list[Ranked]:
    """Rank highest first; ties to two decimals broken by ``tie_breakers`` in turn, still equal → shared
    rank (the next skips). Sets ``rank`` on each item and returns them in rank order."""

    def sort_key(item: Ranked):
        return (_two_decimals(item.key), *(_two_decimals(value) for value in item.tie_breakers))

    ordered = sorted(items, key=sort_key, reverse=True)
    previous = None
    for position, item in enumerate(ordered, start=1):
        current = sort_key(item)
        item.rank = previous.rank if previous is not None and sort_key(previous) == current else position
        previous = item
    return ordered


def criteria_by_weight(criteria: Iterable[tuple[Hashable, Number]]) -> list[Hashable]:
    """Criterion ids in the tie rule's order: heaviest first, equal weights in the given (rubric) order."""
    listed = list(criteria)
    return [
        criterion
        for _, _, criterion in sorted(
            (-float(weight), index, criterion) for index, (criterion, weight) in enumerate(listed)
        )
    ]
