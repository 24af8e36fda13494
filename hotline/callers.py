"""Repeat callers without stored numbers: a keyed hash of the normalised number.

``caller_hash(number)`` is HMAC-SHA256 under the privacy layer's blind-index key of the number's digits
(a leading ``+`` or ``00`` dropped), so "+992 92 777-00-11" and "0099292 7770011" meet. Without the key
nobody can compute the hash from a guessed number. The telephony records (``hotline.api``) and the live
form compute it the same way, here."""

from __future__ import annotations

import hashlib
import hmac
import re

from privacy.crypto import keyring

VERSION = "ch1"
MIN_DIGITS = 5


def normalise_number(number: str) -> str:
    """The digits of a phone number without the international prefix; '' when it has too few digits."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= MIN_DIGITS else ""


def caller_hash(number: str) -> str:
    """The repeat-caller key of a number; '' for an empty or unusable number."""
    digits = normalise_number(number)
    if not digits:
        return ""
    message = f"{VERSION}|phone|{digits}".encode()
    return hmac.new(keyring().blind_index_key, message, hashlib.sha256).hexdigest()
