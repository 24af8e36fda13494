"""The second factor on every web page; Django's own ``LoginRequiredMiddleware`` asks for the login.

Public views say so with ``django.contrib.auth.decorators.login_not_required``; the API's views are all
marked so (``api/urls.py``) because DRF authenticates them itself and answers JSON, and its
``api.permissions.SecondFactorPassed`` asks for the second factor of sessions and tokens alike."""

import hashlib
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework.views import APIView

from accounts import selectors, services


def second_factor_not_required(view_func):
    """Mark a view that a user who has signed in but not yet passed the second factor may open
    (the two-factor page itself, logging out)."""
    view_func.second_factor_required = False
    return view_func


def _is_api_view(view_func) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class TwoFactorRequiredMiddleware:
    """A user whose role can read personal data, or who set up a second factor anyway, must pass it
    before any page but the public ones, the two-factor page and logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not user.is_authenticated
            or user.is_verified()
            or not getattr(view_func, "second_factor_required", True)
            or _is_api_view(view_func)  # SecondFactorPassed answers 403 JSON, for tokens too
            or not getattr(view_func, "login_required", True)  # a public page
            or not selectors.two_factor_required(user=user)
        ):
            return None
        return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")


class SignInThrottleMiddleware:
    """Answers 429 with Retry-After when the request's sign-in attempt was delayed (accounts/throttle.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        wait = getattr(request, "amanat_retry_after", None)
        if wait:
            from accounts.views import locked_out

            return locked_out(request, retry_after=wait)
        return response


# What SessionLimitsMiddleware keeps in a signed-in session (set on login by accounts.signals).
USER_SESSION_ID_KEY = "amanat_user_session_id"
LOGIN_AT_KEY = "amanat_login_at"  # epoch seconds of the login; never moves
SEEN_AT_KEY = "amanat_seen_at"  # epoch seconds of the last request, written at most once a minute
SESSION_KEY_DIGEST_KEY = "amanat_session_key_digest"  # notices a renewed key (password change, 2FA)
REAUTHENTICATED_AT_KEY = "amanat_reauthenticated_at"  # epoch seconds the password was last given


def session_key_digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]


def session_start(session, user_session_id: int, now: float) -> None:
    session[USER_SESSION_ID_KEY] = user_session_id
    session[LOGIN_AT_KEY] = now
    session[SEEN_AT_KEY] = now
    session[REAUTHENTICATED_AT_KEY] = now
    session[SESSION_KEY_DIGEST_KEY] = session_key_digest(session.session_key)


def session_expired(session, now: float) -> bool:
    """Idle too long, or signed in too long ago. A session without the times (one from before these
    limits existed) counts as expired: it fails closed."""
    login_at, seen_at = session.get(LOGIN_AT_KEY), session.get(SEEN_AT_KEY)
    if login_at is None or seen_at is None:
        return True
    return (
        now - login_at >= settings.AMANAT_SESSION_ABSOLUTE_SECONDS
        or now - seen_at >= settings.AMANAT_SESSION_IDLE_SECONDS
    )


class SessionLimitsMiddleware:
    """A signed-in session ends after ``AMANAT_SESSION_IDLE_SECONDS`` without a request and, in any case,
    ``AMANAT_SESSION_ABSOLUTE_SECONDS`` after the login. An ended session is logged out: the web
    redirects to the login page with a message, the API answers 401 JSON.

    It also keeps the session's record (``UserSession``) current: last seen, and the key after a renewal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        if signed_in:
            now = time.time()
            if session_expired(request.session, now):
                return self._expired(request)
            if now - request.session[SEEN_AT_KEY] >= services.LAST_SEEN_RESOLUTION.total_seconds():
                request.session[SEEN_AT_KEY] = now
                services.user_session_seen(user_session_id=request.session.get(USER_SESSION_ID_KEY))
        response = self.get_response(request)
        if signed_in:
            self._follow_renewed_key(request.session)
        return response

    def _expired(self, request):
        logout(request)
        message = _("Your session has ended. Sign in again.")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": str(message), "field": None}, status=401)
        messages.info(request, message)
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={quote(request.path)}")

    def _follow_renewed_key(self, session) -> None:
        user_session_id, session_key = session.get(USER_SESSION_ID_KEY), session.session_key
        if user_session_id is None or session_key is None:
            return
        digest = session_key_digest(session_key)
        if session.get(SESSION_KEY_DIGEST_KEY) != digest:
            services.user_session_rekey(user_session_id=user_session_id, session_key=session_key)
            session[SESSION_KEY_DIGEST_KEY] = digest
