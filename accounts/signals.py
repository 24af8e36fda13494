"""Login and logout keep the record of the user's sessions (``UserSession``) complete.

Receivers only: what is recorded is decided in ``accounts.services``."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts import services
from accounts.middleware import USER_SESSION_ID_KEY, session_start
from accounts.throttle import client_address


@receiver(user_logged_in, dispatch_uid="accounts.user_session_started")
def user_session_started(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:  # a login without a session (an API client through DRF) has nothing to record
        return
    if session.session_key is None:
        session.save()
    user_session = services.user_session_start(
        user=user,
        session_key=session.session_key,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        address=client_address(request),  # through the trusted proxy only when one is configured
    )
    session_start(session, user_session.pk, time.time())


@receiver(user_logged_out, dispatch_uid="accounts.user_session_ended")
def user_session_ended(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if user is None or session is None:
        return
    services.user_session_forget(user=user, user_session_id=session.get(USER_SESSION_ID_KEY))
