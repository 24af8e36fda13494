"""The campaign figures an award entry cites: one organisation's campaigns, activities and reach, with
estimates named as such."""

import datetime

from campaigns.models import choices
from campaigns.selectors import reach
from campaigns.tests.factories import (
    ActivityFactory,
    BroadcastFactory,
    CampaignFactory,
    MessageFactory,
    ParticipationFactory,
    SubscriberFactory,
)

MARCH = {"date_from": datetime.date(2026, 3, 1), "date_to": datetime.date(2026, 3, 31)}
Channel = choices.Channel


def test_award_figures_count_campaigns_activities_participants_and_sms(ngo, other_ngo):
    led = CampaignFactory(
        organisation=ngo, starts_on=datetime.date(2026, 2, 1), ends_on=datetime.date(2026, 4, 30)
    )
    ActivityFactory(organisation=ngo, campaign=led, channel=Channel.TV, audience_estimate=50000)
    ActivityFactory(
        organisation=ngo,
        campaign=led,
        channel=Channel.SOCIAL_MEDIA,
        audience_estimate=None,
        reach_estimate=2000,
        starts_on=datetime.date(2026, 3, 10),
    )
    event = ActivityFactory(organisation=ngo, campaign=led, channel=Channel.EVENT, audience_estimate=None)
    ParticipationFactory(organisation=ngo, campaign=led, activity=event, count=40)
    ParticipationFactory(organisation=ngo, campaign=led, activity=event, count=25, sex=choices.Sex.MALE)
    ActivityFactory(  # after the period
        organisation=ngo,
        campaign=led,
        channel=Channel.PRINT,
        audience_estimate=None,
        copies=1000,
        starts_on=datetime.date(2026, 5, 1),
    )
    partnered = CampaignFactory(organisation=other_ngo)
    partnered.partners.add(ngo)
    ActivityFactory(organisation=ngo, campaign=partnered, audience_estimate=10)
    ParticipationFactory(organisation=other_ngo, campaign=partnered, count=100)  # the lead's own event
    CampaignFactory(
        organisation=ngo, starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2026, 1, 31)
    )
    subscriber = SubscriberFactory(organisation=ngo)
    for _ in range(2):  # one number reached by two broadcasts
        MessageFactory(
            organisation=ngo,
            broadcast=BroadcastFactory(organisation=ngo, campaign=led),
            subscriber=subscriber,
            status=choices.MessageStatus.DELIVERED,
            delivered_at=datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC),
        )
    MessageFactory(
        organisation=ngo,
        broadcast=BroadcastFactory(organisation=ngo, campaign=led),
        status=choices.MessageStatus.FAILED,
    )

    figures = reach.organisation_award_figures(organisation_id=ngo.pk, **MARCH)

    assert figures == {
        "campaigns": 2,
        "campaigns_led": 1,
        "activities": 4,
        "audience_estimate": 52010,  # 50,000 (TV) + 2,000 (social media) + 10 (the partner's activity)
        "print_copies": 0,
        "event_participants": 65,
        "sms_delivered": 2,
        "sms_numbers_reached": 1,
    }


def test_award_figures_without_campaigns_have_no_estimate(ngo):

    figures = reach.organisation_award_figures(organisation_id=ngo.pk, **MARCH)

    assert figures == {
        "campaigns": 0,
        "campaigns_led": 0,
        "activities": 0,
        "audience_estimate": None,
        "print_copies": 0,
        "event_participants": 0,
        "sms_delivered": 0,
        "sms_numbers_reached": 0,
    }
