"""The second factor's session state: who may set one up, and what passing it does to the session.

A user without a second factor may set one up only from a session that is already verified, or that
followed the link of their invitation (or of a password reset, which is the same link) moments ago:
a stolen password alone never lets an attacker enrol their own phone.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_otp import login as otp_login

ENROL_SESSION_KEY = "two_factor_may_enrol"


def enrolment_allow(request, *, user) -> None:
    """Let this browser session set up a first second factor for ``user`` for a limited time.

    Called when ``user`` followed the one-time link of their invitation or password reset."""
    until = time.time() + settings.AMANAT_TWO_FACTOR_ENROL_SECONDS
    request.session[ENROL_SESSION_KEY] = {"user_id": user.pk, "until": until}


def enrolment_allowed(request) -> bool:
    """True when the session is verified, or followed ``user``'s invitation link within the window."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified():
        return True
    grant = request.session.get(ENROL_SESSION_KEY) or {}
    return grant.get("user_id") == user.pk and float(grant.get("until", 0)) > time.time()


def enrolment_end(request) -> None:
    request.session.pop(ENROL_SESSION_KEY, None)


def two_factor_passed(request, device) -> None:
    """Mark the session verified by ``device`` and give it a new key (a key seen before is worthless).

    A full sign-in: the account's failed attempts are forgotten (accounts/throttle.py)."""
    from accounts import throttle

    otp_login(request, device)
    throttle.signin_success(username=request.user.get_username())
    enrolment_end(request)
    request.session.cycle_key()
