"""The contact log's pages: the live call's form (autosaved as the operator types), the list, a contact,
and the actions on it (open or link a case, flag the caller)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors as case_selectors
from hotline import selectors, services
from hotline.callers import caller_hash
from hotline.filters import ContactFilter
from hotline.forms import CallerFlagForm, CaseLinkForm, ContactForm
from hotline.models import CallerFlag, Contact

PAGE_SIZE = 50
# The live form's submit buttons: what each does after the answers are saved.
ACTIONS = ("complete", "save_draft", "open_case", "link_case")


def require_hotline(user) -> None:
    """Roles that never answer a hotline (caseworkers, coordinators …) get 403 on every hotline page."""
    if not user.has_perm("hotline.view_contact"):
        raise PermissionDenied


def contact_for(request, pk: int, perm: str | None = None, *, detail: bool = False) -> Contact:
    """The contact in the user's scope (else 404), 403 without ``perm``; ``detail`` decrypts it and
    writes the access log."""
    require_hotline(request.user)
    try:
        if detail:
            contact = selectors.contact_detail(user=request.user, pk=pk, request=request)
        else:
            contact = selectors.contact_get(user=request.user, pk=pk)
    except Contact.DoesNotExist:
        raise Http404 from None
    if perm is not None and not request.user.has_perm(perm, contact):
        raise PermissionDenied
    return contact


def _errors_on_form(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _history(request, form, contact: Contact | None):
    """The repeat-caller panel: from the number typed now, else the contact's known key."""
    number = form.data.get("caller_number", "") if form.is_bound else ""
    key = caller_hash(number) if number else (contact.caller_hash if contact else "")
    organisation_id = contact.organisation_id if contact else None
    if organisation_id is None:
        line = form.cleaned_data.get("line") if form.is_bound and hasattr(form, "cleaned_data") else None
        line = line or form.fields["line"].queryset.first()
        organisation_id = line.organisation_id if line else None
    if not key or organisation_id is None:
        return None, ""
    history = selectors.caller_history(
        user=request.user,
        organisation_id=organisation_id,
        caller_hash=key,
        exclude_pk=contact.pk if contact else None,
    )
    return history, key


def _save_typed(request, form, contact: Contact | None) -> Contact:
    """The draft started if needed, then the typed answers saved (ValidationError: nothing saved)."""
    fields = form.service_fields()
    number = form.cleaned_data.get("caller_number") or ""
    with transaction.atomic():  # a refused answer leaves no draft behind either
        if contact is None:
            contact = services.contact_start(
                by=request.user,
                line=fields.pop("line"),
                channel=fields.pop("channel"),
                started_at=form.cleaned_data.get("started_at") or timezone.now(),
            )
        return services.contact_save(contact=contact, by=request.user, caller_number=number, **fields)


def _draft_of_form(request, form) -> Contact | None:
    """The draft the autosave already started (its id in the form): only one in the user's scope."""
    pk = form.data.get("contact")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return contact_for(request, int(pk), "hotline.change_contact")


def _render_call(request, form, contact, *, status=200):
    history, _key = _history(request, form, contact)
    context = {
        "form": form,
        "contact": contact,
        "history": history,
        "flag_form": CallerFlagForm(),
        "started_at": (contact.started_at if contact else form.initial.get("started_at")),
        "can_open_case": request.user.has_perm("cases.add_case"),
    }
    return render(request, "hotline/contact_call.html", context, status=status)


def _submit(request, form, contact: Contact | None):
    """The live form's submit: save, then complete, keep the draft, open a case or link one."""
    action = request.POST.get("action", "complete")
    if action not in ACTIONS:
        action = "complete"
    if not form.is_valid():
        return _render_call(request, form, contact)
    try:
        contact = _save_typed(request, form, contact)
        if action == "complete":
            services.contact_complete(contact=contact, by=request.user)
            messages.success(request, _("Contact saved."))
            return redirect(contact)
        if action == "open_case":
            case = services.contact_case_open(contact=contact, by=request.user)
            messages.success(request, _("Case %(code)s opened from this contact.") % {"code": case.code})
        elif action == "link_case":
            services.contact_case_link(contact=contact, by=request.user, case=_case_of_code(request, form))
            messages.success(request, _("Contact linked to the case."))
        else:
            messages.success(request, _("Draft saved."))
    except ValidationError as error:
        _errors_on_form(form, error)
        form.data = form.data.copy()
        if contact is not None:
            form.data["contact"] = contact.pk
        return _render_call(request, form, contact)
    return redirect("hotline:contact_update", pk=contact.pk)


def _case_of_code(request, form):
    code = (form.cleaned_data.get("case_code") or "").strip().upper()
    case = case_selectors.case_list(user=request.user).filter(code=code).first() if code else None
    if case is None:
        raise ValidationError(
            {"case_code": _("No case with this code that you can see.")}, code="unknown_case"
        )
    return case


