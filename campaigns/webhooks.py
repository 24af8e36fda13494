"""What a gateway's callbacks must carry: ``X-Amanat-Signature: sha256=<hex>``, the HMAC-SHA256 of the
raw request body under the gateway's ``webhook_secret``. A callback to an unknown webhook id answers
404; one with a missing or wrong signature 403; neither changes anything."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Amanat-Signature"


def signature_of(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, secret: str, signature: str | None) -> bool:
    return bool(signature) and hmac.compare_digest(signature_of(body, secret), signature)
