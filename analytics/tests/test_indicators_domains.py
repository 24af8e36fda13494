"""The other domains' indicators: hotline contacts, shelter occupancy, campaign reach and award results.

Every figure is compared with a count the test makes itself from the rows it wrote (a day-by-day walk
of the stays, a Counter of the contacts' topics…), and every test writes rows of an organisation
outside the scope that must not be counted. The scope is built record-level so that the figures are
read as they are (small-cell protection is proven elsewhere)."""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from analytics.filters import Filters
from analytics.indicators import INDICATORS, UnknownBreakdown, indicator_table
from analytics.scope import AnalyticsScope, Level
from analytics.tables import TOTAL
from awards.tests.factories import CompetitionFactory, EntryFactory, NominationFactory, ResultFactory
from campaigns.models import choices as campaign_choices
from campaigns.tests.factories import (
    ActivityFactory,
    BroadcastFactory,
    BroadcastTextFactory,
    CampaignFactory,
    MessageFactory,
    ParticipationFactory,
    SubscriberFactory,
)
from cases.models import choices as case_choices
from cases.tests.factories import ConsentFactory, VictimFactory
from hotline.models import Contact
from hotline.tests.factories import ContactFactory
from network.tests.factories import OrganisationFactory
from shelters.tests.factories import ShelterFactory, StayFactory

D = datetime.date


@pytest.fixture
def uzbek_ngo(db):
    return OrganisationFactory(name_en="Uzbek partner", country="UZ", region_id="UZ-TO")


@pytest.fixture
def scope(ngo, uzbek_ngo):
    """``ngo`` and ``uzbek_ngo``, record-level; ``other_ngo`` is outside it."""
    return AnalyticsScope(
        level=Level.NETWORK, organisation_ids=frozenset({ngo.pk, uzbek_ngo.pk}), record_level=True
    )


def figures(table, *, column=TOTAL) -> dict:
    return {row.key: table.value(row.key, column) for row in table.rows}


def percent(nights: int, available: int) -> Decimal:
    return (Decimal(100 * nights) / Decimal(available)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Hotline ----------------------------------------------------------------------------------------------

CONTACTS = [
    # (organisation, day, topics, outcome, channel, draft, country of concern)
    ("ngo", D(2025, 3, 10), ["job_offer_check", "safe_migration"], "information", "phone", False, "RU"),
    ("ngo", D(2025, 5, 2), ["exploitation_report"], "referral", "sms", False, "KZ"),
    ("ngo", D(2024, 11, 20), ["job_offer_check"], "case_opened", "phone", False, "RU"),
    ("ngo", D(2025, 6, 1), ["job_offer_check"], "information", "phone", True, "RU"),
    (
        "uzbek_ngo",
        D(2025, 4, 4),
        ["missing_person", "job_offer_check"],
        "information",
        "messenger",
        False,
        "RU",
    ),
    ("other_ngo", D(2025, 4, 4), ["job_offer_check"], "referral", "phone", False, "KZ"),
]


@pytest.fixture
def contacts(ngo, other_ngo, uzbek_ngo):
    organisations = {"ngo": ngo, "other_ngo": other_ngo, "uzbek_ngo": uzbek_ngo}
    for name, day, topics, outcome, channel, draft, concern in CONTACTS:
        noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        ContactFactory(
            organisation=organisations[name],
            started_at=noon,
            topics=topics,
            outcome=outcome,
            channel=channel,
            is_draft=draft,
            country_of_concern=concern,
        )
    return [row for row in CONTACTS if row[0] != "other_ngo" and not row[5]]


def test_hotline_contacts_by_topic_and_outcome_count_each_topic_once_per_contact(scope, contacts):
    table = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="topic", across="outcome")

    topics = Counter(topic for row in contacts for topic in row[2])
    pairs = Counter((topic, row[3]) for row in contacts for topic in row[2])
    assert figures(table) == dict(topics)
    assert [row.key for row in table.rows] == [code for code in Contact.Topic.values if code in topics]
    for (topic, outcome), number in pairs.items():
        assert table.value(topic, outcome) == number
    assert {column.key: table.value(TOTAL, column.key) for column in table.columns} == dict(
        Counter(row[3] for row in contacts)
    )
    assert table.value(TOTAL) == len(contacts) == 4
    assert not table.rows_exclusive


