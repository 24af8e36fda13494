"""Phone numbers of SMS subscribers: parsed and validated with ``phonenumbers``, kept in E.164.

``number_hash`` is the hotline's repeat-caller key (``hotline.callers.caller_hash``) of the E.164 form,
so one number has one key across the organisation's lists and opt-outs; without the blind-index key
nobody can compute it from a guessed number."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from phonenumbers import timezone as number_time_zones

from hotline.callers import caller_hash

# Where a number written without +country is assumed to be, when the organisation's country is unknown.
DEFAULT_REGION = "TJ"


def number_parse(text: str, *, default_region: str = DEFAULT_REGION) -> str:
    """The E.164 form of a phone number ('+992927770011'); ValidationError (no number in the message)
    when it is not a valid number."""
    try:
        parsed = phonenumbers.parse((text or "").strip(), default_region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."), code="invalid_number") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("This is not a valid phone number."), code="invalid_number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def number_hash(e164: str) -> str:
    return caller_hash(e164)


def number_country(e164: str) -> str:
    """The ISO 3166-1 alpha-2 code of the country a number belongs to ('' when unknown)."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or ""


def number_time_zone(e164: str) -> str:
    """The number's time zone when it has exactly one ('' otherwise: a Russian mobile spans eleven)."""
    zones = number_time_zones.time_zones_for_number(phonenumbers.parse(e164))
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else ""


def number_masked(e164: str) -> str:
    """For lists: the country code and the last two digits only ('+992 ••• •• 11')."""
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164)
    return f"+{parsed.country_code} ••• •• {e164[-2:]}"
