"""Hotline statistics: contacts by day and hour, topics, outcomes, referrals and destinations of concern,
counted by aggregate queries over the period and line chosen, drafts and other organisations left out."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline import selectors
from hotline.tests.factories import ContactFactory, LineFactory

DAY = datetime.date(2026, 11, 20)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, operators=[hotline_operator])


@pytest.fixture
def contacts(ngo, other_ngo, line, manager):
    rows = [
        ContactFactory(
            organisation=ngo,
            line=line,
            started_at=at(DAY, 9),
            topics=["job_offer_check"],
            outcome="information",
            country_of_concern="RU",
            duration_seconds=100,
        ),
        ContactFactory(
            organisation=ngo,
            line=line,
            started_at=at(DAY, 9),
            topics=["job_offer_check", "safe_migration"],
            outcome="referral",
            referred_to_organisation=other_ngo,
            country_of_concern="RU",
            duration_seconds=300,
        ),
        ContactFactory(
            organisation=ngo,
            line=line,
            started_at=at(DAY + datetime.timedelta(days=1), 14),
            topics=["missing_person"],
            outcome="police_urgent",
            country_of_concern="KZ",
            duration_seconds=200,
        ),
    ]
    ContactFactory(organisation=ngo, line=line, started_at=at(DAY, 10), is_draft=True)  # not counted
    ContactFactory(organisation=other_ngo, started_at=at(DAY, 9))  # another organisation's
    ContactFactory(organisation=ngo, line=line, started_at=at(DAY - datetime.timedelta(days=5), 9))  # before
    return rows


def stats_for(user, **options):
    return selectors.hotline_statistics(
        user=user, date_from=DAY, date_to=DAY + datetime.timedelta(days=2), **options
    )


def test_statistics_count_the_periods_completed_contacts_of_the_organisation(manager, contacts):
    stats = stats_for(manager)

    assert (stats.total, stats.referred, stats.average_seconds) == (3, 2, 200)
    assert stats.by_day == [
        (DAY, 2),
        (DAY + datetime.timedelta(days=1), 1),
        (DAY + datetime.timedelta(days=2), 0),
    ]
    assert [(hour, count) for hour, count in stats.by_hour if count] == [(9, 2), (14, 1)]


def test_statistics_count_topics_outcomes_destinations_and_referrals(manager, contacts, other_ngo):
    stats = stats_for(manager)

    assert stats.topics == [
        ("Job offer or visa check", 2),
        ("Safe migration advice", 1),
        ("Missing person", 1),
    ]
    assert sorted(stats.outcomes) == [
        ("Information given", 1),
        ("Referral to an organisation", 1),
        ("Urgent referral to police", 1),
    ]
    assert stats.concerns == [("Russian Federation", 2), ("Kazakhstan", 1)]
    assert stats.referred_to == [(other_ngo.name_en, 1)]
    assert stats.referral_rate == pytest.approx(2 / 3)


def test_statistics_of_one_line_leave_the_others_out(manager, contacts, ngo):
    other_line = LineFactory(organisation=ngo)
    ContactFactory(organisation=ngo, line=other_line, started_at=at(DAY, 11))

    assert (stats_for(manager).total, stats_for(manager, line=other_line).total) == (4, 1)


def test_statistics_of_an_operator_count_the_lines_they_answer(ngo, hotline_operator, contacts):
    ContactFactory(organisation=ngo, line=LineFactory(organisation=ngo), started_at=at(DAY, 11))

    assert stats_for(hotline_operator).total == 3


def test_statistics_run_a_fixed_number_of_queries(manager, contacts, django_assert_num_queries):
    with django_assert_num_queries(7):
        stats_for(manager)


def test_statistics_page_shows_the_figures_without_caller_details(client, manager, contacts, line):
    client.force_login(manager)

    response = client.get(
        reverse("hotline:statistics"),
        {
            "date_from": DAY.isoformat(),
            "date_to": (DAY + datetime.timedelta(days=2)).isoformat(),
            "line": line.pk,
        },
    )

    assert response.status_code == 200
    assert response.context["stats"].total == 3
    assert b"<meter" in response.content


def test_statistics_page_refuses_a_period_ending_before_it_starts(client, manager):
    client.force_login(manager)

    response = client.get(reverse("hotline:statistics"), {"date_from": "2026-11-20", "date_to": "2026-11-01"})

    assert response.context["stats"] is None
    assert "date_to" in response.context["form"].errors


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("hotline_operator", 200), ("caseworker", 403), ("shelter_staff", 403)],
)
def test_statistics_page_role_matrix(client, request, ngo, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("hotline:statistics")).status_code == status


def test_organisation_contact_counts_are_weekly_by_region_and_name_a_campaign(ngo, other_ngo, manager, line):
    from campaigns.tests.factories import CampaignFactory

    campaign = CampaignFactory(organisation=ngo)
    monday = DAY - datetime.timedelta(days=DAY.weekday())
    ContactFactory(organisation=ngo, line=line, started_at=at(monday, 9), caller_region_id="TJ-SU")
    ContactFactory(
        organisation=ngo, started_at=at(monday + datetime.timedelta(days=8), 9), caller_region_id="TJ-SU"
    )
    ContactFactory(
        organisation=ngo,
        line=line,
        started_at=at(monday, 10),
        caller_region_id="TJ-DU",
        campaign=campaign,
        heard_via="tv",
    )
    ContactFactory(
        organisation=ngo, line=line, started_at=at(monday, 11), caller_region_id="TJ-SU", is_draft=True
    )
    ContactFactory(
        organisation=other_ngo, started_at=at(monday, 9), caller_region_id="TJ-SU", campaign=campaign
    )

    counts = selectors.organisation_contact_counts(
        user=manager,
        organisation_ids={ngo.pk},
        region_codes=["TJ-SU"],
        date_from=monday,
        date_to=monday + datetime.timedelta(days=13),
        campaign_id=campaign.pk,
    )

    assert counts.weekly == {monday: 1, monday + datetime.timedelta(days=7): 1}
    assert (counts.named, [(str(label), n) for label, n in counts.named_by_heard_via]) == (1, [("TV", 1)])
