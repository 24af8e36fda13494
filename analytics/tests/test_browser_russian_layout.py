"""The main pages in Russian, at a laptop's 1280 px and a phone's 390 px: the navigation and the case tabs
stay on the screen (they wrap, or on a phone fold into a menu), never running off the right edge."""

import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the test's own database calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.tests.factories import (
    AssistanceServiceFactory,
    AttachmentFactory,
    CaseFactory,
    ConsentFactory,
    FollowUpFactory,
    NoteFactory,
    ReferralFactory,
    ReintegrationPlanFactory,
    ScreeningFactory,
    StoryFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from cases.views.base import TABS
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# What runs off the right edge of the window: the page itself, any navigation wider than its box, any
# visible link of a navigation past the window's edge.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const found = [];
  const describe = (element) =>
    element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "") +
    [...element.classList].map((name) => `.${name}`).join("");
  if (document.documentElement.scrollWidth > width) {
    found.push(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    // Name what sticks out: an element past the edge whose parent is not.
    for (const element of document.body.querySelectorAll("*")) {
      const parent = element.parentElement;
      if (
        element.getBoundingClientRect().right > width + 1 &&
        parent.getBoundingClientRect().right <= width + 1 &&
        !element.closest(".table-scroll, .overflow-auto")
      ) {
        found.push(`${describe(element)} in ${describe(parent)} sticks out`);
      }
    }
  }
  for (const nav of document.querySelectorAll("nav")) {
    const name = nav.getAttribute("aria-label") || nav.className;
    if (nav.scrollWidth > nav.clientWidth + 1) {
      found.push(`navigation "${name}" is ${nav.scrollWidth} px wide in a ${nav.clientWidth} px box`);
    }
    for (const link of nav.querySelectorAll("a, button")) {
      const box = link.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) {
        found.push(`"${link.textContent.trim()}" in "${name}" ends at ${Math.round(box.right)} px`);
      }
    }
  }
  return found;
}"""


def log_in_in_russian(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
            {"name": "amanat_language", "value": "ru", "url": live_server.url},
        ]
    )


def a_case_with_every_tab_filled(organisation, caseworker):
    case = CaseFactory(organisation=organisation, caseworker=caseworker)
    VictimFactory(organisation=organisation, case=case)
    ScreeningFactory(organisation=organisation, case=case)
    TraffickingExperienceFactory(organisation=organisation, case=case)
    TraffickingEventFactory(organisation=organisation, case=case)
    ConsentFactory(organisation=organisation, case=case)
    AssistanceServiceFactory(organisation=organisation, case=case)
    ReferralFactory(organisation=organisation, case=case)
    ReintegrationPlanFactory(organisation=organisation, case=case)
    FollowUpFactory(organisation=organisation, case=case, assigned_to=caseworker)
    NoteFactory(organisation=organisation, case=case, author=caseworker)
    AttachmentFactory(organisation=organisation, case=case)
    StoryFactory(organisation=organisation, case=case)
    return case


def pages_of(user, case) -> dict[str, str]:
    pages = {
        "home": reverse("home"),
        "case-list": reverse("cases:case_list"),
        "follow-ups-due": reverse("cases:followup_due_list"),
        "referral-inbox": reverse("cases:referral_inbox"),
        "notifications": reverse("notifications:notification_list"),
        "directory": reverse("network:directory"),
        "organisations": reverse("network:organisation_list"),
        "security": reverse("accounts:security"),
        "password-change": reverse("accounts:password_change"),
    }
    pages |= {
        tab.url_name: reverse(f"cases:{tab.url_name}", args=[case.pk])
        for tab in TABS
        if user.has_perm(tab.perm, case)
    }
    if user.has_perm("audit.view_auditentry"):
        pages |= {
            "audit-entries": reverse("audit:entry_list"),
            "audit-access-log": reverse("audit:access_log_list"),
            "audit-history": reverse("audit:history_list"),
            "users": reverse("accounts:user_list"),
            "approvals": reverse("cases:approval_list"),
        }
    return pages


@pytest.mark.parametrize("role", ["caseworker", "manager"])
@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_in_russian_keep_navigation_and_tabs_on_the_screen(
    transactional_db, page, client, live_server, ngo, caseworker, manager, tmp_path, role, width
):
    user = {"caseworker": caseworker, "manager": manager}[role]
    case = a_case_with_every_tab_filled(ngo, caseworker)
    NotificationFactory(organisation=ngo, recipient=user)
    screenshots = Path(os.environ.get("AMANAT_SCREENSHOT_DIR", tmp_path))
    page.set_viewport_size(WIDTHS[width])
    log_in_in_russian(page, client, live_server, user)

    overflowing = {}
    for name, path in pages_of(user, case).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        if width == "phone":
            page.get_by_role("button", name="Меню").click()
            expect(page.get_by_role("navigation", name="Основное меню")).to_be_visible()
        page.screenshot(path=screenshots / f"amanat-ru-{role}-{width}-{name}.png", full_page=True)
        if found := page.evaluate(OVERFLOW):
            overflowing[name] = found

    assert overflowing == {}
