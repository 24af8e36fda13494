"""A coordinator's afternoon in Chromium: logs in with password and code, filters the dashboard by a year
and sees the figures change, opens the routes page and sees the regions' map drawn from our own GeoJSON
(no failed request, no Content-Security-Policy violation), asks for a donor report in PDF, waits while it
is built and downloads it."""

import os

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.flows import away_from_step_boundary
from accounts.tests.test_browser_csp import RECORD_VIOLATIONS
from analytics.models import DonorReport
from analytics.tasks import donor_report_build_task
from analytics.tests.test_dashboard import assisted
from cases.models import TraffickingEvent, choices

pytestmark = pytest.mark.browser


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def victims(ngo, other_ngo):
    """Five victims assisted in 2013, seven in 2012, each exploited in a region of Tajikistan or in Russia."""
    for year, number in ((2013, 5), (2012, 7)):
        for index in range(number):
            country = "TJ" if index % 2 else "RU"
            case = assisted(ngo if index % 3 else other_ngo, year=year, country=country)
            # unscoped: the test gives the place of exploitation it made a region of the map.
            TraffickingEvent.unscoped.filter(case=case, country="TJ").update(
                type=choices.EventType.EXPLOITATION, region_id="TJ-SU"
            )


def test_coordinator_filters_sees_the_map_and_downloads_a_donor_report(
    transactional_db, page, live_server, coordinator, ngo, other_ngo, media
):
    victims(ngo, other_ngo)
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    errors, failed = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill("coordinator")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    away_from_step_boundary(margin=5)
    page.locator("input[name=otp_token]").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.goto(f"{live_server.url}{reverse('analytics:dashboard')}")
    headline = page.locator(".headlines .count-number").first
    expect(headline).to_have_text("12")
    page.get_by_label("Year").select_option("2013")
    page.get_by_role("button", name="Show").click()
    expect(headline).to_have_text("5")
    expect(page.get_by_text("Period: 01.01.2013–31.12.2013.")).to_be_visible()

    with page.expect_response(lambda response: response.url.endswith(".geojson")) as geojson:
        page.goto(f"{live_server.url}{reverse('analytics:routes')}")
    assert geojson.value.ok
    exploitation_map = page.locator("#exploitation-map-caption + [data-region-map]")
    expect(exploitation_map.locator("canvas, svg").first).to_be_attached()
    expect(page.get_by_role("heading", name="Regions of the five republics")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('analytics:report_create')}")
    page.get_by_label("Year").select_option("2013")
    page.get_by_label("Format").select_option(DonorReport.Format.PDF)
    page.get_by_role("button", name="Build the report").click()
    expect(page.locator("#report-status progress")).to_be_visible()
    report = DonorReport.objects.get()
    # The worker's part, done here: the task the request enqueued, run once.
    assert donor_report_build_task.call(report_id=report.pk) == "built"
    link = page.get_by_role("button", name="Download the report")
    expect(link).to_be_visible()  # the status polls every 2 s
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    assert failed == []
