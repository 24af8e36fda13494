"""The case list's filters (one FilterSet, ``cases.filters.CaseFilter``) on the web page and in the API.

For each parameter, two cases that differ only in the filtered attribute: the filter keeps one of them,
so removing the filter (or breaking it) fails its row."""

import datetime

import pytest
from django.urls import reverse

from cases.filters import CaseFilter
from cases.models import choices
from cases.tests.factories import (
    FollowUpFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from conftest import APIClient2FA

BASE = {
    "given_name": "Malika",
    "family_name": "Sinteva",
    "birth_date": datetime.date(1995, 4, 12),
    "sex": choices.Sex.FEMALE,
    "age": 30,
    "stage": choices.Stage.ASSISTANCE,
    "exploitation": choices.Exploitation.FORCED_LABOUR,
    "country": "RU",
    "followup_due": datetime.date(2099, 1, 1),
    "caseworker": "caseworker",
}


def make_case(organisation, cast, *, code, **changes):
    """A complete case of ``organisation``; ``changes`` alter the attributes in ``BASE``."""
    attributes = {**BASE, **changes}
    caseworker = cast[attributes["caseworker"]]
    victim = VictimFactory(
        organisation=organisation,
        given_name=attributes["given_name"],
        family_name=attributes["family_name"],
        birth_date=attributes["birth_date"],
        sex=attributes["sex"],
        age_at_registration=attributes["age"],
        case__code=code,
        case__stage=attributes["stage"],
        case__caseworker=caseworker,
    )
    case = victim.case
    TraffickingExperienceFactory(
        organisation=organisation, case=case, exploitation_types=[attributes["exploitation"]]
    )
    TraffickingEventFactory(organisation=organisation, case=case, country=attributes["country"])
    FollowUpFactory(
        organisation=organisation, case=case, due_on=attributes["followup_due"], assigned_to=caseworker
    )
    return case


# parameter → (query, what the wanted case has that the other one lacks); the other case is BASE.
ROWS = {
    "q": ({"q": "0101"}, {}),  # the codes differ: TJ-2026-000101 (wanted) and TJ-2026-000202
    "stage": ({"stage": "reintegration"}, {"stage": choices.Stage.REINTEGRATION}),
    "status": ({"status": "FollowUp"}, {"stage": choices.Stage.MONITORING}),
    "sex": ({"sex": "male"}, {"sex": choices.Sex.MALE}),
    "age_group": ({"age_group": "41+"}, {"age": 50}),
    "exploitation": (
        {"exploitation": "SexualExploitation"},
        {"exploitation": choices.Exploitation.SEXUAL_EXPLOITATION},
    ),
    "country": ({"country": "KZ"}, {"country": "KZ"}),
    "caseworker": ({"caseworker": "manager"}, {"caseworker": "manager"}),
    "overdue": ({"overdue": "true"}, {"followup_due": datetime.date(2020, 1, 1)}),
}
# A name is never a GET parameter: the name search (POST) is tested in test_case_search.py.


def _query(params, cast):
    return {key: cast[value].pk if key == "caseworker" else value for key, value in params.items()}


def _web(client, user, params):
    client.force_login(user)
    response = client.get(reverse("cases:case_list"), params)
    return [case.code for case in response.context["page"]]


def _api(user, params):
    api = APIClient2FA()
    api.force_authenticate(user)
    response = api.get(reverse("api:case-list"), params)
    return [row["code"] for row in response.json()["results"]]


def test_every_filter_of_the_case_list_has_a_row():
    assert sorted(ROWS) == sorted(CaseFilter.base_filters)


@pytest.mark.parametrize("param", ROWS)
def test_case_list_filter_keeps_only_the_case_that_differs_in_its_attribute(client, ngo, cast, param):
    params, wanted_changes = ROWS[param]
    make_case(ngo, cast, code="TJ-2026-000101", **wanted_changes)
    make_case(ngo, cast, code="TJ-2026-000202")
    query = _query(params, cast)

    web = _web(client, cast["manager"], query)
    api = _api(cast["manager"], query)

    assert (web, api) == (["TJ-2026-000101"], ["TJ-2026-000101"])


def test_case_list_overdue_false_keeps_the_case_without_an_overdue_followup(client, ngo, cast):
    make_case(ngo, cast, code="TJ-2026-000101", followup_due=datetime.date(2020, 1, 1))
    make_case(ngo, cast, code="TJ-2026-000202")

    web = _web(client, cast["manager"], {"overdue": "false"})
    api = _api(cast["manager"], {"overdue": "false"})

    assert (web, api) == (["TJ-2026-000202"], ["TJ-2026-000202"])


def test_case_list_rows_show_sex_and_age_of_own_cases_only(client, ngo, other_ngo, cast):
    from cases.tests.factories import SharedReferralFactory

    own = make_case(ngo, cast, code="TJ-2026-000101", sex=choices.Sex.MALE, age=44)
    received = make_case(other_ngo, {"caseworker": cast["outsider"]}, code="TJ-2026-000202", age=51)
    SharedReferralFactory(organisation=other_ngo, case=received, to_organisation=ngo, share_screening=True)
    client.force_login(cast["manager"])

    response = client.get(reverse("cases:case_list"))

    rows = {case.code: (case.sex_label, case.victim_age) for case in response.context["page"]}
    assert rows == {own.code: ("Male", 44), received.code: ("", None)}
    assert "51" not in response.text
