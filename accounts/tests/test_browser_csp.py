"""The main pages and the API documentation work in Chromium under the Content-Security-Policy.

Every Content-Security-Policy violation the browser reports (the ``securitypolicyviolation`` event and
its console message) fails the test, and each page is checked to be still styled by our static CSS."""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from accounts.tests.flows import INVITED_PASSWORD, accept_invitation, log_in
from cases.tests.factories import VictimFactory

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

# Runs before any script of the page, outside the page's CSP: collects what the policy blocked.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
# Our stylesheet moves the skip link out of sight until focused; Pico styles every button.
STYLED = """() => ({
  skipLinkPosition: getComputedStyle(document.querySelector(".skip-link")).position,
  skipLinkTop: getComputedStyle(document.querySelector(".skip-link")).top,
  buttonRadius: getComputedStyle(document.querySelector("button")).borderTopLeftRadius,
})"""


@pytest.fixture
def violations(page):
    """The CSP violations of every page the test opens, from the event and from the console."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def seen():
        found = [*page.evaluate("window.__cspViolations"), *console]
        console.clear()
        return found

    return seen


def sign_in(page, client, live_server, user, *, second_factor=True):
    """The browser gets the session of ``client`` (the cast's client passes the second factor)."""
    if second_factor:
        client.force_login(user)
    else:
        Client.force_login(client, user)  # the plain login: password only
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def assert_styled(page):
    styled = page.evaluate(STYLED)

    assert styled["skipLinkPosition"] == "absolute", styled
    assert styled["skipLinkTop"] == "-64px", styled
    assert styled["buttonRadius"] not in ("", "0px"), styled


def test_main_pages_show_styled_without_csp_violation(
    transactional_db, page, client, live_server, ngo, violations
):
    """ASVS 3.4.3 (CSP): the pages a caseworker uses most, and the public ones, run under the policy."""
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="caseworker")
    case = VictimFactory(organisation=ngo).case
    pages = {
        "login": (reverse("accounts:login"), "Log in"),
        "directory": (reverse("network:directory"), "Referral directory"),
    }
    signed_in_pages = {
        "home": (reverse("home"), "Welcome, caseworker"),
        "case list": (reverse("cases:case_list"), "Cases"),
        "case detail": (reverse("cases:case_detail", args=[case.pk]), f"Case {case.code}"),
    }
    opened = {}

    for name, (path, heading) in pages.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_styled(page)
        opened[name] = violations()
    sign_in(page, client, live_server, caseworker)
    for name, (path, heading) in signed_in_pages.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_styled(page)
        opened[name] = violations()

    assert opened == {name: [] for name in [*pages, *signed_in_pages]}


def test_two_factor_setup_page_shows_qr_code_without_csp_violation(
    transactional_db, page, client, live_server, ngo, violations
):
    """ASVS 3.4.3 (CSP): the inline SVG QR code needs no inline style or script."""
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="caseworker")
    visitor = Client()
    accept_invitation(visitor, caseworker)  # only the invitation's link lets a first device be set up
    log_in(visitor, "caseworker", INVITED_PASSWORD)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": visitor.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    page.goto(f"{live_server.url}{reverse('accounts:two_factor_setup')}")

    expect(page.locator("figure.qr-code svg")).to_be_visible()
    assert_styled(page)
    assert violations() == []


def test_api_docs_render_operations_without_csp_violation(
    transactional_db, page, client, live_server, ngo, violations
):
    """ASVS 3.4.3 (CSP): Swagger UI's init script runs with its nonce, its CSS comes from static files."""
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="caseworker")
    sign_in(page, client, live_server, caseworker)

    # A deep link to the cases: Swagger UI renders only the operations near the viewport (virtualised).
    page.goto(f"{live_server.url}{reverse('api:docs')}#/cases/cases_list")

    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/cases/").first).to_be_visible()
    assert violations() == []
