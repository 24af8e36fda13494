"""A caseworker's whole story in a real browser: intake, a service, a cross-border referral accepted
by an NGO in Kazakhstan, three follow-ups and the closure."""

import datetime
import os
import tempfile
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.models import AssistanceService, Case, FollowUp, Referral, choices
from network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tempfile.gettempdir()))


def log_in(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_caseworker_story_from_intake_to_closure(
    transactional_db, page, client, live_server, ngo, caseworker
):
    kz_ngo = OrganisationFactory(name_en="Sana Sezim", country="KZ", region_id=None, city="Almaty")
    kz_caseworker = user_with_role(Role.CASEWORKER, kz_ngo, username="kz_caseworker")
    today = timezone.localdate()
    returned = today - datetime.timedelta(days=400)
    log_in(page, client, live_server, caseworker)

    # Intake, step by step
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Given name").fill("Nodira")
    page.get_by_label("Family name").fill("Sintetova")
    page.get_by_label("Sex", exact=True).select_option("female")
    page.get_by_label("Birth date").fill("1994-07-15")
    page.get_by_label("Citizenship").select_option(["TJ"])
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Referred by").select_option("hotline")
    page.get_by_label("Identity documents withheld").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Forced labour", exact=True).check()
    page.get_by_label("Country of exploitation").select_option("RU")
    page.get_by_label("Exploited from (entry)").fill("2025-03-01")
    page.get_by_label("Exploited until (exit)").fill("2025-09-01")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Assistance", exact=True).select_option("given")
    page.screenshot(path=SCREENSHOTS / "amanat-case-intake.png", full_page=True)
    page.get_by_role("button", name="Save and review").click()
    page.get_by_role("button", name="Register the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case TJ-")
    case = Case.unscoped.get()
    case_url = f"{live_server.url}/cases/{case.pk}"

    # A service
    page.goto(f"{case_url}/services/")
    page.get_by_role("button", name="Record a service").click()
    page.get_by_label("Service").select_option("psychological")
    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("cell", name="Psychological support")).to_be_visible()

    # Consent to sharing with the NGO in Kazakhstan, then the cross-border referral
    page.goto(f"{case_url}/consent/")
    page.get_by_role("button", name="Record consent").click()
    page.get_by_label("Purpose").select_option("sharing")
    page.get_by_label("Organisation (for sharing)").select_option(str(kz_ngo.pk))
    page.get_by_label("Screening", exact=True).check()  # the part of the case the consent covers
    page.get_by_role("button", name="Record", exact=True).click()
    page.goto(f"{case_url}/referrals/")
    page.get_by_label("Receiving organisation").select_option(str(kz_ngo.pk))
    page.get_by_label("Service needed").select_option("legal_aid")
    page.get_by_label("Screening", exact=True).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("cross-border")).to_be_visible()

    # The other NGO's caseworker accepts it
    log_in(page, client, live_server, kz_caseworker)
    page.goto(f"{live_server.url}/cases/referrals/")
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.code)

    # Back home: three follow-ups recorded
    log_in(page, client, live_server, caseworker)
    page.goto(f"{case_url}/reintegration/")
    page.get_by_role("button", name="Schedule follow-ups").click()
    page.get_by_label("Date of return").fill(returned.isoformat())
    page.get_by_role("button", name="Schedule", exact=True).click()
    for number in range(3):
        page.goto(f"{case_url}/reintegration/")
        page.get_by_role("link", name="Edit").nth(number).click()
        page.get_by_label("Done on").fill(today.isoformat())
        page.get_by_label("Outcome").fill(f"Follow-up {number + 1}: working and well")
        page.get_by_role("button", name="Save").click()
    page.screenshot(path=SCREENSHOTS / "amanat-case-reintegration.png", full_page=True)

    # Closure
    page.goto(f"{case_url}/")
    page.get_by_role("button", name="Close the case").click()
    page.get_by_label("Reason for closure").select_option("reintegrated")
    page.get_by_label("Keep sharing").check()  # the NGO in Kazakhstan goes on serving her
    page.get_by_label("Keep them: monitoring goes on after closure").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "amanat-case-closed.png", full_page=True)

    # The case list on a phone, in Russian
    page.set_viewport_size({"width": 375, "height": 740})
    page.context.add_cookies([{"name": "amanat_language", "value": "ru", "url": live_server.url}])
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Дела")
    expect(page.get_by_role("link", name=case.code)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "amanat-case-list-phone-ru.png", full_page=True)

    case.refresh_from_db()
    assert case.stage == choices.Stage.CLOSED
    assert list(AssistanceService.unscoped.values_list("type", flat=True)) == ["psychological"]
    assert Referral.unscoped.get().status == choices.ReferralStatus.ACCEPTED
    assert FollowUp.unscoped.filter(done_on=today).count() == 3
