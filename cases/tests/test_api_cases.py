import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as accounts_services
from audit.models import AccessLogEntry, AuditEntry
from cases.models import ApprovalRequest, Case, Referral, Victim, choices
from cases.tests.factories import (
    CaseFactory,
    ConsentFactory,
    FollowUpFactory,
    SharedReferralFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)

CASE_FIELDS = [
    "id",
    "code",
    "organisation",
    "organisation_name",
    "stage",
    "status",
    "caseworker",
    "caseworker_name",
    "registered_on",
    "is_draft",
    "intake_steps",
    "return_date",
    "closed_on",
    "closure_reason",
    "referring_organisation",
    "referring_external_name",
    "referring_external_type",
    "referring_external_country",
    "incoming_referral_date",
    "created_at",
    "updated_at",
]


def detail(case, action: str = "detail") -> str:
    return reverse(f"api:case-{action}", args=[case.pk])


@pytest.mark.parametrize("rows", [1, 3])
def test_cases_api_list_shows_own_cases_without_personal_data(
    api, caseworker, ngo, other_ngo, django_assert_num_queries, rows
):
    own = [VictimFactory(organisation=ngo).case for _ in range(rows)]
    VictimFactory(organisation=other_ngo)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:case-list"))

    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted(row["code"] for row in results) == sorted(case.code for case in own)
    assert list(results[0]) == CASE_FIELDS


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 200),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_cases_api_retrieve_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.get(detail(case))

    assert response.status_code == status
    if status == 200:
        assert list(response.json()) == CASE_FIELDS
        assert response.json()["code"] == case.code
    else:
        assert list(response.json()) == ["error", "field"]


def test_cases_api_needs_authentication(api, case):
    response = api.get(reverse("api:case-list"))

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 200), ("manager", 200), ("shelter_staff", 200), ("coordinator", 403), ("outsider", 404)],
)
def test_cases_api_personal_data_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.get(detail(case, "personal-data"))

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["case_code"], body["given_name"], body["family_name"], body["birth_date"]) == (
            case.code,
            "Gulnora",
            "Rakhimova",
            "1994-05-17",
        )
        assert body["mobile_phone"] == "+992900000001"


def test_cases_api_personal_data_writes_exactly_one_access_log_entry(api, caseworker, case):
    api.force_authenticate(caseworker)

    api.get(detail(case, "personal-data"))

    entry = AccessLogEntry.unscoped.get()
    assert (entry.actor, entry.organisation_id, entry.object_label, entry.purpose) == (
        caseworker,
        case.organisation_id,
        case.code,
        "victim.personal_data",
    )


def test_cases_api_list_and_detail_write_no_access_log_entry(api, caseworker, case):
    api.force_authenticate(caseworker)

    api.get(reverse("api:case-list"))
    api.get(detail(case))

    assert AccessLogEntry.unscoped.count() == 0


def test_cases_api_personal_data_of_case_shared_without_it_is_403(api, case, caseworker, outsider, other_ngo):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_screening=True,
        share_personal_data=False,
    )
    api.force_authenticate(outsider)

    shared = api.get(detail(case))
    personal = api.get(detail(case, "personal-data"))

    assert (shared.status_code, personal.status_code) == (200, 403)
    assert AccessLogEntry.unscoped.count() == 0


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 201),
        ("manager", 201),
        ("hotline_operator", 201),
        ("shelter_staff", 403),
        ("coordinator", 403),
    ],
)
def test_cases_api_intake_role_matrix(api, cast, ngo, member, status):
    api.force_authenticate(cast[member])

    response = api.post(
        reverse("api:case-list"),
        {"given_name": "Zarina", "family_name": "Obraztsova", "sex": "female", "citizenship": ["TJ"]},
        format="json",
    )

    assert response.status_code == status
    assert Case.unscoped.filter(organisation=ngo).count() == (1 if status == 201 else 0)


def test_cases_api_intake_answers_the_masked_case_and_stores_the_victim(api, caseworker, ngo):
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:case-list"),
        {
            "given_name": "Zarina",
            "family_name": "Obraztsova",
            "birth_date": "1999-02-03",
            "citizenship": ["tj"],
            "referral_source": "hotline",
        },
        format="json",
    )

    assert response.status_code == 201
    assert list(response.json()) == CASE_FIELDS
    case = Case.unscoped.get(pk=response.json()["id"])
    victim = Victim.unscoped.get(case=case)
    assert (case.organisation, case.caseworker, response.json()["code"]) == (ngo, caseworker, case.code)
    assert (victim.given_name, victim.birth_date, victim.citizenship) == (
        "Zarina",
        datetime.date(1999, 2, 3),
        ["TJ"],
    )
    assert case.screening.referral_source == "hotline"
    assert list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True)) == [
        "case.registered",
        "case.intake_saved",  # a draft: the person step saved
    ]


