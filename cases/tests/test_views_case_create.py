import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Case, Consent, TraffickingEvent, Victim, choices
from cases.tests.factories import ConsentFactory, VictimFactory

URL = reverse("cases:case_create")


def intake(**changes):
    data = {
        "given_name": "Malika",
        "family_name": "Sinteva",
        "sex": "female",
        "gender": "Feminine",
        "birth_date": "1996-02-03",
        "citizenship": ["TJ"],
        "mobile_phone": "+992 900 000 000",
        "referral_source": "hotline",
        "indicators": ["documents_withheld", "wages_withheld"],
        "identification_status": choices.TraffickingStatus.PRESUMED,
        "exploitation_types": [choices.Exploitation.FORCED_LABOUR],
        "labour_sectors": [choices.Industry.F],
        "means_of_control": [choices.MeansOfControl.WITHHOLDS_DOCUMENTS],
        "origin_country": "TJ",
        "origin_region": "",
        "exploitation_country": "RU",
        "exploitation_city": "Moscow",
        "exploitation_started_on": "2025-03-01",
        "exploitation_ended_on": "2025-09-01",
        "consent_method": "written",
        "consent_assistance": "given",
        "consent_statistics": "given",
        "consent_follow_up": "given",
        "consent_publication": "",
        "register": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


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


def test_case_create_registers_the_whole_intake_in_one_go(client, ngo, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, intake())

    case = Case.unscoped.get()
    assert response.url == case.get_absolute_url()
    assert case.organisation == ngo
    assert case.stage == choices.Stage.ASSISTANCE
    assert case.caseworker == caseworker
    victim = Victim.unscoped.get(case=case)
    assert (victim.given_name, victim.family_name, victim.citizenship) == ("Malika", "Sinteva", ["TJ"])
    assert case.screening.indicators == ["documents_withheld", "wages_withheld"]
    assert case.experience.exploitation_types == [choices.Exploitation.FORCED_LABOUR]
    assert case.experience.is_cross_border is True
    assert sorted(TraffickingEvent.unscoped.filter(case=case).values_list("type", "country")) == [
        ("Exploitation", "RU"),
        ("Recruitment", "TJ"),
    ]
    assert sorted(Consent.unscoped.filter(case=case).values_list("purpose", flat=True)) == [
        "assistance",
        "follow_up",
        "statistics",
    ]


def test_case_create_draft_keeps_the_case_at_screening(client, caseworker):
    client.force_login(caseworker)

    client.post(
        URL,
        intake(
            register=None, draft="1", sex="", citizenship=[], exploitation_types=[], consent_assistance=""
        ),
    )

    assert Case.unscoped.get().stage == choices.Stage.SCREENING


def test_case_create_register_asks_for_what_a_draft_may_leave_out(client, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, intake(sex="", exploitation_types=[], consent_assistance=""))

    form = response.context["form"]
    assert set(form.errors) == {"sex", "exploitation_types", "consent_assistance"}
    assert Case.unscoped.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"birth_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "birth_date"),
        ({"exploitation_ended_on": "2025-01-01"}, "exploitation_ended_on"),
        ({"exploitation_country": "XX"}, "exploitation_country"),
        ({"citizenship": ["QQ"]}, "citizenship"),
    ],
)
def test_case_create_bad_input_saves_nothing_and_keeps_what_was_typed(client, caseworker, changes, field):
    client.force_login(caseworker)

    response = client.post(URL, intake(**changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Case.unscoped.count() == 0
    assert Victim.unscoped.count() == 0
    assert 'value="Malika"' in response.text
    assert 'value="+992 900 000 000"' in response.text


def test_case_create_service_error_rolls_back_the_whole_intake(client, caseworker):
    """An error found by a service after the case was created still leaves nothing behind."""
    client.force_login(caseworker)

    response = client.post(URL, intake(exploitation_ended_on="2025-01-01"))

    assert response.status_code == 200
    assert Case.unscoped.count() == 0
    assert response.context["form"].errors["exploitation_ended_on"] == ["This date is before the start date."]
    assert AuditEntry.unscoped.filter(action="case.registered").count() == 0


def test_case_create_shows_possible_match_with_organisation_only(client, ngo, other_ngo, caseworker):
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

    response = client.post(URL, intake(given_name="Gulnora", family_name="Rakhimova"), follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert "Possible match at organisation Human Rights Centre." in shown
    assert "Рахимова" not in response.text


def test_case_create_hotline_operator_opens_a_draft_with_the_person_only(client, ngo, hotline_operator):
    client.force_login(hotline_operator)

    client.post(
        URL, {"given_name": "Rustam", "family_name": "Primerov", "referral_source": "hotline", "draft": "1"}
    )

    case = Case.unscoped.get()
    assert (case.organisation, case.stage, case.caseworker) == (ngo, choices.Stage.SCREENING, None)
