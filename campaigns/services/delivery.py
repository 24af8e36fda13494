"""Delivery reports: what a gateway says became of the messages it accepted (an HTTP webhook or SMPP
delivery receipts). Recording one twice changes nothing (idempotent)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from campaigns.models import Message

# What a report may still change: a message delivered or failed stays so.
OPEN = [Message.Status.SENT, Message.Status.UNCONFIRMED, Message.Status.SENDING]


@transaction.atomic
def delivery_reports_record(*, gateway, reports) -> int:
    """Record reports (objects with ``gateway_message_id``, ``status`` "delivered"/"failed", ``error``) of
    ``gateway``'s messages; answers how many messages changed. Unknown ids are ignored."""
    now = timezone.now()
    changed = 0
    delivered = [report.gateway_message_id for report in reports if report.status == "delivered"]
    # unscoped: a gateway's reports name its own messages by the id it gave them.
    messages = Message.unscoped.filter(gateway=gateway, status__in=OPEN)
    if delivered:
        changed += messages.filter(gateway_message_id__in=delivered).update(
            status=Message.Status.DELIVERED, delivered_at=now, error=""
        )
    failed: dict[str, list[str]] = {}
    for report in reports:
        if report.status == "failed":
            failed.setdefault((report.error or "undelivered")[:200], []).append(report.gateway_message_id)
    for error, ids in failed.items():
        changed += messages.filter(gateway_message_id__in=ids).update(
            status=Message.Status.FAILED, error=error
        )
    return changed
