"""Sign-in throttling: a progressive delay, never a permanent lock (README: "Sign-in protection").

Failures are counted in three places, each with its own limit:

- an account at one client address (``PAIR``): a guesser at one address is slowed first;
- an account from anywhere (``ACCOUNT``): guessing from many addresses is slowed too;
- one client address for any account (``ADDRESS``): password spraying from one address.

When a count reaches its limit the key is delayed for ``delay × 2^(n-1)`` (n: how many delays in a
row), at most ``max delay``. While a key is delayed every attempt is refused without looking at the
password and *is not counted*, so an attacker cannot extend the delay: it ends on its own, and the
owner, signing in from another address, is only held by the account's own (higher) limit. A full
sign-in (password and, where required, the second factor) clears the account's counts. Counts are
forgotten a day after the last failure. Managers clear an account's delay from the users page.

Keys are keyed hashes: neither the user names people type (which may be mistyped passwords) nor
client addresses are stored. IPv6 addresses count by their /64 network, as one host usually holds a
whole /64. The client address comes from the trusted proxy's ``X-Forwarded-For`` only when
``AMANAT_BEHIND_PROXY`` says a proxy is in front (``AMANAT_PROXY_COUNT`` proxies); otherwise from the
socket, so nobody can choose their own address by sending the header.

The same table limits password-reset e-mails (``RESET_ACCOUNT``, ``RESET_ADDRESS``): each request
counts, not only failures.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import SignInThrottle

Scope = SignInThrottle.Scope


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    delay_seconds: int
    max_delay_seconds: int

    def delay(self, level: int) -> timedelta:
        seconds = self.delay_seconds * 2 ** max(level - 1, 0)
        return timedelta(seconds=min(seconds, self.max_delay_seconds))


def _rules() -> dict[str, Rule]:
    delay = settings.AMANAT_SIGNIN_DELAY_SECONDS
    max_delay = settings.AMANAT_SIGNIN_MAX_DELAY_SECONDS
    hour = 3600
    return {
        Scope.PAIR: Rule(
            Scope.PAIR, settings.AMANAT_SIGNIN_FAILURES_PER_ACCOUNT_AT_ADDRESS, delay, max_delay
        ),
        Scope.ACCOUNT: Rule(Scope.ACCOUNT, settings.AMANAT_SIGNIN_FAILURES_PER_ACCOUNT, delay, max_delay),
        Scope.ADDRESS: Rule(Scope.ADDRESS, settings.AMANAT_SIGNIN_FAILURES_PER_ADDRESS, delay, max_delay),
        Scope.RESET_ACCOUNT: Rule(Scope.RESET_ACCOUNT, settings.AMANAT_RESET_EMAILS_PER_ACCOUNT, hour, hour),
        Scope.RESET_ADDRESS: Rule(Scope.RESET_ADDRESS, settings.AMANAT_RESET_EMAILS_PER_ADDRESS, hour, hour),
    }


FORGET_AFTER = timedelta(days=1)


# Keys ------------------------------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address: from the trusted proxy's header only when a proxy is configured."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.AMANAT_BEHIND_PROXY:
        # Each proxy appends the address it received from; the client's is the one our nearest
        # AMANAT_PROXY_COUNT proxies appended, so entries the client typed in front are ignored.
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.AMANAT_PROXY_COUNT:
            address = forwarded[-settings.AMANAT_PROXY_COUNT]
    return address


def _address_key(request) -> str:
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return _hash("address", address)
    if parsed.version == 6:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return _hash("address", address)


def account_key(username: str) -> str:
    return _hash("account", (username or "").strip().casefold())


def _hash(kind: str, value: str) -> str:
    return salted_hmac(f"amanat.throttle.{kind}", value, algorithm="sha256").hexdigest()[:40]


def _keys(request, username: str) -> dict[str, tuple[str, str]]:
    account, address = account_key(username), _address_key(request)
    return {
        Scope.PAIR: (account, address),
        Scope.ACCOUNT: (account, ""),
        Scope.ADDRESS: ("", address),
    }


# Checks and counts --------------------------------------------------------------------------------------


def _seconds_until(moment) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def _retry_after(keys: dict[str, tuple[str, str]]) -> int | None:
    any_key = Q()
    for scope, (account, address) in keys.items():
        any_key |= Q(scope=scope, account_key=account, address_key=address)
    latest = (
        SignInThrottle.objects.filter(any_key, locked_until__gt=timezone.now())
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return _seconds_until(latest) if latest else None


def _count(*, scope: str, account: str, address: str) -> int | None:
    """Count one event for the key; seconds to wait when it reaches the limit, else None."""
    rule = _rules()[scope]
    now = timezone.now()
    with transaction.atomic():
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(
            scope=scope, account_key=account, address_key=address
        )
        if row.locked_until and row.locked_until > now:
            return None  # refused before counting; the delay is never extended
        if row.last_event_at and now - row.last_event_at > FORGET_AFTER:
            row.events, row.level = 0, 0
        row.events += 1
        row.last_event_at = now
        if row.events >= rule.limit:
            row.level += 1
            row.events = 0
            row.locked_until = now + rule.delay(row.level)
        row.save(update_fields=["events", "level", "last_event_at", "locked_until"])
        return _seconds_until(row.locked_until) if row.events == 0 else None


def signin_retry_after(*, request, username: str) -> int | None:
    """Seconds this sign-in must wait (account, address or both delayed), or None."""
    return _retry_after(_keys(request, username))


def signin_failure(*, request, username: str) -> int | None:
    """Count a wrong password or code; seconds to wait when this failure started a delay."""
    if signin_retry_after(request=request, username=username):
        return None
    waits = [
        _count(scope=scope, account=account, address=address)
        for scope, (account, address) in _keys(request, username).items()
    ]
    waits = [wait for wait in waits if wait]
    return max(waits) if waits else None


def signin_success(*, username: str) -> None:
    """A full sign-in: the account's counts start again (its address's count stays)."""
    SignInThrottle.objects.filter(
        scope__in=[Scope.PAIR, Scope.ACCOUNT], account_key=account_key(username)
    ).delete()


def signin_delayed_until(*, username: str):
    """Until when the account is delayed from anywhere or from some address, or None."""
    rows = SignInThrottle.objects.filter(
        scope__in=[Scope.PAIR, Scope.ACCOUNT],
        account_key=account_key(username),
        locked_until__gt=timezone.now(),
    )
    return max((row.locked_until for row in rows), default=None)


def signin_unlock(*, username: str) -> int:
    """Clear the account's delays and counts at every address; how many were cleared."""
    deleted, _ = SignInThrottle.objects.filter(
        scope__in=[Scope.PAIR, Scope.ACCOUNT], account_key=account_key(username)
    ).delete()
    return deleted


