"""SMS broadcasts: the lists, a draft's form, the preview shown before every send, the detail page with
its message counts, and one POST-only view per action (start, pause, resume, cancel); the SMS policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from campaigns.forms.broadcasts import BroadcastForm, SmsPolicyForm
from campaigns.models import Broadcast, Campaign
from campaigns.models.choices import Language
from campaigns.selectors import broadcasts as selectors
from campaigns.services import broadcasts as services
from campaigns.services.sms_policy import sms_policy_of, sms_policy_update

VIEW = "campaigns.view_broadcast"
ADD = services.ADD_BROADCAST
SEND = services.SEND_BROADCAST
CHANGE_POLICY = "campaigns.change_smspolicy"


def _broadcast_for(request, pk, perm: str = VIEW) -> Broadcast:
    # Another organisation's broadcast is not found (404) before any role is asked.
    broadcast = get_object_or_404(
        Broadcast.objects.visible_to(request.user).select_related("campaign", "gateway", "organisation"),
        pk=pk,
    )
    if not request.user.has_perm(perm, broadcast):
        raise PermissionDenied
    return broadcast


def _form_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        target = field if field in form.fields else None
        if field == "texts":
            target = None
        form.add_error(target, errors)


def _flash_errors(request, error: ValidationError) -> None:
    for errors in error.message_dict.values():
        for message in errors:
            messages.error(request, message)


@login_required
def broadcast_list(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    broadcasts = selectors.broadcast_list(user=request.user)
    return render(request, "campaigns/broadcast_list.html", {"broadcasts": broadcasts, "campaign": None})


@login_required
def campaign_broadcast_list(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm(VIEW, campaign):
        raise PermissionDenied
    broadcasts = selectors.broadcast_list(user=request.user, campaign=campaign)
    return render(request, "campaigns/broadcast_list.html", {"broadcasts": broadcasts, "campaign": campaign})


@login_required
def broadcast_create(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(ADD, membership.organisation):
        raise PermissionDenied
    organisation = membership.organisation
    initial = {"fallback_language": "ru", "campaign": request.GET.get("campaign")}
    form = BroadcastForm(request.POST or None, user=request.user, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            broadcast = services.broadcast_create(
                organisation=organisation, by=request.user, **form.service_values()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Broadcast saved as a draft. Check the preview before sending."))
            return redirect("campaigns:broadcast_preview", broadcast.pk)
    return render(request, "campaigns/broadcast_form.html", {"form": form, "broadcast": None})


@login_required
def broadcast_update(request, pk):
    broadcast = _broadcast_for(request, pk, ADD)
    texts = list(selectors.broadcast_texts(broadcast=broadcast))
    form = BroadcastForm(
        request.POST or None,
        user=request.user,
        organisation=broadcast.organisation,
        initial=BroadcastForm.initial_of(broadcast, texts),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.broadcast_update(broadcast=broadcast, by=request.user, **form.service_values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Broadcast saved. Check the preview before sending."))
            return redirect("campaigns:broadcast_preview", broadcast.pk)
    return render(request, "campaigns/broadcast_form.html", {"form": form, "broadcast": broadcast})


@login_required
def broadcast_preview(request, pk):
    broadcast = _broadcast_for(request, pk)
    preview = services.broadcast_preview(broadcast=broadcast)
    labels = dict(Language.choices)
    return render(
        request,
        "campaigns/broadcast_preview.html",
        {
            "broadcast": broadcast,
            "preview": preview,
            "can_send": request.user.has_perm(SEND, broadcast),
            "languages": [(labels.get(code, code), count, item) for code, count, item in preview.by_language],
        },
    )


@login_required
def broadcast_detail(request, pk):
    broadcast = _broadcast_for(request, pk)
    return render(
        request,
        "campaigns/broadcast_detail.html",
        {
            "broadcast": broadcast,
            "counts": selectors.broadcast_message_counts(broadcast=broadcast),
            "cost": services.broadcast_cost_estimate(broadcast=broadcast),
            "texts": selectors.broadcast_texts(broadcast=broadcast),
            "lists": selectors.broadcast_lists(broadcast=broadcast),
            "can_send": request.user.has_perm(SEND, broadcast),
            "can_edit": request.user.has_perm(ADD, broadcast) and broadcast.status == Broadcast.Status.DRAFT,
        },
    )


@login_required
@require_POST
def broadcast_start(request, pk):
    broadcast = _broadcast_for(request, pk, SEND)
    try:
        services.broadcast_start(broadcast=broadcast, by=request.user, seen=request.POST.get("preview", ""))
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("campaigns:broadcast_preview", broadcast.pk)
    messages.success(request, _("Broadcast started."))
    return redirect(broadcast)


def _action(request, pk, service, done: str):
    broadcast = _broadcast_for(request, pk, SEND)
    try:
        service(broadcast=broadcast, by=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect(broadcast)


@login_required
@require_POST
def broadcast_pause(request, pk):
    return _action(request, pk, services.broadcast_pause, _("Broadcast paused."))


@login_required
@require_POST
def broadcast_resume(request, pk):
    return _action(request, pk, services.broadcast_resume, _("Broadcast resumed."))


@login_required
@require_POST
def broadcast_cancel(request, pk):
    return _action(request, pk, services.broadcast_cancel, _("Broadcast cancelled."))


@login_required
def sms_policy_edit(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(CHANGE_POLICY, membership.organisation):
        raise PermissionDenied
    organisation = membership.organisation
    form = SmsPolicyForm(request.POST or None, instance=sms_policy_of(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        try:
            sms_policy_update(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("SMS policy saved."))
            return redirect("campaigns:sms_policy_edit")
    return render(request, "campaigns/sms_policy_form.html", {"form": form, "organisation": organisation})