def test_hotline_contacts_by_channel_organisation_country_and_year(scope, ngo, uzbek_ngo, contacts):
    by_channel = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="channel")
    by_organisation = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="organisation")
    by_country = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="country")
    by_year = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="period")
    by_concern = indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="country_of_concern")

    assert figures(by_channel) == dict(Counter(row[4] for row in contacts))
    assert figures(by_organisation) == {str(ngo.pk): 3, str(uzbek_ngo.pk): 1}
    assert figures(by_country) == {"TJ": 3, "UZ": 1}
    assert figures(by_year) == dict(Counter(str(row[1].year) for row in contacts))
    assert figures(by_concern) == dict(Counter(row[6] for row in contacts))


def test_hotline_contacts_period_filter_and_no_victim_breakdown(scope, contacts):
    spring = Filters(date_from=D(2025, 3, 1), date_to=D(2025, 4, 30), granularity="month")

    table = indicator_table("hotline_contacts", scope=scope, filters=spring, by="period")

    expected = Counter(f"{row[1]:%Y-%m}" for row in contacts if spring.date_from <= row[1] <= spring.date_to)
    assert figures(table) == dict(expected) == {"2025-03": 1, "2025-04": 1}
    with pytest.raises(UnknownBreakdown):
        indicator_table("hotline_contacts", scope=scope, filters=Filters(), by="sex")
    assert "sex" not in INDICATORS["hotline_contacts"].dimensions


# Shelters ---------------------------------------------------------------------------------------------

WINTER = Filters(date_from=D(2025, 1, 1), date_to=D(2025, 2, 28), granularity="month")


@pytest.fixture
def stays(ngo, other_ngo, uzbek_ngo):
    """Stays in ``ngo``'s shelter (2 places), ``uzbek_ngo``'s (1 place) and ``other_ngo``'s (outside)."""
    ours = ShelterFactory(organisation=ngo, capacity=2)
    theirs = ShelterFactory(organisation=uzbek_ngo, capacity=1)
    outside = ShelterFactory(organisation=other_ngo, capacity=5)
    made = {
        "crossing": StayFactory(
            organisation=ngo, shelter=ours, admitted_on=D(2025, 1, 30), discharged_on=D(2025, 2, 3)
        ),
        "open": StayFactory(organisation=ngo, shelter=ours, admitted_on=D(2025, 2, 10)),
        "same_day": StayFactory(
            organisation=ngo, shelter=ours, admitted_on=D(2025, 2, 5), discharged_on=D(2025, 2, 5)
        ),
        "before": StayFactory(
            organisation=ngo, shelter=ours, admitted_on=D(2024, 12, 1), discharged_on=D(2024, 12, 20)
        ),
        "uzbek": StayFactory(
            organisation=uzbek_ngo, shelter=theirs, admitted_on=D(2025, 2, 1), discharged_on=D(2025, 2, 11)
        ),
    }
    for day in (D(2025, 1, 5), D(2025, 2, 5)):
        StayFactory(organisation=other_ngo, shelter=outside, admitted_on=day)
    VictimFactory(case=made["crossing"].case, organisation=ngo, sex=case_choices.Sex.FEMALE)
    VictimFactory(case=made["same_day"].case, organisation=ngo, sex=case_choices.Sex.MALE)
    # The open stay's victim refused to be counted: not an admission, yet the bed is taken.
    ConsentFactory(
        case=made["open"].case,
        organisation=ngo,
        purpose=case_choices.ConsentPurpose.STATISTICS,
        status=case_choices.ConsentStatus.REFUSED,
    )
    return made, {ngo.pk: ours, uzbek_ngo.pk: theirs}


