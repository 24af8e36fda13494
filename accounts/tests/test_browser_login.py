import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.flows import away_from_step_boundary

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture
def totp_device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def _log_in_with_code(page, totp_device, *, log_in_button, verify_button):
    page.locator("input[name=username]").fill("caseworker")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name=log_in_button).click()
    # A code is good for its own 30 s step only: one typed just before the step ends would be stale.
    away_from_step_boundary(margin=5)
    page.locator("input[name=otp_token]").fill(f"{totp(totp_device.bin_key):06d}")
    page.get_by_role("button", name=verify_button).click()


def test_browser_login_with_password_and_code_lands_on_home(transactional_db, page, live_server, totp_device):
    page.goto(f"{live_server.url}/accounts/login/")

    _log_in_with_code(page, totp_device, log_in_button="Log in", verify_button="Verify")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, caseworker")
    assert page.url == f"{live_server.url}/"


def test_browser_login_in_russian(transactional_db, page, live_server, totp_device):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Войти")

    _log_in_with_code(page, totp_device, log_in_button="Войти", verify_button="Подтвердить")

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Добро пожаловать, caseworker")
    assert page.url == f"{live_server.url}/"
