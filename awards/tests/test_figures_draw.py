"""The figures an entry cites are drawn from each domain's real rows of the entry's organisation, over the
months before the submission deadline, and shown with labels in the reader's language."""

import datetime

from django.utils import translation

from awards import figures
from awards.tests.factories import CompetitionFactory, EntryFactory, NominationFactory
from campaigns.tests.factories import ActivityFactory, CampaignFactory
from cases.tests.factories import AssistanceServiceFactory
from hotline.tests.factories import ContactFactory, LineFactory
from shelters.tests.factories import ShelterFactory, StayFactory

DEADLINE = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


def _entry(organisation, sources, months=6):
    competition = CompetitionFactory(submission_deadline=DEADLINE, figures_months=months)
    nomination = NominationFactory(
        organisation=competition.organisation, competition=competition, figure_sources=sources
    )
    return EntryFactory(organisation=organisation, competition=competition, nomination=nomination)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():

    assert [
        figures.months_before(datetime.date(2026, 6, 30), 6),
        figures.months_before(datetime.date(2026, 3, 31), 1),
        figures.months_before(datetime.date(2026, 1, 15), 12),
        figures.months_before(datetime.date(2024, 3, 30), 1),
    ] == [
        datetime.date(2025, 12, 30),
        datetime.date(2026, 2, 28),
        datetime.date(2025, 1, 15),
        datetime.date(2024, 2, 29),
    ]


def test_the_period_is_the_months_up_to_the_day_before_the_deadline(ngo):
    entry = _entry(ngo, ["shelters"], months=6)

    period = figures.figures_period(competition=entry.competition)

    assert period == (datetime.date(2025, 12, 31), datetime.date(2026, 6, 30))


def test_figures_are_drawn_from_the_rows_of_every_source_of_the_nomination(ngo, other_ngo):
    shelter = ShelterFactory(organisation=ngo, capacity=5)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=datetime.date(2026, 2, 1))
    StayFactory(organisation=other_ngo, admitted_on=datetime.date(2026, 2, 1))
    line = LineFactory(organisation=ngo)
    contact_time = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)
    ContactFactory(organisation=ngo, line=line, started_at=contact_time, outcome="referral")
    ContactFactory(organisation=ngo, line=line, started_at=contact_time - datetime.timedelta(days=365))
    AssistanceServiceFactory(organisation=ngo, started_on=datetime.date(2026, 4, 1))
    campaign = CampaignFactory(organisation=ngo)
    ActivityFactory(organisation=ngo, campaign=campaign, audience_estimate=1200)
    entry = _entry(ngo, ["shelters", "hotline", "reintegration", "campaigns"])

    drawn, date_from, date_to = figures.figures_draw(entry=entry)

    values = {row["key"]: row["value"] for row in drawn}
    assert (date_from, date_to) == (datetime.date(2025, 12, 31), datetime.date(2026, 6, 30))
    assert {row["source"] for row in drawn} == {"shelters", "hotline", "reintegration", "campaigns"}
    assert set(values) == set(figures.FIGURES)
    assert (values["shelters.places"], values["shelters.stays_started"]) == (5, 1)
    assert (values["hotline.lines"], values["hotline.contacts"], values["hotline.referrals"]) == (1, 1, 1)
    assert (values["reintegration.victims_assisted"], values["reintegration.services"]) == (1, 1)
    assert (values["campaigns.campaigns"], values["campaigns.audience_estimate"]) == (1, 1200)


def test_figures_are_drawn_for_the_nominations_sources_only(ngo):
    LineFactory(organisation=ngo)
    entry = _entry(ngo, ["shelters"])

    drawn, _, _ = figures.figures_draw(entry=entry)

    assert {row["source"] for row in drawn} == {"shelters"}


def test_figures_shown_leave_out_identifying_figures_when_blind_and_read_in_russian():
    stored = [
        {"key": "shelters.places", "value": 12, "source": "shelters"},
        {"key": "shelters.occupancy_percent", "value": 81.5, "source": "shelters"},
        {"key": "campaigns.audience_estimate", "value": 30000, "source": "campaigns"},
        {"key": "retired.figure", "value": 1, "source": "shelters"},
    ]

    with translation.override("ru"):
        blind = figures.figures_shown(stored, hide_identifying=True)
        full = figures.figures_shown(stored, hide_identifying=False)

    assert [row["key"] for row in blind] == ["shelters.occupancy_percent", "campaigns.audience_estimate"]
    assert [row["key"] for row in full] == ["shelters.places", *[row["key"] for row in blind]]
    assert [row["label"] for row in blind] == [
        "Средняя заполненность",
        "Аудитория ТВ и радио и охват в соцсетях (оценки)",
    ]
    assert [row["estimate"] for row in blind] == [False, True]


def test_every_identifying_figure_is_one_of_infrastructure():

    identifying = sorted(key for key, figure in figures.FIGURES.items() if figure.identifying)

    assert identifying == ["hotline.lines", "shelters.places", "shelters.shelters"]
