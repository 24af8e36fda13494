import datetime

import pytest
from django.urls import reverse

from cases.tests.factories import (
    CaseFactory,
    FollowUpFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)

URL = reverse("cases:case_list")


def _victim_case(organisation, **victim_fields):
    victim = VictimFactory(organisation=organisation, **victim_fields)
    TraffickingExperienceFactory(organisation=organisation, case=victim.case)
    return victim.case


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 200),
        ("shelter_staff", 200),
        ("outsider", 200),
        ("coordinator", 403),
        ("judge", 403),
    ],
)
def test_case_list_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(URL)

    assert response.status_code == status


def test_case_list_shows_own_cases_only_with_their_names(client, ngo, other_ngo, caseworker):
    own = _victim_case(ngo, given_name="Dilnoza", family_name="Testova")
    other = _victim_case(other_ngo, given_name="Farrukh", family_name="Primerov")
    client.force_login(caseworker)

    response = client.get(URL)

    assert [case.code for case in response.context["page"]] == [own.code]
    assert other.code not in response.text
    assert "Dilnoza Testova" in response.text
    assert "Farrukh" not in response.text


@pytest.mark.parametrize("rows", [1, 3])
def test_case_list_query_count_does_not_grow_with_rows(
    client, ngo, other_ngo, caseworker, rows, django_assert_num_queries
):
    for _ in range(rows):
        _victim_case(ngo)
    _victim_case(other_ngo)
    client.force_login(caseworker)
    client.get(URL)  # warm the session and the user's caches

    # 10: the page's names are read in one query and logged in one access-log entry.
    with django_assert_num_queries(10):
        response = client.get(URL)

    assert len(response.context["page"]) == rows


def test_case_list_search_by_code(client, ngo, caseworker):
    wanted = _victim_case(ngo)
    _victim_case(ngo)
    client.force_login(caseworker)

    response = client.get(URL, {"q": wanted.code})

    assert [case.code for case in response.context["page"]] == [wanted.code]


def test_case_list_search_by_name_in_another_script_finds_through_search_tokens(client, ngo, caseworker):
    wanted = _victim_case(
        ngo, given_name="Gulnora", family_name="Rakhimova", birth_date=datetime.date(1990, 5, 1)
    )
    _victim_case(ngo, given_name="Zarina", family_name="Fiktivova", birth_date=datetime.date(1990, 5, 1))
    client.force_login(caseworker)

    searched = client.post(
        reverse("cases:case_search"), {"name": "Гулнора Рахимова", "birth_date": "1990-05-01"}
    )
    response = client.get(searched.url)

    assert [case.code for case in response.context["page"]] == [wanted.code]


def test_case_list_filters_overdue_followups(client, ngo, caseworker):
    late = _victim_case(ngo)
    FollowUpFactory(organisation=ngo, case=late, due_on=datetime.date(2020, 1, 1))
    _victim_case(ngo)
    client.force_login(caseworker)

    response = client.get(URL, {"overdue": "true"})

    assert [case.code for case in response.context["page"]] == [late.code]


def test_case_list_filters_by_caseworker(client, ngo, caseworker, manager):
    mine = CaseFactory(organisation=ngo, caseworker=caseworker)
    CaseFactory(organisation=ngo, caseworker=manager)
    client.force_login(caseworker)

    response = client.get(URL, {"caseworker": caseworker.pk})

    assert [case.code for case in response.context["page"]] == [mine.code]


def test_case_list_htmx_returns_the_list_only(client, ngo, caseworker):
    _victim_case(ngo)
    client.force_login(caseworker)

    response = client.get(URL, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
