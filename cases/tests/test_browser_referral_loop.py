"""The referral loop in a real browser: an NGO in Kazakhstan accepts a referral, records the service it
gives on the shared case and completes the referral; the referring caseworker sees who completed it and
the service on the case's timeline."""

import datetime
import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases import services
from cases.models import AssistanceService, Referral, choices
from cases.tests.test_browser_case_story import log_in
from network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def test_referral_accepted_served_and_completed_by_the_receiver(
    transactional_db, page, client, live_server, ngo, caseworker
):
    kz_ngo = OrganisationFactory(name_en="Sana Sezim", country="KZ", region_id=None, city="Almaty")
    kz_caseworker = user_with_role(Role.CASEWORKER, kz_ngo, username="kz_caseworker")
    case = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Nodira",
        family_name="Sintetova",
        birth_date=datetime.date(1994, 7, 15),
        sex="female",
        citizenship=["TJ"],
    )
    sections = ["screening", "services"]
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=kz_ngo, method="written", sections=sections
    )
    services.referral_request(
        case=case, by=caseworker, to_organisation=kz_ngo, sections=sections, service_needed="legal_aid"
    )
    case_url = f"{live_server.url}/cases/{case.pk}"

    # The NGO in Kazakhstan accepts, records its legal aid on the shared case and completes
    log_in(page, client, live_server, kz_caseworker)
    page.goto(f"{live_server.url}/cases/referrals/")
    expect(page.get_by_text("cross-border").first).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.code)
    page.goto(f"{case_url}/services/")
    page.get_by_role("button", name="Record a service").click()
    page.get_by_label("Service").select_option("legal_aid")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("cell", name="Legal aid")).to_be_visible()
    page.goto(f"{live_server.url}/cases/referrals/")
    page.get_by_role("button", name="Complete the referral").click()
    page.get_by_label("Outcome", exact=True).select_option("services_delivered")
    page.get_by_label("Legal aid").check()
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_text("completed.")).to_be_visible()

    # The referring caseworker sees who completed it, and the service on the joint timeline
    log_in(page, client, live_server, caseworker)
    page.goto(f"{case_url}/referrals/")
    expect(page.get_by_text("completed by Sana Sezim")).to_be_visible()
    page.goto(f"{case_url}/")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("cell", name="Service: Legal aid")).to_be_visible()
    expect(timeline.get_by_role("cell", name="Sana Sezim").first).to_be_visible()

    referral = Referral.unscoped.get()
    service = AssistanceService.unscoped.get()
    assert (referral.status, referral.outcome) == (
        choices.ReferralStatus.COMPLETED,
        choices.ReferralOutcome.SERVICES_DELIVERED,
    )
    assert (service.organisation, list(referral.services_delivered.all())) == (kz_ngo, [service])
