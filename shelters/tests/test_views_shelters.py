"""The shelter pages: who may open them, what a bad input gets, and the residents list."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.tests.factories import CaseFactory
from shelters.models import Shelter, Stay
from shelters.tests.factories import ShelterFactory, StayFactory

TODAY = timezone.localdate()


def _client_for(client, cast, role, as_role="manager"):
    if role == "password_only":
        client = Client()
        client.force_login(cast[as_role])
        return client
    client.force_login(cast[role])
    return client


@pytest.mark.parametrize(
    ("url_name", "roles"),
    [
        (
            "shelters:shelter_detail",
            {"manager": 200, "shelter_staff": 200, "caseworker": 200, "hotline_operator": 200},
        ),
        ("shelters:shelter_update", {"manager": 200, "shelter_staff": 403, "caseworker": 403}),
        ("shelters:shelter_residents", {"manager": 200, "shelter_staff": 200, "caseworker": 403}),
        ("shelters:shelter_admit", {"manager": 200, "shelter_staff": 200, "caseworker": 403}),
        (
            "shelters:shelter_occupancy",
            {"manager": 200, "shelter_staff": 200, "hotline_operator": 200, "judge": 403},
        ),
        ("shelters:shelter_bed_add", {"manager": 200, "shelter_staff": 403}),
    ],
)
@pytest.mark.parametrize(
    "role",
    ["manager", "shelter_staff", "caseworker", "hotline_operator", "judge", "outsider", "password_only"],
)
def test_shelter_pages_role_matrix(client, cast, shelter, url_name, roles, role):
    expected = {"outsider": 404, "password_only": 302, "judge": 403, "hotline_operator": 403, **roles}.get(
        role
    )
    if expected is None:
        pytest.skip("not a row of this page's matrix")
    client = _client_for(client, cast, role)

    response = client.get(reverse(url_name, args=[shelter.pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 302),
        ("shelter_staff", 302),
        ("caseworker", 403),
        ("outsider_staff", 404),
        ("password_only", 302),
    ],
)
def test_stay_discharge_role_matrix(client, cast, ngo, other_ngo, shelter, role, status):
    stay = StayFactory(organisation=ngo, shelter=shelter, admitted_on=TODAY - datetime.timedelta(days=5))
    # Another NGO's shelter staff: the stay is outside their scope.
    cast = {
        **cast,
        "outsider_staff": user_with_role(Role.SHELTER_STAFF, other_ngo, username="outsider-staff"),
    }
    client = _client_for(client, cast, role, as_role="shelter_staff")

    response = client.post(
        reverse("shelters:stay_discharge", args=[stay.pk]),
        {"discharged_on": TODAY, "discharge_reason": "plan_completed", "discharge_destination": "family"},
    )

    assert response.status_code == status
    assert (Stay.unscoped.get(pk=stay.pk).discharged_on is not None) == (role in ("manager", "shelter_staff"))


def test_discharge_form_shows_a_discharge_before_admission_on_the_field(client, ngo, shelter, shelter_staff):
    stay = StayFactory(organisation=ngo, shelter=shelter, admitted_on=TODAY)
    client.force_login(shelter_staff)

    response = client.post(
        reverse("shelters:stay_discharge", args=[stay.pk]),
        {
            "discharged_on": TODAY - datetime.timedelta(days=2),
            "discharge_reason": "plan_completed",
            "discharge_destination": "family",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"discharged_on": ["The discharge is before the admission."]}
    assert Stay.unscoped.get(pk=stay.pk).discharged_on is None


def test_admit_form_shows_a_full_shelter_and_keeps_the_input(client, ngo, shelter_staff, manager):
    full = ShelterFactory(organisation=ngo, capacity=1)
    StayFactory(organisation=ngo, shelter=full)
    case = CaseFactory(organisation=ngo)
    client.force_login(manager)

    response = client.post(
        reverse("shelters:shelter_admit", args=[full.pk]),
        {"case_code": case.code, "target_group": "women", "admitted_on": TODAY},
    )

    assert response.context["form"].non_field_errors() == ["The shelter is full: all 1 places are taken."]
    assert response.context["form"]["case_code"].value() == case.code
    assert Stay.unscoped.filter(shelter=full).count() == 1


def test_shelter_form_refuses_an_unknown_region_on_the_field(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("shelters:shelter_create"),
        {"name": "New", "city": "Khujand", "region": "TJ-XX", "target_groups": ["women"], "capacity": 4},
    )

    assert list(response.context["form"].errors) == ["region"]
    assert Shelter.unscoped.count() == 0


def test_manager_adds_a_shelter_with_staff(client, ngo, manager, shelter_staff):
    client.force_login(manager)

    response = client.post(
        reverse("shelters:shelter_create"),
        {
            "name": "Khujand house",
            "city": "Khujand",
            "region": "TJ-SU",
            "target_groups": ["women", "children"],
            "capacity": 8,
            "staff": [shelter_staff.pk],
            "is_active": "on",
        },
    )

    shelter = Shelter.unscoped.get()
    assert response.url == shelter.get_absolute_url()
    assert (shelter.organisation, shelter.capacity, list(shelter.staff.all())) == (ngo, 8, [shelter_staff])


@pytest.mark.parametrize("rows", [1, 3])
def test_residents_list_shows_this_shelters_open_stays(
    client, ngo, shelter, shelter_staff, rows, django_assert_num_queries
):
    stays = [StayFactory(organisation=ngo, shelter=shelter) for _ in range(rows)]
    gone = StayFactory(organisation=ngo, shelter=shelter, discharged_on=TODAY)
    client.force_login(shelter_staff)
    client.get(reverse("home"))

    with django_assert_num_queries(9):
        page = client.get(reverse("shelters:shelter_residents", args=[shelter.pk])).content.decode()

    assert [stay.case.code in page for stay in stays] == [True] * rows
    assert gone.case.code not in page


@pytest.mark.parametrize("rows", [1, 3])
def test_shelter_list_leaves_out_other_organisations(
    client, ngo, other_ngo, manager, rows, django_assert_num_queries
):
    ShelterFactory(organisation=other_ngo, name="Elsewhere")
    for number in range(rows):
        ShelterFactory(organisation=ngo, name=f"Ours {number}")
    client.force_login(manager)
    client.get(reverse("home"))

    with django_assert_num_queries(6):
        page = client.get(reverse("shelters:shelter_list")).content.decode()

    assert (page.count("Ours "), "Elsewhere" in page) == (rows, False)
