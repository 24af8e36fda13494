"""The shelters API: admit and discharge, bad input as the one error envelope, scoped lists."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats

from cases.tests.factories import CaseFactory
from shelters.models import Stay
from shelters.tests.factories import ShelterFactory, StayFactory

TODAY = timezone.localdate()


def test_api_admits_and_discharges_a_resident(api, ngo, shelter, manager):
    case = CaseFactory(organisation=ngo)
    api.force_authenticate(manager)

    admitted = api.post(
        reverse("api:stay-list"),
        {"shelter": shelter.pk, "case": case.pk, "target_group": "women"},
        format="json",
    )
    discharged = api.post(
        reverse("api:stay-discharge", args=[admitted.json()["id"]]),
        {
            "discharge_reason": "plan_completed",
            "discharge_destination": "family",
            "destination_detail": "synthetic",
        },
        format="json",
    )

    assert admitted.status_code == 201
    assert (discharged.status_code, discharged.json()["discharged_on"]) == (200, TODAY.isoformat())
    assert "destination_detail" not in discharged.json()


def test_api_discharge_before_admission_answers_the_field(api, ngo, shelter, shelter_staff):
    stay = StayFactory(organisation=ngo, shelter=shelter, admitted_on=TODAY)
    api.force_authenticate(shelter_staff)

    response = api.post(
        reverse("api:stay-discharge", args=[stay.pk]),
        {
            "discharged_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "discharge_reason": "plan_completed",
            "discharge_destination": "family",
        },
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "discharged_on")
    assert Stay.unscoped.get(pk=stay.pk).discharged_on is None


def test_api_admission_beyond_capacity_answers_the_field(api, ngo, manager):
    full = ShelterFactory(organisation=ngo, capacity=1)
    StayFactory(organisation=ngo, shelter=full)
    api.force_authenticate(manager)

    response = api.post(
        reverse("api:stay-list"),
        {"shelter": full.pk, "case": CaseFactory(organisation=ngo).pk, "target_group": "women"},
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "shelter")
    assert Stay.unscoped.filter(shelter=full).count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("shelter_staff", 200), ("manager", 200), ("caseworker", 403), ("outsider", 403), ("judge", 403)],
)
def test_api_stay_list_role_matrix(api, cast, ngo, shelter, role, status):
    StayFactory(organisation=ngo, shelter=shelter)
    api.force_authenticate(cast[role])

    response = api.get(reverse("api:stay-list"))

    assert response.status_code == status


def test_api_stay_list_leaves_out_other_organisations(api, ngo, other_ngo, shelter, manager):
    mine = StayFactory(organisation=ngo, shelter=shelter)
    StayFactory(organisation=other_ngo, shelter=ShelterFactory(organisation=other_ngo))
    api.force_authenticate(manager)

    response = api.get(reverse("api:stay-list"))

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_api_placement_request_to_another_ngos_shelter(api, ngo, other_ngo, shelter, outsider):
    case = CaseFactory(organisation=other_ngo)
    api.force_authenticate(outsider)

    response = api.post(
        reverse("api:placement-request-list"),
        {"case": case.pk, "shelter": shelter.pk, "target_group": "women", "note": "synthetic"},
        format="json",
    )

    assert (response.status_code, response.json()["status"], "note" in response.json()) == (
        201,
        "requested",
        False,
    )


def test_api_schema_has_the_shelter_endpoints_without_warnings(db, client, caseworker):
    reset_generator_stats()

    call_command("spectacular", "--validate", "--file", os.devnull)
    client.force_login(caseworker)
    paths = set(client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"])

    assert GENERATOR_STATS._warn_cache == {} and GENERATOR_STATS._error_cache == {}
    assert {
        "/api/v1/shelters/",
        "/api/v1/shelters/{id}/",
        "/api/v1/shelters/board/",
        "/api/v1/shelters/stays/",
        "/api/v1/shelters/stays/{id}/discharge/",
        "/api/v1/shelters/placement-requests/",
        "/api/v1/shelters/placement-requests/{id}/accept/",
        "/api/v1/shelters/placement-requests/{id}/decline/",
    } <= paths
