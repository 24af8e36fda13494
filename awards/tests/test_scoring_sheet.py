"""A judge scores an assigned entry: the service's refusals, the page, seeing the other judges' scores."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from awards.models import Score, ScoreSheet
from awards.services import scoring
from awards.tests.factories import ConflictDeclarationFactory, judge_user
from awards.tests.scoring_support import (
    assign,
    entry_in,
    judging_competition,
    nomination_with_rubric,
    seat,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(iom_office):
    return judging_competition(iom_office)


@pytest.fixture
def nomination(competition):
    return nomination_with_rubric(competition, weights=(3, 1))


@pytest.fixture
def entry(nomination, ngo):
    return entry_in(nomination, ngo, code="E-001", title="Safe homes for returnees")


@pytest.fixture
def assignment(entry, judge):
    return assign(entry, judge)


def _criteria(entry):
    return list(entry.nomination.criteria.all())


def _scores(entry, *values):
    return {
        criterion.pk: (value, f"on {criterion.code}")
        for criterion, value in zip(_criteria(entry), values, strict=True)
    }


def _errors(refused) -> dict:
    return {
        field: [str(message) for message in messages]
        for field, messages in refused.value.message_dict.items()
    }


def _audit_actions():
    # unscoped: the test reads the audit trail the services wrote.
    return list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True))


# The service -------------------------------------------------------------------------------------------


def test_scoresheet_save_keeps_a_draft_then_submits_with_an_audit_entry_each(assignment, judge, entry):
    first, second = _criteria(entry)

    draft = scoring.scoresheet_save(assignment=assignment, by=judge, scores={first.pk: (4, "Clear results")})
    submitted = scoring.scoresheet_save(
        assignment=assignment, by=judge, scores=_scores(entry, 4, 2), comment="Solid", submit=True
    )

    assert draft.pk == submitted.pk
    # unscoped: the test reads what the service wrote.
    assert sorted(Score.unscoped.filter(sheet=submitted).values_list("criterion_id", "value", "comment")) == [
        (first.pk, 4, "on " + first.code),
        (second.pk, 2, "on " + second.code),
    ]
    assert (submitted.comment, submitted.submitted_at is not None) == ("Solid", True)
    assert _audit_actions() == ["scoresheet.saved", "scoresheet.submitted"]


def test_scoresheet_submit_requires_every_criterion(assignment, judge, entry):
    first, second = _criteria(entry)

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores={first.pk: (4, "")}, submit=True)

    assert _errors(refused) == {
        "scores": [f"Score every criterion before submitting; not scored yet: {second.name}."]
    }
    # unscoped: nothing was saved.
    assert ScoreSheet.unscoped.count() == 0


@pytest.mark.parametrize("value", [7, 0, "four"])
def test_scoresheet_refuses_a_value_outside_the_scale(assignment, judge, entry, value):
    first, _second = _criteria(entry)

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores={first.pk: (value, "")})

    assert _errors(refused) == {
        f"scores.{first.pk}": [f"{value} is outside the scale 1–5 of criterion “{first.name}”."]
    }


def test_scoresheet_refuses_a_criterion_of_another_nomination(assignment, judge, competition):
    other = nomination_with_rubric(competition)
    foreign = other.criteria.get()

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores={foreign.pk: (3, "")})

    assert _errors(refused) == {
        "scores": [f"{foreign.pk} is not a criterion of the nomination {assignment.entry.nomination.name}."]
    }


def test_scoresheet_refuses_before_the_submission_deadline(assignment, judge, entry, competition):
    competition.submission_deadline = timezone.now() + datetime.timedelta(days=3)
    competition.save(update_fields=["submission_deadline"])

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores=_scores(entry, 4, 4))

    assert _errors(refused)["scores"][0].startswith("Judging opens when the submission deadline passes on ")


def test_scoresheet_refuses_after_the_lock_even_a_correction(assignment, judge, entry, competition):
    submit(assignment, 4, 4)
    competition.scores_locked_at = timezone.now()
    competition.save(update_fields=["scores_locked_at"])

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores=_scores(entry, 5, 5))

    assert _errors(refused)["scores"][0].startswith("The scores were locked on ")
    # unscoped: the scores are as submitted.
    assert sorted(Score.unscoped.values_list("value", flat=True)) == [4, 4]


def test_scoresheet_refuses_a_conflicted_judge_with_the_reason(
    assignment, judge, entry, competition, iom_office
):
    ConflictDeclarationFactory(
        organisation=iom_office,
        competition=competition,
        judge=judge,
        with_organisation=entry.organisation,
        reason="Advised its board in 2012",
    )

    with pytest.raises(ValidationError) as refused:
        scoring.scoresheet_save(assignment=assignment, by=judge, scores=_scores(entry, 4, 4))

    assert _errors(refused) == {
        "scores": [
            "You cannot score this entry: you are conflicted with it "
            "(declared a conflict: Advised its board in 2012)."
        ]
    }


def test_scoresheet_refuses_anyone_but_the_assigned_judge(assignment, entry, coordinator):
    other_judge = judge_user()
    seat(entry.competition, other_judge, is_chair=True)

    for user in (other_judge, coordinator):
        with pytest.raises(PermissionDenied):
            scoring.scoresheet_save(assignment=assignment, by=user, scores=_scores(entry, 4, 4))


def test_scoresheet_correction_of_a_submitted_sheet_is_audited_and_stays_submitted(assignment, judge, entry):
    sheet = submit(assignment, 4, 4)

    corrected = scoring.scoresheet_save(assignment=assignment, by=judge, scores=_scores(entry, 5, 4))

    assert (corrected.submitted_at, sorted(corrected.scores.values_list("value", flat=True))) == (
        sheet.submitted_at,
        [4, 5],
    )
    assert _audit_actions() == ["scoresheet.submitted", "scoresheet.corrected"]


# Seeing others' scores (ScoreSheet.objects.visible_to) ------------------------------------------------


def test_other_judges_scores_are_seen_only_after_submitting_ones_own_never_drafts(assignment, judge, entry):
    other = submit(assign(entry), 2, 2)
    drafting = assign(entry)
    scoring.scoresheet_save(assignment=drafting, by=drafting.judge, scores=_scores(entry, 5, None))

    before = set(ScoreSheet.objects.visible_to(judge).values_list("pk", flat=True))
    own = submit(assignment, 4, 4)
    after = set(ScoreSheet.objects.visible_to(judge).values_list("pk", flat=True))
    scores_after = set(Score.objects.visible_to(judge).values_list("sheet_id", flat=True))

    assert (before, after, scores_after) == (set(), {own.pk, other.pk}, {own.pk, other.pk})


def test_a_conflicted_judge_never_sees_the_entrys_scores(assignment, judge, entry, competition, iom_office):
    submit(assign(entry), 2, 2)
    submit(assignment, 4, 4)
    ConflictDeclarationFactory(
        organisation=iom_office, competition=competition, judge=judge, entry=entry, with_organisation=None
    )

    assert list(ScoreSheet.objects.visible_to(judge)) == []


# The page ---------------------------------------------------------------------------------------------


def _url(assignment):
    return reverse("awards:assignment_score", args=[assignment.pk])


def test_score_page_shows_the_rubric_as_radio_buttons_with_the_descriptors(client, judge, assignment):
    client.force_login(judge)

    response = client.get(_url(assignment))

    html = response.content.decode()
    first = _criteria(assignment.entry)[0]
    assert response.status_code == 200
    assert f'name="score_{first.pk}" value="5"' in html
    assert "5 — Level 5" in html
    assert ">Save draft<" in html and ">Submit scores<" in html


def test_score_page_submits_then_shows_the_other_judges_scores_and_the_spread(
    client, judge, assignment, entry
):
    first, second = _criteria(entry)
    submit(assign(entry), 2, 2, comment="Figures thin")
    client.force_login(judge)

    response = client.post(
        _url(assignment),
        {
            f"score_{first.pk}": "4",
            f"score_{second.pk}": "4",
            f"comment_{first.pk}": "Strong",
            "action": "submit",
        },
    )
    page = client.get(_url(assignment)).content.decode()

    assert response.status_code == 302
    assert "Figures thin" in page
    assert "Spread of the judges' weighted scores: 2.00" in page


def test_score_page_keeps_the_input_when_submitting_an_incomplete_sheet(client, judge, assignment, entry):
    first, _second = _criteria(entry)
    client.force_login(judge)

    response = client.post(
        _url(assignment), {f"score_{first.pk}": "3", f"comment_{first.pk}": "Kept", "action": "submit"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Score every criterion before submitting" in html
    assert f'name="score_{first.pk}" value="3" id="id_score_{first.pk}_2" checked' in html
    assert "Kept" in html


def test_score_page_of_a_conflicted_assignment_answers_404(
    client, judge, assignment, entry, competition, iom_office
):
    ConflictDeclarationFactory(
        organisation=iom_office, competition=competition, judge=judge, with_organisation=entry.organisation
    )
    client.force_login(judge)

    assert client.get(_url(assignment)).status_code == 404


ROLES = ["judge", "other_judge", "chair", "coordinator", "manager", "outsider", "password_only"]
EXPECTED = {
    "judge": 200,  # the assigned judge
    "other_judge": 404,  # another judge of the committee: not their assignment
    "chair": 403,  # reads the assignment, does not score it
    "coordinator": 403,  # the organiser: the same
    "manager": 404,  # the entry's NGO manager
    "outsider": 404,
    "password_only": 302,  # the NGO manager, second factor not passed
}


@pytest.mark.parametrize("role", ROLES)
def test_score_page_role_matrix(client, cast, assignment, entry, role):
    users = {
        **cast,
        "other_judge": assign(entry_in(entry.nomination)).judge,
        "chair": seat(entry.competition, judge_user(), is_chair=True).judge,
    }
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(users[role])

    get = client.get(_url(assignment))
    post = client.post(_url(assignment), {"action": "submit"})

    assert (get.status_code, post.status_code) == (
        EXPECTED[role],
        302 if role == "password_only" else EXPECTED[role],
    )
    # unscoped: nobody but the judge wrote a sheet.
    assert ScoreSheet.unscoped.count() == 0


def test_score_page_queries(client, judge, assignment, entry, django_assert_num_queries):
    submit(assignment, 4, 4)
    submit(assign(entry), 3, 3)
    client.force_login(judge)
    client.get(_url(assignment))  # warm the session

    with django_assert_num_queries(17):
        client.get(_url(assignment))
    submit(assign(entry), 2, 2)
    submit(assign(entry), 5, 5)
    with django_assert_num_queries(17):
        client.get(_url(assignment))


def test_the_chair_reads_submitted_sheets_never_drafts_nor_an_entry_they_still_judge(entry, competition):
    chair = seat(competition, judge_user(), is_chair=True).judge
    submitted = submit(assign(entry), 3, 3)
    drafting = assign(entry)
    scoring.scoresheet_save(assignment=drafting, by=drafting.judge, scores=_scores(entry, 4, None))
    judged_by_chair = entry_in(entry.nomination)
    other_sheet = submit(assign(judged_by_chair), 5, 5)
    assign(judged_by_chair, chair)  # the chair's own sheet of it is not submitted yet

    visible = set(ScoreSheet.objects.visible_to(chair).values_list("pk", flat=True))

    assert visible == {submitted.pk}
    assert other_sheet.pk not in visible
