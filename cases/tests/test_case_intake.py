"""One intake for the web steps and the API: ``services.case_intake`` (the API's intake in one go) writes
the draft and every section it is given in one transaction through the same step services as the web
(``intake_start``, ``intake_save``, ``intake_register``), checks the intake's rules and names the field
at fault on both paths."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from cases import services
from cases.models import Case, Consent, TraffickingEvent, Victim, choices

FULL_INTAKE = {
    "given_name": "Malika",
    "family_name": "Sinteva",
    "sex": "female",
    "birth_date": "1996-02-03",
    "citizenship": ["TJ"],
    "referral_source": "hotline",
    "indicators": ["documents_withheld"],
    "identification_status": choices.TraffickingStatus.PRESUMED,
    "exploitation_types": [choices.Exploitation.FORCED_LABOUR],
    "origin_country": "TJ",
    "exploitation_country": "RU",
    "exploitation_started_on": "2025-03-01",
    "exploitation_ended_on": "2025-09-01",
    "consent_method": "written",
    "consent_assistance": "given",
    "consent_statistics": "refused",
}


def test_case_intake_api_registers_the_whole_intake_like_the_web_form(api, ngo, caseworker):
    api.force_authenticate(caseworker)

    response = api.post(reverse("api:case-list"), {**FULL_INTAKE, "register": True}, format="json")

    assert response.status_code == 201
    case = Case.unscoped.get(pk=response.json()["id"])
    assert (case.organisation, case.stage) == (ngo, choices.Stage.ASSISTANCE)
    assert case.screening.indicators == ["documents_withheld"]
    assert case.experience.exploitation_types == [choices.Exploitation.FORCED_LABOUR]
    assert case.experience.is_cross_border is True
    assert sorted(TraffickingEvent.unscoped.filter(case=case).values_list("type", "country")) == [
        ("Exploitation", "RU"),
        ("Recruitment", "TJ"),
    ]
    assert sorted(Consent.unscoped.filter(case=case).values_list("purpose", "status")) == [
        ("assistance", "given"),
        ("statistics", "refused"),
    ]
    assert list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True)) == [
        "case.registered",
        "case.intake_saved",
        "screening.updated",
        "experience.updated",
        "event.added",
        "event.added",
        "consent.recorded",
        "consent.recorded",
        "case.intake_saved",
        "case.intake_registered",
        "case.stage_changed",
    ]
    assert (case.is_draft, case.intake_steps) == (False, ["person", "screening", "experience", "consent"])


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        (
            {"exploitation_ended_on": "2025-01-01"},
            "exploitation_ended_on",
            "This date is before the start date.",
        ),
        ({"origin_country": "XX"}, "origin_country", "Unknown country code: XX."),
        (
            {"exploitation_country": ""},
            "exploitation_country",
            "Give the country where the person was exploited.",
        ),
        (
            {"consent_assistance": "refused"},
            "consent_assistance",
            "A case is registered only with consent to assistance.",
        ),
        ({"sex": "unknown"}, "sex", "Needed to register; save a draft to finish later."),
    ],
)
def test_case_intake_api_error_names_the_intake_field_and_saves_nothing(
    api, caseworker, changes, field, error
):
    api.force_authenticate(caseworker)

    response = api.post(reverse("api:case-list"), {**FULL_INTAKE, **changes, "register": True}, format="json")

    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == (error, field)
    assert (Case.unscoped.count(), Victim.unscoped.count(), AuditEntry.unscoped.count()) == (0, 0, 0)


def test_case_intake_registering_reports_every_missing_answer_at_once(ngo, caseworker):

    with pytest.raises(ValidationError) as raised:
        services.case_intake(
            by=caseworker, organisation=ngo, given_name="Malika", family_name="Sinteva", register=True
        )

    assert set(raised.value.message_dict) == {
        "sex",
        "citizenship",
        "exploitation_types",
        "birth_date",
        "consent_assistance",
    }
    assert Case.unscoped.count() == 0


def test_case_intake_hotline_operator_opens_a_draft_but_writes_no_section(ngo, hotline_operator):

    case = services.case_intake(
        by=hotline_operator, organisation=ngo, given_name="Rustam", family_name="Primerov"
    )
    with pytest.raises(PermissionDenied):
        services.case_intake(
            by=hotline_operator,
            organisation=ngo,
            given_name="Rustam",
            family_name="Primerov",
            indicators=["debt"],
        )
    with pytest.raises(PermissionDenied):
        services.case_intake(
            by=hotline_operator, organisation=ngo, given_name="Rustam", family_name="Primerov", register=True
        )

    assert list(Case.unscoped.values_list("pk", "stage")) == [(case.pk, choices.Stage.SCREENING)]


def test_case_intake_at_another_organisation_is_refused(ngo, outsider):

    with pytest.raises(PermissionDenied):
        services.case_intake(by=outsider, organisation=ngo, given_name="Rustam", family_name="Primerov")

    assert Case.unscoped.count() == 0


def test_case_intake_refuses_a_name_longer_than_the_model_allows(ngo, caseworker):
    limit = Victim._meta.get_field("given_name").max_length

    with pytest.raises(ValidationError) as raised:
        services.case_intake(
            by=caseworker, organisation=ngo, given_name="A" * (limit + 1), family_name="Sinteva"
        )

    assert list(raised.value.message_dict) == ["given_name"]
