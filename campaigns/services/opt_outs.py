"""STAND-IN (camp-send branch) for the subscribers helper's ``campaigns.services.opt_outs``: only the one
function the SMS worker calls, so its inbound-message path runs. The integrator keeps the real module."""

from __future__ import annotations

from campaigns.models import OptOut
from campaigns.numbers import number_hash

STOP_WORDS = {"STOP", "СТОП", "STOPP", "ТОХТАТ", "БАС"}


def opt_out_from_reply(*, gateway, number: str, text: str) -> bool:
    keyword = (text or "").strip().upper()
    if keyword not in STOP_WORDS:
        return False
    # unscoped: a stand-in; the real module records through opt_out_record.
    OptOut.unscoped.get_or_create(
        organisation=gateway.organisation,
        number_hash=number_hash(number),
        defaults={"via": OptOut.Via.KEYWORD, "keyword": keyword},
    )
    return True
