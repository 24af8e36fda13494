"""A passkey registered and used in Chromium, with a virtual authenticator driven over CDP
(ASVS V6.7 cryptographic authenticators; phishing resistance comes from the origin-bound ceremony)."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.flows import away_from_step_boundary, code

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture
def totp_device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True, tolerance=0)


@pytest.fixture
def authenticator(page):
    """A platform authenticator with user verification, as a phone or laptop with a passkey has."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator_id


@pytest.fixture
def webauthn_origin(settings, live_server):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return live_server.url


def _log_in_with_password(page, base_url):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill("caseworker")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_browser_passkey_registered_then_used_as_second_factor(
    transactional_db, page, webauthn_origin, authenticator, totp_device
):
    cdp, authenticator_id = authenticator
    _log_in_with_password(page, webauthn_origin)
    away_from_step_boundary()
    page.locator("input[name=otp_token]").fill(code(totp_device))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, caseworker")

    page.goto(f"{webauthn_origin}/accounts/security/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added on")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    _log_in_with_password(page, webauthn_origin)
    page.get_by_role("button", name="Verify with a passkey").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, caseworker")
    assert page.url == f"{webauthn_origin}/"
    credential = WebAuthnCredential.objects.get(user__username="caseworker")
    assert credential.last_used_at is not None
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1


def test_browser_passkey_of_another_origin_is_refused(
    transactional_db, page, live_server, settings, authenticator, totp_device
):
    """Phishing resistance: a ceremony the browser ran for another origin is not accepted."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://amanat.example.org"]
    _log_in_with_password(page, live_server.url)
    away_from_step_boundary()
    page.locator("input[name=otp_token]").fill(code(totp_device))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, caseworker")

    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page.locator("#passkey-register-status-message")).not_to_be_empty()
    assert WebAuthnCredential.objects.exists() is False
