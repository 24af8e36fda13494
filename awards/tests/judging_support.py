"""Rows the judging tests share: a competition past its deadline, submitted entries of a country, seats,
sheets. Synthetic data only."""

import datetime

from django.utils import timezone

from awards.tests.factories import (
    AssignmentFactory,
    CommitteeMemberFactory,
    CompetitionFactory,
    ConsultationFactory,
    EntryFactory,
    NominationFactory,
    NomineeFactory,
    ScoreSheetFactory,
    judge_user,
)


def competition_judged(organiser_office, **fields):
    """A published competition of ``organiser_office`` whose submission deadline has passed."""
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=40))
    fields.setdefault("submission_deadline", timezone.now() - datetime.timedelta(days=1))
    return CompetitionFactory(organisation=organiser_office, **fields)


def entry_of(competition, organisation, *, country="TJ", submitted=True, partners=(), **fields):
    """A (submitted) entry of ``organisation`` put forward by ``country``'s national consultation."""
    nomination = fields.pop("nomination", None) or NominationFactory(
        organisation=competition.organisation, competition=competition
    )
    consultation = ConsultationFactory(
        organisation=competition.organisation, competition=competition, country=country
    )
    nominee = NomineeFactory(organisation=organisation, nomination=nomination, consultation=consultation)
    entry = EntryFactory(
        organisation=organisation,
        competition=competition,
        nomination=nomination,
        nominee=nominee,
        submitted_at=competition.submission_deadline - datetime.timedelta(days=1) if submitted else None,
        **fields,
    )
    entry.partners.set(partners)
    return entry


def seat(competition, judge=None, **fields):
    """A committee seat of ``judge`` (a new judge unless given)."""
    return CommitteeMemberFactory(
        organisation=competition.organisation, competition=competition, judge=judge or judge_user(), **fields
    )


def assign(entry, judge, **fields):
    return AssignmentFactory(
        organisation=entry.competition.organisation,
        competition=entry.competition,
        entry=entry,
        judge=judge,
        **fields,
    )


def sheet(entry, judge, *, submitted: bool):
    """``judge``'s sheet of ``entry`` (assigning the judge), submitted or a draft."""
    return ScoreSheetFactory(
        organisation=entry.competition.organisation,
        assignment=assign(entry, judge),
        submitted_at=timezone.now() if submitted else None,
    )
