"""Perpetrators, criminal proceedings and the formal identification decision: recorded on the case's
experience tab and through the API, names encrypted and read with an access-log entry, shared with another
organisation only when the victim's consent names the "perpetrators and proceedings" section."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AccessLogEntry, AuditEntry
from cases import services
from cases.models import CriminalProceeding, Perpetrator, Screening, choices
from cases.tests.factories import CriminalProceedingFactory, PerpetratorFactory, SharedReferralFactory

PERPETRATOR = {
    "roles": [choices.PerpetratorRole.RECRUITER, choices.PerpetratorRole.EXPLOITER],
    "name": "Fiktiv Verbovshchikov",
    "aliases": ["Boss"],
    "sex": choices.Sex.MALE,
    "age": 45,
    "citizenship": ["RU", "TJ"],
    "relation_to_victim": choices.RecruiterRelation.ACQUAINTED,
}


def test_perpetrator_add_records_roles_and_audits_field_names_only(case, caseworker):
    perpetrator = services.perpetrator_add(case=case, by=caseworker, **PERPETRATOR)

    stored = Perpetrator.unscoped.get(pk=perpetrator.pk)
    assert (stored.roles, stored.name, stored.citizenship) == (
        PERPETRATOR["roles"],
        "Fiktiv Verbovshchikov",
        ["RU", "TJ"],
    )
    entry = AuditEntry.unscoped.get(action="perpetrator.added")
    assert "Fiktiv" not in str(entry.details)
    assert entry.details["fields"] == sorted(PERPETRATOR)


def test_perpetrator_add_refuses_an_unknown_role_and_an_empty_record(case, caseworker):
    with pytest.raises(ValidationError) as unknown:
        services.perpetrator_add(case=case, by=caseworker, roles=["Wizard"])
    with pytest.raises(ValidationError) as empty:
        services.perpetrator_add(case=case, by=caseworker, sex=choices.Sex.MALE)

    assert list(unknown.value.message_dict) == ["roles"]
    assert list(empty.value.message_dict) == ["roles"]


def test_proceeding_outcome_needs_a_concluded_proceeding(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.proceeding_add(
            case=case,
            by=caseworker,
            stage=choices.ProceedingStage.TRIAL,
            outcome=choices.ProceedingOutcome.CONVICTION,
        )

    assert list(error.value.message_dict) == ["outcome"]


def test_proceeding_compensation_amount_needs_an_award_and_a_currency(case, caseworker):
    with pytest.raises(ValidationError) as not_awarded:
        services.proceeding_add(
            case=case, by=caseworker, compensation_requested=True, compensation_amount=100
        )
    with pytest.raises(ValidationError) as no_currency:
        services.proceeding_add(case=case, by=caseworker, compensation_awarded=True, compensation_amount=100)

    assert list(not_awarded.value.message_dict) == ["compensation_amount"]
    assert list(no_currency.value.message_dict) == ["compensation_currency"]


def test_proceeding_update_records_the_outcome_and_compensation(case, caseworker):
    proceeding = services.proceeding_add(
        case=case,
        by=caseworker,
        authority="Fictional City Court",
        victim_is_witness=True,
        compensation_requested=True,
    )

    services.proceeding_update(
        proceeding=proceeding,
        by=caseworker,
        stage=choices.ProceedingStage.CLOSED,
        outcome=choices.ProceedingOutcome.CONVICTION,
        concluded_on=datetime.date(2026, 1, 10),
        compensation_awarded=True,
        compensation_amount=5000,
        compensation_currency="rub",
    )

    stored = CriminalProceeding.unscoped.get(pk=proceeding.pk)
    assert (stored.outcome, stored.compensation_amount, stored.compensation_currency) == (
        "conviction",
        5000,
        "RUB",
    )
    assert stored.victim_is_witness is True


# API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 201),
        ("manager", 201),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_perpetrators_api_record_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.post(reverse("api:perpetrator-list"), {"case": case.pk, **PERPETRATOR}, format="json")

    assert response.status_code == status
    assert Perpetrator.unscoped.filter(case=case).count() == (1 if status == 201 else 0)
    if status == 201:
        assert "name" not in response.json()


def test_perpetrators_api_password_only_changes_nothing(case, caseworker):
    password_only = APIClient()  # logged in, second factor not passed
    password_only.force_login(caseworker)

    response = password_only.post(
        reverse("api:perpetrator-list"), {"case": case.pk, **PERPETRATOR}, format="json"
    )

    assert response.status_code == 403
    assert not Perpetrator.unscoped.exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_perpetrators_api_list_has_no_names_and_no_other_organisation(
    api, caseworker, case, other_ngo, django_assert_num_queries, rows
):
    for _ in range(rows):
        PerpetratorFactory(organisation=case.organisation, case=case)
    PerpetratorFactory(organisation=other_ngo)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(2):
        response = api.get(reverse("api:perpetrator-list"))

    results = response.json()["results"]
    assert [row["case"] for row in results] == [case.pk] * rows
    assert "name" not in results[0]
    assert not AccessLogEntry.unscoped.exists()


def test_perpetrators_api_detail_decrypts_names_and_logs_the_read(api, caseworker, case):
    perpetrator = PerpetratorFactory(organisation=case.organisation, case=case, name="Fiktiv Kontrolerov")
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:perpetrator-detail", args=[perpetrator.pk]))

    assert response.json()["name"] == "Fiktiv Kontrolerov"
    assert list(AccessLogEntry.unscoped.values_list("purpose", flat=True)) == ["perpetrator.read"]


def test_perpetrators_api_detail_of_another_organisation_is_404(api, outsider, case):
    perpetrator = PerpetratorFactory(organisation=case.organisation, case=case)
    api.force_authenticate(outsider)

    response = api.get(reverse("api:perpetrator-detail", args=[perpetrator.pk]))

    assert response.status_code == 404


def test_proceedings_api_records_and_updates(api, caseworker, case):
    api.force_authenticate(caseworker)
    created = api.post(
        reverse("api:proceeding-list"),
        {"case": case.pk, "authority": "Fictional Prosecutor", "country": "RU", "victim_is_witness": True},
        format="json",
    )

    update = api.patch(
        reverse("api:proceeding-detail", args=[created.json()["id"]]),
        {"stage": "closed", "outcome": "acquittal", "concluded_on": "2026-01-05"},
        format="json",
    )
    detail = api.get(reverse("api:proceeding-detail", args=[created.json()["id"]]))

    assert (created.status_code, update.status_code) == (201, 200)
    assert (detail.json()["authority"], detail.json()["outcome"], detail.json()["victim_is_witness"]) == (
        "Fictional Prosecutor",
        "acquittal",
        True,
    )


def test_proceedings_api_outcome_of_an_open_proceeding_is_400_on_the_field(api, caseworker, case):
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:proceeding-list"),
        {"case": case.pk, "stage": "trial", "outcome": "conviction"},
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "outcome")


@pytest.mark.parametrize("member", ["caseworker", "outsider"])
def test_proceedings_api_update_role_matrix(api, cast, case, member):
    proceeding = CriminalProceedingFactory(organisation=case.organisation, case=case)
    api.force_authenticate(cast[member])

    response = api.patch(reverse("api:proceeding-detail", args=[proceeding.pk]), {"victim_is_witness": False})

    assert response.status_code == {"caseworker": 200, "outsider": 404}[member]


# Consent: the legal section is shared only when named ------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "visible"),
    [([choices.Section.EXPERIENCE], False), ([choices.Section.EXPERIENCE, choices.Section.LEGAL], True)],
)
def test_perpetrators_of_a_referred_case_follow_the_consented_sections(
    api, case, outsider, other_ngo, sections, visible
):
    referral = SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_screening=False,
        **{f"share_{section}": True for section in sections},
    )
    perpetrator = PerpetratorFactory(organisation=case.organisation, case=case)
    proceeding = CriminalProceedingFactory(organisation=case.organisation, case=case)
    api.force_authenticate(outsider)

    listed = api.get(reverse("api:perpetrator-list")).json()["results"]
    detail = api.get(reverse("api:perpetrator-detail", args=[perpetrator.pk]))
    proceedings = api.get(reverse("api:proceeding-list")).json()["results"]

    assert referral.shared_sections == sections
    assert [row["id"] for row in listed] == ([perpetrator.pk] if visible else [])
    assert detail.status_code == (200 if visible else 404)
    assert [row["id"] for row in proceedings] == ([proceeding.pk] if visible else [])


# Web: the experience tab ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 302), ("manager", 302), ("hotline_operator", 403), ("outsider", 404)],
)
def test_experience_tab_adds_a_perpetrator_role_matrix(client, cast, case, member, status):
    client.force_login(cast[member])
    data = {"form": "perpetrator", "roles": [choices.PerpetratorRole.TRANSPORTER], "name": "Fiktiv Voditelev"}

    response = client.post(reverse("cases:case_experience", args=[case.pk]), data)

    assert response.status_code == status
    assert Perpetrator.unscoped.filter(case=case).count() == (1 if status == 302 else 0)


def test_experience_tab_password_only_adds_nothing(case, caseworker):
    password_only = Client()  # logged in, second factor not passed
    password_only.force_login(caseworker)

    response = password_only.post(
        reverse("cases:case_experience", args=[case.pk]), {"form": "proceeding", "stage": "complaint"}
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert not CriminalProceeding.unscoped.exists()


def test_experience_tab_lists_perpetrators_and_proceedings_with_an_access_log_entry(client, case, caseworker):
    PerpetratorFactory(organisation=case.organisation, case=case, name="Fiktiv Spisochnyy")
    CriminalProceedingFactory(organisation=case.organisation, case=case, authority="Fictional Court No. 7")
    client.force_login(caseworker)

    response = client.get(reverse("cases:case_experience", args=[case.pk]))

    html = response.content.decode()
    assert "Fiktiv Spisochnyy" in html and "Fictional Court No. 7" in html
    assert sorted(AccessLogEntry.unscoped.values_list("purpose", flat=True)) == [
        "perpetrator.read",
        "proceeding.read",
    ]


def test_experience_tab_adds_a_proceeding_with_compensation(client, case, caseworker):
    client.force_login(caseworker)
    data = {
        "form": "proceeding",
        "authority": "Fictional Court",
        "stage": "closed",
        "outcome": "conviction",
        "victim_is_witness": "on",
        "compensation_requested": "on",
        "compensation_awarded": "on",
        "compensation_amount": "1200.50",
        "compensation_currency": "KZT",
    }

    response = client.post(reverse("cases:case_experience", args=[case.pk]), data)

    assert response.status_code == 302
    stored = CriminalProceeding.unscoped.get(case=case)
    assert (stored.outcome, str(stored.compensation_amount), stored.compensation_currency) == (
        "conviction",
        "1200.50",
        "KZT",
    )


# The formal identification decision -------------------------------------------------------------------


def test_screening_tab_records_the_identification_decision(client, case, caseworker, other_ngo):
    client.force_login(caseworker)
    data = {
        "referral_source": choices.ReferralSource.POLICE,
        "identification_status": choices.TraffickingStatus.IDENTIFIED,
        "decision_making_organisation": choices.DecisionMakingOrg.NON_POLICE_GOVERNMENT,
        "identification_date": "2026-01-20",
        "identifying_body_name": "Fictional Interagency Commission",
        "referral_mechanism_country": "TJ",
        "identification_reference": "NRM-0042",
    }

    response = client.post(reverse("cases:case_screening", args=[case.pk]), data)

    assert response.status_code == 302
    screening = Screening.unscoped.get(case=case)
    assert (
        screening.identifying_body_name,
        screening.referral_mechanism_country,
        screening.identification_reference,
        screening.identification_date,
        screening.decided_by,
    ) == ("Fictional Interagency Commission", "TJ", "NRM-0042", datetime.date(2026, 1, 20), caseworker)
