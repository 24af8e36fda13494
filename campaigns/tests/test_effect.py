"""A campaign's effect on the hotline: contacts from its regions during it and as many weeks after it,
against the same number of weeks before it, from every line of its lead and partner organisations, and
the contacts that name it; counts only, read through hotline's selectors."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.selectors import effect as effect_selectors
from campaigns.tests.factories import CampaignFactory
from hotline import selectors as hotline_selectors
from hotline.tests.factories import ContactFactory
from network.tests.factories import OrganisationFactory

# A two-week campaign from Monday 2 March 2026: the four weeks before it start on 2 February, the weeks
# during and after it run to Sunday 29 March.
STARTS = datetime.date(2026, 3, 2)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


def day(offset: int) -> datetime.date:
    return STARTS + datetime.timedelta(days=offset)


@pytest.fixture
def partner():
    return OrganisationFactory(name_en="Partner NGO", country="TJ")


@pytest.fixture
def campaign(ngo, manager, partner):
    campaign = CampaignFactory(
        organisation=ngo, created_by=manager, starts_on=STARTS, ends_on=day(13), name="Spring SMS"
    )
    campaign.regions.set(["TJ-SU"])
    campaign.partners.add(partner)
    return campaign


@pytest.fixture
def contacts(ngo, other_ngo, partner, campaign):
    def contact(organisation, offset, region="TJ-SU", **fields):
        return ContactFactory(
            organisation=organisation, started_at=at(day(offset)), caller_region_id=region, **fields
        )

    contact(ngo, -28)  # before, week 1
    contact(ngo, -4)  # before, week 4
    contact(ngo, 1, campaign=campaign, heard_via="sms")  # during, week 1
    contact(ngo, 2)  # during, week 1
    contact(partner, 3)  # during, week 1: a partner's line counts too
    contact(ngo, 8)  # during, week 2
    contact(ngo, 15, campaign=campaign, heard_via="campaign")  # after, week 3
    # Not counted in the weeks: outside the window, another region, a draft, another organisation.
    contact(ngo, -29)
    contact(ngo, 28)
    contact(ngo, 2, region="TJ-DU", campaign=campaign, heard_via="tv")  # names the campaign all the same
    contact(ngo, 2, is_draft=True)
    contact(other_ngo, 2)
    contact(other_ngo, 2, campaign=campaign)  # another organisation's contact naming it: not ours to count


def test_effect_counts_weeks_before_during_and_after(manager, campaign, contacts):
    effect = effect_selectors.campaign_effect(user=manager, campaign=campaign)

    assert effect.campaign_weeks == 2
    assert [
        (week.before_from, week.before, week.after_from, week.after, week.phase) for week in effect.weeks
    ] == [
        (day(-28), 1, day(0), 3, "during"),
        (day(-21), 0, day(7), 1, "during"),
        (day(-14), 0, day(14), 1, "after"),
        (day(-7), 1, day(21), 0, "after"),
    ]
    assert (effect.before_total, effect.during_total, effect.after_total) == (2, 4, 1)
    assert effect.change_percent == 150.0


def test_effect_counts_contacts_naming_the_campaign_of_its_organisations(manager, campaign, contacts):
    effect = effect_selectors.campaign_effect(user=manager, campaign=campaign)

    assert effect.named == 3
    assert sorted((str(label), n) for label, n in effect.named_by_heard_via) == [
        ("Campaign", 1),
        ("SMS", 1),
        ("TV", 1),
    ]


def test_effect_leaves_out_organisations_outside_the_campaign(manager, ngo, other_ngo, partner, contacts):
    alone = CampaignFactory(organisation=ngo, starts_on=STARTS, ends_on=day(13))
    alone.regions.set(["TJ-SU"])

    effect = effect_selectors.campaign_effect(user=manager, campaign=alone)

    assert (effect.before_total, effect.during_total, effect.after_total, effect.named) == (2, 3, 1, 0)


def test_effect_leaves_weeks_not_over_out_of_the_totals(manager, ngo):
    today = timezone.localdate()
    running = CampaignFactory(organisation=ngo, starts_on=today - datetime.timedelta(days=7), ends_on=today)
    running.regions.set(["TJ-SU"])
    ContactFactory(organisation=ngo, caller_region_id="TJ-SU", started_at=timezone.now())
    ContactFactory(
        organisation=ngo, caller_region_id="TJ-SU", started_at=at(today - datetime.timedelta(days=21))
    )

    effect = effect_selectors.campaign_effect(user=manager, campaign=running)

    current = [week for week in effect.weeks if not week.complete]
    assert current and current[-1].after == 0 and any(week.after for week in current)
    assert (effect.during_total, effect.after_total) == (sum(w.after for w in effect.weeks if w.complete), 0)


def test_effect_of_a_campaign_without_regions_has_no_weeks(manager, ngo):
    campaign = CampaignFactory(organisation=ngo)

    effect = effect_selectors.campaign_effect(user=manager, campaign=campaign)

    assert (effect.weeks, effect.change_percent, effect_selectors.effect_chart(effect)) == ([], None, None)


def test_effect_hotline_selector_counts_nothing_for_no_user_or_no_organisation(ngo, contacts):
    anyone = hotline_selectors.organisation_contact_counts(
        user=None, organisation_ids={ngo.pk}, region_codes=["TJ-SU"], date_from=day(-28), date_to=day(27)
    )

    assert (anyone.weekly, anyone.named) == ({}, 0)


@pytest.mark.parametrize("rows", [1, 3])
def test_effect_runs_a_fixed_number_of_queries(manager, ngo, campaign, rows, django_assert_num_queries):
    for offset in range(rows):
        ContactFactory(
            organisation=ngo, caller_region_id="TJ-SU", started_at=at(day(offset)), campaign=campaign
        )

    # The regions, the partners, the weekly counts, the contacts naming the campaign.
    with django_assert_num_queries(4):
        effect_selectors.campaign_effect(user=manager, campaign=campaign)


def test_effect_page_shows_the_weekly_table_and_an_accessible_chart(client, manager, campaign, contacts):
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_reach", args=[campaign.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["effect"].change_percent == 150.0
    assert '<svg width="100%"' in html and '<title id="effect-chart-title">' in html
    assert html.count("<rect ") == 8  # two bars for each of the four rows of the table
    assert "+150.0 %" in html


def test_effect_page_shows_no_caller_detail(client, manager, campaign, ngo):
    ContactFactory(
        organisation=ngo,
        caller_region_id="TJ-SU",
        started_at=at(day(1)),
        campaign=campaign,
        number_consent=True,
        caller_number="+992900000077",
    )
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_reach", args=[campaign.pk]))

    assert b"900000077" not in response.content


def test_effect_chart_coordinates_stay_numbers_in_russian(client, manager, campaign, contacts):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("campaigns:campaign_reach", args=[campaign.pk]))

    drawing = response.content.decode().partition("<svg")[2].partition(">")[2].partition("</svg>")[0]
    coordinates = re.findall(r' (?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', drawing)
    assert len(coordinates) > 32
    assert [value for value in coordinates if not re.fullmatch(r"-?\d+(\.\d+)?", value)] == []
