"""The preview shown before every send: recipients (distinct numbers across the lists), which text each
language gets, segments with the opt-out link, the cost by operator price, and who is left out."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.services import broadcasts as services
from campaigns.services.pricing import PriceTable
from campaigns.tests.factories import (
    BroadcastFactory,
    BroadcastTextFactory,
    OperatorPriceFactory,
    OptOutFactory,
    SmsPolicyFactory,
    SubscriberFactory,
    SubscriberListFactory,
)


@pytest.fixture
def broadcast(ngo):
    broadcast = BroadcastFactory(organisation=ngo)
    BroadcastTextFactory(
        organisation=ngo, broadcast=broadcast, language="ru", body="Звоните 1414.", position=0
    )
    BroadcastTextFactory(
        organisation=ngo, broadcast=broadcast, language="tg", body="Ba 1414 zang zaned.", position=1
    )
    return broadcast


def _subscribe(broadcast, sms_list, numbers, language="ru"):
    broadcast.lists.add(sms_list)
    return [
        SubscriberFactory(
            organisation=sms_list.organisation, subscriber_list=sms_list, number=n, language=language
        )
        for n in numbers
    ]


def test_broadcast_preview_counts_a_number_on_two_lists_once(ngo, broadcast):
    first, second = SubscriberListFactory(organisation=ngo), SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, first, ["+992900000001", "+992900000002"])
    _subscribe(broadcast, second, ["+992900000002", "+992900000003"])

    preview = services.broadcast_preview(broadcast=broadcast)

    assert (preview.recipients, preview.duplicates, preview.opted_out) == (3, 1, 0)


def test_broadcast_preview_excludes_and_counts_the_organisations_opt_outs(ngo, other_ngo, broadcast):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001", "+992900000002", "+992900000003"])
    OptOutFactory(organisation=ngo, number="+992900000002")
    OptOutFactory(organisation=other_ngo, number="+992900000003")  # another NGO's opt-out does not count

    preview = services.broadcast_preview(broadcast=broadcast)

    assert (preview.recipients, preview.opted_out) == (2, 1)


def test_broadcast_preview_counts_an_opted_out_number_on_two_lists_as_one_exclusion(ngo, broadcast):
    first, second = SubscriberListFactory(organisation=ngo), SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, first, ["+992900000001"])
    _subscribe(broadcast, second, ["+992900000001"])
    OptOutFactory(organisation=ngo, number="+992900000001")

    preview = services.broadcast_preview(broadcast=broadcast)

    assert (preview.recipients, preview.opted_out, preview.duplicates) == (0, 1, 1)


def test_broadcast_preview_gives_each_language_its_text_and_the_first_text_to_the_others(ngo, broadcast):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001", "+992900000002"], language="tg")
    _subscribe(broadcast, sms_list, ["+992900000003"], language="ru")
    _subscribe(broadcast, sms_list, ["+992900000004"], language="uz")

    preview = services.broadcast_preview(broadcast=broadcast)

    assert [(code, count, item.text.language) for code, count, item in preview.by_language] == [
        ("tg", 2, "tg"),
        ("ru", 1, "ru"),
        ("uz", 1, "ru"),
    ]
    assert [(item.text.language, item.recipients) for item in preview.texts] == [("ru", 2), ("tg", 2)]


def test_broadcast_preview_counts_segments_on_the_final_text_with_the_opt_out_link(ngo, broadcast):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001"], language="tg")
    footer = services.message_footer(services._SampleSubscriber)
    broadcast.texts.filter(language="tg").update(body="a" * (160 - len(footer)))

    preview = services.broadcast_preview(broadcast=broadcast)

    tajik = preview.texts[1]
    assert tajik.final_text.endswith(f" STOP: http://localhost:8000/campaigns/o/{'x' * 22}/")
    assert (tajik.segments.encoding, tajik.segments.length, tajik.segments.segments) == ("GSM-7", 160, 1)
    assert preview.total_segments == 1


def test_broadcast_preview_flags_a_text_over_the_limit_and_names_the_problem(ngo, broadcast):
    SmsPolicyFactory(organisation=ngo, max_segments=1)
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001"])
    broadcast.texts.filter(language="ru").update(body="ж" * 70)

    preview = services.broadcast_preview(broadcast=broadcast)

    assert [item.over_limit for item in preview.texts] == [True, False]
    assert len(preview.problems) == 1
    assert "at most 1" in preview.problems[0]


def test_broadcast_preview_costs_each_number_at_its_longest_prefix_and_counts_unknown_prices(ngo, broadcast):
    gateway = broadcast.gateway
    OperatorPriceFactory(organisation=ngo, gateway=gateway, prefix="+992", price_per_segment="0.0500")
    OperatorPriceFactory(organisation=ngo, gateway=gateway, prefix="+99290", price_per_segment="0.0200")
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001", "+992930000002", "+77010000003"])
    broadcast.texts.filter(language="ru").update(body="ж" * 60)  # 2 segments with the link (64 characters)

    preview = services.broadcast_preview(broadcast=broadcast)

    # +99290…: 0.02 × 2; +99293…: 0.05 × 2 (only +992 matches); +7…: no price.
    assert preview.cost.totals == {"USD": Decimal("0.1400")}
    assert (preview.cost.priced, preview.cost.unknown) == (2, 1)


def test_price_table_matches_the_longest_prefix(ngo):
    short = OperatorPriceFactory.build(prefix="+992", price_per_segment="0.05")
    long = OperatorPriceFactory.build(prefix="+992900", price_per_segment="0.01")
    table = PriceTable([short, long])

    assert table.price_for("+992900123456") is long
    assert table.price_for("+992930123456") is short
    assert table.price_for("+77010000000") is None


def test_broadcast_preview_fingerprint_changes_when_a_list_changes(ngo, broadcast):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001"])
    before = services.broadcast_preview(broadcast=broadcast).fingerprint

    _subscribe(broadcast, sms_list, ["+992900000002"])

    assert services.broadcast_preview(broadcast=broadcast).fingerprint != before
    assert services.broadcast_preview(broadcast=broadcast).fingerprint == (
        services.broadcast_preview(broadcast=broadcast).fingerprint
    )


# The page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        # Without campaigns.view_broadcast the broadcast is out of sight.
        ("caseworker", 404),
        ("hotline_operator", 404),
        ("shelter_staff", 404),
        ("outsider", 404),
        ("password_only", 302),
        ("anonymous", 302),
    ],
)
def test_broadcast_preview_page_role_matrix(client, request, broadcast, manager, role, status):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("campaigns:broadcast_preview", args=[broadcast.pk]))

    assert response.status_code == status
    if role == "password_only":
        assert response["Location"].startswith(f"{reverse('accounts:two_factor')}?next=")


def test_broadcast_preview_page_shows_the_numbers_and_the_start_button_with_the_fingerprint(
    client, ngo, broadcast, manager
):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001", "+992900000002"])
    OptOutFactory(organisation=ngo, number="+992900000002")
    client.force_login(manager)

    response = client.get(reverse("campaigns:broadcast_preview", args=[broadcast.pk]))

    preview = response.context["preview"]
    assert (preview.recipients, preview.opted_out) == (1, 1)
    assert f'name="preview" value="{preview.fingerprint}"'.encode() in response.content
    assert b"+992900000001" not in response.content
    assert b"STOP: http://localhost:8000/campaigns/o/" in response.content


def test_broadcast_preview_page_names_each_recipients_language_and_the_text_it_gets(
    client, ngo, broadcast, manager
):
    sms_list = SubscriberListFactory(organisation=ngo)
    _subscribe(broadcast, sms_list, ["+992900000001"], language="uz")
    client.force_login(manager)

    response = client.get(reverse("campaigns:broadcast_preview", args=[broadcast.pk]))

    assert [(label, count, item.language_label) for label, count, item in response.context["languages"]] == [
        ("Uzbek", 1, "Russian")
    ]
