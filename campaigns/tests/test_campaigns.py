"""Campaigns: the lead organisation's managers plan and change them, partners read them, everyone else
in the organisation reads, other organisations never learn they exist; the list's filters; the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from campaigns.models import Campaign
from campaigns.services import campaigns as services
from campaigns.tests.factories import CampaignFactory
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory

LIST = "/api/v1/campaigns/"


def _campaigns():
    # unscoped: the test reads back every organisation's rows.
    return list(Campaign.unscoped.order_by("pk"))


@pytest.fixture
def campaign(ngo, manager):
    return CampaignFactory(organisation=ngo, created_by=manager)


@pytest.fixture
def partner_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="partner-manager")


@pytest.fixture
def donor(db):
    return OrganisationFactory(name_en="Synthetic Donor Fund", type=OrganisationType.DONOR, country="US")


def _client_for(client, cast, role):
    if role == "password_only":
        session = Client()
        session.force_login(cast["manager"])  # password only: no second factor
        return session
    client.force_login(cast[role])
    return client


def _form(**overrides):
    data = {
        "name": "Safe jobs abroad",
        "starts_on": "2026-03-01",
        "ends_on": "2026-05-31",
        "target_groups": ["young_people", "prospective_migrants"],
        "languages": ["ru", "tg"],
        "channels": ["tv", "radio"],
        "key_messages": "Check a job offer before you travel.",
        "currency": "USD",
        "budget": "12000.00",
        "spent": "3000.50",
    }
    data.update(overrides)
    return data


# Role matrices -----------------------------------------------------------------------------------------

ROLES = ["manager", "caseworker", "hotline_operator", "shelter_staff", "judge", "outsider", "password_only"]


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("campaigns:campaign_detail", {"manager", "caseworker", "hotline_operator"}),
        ("campaigns:campaign_update", {"manager"}),
        ("campaigns:campaign_material_add", {"manager"}),
        ("campaigns:campaign_activity_add", {"manager"}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_campaign_pages_role_matrix(client, cast, campaign, url_name, allowed, role):
    client = _client_for(client, cast, role)

    response = client.get(reverse(url_name, args=[campaign.pk]))

    if role == "password_only":
        expected = 302  # to the second factor
    elif role == "outsider":
        expected = 404
    elif role in allowed:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("campaigns:campaign_list", {"manager", "caseworker", "hotline_operator", "outsider"}),
        ("campaigns:campaign_create", {"manager"}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_campaign_list_and_create_role_matrix(client, cast, url_name, allowed, role):
    client = _client_for(client, cast, role)

    response = client.get(reverse(url_name))

    expected = 302 if role == "password_only" else 200 if role in allowed else 403
    assert response.status_code == expected


def test_campaign_create_password_only_changes_nothing(manager):
    session = Client()
    session.force_login(manager)

    response = session.post(reverse("campaigns:campaign_create"), _form())

    assert response.status_code == 302
    assert _campaigns() == []


# Create and update -------------------------------------------------------------------------------------


def test_campaign_create_saves_everything_and_writes_the_audit_entry(client, manager, ngo, other_ngo, donor):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:campaign_create"),
        _form(partners=[other_ngo.pk], donor=donor.pk, regions=["TJ-SU", "TJ-DU"]),
    )

    campaign = _campaigns()[0]
    assert response.url == campaign.get_absolute_url()
    assert (
        campaign.organisation,
        list(campaign.partners.all()),
        campaign.donor,
        sorted(campaign.regions.values_list("pk", flat=True)),
        campaign.channels,
        str(campaign.budget),
        str(campaign.spent),
    ) == (ngo, [other_ngo], donor, ["TJ-DU", "TJ-SU"], ["tv", "radio"], "12000.00", "3000.50")
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["campaign.created"]


def test_campaign_create_refuses_an_end_before_the_start_and_keeps_the_input(client, manager):
    client.force_login(manager)

    response = client.post(reverse("campaigns:campaign_create"), _form(ends_on="2026-02-01"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["The campaign cannot end before it starts."]}
    assert "Check a job offer before you travel." in response.content.decode()
    assert _campaigns() == []


def test_campaign_create_refuses_a_region_outside_the_organisations_countries(client, manager):
    client.force_login(manager)

    response = client.post(reverse("campaigns:campaign_create"), _form(regions=["KZ-75"]))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["regions"]
    assert _campaigns() == []


def test_campaign_create_accepts_a_region_of_a_partner_s_country(manager, ngo):
    partner = OrganisationFactory(country="KZ")

    campaign = services.campaign_create(
        organisation=ngo,
        by=manager,
        name="Across the border",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
        channels=["radio"],
        partners=[partner],
        regions=[_region("KZ-75")],
    )

    assert list(campaign.regions.values_list("pk", flat=True)) == ["KZ-75"]


def _region(code):
    from network.models import Region

    return Region.objects.get(pk=code)


def test_campaign_create_refuses_a_donor_that_is_not_a_donor(manager, ngo, other_ngo):
    with pytest.raises(ValidationError) as refused:
        services.campaign_create(
            organisation=ngo,
            by=manager,
            name="Campaign",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 31),
            channels=["tv"],
            donor=other_ngo,
        )

    assert refused.value.message_dict == {"donor": ["Choose a donor organisation."]}


def test_campaign_create_by_a_caseworker_is_refused(caseworker, ngo):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            organisation=ngo,
            by=caseworker,
            name="Campaign",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 31),
            channels=["tv"],
        )


def test_campaign_update_changes_the_fields_and_audits_their_names(client, manager, campaign):
    client.force_login(manager)
    data = _form(name="Safe jobs abroad, second wave", channels=["tv", "sms"], spent="5000.00")

    response = client.post(reverse("campaigns:campaign_update", args=[campaign.pk]), data)

    campaign.refresh_from_db()
    assert response.url == campaign.get_absolute_url()
    assert (campaign.name, campaign.channels, str(campaign.spent)) == (
        "Safe jobs abroad, second wave",
        ["tv", "sms"],
        "5000.00",
    )
    entry = AuditEntry.unscoped.get(action="campaign.updated")
    assert "name" in entry.details["fields"] and "spent" in entry.details["fields"]


# Partners ----------------------------------------------------------------------------------------------


def test_partner_members_read_the_campaign_but_only_the_lead_changes_it(
    client, campaign, other_ngo, outsider
):
    campaign.partners.add(other_ngo)
    partner_manager = user_with_role(Role.MANAGER, other_ngo, username="partner-manager")

    client.force_login(outsider)  # a caseworker of the partner organisation
    detail = client.get(campaign.get_absolute_url())
    client.force_login(partner_manager)
    update = client.get(reverse("campaigns:campaign_update", args=[campaign.pk]))
    listed = client.get(reverse("campaigns:campaign_list"))

    assert (detail.status_code, update.status_code) == (200, 403)
    assert [c.pk for c in listed.context["page"]] == [campaign.pk]
    with pytest.raises(PermissionDenied):
        services.campaign_update(campaign=campaign, by=partner_manager, name="Taken over")


# The list ----------------------------------------------------------------------------------------------


def test_campaign_list_shows_own_and_shared_campaigns_only(client, manager, ngo, other_ngo):
    own = CampaignFactory(organisation=ngo)
    shared = CampaignFactory(organisation=other_ngo)
    shared.partners.add(ngo)
    CampaignFactory(organisation=other_ngo)
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_list"))

    assert sorted(c.pk for c in response.context["page"]) == sorted([own.pk, shared.pk])


@pytest.mark.parametrize("rows", [1, 3])
def test_campaign_list_queries_do_not_grow_with_rows(
    client, manager, ngo, other_ngo, rows, django_assert_num_queries
):
    for _ in range(rows):
        campaign = CampaignFactory(organisation=ngo)
        campaign.partners.add(other_ngo)
        campaign.regions.add("TJ-SU")
    client.force_login(manager)

    with django_assert_num_queries(10):
        response = client.get(reverse("campaigns:campaign_list"))

    assert len(response.context["page"]) == rows


@pytest.mark.parametrize(
    ("query", "matching", "other"),
    [
        ({"year": "2025"}, {"starts_on": "2025-10-01", "ends_on": "2025-12-31"}, {}),
        ({"channel": "radio"}, {"channels": ["radio"]}, {"channels": ["tv"]}),
        ({"target_group": "women"}, {"target_groups": ["women"]}, {"target_groups": ["parents"]}),
    ],
)
def test_campaign_list_filters(client, manager, ngo, query, matching, other):
    wanted = CampaignFactory(organisation=ngo, **matching)
    CampaignFactory(organisation=ngo, **other)
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_list"), query)

    assert [c.pk for c in response.context["page"]] == [wanted.pk]


def test_campaign_list_filters_by_region(client, manager, ngo):
    wanted = CampaignFactory(organisation=ngo)
    wanted.regions.add("TJ-SU")
    CampaignFactory(organisation=ngo).regions.add("TJ-DU")
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_list"), {"region": "TJ-SU"})

    assert [c.pk for c in response.context["page"]] == [wanted.pk]


def test_campaign_pages_read_in_russian(client, manager, campaign, settings):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    pages = [
        client.get(url).content.decode()
        for url in (
            reverse("campaigns:campaign_list"),
            campaign.get_absolute_url(),
            reverse("campaigns:campaign_update", args=[campaign.pk]),
        )
    ]

    assert ["Кампании" in pages[0], "Ведущая организация" in pages[1], "Ключевые сообщения" in pages[2]] == [
        True,
        True,
        True,
    ]


def test_main_menu_offers_campaigns_to_those_who_read_them(client, caseworker, shelter_staff):
    client.force_login(caseworker)
    with_menu = client.get("/").context["nav_items"]
    client.force_login(shelter_staff)
    without = client.get("/").context["nav_items"]

    url = reverse("campaigns:campaign_list")
    assert (url in [i["url"] for i in with_menu], url in [i["url"] for i in without]) == (True, False)


# API ---------------------------------------------------------------------------------------------------


def _api_body(**overrides):
    body = {
        "name": "Radio spots",
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
        "channels": ["radio"],
        "languages": ["tg"],
        "target_groups": ["returnees"],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    "role", ["manager", "caseworker", "hotline_operator", "shelter_staff", "judge", "outsider"]
)
@pytest.mark.parametrize("operation", ["list", "retrieve", "create", "partial_update"])
def test_campaign_api_role_matrix(api, cast, campaign, role, operation):
    detail = f"{LIST}{campaign.pk}/"
    method, url, data, allowed = {
        "list": ("get", LIST, None, 200),
        "retrieve": ("get", detail, None, 200),
        "create": ("post", LIST, _api_body(), 201),
        "partial_update": ("patch", detail, {"spent": "10.00"}, 200),
    }[operation]
    api.force_authenticate(cast[role])

    response = getattr(api, method)(url, data, format="json")

    readers = {"manager", "caseworker", "hotline_operator"}
    if role == "manager":
        expected = allowed
    elif role in readers:
        expected = allowed if operation in ("list", "retrieve") else 403
    elif role == "outsider":
        expected = {"list": 200, "retrieve": 404, "create": 403, "partial_update": 404}[operation]
    else:
        expected = 403
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("operation", ["list", "create", "partial_update"])
def test_campaign_api_password_only_is_refused_and_changes_nothing(manager, campaign, operation):
    session = APIClient()
    session.force_login(manager)
    method, url, data = {
        "list": ("get", LIST, None),
        "create": ("post", LIST, _api_body()),
        "partial_update": ("patch", f"{LIST}{campaign.pk}/", {"name": "Changed"}),
    }[operation]

    response = getattr(session, method)(url, data, format="json")

    assert response.status_code == 403
    assert [(c.pk, c.name) for c in _campaigns()] == [(campaign.pk, campaign.name)]


def test_campaign_api_create_answers_the_campaign_and_refuses_bad_periods(api, manager, ngo):
    api.force_authenticate(manager)

    created = api.post(LIST, _api_body(regions=["TJ-SU"]), format="json")
    refused = api.post(LIST, _api_body(ends_on="2026-05-01"), format="json")

    assert created.status_code == 201
    assert (created.json()["organisation"], created.json()["regions"]) == (ngo.pk, ["TJ-SU"])
    assert (refused.status_code, refused.json()["field"]) == (400, "ends_on")


def test_campaign_api_partner_manager_reads_but_cannot_change(api, campaign, other_ngo, partner_manager):
    campaign.partners.add(other_ngo)
    api.force_authenticate(partner_manager)

    read = api.get(f"{LIST}{campaign.pk}/")
    change = api.patch(f"{LIST}{campaign.pk}/", {"name": "Taken over"}, format="json")

    assert (read.status_code, change.status_code) == (200, 403)


def test_campaign_api_filters_like_the_web_list(api, manager, ngo):
    radio = CampaignFactory(organisation=ngo, channels=["radio"])
    CampaignFactory(organisation=ngo, channels=["tv"])
    api.force_authenticate(manager)

    response = api.get(LIST, {"channel": "radio"})

    assert [row["id"] for row in response.json()["results"]] == [radio.pk]