def nights_walked(stays, first: datetime.date, last: datetime.date) -> int:
    """Bed-nights in first–last, day by day: a resident on a day admitted by then and not yet gone."""
    nights, day = 0, first
    while day <= last:
        nights += sum(
            1
            for stay in stays
            if stay.admitted_on <= day and (stay.discharged_on is None or day < stay.discharged_on)
        )
        day += datetime.timedelta(days=1)
    return nights


def test_shelter_occupancy_is_bed_nights_taken_over_available_by_month(scope, stays):
    made, shelters = stays
    ours = [stay for key, stay in made.items() if key != "uzbek"]
    everyone = list(made.values())
    months = {"2025-01": (D(2025, 1, 1), D(2025, 1, 31)), "2025-02": (D(2025, 2, 1), D(2025, 2, 28))}
    places = sum(shelter.capacity for shelter in shelters.values())

    table = indicator_table("shelter_occupancy", scope=scope, filters=WINTER, by="period")

    assert figures(table) == {
        key: percent(nights_walked(everyone, first, last), places * ((last - first).days + 1))
        for key, (first, last) in months.items()
    }
    assert table.value(TOTAL) == percent(nights_walked(everyone, D(2025, 1, 1), D(2025, 2, 28)), places * 59)
    assert nights_walked(ours, D(2025, 2, 1), D(2025, 2, 28)) == 2 + 19


def test_shelter_occupancy_by_organisation_and_country_across_months(scope, ngo, uzbek_ngo, stays):
    made, shelters = stays

    table = indicator_table(
        "shelter_occupancy", scope=scope, filters=WINTER, by="organisation", across="period"
    )
    countries = indicator_table("shelter_occupancy", scope=scope, filters=WINTER, by="country")

    for organisation in (ngo, uzbek_ngo):
        own = [stay for stay in made.values() if stay.organisation_id == organisation.pk]
        capacity = shelters[organisation.pk].capacity
        assert table.value(str(organisation.pk)) == percent(
            nights_walked(own, D(2025, 1, 1), D(2025, 2, 28)), capacity * 59
        )
        assert table.value(str(organisation.pk), "2025-02") == percent(
            nights_walked(own, D(2025, 2, 1), D(2025, 2, 28)), capacity * 28
        )
        assert countries.value(organisation.country) == table.value(str(organisation.pk))
    assert table.value(str(uzbek_ngo.pk), "2025-01") == 0


def test_shelter_occupancy_agrees_with_the_shelters_award_figures(scope, ngo, stays):
    from shelters.selectors import organisation_award_figures

    own = Filters(date_from=D(2025, 1, 1), date_to=D(2025, 2, 28), organisation_id=ngo.pk)

    table = indicator_table("shelter_occupancy", scope=scope, filters=own, by="organisation")

    cited = organisation_award_figures(organisation_id=ngo.pk, date_from=own.date_from, date_to=own.date_to)
    assert float(table.value(TOTAL)) == cited["occupancy_percent"]


def test_shelter_admissions_and_length_of_stay_count_the_counted_victims(scope, ngo, stays):
    made, _shelters = stays
    counted = [stay for key, stay in made.items() if key != "open"]
    in_winter = [stay for stay in counted if WINTER.date_from <= stay.admitted_on <= WINTER.date_to]
    ended = [
        stay
        for stay in counted
        if stay.discharged_on and WINTER.date_from <= stay.discharged_on <= WINTER.date_to
    ]

    admissions = indicator_table("shelter_admissions", scope=scope, filters=WINTER, by="period")
    women = indicator_table(
        "shelter_admissions", scope=scope, filters=Filters(sex=case_choices.Sex.FEMALE), by="organisation"
    )
    length = indicator_table("shelter_stay_length", scope=scope, filters=WINTER, by="organisation")

    assert figures(admissions) == dict(Counter(f"{stay.admitted_on:%Y-%m}" for stay in in_winter))
    assert admissions.value(TOTAL) == 3
    assert figures(women) == {str(ngo.pk): 1}
    mean = sum((stay.discharged_on - stay.admitted_on).days for stay in ended) / len(ended)
    assert float(length.value(TOTAL)) == round(mean, 1)
    ngo_ended = [stay for stay in ended if stay.organisation_id == ngo.pk]
    assert float(length.value(str(ngo.pk))) == round(
        sum((stay.discharged_on - stay.admitted_on).days for stay in ngo_ended) / len(ngo_ended), 1
    )


