import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AccessLogEntry, AuditEntry
from cases.models import Referral, choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
)
from network.tests.factories import OrganisationFactory

EVERY_SECTION = [
    "personal_data",
    "screening",
    "experience",
    "services",
    "reintegration",
    "notes",
    "attachments",
]


@pytest.fixture
def consent_to_other_ngo(case, other_ngo):
    return ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=other_ngo,
        sections=EVERY_SECTION,
    )


@pytest.fixture
def incoming(case, other_ngo, caseworker, consent_to_other_ngo):
    """A referral from ngo to other_ngo that shares screening and services."""
    return ReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        requested_by=caseworker,
        share_screening=True,
        share_services=True,
    )


def request_referral(api, case, to_organisation, **extra):
    return api.post(
        reverse("api:referral-list"),
        {
            "case": case.pk,
            "to_organisation": to_organisation.pk,
            "sections": ["screening", "services"],
            **extra,
        },
        format="json",
    )


def test_referrals_api_without_consent_is_400_with_the_reason(api, caseworker, case, other_ngo):
    api.force_authenticate(caseworker)

    response = request_referral(api, case, other_ngo)

    assert response.status_code == 400
    assert response.json() == {
        "error": "The victim has not consented to sharing with this organisation.",
        "field": "to_organisation",
        "errors": {"to_organisation": ["The victim has not consented to sharing with this organisation."]},
    }
    assert Referral.unscoped.count() == 0


def test_referrals_api_after_consent_was_withdrawn_is_400(
    api, caseworker, case, other_ngo, consent_to_other_ngo
):
    api.force_authenticate(caseworker)
    api.post(reverse("api:consent-withdraw", args=[consent_to_other_ngo.pk]), {}, format="json")

    response = request_referral(api, case, other_ngo)

    assert (response.status_code, response.json()["field"]) == (400, "to_organisation")


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 201),
        ("manager", 201),
        ("hotline_operator", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_referrals_api_request_role_matrix(api, cast, case, other_ngo, consent_to_other_ngo, member, status):
    api.force_authenticate(cast[member])

    response = request_referral(api, case, other_ngo, service_needed="legal_aid")

    assert response.status_code == status
    if status == 201:
        referral = Referral.unscoped.get()
        assert (response.json()["id"], response.json()["status"], response.json()["sections"]) == (
            referral.pk,
            "requested",
            ["screening", "services"],
        )
        assert AuditEntry.unscoped.filter(action="referral.requested").count() == 1
    else:
        assert Referral.unscoped.count() == 0


def test_referrals_api_request_without_sections_is_400_on_sections(api, caseworker, case, other_ngo):
    api.force_authenticate(caseworker)

    response = request_referral(api, case, other_ngo, sections=[])

    assert (response.status_code, response.json()["field"]) == (400, "sections")


@pytest.mark.parametrize("rows", [1, 3])
def test_referrals_api_list_shows_sent_and_received_only(
    api, caseworker, ngo, other_ngo, django_assert_num_queries, rows
):
    third = OrganisationFactory()
    sent = ReferralFactory.create_batch(rows, organisation=ngo, to_organisation=other_ngo)
    received = ReferralFactory(organisation=third, to_organisation=ngo)
    ReferralFactory(organisation=other_ngo, to_organisation=third)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(4):
        response = api.get(reverse("api:referral-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(
        referral.pk for referral in [*sent, received]
    )


@pytest.mark.parametrize(("direction", "expected"), [("incoming", "received"), ("outgoing", "sent")])
def test_referrals_api_filters_by_direction(api, caseworker, ngo, other_ngo, direction, expected):
    referrals = {
        "sent": ReferralFactory(organisation=ngo, to_organisation=other_ngo),
        "received": ReferralFactory(organisation=other_ngo, to_organisation=ngo),
    }
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:referral-list"), {"direction": direction})

    assert [row["id"] for row in response.json()["results"]] == [referrals[expected].pk]


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("receiving_caseworker", 200),
        ("receiving_manager", 200),
        ("caseworker", 403),
        ("coordinator", 403),
        ("third_party", 404),
    ],
)
def test_referrals_api_accept_role_matrix(api, cast, other_ngo, incoming, member, status):
    cast["receiving_caseworker"] = cast["outsider"]
    cast["receiving_manager"] = user_with_role(Role.MANAGER, other_ngo, username="othermanager")
    cast["third_party"] = user_with_role(Role.CASEWORKER, OrganisationFactory(), username="thirdparty")
    api.force_authenticate(cast[member])

    response = api.post(reverse("api:referral-accept", args=[incoming.pk]), {}, format="json")

    assert response.status_code == status
    incoming.refresh_from_db()
    assert incoming.status == ("accepted" if status == 200 else "requested")


