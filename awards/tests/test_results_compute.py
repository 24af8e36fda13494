"""Computing a competition's results from the submitted sheets that count (awards.services.results)."""

import pytest

from awards.services import results
from awards.tests.factories import ConflictDeclarationFactory, judge_user
from awards.tests.scoring_support import assign, entry_in, judging_competition, nomination_with_rubric, submit
from network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _rows(ranking):
    return [
        (row.entry.code, row.rank, None if row.mean is None else round(row.mean, 4)) for row in ranking.rows
    ]


def _two_judges_three_entries(iom_office, normalise):
    """The hand-computed example of test_scoring_arithmetic: lenient L (A 5, B 4, C 3) and harsh H
    (A 1, B 1, C 4). Raw means C 3.5, A 3.0, B 2.5; normalised A 0.2588, C 0.0947, B −0.3536."""
    competition = judging_competition(iom_office, normalise=normalise)
    nomination = nomination_with_rubric(competition)
    entries = {code: entry_in(nomination, code=code) for code in "ABC"}
    lenient, harsh = judge_user(), judge_user()
    for code, (by_lenient, by_harsh) in {"A": (5, 1), "B": (4, 1), "C": (3, 4)}.items():
        submit(assign(entries[code], lenient), by_lenient)
        submit(assign(entries[code], harsh), by_harsh)
    return competition


def test_results_rank_by_weighted_mean_without_normalising(iom_office):
    competition = _two_judges_three_entries(iom_office, normalise=False)

    table = results.results_compute(competition=competition)

    assert _rows(table.nominations[0].overall) == [("C", 1, 3.5), ("A", 2, 3.0), ("B", 3, 2.5)]


def test_results_rank_by_normalised_score_when_normalising(iom_office):
    competition = _two_judges_three_entries(iom_office, normalise=True)

    table = results.results_compute(competition=competition)

    overall = table.nominations[0].overall
    assert [(row.entry.code, row.rank, round(row.normalised, 4)) for row in overall.rows] == [
        ("A", 1, 0.2588),
        ("C", 2, 0.0947),
        ("B", 3, -0.3536),
    ]
    # The weighted mean is still shown beside the normalised score.
    assert [round(row.mean, 2) for row in overall.rows] == [3.0, 3.5, 2.5]


def test_results_weigh_the_criteria_of_each_sheet(iom_office):
    competition = judging_competition(iom_office)
    nomination = nomination_with_rubric(competition, weights=(3, 1))
    entry = entry_in(nomination)
    # (3·5 + 1·1) / 4 = 4.0 and (3·3 + 1·5) / 4 = 3.5: mean 3.75
    submit(assign(entry), 5, 1)
    submit(assign(entry), 3, 5)

    row = results.results_compute(competition=competition).rows[0]

    assert (row.mean, row.sheets, row.spread) == (3.75, 2, 0.5)


def test_results_tie_is_broken_by_the_heaviest_criterion(iom_office):
    competition = judging_competition(iom_office)
    nomination = nomination_with_rubric(competition, weights=(1, 2))  # the second criterion weighs most
    first, second, third = (entry_in(nomination, code=code) for code in ("E-1", "E-2", "E-3"))
    # Each sheet scores 11/3 = 3.67; E-2 is higher on the heavy criterion (4 against 3.5 and 3.5).
    submit(assign(first), 5, 3)
    submit(assign(first), 2, 4)  # heavy mean (3 + 4) / 2 = 3.5, sheet means (11/3, 10/3)
    submit(assign(second), 3, 4)
    submit(assign(second), 3, 4)  # heavy mean 4
    submit(assign(third), 2, 4)
    submit(assign(third), 5, 3)  # the same as the first entry: a shared rank

    overall = results.results_compute(competition=competition).nominations[0].overall

    assert [(row.entry.code, row.rank) for row in overall.rows] == [("E-2", 1), ("E-1", 2), ("E-3", 2)]


def test_results_say_which_sheets_are_missing_instead_of_a_mean(iom_office):
    competition = judging_competition(iom_office)
    nomination = nomination_with_rubric(competition)
    entry = entry_in(nomination, code="E-7")
    submit(assign(entry), 4)
    submit(assign(entry), 5)
    assign(entry, judge_user(first_name="Synthetic", last_name="Judge"))

    row = results.results_compute(competition=competition).rows[0]

    assert (row.mean, row.rank, row.complete) == (None, None, False)
    assert row.missing == "2 of 3 sheets submitted: waiting for Synthetic Judge."


def test_results_leave_out_the_sheets_of_a_judge_now_conflicted(iom_office):
    competition = judging_competition(iom_office)
    nomination = nomination_with_rubric(competition)
    entry = entry_in(nomination)
    submit(assign(entry), 2)
    late_conflict = assign(entry)
    submit(late_conflict, 5)
    ConflictDeclarationFactory(
        organisation=iom_office,
        competition=competition,
        judge=late_conflict.judge,
        with_organisation=entry.organisation,
    )

    row = results.results_compute(competition=competition).rows[0]

    assert (row.mean, row.sheets, row.left_out, row.complete) == (2.0, 1, 1, True)


def test_results_rank_within_each_country_too(iom_office):
    competition = judging_competition(iom_office)
    nomination = nomination_with_rubric(competition)
    tajik = entry_in(nomination, OrganisationFactory(country="TJ"), code="TJ-1")
    kyrgyz_high = entry_in(nomination, OrganisationFactory(country="KG"), code="KG-1")
    kyrgyz_low = entry_in(nomination, OrganisationFactory(country="KG"), code="KG-2")
    submit(assign(tajik), 3)
    submit(assign(kyrgyz_high), 5)
    submit(assign(kyrgyz_low), 4)

    countries = results.results_compute(competition=competition).nominations[0].countries

    assert [(ranking.country, _rows(ranking)) for ranking in countries] == [
        ("KG", [("KG-1", 1, 5.0), ("KG-2", 2, 4.0)]),
        ("TJ", [("TJ-1", 1, 3.0)]),
    ]


def test_results_flag_entries_whose_judges_disagree(iom_office):
    competition = judging_competition(iom_office, spread_threshold_percent=30)
    nomination = nomination_with_rubric(competition)  # scale 1–5: flagged above a spread of 1.2
    split, close = entry_in(nomination, code="SPLIT"), entry_in(nomination, code="CLOSE")
    submit(assign(split), 5)
    submit(assign(split), 2)
    submit(assign(close), 4)
    submit(assign(close), 3)

    table = results.results_compute(competition=competition)

    assert [(row.entry.code, row.spread) for row in table.flagged] == [("SPLIT", 3.0)]
