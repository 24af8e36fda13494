"""Locking the scores, unlocking, publishing the results: who may, what is refused, the results page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from awards.models import Competition, Result
from awards.services import results
from awards.tests.factories import judge_user
from awards.tests.scoring_support import (
    assign,
    entry_in,
    judging_competition,
    nomination_with_rubric,
    seat,
    submit,
)
from network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(iom_office):
    return judging_competition(iom_office)


@pytest.fixture
def chair(competition):
    return seat(competition, judge_user(), is_chair=True).judge


@pytest.fixture
def scored(competition):
    """Two Tajik entries and one Kyrgyz in a nomination, every sheet submitted."""
    nomination = nomination_with_rubric(competition)
    best = entry_in(nomination, OrganisationFactory(country="TJ", name_en="Women and Society"), code="TJ-1")
    second = entry_in(nomination, OrganisationFactory(country="TJ"), code="TJ-2")
    kyrgyz = entry_in(nomination, OrganisationFactory(country="KG"), code="KG-1")
    for entry, value in ((best, 5), (second, 3), (kyrgyz, 4)):
        submit(assign(entry), value)
    return {"best": best, "second": second, "kyrgyz": kyrgyz}


def _refresh(competition):
    # unscoped: the test reads what the service wrote.
    return Competition.unscoped.get(pk=competition.pk)


def _results(competition):
    # unscoped: the test reads what the service wrote.
    return sorted(
        Result.unscoped.filter(competition=competition).values_list(
            "country", "entry__code", "rank", "is_winner"
        )
    )


def test_results_lock_by_the_chair_writes_overall_and_country_results(competition, chair, scored):
    results.results_lock(competition=competition, by=chair)

    assert _results(competition) == [
        ("", "KG-1", 2, False),
        ("", "TJ-1", 1, True),
        ("", "TJ-2", 3, False),
        ("KG", "KG-1", 1, True),
        ("TJ", "TJ-1", 1, True),
        ("TJ", "TJ-2", 2, False),
    ]
    assert _refresh(competition).scores_locked_at is not None
    # unscoped: the test reads the audit trail the service wrote.
    assert list(AuditEntry.unscoped.values_list("action", flat=True)).count("competition.scores_locked") == 1


def test_results_lock_tied_entries_all_win(competition, coordinator):
    nomination = nomination_with_rubric(competition)
    for code in ("A", "B"):
        submit(assign(entry_in(nomination, code=code)), 4)

    results.results_lock(competition=competition, by=coordinator)

    assert _results(competition)[:2] == [("", "A", 1, True), ("", "B", 1, True)]


def test_results_lock_is_refused_while_sheets_are_missing_and_lists_them(competition, coordinator, scored):
    waiting = assign(scored["second"], judge_user(first_name="Synthetic", last_name="Judge"))

    with pytest.raises(ValidationError) as refused:
        results.results_lock(competition=competition, by=coordinator)

    assert refused.value.message_dict == {
        "scores_locked_at": [
            "The scores cannot be locked while sheets are missing. "
            "TJ-2: 1 of 2 sheets submitted: waiting for Synthetic Judge."
        ]
    }
    assert (_results(competition), _refresh(competition).scores_locked_at) == ([], None)
    assert waiting.pk


def test_results_lock_is_refused_to_a_judge_who_is_not_the_chair(competition, scored):
    judge = assign(scored["best"]).judge

    with pytest.raises(PermissionDenied):
        results.results_lock(competition=competition, by=judge)


def test_results_unlock_by_an_organiser_deletes_the_results(competition, coordinator, chair, scored):
    results.results_lock(competition=competition, by=chair)

    with pytest.raises(PermissionDenied):
        results.results_unlock(competition=competition, by=chair)  # the chair locks, only organisers unlock
    results.results_unlock(competition=competition, by=coordinator)

    assert (_results(competition), _refresh(competition).scores_locked_at) == ([], None)


def test_results_publish_needs_the_lock_and_then_cannot_be_unlocked(competition, coordinator, chair, scored):
    with pytest.raises(ValidationError) as before_lock:
        results.results_publish(competition=competition, by=chair)
    results.results_lock(competition=competition, by=chair)
    results.results_publish(competition=competition, by=chair)
    with pytest.raises(ValidationError) as unlock:
        results.results_unlock(competition=competition, by=coordinator)

    assert before_lock.value.messages == ["Lock the scores before publishing the results."]
    assert unlock.value.messages == ["The results are published: the scores can no longer be unlocked."]
    assert _refresh(competition).results_published_at is not None


# The pages ---------------------------------------------------------------------------------------------


def test_results_page_shows_missing_sheets_disagreement_and_the_buttons(client, competition, coordinator):
    nomination = nomination_with_rubric(competition)
    split = entry_in(nomination, code="SPLIT")
    submit(assign(split), 5)
    submit(assign(split), 1)
    waiting = entry_in(nomination, code="WAIT")
    submit(assign(waiting), 4)
    assign(waiting, judge_user(first_name="Late", last_name="Judge"))
    client.force_login(coordinator)

    html = client.get(reverse("awards:competition_results", args=[competition.pk])).content.decode()

    assert "WAIT" in html and "1 of 2 sheets submitted: waiting for Late Judge." in html
    assert "For discussion: judges disagree" in html and "spread 4.00" in html
    assert ">Lock scores<" in html
    assert ">Publish results<" not in html


def test_lock_then_publish_through_the_pages(client, competition, chair, scored):
    client.force_login(chair)

    locked = client.post(reverse("awards:competition_lock", args=[competition.pk]))
    page = client.get(reverse("awards:competition_results", args=[competition.pk])).content.decode()
    published = client.post(reverse("awards:competition_publish_results", args=[competition.pk]))

    assert (locked.status_code, published.status_code) == (302, 302)
    assert ">Publish results<" in page and ">Unlock scores<" not in page  # the chair does not unlock
    assert _refresh(competition).results_published_at is not None


def test_lock_refused_through_the_page_says_why(client, competition, coordinator, scored):
    assign(scored["best"])
    client.force_login(coordinator)

    response = client.post(reverse("awards:competition_lock", args=[competition.pk]), follow=True)

    assert "The scores cannot be locked while sheets are missing." in response.content.decode()
    assert _refresh(competition).scores_locked_at is None


ROLES = ["coordinator", "chair", "judge", "manager", "outsider", "analyst", "password_only"]
RESULTS_PAGE = {
    "coordinator": 200,  # an organiser
    "chair": 200,
    "judge": 403,  # a committee member, not the chair: reads the competition, not the live results
    "manager": 403,  # reads the published call
    "outsider": 404,  # a caseworker: reads no competition
    "analyst": 403,
    "password_only": 302,
}


def _client(client, role, users):
    if role == "password_only":
        client = Client()
        client.force_login(users["manager"])  # second factor not passed
        return client
    client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_results_pages_role_matrix(client, cast, competition, chair, scored, role):
    seat(competition, cast["judge"])
    users = {**cast, "chair": chair}
    client = _client(client, role, users)

    page = client.get(reverse("awards:competition_results", args=[competition.pk])).status_code
    lock = client.post(reverse("awards:competition_lock", args=[competition.pk])).status_code

    allowed = RESULTS_PAGE[role] == 200
    expected_lock = 302 if allowed or role == "password_only" else RESULTS_PAGE[role]
    assert (page, lock) == (RESULTS_PAGE[role], expected_lock)
    assert (_refresh(competition).scores_locked_at is not None) is allowed


def test_results_page_of_a_draft_competition_answers_404_outside_the_organiser(client, iom_office, manager):
    draft = judging_competition(iom_office, published_at=None)
    client.force_login(manager)

    assert client.get(reverse("awards:competition_results", args=[draft.pk])).status_code == 404


def test_results_page_queries(client, competition, coordinator, django_assert_num_queries):
    nomination = nomination_with_rubric(competition)
    submit(assign(entry_in(nomination)), 4)
    client.force_login(coordinator)
    client.get(reverse("awards:competition_results", args=[competition.pk]))

    with django_assert_num_queries(13):
        client.get(reverse("awards:competition_results", args=[competition.pk]))
    for value in (3, 5):
        submit(assign(entry_in(nomination)), value)
    with django_assert_num_queries(17):  # the conflict rule asks two queries per judge
        client.get(reverse("awards:competition_results", args=[competition.pk]))


def test_results_page_in_blind_mode_hides_the_organisations_from_the_chair(client, iom_office, coordinator):
    competition = judging_competition(iom_office, blind=True)
    chair = seat(competition, judge_user(), is_chair=True).judge
    nomination = nomination_with_rubric(competition)
    submit(assign(entry_in(nomination, OrganisationFactory(name_en="Synthetic Shelter NGO"))), 4)
    url = reverse("awards:competition_results", args=[competition.pk])

    client.force_login(chair)
    for_chair = client.get(url).content.decode()
    client.force_login(coordinator)
    for_organiser = client.get(url).content.decode()

    assert ("Synthetic Shelter NGO" in for_chair, "Synthetic Shelter NGO" in for_organiser) == (False, True)


def test_results_lock_when_normalising_names_the_winner_of_the_normalised_ranking(iom_office, coordinator):
    """The example of test_scoring_arithmetic: lenient L (A 5, B 4, C 3) and harsh H (A 1, B 1, C 4).
    Raw means put C first (3.5); the z-scores put A first (0.259 against C 0.095, B −0.354)."""
    competition = judging_competition(iom_office, normalise=True)
    nomination = nomination_with_rubric(competition)
    entries = {code: entry_in(nomination, code=code) for code in "ABC"}
    lenient, harsh = judge_user(), judge_user()
    for code, (by_lenient, by_harsh) in {"A": (5, 1), "B": (4, 1), "C": (3, 4)}.items():
        submit(assign(entries[code], lenient), by_lenient)
        submit(assign(entries[code], harsh), by_harsh)

    results.results_lock(competition=competition, by=coordinator)

    # unscoped: the test reads what the service wrote.
    overall = Result.unscoped.filter(competition=competition, country="").order_by("rank")
    assert [(r.entry.code, r.rank, str(r.mean), str(r.normalised), r.is_winner) for r in overall] == [
        ("A", 1, "3.000", "0.259", True),
        ("C", 2, "3.500", "0.095", False),
        ("B", 3, "2.500", "-0.354", False),
    ]
