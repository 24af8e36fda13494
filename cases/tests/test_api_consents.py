import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Consent
from cases.tests.factories import ConsentFactory

CONSENT_FIELDS = [
    "id",
    "case",
    "case_code",
    "purpose",
    "recipient",
    "recipient_name",
    "status",
    "sections",
    "method",
    "version",
    "given_on",
    "expires_on",
    "is_override",
    "is_current",
    "is_valid",
    "recorded_by",
    "recorded_at",
]


@pytest.mark.parametrize("rows", [1, 3])
def test_consents_api_list_excludes_other_organisations(
    api, caseworker, ngo, other_ngo, django_assert_num_queries, rows
):
    own = ConsentFactory.create_batch(rows, organisation=ngo)
    ConsentFactory(organisation=other_ngo)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:consent-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(consent.pk for consent in own)
    assert list(response.json()["results"][0]) == CONSENT_FIELDS


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 201), ("manager", 201), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_consents_api_record_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.post(
        reverse("api:consent-list"),
        {"case": case.pk, "purpose": "statistics", "method": "written", "status": "refused"},
        format="json",
    )

    assert response.status_code == status
    assert Consent.unscoped.filter(case=case).count() == (1 if status == 201 else 0)
    if status == 201:
        assert (response.json()["purpose"], response.json()["status"], response.json()["version"]) == (
            "statistics",
            "refused",
            1,
        )
        assert list(
            AuditEntry.unscoped.filter(action="consent.recorded").values_list("details", flat=True)
        ) == [{"purpose": "statistics", "status": "refused", "recipient": None, "version": 1}]


def test_consents_api_sharing_needs_a_recipient(api, caseworker, case):
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:consent-list"), {"case": case.pk, "purpose": "sharing", "method": "oral"}, format="json"
    )

    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == (
        "Name the organisation the data may be shared with.",
        "recipient",
    )


def test_consents_api_override_method_is_not_accepted(api, manager, case):
    api.force_authenticate(manager)

    response = api.post(
        reverse("api:consent-list"),
        {"case": case.pk, "purpose": "assistance", "method": "override"},
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "method")


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
def test_consents_api_withdraw_role_matrix(api, cast, case, other_ngo, member, status):
    given = ConsentFactory(organisation=case.organisation, case=case, purpose="sharing", recipient=other_ngo)
    api.force_authenticate(cast[member])

    response = api.post(
        reverse("api:consent-withdraw", args=[given.pk]), {"notes": "By phone"}, format="json"
    )

    assert response.status_code == status
    current = Consent.unscoped.filter(case=case).current().get()
    assert current.status == ("withdrawn" if status == 201 else "given")
    if status == 201:
        assert (response.json()["id"], response.json()["version"], response.json()["is_valid"]) == (
            current.pk,
            2,
            False,
        )


def test_consents_api_withdrawing_twice_is_400(api, caseworker, case):
    given = ConsentFactory(organisation=case.organisation, case=case, purpose="follow_up")
    api.force_authenticate(caseworker)
    api.post(reverse("api:consent-withdraw", args=[given.pk]), {}, format="json")

    response = api.post(reverse("api:consent-withdraw", args=[given.pk]), {}, format="json")

    assert (response.status_code, response.json()["error"]) == (400, "There is no consent to withdraw.")


def test_consents_api_filters_current_versions_of_a_case(api, caseworker, case):
    given = ConsentFactory(organisation=case.organisation, case=case, purpose="follow_up")
    api.force_authenticate(caseworker)
    withdrawn = api.post(reverse("api:consent-withdraw", args=[given.pk]), {}, format="json").json()

    every = api.get(reverse("api:consent-list"), {"case": case.pk})
    current = api.get(reverse("api:consent-list"), {"case": case.pk, "current": "true"})

    assert sorted(row["version"] for row in every.json()["results"]) == [1, 2]
    assert [row["id"] for row in current.json()["results"]] == [withdrawn["id"]]
