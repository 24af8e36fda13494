"""Results: the chair's and organisers' table with its lock, unlock and publish actions, and the public
winners pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors as competition_selectors
from awards.models import choices
from awards.selectors import results as selectors
from awards.services import results as services


def competition_results(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)  # outside scope: 404
    table = selectors.results_table(user=request.user, competition=competition)  # not chair/organiser: 403
    context = {
        "competition": competition,
        "table": table,
        "tie_rule": choices.TIE_RULE,
        # Blind judging hides the organisations from judges, the chair among them; organisers see them.
        "show_organisations": not competition.blind
        or services.is_organiser(user=request.user, competition=competition),
        "can_lock": not competition.scores_locked_at,
        "can_unlock": bool(competition.scores_locked_at)
        and not competition.results_published_at
        and services.is_organiser(user=request.user, competition=competition),
        "can_publish": bool(competition.scores_locked_at) and not competition.results_published_at,
    }
    return render(request, "awards/competition_results.html", context)


def _act(request, pk, action, done: str):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    try:
        action(competition=competition, by=request.user)  # PermissionDenied: 403
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("awards:competition_results", pk=competition.pk)


@require_POST
def competition_lock(request, pk):
    return _act(request, pk, services.results_lock, _("Scores locked; the results are computed."))


@require_POST
def competition_unlock(request, pk):
    return _act(request, pk, services.results_unlock, _("Scores unlocked; the results were removed."))


@require_POST
def competition_publish_results(request, pk):
    return _act(request, pk, services.results_publish, _("Results published."))


@login_not_required
def winners_index(request):
    competitions = selectors.published_competitions().select_related("organisation")
    return render(request, "awards/winners_index.html", {"competitions": competitions})


@login_not_required
def competition_winners(request, pk):
    competition = selectors.published_competition(pk=pk)  # not published: 404
    winners = selectors.published_winners(competition=competition)
    return render(
        request, "awards/competition_winners.html", {"competition": competition, "winners": winners}
    )
