"""The network's bed board: free places in every open shelter for every partner, counts only."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.tests.factories import VictimFactory
from network.tests.factories import OrganisationFactory
from shelters import selectors
from shelters.tests.factories import ShelterFactory, StayFactory

BOARD_ROLES = [
    ("caseworker", 200),
    ("manager", 200),
    ("shelter_staff", 200),
    ("outsider", 200),  # another NGO's caseworker: the board is the network's
    ("hotline_operator", 200),  # a caller in danger tonight: the operator looks for a place
    ("coordinator", 403),
    ("judge", 403),
]


@pytest.mark.parametrize("url_name", ["shelters:board", "shelters:board_rows"])
@pytest.mark.parametrize(("role", "status"), [*BOARD_ROLES, ("password_only", 302)])
def test_board_role_matrix(client, cast, role, status, url_name):
    if role == "password_only":
        client = Client()  # signed in with the password only: sent to the second factor
        client.force_login(cast["caseworker"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse(url_name))

    assert response.status_code == status


def test_board_shows_other_organisations_free_places_and_no_personal_data(client, ngo, other_ngo, outsider):
    shelter = ShelterFactory(organisation=ngo, name="Chkalovsk shelter", capacity=12, address="Hidden lane 7")
    victim = VictimFactory(organisation=ngo, given_name="Boardgul")
    StayFactory(organisation=ngo, shelter=shelter, case=victim.case)
    client.force_login(outsider)

    page = client.get(reverse("shelters:board")).content.decode()

    assert "Chkalovsk shelter" in page and "<strong>11</strong>" in page
    assert [leak for leak in ("Hidden lane", "Boardgul", victim.case.code) if leak in page] == []


def test_board_leaves_out_closed_shelters(ngo, caseworker):
    ShelterFactory(organisation=ngo, name="Open")
    ShelterFactory(organisation=ngo, name="Closed", is_active=False)

    rows = selectors.board_rows(user=caseworker)

    assert [row.name for row in rows] == ["Open"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "KZ"}, ["Almaty"]),
        ({"region": "TJ-SU"}, ["Chkalovsk"]),
        ({"target_group": "men"}, ["Almaty"]),
        ({}, ["Almaty", "Chkalovsk"]),
    ],
)
def test_board_filters_by_country_region_and_target_group(ngo, caseworker, filters, expected):
    kz_ngo = OrganisationFactory(country="KZ", region_id="KZ-75")
    ShelterFactory(organisation=ngo, name="Chkalovsk", region_id="TJ-SU", target_groups=["women"])
    ShelterFactory(
        organisation=kz_ngo, name="Almaty", city="Almaty", region_id="KZ-75", target_groups=["men"]
    )

    rows = selectors.board_rows(user=caseworker, **filters)

    assert [row.name for row in rows] == expected


def test_board_totals_free_places_by_target_group(ngo, caseworker):
    ShelterFactory(organisation=ngo, capacity=5, target_groups=["women", "children"])
    men = ShelterFactory(organisation=ngo, capacity=3, target_groups=["men"])
    StayFactory(organisation=ngo, shelter=men, target_group="men")

    totals = {
        row["code"]: row["free"] for row in selectors.board_totals(selectors.board_rows(user=caseworker))
    }

    assert totals == {"women": 5, "men": 2, "children": 5, "families": 0}


def test_board_page_refreshes_its_rows_without_a_reload(client, caseworker):
    client.force_login(caseworker)

    page = client.get(reverse("shelters:board"), {"country": "TJ"}).content.decode()

    assert 'hx-get="/shelters/board/rows/?country=TJ" hx-trigger="every 30s"' in page


def test_board_queries_do_not_grow_with_shelters(ngo, caseworker, django_assert_num_queries):
    ShelterFactory(organisation=ngo)
    caseworker.has_perm("shelters.view_board")  # the user's memberships, read once per request
    with django_assert_num_queries(1):
        selectors.board_rows(user=caseworker)
    ShelterFactory(organisation=ngo)
    ShelterFactory(organisation=ngo)
    with django_assert_num_queries(1):
        assert len(selectors.board_rows(user=caseworker)) == 3


def test_board_api_answers_counts_only(api, ngo, outsider):
    shelter = ShelterFactory(organisation=ngo, capacity=4, address="Hidden lane 7")
    StayFactory(organisation=ngo, shelter=shelter)
    api.force_authenticate(outsider)

    rows = api.get(reverse("api:shelter-board-list")).json()

    assert [(row["shelter"], row["places"], row["occupied"], row["free"]) for row in rows] == [
        (shelter.pk, 4, 1, 3)
    ]
    assert sorted(rows[0]) == sorted(
        [
            "shelter",
            "name",
            "organisation",
            "country",
            "region",
            "city",
            "target_groups",
            "places",
            "occupied",
            "free",
        ]
    )


def test_board_and_admission_pages_read_in_russian(client, ngo, shelter, shelter_staff):
    client.force_login(shelter_staff)

    board = client.get(reverse("shelters:board"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    admit = client.get(reverse("shelters:shelter_admit", args=[shelter.pk]), HTTP_ACCEPT_LANGUAGE="ru")

    assert "Табло свободных мест сети" in board and "Свободные места по целевым группам" in board
    assert "Free places" not in board
    assert [str(field.label) for field in admit.context["form"]] == [
        "Код дела",
        "Целевая группа",
        "Дата поступления",
        "Плановая выписка",
    ]
