from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.backends import member_organisations_with_perm
from awards.models import Competition, Nomination, Nominee


def competition_list(*, user) -> QuerySet[Competition]:
    return Competition.objects.visible_to(user).select_related("organisation")


def competitions_run(*, user) -> QuerySet[Competition]:
    """The competitions of the offices where ``user`` is an organiser whose results are not published."""
    organisers = member_organisations_with_perm(user, "awards.manage_competition")
    return competition_list(user=user).filter(organisation_id__in=organisers, results_published_at=None)


def competition_get(*, user, pk: int) -> Competition:
    """A competition ``user`` reads, or 404."""
    return get_object_or_404(competition_list(user=user), pk=pk)


@dataclass(frozen=True)
class TimelineRow:
    key: str
    label: str
    starts: datetime.date | datetime.datetime
    ends: datetime.date | datetime.datetime | None
    passed: bool
    current: bool


def competition_timeline(competition: Competition) -> list[TimelineRow]:
    """The competition's milestones in order: passed ones, and the current one (the first not passed)."""
    today, now = timezone.localdate(), timezone.now()
    milestones = [
        ("call", _("Call for nominations opens"), competition.call_opens_on, None),
        ("consultations", _("National consultations close"), competition.consultations_close_on, None),
        ("deadline", _("Submission deadline"), competition.submission_deadline, None),
        ("judging", _("Judging closes"), competition.judging_closes_on, None),
        ("forum", _("Forum"), competition.forum_starts_on, competition.forum_ends_on),
        ("results", _("Results announced"), competition.results_on, None),
    ]
    rows, current_found = [], False
    for key, label, starts, ends in milestones:
        last = ends or starts
        if isinstance(last, datetime.datetime):
            passed = last <= now
        else:
            # A day's milestone passes when the day is over (the call opens on its day).
            passed = last < today or (key == "call" and last <= today)
        current = not passed and not current_found
        current_found = current_found or current
        rows.append(TimelineRow(key, label, starts, ends, passed, current))
    return rows


def nomination_list(*, user, competition: Competition) -> QuerySet[Nomination]:
    """The competition's nominations with their criteria (the rubric), in order."""
    return (
        Nomination.objects.visible_to(user)
        .filter(competition=competition)
        .prefetch_related("criteria")
        .order_by("order", "pk")
    )


def nomination_get(*, user, pk: int) -> Nomination:
    """A nomination ``user`` reads, with its competition and criteria, or 404."""
    return get_object_or_404(
        Nomination.objects.visible_to(user).select_related("competition").prefetch_related("criteria"), pk=pk
    )


def competition_with_rubrics(*, user) -> QuerySet[Competition]:
    """Competitions with their nominations and criteria prefetched (the API's nested read)."""
    nominations = Nomination.objects.visible_to(user).prefetch_related("criteria").order_by("order", "pk")
    return competition_list(user=user).prefetch_related(Prefetch("nominations", queryset=nominations))


def own_nominations(*, user, competition: Competition) -> QuerySet[Nominee]:
    """Where the user's own organisations (those whose entries they write) are put forward."""
    organisation_ids = member_organisations_with_perm(user, "awards.add_entry")
    return (
        Nominee.objects.visible_to(user)
        .filter(nomination__competition=competition, organisation_id__in=organisation_ids)
        .select_related("organisation", "nomination", "consultation")
        .order_by("nomination__order", "organisation__name_en", "pk")
    )
