"""Opt-outs: the organisation's list (no way to undo one), one recorded by staff, and the two public
ways a subscriber stops messages: the inbound-message webhook and the one-click link."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from campaigns.forms.subscribers import OptOutForm
from campaigns.models import Gateway
from campaigns.selectors import subscribers as selectors
from campaigns.services import opt_outs as services
from campaigns.views.subscribers import form_errors_from
from campaigns.webhooks import SIGNATURE_HEADER, signature_valid

VIEW_OPT_OUT = "campaigns.view_optout"
ADD_OPT_OUT = "campaigns.add_optout"
PAGE_SIZE = 100
# The language of the link's page when the subscriber's is not one the site speaks; the confirmation is
# then also said in the subscriber's own language (the site's catalogs are English and Russian only).
LINK_FALLBACK_LANGUAGE = "ru"
LINK_CONFIRMATION = {
    "tg": "Шумо аз обуна баромадед: ба ин рақам дигар паёмакҳо фиристода намешаванд.",
    "uz": "Siz obunadan chiqdingiz: bu raqamga endi SMS xabarlar yuborilmaydi.",
    "kk": "Сіз жазылымнан бас тарттыңыз: бұл нөмірге енді SMS хабарламалар жіберілмейді.",
    "ky": "Сиз жазылуудан баш тарттыңыз: бул номерге мындан ары SMS билдирүүлөр жөнөтүлбөйт.",
    "tk": "Siz abunalykdan çykdyňyz: bu belgä indi SMS habarlar iberilmez.",
}


@login_required
def optout_list(request):
    if not request.user.has_perm(VIEW_OPT_OUT):
        raise PermissionDenied
    opt_outs = selectors.opt_out_list(user=request.user)
    page = Paginator(opt_outs, PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = selectors.opt_out_masked_numbers(user=request.user, opt_outs=page)
    for opt_out in page:
        opt_out.masked_number = numbers.get(opt_out.pk, "")
    return render(
        request,
        "campaigns/optout_list.html",
        {"page": page, "count": page.paginator.count, "may_add": request.user.has_perm(ADD_OPT_OUT)},
    )


@login_required
def optout_create(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(ADD_OPT_OUT, membership.organisation):
        raise PermissionDenied
    form = OptOutForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.opt_out_add(organisation=membership.organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Opt-out recorded: the number will receive no more messages."))
            return redirect("campaigns:optout_list")
    return render(request, "campaigns/optout_form.html", {"form": form})


def _inbound_fields(request) -> tuple[str, str]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return "", ""
    else:
        data = request.POST
    return str(data.get("from") or ""), str(data.get("text") or "")


@csrf_exempt
@login_not_required
@require_POST
def inbound_webhook(request, webhook_id):
    """A gateway forwards a message a number sent: a stop word opts the number out. 404 for an unknown
    webhook, 403 for a missing or wrong signature; the text is not stored."""
    try:
        gateway = services.gateway_of_webhook(webhook_id)
    except Gateway.DoesNotExist:
        raise Http404 from None
    if not signature_valid(request.body, gateway.webhook_secret, request.headers.get(SIGNATURE_HEADER)):
        return JsonResponse({"error": _("Invalid signature."), "field": None}, status=403)
    number, text = _inbound_fields(request)
    opted_out = services.opt_out_from_reply(gateway=gateway, number=number, text=text)
    return JsonResponse({"opted_out": opted_out})


@login_not_required
def opt_out_link(request, token):
    """The one-click link of a message: opts the number out at once, and says so in the subscriber's
    language. A token that names nobody gets the same page with 404, and nothing else."""
    subscriber = services.opt_out_by_link(token=token)
    site_languages = {code for code, _name in settings.LANGUAGES}
    language = subscriber.language if subscriber is not None else translation.get_language()
    if language not in site_languages:
        language = LINK_FALLBACK_LANGUAGE
    context = {
        "done": subscriber is not None,
        "organisation": subscriber.organisation if subscriber else None,
        "own_language": subscriber.language if subscriber else "",
        "own_confirmation": LINK_CONFIRMATION.get(subscriber.language, "") if subscriber else "",
    }
    with translation.override(language):
        response = render(
            request, "campaigns/opt_out_link.html", context, status=200 if subscriber is not None else 404
        )
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response
