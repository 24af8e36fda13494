"""Sessions that end: idle and absolute limits, browser-session cookies, and every session ended when the
password changes or is reset (issue 6, item 3; ASVS 5.0 V7).

The clock is not mocked: each test moves the times the session stores back, as if time had passed."""

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.middleware import LOGIN_AT_KEY, SEEN_AT_KEY, USER_SESSION_ID_KEY
from accounts.models import Membership, UserSession
from accounts.tests.factories import TEST_PASSWORD

ENDED = "Your session has ended. Sign in again."
NEW_PASSWORD = "a fresh long passphrase 42"


def _move_back(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def _signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.fixture
def second_browser(client):
    """Another browser of the same kind as ``client`` (second factor passed on force_login)."""
    return client.__class__


def test_session_idle_past_the_limit_is_signed_out_with_a_message_v7_3_1(client, coordinator):
    """ASVS 5.0 V7.3.1: inactivity ends the session (15 minutes by default)."""
    client.force_login(coordinator)
    _move_back(client, SEEN_AT_KEY, settings.AMANAT_SESSION_IDLE_SECONDS)

    response = client.get(reverse("home"))

    assert response.url == f"{reverse('accounts:login')}?next=/"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response.url)
    assert [str(message) for message in login_page.context["messages"]] == [ENDED]
    assert UserSession.objects.filter(user=coordinator).exists() is False


def test_session_used_within_the_idle_limit_stays_and_its_idle_clock_restarts(client, coordinator):
    client.force_login(coordinator)
    _move_back(client, SEEN_AT_KEY, settings.AMANAT_SESSION_IDLE_SECONDS - 5)
    before = time.time()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert client.session[SEEN_AT_KEY] >= before
    assert UserSession.objects.get(user=coordinator).last_seen_at.timestamp() >= before - 1


def test_session_past_the_absolute_limit_is_signed_out_however_busy_v7_3_2(client, coordinator):
    """ASVS 5.0 V7.3.2: the session ends 12 hours after login, whatever its activity."""
    client.force_login(coordinator)
    _move_back(client, LOGIN_AT_KEY, settings.AMANAT_SESSION_ABSOLUTE_SECONDS)

    assert _signed_out(client) is True


def test_session_absolute_limit_never_moves(client, coordinator):
    client.force_login(coordinator)
    _move_back(client, SEEN_AT_KEY, 120)  # the next request records activity
    login_at, seen_at = client.session[LOGIN_AT_KEY], client.session[SEEN_AT_KEY]

    client.get(reverse("home"))

    assert client.session[LOGIN_AT_KEY] == login_at
    assert client.session[SEEN_AT_KEY] > seen_at


def test_session_limits_come_from_settings(client, coordinator, settings):
    settings.AMANAT_SESSION_IDLE_SECONDS = 60
    client.force_login(coordinator)
    _move_back(client, SEEN_AT_KEY, 61)

    assert _signed_out(client) is True


def test_session_without_recorded_times_fails_closed(client, coordinator):
    client.force_login(coordinator)
    session = client.session
    del session[LOGIN_AT_KEY]
    session.save()

    assert _signed_out(client) is True


def test_session_expired_on_the_api_answers_401_json(client, coordinator):
    client.force_login(coordinator)
    _move_back(client, SEEN_AT_KEY, settings.AMANAT_SESSION_IDLE_SECONDS)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"error": ENDED, "field": None}


def test_session_cookie_lasts_only_while_the_browser_is_open(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": TEST_PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")
    assert cookie["httponly"] is True


def test_login_renews_the_session_key_v7_2_4(client, coordinator):
    """ASVS 5.0 V7.2.4: a new session key at authentication (session fixation)."""
    client.get(reverse("accounts:login"))
    session = client.session
    session["before_login"] = True
    session.save()
    anonymous_key = client.session.session_key

    client.post(reverse("accounts:login"), {"username": "coordinator", "password": TEST_PASSWORD})

    assert client.session.session_key != anonymous_key
    assert UserSession.objects.get(user=coordinator).session_key == client.session.session_key


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-" + "x" * 60,
    "ALLOWED_HOSTS": "amanat.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    # Not the published test keys of conftest.py, which production refuses.
    "AMANAT_KEYS": "kprod:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=,"
    "blind-index:YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn8=",
    "AMANAT_SESSION_IDLE_SECONDS": "600",
    "DATABASE_URL": "",
}
PRODUCTION_SETTINGS = [
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_DOMAIN",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "AMANAT_SESSION_IDLE_SECONDS",
    "AMANAT_SESSION_ABSOLUTE_SECONDS",
]


