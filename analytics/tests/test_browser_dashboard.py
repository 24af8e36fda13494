"""The coordinator's dashboard in Chromium on a 390 px phone, in Russian: every chart is drawn by ECharts
under the Content-Security-Policy (no violation, no script error) and the page stays within the screen."""

import os
import tempfile
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.test_browser_csp import RECORD_VIOLATIONS
from analytics.tests.test_browser_russian_layout import OVERFLOW
from analytics.tests.test_dashboard import assisted
from cases.models import choices

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Kept after the run, for a person to look at the charts on a phone.
SCREENSHOT = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tempfile.gettempdir())) / "amanat-dashboard.png"


def test_coordinators_dashboard_draws_every_chart_on_a_phone_in_russian(
    transactional_db, page, client, live_server, coordinator, ngo, other_ngo
):
    for organisation, sex in ((ngo, choices.Sex.FEMALE), (other_ngo, choices.Sex.MALE)):
        assisted(organisation, sex=sex)
    client.force_login(coordinator)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url},
        ]
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}{reverse('analytics:dashboard')}?year=2013")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Панель показателей")
    charts = page.locator("[data-chart]")
    expect(charts.first).to_have_attribute("data-chart-ready", "1")
    assert charts.count() > 0
    assert page.locator("[data-chart]:not([data-chart-ready])").count() == 0
    assert page.locator("[data-chart] canvas").count() == charts.count()
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
