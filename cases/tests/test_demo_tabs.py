"""After load_demo, every tab of a demo case has something to show: a person trying the demo opens a case and
finds each section filled, not the "nothing yet" state."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.models import Membership
from cases import demo
from cases.models import Assessment, Case, FollowUp, Referral, Story
from cases.views.base import TABS
from network import demo as network_demo

# What a tab shows when there is nothing in it.
EMPTY_STATES = {
    "case_experience": ["No place recorded yet."],
    "case_consent": ["No consent recorded yet."],
    "case_services": ["No service recorded yet."],
    "case_referrals": ["No referral yet."],
    "case_reintegration": ["No plan yet.", "No goal yet.", "No follow-up scheduled.", "No assessment yet."],
    "case_notes": ["No note yet."],
    "case_attachments": ["No file yet."],
    "case_story": ["No story yet."],
    "case_history": ["Nothing recorded yet."],
}


@pytest.fixture
def demo_case(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network_demo.load()
    accounts_demo.load()
    demo.load()
    manager = get_user_model().objects.get(username="manager")
    organisation = Membership.unscoped.get(user=manager).organisation
    referred = Referral.unscoped.values("case_id")
    followed_up = FollowUp.unscoped.values("case_id")
    measured = Assessment.unscoped.values("case_id")
    told = Story.unscoped.values("case_id")
    case = (
        Case.unscoped.filter(organisation=organisation, pk__in=referred)
        .filter(pk__in=followed_up)
        .filter(pk__in=measured)
        .filter(pk__in=told)
        .order_by("-registered_on", "pk")
        .first()
    )
    return case, manager


def test_every_tab_of_a_demo_case_has_something_to_show(client, demo_case):
    case, manager = demo_case
    client.force_login(manager)

    empty = {}
    for tab in TABS:
        response = client.get(reverse(f"cases:{tab.url_name}", args=[case.pk]))
        assert response.status_code == 200, tab.url_name
        html = response.content.decode()
        shown = [state for state in EMPTY_STATES.get(tab.url_name, []) if state in html]
        if shown:
            empty[tab.url_name] = shown

    assert empty == {}
