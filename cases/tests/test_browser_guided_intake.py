"""The guided intake in a real browser: the duplicate warning as the name is typed (before anything is
saved), leaving as a draft, the Draft badge, "Continue intake", a step with several errors listed at once
with the values kept, the review and registering."""

import datetime
import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case, choices
from cases.tests.test_browser_case_story import log_in

pytestmark = pytest.mark.browser


def test_guided_intake_from_duplicate_warning_to_registration(
    transactional_db, page, client, live_server, ngo, caseworker
):
    known = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Gulnora",
        family_name="Rakhimova",
        birth_date=datetime.date(1994, 5, 17),
    )
    log_in(page, client, live_server, caseworker)

    # Person: the possible match shows as the birth date is entered, before anything is saved.
    page.goto(f"{live_server.url}/cases/new/")
    expect(page.get_by_text("Step 1 of 5: Person")).to_be_visible()
    page.get_by_label("Given name").fill("Гулнора")
    page.get_by_label("Family name").fill("Рахимова")
    page.get_by_label("Birth date").fill("1994-05-17")
    page.get_by_label("Birth date").blur()
    warning = page.locator("#match-check")
    expect(warning).to_contain_text("Possible match at organisation Women and Society.")
    expect(warning.get_by_role("link", name=known.code)).to_be_visible()
    assert Case.unscoped.count() == 1  # the warning came before the new case was saved

    # A new person after all: another name, leave as a draft.
    page.get_by_label("Given name").fill("Nodira")
    page.get_by_label("Family name").fill("Sintetova")
    page.get_by_label("Family name").blur()
    expect(warning).to_contain_text("No possible match in the network.")
    page.get_by_label("Sex", exact=True).select_option("female")
    page.get_by_role("button", name="Save draft and leave").click()
    expect(page.get_by_text("Continue the intake from the case's page.")).to_be_visible()
    draft = Case.unscoped.exclude(pk=known.pk).get()
    assert (draft.is_draft, draft.intake_steps) == (True, ["person"])

    # The Draft badge on the list, and "Continue intake" from the case page.
    page.goto(f"{live_server.url}/cases/")
    row = page.get_by_role("row").filter(has_text=draft.code)
    expect(row.get_by_text("Draft", exact=True)).to_be_visible()
    row.get_by_role("link", name=draft.code).click()
    expect(page.locator("hgroup").get_by_text("Draft", exact=True)).to_be_visible()
    page.get_by_role("button", name="Continue intake").click()
    expect(page.get_by_text("Step 2 of 5: Screening")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    # Experience: several errors at once, each linked to its field, and what was typed kept.
    expect(page.get_by_text("Step 3 of 5: Trafficking experience")).to_be_visible()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page.get_by_label("Forced labour", exact=True).check()
    page.get_by_label("Exploited from (entry)").fill(tomorrow)
    page.get_by_label("Exploited until (exit)").fill("2025-01-01")
    page.get_by_label("City or district of exploitation").fill("Novosibirsk")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("There are 3 problems on this step. Nothing was saved.")
    expect(summary.get_by_role("link", name="Country of exploitation: Give the country")).to_have_attribute(
        "href", "#id_exploitation_country"
    )
    expect(
        summary.get_by_role("link", name="Exploited from (entry): This date is in the future.")
    ).to_be_visible()
    expect(summary.get_by_role("link", name="Exploited until (exit): This date is before")).to_be_visible()
    expect(page.get_by_label("City or district of exploitation")).to_have_value("Novosibirsk")
    expect(page.get_by_label("Forced labour", exact=True)).to_be_checked()
    page.get_by_label("Country of exploitation").select_option("RU")
    page.get_by_label("Exploited from (entry)").fill("2024-03-01")
    page.get_by_label("Exploited until (exit)").fill("2024-09-01")
    page.get_by_role("button", name="Save and continue").click()

    # Consent, review (what registering still needs, then what it does) and register.
    page.get_by_label("Assistance", exact=True).select_option("given")
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_text("Step 5 of 5: Review and register")).to_be_visible()
    expect(page.locator("#error-summary")).to_contain_text("Registering needs 1 more answer")
    page.locator("#error-summary").get_by_role("link", name="Citizenship: Needed to register").click()
    page.get_by_label("Citizenship").select_option(["TJ"])
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{live_server.url}/cases/{draft.pk}/intake/review/")
    expect(page.get_by_text("leaves the draft state")).to_be_visible()
    page.get_by_role("button", name="Register the case").click()
    expect(page.get_by_text(f"Case {draft.code} registered: it is no longer a draft.")).to_be_visible()
    draft.refresh_from_db()
    assert (draft.is_draft, draft.stage) == (False, choices.Stage.ASSISTANCE)
