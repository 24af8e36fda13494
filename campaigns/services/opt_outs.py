"""Opting out of an organisation's SMS: by replying a stop word (the inbound-message webhook, or an SMPP
gateway's deliver_sm calling ``opt_out_from_reply``), by the one-click link in a message
(``opt_out_url``), or recorded by staff. An opt-out is organisation-wide: the number receives nothing
again from any list of the organisation, and it cannot be undone here. Reply texts are never stored."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import Gateway, OptOut, Subscriber, choices
from campaigns.numbers import number_hash, number_parse
from campaigns.services.subscribers import default_region

ADD_OPT_OUT = "campaigns.add_optout"

# Stop words, as the canonical spelling recorded with the opt-out. Matched after ``_fold``: case,
# apostrophes (Uzbek oʻ/gʻ), punctuation and the region's extra letters (қ, ў, ғ, ҳ, ң, ө, ү, ұ, ә, і, ӣ,
# ӯ, ҷ; Turkmen ä, ý, ž, ş, ç, ň, ö, ü) fold away, so a phone without them still opts out.
STOP_WORDS = (
    # English: the carriers' standard set (CTIA), and "opt out" typed in one or two words.
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "OPTOUT",
    # Russian: "stop", "unsubscribe", "unsubscription"; and the same typed in Latin letters.
    "СТОП",
    "ОТПИСАТЬСЯ",
    "ОТПИСКА",
    "ОТПИШИТЕ",
    "OTPISKA",
    # Uzbek (Latin and Cyrillic): "stop", "stop it".
    "TOʻXTA",
    "TOʻXTAT",
    "ТЎХТА",
    "ТЎХТАТ",
    # Kazakh: "stop", "stop it" (Cyrillic and the new Latin alphabet).
    "ТОҚТА",
    "ТОҚТАТ",
    "TOQTA",
    # Kyrgyz: "stop", "stop it".
    "ТОКТО",
    "ТОКТОТ",
    # Tajik: "stop", "enough" (Cyrillic and Latin).
    "ИСТ",
    "БАС",
    "IST",
    "BAS",
    # Turkmen: "stop", "enough" (Latin, and the older Cyrillic spelling).
    "DUR",
    "BES",
    "ДУР",
)
_FOLDED_LETTERS = str.maketrans(
    {
        "қ": "к",
        "ў": "у",
        "ғ": "г",
        "ҳ": "х",
        "ң": "н",
        "ө": "о",
        "ү": "у",
        "ұ": "у",
        "ә": "а",
        "і": "и",
        "ӣ": "и",
        "ӯ": "у",
        "ҷ": "ч",
        "ё": "е",
        "ä": "a",
        "ý": "y",
        "ž": "z",
        "ş": "s",
        "ç": "c",
        "ň": "n",
        "ö": "o",
        "ü": "u",
        "ğ": "g",
    }
)
# Apostrophes of every kind (Uzbek writes oʻ and gʻ with the turned comma, phones send ' or ’).
_APOSTROPHES = re.compile(r"['ʻʼ’‘`´]")
_NOT_LETTERS = re.compile(r"[^\w\s]|_")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _APOSTROPHES.sub("", text)
    return text.translate(_FOLDED_LETTERS)


_STOP_WORDS_FOLDED = {_fold(word): word for word in STOP_WORDS}


def stop_keyword(text: str) -> str | None:
    """The stop word ``text`` asks to stop with (its canonical spelling, e.g. "СТОП"), or None.

    The whole message counts ("Stop!", "opt out", "  стоп. ") or its first word ("STOP please",
    "Тўхта, илтимос"); case, punctuation and the region's extra letters do not matter."""
    words = _NOT_LETTERS.sub(" ", _fold(text)).split()
    if not words:
        return None
    for candidate in ("".join(words), words[0]):
        if candidate in _STOP_WORDS_FOLDED:
            return _STOP_WORDS_FOLDED[candidate]
    return None


