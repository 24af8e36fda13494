"""From the bed board to a bed, in a real browser: another NGO's caseworker finds a free place on the
network's board and requests it for their case; the shelter's staff see the request on their home page,
accept it and admit the resident from the prefilled form; the board then shows one place fewer."""

import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory
from cases.tests.test_browser_case_story import log_in
from shelters import services
from shelters.models import PlacementRequest, Stay
from shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.browser


def test_caseworker_requests_a_place_on_the_board_and_the_shelter_admits(
    transactional_db, page, client, live_server, ngo, other_ngo, outsider, shelter_staff, manager
):
    shelter = ShelterFactory(organisation=ngo, name="Chkalovsk shelter", capacity=3, target_groups=["women"])
    services.shelter_staff_set(shelter=shelter, users=[shelter_staff], by=manager)
    case = CaseFactory(organisation=other_ngo)

    # Another NGO's caseworker finds the free places on the board (the filter answers without a reload)
    log_in(page, client, live_server, outsider)
    page.goto(f"{live_server.url}/shelters/board/")
    row = page.locator(f"tr[data-shelter='{shelter.pk}']")
    expect(row.get_by_role("cell", name="3", exact=True).first).to_be_visible()
    page.get_by_label("Target group", exact=True).select_option("men")
    expect(page.get_by_text("No open shelter matches.")).to_be_visible()
    page.get_by_label("Target group", exact=True).select_option("women")
    row.get_by_role("link", name="Request a place").click()

    page.get_by_label("Case code").fill(case.code)
    page.locator("#id_target_group").select_option("women")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Placement requested")).to_be_visible()

    # The shelter's staff see it on their home page, accept it and admit the resident
    log_in(page, client, live_server, shelter_staff)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text(case.code).first).to_be_visible()
    page.goto(f"{live_server.url}/shelters/requests/")
    page.get_by_role("button", name="Accept and admit").click()
    expect(page.get_by_label("Case code")).to_have_value(case.code)
    page.get_by_role("button", name="Admit", exact=True).click()
    expect(page.get_by_text("Resident admitted.")).to_be_visible()
    expect(page.get_by_role("cell", name=case.code)).to_be_visible()

    # The board now shows two free places
    page.goto(f"{live_server.url}/shelters/board/")
    expect(page.locator(f"tr[data-shelter='{shelter.pk}'] strong")).to_have_text("2")

    assert Stay.unscoped.get().case == case
    assert PlacementRequest.unscoped.get().status == "admitted"
