"""The arithmetic of fair results (awards/results.py), on examples computed by hand."""

import math

import pytest

from awards import results


def test_sheet_score_is_the_weighted_mean_of_the_criteria():
    # weights 3, 2, 1; scores 5, 2, 4: (3·5 + 2·2 + 1·4) / (3 + 2 + 1) = 23 / 6 = 3.8333…
    score = results.sheet_score(
        {"impact": 5, "evidence": 2, "rights": 4}, {"impact": 3, "evidence": 2, "rights": 1}
    )

    assert score == pytest.approx(23 / 6)


def test_z_scores_make_a_lenient_and_a_harsh_judge_weigh_alike():
    """Two judges score the same three entries A, B, C (one criterion, scale 1–5).

    Lenient judge L: A 5, B 4, C 3   μ_L = 4,  σ_L² = (1 + 0 + 1) / 3 = 2/3,  σ_L = 0.8165
        z: A = +1/0.8165 = +1.2247,  B = 0,  C = −1.2247
    Harsh judge H:   A 1, B 1, C 4   μ_H = 2,  σ_H² = (1 + 1 + 4) / 3 = 2,    σ_H = 1.4142
        z: A = −1/1.4142 = −0.7071,  B = −0.7071,  C = +2/1.4142 = +1.4142

    Raw weighted means: A (5+1)/2 = 3.0, B (4+1)/2 = 2.5, C (3+4)/2 = 3.5   → C, A, B
    Normalised (mean z): A (1.2247 − 0.7071)/2 = 0.2588, B (0 − 0.7071)/2 = −0.3536,
                         C (−1.2247 + 1.4142)/2 = 0.0947                        → A, C, B
    H's wide spread decides the raw ranking; normalised, each judge's order counts alike."""
    scores = {("L", "A"): 5, ("L", "B"): 4, ("L", "C"): 3, ("H", "A"): 1, ("H", "B"): 1, ("H", "C"): 4}

    z = results.z_scores(scores)
    normalised = {entry: results.mean(z[(judge, entry)] for judge in "LH") for entry in "ABC"}
    raw = {entry: results.mean(scores[(judge, entry)] for judge in "LH") for entry in "ABC"}

    assert {key: round(value, 4) for key, value in z.items()} == {
        ("L", "A"): 1.2247,
        ("L", "B"): 0.0,
        ("L", "C"): -1.2247,
        ("H", "A"): -0.7071,
        ("H", "B"): -0.7071,
        ("H", "C"): 1.4142,
    }
    assert {entry: round(value, 4) for entry, value in normalised.items()} == {
        "A": 0.2588,
        "B": -0.3536,
        "C": 0.0947,
    }
    assert [item.entry for item in results.rank([results.Ranked(e, raw[e]) for e in "ABC"])] == [
        "C",
        "A",
        "B",
    ]
    assert [item.entry for item in results.rank([results.Ranked(e, normalised[e]) for e in "ABC"])] == [
        "A",
        "C",
        "B",
    ]


def test_z_scores_of_a_judge_with_one_entry_or_no_spread_are_zero():
    scores = {("one", "A"): 5, ("flat", "A"): 3, ("flat", "B"): 3, ("flat", "C"): 3}

    assert results.z_scores(scores) == {
        ("one", "A"): 0.0,
        ("flat", "A"): 0.0,
        ("flat", "B"): 0.0,
        ("flat", "C"): 0.0,
    }


def test_z_scores_use_the_population_standard_deviation():
    # 2 and 4: μ = 3, population σ = 1 (the sample σ would be √2): z = −1, +1.
    assert results.z_scores({("j", "A"): 2, ("j", "B"): 4}) == {("j", "A"): -1.0, ("j", "B"): 1.0}


def test_rank_breaks_a_tie_by_the_heaviest_criterion_then_the_next():
    # All three at 3.50 (equal to two decimals: 3.501 and 3.499 too); the heaviest criterion's mean
    # separates B (4.0) from A and C (3.0); the next criterion separates C (3.5) from A (2.0).
    items = [
        results.Ranked("A", 3.501, [3.0, 2.0]),
        results.Ranked("B", 3.499, [4.0, 1.0]),
        results.Ranked("C", 3.5, [3.0, 3.5]),
        results.Ranked("D", 2.0, [5.0, 5.0]),
    ]

    ranked = results.rank(items)

    assert [(item.entry, item.rank) for item in ranked] == [("B", 1), ("C", 2), ("A", 3), ("D", 4)]


def test_rank_entries_still_equal_share_the_rank_and_the_next_skips():
    items = [
        results.Ranked("A", 4.0, [4.0]),
        results.Ranked("B", 4.0, [4.0]),
        results.Ranked("C", 3.0, [3.0]),
    ]

    assert [(item.entry, item.rank) for item in results.rank(items)] == [("A", 1), ("B", 1), ("C", 3)]


def test_rank_differences_beyond_two_decimals_do_not_separate_entries_without_a_tie_breaker():
    ranked = results.rank([results.Ranked("A", 3.004), results.Ranked("B", 3.001)])

    assert [item.rank for item in ranked] == [1, 1]


def test_criteria_by_weight_heaviest_first_equal_weights_in_rubric_order():
    assert results.criteria_by_weight([("a", 1), ("b", 3), ("c", 2), ("d", 3)]) == ["b", "d", "c", "a"]


@pytest.mark.parametrize(
    ("scores", "threshold", "flagged"),
    [
        # Scale 1–5: range 4; 30 % of it is 1.2.
        ([4.0, 2.0], 30, True),  # spread 2.0 > 1.2
        ([4.0, 3.0], 30, False),  # spread 1.0
        ([4.0, 2.8], 30, False),  # spread 1.2 is not above 1.2
        ([4.0, 2.0], 60, False),  # 60 % is 2.4
    ],
)
def test_spread_is_flagged_above_the_threshold_share_of_the_scale(scores, threshold, flagged):
    spread = results.spread(scores)

    assert results.is_flagged(spread, scale_min=1, scale_max=5, threshold_percent=threshold) is flagged


def test_mean_and_spread_of_nothing_are_none_not_zero():
    assert (results.mean([]), results.spread([])) == (None, None)
    assert results.is_flagged(None, scale_min=1, scale_max=5, threshold_percent=30) is False
    assert math.isclose(results.mean([1, 2]), 1.5)
