"""The default back-end: writes one line per message to the log, sends nothing. The line says how many
segments went and never the number or the text (no personal data in logs)."""

from __future__ import annotations

import logging
import uuid

from campaigns.gateways.base import Backend, Outcome, Outgoing, Status
from campaigns.gateways.pacing import TokenBucket

logger = logging.getLogger("campaigns.sms")


def segments_of(text: str) -> int:
    """GSM-7 (with its extension table) counts 160 a segment, 153 when concatenated; else UCS-2 70/67."""
    from smpplib.gsm import gsm_encode

    try:
        length, single, part = len(gsm_encode(text)), 160, 153
    except UnicodeError:
        length, single, part = len(text.encode("utf-16-be")) // 2, 70, 67
    return 1 if length <= single else -(-length // part)


def country_code_of(number: str) -> str:
    """'+992' for logs: the country and nothing of the subscriber."""
    import phonenumbers

    try:
        return f"+{phonenumbers.parse(number).country_code}"
    except phonenumbers.NumberParseException:
        return "+?"


class ConsoleBackend(Backend):
    def open(self) -> None:
        self.bucket = TokenBucket(self.rate_limit)

    def send(self, batch: list[Outgoing]) -> list[Outcome]:
        outcomes = []
        for message in batch:
            self.bucket.take()
            logger.info("SMS to %s••• (%d segments)", country_code_of(message.to), segments_of(message.body))
            outcomes.append(Outcome(message.reference, Status.ACCEPTED, f"console-{uuid.uuid4().hex}"))
        return outcomes
