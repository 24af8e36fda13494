"""Closing a case with a referral still open, in a real browser: closure lists the referral and asks,
refuses a submit without the choice (keeping what was typed), withdraws it when told, and the kept
follow-ups stay in the caseworker's due list after closure."""

import datetime
import os
import tempfile
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case, FollowUp, Referral, choices
from cases.tests.factories import ReferralFactory
from cases.tests.test_browser_case_story import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tempfile.gettempdir()))


def test_closure_with_an_open_referral_asks_and_withdraws_it(
    transactional_db, page, client, live_server, ngo, other_ngo, caseworker
):
    case = services.case_register(
        by=caseworker, organisation=ngo, given_name="Nodira", family_name="Sintetova", sex="female"
    )
    referral = ReferralFactory(
        organisation=ngo, case=case, to_organisation=other_ngo, requested_by=caseworker
    )
    returned = timezone.localdate() - datetime.timedelta(days=40)
    services.followup_schedule(case=case, by=caseworker, return_date=returned)
    log_in(page, client, live_server, caseworker)

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("button", name="Close the case").click()
    referrals = page.get_by_role("region", name="Open referrals")
    expect(referrals.get_by_role("group", name="Referral to Human Rights Centre")).to_be_visible()
    page.get_by_label("Reason for closure").select_option("relocated")
    page.get_by_label("Keep them: monitoring goes on after closure").check()
    page.get_by_role("button", name="Close the case").click()

    expect(page.get_by_role("alert")).to_contain_text("Referral to Human Rights Centre")
    expect(page.get_by_role("alert")).to_contain_text("Choose what happens to it.")
    expect(page.get_by_label("Reason for closure")).to_have_value("relocated")
    expect(page.get_by_label("Keep them: monitoring goes on after closure")).to_be_checked()
    assert not Case.unscoped.get(pk=case.pk).is_closed
    page.screenshot(path=SCREENSHOTS / "amanat-case-close-choice.png", full_page=True)

    page.get_by_label("Withdraw the request").check()
    page.get_by_role("button", name="Close the case").click()

    expect(page.get_by_text("Case closed.")).to_be_visible()
    assert Case.unscoped.get(pk=case.pk).stage == choices.Stage.CLOSED
    assert Referral.unscoped.get(pk=referral.pk).status == choices.ReferralStatus.WITHDRAWN
    page.goto(f"{live_server.url}/cases/followups/")
    expect(page.get_by_role("link", name=case.code)).to_be_visible()
    assert FollowUp.unscoped.filter(case=case).pending().count() == 4
