"""Notes, attachments (downloaded only through a scoped, logged view) and stories."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import AttachmentForm, NoteForm, StoryForm
from cases.models import Attachment, Note, Story, choices
from cases.views.base import case_tab
from tenancy.forms import errors_to_form


def _can_add_note(request, case) -> bool:
    """The case's owner, or an organisation that accepted a referral of it sharing the notes."""
    organisation_id = selectors.case_writing_organisation(
        user=request.user, case=case, perm="cases.add_note", section=choices.Section.NOTES
    )
    return organisation_id is not None


def _add(request, case, perm, form, save, success, redirect_name, allowed=None):
    """Handle the tab's add form: 403 without ``perm``; the service's errors go back onto the form."""
    if request.method != "POST":
        return None
    if not (request.user.has_perm(perm, case) if allowed is None else allowed):
        raise PermissionDenied
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_name, pk=case.pk)
    return None


@login_required
def case_notes(request, pk):
    case, context = case_tab(request, pk, "case_notes")
    form = NoteForm(request.POST if request.method == "POST" else None)
    response = _add(
        request,
        case,
        "cases.add_note",
        form,
        lambda data: services.note_add(case=case, by=request.user, **data),
        _("Note added."),
        "cases:case_notes",
        allowed=_can_add_note(request, case),
    )
    if response:
        return response
    context.update(
        {
            "notes": Note.objects.visible_to(request.user)
            .filter(case=case)
            .select_related("author", "organisation"),
            "form": form if _can_add_note(request, case) else None,
        }
    )
    return render(request, "cases/case_notes.html", context)


@login_required
def case_attachments(request, pk):
    case, context = case_tab(request, pk, "case_attachments")
    form = AttachmentForm(request.POST if request.method == "POST" else None, request.FILES or None)

    def save(data):
        upload = data["file"]
        services.attachment_add(
            case=case,
            by=request.user,
            content=upload.read(),
            file_name=upload.name,
            description=data["description"],
        )

    response = _add(
        request, case, "cases.add_attachment", form, save, _("File uploaded."), "cases:case_attachments"
    )
    if response:
        return response
    context.update(
        {
            "attachments": Attachment.objects.visible_to(request.user)
            .filter(case=case)
            .select_related("uploaded_by"),
            "form": form if request.user.has_perm("cases.add_attachment", case) else None,
        }
    )
    return render(request, "cases/case_attachments.html", context)


@login_required
def attachment_download(request, pk, attachment_pk):
    case, _context = case_tab(request, pk, "case_attachments")
    try:
        attachment, content = selectors.attachment_content(
            user=request.user, attachment_pk=attachment_pk, request=request
        )
    except Attachment.DoesNotExist:
        raise Http404 from None
    if attachment.case_id != case.pk:
        raise Http404
    response = HttpResponse(content, content_type=attachment.content_type)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        attachment.content_type, "docx"
    )
    # A neutral file name: the stored one may hold personal data and would end up in browser histories.
    response["Content-Disposition"] = f'attachment; filename="{case.code}-{attachment.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def case_story(request, pk):
    case, context = case_tab(request, pk, "case_story")
    form = StoryForm(request.POST if request.method == "POST" else None)
    response = _add(
        request,
        case,
        "cases.add_story",
        form,
        lambda data: services.story_submit(case=case, by=request.user, **data),
        _("Story submitted for the anonymisation review."),
        "cases:case_story",
    )
    if response:
        return response
    context.update(
        {
            "stories": Story.objects.visible_to(request.user).filter(case=case),
            "form": form if request.user.has_perm("cases.add_story", case) else None,
            "can_review": request.user.has_perm("cases.publish_story", case),
        }
    )
    return render(request, "cases/case_story.html", context)


@login_required
@require_POST
def story_review(request, pk, story_pk):
    """The manager's anonymisation review: approve, ask for changes (with a comment) or publish."""
    case, _context = case_tab(request, pk, "case_story")
    story = get_object_or_404(Story.objects.visible_to(request.user).filter(case=case), pk=story_pk)
    decision = request.POST.get("decision")
    if decision not in ("publish", "approve", "changes"):
        return HttpResponseBadRequest()  # not a decision the form offers: the story is found, the request bad
    try:
        if decision == "publish":
            services.story_publish(story=story, by=request.user)
        else:
            services.story_review(
                story=story,
                by=request.user,
                approve=decision == "approve",
                comment=request.POST.get("comment", ""),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Story updated."))
    return redirect("cases:case_story", pk=case.pk)
