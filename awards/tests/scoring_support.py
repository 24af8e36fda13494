"""Arranging a competition in judging for the scoring, results and winners tests (synthetic data)."""

import datetime

from django.utils import timezone

from awards.models import CommitteeMember
from awards.services import scoring
from awards.tests.factories import (
    AssignmentFactory,
    CommitteeMemberFactory,
    CompetitionFactory,
    CriterionFactory,
    EntryFactory,
    NominationFactory,
    judge_user,
)
from network.tests.factories import OrganisationFactory


def judging_competition(organiser, **fields):
    """A published competition whose submission deadline passed yesterday: judging is open."""
    now = timezone.now()
    defaults = {
        "published_at": now - datetime.timedelta(days=40),
        "submission_deadline": now - datetime.timedelta(days=1),
    }
    return CompetitionFactory(organisation=organiser, **{**defaults, **fields})


def nomination_with_rubric(competition, weights=(1,), scale=(1, 5), **fields):
    """A nomination with one criterion per weight, in that order."""
    nomination = NominationFactory(
        organisation=competition.organisation,
        competition=competition,
        scale_min=scale[0],
        scale_max=scale[1],
        **fields,
    )
    for order, weight in enumerate(weights):
        CriterionFactory(
            nomination=nomination,
            order=order,
            weight=weight,
            descriptors=[
                {"en": f"Level {level}", "ru": f"Уровень {level}"} for level in range(scale[0], scale[1] + 1)
            ],
        )
    return nomination


def entry_in(nomination, organisation=None, **fields):
    return EntryFactory(
        competition=nomination.competition,
        nomination=nomination,
        organisation=organisation or OrganisationFactory(country="TJ"),
        submitted_at=nomination.competition.submission_deadline - datetime.timedelta(days=2),
        **fields,
    )


def seat(competition, judge, is_chair=False):
    # unscoped: the test arranges the committee directly.
    existing = CommitteeMember.unscoped.filter(competition=competition, judge=judge).first()
    if existing is not None:
        return existing
    return CommitteeMemberFactory(
        organisation=competition.organisation, competition=competition, judge=judge, is_chair=is_chair
    )


def assign(entry, judge=None):
    judge = judge or judge_user()
    seat(entry.competition, judge)
    return AssignmentFactory(
        organisation=entry.competition.organisation, competition=entry.competition, entry=entry, judge=judge
    )


def submit(assignment, *values, comment=""):
    """The judge submits one value per criterion of the entry's nomination (in the rubric's order)."""
    criteria = list(assignment.entry.nomination.criteria.all())
    assert len(criteria) == len(values)
    return scoring.scoresheet_save(
        assignment=assignment,
        by=assignment.judge,
        scores={criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=True)},
        comment=comment,
        submit=True,
    )
