"""A live call in a real browser, with the keyboard only: the timer runs, the draft saves itself as the
operator types, a repeat caller is recognised from the number (which is not kept), a common call is
filled in with one shortcut, a case is opened from the call and the contact completed."""

import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import expect

from cases import selectors as case_selectors
from cases.tests.test_browser_case_story import log_in
from hotline.callers import caller_hash
from hotline.models import Contact
from hotline.tests.factories import ContactFactory, LineFactory

pytestmark = pytest.mark.browser

NUMBER = "+992 00 555 66 77"  # a made-up number


def _contacts():
    # unscoped: the test reads back what the browser saved.
    return list(Contact.unscoped.order_by("pk"))


def test_operator_logs_a_call_with_the_keyboard_and_opens_a_case(
    transactional_db, page, client, live_server, ngo, hotline_operator
):
    line = LineFactory(organisation=ngo, name="Khujand helpline", operators=[hotline_operator])
    earlier = ContactFactory(
        organisation=ngo, line=line, caller_hash=caller_hash(NUMBER), topics=["missing_person"]
    )
    log_in(page, client, live_server, hotline_operator)

    page.goto(f"{live_server.url}/hotline/contacts/new/")
    # The first common call has the focus; the timer runs.
    expect(page.get_by_role("button", name="1 · Job offer check, information given")).to_be_focused()
    expect(page.locator("#call-timer")).not_to_have_text("00:00", timeout=5_000)

    # The number: the repeat-caller panel appears as it is typed (the draft is saved meanwhile).
    page.keyboard.press("Alt+n")
    expect(page.get_by_label("Caller's number")).to_be_focused()
    page.keyboard.type(NUMBER)
    panel = page.locator("#caller-history")
    expect(panel).to_contain_text("Repeat caller")
    expect(panel).to_contain_text("Missing person")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")

    # A common call in one shortcut, then the caller turns out to be a victim.
    page.keyboard.press("Alt+1")
    expect(page.get_by_label("Job offer or visa check")).to_be_checked()
    page.keyboard.press("Alt+t")
    expect(page.get_by_label("Caller", exact=True)).to_be_focused()
    page.keyboard.press("v")
    expect(page.get_by_label("Caller", exact=True)).to_have_value("victim")
    page.keyboard.press("Tab")  # to the consent box, left unticked
    expect(page.get_by_label("The caller agrees that we keep the number")).to_be_focused()
    page.keyboard.press("Alt+w")
    page.keyboard.type("Synthetic note: works without a contract, passport kept by the employer.")

    # Open a case from the call: the contact links it and the operator can read it.
    page.keyboard.press("Alt+k")
    expect(page.get_by_text("opened from this contact.")).to_be_visible()
    draft = [contact for contact in _contacts() if contact.pk != earlier.pk]
    assert len(draft) == 1
    contact = draft[0]
    assert (contact.is_draft, contact.outcome, contact.caller_type, contact.caller_hash) == (
        True,
        "case_opened",
        "victim",
        caller_hash(NUMBER),
    )
    assert contact.caller_number == ""  # recognised, not kept: no consent
    assert list(case_selectors.case_list(user=hotline_operator).filter(pk=contact.case_id)) == [contact.case]

    # Complete the call: the contact's page names the case.
    page.keyboard.press("Alt+s")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contact")
    expect(page.get_by_role("link", name=contact.case.code)).to_be_visible()
    # unscoped: the completed contact.
    assert Contact.unscoped.get(pk=contact.pk).is_draft is False
