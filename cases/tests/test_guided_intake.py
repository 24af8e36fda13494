"""The guided intake's services and API: a draft opened, saved step by step and registered through the
same functions on the web and the API; every error of a step at once; the hotline's anonymous caller."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, TraffickingEvent, Victim, choices
from cases.tests.conftest import grant_to_narrow_cast


def draft(by, organisation, **person):
    return services.intake_start(
        by=by, organisation=organisation, given_name="Malika", family_name="Sinteva", **person
    )


def test_intake_start_opens_a_draft_with_its_code(ngo, caseworker):
    case = draft(caseworker, ngo, sex="female")

    assert (case.is_draft, case.intake_steps, case.stage) == (True, ["person"], choices.Stage.SCREENING)
    assert case.code.startswith("TJ-")
    assert case.intake_next_step == "screening"


def test_intake_start_dry_run_checks_and_saves_nothing(ngo, caseworker):
    services.intake_start(by=caseworker, organisation=ngo, given_name="Malika", family_name="S", dry_run=True)

    assert Case.unscoped.count() == 0


def test_intake_start_reports_every_error_of_the_person_at_once(ngo, caseworker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        services.intake_start(
            by=caseworker,
            organisation=ngo,
            given_name="",
            family_name="Sinteva",
            birth_date=tomorrow,
            estimated_age=130,
            citizenship=["QQ"],
            sex="robot",
        )

    assert sorted(error.value.message_dict) == [
        "birth_date",
        "citizenship",
        "estimated_age",
        "given_name",
        "sex",
    ]
    assert Case.unscoped.count() == 0


def test_intake_save_reports_every_error_of_the_step_at_once_and_saves_nothing(ngo, caseworker):
    case = draft(caseworker, ngo)

    with pytest.raises(ValidationError) as error:
        services.intake_save(
            case=case,
            by=caseworker,
            steps=["experience"],
            exploitation_types=["no_such_form"],
            transit_country="QQ",
            exploitation_started_on=datetime.date(2025, 3, 1),
            exploitation_country="",
        )

    assert sorted(error.value.message_dict) == [
        "exploitation_country",
        "exploitation_types",
        "transit_country",
    ]
    case.refresh_from_db()
    assert case.intake_steps == ["person"]
    assert TraffickingEvent.unscoped.count() == 0


def test_intake_save_refuses_a_registered_case(ngo, caseworker, case):
    with pytest.raises(ValidationError) as error:
        services.intake_save(case=case, by=caseworker, referral_source="police")

    assert error.value.message_dict == {"__all__": ["This case is registered: change it on its own tabs."]}


def test_intake_register_ends_the_draft_and_moves_on_to_assistance(ngo, caseworker):
    case = draft(caseworker, ngo, sex="female", birth_date=datetime.date(1996, 2, 3), citizenship=["TJ"])
    services.intake_save(
        case=case,
        by=caseworker,
        exploitation_types=[choices.Exploitation.FORCED_LABOUR],
        consent_assistance="given",
    )

    registered = services.intake_register(case=case, by=caseworker)

    assert (registered.is_draft, registered.stage, registered.code) == (
        False,
        choices.Stage.ASSISTANCE,
        case.code,
    )


def test_intake_register_refuses_consent_refused(ngo, caseworker):
    case = draft(caseworker, ngo, sex="female", estimated_age=30, citizenship=["TJ"])
    services.intake_save(
        case=case, by=caseworker, exploitation_types=["ForcedLabour"], consent_assistance="refused"
    )

    with pytest.raises(ValidationError) as error:
        services.intake_register(case=case, by=caseworker)

    assert error.value.message_dict == {
        "consent_assistance": ["A case is registered only with consent to assistance."]
    }


def test_hotline_operator_may_open_a_case_without_a_name(ngo, hotline_operator):
    case = services.intake_start(by=hotline_operator, organisation=ngo, referral_source="hotline")

    victim = Victim.unscoped.get(case=case)
    assert (victim.given_name, victim.family_name, victim.blind_index) == ("", "", "")
    assert case.is_draft is True


def test_the_service_requires_names_from_everyone_but_the_hotline(ngo, caseworker, manager):
    for user in (caseworker, manager):
        with pytest.raises(ValidationError) as error:
            services.intake_start(by=user, organisation=ngo, referral_source="hotline")
        assert sorted(error.value.message_dict) == ["family_name", "given_name"]


def test_hotline_operator_cannot_save_later_steps(ngo, hotline_operator):
    case = services.intake_start(by=hotline_operator, organisation=ngo)

    with pytest.raises(PermissionDenied):
        services.intake_save(case=case, by=hotline_operator, referral_source="police")


def test_anonymous_cases_are_no_ones_duplicate(ngo, hotline_operator):
    services.intake_start(by=hotline_operator, organisation=ngo)

    match = services.victim_match_check(by=hotline_operator, organisation=ngo, given_name="", family_name="")

    assert (match.organisations, match.elsewhere, match.own_cases) == ([], False, [])


# The API: the same draft, step and register semantics -----------------------------------------------


def test_api_opens_a_draft_updates_it_and_registers_it(api, ngo, caseworker):
    api.force_authenticate(caseworker)

    created = api.post(
        reverse("api:case-list"),
        {"given_name": "Malika", "family_name": "Sinteva", "sex": "female", "estimated_age": 30},
        format="json",
    )
    case_id = created.json()["id"]
    saved = api.post(
        reverse("api:case-intake", args=[case_id]),
        {
            "citizenship": ["TJ"],
            "exploitation_types": ["ForcedLabour"],
            "consent_assistance": "given",
            "steps": ["screening"],
        },
        format="json",
    )
    registered = api.post(reverse("api:case-register", args=[case_id]), format="json")

    assert (created.status_code, created.json()["is_draft"], created.json()["intake_steps"]) == (
        201,
        True,
        ["person"],
    )
    assert saved.json()["intake_steps"] == ["person", "screening", "experience", "consent"]
    assert (registered.status_code, registered.json()["is_draft"], registered.json()["stage"]) == (
        200,
        False,
        "assistance",
    )


def test_api_intake_errors_come_all_at_once_in_the_envelope(api, ngo, caseworker):
    case = draft(caseworker, ngo)
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:case-intake", args=[case.pk]),
        {"transit_country": "QQ", "exploitation_started_on": "2025-03-01", "birth_date": "2999-01-01"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 400
    assert sorted(body["errors"]) == ["birth_date", "exploitation_country", "transit_country"]
    assert body["field"] in body["errors"]


def test_api_register_lists_every_missing_answer(api, ngo, caseworker):
    case = draft(caseworker, ngo)
    api.force_authenticate(caseworker)

    response = api.post(reverse("api:case-register", args=[case.pk]), format="json")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == [
        "birth_date",
        "citizenship",
        "consent_assistance",
        "exploitation_types",
        "sex",
    ]


def test_api_hotline_operator_opens_an_anonymous_draft(api, ngo, hotline_operator):
    api.force_authenticate(hotline_operator)

    response = api.post(reverse("api:case-list"), {"referral_source": "hotline"}, format="json")

    assert (response.status_code, response.json()["is_draft"]) == (201, True)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("action", ["intake", "register"])
def test_api_intake_actions_role_matrix(request, api, cast, ngo, caseworker, role, status, action):
    case = services.case_intake(
        by=caseworker,
        organisation=ngo,
        given_name="Malika",
        family_name="Sinteva",
        sex="female",
        estimated_age=30,
        citizenship=["TJ"],
        exploitation_types=["ForcedLabour"],
        consent_assistance="given",
    )
    grant_to_narrow_cast(request, case)
    api.force_authenticate(cast[role])

    response = api.post(reverse(f"api:case-{action}", args=[case.pk]), {}, format="json")

    assert response.status_code == status
    case.refresh_from_db()
    assert case.is_draft is not (action == "register" and status == 200)


def test_api_intake_password_only_session_changes_nothing(ngo, caseworker):
    from accounts.tests.test_password_only import password_only_client

    case = draft(caseworker, ngo)
    browser = password_only_client(caseworker)

    response = browser.post(
        reverse("api:case-intake", args=[case.pk]),
        {"referral_source": "police"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Case.unscoped.get().intake_steps == ["person"]