def test_a_mean_length_of_stay_of_fewer_stays_than_the_threshold_is_hidden_without_record_access(
    scope, ngo, uzbek_ngo, stays
):
    de_identified = AnalyticsScope(
        level=Level.NETWORK, organisation_ids=scope.organisation_ids, record_level=False
    )

    exact = indicator_table("shelter_stay_length", scope=scope, filters=WINTER, by="organisation")
    protected = indicator_table("shelter_stay_length", scope=de_identified, filters=WINTER, by="organisation")

    made, _shelters = stays
    ended = [
        stay
        for key, stay in made.items()
        if key != "open" and stay.discharged_on and WINTER.date_from <= stay.discharged_on <= WINTER.date_to
    ]
    assert 0 < len(ended) < 5  # every mean here is of fewer stays than the threshold
    assert [protected.shown(row.key) for row in protected.rows] == ["<5"] * len(exact.rows)
    assert protected.shown(TOTAL) == "<5"
    assert not exact.hidden and exact.shown(TOTAL) != "<5"


def test_shelter_occupancy_takes_two_queries_whatever_the_number_of_months(
    scope, stays, django_assert_num_queries
):
    two_years = Filters(date_from=D(2024, 1, 1), date_to=D(2025, 12, 31), granularity="month")

    with django_assert_num_queries(2):
        table = indicator_table("shelter_occupancy", scope=scope, filters=two_years, by="period")

    assert len(table.rows) == 24


def test_shelter_occupancy_without_any_stay_is_empty(scope):
    table = indicator_table("shelter_occupancy", scope=scope, filters=Filters(), by="period")

    assert table.is_empty and table.rows == []


# Campaigns --------------------------------------------------------------------------------------------


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def delivered(organisation, broadcast, text, subscriber, day, status="delivered"):
    return MessageFactory(
        organisation=organisation,
        broadcast=broadcast,
        gateway=broadcast.gateway,
        text=text,
        subscriber=subscriber,
        status=status,
        delivered_at=at(day) if status == "delivered" else None,
    )


@pytest.fixture
def reach(ngo, other_ngo):
    """``ngo``'s campaign: SMS to two numbers (one of them twice), an event, a print run, TV and social
    media; ``other_ngo``'s campaign (outside the scope) reaches people too."""
    made = {"messages": [], "participants": [], "activities": []}
    for organisation, starts in ((ngo, D(2025, 3, 1)), (other_ngo, D(2025, 3, 1))):
        campaign = CampaignFactory(organisation=organisation, starts_on=starts, ends_on=D(2025, 5, 31))
        first, second = (BroadcastFactory(organisation=organisation, campaign=campaign) for _ in range(2))
        texts = {b.pk: BroadcastTextFactory(organisation=organisation, broadcast=b) for b in (first, second)}
        a, b, c = (SubscriberFactory(organisation=organisation) for _ in range(3))
        messages = [
            delivered(organisation, first, texts[first.pk], a, D(2025, 3, 5)),
            delivered(organisation, first, texts[first.pk], b, D(2025, 3, 6)),
            delivered(organisation, first, texts[first.pk], c, D(2025, 3, 6), status="failed"),
            delivered(organisation, second, texts[second.pk], a, D(2025, 4, 2)),
        ]
        event = ActivityFactory(
            organisation=organisation,
            campaign=campaign,
            channel=campaign_choices.Channel.EVENT,
            starts_on=D(2025, 4, 10),
            audience_estimate=None,
        )
        participants = [
            ParticipationFactory(organisation=organisation, campaign=campaign, activity=event, count=12),
            ParticipationFactory(
                organisation=organisation,
                campaign=campaign,
                activity=event,
                sex=campaign_choices.Sex.MALE,
                age_band=campaign_choices.AgeBand.AGE_25_34,
                count=8,
            ),
        ]
        activities = [
            ActivityFactory(
                organisation=organisation,
                campaign=campaign,
                channel=campaign_choices.Channel.PRINT,
                audience_estimate=None,
                copies=500,
            ),
            ActivityFactory(organisation=organisation, campaign=campaign, starts_on=D(2025, 3, 15)),
            ActivityFactory(
                organisation=organisation,
                campaign=campaign,
                channel=campaign_choices.Channel.SOCIAL_MEDIA,
                starts_on=D(2025, 5, 1),
                audience_estimate=None,
                reach_estimate=7000,
            ),
        ]
        if organisation == ngo:
            made = {"messages": messages, "participants": participants, "activities": activities}
    return made