def opt_out_record(*, organisation, number_hash: str, via: str, keyword: str = "", by=None) -> OptOut:
    """The organisation's opt-out of the number with key ``number_hash``, recorded now or found as it
    was (idempotent: the first opt-out keeps its date and way). ``by`` is the staff member, None for the
    subscriber themselves. Writes an audit entry (the way only, never the number) when it is new."""
    if not number_hash:
        raise ValueError("an opt-out needs the number's key")
    with transaction.atomic():
        # unscoped: the organisation's own opt-out of this one key (the caller names the organisation).
        existing = OptOut.unscoped.filter(organisation=organisation, number_hash=number_hash).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                opt_out = OptOut.unscoped.create(
                    organisation=organisation, number_hash=number_hash, via=via, keyword=keyword[:32]
                )
        except IntegrityError:  # the same number opted out at the same moment
            # unscoped: as above.
            return OptOut.unscoped.get(organisation=organisation, number_hash=number_hash)
        audit_record(
            by=by,
            action="campaigns.opt_out_recorded",
            obj=opt_out,
            organisation=organisation,
            details={"via": via, "keyword": opt_out.keyword},
        )
        return opt_out


def opt_out_from_reply(*, gateway: Gateway, number: str, text: str) -> bool:
    """A message from ``number`` came in through ``gateway``: when it is a stop word, the number is
    opted out of every list of the gateway's organisation. True when it was a stop word (opted out now
    or already), False otherwise (nothing recorded; an unreadable number is not a stop either). The
    text is not stored; only the canonical stop word is."""
    keyword = stop_keyword(text)
    if keyword is None:
        return False
    try:
        e164 = number_parse(number, default_region=default_region(gateway.organisation))
    except ValidationError:
        return False
    opt_out_record(
        organisation=gateway.organisation,
        number_hash=number_hash(e164),
        via=OptOut.Via.KEYWORD,
        keyword=keyword,
    )
    return True


def gateway_of_webhook(webhook_id) -> Gateway:
    """The gateway a webhook id names (Gateway.DoesNotExist otherwise). Its caller checks the request's
    signature with ``webhook_secret`` before believing anything the request says."""
    # unscoped: the webhook id is the only thing a gateway's callback names; the signature proves it.
    return Gateway.unscoped.select_related("organisation").get(webhook_id=webhook_id)


def opt_out_by_link(*, token: str) -> Subscriber | None:
    """The one-click link: the subscriber whose ``opt_out_token`` it is, now opted out of every list of
    its organisation; None for a token that names nobody (nothing recorded)."""
    if not token:
        return None
    # unscoped: the token, sent only to the subscriber, is the one credential of this public link.
    subscriber = Subscriber.unscoped.select_related("organisation").filter(opt_out_token=token).first()
    if subscriber is None:
        return None
    opt_out_record(
        organisation=subscriber.organisation, number_hash=subscriber.number_hash, via=OptOut.Via.LINK
    )
    return subscriber


def opt_out_add(*, organisation, by, number: str) -> OptOut:
    """Staff record that a number asked to stop (on the phone, in person). ValidationError on
    ``number`` when it is not a valid number; PermissionDenied without ``campaigns.add_optout``."""
    require_perm(by, ADD_OPT_OUT, organisation)
    try:
        e164 = number_parse(number, default_region=default_region(organisation))
    except ValidationError as error:
        raise ValidationError({"number": error.messages}) from None
    return opt_out_record(
        organisation=organisation, number_hash=number_hash(e164), via=choices.OptOutVia.STAFF, by=by
    )


def opt_out_url(subscriber: Subscriber) -> str:
    """The absolute one-click opt-out link of a subscriber, for the end of a message."""
    base = settings.AMANAT_PUBLIC_URL.rstrip("/")
    return base + reverse("campaigns:opt_out_link", args=[subscriber.opt_out_token])
