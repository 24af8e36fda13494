"""The delivery-report webhook a gateway calls when it knows what became of a message it accepted."""

from __future__ import annotations

import dataclasses
import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from campaigns.models import Gateway, Message
from campaigns.services import delivery
from campaigns.webhooks import SIGNATURE_HEADER, signature_valid


@dataclasses.dataclass(frozen=True)
class _Report:
    gateway_message_id: str
    status: str
    error: str = ""


@csrf_exempt
@login_not_required
@require_POST
def delivery_webhook(request, webhook_id):
    """``{"id": "<gateway message id>", "status": "delivered"|"failed", "error": "…"}``, signed with the
    gateway's webhook secret (``campaigns.webhooks``). 404 for an unknown webhook or message id, 403 for a
    missing or wrong signature, 400 for a report it cannot read; none of them changes anything. The same
    report twice changes nothing the second time."""
    # unscoped: the webhook id is all a gateway's callback names; the signature proves it is the gateway.
    gateway = Gateway.unscoped.filter(webhook_id=webhook_id).first()
    if gateway is None:
        raise Http404
    if not signature_valid(request.body, gateway.webhook_secret, request.headers.get(SIGNATURE_HEADER)):
        return JsonResponse({"error": _("Invalid signature."), "field": None}, status=403)
    try:
        data = json.loads(request.body)
        report = _Report(str(data["id"]), str(data["status"]), str(data.get("error") or "")[:200])
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": _("A delivery report needs an id and a status."), "field": None}, status=400
        )
    if report.status not in ("delivered", "failed"):
        return JsonResponse(
            {"error": _("The status must be delivered or failed."), "field": "status"}, status=400
        )
    # unscoped: the gateway's own message, named by the id the gateway gave it.
    if not Message.unscoped.filter(gateway=gateway, gateway_message_id=report.gateway_message_id).exists():
        raise Http404
    changed = delivery.delivery_reports_record(gateway=gateway, reports=[report])
    return JsonResponse({"changed": changed})
