"""Gateway settings (managers): the list, a new gateway, a gateway's settings with its operator prices
and its webhooks, and the webhook secret shown only when asked for (audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from campaigns.forms.gateways import GatewayForm, OperatorPriceForm
from campaigns.models import Gateway, OperatorPrice
from campaigns.services import gateways as services
from tenancy import ALL_ORGANISATIONS, organisations_with_perm

MANAGE = services.MANAGE


def _gateway_for(request, pk) -> Gateway:
    # Another organisation's gateway is not found (404) before any role is asked.
    gateway = get_object_or_404(Gateway.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm(MANAGE, gateway):
        raise PermissionDenied
    return gateway


def _webhooks(request, gateway) -> list[tuple[str, str]]:
    urls = [
        (_("Delivery reports"), "campaigns:delivery_webhook"),
        (_("Replies (stop words)"), "campaigns:inbound_webhook"),
    ]
    found = []
    for label, name in urls:
        try:
            found.append((label, request.build_absolute_uri(reverse(name, args=[gateway.webhook_id]))))
        except NoReverseMatch:
            continue
    return found


def _settings_page(request, gateway, form, price_form, *, secret=None, status=200):
    context = {
        "gateway": gateway,
        "form": form,
        "price_form": price_form,
        # unscoped: the prices of the gateway the manager may see (checked by _gateway_for).
        "prices": OperatorPrice.unscoped.filter(gateway=gateway).order_by("prefix"),
        "webhooks": _webhooks(request, gateway),
        "secret": secret,
    }
    return render(request, "campaigns/gateway_form.html", context, status=status)


@login_required
def gateway_list(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    managed = organisations_with_perm(request.user, MANAGE)
    gateways = Gateway.objects.visible_to(request.user).order_by("name", "pk")
    if managed is not ALL_ORGANISATIONS:
        gateways = gateways.filter(organisation_id__in=managed)
    return render(request, "campaigns/gateway_list.html", {"gateways": gateways})


@login_required
def gateway_create(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(MANAGE, membership.organisation):
        raise PermissionDenied
    form = GatewayForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        gateway = services.gateway_create(organisation=membership.organisation, by=request.user, **data)
        messages.success(request, _("Gateway saved."))
        return redirect("campaigns:gateway_update", gateway.pk)
    return render(request, "campaigns/gateway_form.html", {"form": form, "gateway": None})


@login_required
def gateway_update(request, pk):
    gateway = _gateway_for(request, pk)
    form = GatewayForm(request.POST or None, user=request.user, instance=gateway)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # unscoped: the gateway checked above, read again so the form's instance changes are not saved twice.
        services.gateway_update(gateway=Gateway.unscoped.get(pk=gateway.pk), by=request.user, **data)
        messages.success(request, _("Gateway saved."))
        return redirect("campaigns:gateway_update", gateway.pk)
    return _settings_page(request, gateway, form, OperatorPriceForm(user=request.user, gateway=gateway))


@login_required
@require_POST
def gateway_secret(request, pk):
    gateway = _gateway_for(request, pk)
    secret = services.gateway_secret_reveal(gateway=gateway, by=request.user)
    form = GatewayForm(user=request.user, instance=gateway)
    return _settings_page(
        request, gateway, form, OperatorPriceForm(user=request.user, gateway=gateway), secret=secret
    )


@login_required
@require_POST
def operatorprice_add(request, pk):
    gateway = _gateway_for(request, pk)
    price_form = OperatorPriceForm(request.POST, user=request.user, gateway=gateway)
    if price_form.is_valid():
        services.operatorprice_add(gateway=gateway, by=request.user, **price_form.cleaned_data)
        messages.success(request, _("Price added."))
        return redirect("campaigns:gateway_update", gateway.pk)
    form = GatewayForm(user=request.user, instance=gateway)
    return _settings_page(request, gateway, form, price_form, status=400)


@login_required
@require_POST
def operatorprice_remove(request, pk):
    price = get_object_or_404(OperatorPrice.objects.visible_to(request.user).select_related("gateway"), pk=pk)
    if not request.user.has_perm(MANAGE, price.gateway):
        raise PermissionDenied
    services.operatorprice_remove(price=price, by=request.user)
    messages.success(request, _("Price removed."))
    return redirect("campaigns:gateway_update", price.gateway_id)
