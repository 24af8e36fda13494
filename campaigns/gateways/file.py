"""Writes each message as one JSON line to ``settings.AMANAT_SMS_FILE_PATH`` (for demos and trials: the
file holds the numbers and texts, so it lives under var/ with the database, never in the logs)."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from campaigns.gateways.base import Backend, GatewayUnavailable, Outcome, Outgoing, Status
from campaigns.gateways.pacing import TokenBucket


class FileBackend(Backend):
    def open(self) -> None:
        self.bucket = TokenBucket(self.rate_limit)
        path = Path(settings.AMANAT_SMS_FILE_PATH)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed in close())
        except OSError as error:
            raise GatewayUnavailable(f"file: {error.strerror}") from None
        os.chmod(path, 0o600)

    def close(self) -> None:
        file = getattr(self, "file", None)
        if file is not None:
            file.close()
            self.file = None

    def send(self, batch: list[Outgoing]) -> list[Outcome]:
        outcomes, lines = [], []
        for message in batch:
            self.bucket.take()
            message_id = f"file-{uuid.uuid4().hex}"
            lines.append(
                json.dumps(
                    {
                        "id": message_id,
                        "at": timezone.now().isoformat(),
                        "from": message.sender,
                        "to": message.to,
                        "text": message.body,
                        "reference": message.reference,
                    },
                    ensure_ascii=False,
                )
            )
            outcomes.append(Outcome(message.reference, Status.ACCEPTED, message_id))
        self.file.write("".join(line + "\n" for line in lines))
        self.file.flush()
        return outcomes
