"""Knowledge base pages: list and search, an answer with its versions, write a version, approve one.

The search is a POST (htmx from the panel beside a live call, or the list page's form): an operator may
type a caller's words into it, and nothing a caller said belongs in a URL or an access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from hotline import selectors, services
from hotline.forms import AnswerForm, AnswerSearchForm
from hotline.models import Answer, AnswerVersion


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _organisation(request):
    from accounts.selectors import active_membership

    membership = active_membership(request)
    if membership is None or not request.user.has_perm("hotline.add_answer", membership.organisation):
        raise PermissionDenied
    return membership.organisation


@login_required
def answer_list(request):
    _require(request, "hotline.view_answer")
    may_write = request.user.has_perm("hotline.add_answer")
    answers = selectors.answer_list(user=request.user, include_drafts=may_write)
    return render(
        request,
        "hotline/answer_list.html",
        {
            "answers": answers,
            "form": AnswerSearchForm(),
            "may_write": may_write,
            "pending": selectors.answer_pending_approval(user=request.user),
            "language": get_language(),
        },
    )


@login_required
@require_POST
def answer_search(request):
    """The live answers matching the posted words: the panel's results (htmx) or the list page."""
    _require(request, "hotline.view_answer")
    form = AnswerSearchForm(request.POST)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.answer_search(user=request.user, query=query) if query.strip() else []
    context = {
        "results": results,
        "query": query,
        "searched": bool(query.strip()),
        "language": get_language(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "hotline/_answer_results.html", context)
    context.update({"form": form, "answers": None, "may_write": request.user.has_perm("hotline.add_answer")})
    return render(request, "hotline/answer_list.html", context)


def _answer_for(request, pk) -> Answer:
    _require(request, "hotline.view_answer")
    return get_object_or_404(selectors.answer_list(user=request.user, include_drafts=True), pk=pk)


@login_required
def answer_detail(request, pk):
    answer = _answer_for(request, pk)
    versions = list(selectors.answer_version_list(user=request.user, answer=answer))
    return render(
        request,
        "hotline/answer_detail.html",
        {
            "answer": answer,
            "live": answer.live_version,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "may_edit": request.user.has_perm("hotline.add_answer", answer),
            "may_approve": request.user.has_perm("hotline.approve_answer", answer),
            "language": get_language(),
        },
    )


def _save(request, form, save):
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def answer_create(request):
    _require(request, "hotline.view_answer")
    organisation = _organisation(request)
    may_share = request.user.has_perm("hotline.approve_answer", organisation)
    form = AnswerForm(request.POST or None, may_share=may_share)
    if request.method == "POST" and form.is_valid():
        version = _save(
            request,
            form,
            lambda data: services.answer_create(organisation=organisation, by=request.user, **data),
        )
        if version is not None:
            messages.success(
                request, _("Answer saved as a draft: a manager approves it before operators see it.")
            )
            return redirect("hotline:answer_detail", pk=version.answer_id)
    return render(request, "hotline/answer_form.html", {"form": form, "answer": None})


@login_required
def answer_update(request, pk):
    answer = _answer_for(request, pk)
    _require(request, "hotline.add_answer", answer)
    may_share = request.user.has_perm("hotline.approve_answer", answer)
    latest = selectors.answer_version_list(user=request.user, answer=answer).first()
    initial = {"topic": answer.topic, "is_shared": answer.is_shared}
    form = AnswerForm(request.POST or None, instance=None, initial=initial, may_share=may_share)
    if latest is not None and request.method != "POST":
        for field in ("title_en", "title_ru", "body_en", "body_ru", "keywords"):
            form.initial[field] = getattr(latest, field)
    if request.method == "POST" and form.is_valid():
        version = _save(
            request, form, lambda data: services.answer_edit(answer=answer, by=request.user, **data)
        )
        if version is not None:
            messages.success(
                request, _("New version saved as a draft: the live version stays until it is approved.")
            )
            return redirect("hotline:answer_detail", pk=answer.pk)
    return render(request, "hotline/answer_form.html", {"form": form, "answer": answer})


@login_required
@require_POST
def answer_version_approve(request, pk):
    _require(request, "hotline.view_answer")
    version = get_object_or_404(AnswerVersion.objects.visible_to(request.user), pk=pk)
    _require(request, "hotline.approve_answer", version)
    try:
        services.answer_version_approve(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version approved."))
    return redirect("hotline:answer_detail", pk=version.answer_id)
