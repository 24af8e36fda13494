"""A caseworker measures a victim's reintegration in a real browser: three Reintegration Sustainability
Surveys over time, the trend per dimension on one 0–1 scale, and an answer outside its scale refused."""

import datetime
import os
import tempfile
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import reintegration
from cases.models import Assessment
from cases.tests.factories import CaseFactory, rss_answers
from cases.tests.test_browser_case_story import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tempfile.gettempdir()))
WORST = {
    indicator.code: min(
        (option for option in indicator.options if option.score is not None), key=lambda option: option.score
    ).code
    for indicator in reintegration.INDICATORS
}
BEST = {
    indicator.code: max(indicator.options, key=lambda option: option.score or 0).code
    for indicator in reintegration.INDICATORS
}
PSYCHOSOCIAL = {i.code for i in reintegration.INDICATORS if i.dimension == reintegration.PSYCHOSOCIAL}


def record(page, day: datetime.date, answers: dict) -> None:
    page.get_by_role("button", name="Record an assessment").click()
    page.get_by_label("Assessed on").fill(day.isoformat())
    for code, value in answers.items():
        page.locator(f"#id_{code}").select_option(str(value))


def test_caseworker_sees_the_reintegration_trend_over_three_surveys(
    transactional_db, page, client, live_server, ngo, caseworker
):
    case = CaseFactory(organisation=ngo, caseworker=caseworker)
    today = timezone.localdate()
    url = f"{live_server.url}/cases/{case.pk}/reintegration/"
    log_in(page, client, live_server, caseworker)

    # Baseline at return: everything at its worst.
    page.goto(url)
    record(page, today - datetime.timedelta(days=200), WORST)
    page.get_by_label("Satisfaction with the current economic situation").select_option(
        label="Very dissatisfied"
    )
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Reintegration saved.")).to_be_visible()

    # Three months later.
    record(page, today - datetime.timedelta(days=100), rss_answers())
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Reintegration saved.")).to_be_visible()

    # A year on: work and services, but the psychosocial answers back at their worst; one answer outside
    # its scale (a tampered form) is refused on its field, and every other answer is still there.
    third = {**BEST, **{code: WORST[code] for code in PSYCHOSOCIAL}}
    record(page, today - datetime.timedelta(days=10), third)
    page.locator("#id_distress").evaluate("select => select.add(new Option('9', '9', true, true))")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator("#id_distress_error")).to_have_text(
        "Choose one of the answers of this question's scale."
    )
    expect(page.locator("#id_distress")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_housing")).to_have_value(str(BEST["housing"]))
    expect(page.get_by_label("Assessed on")).to_have_value((today - datetime.timedelta(days=10)).isoformat())
    assert Assessment.unscoped.count() == 2
    page.locator("#id_distress").select_option(str(WORST["distress"]))
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Reintegration saved.")).to_be_visible()

    trends = page.locator(".dimension-trends")
    expect(trends.locator("[data-dimension=economic]")).to_have_text(
        "Economic: 0.00 → 0.60 → 1.00 · improving"
    )
    expect(trends.locator("[data-dimension=social]")).to_have_text("Social: 0.00 → 0.80 → 1.00 · improving")
    expect(trends.locator("[data-dimension=psychosocial]")).to_have_text(
        "Psychosocial: 0.00 → 0.65 → 0.00 · worsening"
    )
    expect(page.locator("svg.trend-chart polyline")).to_have_count(3)
    expect(page.locator("svg.trend-chart .trend-economic circle")).to_have_count(3)
    page.screenshot(path=SCREENSHOTS / "amanat-reintegration-trend.png", full_page=True)
    assert list(Assessment.unscoped.order_by("assessed_on").values_list("composite", flat=True)) == [
        0,
        reintegration.composite_score(reintegration.dimension_scores(rss_answers())),
        reintegration.composite_score({"economic": 1, "social": 1, "psychosocial": 0}),
    ]
