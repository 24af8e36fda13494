"""Activities per channel: the form shows the chosen channel's fields only, estimates say so, TV and radio
have airings, events count participants by sex and age band; partner managers add and change their own
activities, never the lead's (and the lead's managers never theirs)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from campaigns.models import Activity, Participation
from campaigns.services import activities as services
from campaigns.tests.factories import (
    ActivityFactory,
    AiringFactory,
    BroadcastFactory,
    CampaignFactory,
    ParticipationFactory,
)

LIST = "/api/v1/campaigns/activities/"


@pytest.fixture
def campaign(ngo):
    campaign = CampaignFactory(
        organisation=ngo, channels=["tv", "radio", "print", "event", "social_media", "sms"]
    )
    campaign.regions.add("TJ-SU")
    return campaign


@pytest.fixture
def partner_manager(other_ngo, campaign):
    campaign.partners.add(other_ngo)
    return user_with_role(Role.MANAGER, other_ngo, username="partner-manager")


def _activities():
    # unscoped: the test reads back every organisation's rows.
    return list(Activity.unscoped.order_by("pk"))


@pytest.mark.parametrize(
    ("channel", "shown", "hidden"),
    [
        ("tv", ["audience_estimate", "estimate_source", "programme"], ["copies", "posts"]),
        ("radio", ["audience_estimate", "outlet"], ["distribution", "reach_estimate"]),
        ("print", ["copies", "distribution"], ["audience_estimate", "outlet"]),
        ("event", ["outlet"], ["audience_estimate", "copies"]),
        ("social_media", ["posts", "reach_estimate", "engagement"], ["copies", "programme"]),
    ],
)
def test_activity_form_shows_only_the_fields_of_the_channel(
    client, manager, campaign, channel, shown, hidden
):
    client.force_login(manager)

    response = client.get(
        reverse("campaigns:campaign_activity_add", args=[campaign.pk]), {"channel": channel}
    )

    fields = set(response.context["form"].fields)
    assert [name in fields for name in shown + hidden] == [True] * len(shown) + [False] * len(hidden)


def test_activity_add_records_a_tv_spot_and_clears_other_channels_fields(client, manager, campaign, ngo):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:campaign_activity_add", args=[campaign.pk]) + "?channel=tv",
        {
            "title": "Evening spot",
            "outlet": "Synthetic TV",
            "programme": "News at nine",
            "audience_estimate": "120000",
            "estimate_source": "Broadcaster's figures",
            "copies": "500",  # not a TV field: ignored
            "region": "TJ-SU",
        },
    )

    activity = _activities()[0]
    assert response.url == reverse("campaigns:activity_update", args=[activity.pk])
    assert (activity.organisation, activity.channel, activity.audience_estimate, activity.copies) == (
        ngo,
        "tv",
        120000,
        None,
    )


def test_activity_add_refuses_an_estimate_without_its_source_and_keeps_the_input(client, manager, campaign):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:campaign_activity_add", args=[campaign.pk]) + "?channel=radio",
        {"title": "Morning show", "outlet": "Synthetic FM", "audience_estimate": "40000"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"estimate_source": ["Say where the estimate comes from."]}
    assert "Synthetic FM" in response.content.decode()
    assert _activities() == []


def test_activity_add_refuses_sms_which_is_a_broadcast(manager, campaign):
    with pytest.raises(ValidationError) as refused:
        services.activity_add(campaign=campaign, by=manager, channel="sms", title="Texts")

    assert list(refused.value.message_dict) == ["channel"]


def test_activity_add_refuses_a_channel_the_campaign_does_not_use(manager, ngo):
    campaign = CampaignFactory(organisation=ngo, channels=["radio"])

    with pytest.raises(ValidationError) as refused:
        services.activity_add(campaign=campaign, by=manager, channel="tv", title="Spot")

    assert refused.value.message_dict == {"channel": ["The campaign does not use this channel."]}


def test_activity_add_by_a_caseworker_is_refused(client, caseworker, campaign):
    client.force_login(caseworker)

    response = client.get(reverse("campaigns:campaign_activity_add", args=[campaign.pk]), {"channel": "tv"})

    assert response.status_code == 403


def test_partner_manager_adds_and_changes_their_own_activity_only(
    campaign, manager, partner_manager, other_ngo
):
    theirs = services.activity_add(
        campaign=campaign, by=partner_manager, channel="print", title="Leaflets", copies=2000
    )
    ours = services.activity_add(campaign=campaign, by=manager, channel="print", title="Posters", copies=50)

    services.activity_update(activity=theirs, by=partner_manager, copies=2500)

    assert (theirs.organisation, Activity.unscoped.get(pk=theirs.pk).copies) == (other_ngo, 2500)
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=ours, by=partner_manager, copies=1)
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=theirs, by=manager, copies=1)


def test_partner_manager_pages(client, campaign, manager, partner_manager, other_ngo):
    ours = ActivityFactory(organisation=campaign.organisation, campaign=campaign)
    theirs = ActivityFactory(organisation=other_ngo, campaign=campaign)
    client.force_login(partner_manager)

    answers = [
        client.get(
            reverse("campaigns:campaign_activity_add", args=[campaign.pk]), {"channel": "tv"}
        ).status_code,
        client.get(reverse("campaigns:activity_update", args=[theirs.pk])).status_code,
        client.get(reverse("campaigns:activity_update", args=[ours.pk])).status_code,
    ]

    assert answers == [200, 200, 403]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_activity_update_role_matrix(client, cast, campaign, role, status):
    activity = ActivityFactory(organisation=campaign.organisation, campaign=campaign)
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse("campaigns:activity_update", args=[activity.pk]))

    assert response.status_code == status


def test_airing_add_records_tv_airings_and_refuses_print(client, manager, campaign):
    tv = ActivityFactory(organisation=campaign.organisation, campaign=campaign, channel="tv")
    leaflets = ActivityFactory(organisation=campaign.organisation, campaign=campaign, channel="print")
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:activity_airing_add", args=[tv.pk]),
        {"aired_at": "2026-03-02T19:30", "duration_seconds": "30"},
    )

    assert response.url == reverse("campaigns:activity_update", args=[tv.pk])
    assert [(timezone.localtime(a.aired_at).hour, a.duration_seconds) for a in tv.airings.all()] == [(19, 30)]
    with pytest.raises(ValidationError):
        services.airing_add(
            activity=leaflets, by=manager, aired_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
        )


def test_participations_are_counted_by_sex_and_age_band(client, manager, campaign):
    event = ActivityFactory(
        organisation=campaign.organisation, campaign=campaign, channel="event", audience_estimate=None
    )
    ParticipationFactory(organisation=event.organisation, campaign=campaign, activity=event, count=3)
    client.force_login(manager)
    page = client.get(reverse("campaigns:activity_participation_set", args=[event.pk]))

    response = client.post(
        reverse("campaigns:activity_participation_set", args=[event.pk]),
        {"count_female_1": "25", "count_male_0": "12", "count_male_1": ""},
    )

    assert response.url == campaign.get_absolute_url()
    assert len(page.context["form"].fields) == 15  # one per sex × age band
    assert sorted(Participation.unscoped.filter(activity=event).values_list("sex", "age_band", "count")) == [
        ("female", "18-24", 25),
        ("male", "0-17", 12),
    ]


def test_campaign_detail_groups_activities_by_channel_and_labels_estimates(client, manager, campaign):
    tv = ActivityFactory(organisation=campaign.organisation, campaign=campaign, channel="tv", title="TV spot")
    AiringFactory(organisation=tv.organisation, campaign=campaign, activity=tv)
    ActivityFactory(
        organisation=campaign.organisation,
        campaign=campaign,
        channel="social_media",
        title="Posts",
        audience_estimate=None,
        reach_estimate=9000,
    )
    BroadcastFactory(organisation=campaign.organisation, campaign=campaign, name="March texts")
    client.force_login(manager)

    response = client.get(campaign.get_absolute_url())

    page = response.content.decode()
    assert [channel for channel, _label, _rows in response.context["activity_groups"]] == [
        "tv",
        "social_media",
    ]
    assert page.count("(estimate)") >= 2
    assert "March texts" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_campaign_detail_queries_do_not_grow_with_activities(
    client, manager, campaign, rows, django_assert_num_queries
):
    for _ in range(rows):
        activity = ActivityFactory(organisation=campaign.organisation, campaign=campaign)
        AiringFactory(organisation=campaign.organisation, campaign=campaign, activity=activity)
    client.force_login(manager)

    with django_assert_num_queries(13):
        client.get(campaign.get_absolute_url())


# API ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "caseworker", "shelter_staff", "outsider"])
@pytest.mark.parametrize("operation", ["list", "retrieve", "create", "partial_update", "airings"])
def test_activity_api_role_matrix(api, cast, campaign, role, operation):
    activity = ActivityFactory(organisation=campaign.organisation, campaign=campaign)
    detail = f"{LIST}{activity.pk}/"
    method, url, data, allowed = {
        "list": ("get", LIST, None, 200),
        "retrieve": ("get", detail, None, 200),
        "create": ("post", LIST, {"campaign": campaign.pk, "channel": "print", "title": "Leaflets"}, 201),
        "partial_update": ("patch", detail, {"title": "Renamed"}, 200),
        "airings": ("post", f"{detail}airings/", {"aired_at": "2026-03-03T08:00:00Z"}, 201),
    }[operation]
    api.force_authenticate(cast[role])

    response = getattr(api, method)(url, data, format="json")

    if role == "manager":
        expected = allowed
    elif role == "caseworker":
        expected = allowed if operation in ("list", "retrieve") else 403
    elif role == "outsider":
        expected = {"list": 200, "create": 403}.get(operation, 404)
    else:
        expected = 403
    assert response.status_code == expected, response.content


def test_activity_api_password_only_is_refused(campaign, manager):
    from rest_framework.test import APIClient

    session = APIClient()
    session.force_login(manager)

    response = session.post(LIST, {"campaign": campaign.pk, "channel": "print", "title": "X"}, format="json")

    assert response.status_code == 403
    assert _activities() == []


def test_activity_api_nests_airings_and_participations_and_names_estimates(api, manager, campaign):
    tv = ActivityFactory(organisation=campaign.organisation, campaign=campaign, channel="tv")
    AiringFactory(organisation=tv.organisation, campaign=campaign, activity=tv)
    event = ActivityFactory(organisation=campaign.organisation, campaign=campaign, channel="event")
    api.force_authenticate(manager)

    set_counts = api.post(
        f"{LIST}{event.pk}/participations/",
        {"participations": [{"sex": "female", "age_band": "18-24", "count": 40}]},
        format="json",
    )
    listed = api.get(LIST, {"campaign": campaign.pk}).json()["results"]

    assert set_counts.status_code == 200
    assert [(row["channel"], len(row["airings"]), row["participations"]) for row in listed] == [
        ("tv", 1, []),
        ("event", 0, [{"sex": "female", "age_band": "18-24", "count": 40}]),
    ]
    assert {"audience_estimate", "reach_estimate"} <= set(listed[0])


def test_activity_api_refuses_another_organisation_s_campaign_as_unknown(api, manager, other_ngo):
    theirs = CampaignFactory(organisation=other_ngo, channels=["print"])
    api.force_authenticate(manager)

    response = api.post(LIST, {"campaign": theirs.pk, "channel": "print", "title": "Leaflets"}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "campaign")
    assert _activities() == []
