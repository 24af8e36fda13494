"""The entry pages: the list (an organisation's entries and the nominations awaiting one, the organisers'
and judges' entries), an entry with its figures, the manager's forms and actions, and the files.

An entry outside the user's scope answers 404 (``Entry.objects.visible_to``); inside it, a missing
permission answers 403. After the deadline the services refuse every change with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.forms.entries import EntryFileForm, EntryForm
from awards.models import EntryFile, Nominee
from awards.selectors import certificates, entries as selectors
from awards.services import entries as services
from tenancy.forms import errors_to_form

READ_PERMS = ("awards.view_entry", "awards.manage_competition", "awards.score_entry")
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def entry_for(request, pk: int, perm: str | None = None):
    """The entry if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    entry = selectors.entry_get(user=request.user, pk=pk)
    if perm is not None and not request.user.has_perm(perm, entry):
        raise PermissionDenied
    return entry


def _refused(request, entry, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(entry)


def entry_list(request):
    if not any(request.user.has_perm(perm) for perm in READ_PERMS):
        raise PermissionDenied
    context = {
        "rows": selectors.entry_rows(user=request.user),
        "awaiting": list(selectors.nominations_awaiting_entry(user=request.user)),
    }
    return render(request, "awards/entry_list.html", context)


def nominee_entry_create(request, pk):
    nominee = get_object_or_404(
        Nominee.objects.visible_to(request.user).select_related("nomination__competition", "organisation"),
        pk=pk,
    )
    if not request.user.has_perm("awards.add_entry", nominee):
        raise PermissionDenied
    if hasattr(nominee, "entry"):
        return redirect(nominee.entry)
    form = EntryForm(request.POST or None)
    refusal = services.deadline_refusal(nominee.nomination.competition)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(nominee=nominee, by=request.user, **form.service_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Entry saved. Its figures were drawn from your organisation's data."))
            return redirect(entry)
    return render(
        request,
        "awards/entry_form.html",
        {"form": form, "nominee": nominee, "entry": None, "refusal": refusal},
    )


def entry_detail(request, pk):
    entry = entry_for(request, pk)
    # Judges never see live figures after the deadline: an entry not frozen yet is frozen now.
    services.entry_freeze(entry=entry)
    can_change = request.user.has_perm("awards.change_entry", entry) and not entry.competition.deadline_passed
    context = {
        "shown": selectors.entry_shown(user=request.user, entry=entry),
        "files": selectors.entry_files(user=request.user, entry=entry),
        "can_change": can_change,
        "can_add_file": can_change and request.user.has_perm("awards.add_entryfile", entry),
        "refusal": services.deadline_refusal(entry.competition),
        "certificate": certificates.certificate_downloadable(user=request.user, entry=entry),
    }
    return render(request, "awards/entry_detail.html", context)


def entry_update(request, pk):
    entry = entry_for(request, pk, "awards.change_entry")
    form = EntryForm(request.POST or None, initial=EntryForm.initial_of(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(entry=entry, by=request.user, **form.service_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return redirect(entry)
    refusal = services.deadline_refusal(entry.competition)
    return render(
        request,
        "awards/entry_form.html",
        {"form": form, "nominee": entry.nominee, "entry": entry, "refusal": refusal},
    )


@require_POST
def entry_submit(request, pk):
    entry = entry_for(request, pk, "awards.change_entry")
    try:
        services.entry_submit(entry=entry, by=request.user)
    except ValidationError as error:
        return _refused(request, entry, error)
    messages.success(request, _("Entry submitted. You may still change it until the deadline."))
    return redirect(entry)


@require_POST
def entry_figures_refresh(request, pk):
    entry = entry_for(request, pk, "awards.change_entry")
    try:
        services.entry_figures_refresh(entry=entry, by=request.user)
    except ValidationError as error:
        return _refused(request, entry, error)
    messages.success(request, _("Figures drawn again from your organisation's data."))
    return redirect(entry)


def entry_entryfile_add(request, pk):
    entry = entry_for(request, pk, "awards.add_entryfile")
    form = EntryFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.entryfile_add(
                entry=entry,
                by=request.user,
                title=form.cleaned_data["title"],
                content=upload,
                file_name=upload.name,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("File added."))
            return redirect(entry)
    refusal = services.deadline_refusal(entry.competition)
    return render(request, "awards/entryfile_form.html", {"form": form, "entry": entry, "refusal": refusal})


def entryfile_download(request, pk):
    try:
        entry_file, content = selectors.entryfile_content(user=request.user, pk=pk)
    except EntryFile.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(content, content_type=entry_file.content_type)
    extension = EXTENSIONS.get(entry_file.content_type, "docx")
    # A neutral file name: the uploaded one may name the organisation (blind judging).
    response["Content-Disposition"] = f'attachment; filename="entry-file-{entry_file.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def entryfile_remove(request, pk):
    entry_file = get_object_or_404(EntryFile.objects.visible_to(request.user).select_related("entry"), pk=pk)
    entry = entry_file.entry
    if not request.user.has_perm("awards.change_entry", entry):
        raise PermissionDenied
    try:
        services.entryfile_remove(entry_file=entry_file, by=request.user)
    except ValidationError as error:
        return _refused(request, entry, error)
    messages.success(request, _("File removed."))
    return redirect(entry)
