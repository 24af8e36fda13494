"""Hotline operators and shelter staff see the cases granted to them, not every case of their NGO.

A caseworker's case is out of a hotline operator's scope by every route (list, page, section, API,
name search); the case the operator opened is in it; shelter staff read a resident's case while their
grant lasts, and only the sections their role gives them."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import services
from cases.models import AssistanceService, Case, CaseAccess, Note
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    NoteFactory,
    SharedReferralFactory,
    VictimFactory,
)


@pytest.fixture
def colleagues_case(ngo, caseworker):
    return services.case_register(by=caseworker, organisation=ngo, given_name="Malika", family_name="Sinteva")


def test_case_access_hotline_operator_does_not_see_a_caseworkers_case(
    client, api, ngo, hotline_operator, colleagues_case
):
    client.force_login(hotline_operator)
    api.force_authenticate(hotline_operator)

    page = client.get(reverse("cases:case_detail", args=[colleagues_case.pk]))
    listed = api.get(reverse("api:case-list"))
    detail = api.get(reverse("api:case-detail", args=[colleagues_case.pk]))
    search = api.post(reverse("api:case-search"), {"name": "Malika"}, format="json")

    assert page.status_code == 404
    assert listed.json()["results"] == []
    assert detail.status_code == 404
    assert search.json()["results"] == []
    assert list(Case.objects.visible_to(hotline_operator)) == []


def test_case_access_hotline_operator_sees_the_case_they_opened(
    client, ngo, hotline_operator, colleagues_case
):
    opened = services.case_register(by=hotline_operator, organisation=ngo)
    client.force_login(hotline_operator)

    response = client.get(reverse("cases:case_detail", args=[opened.pk]))

    assert response.status_code == 200
    assert list(Case.objects.visible_to(hotline_operator)) == [opened]
    assert list(CaseAccess.unscoped.filter(user=hotline_operator).values_list("case_id", "reason")) == [
        (opened.pk, "cases.opened")
    ]


def test_case_access_caseworker_opening_a_case_needs_no_grant(ngo, caseworker, colleagues_case):
    assert CaseAccess.unscoped.count() == 0
    assert list(Case.objects.visible_to(caseworker)) == [colleagues_case]


def test_case_access_shelter_staff_read_a_resident_while_the_grant_lasts(
    client, ngo, caseworker, shelter_staff, colleagues_case
):
    AssistanceServiceFactory(organisation=ngo, case=colleagues_case)
    NoteFactory(organisation=ngo, case=colleagues_case)
    client.force_login(shelter_staff)
    url = reverse("cases:case_detail", args=[colleagues_case.pk])
    before = client.get(url).status_code

    services.case_access_grant(
        case=colleagues_case, user=shelter_staff, reason="shelters.resident", by=caseworker
    )
    during = client.get(url).status_code
    services_seen = AssistanceService.objects.visible_to(shelter_staff).count()
    notes_seen = Note.objects.visible_to(shelter_staff).count()
    services.case_access_end(case=colleagues_case, reason="shelters.resident", by=caseworker)
    after = client.get(url).status_code

    assert (before, during, after) == (404, 200, 404)
    assert (services_seen, notes_seen) == (1, 1)
    assert Note.objects.visible_to(shelter_staff).count() == 0


def test_case_access_grant_gives_no_section_the_role_lacks(ngo, caseworker, shelter_staff, colleagues_case):
    services.case_access_grant(
        case=colleagues_case, user=shelter_staff, reason="shelters.resident", by=caseworker
    )

    response_tabs = [
        perm
        for perm in ("cases.view_screening", "cases.view_referral")
        if shelter_staff.has_perm(perm, colleagues_case)
    ]

    assert response_tabs == []


def test_case_access_grant_is_idempotent_and_audited(ngo, caseworker, shelter_staff, colleagues_case):
    for _ in range(2):
        services.case_access_grant(
            case=colleagues_case, user=shelter_staff, reason="shelters.resident", by=caseworker
        )
    ended = services.case_access_end(case=colleagues_case, reason="shelters.resident", by=caseworker)
    ended_again = services.case_access_end(case=colleagues_case, reason="shelters.resident", by=caseworker)

    assert (ended, ended_again) == (1, 0)
    assert list(
        AuditEntry.unscoped.filter(action__startswith="case.access")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "case.access_granted",
        "case.access_ended",
    ]


def test_case_access_ends_one_reason_and_keeps_another(ngo, caseworker, shelter_staff, colleagues_case):
    services.case_access_grant(
        case=colleagues_case, user=shelter_staff, reason="shelters.resident", by=caseworker
    )
    services.case_access_grant(case=colleagues_case, user=shelter_staff, reason="cases.opened", by=caseworker)

    services.case_access_end(
        case=colleagues_case, reason="shelters.resident", by=caseworker, user=shelter_staff
    )

    assert list(Case.objects.visible_to(shelter_staff)) == [colleagues_case]


def test_case_access_grant_does_not_reach_beyond_the_users_organisations(ngo, other_ngo, caseworker):
    operator_elsewhere = user_with_role(Role.HOTLINE_OPERATOR, other_ngo, username="operator-elsewhere")
    case = CaseFactory(organisation=ngo)

    services.case_access_grant(case=case, user=operator_elsewhere, reason="cases.opened", by=caseworker)

    assert list(Case.objects.visible_to(operator_elsewhere)) == []


def test_case_access_referred_case_needs_a_grant_for_the_receivers_narrow_roles(ngo, other_ngo, caseworker):
    referral = SharedReferralFactory(organisation=ngo, to_organisation=other_ngo)
    VictimFactory(organisation=ngo, case=referral.case)
    receiving_caseworker = user_with_role(Role.CASEWORKER, other_ngo, username="receiver")
    receiving_operator = user_with_role(Role.HOTLINE_OPERATOR, other_ngo, username="receiver-hotline")

    assert list(Case.objects.visible_to(receiving_caseworker)) == [referral.case]
    assert list(Case.objects.visible_to(receiving_operator)) == []
