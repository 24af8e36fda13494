"""The demo's campaigns (``load_demo``, read from ``demo_loaded``): the seed's SMS, TV and radio campaigns
in the five republics, with their reach, and their traces in the Khujand hotline's contacts."""

from django.urls import reverse

from accounts.models import User
from campaigns import demo
from campaigns.models import Campaign, Message, OptOut, Subscriber, choices
from campaigns.selectors import effect as effect_selectors, reach as reach_selectors
from network.countries import CENTRAL_ASIA


def campaigns():
    # unscoped: the test reads what the loader wrote.
    return Campaign.unscoped.select_related("organisation")


def test_demo_has_campaigns_in_the_five_republics(db, demo_loaded):
    countries = set(campaigns().values_list("organisation__country", flat=True))
    channels = {channel for campaign in campaigns() for channel in campaign.channels}

    assert countries == set(CENTRAL_ASIA)
    assert {choices.Channel.SMS, choices.Channel.TV, choices.Channel.RADIO} <= channels
    assert all(campaign.partners.exists() and campaign.regions.exists() for campaign in campaigns())
    assert all(campaign.programme and campaign.donor and campaign.budget for campaign in campaigns())
    assert "Campaigns:" in demo_loaded


def test_demo_campaigns_have_reach_with_counts_and_estimates(db, demo_loaded):
    admin_of_reach = User.objects.get(username="manager")  # Women and Society: leads one, partners the other
    tajik = campaigns().filter(organisation__country="TJ")

    reaches = {
        campaign.name: reach_selectors.campaign_reach(user=admin_of_reach, campaign=campaign)
        for campaign in tajik
    }

    tv_radio, sms = reaches[demo.CAMPAIGNS[0]["name"]], reaches[demo.CAMPAIGNS[1]["name"]]
    assert tv_radio.counted_total > 5_000 and tv_radio.estimated_total > 100_000
    assert sms.sms.delivered > 200 and sms.sms.failed > 0 and sms.estimated_total == 0
    assert sms.sms.messages == demo.SUBSCRIBERS - demo.OPTED_OUT


def test_demo_sms_list_has_synthetic_numbers_and_opt_outs(db, demo_loaded):
    # unscoped: as above.
    subscribers = Subscriber.unscoped.all()
    # unscoped: as above.
    opted_out = set(OptOut.unscoped.values_list("number_hash", flat=True))

    assert subscribers.count() == demo.SUBSCRIBERS
    assert all(subscriber.number.startswith("+99290") for subscriber in subscribers)
    assert len(opted_out) == demo.OPTED_OUT
    # unscoped: as above.
    assert not Message.unscoped.filter(number_hash__in=opted_out).exists()


def test_demo_hotline_contacts_name_the_tajik_campaigns_and_rise_during_them(db, demo_loaded):
    manager = User.objects.get(username="manager")

    for spec in demo.CAMPAIGNS[:2]:
        campaign = campaigns().get(name=spec["name"])
        effect = effect_selectors.campaign_effect(user=manager, campaign=campaign)

        assert effect.named > 20, spec["name"]
        assert effect.change_percent is not None and effect.change_percent > 20, (spec["name"], effect)


def test_demo_reach_page_opens_for_the_demo_manager(client, db, demo_loaded):
    client.force_login(User.objects.get(username="manager"))
    campaign = campaigns().get(name=demo.CAMPAIGNS[1]["name"])

    response = client.get(reverse("campaigns:campaign_reach", args=[campaign.pk]))

    assert response.status_code == 200
    assert response.context["effect"].named > 20


def test_demo_campaigns_load_twice_changes_nothing(db, demo_loaded):
    # unscoped: as above.
    before = (Campaign.unscoped.count(), Message.unscoped.count(), Subscriber.unscoped.count())

    again = demo.load()

    # unscoped: as above.
    assert (Campaign.unscoped.count(), Message.unscoped.count(), Subscriber.unscoped.count()) == before
    assert "already loaded" in again