def test_cases_api_intake_at_another_organisation_is_403(api, outsider, ngo):
    api.force_authenticate(outsider)

    response = api.post(
        reverse("api:case-list"),
        {"organisation": ngo.pk, "given_name": "Zarina", "family_name": "Obraztsova"},
        format="json",
    )

    assert response.status_code == 403
    assert Case.unscoped.count() == 0


@pytest.mark.parametrize(
    ("payload", "field", "error"),
    [
        ({"given_name": "Zarina"}, "family_name", "This field is required."),
        (
            {"given_name": "Zarina", "family_name": "Obraztsova", "birth_date": "2999-01-01"},
            "birth_date",
            "This date is in the future.",
        ),
        (
            {"given_name": "Zarina", "family_name": "Obraztsova", "citizenship": ["XX"]},
            "citizenship",
            "Unknown country code: XX.",
        ),
    ],
)
def test_cases_api_intake_invalid_is_400_with_field(api, caseworker, payload, field, error):
    api.force_authenticate(caseworker)

    response = api.post(reverse("api:case-list"), payload, format="json")

    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == (error, field)
    assert response.json()["errors"] == {field: [error]}
    assert Case.unscoped.count() == 0


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_cases_api_close_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.post(detail(case, "close"), {"reason": "reintegrated"}, format="json")

    assert response.status_code == status
    case.refresh_from_db()
    assert case.stage == ("closed" if status == 200 else "screening")
    if status == 200:
        assert (response.json()["stage"], response.json()["status"]) == ("closed", "Closed")
        assert AuditEntry.unscoped.filter(action="case.closed").count() == 1


def test_cases_api_close_waits_for_approval_where_the_organisation_asks(api, caseworker, case, ngo):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])
    api.force_authenticate(caseworker)

    response = api.post(detail(case, "close"), {"reason": "lost_contact"}, format="json")

    assert response.status_code == 202
    approval = ApprovalRequest.unscoped.get()
    assert (response.json()["id"], response.json()["action"], response.json()["status"]) == (
        approval.pk,
        "close",
        "pending",
    )
    case.refresh_from_db()
    assert case.stage == "screening"


def test_cases_api_close_other_without_details_is_400(api, caseworker, case):
    api.force_authenticate(caseworker)

    response = api.post(detail(case, "close"), {"reason": "other"}, format="json")

    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == (
        "Explain the reason for closing.",
        "details",
    )


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 200), ("manager", 200), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_cases_api_reopen_role_matrix(api, cast, caseworker, case, member, status):
    api.force_authenticate(caseworker)
    api.post(detail(case, "close"), {"reason": "lost_contact"}, format="json")
    api.force_authenticate(cast[member])

    response = api.post(
        detail(case, "reopen"), {"reason": "Contact restored", "stage": "reintegration"}, format="json"
    )

    assert response.status_code == status
    case.refresh_from_db()
    assert case.stage == ("reintegration" if status == 200 else "closed")