# Password reset ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetDecision:
    send: bool  # False once the account had its share: the page still says the same
    retry_after: int | None  # the address asked too often: refuse with 429


def reset_request(*, request, email: str) -> ResetDecision:
    """Count a password-reset request for the address and for the account (e-mail)."""
    address = _address_key(request)
    wait = _retry_after({Scope.RESET_ADDRESS: ("", address)})
    if wait:
        return ResetDecision(send=False, retry_after=wait)
    _count(scope=Scope.RESET_ADDRESS, account="", address=address)
    account = account_key(email)
    if _retry_after({Scope.RESET_ACCOUNT: (account, "")}):
        return ResetDecision(send=False, retry_after=None)
    _count(scope=Scope.RESET_ACCOUNT, account=account, address="")
    return ResetDecision(send=True, retry_after=None)


# Django's sign-in signals (connected in AccountsConfig.ready) ---------------------------------------------


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A wrong password (Django's authenticate) or a wrong second-factor code (our views) counts."""
    if request is None or getattr(request, "amanat_retry_after", None):
        return
    wait = signin_failure(request=request, username=credentials.get("username") or "")
    if wait:
        request.amanat_retry_after = wait


def on_logged_in(sender, request, user, **kwargs) -> None:
    """The password passed; for users with a second factor the count clears only once it passes too."""
    from django_otp import user_has_device

    if not (user.requires_two_factor or user_has_device(user, confirmed=True)):
        signin_success(username=user.get_username())
