"""The judging of an award in a real browser: a judge scores an entry against the rubric and then sees the
other judge's scores; as the committee's chair they follow the progress board, lock the scores and publish
the results; the public winners page, read without signing in, names the winning NGO."""

import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import expect

from awards.models import Result, ScoreSheet
from awards.tests.factories import judge_user
from awards.tests.scoring_support import (
    assign,
    entry_in,
    judging_competition,
    nomination_with_rubric,
    seat,
    submit,
)
from cases.tests.test_browser_case_story import log_in

pytestmark = pytest.mark.browser


def test_judge_scores_chair_publishes_and_the_public_page_names_the_winner(
    transactional_db, page, client, live_server, iom_office, ngo, judge
):
    competition = judging_competition(iom_office, name_en="Best practice award 2026")
    nomination = nomination_with_rubric(competition, weights=(2, 1), name_en="Best shelter")
    entry = entry_in(nomination, ngo, title="A safe house in Chkalovsk")
    seat(competition, judge, is_chair=True)
    own = assign(entry, judge)
    submit(assign(entry, judge_user(username="second-judge")), 4, 5)
    first, second = nomination.criteria.all()

    # The judge scores the entry from their assignments
    log_in(page, client, live_server, judge)
    page.goto(f"{live_server.url}/awards/assignments/")
    page.get_by_role("link", name=entry.code).click()
    expect(page.get_by_role("heading", name=f"Score entry {entry.code}")).to_be_visible()
    expect(page.get_by_text("Other judges' scores")).to_have_count(0)
    page.locator(f"input[name='score_{first.pk}'][value='5']").check()
    page.locator(f"input[name='score_{second.pk}'][value='3']").check()
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Other judges' scores")).to_be_visible()
    expect(page.get_by_text("weighted score 4.33")).to_be_visible()

    # As the chair: every sheet is in on the progress board; lock and publish
    page.goto(f"{live_server.url}/awards/{competition.pk}/progress/")
    expect(page.get_by_role("heading", name="Progress of the judging")).to_be_visible()
    expect(page.get_by_text("second-judge: submitted")).to_be_visible()
    page.goto(f"{live_server.url}/awards/{competition.pk}/results/")
    page.get_by_role("button", name="Lock scores").click()
    page.get_by_role("button", name="Publish results").click()
    expect(page.get_by_role("button", name="Publish results")).to_have_count(0)

    # Anyone, signed in or not, reads the winner
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/awards/{competition.pk}/winners/")
    winners = page.get_by_role("table")
    expect(winners.get_by_role("cell", name="Women and Society")).to_be_visible()
    expect(winners.get_by_role("cell", name="A safe house in Chkalovsk")).to_be_visible()

    assert ScoreSheet.unscoped.get(assignment=own).submitted_at is not None
    assert list(Result.unscoped.filter(country="", is_winner=True).values_list("entry_id", flat=True)) == [
        entry.pk
    ]