def contact_create(request):
    """The live call: the form opens with the timer running; the autosave starts the draft."""
    require_hotline(request.user)
    if not request.user.has_perm("hotline.add_contact"):
        raise PermissionDenied
    if request.method == "POST":
        form = ContactForm(request.POST, user=request.user)
        return _submit(request, form, _draft_of_form(request, form))
    form = ContactForm(user=request.user, initial={"started_at": timezone.now()})
    if not form.fields["line"].queryset.exists():
        messages.warning(request, _("You answer no hotline line yet: ask your manager to add you to one."))
    return _render_call(request, form, None)


def contact_update(request, pk):
    """A draft (or a contact from the telephony's records) completed on the same form."""
    contact = contact_for(request, pk, "hotline.change_contact", detail=True)
    if request.method == "POST":
        form = ContactForm(request.POST, user=request.user)
        return _submit(request, form, contact)
    form = ContactForm(user=request.user, initial=ContactForm.initial_of(contact))
    return _render_call(request, form, contact)


@require_POST
def contact_autosave(request):
    """What the operator typed, saved to the draft (htmx, debounced): a status line, the draft's id for
    the next save, and the repeat-caller panel. Nothing is saved while an answer is refused."""
    require_hotline(request.user)
    if not request.user.has_perm("hotline.add_contact"):
        raise PermissionDenied
    form = ContactForm(request.POST, user=request.user)
    contact = _draft_of_form(request, form)
    errors = []
    if form.is_valid():
        try:
            contact = _save_typed(request, form, contact)
        except ValidationError as error:
            _errors_on_form(form, error)
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors += [{"label": label, "message": message, "target": f"id_{name}"} for message in field_errors]
    history, _key = _history(request, form, contact)
    response = render(
        request,
        "hotline/_autosave.html",
        {"contact": contact, "errors": errors, "history": history, "saved_at": timezone.now(), "form": form},
    )
    if contact is not None and not errors:
        response["HX-Replace-Url"] = reverse("hotline:contact_update", args=[contact.pk])
    return response


def contact_list(request):
    require_hotline(request.user)
    filterset = ContactFilter(
        request.GET, queryset=selectors.contact_list(user=request.user), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "hotline/_contact_list.html" if request.htmx else "hotline/contact_list.html"
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "can_add": request.user.has_perm("hotline.add_contact")},
    )


contact_list.filterset_class = ContactFilter  # found by accounts/tests/test_tenancy_filters.py


def contact_detail(request, pk):
    contact = contact_for(request, pk, detail=True)
    history = selectors.caller_history(
        user=request.user,
        organisation_id=contact.organisation_id,
        caller_hash=contact.caller_hash,
        exclude_pk=contact.pk,
    )
    return render(
        request,
        "hotline/contact_detail.html",
        {
            "contact": contact,
            "history": history,
            "link_form": CaseLinkForm(),
            "flag_form": CallerFlagForm(),
            "can_change": request.user.has_perm("hotline.change_contact", contact),
            "can_open_case": request.user.has_perm("cases.add_case", contact),
            "can_flag": request.user.has_perm("hotline.flag_caller", contact),
        },
    )


@require_POST
def contact_case_open(request, pk):
    contact = contact_for(request, pk, "hotline.change_contact")
    try:
        case = services.contact_case_open(contact=contact, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(contact)
    messages.success(request, _("Case %(code)s opened from this contact.") % {"code": case.code})
    return redirect(contact)


@require_POST
def contact_case_link(request, pk):
    contact = contact_for(request, pk, "hotline.change_contact")
    form = CaseLinkForm(request.POST)
    if form.is_valid():
        try:
            services.contact_case_link(contact=contact, by=request.user, case=_case_of_code(request, form))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Contact linked to the case."))
    else:
        messages.error(request, _("Give the code of the case to link."))
    return redirect(contact)


@require_POST
def contact_flag(request, pk):
    """Flag the contact's caller (known by the number's key only)."""
    contact = contact_for(request, pk, "hotline.flag_caller")
    form = CallerFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a flag and how long it lasts."))
        return redirect(contact)
    try:
        services.caller_flag_set(
            by=request.user,
            organisation=contact.organisation,
            caller_hash=contact.caller_hash,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            expires_at=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Caller flagged."))
    return redirect(contact)


@require_POST
def caller_flag_end(request, pk):
    require_hotline(request.user)
    flag = CallerFlag.objects.visible_to(request.user).filter(pk=pk).first()
    if flag is None:
        raise Http404
    if not request.user.has_perm("hotline.flag_caller", flag):
        raise PermissionDenied
    services.caller_flag_end(flag=flag, by=request.user)
    messages.success(request, _("Flag ended."))
    return redirect("hotline:contact_list")