@pytest.mark.parametrize(
    ("member", "status"),
    [("manager", 200), ("caseworker", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_cases_api_assign_role_matrix(api, cast, case, manager, member, status):
    api.force_authenticate(cast[member])

    response = api.post(detail(case, "assign"), {"caseworker": manager.pk}, format="json")

    assert response.status_code == status
    case.refresh_from_db()
    assert case.caseworker == (manager if status == 200 else cast["caseworker"])


def test_cases_api_assign_to_someone_outside_the_organisation_is_400(api, manager, outsider, case):
    api.force_authenticate(manager)

    response = api.post(detail(case, "assign"), {"caseworker": outsider.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "caseworker"


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 201), ("manager", 201), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_cases_api_transfer_role_matrix(api, cast, case, other_ngo, member, status):
    ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=other_ngo,
        sections=[section.value for section in choices.Section],
    )
    api.force_authenticate(cast[member])

    response = api.post(detail(case, "transfer"), {"to_organisation": other_ngo.pk}, format="json")

    assert response.status_code == status
    if status == 201:
        referral = Referral.unscoped.get()
        assert (response.json()["kind"], response.json()["status"]) == ("transfer", "requested")
        assert referral.shared_sections == Referral.SECTIONS


def test_cases_api_transfer_without_consent_is_400_on_the_organisation(api, caseworker, case, other_ngo):
    api.force_authenticate(caseworker)

    response = api.post(detail(case, "transfer"), {"to_organisation": other_ngo.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "The victim has not consented to sharing with this organisation."
    assert response.json()["field"] == "to_organisation"
    assert Referral.unscoped.count() == 0


@pytest.fixture
def two_cases(ngo, caseworker, manager):
    """A labour case in Russia with an overdue follow-up; a closed sexual-exploitation case in Kazakhstan."""
    labour = VictimFactory(
        organisation=ngo, sex="male", case__caseworker=caseworker, case__code="TJ-2026-000101"
    )
    TraffickingExperienceFactory(organisation=ngo, case=labour.case, exploitation_types=["ForcedLabour"])
    TraffickingEventFactory(organisation=ngo, case=labour.case, country="RU")
    FollowUpFactory(
        organisation=ngo, case=labour.case, due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    sexual = VictimFactory(
        organisation=ngo,
        sex="female",
        case__caseworker=manager,
        case__code="TJ-2026-000202",
        case__stage="closed",
        case__closure_reason="reintegrated",
    )
    TraffickingExperienceFactory(
        organisation=ngo, case=sexual.case, exploitation_types=["SexualExploitation"]
    )
    TraffickingEventFactory(organisation=ngo, case=sexual.case, country="KZ")
    FollowUpFactory(
        organisation=ngo, case=sexual.case, due_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    return labour.case, sexual.case


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["TJ-2026-000101", "TJ-2026-000202"]),
        ({"stage": "closed"}, ["TJ-2026-000202"]),
        ({"status": "Active"}, ["TJ-2026-000101"]),
        ({"status": "Closed"}, ["TJ-2026-000202"]),
        ({"sex": "male"}, ["TJ-2026-000101"]),
        ({"exploitation": "SexualExploitation"}, ["TJ-2026-000202"]),
        ({"country": "RU"}, ["TJ-2026-000101"]),
        ({"overdue": "true"}, ["TJ-2026-000101"]),
        ({"overdue": "false"}, ["TJ-2026-000202"]),
        ({"q": "0202"}, ["TJ-2026-000202"]),
    ],
)
def test_cases_api_filters(api, caseworker, two_cases, query, expected):
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:case-list"), query)

    assert response.status_code == 200
    assert sorted(row["code"] for row in response.json()["results"]) == expected


def test_cases_api_filters_by_assigned_caseworker(api, caseworker, manager, two_cases):
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:case-list"), {"caseworker": manager.pk})

    assert [row["code"] for row in response.json()["results"]] == ["TJ-2026-000202"]


def test_cases_api_filter_on_an_unshared_section_matches_nothing(api, outsider, other_ngo, two_cases):
    labour, _sexual = two_cases
    SharedReferralFactory(
        organisation=labour.organisation,
        case=labour,
        to_organisation=other_ngo,
        share_screening=True,
    )
    api.force_authenticate(outsider)

    everything = api.get(reverse("api:case-list"))
    by_country = api.get(reverse("api:case-list"), {"country": "RU"})

    assert [row["code"] for row in everything.json()["results"]] == ["TJ-2026-000101"]
    assert by_country.json()["results"] == []


def test_cases_api_unknown_filter_value_is_400_with_field(api, caseworker):
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:case-list"), {"exploitation": "Gardening"})

    assert response.status_code == 400
    assert response.json()["field"] == "exploitation"


def test_cases_api_other_organisations_case_is_invisible_in_every_action(api, outsider, ngo):
    case = CaseFactory(organisation=ngo)
    api.force_authenticate(outsider)

    statuses = [
        api.get(detail(case)).status_code,
        api.get(detail(case, "personal-data")).status_code,
        api.post(detail(case, "close"), {"reason": "reintegrated"}, format="json").status_code,
        api.post(detail(case, "reopen"), {"reason": "x"}, format="json").status_code,
        api.post(detail(case, "transfer"), {"to_organisation": ngo.pk}, format="json").status_code,
    ]

    assert statuses == [404, 404, 404, 404, 404]


def test_cases_api_personal_data_with_a_session_login(client, caseworker, case):
    client.force_login(caseworker)

    response = client.get(detail(case, "personal-data"))

    assert (response.status_code, response.json()["family_name"]) == (200, "Rakhimova")
    assert AccessLogEntry.unscoped.count() == 1


def test_cases_api_list_with_a_token_issued_after_the_second_factor(caseworker, case):
    _, key = accounts_services.api_token_issue(by=caseworker, second_factor_passed=True)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get(reverse("api:case-list"))

    assert [row["code"] for row in response.json()["results"]] == [case.code]


def test_cases_api_refuses_a_token_issued_without_the_second_factor(caseworker, case):
    """ASVS 5.0 V6.3.3, V6.3.4: a token issued without the second factor buys nothing for a caseworker
    (this test asserted that it worked: issue 6)."""
    _, key = accounts_services.api_token_issue(by=caseworker, second_factor_passed=False)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    responses = [api.get(reverse("api:case-list")), api.get(detail(case, "personal-data"))]

    assert [(r.status_code, r.json()) for r in responses] == [
        (403, {"error": "Second factor required.", "field": None})
    ] * 2
    assert AccessLogEntry.unscoped.count() == 0
