"""The shelter figures an award entry cites: counts of one organisation's shelters and stays."""

import datetime

from shelters import selectors
from shelters.tests.factories import ShelterFactory, StayFactory

JANUARY = {"date_from": datetime.date(2026, 1, 1), "date_to": datetime.date(2026, 1, 31)}


def test_award_figures_count_places_occupancy_and_stays_of_the_period(ngo, other_ngo):
    shelter = ShelterFactory(organisation=ngo, capacity=10)
    # 10 nights in January (1–10), ended on the 11th after 22 days.
    StayFactory(
        organisation=ngo,
        shelter=shelter,
        admitted_on=datetime.date(2025, 12, 20),
        discharged_on=datetime.date(2026, 1, 11),
    )
    # 10 nights (5–14), started and ended in January after 10 days.
    StayFactory(
        organisation=ngo,
        shelter=shelter,
        admitted_on=datetime.date(2026, 1, 5),
        discharged_on=datetime.date(2026, 1, 15),
    )
    # 11 nights (21–31), still a resident at the end of the period.
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=datetime.date(2026, 1, 21))
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=datetime.date(2026, 2, 5))  # after
    StayFactory(organisation=other_ngo, admitted_on=datetime.date(2026, 1, 3))  # another organisation's

    figures = selectors.organisation_award_figures(organisation_id=ngo.pk, **JANUARY)

    assert figures == {
        "shelters": 1,
        "places": 10,
        "occupancy_percent": 10.0,  # 31 resident-nights / (10 places × 31 days)
        "stays_started": 2,
        "stays_ended": 2,
        "average_stay_days": 16.0,  # (22 + 10) / 2
        "residents_at_end": 1,
    }


def test_award_figures_of_an_organisation_without_shelters_are_zero_and_undefined(ngo):

    figures = selectors.organisation_award_figures(organisation_id=ngo.pk, **JANUARY)

    assert figures == {
        "shelters": 0,
        "places": 0,
        "occupancy_percent": None,
        "stays_started": 0,
        "stays_ended": 0,
        "average_stay_days": None,
        "residents_at_end": 0,
    }


def test_award_figures_take_two_queries_whatever_the_number_of_stays(ngo, django_assert_num_queries):
    shelter = ShelterFactory(organisation=ngo, capacity=10)
    for day in range(1, 6):
        StayFactory(organisation=ngo, shelter=shelter, admitted_on=datetime.date(2026, 1, day))

    with django_assert_num_queries(2):
        figures = selectors.organisation_award_figures(organisation_id=ngo.pk, **JANUARY)

    assert figures["stays_started"] == 5
