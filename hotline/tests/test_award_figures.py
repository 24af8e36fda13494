"""The hotline figures an award entry cites: counts of one organisation's completed contacts."""

import datetime

from django.utils import timezone

from cases.tests.factories import CaseFactory
from hotline.models import Contact
from hotline.selectors import statistics
from hotline.tests.factories import ContactFactory, LineFactory


def _period():
    today = timezone.localdate()
    return {"date_from": today - datetime.timedelta(days=30), "date_to": today}


def test_award_figures_count_contacts_referrals_cases_and_lines(ngo, other_ngo):
    line = LineFactory(organisation=ngo)
    LineFactory(organisation=ngo, is_active=False)
    ContactFactory(organisation=ngo, line=line, outcome=Contact.Outcome.INFORMATION, duration_seconds=120)
    ContactFactory(
        organisation=ngo,
        line=line,
        outcome=Contact.Outcome.REFERRAL,
        referred_to_organisation=other_ngo,
        duration_seconds=240,
    )
    ContactFactory(organisation=ngo, line=line, outcome=Contact.Outcome.POLICE_URGENT, duration_seconds=60)
    ContactFactory(organisation=ngo, line=line, outcome=Contact.Outcome.CASE_OPENED, duration_seconds=None)
    ContactFactory(organisation=ngo, line=line, case=CaseFactory(organisation=ngo), duration_seconds=300)
    ContactFactory(organisation=ngo, line=line, is_draft=True)  # not completed
    ContactFactory(organisation=ngo, line=line, started_at=timezone.now() - datetime.timedelta(days=60))
    ContactFactory(organisation=other_ngo)

    figures = statistics.organisation_award_figures(organisation_id=ngo.pk, **_period())

    assert figures == {
        "lines": 1,
        "contacts": 5,
        "referrals": 2,
        "referred_in_network": 1,
        "cases": 2,
        "average_minutes": 3.0,  # (120 + 240 + 60 + 300) / 4 s
    }


def test_award_figures_of_an_organisation_without_a_hotline_are_zero(ngo):

    figures = statistics.organisation_award_figures(organisation_id=ngo.pk, **_period())

    assert figures == {
        "lines": 0,
        "contacts": 0,
        "referrals": 0,
        "referred_in_network": 0,
        "cases": 0,
        "average_minutes": None,
    }
