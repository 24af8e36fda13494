import datetime

import pytest
from django.core.exceptions import PermissionDenied

from cases import selectors, services


def test_victim_possible_matches_finds_cyrillic_spelling_at_organisation(case, outsider):
    matches = selectors.victim_possible_matches(
        user=outsider, given_name="Гулнора", family_name="Рахимова", birth_date=datetime.date(1994, 5, 17)
    )

    assert matches == ["Women and Society"]


def test_victim_possible_matches_by_birth_year_only(case, outsider):
    matches = selectors.victim_possible_matches(
        user=outsider, given_name="Gulnora", family_name="Rakhimova", birth_year=1994
    )

    assert matches == ["Women and Society"]


def test_victim_possible_matches_empty_for_other_person(case, outsider):
    matches = selectors.victim_possible_matches(
        user=outsider, given_name="Gulnora", family_name="Rakhimova", birth_date=datetime.date(1990, 1, 1)
    )

    assert matches == []


def test_victim_possible_matches_names_each_organisation_once(case, ngo, other_ngo, caseworker, outsider):
    services.case_register(
        by=outsider,
        organisation=other_ngo,
        given_name="Gulnora",
        family_name="Rahimova",
        birth_date=datetime.date(1994, 5, 17),
    )
    services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Gulnora",
        family_name="Rakhimova",
        estimated_age=30,
        registered_on=datetime.date(2024, 3, 1),
    )

    matches = selectors.victim_possible_matches(
        user=caseworker, given_name="Gulnora", family_name="Rakhimova", birth_date=datetime.date(1994, 5, 17)
    )

    assert matches == ["Human Rights Centre", "Women and Society"]


def test_victim_possible_matches_denied_to_analyst(case, analyst):
    with pytest.raises(PermissionDenied):
        selectors.victim_possible_matches(user=analyst, given_name="Gulnora", family_name="Rakhimova")