def test_referrals_api_accepted_referral_shows_the_shared_sections_only(api, outsider, case, incoming):
    service = AssistanceServiceFactory(organisation=case.organisation, case=case)
    ConsentFactory(organisation=case.organisation, case=case, purpose="assistance")
    api.force_authenticate(outsider)
    before = api.get(reverse("api:case-detail", args=[case.pk])).status_code

    accepted = api.post(reverse("api:referral-accept", args=[incoming.pk]), {}, format="json")

    assert (before, accepted.status_code, accepted.json()["status"]) == (404, 200, "accepted")
    assert api.get(reverse("api:case-detail", args=[case.pk])).status_code == 200
    assert [row["code"] for row in api.get(reverse("api:case-list")).json()["results"]] == [case.code]
    assert [row["id"] for row in api.get(reverse("api:service-list")).json()["results"]] == [service.pk]
    assert api.get(reverse("api:consent-list")).json()["results"] == []
    assert api.get(reverse("api:case-personal-data", args=[case.pk])).status_code == 403
    assert AccessLogEntry.unscoped.count() == 0


def test_referrals_api_accepted_referral_with_personal_data_lets_the_receiver_read_it(
    api, outsider, case, other_ngo, consent_to_other_ngo
):
    referral = ReferralFactory(
        organisation=case.organisation, case=case, to_organisation=other_ngo, share_personal_data=True
    )
    api.force_authenticate(outsider)
    api.post(reverse("api:referral-accept", args=[referral.pk]), {}, format="json")

    response = api.get(reverse("api:case-personal-data", args=[case.pk]))

    assert (response.status_code, response.json()["given_name"]) == (200, "Gulnora")
    assert list(AccessLogEntry.unscoped.values_list("actor__username", "organisation_id")) == [
        ("outsider", case.organisation_id)
    ]


def test_referrals_api_accept_after_consent_withdrawn_is_400(api, caseworker, outsider, incoming):
    api.force_authenticate(caseworker)
    consent = incoming.case.consents.get(purpose="sharing")
    api.post(reverse("api:consent-withdraw", args=[consent.pk]), {}, format="json")
    api.force_authenticate(outsider)

    response = api.post(reverse("api:referral-accept", args=[incoming.pk]), {}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "to_organisation")
    assert api.get(reverse("api:case-detail", args=[incoming.case_id])).status_code == 404


def test_referrals_api_decline_records_the_reason(api, outsider, incoming):
    api.force_authenticate(outsider)

    response = api.post(
        reverse("api:referral-decline", args=[incoming.pk]),
        {"reason": "No legal aid capacity"},
        format="json",
    )

    assert (response.status_code, response.json()["status"], response.json()["decline_reason"]) == (
        200,
        "declined",
        "No legal aid capacity",
    )
    assert api.get(reverse("api:case-detail", args=[incoming.case_id])).status_code == 404


def test_referrals_api_decline_without_reason_is_400_on_reason(api, outsider, incoming):
    api.force_authenticate(outsider)

    response = api.post(reverse("api:referral-decline", args=[incoming.pk]), {"reason": ""}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "reason")


def test_referrals_api_answering_twice_is_400(api, outsider, incoming):
    api.force_authenticate(outsider)
    api.post(reverse("api:referral-accept", args=[incoming.pk]), {}, format="json")

    response = api.post(
        reverse("api:referral-decline", args=[incoming.pk]), {"reason": "Too late"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "This referral is not waiting for an answer.",
        "field": None,
        "errors": {"non_field_errors": ["This referral is not waiting for an answer."]},
    }


@pytest.mark.parametrize(("member", "status"), [("caseworker", 200), ("outsider", 403), ("coordinator", 403)])
def test_referrals_api_withdraw_role_matrix(api, cast, incoming, member, status):
    api.force_authenticate(cast[member])

    response = api.post(reverse("api:referral-withdraw", args=[incoming.pk]), format="json")

    assert response.status_code == status
    incoming.refresh_from_db()
    assert incoming.status == ("withdrawn" if status == 200 else "requested")


def test_referrals_api_case_of_another_organisation_is_404(api, caseworker, other_ngo, ngo):
    foreign = CaseFactory(organisation=other_ngo)
    ConsentFactory(organisation=other_ngo, case=foreign, purpose="sharing", recipient=ngo)
    api.force_authenticate(caseworker)

    response = request_referral(api, foreign, ngo)

    assert response.status_code == 404
    assert Referral.unscoped.filter(status=choices.ReferralStatus.REQUESTED).count() == 0
