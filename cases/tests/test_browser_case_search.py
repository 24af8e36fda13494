"""In a real browser, a caseworker finds her client by typing part of the family name, in Cyrillic and
in Latin letters, with the birth date left empty; the typed name is in no URL and no log line."""

import datetime
import logging
import os
from urllib.parse import quote, quote_plus

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import expect

from cases import services
from cases.tests.test_browser_case_story import log_in

pytestmark = pytest.mark.browser

LOGGERS = ["", "django", "django.request", "django.server", "django.security", "amanat", "cases"]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.name} {self.format(record)}")


@pytest.fixture
def every_log_line():
    handler = Collect()
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    yield handler.lines
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _spellings(typed: str) -> list[str]:
    return [typed, quote(typed), quote_plus(typed), quote(typed).lower()]


def test_caseworker_finds_her_client_by_part_of_the_name_with_nothing_in_urls_or_logs(
    transactional_db, page, client, live_server, ngo, caseworker, every_log_line
):
    client_case = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Гулнора",
        family_name="Рахимова",
        birth_date=datetime.date(1994, 5, 17),
    )
    services.case_register(by=caseworker, organisation=ngo, given_name="Zarina", family_name="Fiktivova")
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("framenavigated", lambda frame: urls.append(frame.url))
    log_in(page, client, live_server, caseworker)
    page.goto(f"{live_server.url}/cases/999999999/")  # a 404 is logged: the capture does work

    for typed in ("рахим", "rakhim"):
        page.goto(f"{live_server.url}/cases/")
        page.get_by_label("Name or case code").fill(typed)
        expect(page.get_by_label("Birth date")).to_have_value("")
        page.get_by_role("button", name="Find").click()
        expect(page.get_by_text("1 case found.")).to_be_visible()
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=client_case.code))
        expect(row).to_contain_text("Гулнора Рахимова")
        # Back and forth keep the search (an opaque id in the URL, the name server-side).
        page.go_back()
        page.go_forward()
        expect(page.get_by_role("link", name=client_case.code)).to_be_visible()
        expect(page.get_by_label("Name or case code")).to_have_value(typed)

    assert any("Not Found" in line for line in every_log_line)
    leaked = [
        text
        for text in [*urls, *every_log_line]
        for typed in ("рахим", "rakhim")
        for spelling in _spellings(typed)
        if spelling in text or spelling in text.lower()
    ]
    assert leaked == []
    assert any("search=" in url for url in urls)
