"""The hotline operator's home page: today's contacts, drafts to complete (telephony records waiting) and
follow-ups due, through hotline.selectors.operator_home."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hotline.tests.factories import ContactFactory, LineFactory


def test_home_shows_the_operators_drafts_follow_ups_and_todays_count(
    client, ngo, hotline_operator, other_ngo
):
    line = LineFactory(organisation=ngo, operators=[hotline_operator])
    now = timezone.now()
    ContactFactory(organisation=ngo, line=line, operator=hotline_operator, started_at=now)
    mine = ContactFactory(
        organisation=ngo, line=line, operator=hotline_operator, is_draft=True, telephony_call_id="pbx-1"
    )
    unmatched = ContactFactory(
        organisation=ngo, line=line, operator=None, is_draft=True, telephony_call_id="pbx-2"
    )
    due = ContactFactory(
        organisation=ngo,
        line=line,
        started_at=now - datetime.timedelta(days=3),
        follow_up_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    ContactFactory(
        organisation=ngo,
        line=line,
        started_at=now,
        follow_up_due=timezone.localdate() + datetime.timedelta(days=30),
    )
    ContactFactory(organisation=other_ngo, is_draft=True)
    client.force_login(hotline_operator)

    response = client.get(reverse("home"))

    hotline = response.context["hotline"]
    assert hotline["today"] == 2  # the follow-up-in-a-month contact was logged today as well
    assert {draft.pk for draft in hotline["drafts"]} == {mine.pk, unmatched.pk}
    assert [contact.pk for contact in hotline["follow_ups"]] == [due.pk]
    assert "no extension matched" in response.content.decode()


def test_home_of_other_roles_has_no_hotline_block(client, caseworker):
    client.force_login(caseworker)

    assert "hotline" not in client.get(reverse("home")).context
