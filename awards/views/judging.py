"""The committee pages: the committee with its conflicts, seating and removing judges, declaring a
conflict, assigning judges (automatically or by hand), the chair's progress board, a judge's own
assignments. A page outside the user's scope answers 404; inside it without the right 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors as competition_selectors
from awards.forms.judging import AssignmentAddForm, CommitteeMemberForm, ConflictDeclareForm
from awards.models import Assignment, CommitteeMember, Entry
from awards.selectors import judging as selectors
from awards.services import assignments as assignment_services, committee as committee_services
from tenancy.forms import errors_to_form


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _committee_page(request, competition, form=None, status=200):
    user = request.user
    organiser = selectors.is_organiser(user=user, competition=competition)
    _require(organiser or selectors.is_member(user=user, competition=competition))
    if form is None and organiser:
        form = CommitteeMemberForm(user=user, competition=competition)
    context = {
        "competition": competition,
        "rows": selectors.committee_conflicts(user=user, competition=competition),
        "form": form,
        "is_organiser": organiser,
        "can_run_judging": organiser or selectors.is_chair(user=user, competition=competition),
    }
    return render(request, "awards/competition_committee.html", context, status=status)


def competition_committee(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    return _committee_page(request, competition)


@require_POST
def competition_committeemember_add(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    _require(selectors.is_organiser(user=request.user, competition=competition))
    form = CommitteeMemberForm(request.POST, user=request.user, competition=competition)
    if form.is_valid():
        try:
            committee_services.committeemember_add(
                competition=competition, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Judge added to the committee."))
            return redirect("awards:competition_committee", competition.pk)
    return _committee_page(request, competition, form=form)


@require_POST
def committeemember_remove(request, pk):
    try:
        member = selectors.committeemember_get(user=request.user, pk=pk)
    except CommitteeMember.DoesNotExist:
        raise Http404 from None
    try:
        committee_services.committeemember_remove(member=member, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Judge removed from the committee."))
    return redirect("awards:competition_committee", member.competition_id)


def competition_conflict_declare(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    user = request.user
    _require(
        selectors.can_run_judging(user=user, competition=competition)
        or selectors.is_member(user=user, competition=competition)
    )
    form = ConflictDeclareForm(
        request.POST or None, user=user, competition=competition, initial={"judge": user.pk}
    )
    if form.is_valid():
        try:
            committee_services.conflict_declare(competition=competition, by=user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Conflict of interest recorded."))
            return redirect("awards:competition_committee", competition.pk)
    return render(request, "awards/conflict_form.html", {"competition": competition, "form": form})


@require_POST
def competition_assignments_generate(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    _require(selectors.can_run_judging(user=request.user, competition=competition))
    try:
        report = assignment_services.assignments_generate(competition=competition, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Assignments made: %(count)s.") % {"count": report.created})
        for shortfall in report.shortfalls:
            messages.warning(request, shortfall)
    return redirect("awards:competition_progress", competition.pk)


def entry_assignment_add(request, pk):
    entry = get_object_or_404(Entry.objects.visible_to(request.user).select_related("competition"), pk=pk)
    competition = entry.competition
    _require(selectors.can_run_judging(user=request.user, competition=competition))
    form = AssignmentAddForm(request.POST or None, user=request.user, entry=entry)
    if form.is_valid():
        try:
            assignment_services.assignment_add(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Judge assigned."))
            return redirect("awards:competition_progress", competition.pk)
    assignments = selectors.assignment_competition_list(user=request.user, competition=competition).filter(
        entry=entry
    )
    context = {"entry": entry, "competition": competition, "form": form, "assignments": assignments}
    return render(request, "awards/assignment_form.html", context)


@require_POST
def assignment_remove(request, pk):
    try:
        assignment = selectors.assignment_get(user=request.user, pk=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None
    _require(selectors.can_run_judging(user=request.user, competition=assignment.competition))
    try:
        assignment_services.assignment_remove(assignment=assignment, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("awards:competition_progress", assignment.competition_id)


def competition_progress(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    board = selectors.progress_board(user=request.user, competition=competition)
    context = {
        "competition": competition,
        "board": board,
        "is_organiser": selectors.is_organiser(user=request.user, competition=competition),
        "labels": selectors.STATUS_LABELS,
    }
    return render(request, "awards/competition_progress.html", context)


def assignment_list(request):
    _require(request.user.has_perm("awards.score_entry"))
    groups = {selectors.NOT_STARTED: [], selectors.DRAFT: [], selectors.SUBMITTED: []}
    for assignment in selectors.assignment_list(user=request.user):
        assignment.status = selectors.status_of(assignment)
        assignment.late = selectors.is_late(assignment)
        groups[assignment.status].append(assignment)
    context = {
        "to_score": groups[selectors.NOT_STARTED],
        "drafts": groups[selectors.DRAFT],
        "submitted": groups[selectors.SUBMITTED],
    }
    return render(request, "awards/assignment_list.html", context)