def test_campaign_sms_delivered_by_month_and_organisation(scope, ngo, reach):
    ours = [message for message in reach["messages"] if message.status == "delivered"]
    months = Filters(granularity="month")

    table = indicator_table("sms_delivered", scope=scope, filters=months, by="period", across="organisation")

    assert figures(table) == dict(Counter(f"{message.delivered_at:%Y-%m}" for message in ours))
    assert table.value(TOTAL, str(ngo.pk)) == table.value(TOTAL) == len(ours) == 3


def test_campaign_people_reached_by_channel_counts_a_number_once(scope, reach):
    ours = [message for message in reach["messages"] if message.status == "delivered"]
    numbers = len({message.number_hash for message in ours})
    participants = sum(row.count for row in reach["participants"])
    copies = sum(activity.copies or 0 for activity in reach["activities"])

    table = indicator_table(
        "campaign_people_reached",
        scope=scope,
        filters=Filters(granularity="month"),
        by="channel",
        across="period",
    )

    assert figures(table) == {"sms": numbers, "event": participants, "print": copies}
    assert numbers == 2 and participants == 20 and copies == 500
    assert table.value("sms", "2025-03") == 2 and table.value("sms", "2025-04") == 1
    # The print run has no dates: it counts on its campaign's first day.
    assert table.value("print", "2025-03") == copies
    assert table.value(TOTAL, "2025-03") == 2 + copies
    assert table.value(TOTAL, "2025-04") == 1 + participants
    assert table.value(TOTAL) == numbers + participants + copies


def test_campaign_people_reached_by_channel_takes_one_query_per_channel(
    scope, reach, django_assert_num_queries
):
    with django_assert_num_queries(3):
        table = indicator_table("campaign_people_reached", scope=scope, filters=Filters(), by="channel")

    assert table.value(TOTAL) == 2 + 20 + 500


def test_campaign_people_reached_by_period_and_estimates_apart(scope, ngo, reach):
    estimates = [activity for activity in reach["activities"] if activity.channel in ("tv", "social_media")]
    april = Filters(date_from=D(2025, 4, 1), date_to=D(2025, 4, 30))

    by_organisation = indicator_table(
        "campaign_people_reached", scope=scope, filters=april, by="organisation"
    )
    estimated = indicator_table("campaign_people_estimated", scope=scope, filters=Filters(), by="channel")

    assert figures(by_organisation) == {str(ngo.pk): 1 + 20}
    assert figures(estimated) == {
        activity.channel: (activity.audience_estimate or activity.reach_estimate) for activity in estimates
    }
    assert estimated.value(TOTAL) == 50000 + 7000


# Awards -----------------------------------------------------------------------------------------------


