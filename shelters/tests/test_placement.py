"""From the bed board to a bed: a caseworker requests a place; the shelter staff accept and admit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from notifications.models import Notification
from shelters import selectors, services
from shelters.models import PlacementRequest, Stay
from shelters.tests.factories import PlacementRequestFactory, ShelterFactory

TODAY = timezone.localdate()


def test_caseworker_requests_a_place_and_the_shelter_staff_are_told(client, ngo, shelter, caseworker):
    case = CaseFactory(organisation=ngo)
    client.force_login(caseworker)

    response = client.post(
        reverse("shelters:placement_request_create"),
        {"case_code": case.code, "shelter": shelter.pk, "target_group": "women", "requested_for": TODAY},
    )

    assert response.url == reverse("shelters:placement_request_list")
    request = PlacementRequest.unscoped.get()
    assert (request.case, request.shelter, request.status, request.requested_by) == (
        case,
        shelter,
        "requested",
        caseworker,
    )
    told = Notification.unscoped.filter(kind="shelters.placement_requested")
    assert sorted(told.values_list("recipient__username", "subject")) == [
        ("manager", case.code),
        ("shelter", case.code),
    ]


def test_another_ngos_caseworker_requests_a_place_at_this_shelter(
    ngo, other_ngo, shelter, outsider, shelter_staff
):
    case = CaseFactory(organisation=other_ngo)

    request = services.placement_request_create(
        case=case, shelter=shelter, by=outsider, target_group="children"
    )

    assert request.organisation == other_ngo
    assert list(selectors.placement_requests_waiting(user=shelter_staff)) == [request]
    assert list(selectors.placement_requests_sent(user=outsider)) == [request]


def test_placement_request_for_a_case_the_user_cannot_see_is_refused(ngo, other_ngo, shelter, outsider):
    with pytest.raises(ValidationError) as refusal:
        services.placement_request_create(
            case=CaseFactory(organisation=ngo), shelter=shelter, by=outsider, target_group="women"
        )

    assert refusal.value.message_dict == {"case": ["Unknown case."]}


def test_placement_request_for_a_past_day_is_refused_on_the_field(ngo, shelter, caseworker):
    with pytest.raises(ValidationError) as refusal:
        services.placement_request_create(
            case=CaseFactory(organisation=ngo),
            shelter=shelter,
            by=caseworker,
            target_group="women",
            requested_for=TODAY - datetime.timedelta(days=1),
        )

    assert list(refusal.value.message_dict) == ["requested_for"]


def test_staff_accept_then_admit_from_the_prefilled_form(client, ngo, shelter, shelter_staff, caseworker):
    case = CaseFactory(organisation=ngo)
    request = services.placement_request_create(
        case=case, shelter=shelter, by=caseworker, target_group="children"
    )
    client.force_login(shelter_staff)

    accepted = client.post(reverse("shelters:placement_request_accept", args=[request.pk]))
    form = client.get(accepted.url)
    admitted = client.post(accepted.url, {"target_group": "children", "admitted_on": TODAY})

    assert accepted.url == reverse("shelters:shelter_admit", args=[shelter.pk]) + f"?request={request.pk}"
    assert f'value="{case.code}"' in form.content.decode()
    assert admitted.url == reverse("shelters:shelter_residents", args=[shelter.pk])
    stay = Stay.unscoped.get()
    assert (stay.case, stay.target_group) == (case, "children")
    request.refresh_from_db()
    assert (request.status, request.stay) == ("admitted", stay)
    assert Notification.unscoped.filter(kind="shelters.placement_accepted", recipient=caseworker).count() == 1


def test_decline_tells_the_requester_and_cannot_be_answered_twice(ngo, shelter, shelter_staff, caseworker):
    request = services.placement_request_create(
        case=CaseFactory(organisation=ngo), shelter=shelter, by=caseworker, target_group="women"
    )

    services.placement_request_decline(request=request, by=shelter_staff)
    with pytest.raises(ValidationError) as again:
        services.placement_request_accept(request=request, by=shelter_staff)

    assert list(again.value.message_dict) == ["status"]
    assert Notification.unscoped.filter(kind="shelters.placement_declined", recipient=caseworker).count() == 1


@pytest.mark.parametrize("rows", [1, 3])
def test_placement_request_list_shows_own_rows_only(
    client, ngo, other_ngo, shelter, shelter_staff, rows, django_assert_num_queries
):
    other_shelter = ShelterFactory(organisation=other_ngo)
    PlacementRequestFactory(organisation=other_ngo, shelter=other_shelter)
    mine = [PlacementRequestFactory(organisation=ngo, shelter=shelter) for _ in range(rows)]
    client.force_login(shelter_staff)
    client.get(reverse("home"))  # the session's first request reads the device and memberships

    with django_assert_num_queries(7):
        page = client.get(reverse("shelters:placement_request_list")).content.decode()

    assert [request.case.code in page for request in mine] == [True] * rows
    assert PlacementRequest.unscoped.get(organisation=other_ngo).case.code not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("shelter_staff", 302),
        ("manager", 302),
        ("caseworker", 403),
        ("outsider", 404),
        ("judge", 403),
        ("password_only", 302),
    ],
)
def test_placement_request_accept_role_matrix(client, cast, ngo, shelter, role, status):
    request = PlacementRequestFactory(organisation=ngo, shelter=shelter)
    if role == "password_only":
        client = Client()
        client.force_login(cast["shelter_staff"])
    else:
        client.force_login(cast[role])

    response = client.post(reverse("shelters:placement_request_accept", args=[request.pk]))

    assert response.status_code == status
    request.refresh_from_db()
    assert request.status == ("accepted" if role in ("shelter_staff", "manager") else "requested")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("outsider", 200),
        ("shelter_staff", 403),
        ("judge", 403),
        ("password_only", 302),
    ],
)
def test_placement_request_create_role_matrix(client, cast, role, status):
    if role == "password_only":
        client = Client()
        client.force_login(cast["caseworker"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse("shelters:placement_request_create"))

    assert response.status_code == status


def test_case_referral_page_links_to_a_placement_request(client, ngo, caseworker):
    case = CaseFactory(organisation=ngo)
    client.force_login(caseworker)

    page = client.get(reverse("cases:case_referrals", args=[case.pk])).content.decode()

    assert f'href="{reverse("shelters:placement_request_create")}?case={case.pk}"' in page
