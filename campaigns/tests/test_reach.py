"""A campaign's reach: people counted (participants, copies, SMS numbers delivered) apart from people
estimated (TV and radio audiences, social reach), on the page, in the CSV and the API, for managers of the
campaign's organisations only."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from campaigns.models import choices
from campaigns.selectors import reach as reach_selectors
from campaigns.tests.factories import (
    ActivityFactory,
    AiringFactory,
    BroadcastFactory,
    BroadcastTextFactory,
    CampaignFactory,
    MessageFactory,
    ParticipationFactory,
    SubscriberFactory,
)
from network.tests.factories import OrganisationFactory

Status = choices.MessageStatus


@pytest.fixture
def campaign(ngo, manager):
    return CampaignFactory(organisation=ngo, created_by=manager, name="Know before you go")


@pytest.fixture
def activities(campaign, ngo):
    tv = ActivityFactory(
        organisation=ngo,
        campaign=campaign,
        channel=choices.Channel.TV,
        audience_estimate=50_000,
        estimate_source="Broadcaster's panel",
    )
    for day in (2, 3, 4):
        AiringFactory(
            organisation=ngo,
            campaign=campaign,
            activity=tv,
            aired_at=datetime.datetime(2026, 3, day, 19, tzinfo=datetime.UTC),
        )
    ActivityFactory(
        organisation=ngo,
        campaign=campaign,
        channel=choices.Channel.RADIO,
        audience_estimate=20_000,
        estimate_source="Station's survey",
    )
    ActivityFactory(
        organisation=ngo,
        campaign=campaign,
        channel=choices.Channel.PRINT,
        copies=1_000,
        audience_estimate=None,
    )
    event = ActivityFactory(
        organisation=ngo, campaign=campaign, channel=choices.Channel.EVENT, audience_estimate=None
    )
    ParticipationFactory(organisation=ngo, campaign=campaign, activity=event, count=12)
    ParticipationFactory(
        organisation=ngo,
        campaign=campaign,
        activity=event,
        sex=choices.Sex.MALE,
        age_band=choices.AgeBand.AGE_25_34,
        count=8,
    )
    ActivityFactory(
        organisation=ngo,
        campaign=campaign,
        channel=choices.Channel.SOCIAL_MEDIA,
        audience_estimate=None,
        posts=10,
        reach_estimate=30_000,
        engagement=500,
        estimate_source="Platform insights",
    )
    return tv


@pytest.fixture
def messages(campaign, ngo):
    first = BroadcastFactory(organisation=ngo, campaign=campaign)
    second = BroadcastFactory(organisation=ngo, campaign=campaign, gateway=first.gateway)
    texts = {
        broadcast: BroadcastTextFactory(organisation=ngo, broadcast=broadcast)
        for broadcast in (first, second)
    }
    reached, other, unknown = (SubscriberFactory(organisation=ngo) for _ in range(3))
    # The same number delivered by two broadcasts is one person reached.
    MessageFactory(
        organisation=ngo, broadcast=first, text=texts[first], subscriber=reached, status=Status.DELIVERED
    )
    MessageFactory(
        organisation=ngo, broadcast=second, text=texts[second], subscriber=reached, status=Status.DELIVERED
    )
    MessageFactory(
        organisation=ngo, broadcast=first, text=texts[first], subscriber=other, status=Status.DELIVERED
    )
    MessageFactory(
        organisation=ngo, broadcast=second, text=texts[second], subscriber=other, status=Status.FAILED
    )
    MessageFactory(
        organisation=ngo, broadcast=first, text=texts[first], subscriber=unknown, status=Status.SENT
    )
    MessageFactory(
        organisation=ngo, broadcast=second, text=texts[second], subscriber=unknown, status=Status.UNCONFIRMED
    )


def channels_of(reach) -> dict:
    return {channel.channel: (channel.counted, channel.estimated) for channel in reach.channels}


def test_reach_counts_records_and_keeps_estimates_apart(manager, campaign, activities, messages):
    reach = reach_selectors.campaign_reach(user=manager, campaign=campaign)

    assert channels_of(reach) == {
        "tv": (None, 50_000),
        "radio": (None, 20_000),
        "print": (1_000, None),
        "event": (20, None),
        "social_media": (None, 30_000),
        "sms": (2, None),
    }
    assert (reach.counted_total, reach.estimated_total) == (1_022, 100_000)


def test_reach_reads_an_audience_estimate_per_activity_not_per_airing(manager, campaign, activities):
    reach = reach_selectors.campaign_reach(user=manager, campaign=campaign)

    tv = next(channel for channel in reach.channels if channel.channel == "tv")
    details = {key: value for key, label, value in tv.details}
    assert (tv.estimated, details, tv.sources) == (50_000, {"airings": 3}, ["Broadcaster's panel"])


def test_reach_counts_sms_delivered_failed_and_not_confirmed(manager, campaign, messages):
    sms = reach_selectors.campaign_reach(user=manager, campaign=campaign).sms

    assert (sms.broadcasts, sms.messages, sms.delivered, sms.failed, sms.sent, sms.unconfirmed) == (
        2,
        6,
        3,
        1,
        1,
        1,
    )
    assert sms.numbers_reached == 2


def test_reach_counts_participants_by_sex_and_age_band(manager, campaign, activities):
    reach = reach_selectors.campaign_reach(user=manager, campaign=campaign)

    assert [(str(sex), str(band), n) for sex, band, n in reach.participants] == [
        ("Female", "18–24", 12),
        ("Male", "25–34", 8),
    ]


def test_reach_leaves_other_campaigns_out(manager, ngo, campaign, activities, messages):
    other = CampaignFactory(organisation=ngo)
    ActivityFactory(organisation=ngo, campaign=other, channel=choices.Channel.TV, audience_estimate=9_999)
    MessageFactory(organisation=ngo, broadcast__campaign=other, status=Status.DELIVERED)

    reach = reach_selectors.campaign_reach(user=manager, campaign=campaign)

    assert (reach.counted_total, reach.estimated_total, reach.sms.messages) == (1_022, 100_000, 6)


@pytest.mark.parametrize("rows", [1, 3])
def test_reach_runs_a_fixed_number_of_queries(manager, ngo, campaign, rows, django_assert_num_queries):
    for _ in range(rows):
        event = ActivityFactory(organisation=ngo, campaign=campaign, channel=choices.Channel.EVENT)
        ParticipationFactory(organisation=ngo, campaign=campaign, activity=event)
        AiringFactory(organisation=ngo, campaign=campaign)

    # The user's memberships, the activities, the participants, the messages.
    with django_assert_num_queries(4):
        reach_selectors.campaign_reach(user=manager, campaign=campaign)


def test_reach_page_shows_counted_and_estimated_side_by_side(client, manager, campaign, activities, messages):
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_reach", args=[campaign.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Know before you go" in html
    assert "1,022" in html and "100,000" in html
    assert "estimate" in html
    assert "<svg" not in html  # a campaign without regions has no weekly chart


def test_reach_csv_labels_every_figure_counted_or_estimated(client, manager, campaign, activities, messages):
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_reach_csv", args=[campaign.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="campaign-{campaign.pk}-reach.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Figure", "Value", "Counted or estimated", "Source"]
    figures = {(row[0], row[1]): (row[2], row[3], row[4]) for row in rows[1:]}
    assert figures[("Reach", "People reached, counted (total)")] == ("1022", "counted", "")
    assert figures[("Reach", "People reached, estimated (total)")] == ("100000", "estimated", "")
    assert figures[("TV", "audience (estimate)")] == ("50000", "estimated", "Broadcaster's panel")
    assert figures[("SMS", "failed")] == ("1", "counted", "")


def test_reach_csv_in_russian_says_what_is_estimated(client, manager, campaign, activities):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("campaigns:campaign_reach_csv", args=[campaign.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3] == "Подсчитано или оценено"
    assert "оценка" in {row[3] for row in rows[1:]}


def test_reach_api_answers_counts_apart_from_estimates(api, manager, campaign, activities, messages):
    api.force_authenticate(manager)

    response = api.get(reverse("api:campaign-reach-detail", args=[campaign.pk]))

    assert response.status_code == 200
    body = response.json()
    assert (body["campaign"], body["counted_total"], body["estimated_total"]) == (campaign.pk, 1_022, 100_000)
    assert body["sms"]["failed"] == 1
    assert {row["channel"]: row["estimated"] for row in body["channels"]}["radio"] == 20_000
    assert {row["channel"]: row["details"] for row in body["channels"]}["sms"] == {
        "delivered": 3,
        "sent": 1,
        "failed": 1,
        "unconfirmed": 1,
    }
    assert body["effect"]["weeks"] == []


def test_reach_is_shown_to_a_partner_organisations_manager(client, other_ngo, ngo, manager):
    campaign = CampaignFactory(organisation=other_ngo)
    campaign.partners.add(ngo)
    client.force_login(manager)

    assert client.get(reverse("campaigns:campaign_reach", args=[campaign.pk])).status_code == 200


# The role matrix: managers of the campaign's organisations view its reach; other roles that read
# campaigns get 403; roles that do not, and other organisations, 404; before the second factor, the
# two-factor page (web) or 403 (API).
WEB_ROLES = [
    ("manager", 200),
    ("caseworker", 403),
    ("hotline_operator", 403),
    ("shelter_staff", 404),
    ("outsider", 404),
    ("coordinator", 404),
    ("analyst", 404),
    ("judge", 404),
]


@pytest.mark.parametrize("route", ["campaigns:campaign_reach", "campaigns:campaign_reach_csv"])
@pytest.mark.parametrize(("role", "status"), WEB_ROLES)
def test_reach_page_role_matrix(client, cast, campaign, activities, route, role, status):
    client.force_login(cast[role])

    assert client.get(reverse(route, args=[campaign.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), WEB_ROLES)
def test_reach_api_role_matrix(api, cast, campaign, role, status):
    api.force_authenticate(cast[role])

    assert api.get(reverse("api:campaign-reach-detail", args=[campaign.pk])).status_code == status


@pytest.mark.parametrize("route", ["campaigns:campaign_reach", "campaigns:campaign_reach_csv"])
def test_reach_page_password_only_sends_to_the_second_factor(manager, campaign, activities, route):
    client = Client()
    Client.force_login(client, manager)  # the password only: no second factor passed

    response = client.get(reverse(route, args=[campaign.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert b"50000" not in response.content


def test_reach_api_password_only_is_refused(manager, campaign):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(manager)  # not verified: the second factor was not passed

    response = api.get(reverse("api:campaign-reach-detail", args=[campaign.pk]))

    assert (response.status_code, response.json()["error"]) == (403, "Second factor required.")


def test_reach_of_another_organisations_campaign_answers_404_even_to_its_namesake(client, manager):
    campaign = CampaignFactory(organisation=OrganisationFactory(), name="Know before you go")
    client.force_login(manager)

    assert client.get(reverse("campaigns:campaign_reach", args=[campaign.pk])).status_code == 404
