"""Results: the table the chair and the organisers follow, the entries flagged for discussion, the
published results, and the public winners."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from awards.models import Competition, Nomination, Result
from awards.services import results as results_services

# The public page's own marker of what it may show: the results a competition has published.
PUBLISHED = {"competition__results_published_at__isnull": False}


def can_view_table(*, user, competition: Competition) -> bool:
    """The live table (missing sheets, disagreement): the committee's chair and the organisers."""
    return results_services.can_lock(user=user, competition=competition)


def results_table(*, user, competition: Competition) -> results_services.ResultsTable:
    """The live results of a competition ``user`` reads (the caller found it in scope); 403 unless chair
    or organiser."""
    if not can_view_table(user=user, competition=competition):
        raise PermissionDenied
    return results_services.results_compute(competition=competition)


def flagged_entries(*, user, competition: Competition) -> list:
    """The rows of the entries whose judges disagree beyond the competition's threshold."""
    return results_table(user=user, competition=competition).flagged


def result_list(*, user) -> QuerySet[Result]:
    """Result rows ``user`` reads: organisers and chairs once locked, everyone once published."""
    return Result.objects.visible_to(user).select_related("competition", "nomination", "entry__organisation")


def published_competitions() -> QuerySet[Competition]:
    """Competitions whose results are published, newest first (the public index)."""
    # unscoped: published results are public.
    return Competition.unscoped.filter(results_published_at__isnull=False).order_by(
        "-results_published_at", "pk"
    )


def published_competition(*, pk: int) -> Competition:
    """A competition with published results, or 404 (an unpublished one does not exist for the public)."""
    competition = published_competitions().filter(pk=pk).first()
    if competition is None:
        raise Http404
    return competition


def published_winners(*, competition: Competition) -> list[Result]:
    """The winners across all countries of each nomination, nominations in order (ties: every winner)."""
    # unscoped: published results are public.
    return list(
        Result.unscoped.filter(competition=competition, country="", is_winner=True, **PUBLISHED)
        .select_related("nomination", "entry__organisation")
        .order_by("nomination__order", "nomination__pk", "rank", "entry__code")
    )


def published_results_of(*, organisation_ids) -> QuerySet[Result]:
    """The published results, in the ranking across all countries (one row per entry), of the entries
    of these organisations, for ``analytics`` to count entries, places and winners. Published results
    are public; the organisations are the analytics scope's."""
    # unscoped: published results are public; narrowed to the entries of the organisations asked for.
    return Result.unscoped.filter(country="", entry__organisation_id__in=list(organisation_ids), **PUBLISHED)


def nomination_labels(*, nomination_ids) -> dict[int, str]:
    """Each nomination's name with its competition's (nominations are a competition's own)."""
    # unscoped: names of the nominations of published results (public).
    nominations = Nomination.unscoped.filter(pk__in=list(nomination_ids)).select_related("competition")
    return {nomination.pk: f"{nomination.name} — {nomination.competition.name}" for nomination in nominations}