def _production_settings() -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "amanat.settings"}
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_prefixed_secure_and_browser_session_v3_3_1():
    """ASVS 5.0 V3.3.1, V3.3.3: Secure, __Host- named (Path=/, no Domain) cookies when DEBUG is off."""
    production = _production_settings()

    assert production == {
        "SESSION_COOKIE_NAME": "__Host-amanat_session",
        "CSRF_COOKIE_NAME": "__Host-amanat_csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_PATH": "/",
        "CSRF_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "AMANAT_SESSION_IDLE_SECONDS": 600,
        "AMANAT_SESSION_ABSOLUTE_SECONDS": 12 * 3600,
    }


def test_production_cookie_headers_carry_the_host_prefix_attributes_v3_3_4(coordinator, settings):
    """ASVS 5.0 V3.3.1-V3.3.4: the headers browsers get: Secure, SameSite, HttpOnly session cookie."""
    for name, value in _production_settings().items():
        setattr(settings, name, value)
    visitor = Client()

    login_page = visitor.get(reverse("accounts:login"), secure=True)
    response = visitor.post(
        reverse("accounts:login"), {"username": "coordinator", "password": TEST_PASSWORD}, secure=True
    )

    session_cookie = response.cookies["__Host-amanat_session"]
    csrf_cookie = login_page.cookies["__Host-amanat_csrftoken"]
    for cookie in (session_cookie, csrf_cookie):
        assert (cookie["path"], cookie["domain"], cookie["secure"], cookie["samesite"]) == (
            "/",
            "",
            True,
            "Lax",
        )
    assert (session_cookie["max-age"], session_cookie["expires"], session_cookie["httponly"]) == (
        "",
        "",
        True,
    )


def test_password_change_ends_every_other_session_and_keeps_this_one_v7_4_3(
    client, second_browser, coordinator
):
    """ASVS 5.0 V7.4.3: after a password change the user's other sessions end."""
    client.force_login(coordinator)
    elsewhere = second_browser()
    elsewhere.force_login(coordinator)
    login_at = client.session[LOGIN_AT_KEY]

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.url == reverse("accounts:password_change_done")
    assert _signed_out(elsewhere) is True
    assert client.get(reverse("home")).status_code == 200
    remaining = UserSession.objects.get(user=coordinator)
    assert (remaining.pk, remaining.session_key) == (
        client.session[USER_SESSION_ID_KEY],
        client.session.session_key,
    )
    assert client.session[LOGIN_AT_KEY] == login_at  # a new key, the same absolute limit


def test_password_reset_ends_every_session_v7_4_3(second_browser, caseworker):
    signed_in = second_browser()
    signed_in.force_login(caseworker)
    visitor = Client()
    visitor.post(reverse("accounts:password_reset"), {"email": "caseworker@example.org"})
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    form_page = visitor.get(link, follow=True)

    visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert _signed_out(signed_in) is True
    assert UserSession.objects.filter(user=caseworker).exists() is False


def test_membership_removal_ends_every_session_of_the_user_v7_4_2(
    client, second_browser, manager, caseworker
):
    """ASVS 5.0 V7.4.2: a user who loses their access loses every session at once."""
    signed_in = second_browser()
    signed_in.force_login(caseworker)
    client.force_login(manager)

    client.post(reverse("accounts:membership_revoke", args=[Membership.unscoped.get(user=caseworker).pk]))

    assert _signed_out(signed_in) is True
    assert client.get(reverse("home")).status_code == 200


def test_logout_ends_only_this_session_v7_4_1(client, second_browser, coordinator):
    client.force_login(coordinator)
    elsewhere = second_browser()
    elsewhere.force_login(coordinator)

    client.post(reverse("accounts:logout"))

    assert _signed_out(client) is True
    assert _signed_out(elsewhere) is False
    assert UserSession.objects.filter(user=coordinator).count() == 1


def test_sign_out_everywhere_service_ends_sessions_for_s6_twofactor(second_browser, caseworker):
    signed_in = second_browser()
    signed_in.force_login(caseworker)
    services.api_token_issue(by=caseworker, second_factor_passed=True)

    counts = services.user_sign_out_everywhere(user=caseworker, by=None, reason="two_factor_reset")

    assert counts == {"sessions": 1, "tokens": 1}
    assert _signed_out(signed_in) is True


def test_login_forgets_the_users_sessions_that_can_no_longer_be_used(client, second_browser, coordinator):
    idle = second_browser()
    idle.force_login(coordinator)
    _move_back(idle, SEEN_AT_KEY, settings.AMANAT_SESSION_IDLE_SECONDS)
    UserSession.objects.filter(pk=idle.session[USER_SESSION_ID_KEY]).update(
        last_seen_at=timezone.now() - datetime.timedelta(seconds=settings.AMANAT_SESSION_IDLE_SECONDS + 61)
    )
    live = second_browser()
    live.force_login(coordinator)

    client.force_login(coordinator)

    assert set(UserSession.objects.values_list("pk", flat=True)) == {
        live.session[USER_SESSION_ID_KEY],
        client.session[USER_SESSION_ID_KEY],
    }