@pytest.fixture
def results(ngo, other_ngo, uzbek_ngo):
    """A published competition (two nominations) and a locked, unpublished one."""
    published = CompetitionFactory(results_on=D(2025, 10, 20), results_published_at=at(D(2025, 10, 20)))
    hidden = CompetitionFactory(results_on=D(2025, 10, 21))
    first, second = (
        NominationFactory(organisation=published.organisation, competition=published) for _ in "12"
    )
    unpublished = NominationFactory(organisation=hidden.organisation, competition=hidden)
    rows = [
        # (organisation, nomination, rank)
        (ngo, first, 1),
        (uzbek_ngo, first, 2),
        (ngo, second, 1),
        (other_ngo, second, 2),
    ]
    made = []
    for organisation, nomination, rank in rows:
        entry = EntryFactory(organisation=organisation, competition=published, nomination=nomination)
        made.append(
            ResultFactory(
                organisation=published.organisation,
                competition=published,
                entry=entry,
                rank=rank,
                is_winner=rank == 1,
            )
        )
        # The ranking within the entry's country: the same entry, not a second one.
        ResultFactory(
            organisation=published.organisation,
            competition=published,
            entry=entry,
            country=organisation.country,
            rank=1,
            is_winner=True,
        )
    hidden_entry = EntryFactory(organisation=ngo, competition=hidden, nomination=unpublished)
    ResultFactory(organisation=hidden.organisation, competition=hidden, entry=hidden_entry, is_winner=True)
    return [result for result in made if result.entry.organisation_id != other_ngo.pk]


def test_award_entries_and_winners_by_nomination_of_published_competitions(scope, results):
    entries = indicator_table(
        "award_entries", scope=scope, filters=Filters(), by="nomination", across="place"
    )
    winners = indicator_table("award_winners", scope=scope, filters=Filters(), by="nomination")

    assert figures(entries) == dict(Counter(str(result.nomination_id) for result in results))
    for (nomination, rank), number in Counter((r.nomination_id, r.rank) for r in results).items():
        assert entries.value(str(nomination), str(rank)) == number
    assert figures(winners) == dict(Counter(str(r.nomination_id) for r in results if r.is_winner))
    assert entries.value(TOTAL) == 3 and winners.value(TOTAL) == 2
    assert all(" — " in row.label for row in entries.rows)


def test_award_results_by_organisation_country_and_year(scope, ngo, uzbek_ngo, results):
    organisations = indicator_table("award_winners", scope=scope, filters=Filters(), by="organisation")
    countries = indicator_table("award_entries", scope=scope, filters=Filters(), by="country")
    years = indicator_table("award_entries", scope=scope, filters=Filters(), by="period")
    none_in_2024 = indicator_table(
        "award_entries", scope=scope, filters=Filters(date_to=D(2024, 12, 31)), by="nomination"
    )

    assert figures(organisations) == {str(ngo.pk): 2}
    assert (
        figures(countries)
        == dict(Counter(r.entry.organisation.country for r in results))
        == {"TJ": 2, "UZ": 1}
    )
    assert figures(years) == {"2025": 3}
    assert none_in_2024.is_empty
    assert str(uzbek_ngo.pk) not in figures(organisations)


# Every breakdown ----------------------------------------------------------------------------------------

DOMAIN_INDICATORS = (
    "hotline_contacts",
    "shelter_occupancy",
    "shelter_admissions",
    "shelter_stay_length",
    "sms_delivered",
    "campaign_people_reached",
    "campaign_people_estimated",
    "award_entries",
    "award_winners",
)


def test_every_breakdown_of_every_domain_indicator_keeps_its_total(scope, contacts, stays, reach, results):
    two_years = Filters(date_from=D(2024, 1, 1), date_to=D(2025, 12, 31), granularity="quarter")

    for key in DOMAIN_INDICATORS:
        dimensions = INDICATORS[key].dimensions
        total = indicator_table(key, scope=scope, filters=two_years).total
        assert total, key
        for by in dimensions:
            for across in (None, *dimensions):
                if across == by:
                    continue
                table = indicator_table(key, scope=scope, filters=two_years, by=by, across=across)
                where = (key, by, across)
                assert table.total == total, where
                if table.rows_exclusive:
                    assert sum(table.row_totals.values()) == total, where
                if across and table.columns_exclusive:
                    assert sum(table.column_totals.values()) == total, where
                    for row in table.rows:
                        cells = sum(table.value(row.key, column.key) for column in table.columns)
                        assert cells == table.value(row.key), where
