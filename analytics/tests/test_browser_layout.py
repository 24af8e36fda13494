import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
# Kept after the run, for a person to look at the phone layout.
SCREENSHOT = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tempfile.gettempdir())) / "amanat-home.png"


def log_in(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_home_on_a_phone_shows_navigation_and_switches_to_russian(
    transactional_db, page, client, live_server, manager
):
    page.set_viewport_size(PHONE)
    log_in(page, client, live_server, manager)

    page.goto(f"{live_server.url}/")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(main_nav.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Русский").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Добро пожаловать, manager")
    page.get_by_role("button", name="Меню").click()
    expect(page.get_by_role("navigation", name="Основное меню")).to_be_visible()
    assert page.url == f"{live_server.url}/"
