import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.models import choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import (
    ScreeningFactory,
    SharedReferralFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)

TABS = [
    "case_detail",
    "case_personal",
    "case_screening",
    "case_experience",
    "case_consent",
    "case_services",
    "case_referrals",
    "case_reintegration",
    "case_notes",
    "case_attachments",
    "case_story",
    "case_history",
]
# What each role of the case's organisation may open (the role table in accounts/roles.py).
HOTLINE_TABS = {"case_detail", "case_personal", "case_experience", "case_notes", "case_history"}
SHELTER_TABS = {
    "case_detail",
    "case_personal",
    "case_experience",
    "case_services",
    "case_notes",
    "case_history",
}


@pytest.fixture
def case(request, ngo):
    victim = VictimFactory(organisation=ngo, given_name="Zarina", family_name="Obraztsova")
    ScreeningFactory(organisation=ngo, case=victim.case)
    TraffickingExperienceFactory(organisation=ngo, case=victim.case)
    grant_to_narrow_cast(request, victim.case)
    return victim.case


def _expected(role: str, tab: str) -> int:
    if role in ("caseworker", "manager"):
        return 200
    if role == "hotline_operator":
        return 200 if tab in HOTLINE_TABS else 403
    if role == "shelter_staff":
        return 200 if tab in SHELTER_TABS else 403
    if role == "outsider":
        return 404
    return 403  # coordinator, judge: never work on cases


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize(
    "role", ["caseworker", "manager", "hotline_operator", "shelter_staff", "outsider", "coordinator", "judge"]
)
def test_case_tabs_role_matrix(client, cast, case, role, tab):
    client.force_login(cast[role])

    response = client.get(reverse(f"cases:{tab}", args=[case.pk]))

    assert response.status_code == _expected(role, tab)


def test_case_detail_writes_exactly_one_access_log_entry(client, case, caseworker):
    client.force_login(caseworker)

    response = client.get(case.get_absolute_url())

    assert "Zarina" in response.text
    entries = list(AccessLogEntry.unscoped.values_list("actor_id", "object_label", "organisation_id"))
    assert entries == [(caseworker.pk, case.code, case.organisation_id)]


def test_case_personal_tab_writes_one_access_log_entry(client, case, caseworker):
    client.force_login(caseworker)

    client.get(reverse("cases:case_personal", args=[case.pk]))

    assert AccessLogEntry.unscoped.count() == 1


def test_case_detail_for_a_referred_case_shows_only_shared_sections(client, case, ngo, other_ngo, outsider):
    SharedReferralFactory(
        organisation=ngo,
        case=case,
        to_organisation=other_ngo,
        share_screening=True,
        share_personal_data=False,
    )
    client.force_login(outsider)

    overview = client.get(case.get_absolute_url())
    screening = client.get(reverse("cases:case_screening", args=[case.pk]))
    personal = client.get(reverse("cases:case_personal", args=[case.pk]))

    assert overview.status_code == 200
    assert "Zarina" not in overview.text
    assert AccessLogEntry.unscoped.count() == 0
    assert screening.status_code == 200
    assert personal.status_code == 404
    assert [tab["url_name"] for tab in overview.context["tabs"]] == [
        "cases:case_detail",
        "cases:case_screening",
        "cases:case_referrals",
    ]


def test_case_detail_lists_who_it_is_shared_with(client, case, ngo, other_ngo, caseworker):
    SharedReferralFactory(organisation=ngo, case=case, to_organisation=other_ngo)
    client.force_login(caseworker)

    response = client.get(case.get_absolute_url())

    assert [referral.to_organisation for referral in response.context["shared_with"]] == [other_ngo]


def test_case_personal_update_saves_and_keeps_input_on_error(client, case, caseworker):
    client.force_login(caseworker)
    url = reverse("cases:case_personal", args=[case.pk])

    bad = client.post(url, {"given_name": "Zarina", "family_name": "Obraztsova", "birth_date": "2999-01-01"})
    good = client.post(url, {"given_name": "Zarina", "family_name": "Novaya", "sex": "female"})

    assert bad.status_code == 200
    assert bad.context["form"].errors == {"birth_date": ["This date is in the future."]}
    assert good.url == url
    case.victim.refresh_from_db()
    assert case.victim.family_name == "Novaya"


def test_case_screening_update(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_screening", args=[case.pk]),
        {
            "referral_source": "police",
            "indicators": ["threats"],
            "identification_status": choices.TraffickingStatus.IDENTIFIED,
        },
    )

    assert response.status_code == 302
    case.screening.refresh_from_db()
    assert (case.screening.indicators, case.screening.decided_by) == (["threats"], caseworker)


def test_case_experience_event_add_rejects_exit_before_entry(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_experience", args=[case.pk]),
        {
            "form": "event",
            "type": "Exploitation",
            "country": "KZ",
            "started_on": "2025-05-01",
            "ended_on": "2025-01-01",
        },
    )

    assert response.context["event_form"].errors == {"ended_on": ["This date is before the start date."]}
    assert case.events.count() == 0
