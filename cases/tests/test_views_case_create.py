"""The guided intake on the web: person, screening, experience, consent and review, each step saved to a
draft case through the intake services; every error of a step at once, what was typed kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from cases import services
from cases.models import Case, Consent, TraffickingEvent, Victim, choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import ConsentFactory, VictimFactory

URL = reverse("cases:case_create")
PERSON = {
    "given_name": "Malika",
    "family_name": "Sinteva",
    "sex": "female",
    "gender": "Feminine",
    "birth_date": "1996-02-03",
    "citizenship": ["TJ"],
    "mobile_phone": "+992 900 000 000",
    "aliases": "Malika S.\nМалика",
}
STEPS = {
    "screening": {
        "referral_source": "hotline",
        "indicators": ["documents_withheld", "wages_withheld"],
        "identification_status": choices.TraffickingStatus.PRESUMED,
    },
    "experience": {
        "exploitation_types": [choices.Exploitation.FORCED_LABOUR],
        "labour_sectors": [choices.Industry.F],
        "means_of_control": [choices.MeansOfControl.WITHHOLDS_DOCUMENTS],
        "origin_country": "TJ",
        "origin_region": "",
        "exploitation_country": "RU",
        "exploitation_city": "Moscow",
        "exploitation_started_on": "2025-03-01",
        "exploitation_ended_on": "2025-09-01",
    },
    "consent": {
        "consent_method": "written",
        "consent_assistance": "given",
        "consent_statistics": "given",
        "consent_follow_up": "given",
        "consent_publication": "",
    },
}


def intake(**changes):
    """The person step as posted ("Save and continue"); None leaves a field out."""
    data = {**PERSON, "then": "continue", **changes}
    return {key: value for key, value in data.items() if value is not None}


def step_url(case, step):
    return reverse(f"cases:case_intake_{step}", args=[case.pk])


def draft(caseworker, ngo, **person):
    return services.intake_start(
        by=caseworker, organisation=ngo, given_name="Malika", family_name="Sinteva", **person
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 200),
        ("shelter_staff", 403),
        ("coordinator", 403),
        ("judge", 403),
    ],
)
def test_case_create_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(URL)

    assert response.status_code == status


def test_case_create_shows_step_one_of_five(client, caseworker):
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Step 1 of 5: Person" in response.text
    assert [item["label"] for item in response.context["progress"]] == [
        "Person",
        "Screening",
        "Trafficking experience",
        "Consent",
        "Review and register",
    ]
    assert [item["current"] for item in response.context["progress"]] == [True, False, False, False, False]


def test_person_step_saves_a_draft_and_goes_on_to_screening(client, ngo, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, intake())

    case = Case.unscoped.get()
    assert response.url == step_url(case, "screening")
    assert (case.organisation, case.stage, case.is_draft, case.intake_steps) == (
        ngo,
        choices.Stage.SCREENING,
        True,
        ["person"],
    )
    victim = Victim.unscoped.get(case=case)
    assert (victim.given_name, victim.aliases, victim.citizenship) == (
        "Malika",
        ["Malika S.", "Малика"],
        ["TJ"],
    )


def test_save_draft_and_leave_goes_to_the_case_page(client, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, intake(then="leave"), follow=True)

    case = Case.unscoped.get()
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert [str(m) for m in response.context["messages"]] == [
        f"Draft of case {case.code} saved. Continue the intake from the case's page."
    ]
    assert 'class="badge badge-warning">Draft<' in response.text
    assert f'href="{reverse("cases:case_intake_continue", args=[case.pk])}"' in response.text


def test_the_whole_guided_intake_then_register(client, ngo, caseworker):
    client.force_login(caseworker)
    client.post(URL, intake())
    case = Case.unscoped.get()

    answers = [
        client.post(step_url(case, step), {**data, "then": "continue"}) for step, data in STEPS.items()
    ]
    review = client.get(step_url(case, "review"))
    registered = client.post(reverse("cases:case_intake_register", args=[case.pk]))

    assert [answer.url for answer in answers] == [
        step_url(case, "experience"),
        step_url(case, "consent"),
        step_url(case, "review"),
    ]
    assert review.context["missing"] == []
    assert "leaves the draft state and moves from the stage “Screening” to “Assistance”" in review.text
    assert registered.url == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.is_draft, case.stage, case.caseworker) == (False, choices.Stage.ASSISTANCE, caseworker)
    assert case.screening.indicators == ["documents_withheld", "wages_withheld"]
    assert case.experience.exploitation_types == [choices.Exploitation.FORCED_LABOUR]
    assert case.experience.is_cross_border is True
    events = TraffickingEvent.unscoped.filter(case=case)
    assert sorted((event.type, event.country, event.city) for event in events) == [
        ("Exploitation", "RU", "Moscow"),
        ("Recruitment", "TJ", ""),
    ]
    assert sorted(Consent.unscoped.filter(case=case).values_list("purpose", flat=True)) == [
        "assistance",
        "follow_up",
        "statistics",
    ]


def test_a_step_saved_again_edits_the_draft_instead_of_adding(client, ngo, caseworker):
    case = draft(caseworker, ngo)
    client.force_login(caseworker)
    client.post(step_url(case, "experience"), {**STEPS["experience"], "then": "continue"})
    client.post(step_url(case, "consent"), {**STEPS["consent"], "then": "continue"})

    shown = client.get(step_url(case, "experience"))
    client.post(step_url(case, "experience"), {**STEPS["experience"], "exploitation_country": "KZ"})
    client.post(step_url(case, "consent"), {**STEPS["consent"], "then": "continue"})

    assert shown.context["form"].initial["exploitation_city"] == "Moscow"
    assert sorted(TraffickingEvent.unscoped.filter(case=case).values_list("type", "country")) == [
        ("Exploitation", "KZ"),
        ("Recruitment", "TJ"),
    ]
    assert Consent.unscoped.filter(case=case).count() == 3  # the same answers are not recorded twice


def test_continue_intake_opens_the_first_step_not_saved(client, ngo, caseworker):
    case = draft(caseworker, ngo)
    services.intake_save(case=case, by=caseworker, steps=["screening"], referral_source="police")
    client.force_login(caseworker)

    response = client.get(reverse("cases:case_intake_continue", args=[case.pk]))

    assert response.url == step_url(case, "experience")


def test_registering_lists_every_missing_answer_with_a_link_to_its_step(client, ngo, caseworker):
    case = draft(caseworker, ngo)
    client.force_login(caseworker)

    response = client.post(reverse("cases:case_intake_register", args=[case.pk]))

    assert response.status_code == 400
    assert [(item["label"], item["url"]) for item in response.context["missing"]] == [
        ("Sex", step_url(case, "person") + "#id_sex"),
        ("Birth date", step_url(case, "person") + "#id_birth_date"),
        ("Citizenship", step_url(case, "person") + "#id_citizenship"),
        ("Forms of exploitation", step_url(case, "experience") + "#id_exploitation_types"),
        ("Assistance", step_url(case, "consent") + "#id_consent_assistance"),
    ]
    case.refresh_from_db()
    assert (case.is_draft, case.stage) == (True, choices.Stage.SCREENING)


def test_a_step_with_errors_lists_every_error_at_once_and_keeps_the_values(client, caseworker):
    client.force_login(caseworker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client.post(
        URL, intake(given_name="", birth_date=tomorrow, estimated_age="130", citizenship=["QQ"])
    )

    assert response.status_code == 200
    assert [(error["target"], error["message"]) for error in response.context["summary"]] == [
        ("id_given_name", "This field is required."),
        ("id_estimated_age", "Ensure this value is less than or equal to 120."),
        ("id_citizenship", "Unknown country code: QQ."),
        ("id_birth_date", "This date is in the future."),
    ]
    assert 'href="#id_birth_date"' in response.text
    assert "There are 4 problems on this step. Nothing was saved." in response.text
    assert 'value="Sinteva"' in response.text
    assert 'value="+992 900 000 000"' in response.text
    assert Case.unscoped.count() == 0


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"exploitation_ended_on": "2025-01-01"}, ["exploitation_ended_on"]),
        ({"exploitation_country": "XX"}, ["exploitation_country"]),
        (
            {"exploitation_country": "", "transit_country": "QQ", "exploitation_types": ["nope"]},
            ["exploitation_types", "transit_country", "exploitation_country"],
        ),
    ],
)
def test_experience_step_bad_input_saves_nothing_and_keeps_what_was_typed(
    client, ngo, caseworker, changes, fields
):
    case = draft(caseworker, ngo)
    client.force_login(caseworker)

    response = client.post(step_url(case, "experience"), {**STEPS["experience"], **changes})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == fields
    assert TraffickingEvent.unscoped.count() == 0
    assert Case.unscoped.get().intake_steps == ["person"]
    assert 'value="Moscow"' in response.text


def test_person_step_shows_a_possible_match_before_saving(client, ngo, other_ngo, caseworker):
    victim = VictimFactory(
        organisation=other_ngo,
        given_name="Гулнора",
        family_name="Рахимова",
        birth_date=datetime.date(1996, 2, 3),
    )
    ConsentFactory(  # the matched victim agreed to sharing with the asking organisation
        organisation=other_ngo, case=victim.case, purpose="sharing", recipient=ngo, sections=["screening"]
    )
    client.force_login(caseworker)

    response = client.post(URL, intake(given_name="Gulnora", family_name="Rakhimova"))

    assert response.status_code == 200
    assert "Possible match at organisation Human Rights Centre." in response.text
    assert "Рахимова" not in response.text
    assert Case.unscoped.filter(organisation=ngo).count() == 0


def test_hotline_operator_opens_an_anonymous_draft(client, ngo, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(URL, {"given_name": "", "family_name": "", "referral_source": "hotline"})

    case = Case.unscoped.get()
    assert response.url == case.get_absolute_url()
    assert (case.organisation, case.stage, case.caseworker, case.is_draft) == (
        ngo,
        choices.Stage.SCREENING,
        None,
        True,
    )
    assert case.screening.referral_source == "hotline"
    assert Victim.unscoped.get(case=case).blind_index == ""


def test_caseworker_may_not_leave_the_names_out(client, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, intake(given_name="", family_name=""))

    assert list(response.context["form"].errors) == ["given_name", "family_name"]
    assert Case.unscoped.count() == 0


def test_intake_steps_of_a_registered_case_lead_to_the_case(client, ngo, caseworker):
    case = draft(caseworker, ngo)
    Case.unscoped.filter(pk=case.pk).update(is_draft=False)  # unscoped: the test registers its own case
    client.force_login(caseworker)

    response = client.get(step_url(case, "screening"))

    assert response.url == case.get_absolute_url()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("step", ["person", "screening", "experience", "consent", "review"])
def test_intake_step_role_matrix(request, client, cast, ngo, caseworker, role, status, step):
    case = draft(caseworker, ngo)
    grant_to_narrow_cast(request, case)
    client.force_login(cast[role])

    response = client.get(step_url(case, step))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("caseworker", 302), ("manager", 302), ("hotline_operator", 403), ("outsider", 404)],
)
def test_intake_register_role_matrix(request, client, cast, ngo, caseworker, role, status):
    case = services.case_intake(
        by=caseworker,
        organisation=ngo,
        given_name="Malika",
        family_name="Sinteva",
        sex="female",
        birth_date=datetime.date(1996, 2, 3),
        citizenship=["TJ"],
        exploitation_types=[choices.Exploitation.FORCED_LABOUR],
        consent_assistance="given",
    )
    grant_to_narrow_cast(request, case)
    client.force_login(cast[role])

    response = client.post(reverse("cases:case_intake_register", args=[case.pk]))

    assert response.status_code == status
    case.refresh_from_db()
    assert case.is_draft is (status != 302)


def test_intake_step_password_only_changes_nothing(ngo, caseworker):
    from accounts.tests.test_password_only import password_only_client

    case = draft(caseworker, ngo)
    browser = password_only_client(caseworker)

    response = browser.post(step_url(case, "screening"), {**STEPS["screening"], "then": "continue"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")
    assert Case.unscoped.get().intake_steps == ["person"]
    assert AuditEntry.unscoped.filter(action="screening.updated").count() == 0
