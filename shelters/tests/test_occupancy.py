"""Occupancy over time and the average length of stay, counted by aggregate queries."""

import datetime

from shelters import selectors
from shelters.tests.factories import ShelterFactory, StayFactory

D = datetime.date


def test_occupancy_series_counts_a_stay_from_admission_to_the_day_before_discharge(ngo, manager):
    shelter = ShelterFactory(organisation=ngo, capacity=4)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 1), discharged_on=D(2026, 1, 4))
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 3))
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 5), discharged_on=D(2026, 1, 5))

    series = selectors.occupancy_series(user=manager, shelter=shelter, start=D(2026, 1, 2), end=D(2026, 1, 6))

    assert [(day.day.day, day.occupied) for day in series] == [(2, 1), (3, 2), (4, 1), (5, 1), (6, 1)]
    assert series[1].share == 0.5


def test_occupancy_series_takes_three_queries_whatever_the_period(ngo, manager, django_assert_num_queries):
    shelter = ShelterFactory(organisation=ngo)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2025, 6, 1), discharged_on=D(2025, 9, 1))
    manager.has_perm("shelters.view_shelter", shelter)  # the user's memberships, read once per request

    with django_assert_num_queries(3):
        year = selectors.occupancy_series(
            user=manager, shelter=shelter, start=D(2025, 1, 1), end=D(2025, 12, 31)
        )

    assert (len(year), max(day.occupied for day in year)) == (365, 1)


def test_average_stay_days_over_the_stays_ended_in_the_period(ngo, manager):
    shelter = ShelterFactory(organisation=ngo)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 1), discharged_on=D(2026, 1, 11))
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 1), discharged_on=D(2026, 1, 31))
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=D(2026, 1, 1))

    average = selectors.average_stay_days(
        user=manager, shelter=shelter, start=D(2026, 1, 1), end=D(2026, 1, 31)
    )

    assert average == 20


def test_shelter_occupancy_alerts_at_90_percent(ngo, manager):
    shelter = ShelterFactory(organisation=ngo, capacity=10)
    for _ in range(9):
        StayFactory(organisation=ngo, shelter=shelter)

    now = selectors.shelter_occupancy(user=manager, shelter=shelter)

    assert (now["occupied"], now["free"], now["alert"]) == (9, 1, True)
    assert [row["shelter"] for row in selectors.shelters_nearly_full(user=manager)] == [shelter]
