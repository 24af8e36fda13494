"""A contact names the campaign the caller heard of: offered only campaigns the contact's organisation
runs (leads or partners) around the call's date; another organisation's campaign is refused as unknown,
on the form and in the API, and never listed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory
from hotline.models import Contact
from hotline.tests.factories import ContactFactory, LineFactory

LIST = "/api/v1/hotline/contacts/"
TODAY = timezone.localdate()


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, operators=[hotline_operator])


def _running(organisation, **fields):
    return CampaignFactory(
        organisation=organisation,
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY + datetime.timedelta(days=30),
        **fields,
    )


def _contacts():
    # unscoped: the test reads back every organisation's rows.
    return list(Contact.unscoped.order_by("pk"))


def test_live_call_offers_the_organisation_s_running_and_partnered_campaigns_only(
    client, line, hotline_operator, ngo, other_ngo
):
    ours = _running(ngo, name="Our radio campaign")
    partnered = _running(other_ngo, name="Partnered TV campaign")
    partnered.partners.add(ngo)
    _running(other_ngo, name="Their campaign")
    CampaignFactory(organisation=ngo, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 2, 1))
    client.force_login(hotline_operator)

    response = client.get(reverse("hotline:contact_create"))

    offered = sorted(c.name for c in response.context["form"].fields["campaign"].queryset)
    assert offered == sorted([ours.name, partnered.name])


def test_live_call_records_the_campaign_and_the_detail_shows_it(client, line, hotline_operator, ngo):
    campaign = _running(ngo, name="Our radio campaign")
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_create"),
        {
            "line": line.pk,
            "channel": "phone",
            "caller_type": "prospective_migrant",
            "topics": ["job_offer_check"],
            "outcome": "information",
            "heard_via": "radio",
            "campaign": campaign.pk,
            "action": "complete",
        },
    )

    contact = _contacts()[0]
    assert response.url == contact.get_absolute_url()
    assert contact.campaign == campaign
    assert "Our radio campaign" in client.get(contact.get_absolute_url()).content.decode()


def test_live_call_refuses_another_organisation_s_campaign(client, line, hotline_operator, other_ngo):
    theirs = _running(other_ngo)
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_create"),
        {
            "line": line.pk,
            "channel": "phone",
            "heard_via": "tv",
            "campaign": theirs.pk,
            "action": "save_draft",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["campaign"]
    assert [c.campaign_id for c in _contacts()] in ([], [None])


def test_live_call_drops_the_campaign_when_heard_via_a_friend(client, line, hotline_operator, ngo):
    campaign = _running(ngo)
    client.force_login(hotline_operator)

    client.post(
        reverse("hotline:contact_autosave"),
        {"line": line.pk, "channel": "phone", "heard_via": "friend", "campaign": campaign.pk},
    )

    assert [c.campaign_id for c in _contacts()] == [None]


def test_contact_api_records_a_campaign_of_the_organisation(api, line, hotline_operator, ngo):
    campaign = _running(ngo)
    api.force_authenticate(hotline_operator)

    response = api.post(LIST, {"line": line.pk, "heard_via": "sms", "campaign": campaign.pk}, format="json")

    assert (response.status_code, response.json()["campaign"]) == (201, campaign.pk)


def test_contact_api_refuses_another_organisation_s_campaign_as_unknown(
    api, line, hotline_operator, other_ngo
):
    theirs = _running(other_ngo)
    api.force_authenticate(hotline_operator)

    response = api.post(LIST, {"line": line.pk, "heard_via": "tv", "campaign": theirs.pk}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "campaign")
    assert _contacts() == []


def test_contact_api_refuses_a_campaign_without_a_campaign_channel(api, line, hotline_operator, ngo):
    campaign = _running(ngo)
    contact = ContactFactory(organisation=ngo, line=line, operator=hotline_operator, is_draft=True)
    api.force_authenticate(hotline_operator)

    response = api.patch(
        f"{LIST}{contact.pk}/", {"heard_via": "friend", "campaign": campaign.pk}, format="json"
    )

    assert (response.status_code, response.json()["field"]) == (400, "campaign")
    assert Contact.unscoped.get(pk=contact.pk).campaign_id is None
