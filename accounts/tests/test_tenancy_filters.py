"""Every filter and search parameter of every list, web and API, reveals nothing (DESIGN.md: Tenancy).

Table-driven like ``test_tenancy.py``: the lists are found, not listed — every API list route whose
viewset has a ``filterset_class`` and every web route whose view carries one (``view.filterset_class``).
Each parameter of each FilterSet is tried by a user holding every role in ``ngo`` with a value that
matches only rows it must not learn about — another organisation's rows, and the sections of a case
referred to ``ngo`` that were not shared — and must get exactly the answer (status and rows) of a value
that matches nothing. The same two queries asked by the rows' own organisation must differ, so that a
probe that tests nothing fails. A parameter without a probe fails the test with what to add.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.urls import reverse

from accounts.roles import ROLE_SCOPE, Role, Scope
from accounts.tests.factories import MembershipFactory, UserFactory, user_with_role
from accounts.tests.test_tenancy import NON_TENANT_MODELS, walk_routes
from audit.services import access_log_record, audit_record
from awards.tests.factories import ResultFactory, SlotFactory
from campaigns.tests.factories import ActivityFactory, CampaignFactory, MaterialFactory
from cases.models import choices
from cases.tests.factories import (
    AssessmentFactory,
    AssistanceServiceFactory,
    ConsentFactory,
    CriminalProceedingFactory,
    FollowUpFactory,
    PerpetratorFactory,
    ReferralFactory,
    ReintegrationGoalFactory,
    SharedReferralFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from hotline.tests.factories import ContactFactory, LineFactory
from network.tests.factories import OrganisationFactory

NOWHERE = 99_999_999  # an id that exists nowhere


def filtered_lists() -> dict[str, type]:
    """URL name → FilterSet of every list (API list routes and web views) that has one."""
    found = {}
    for name, arg_names, callback in walk_routes():
        if arg_names - {"format"} or "format" in arg_names:
            continue
        viewset = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if viewset is not None and actions.get("get") == "list":
            filterset = getattr(viewset, "filterset_class", None)
        else:
            filterset = getattr(callback, "filterset_class", None)
        if filterset is not None:
            found[name] = filterset
    return found


FILTERED_LISTS = filtered_lists()
TENANT_LISTS = {
    name: filterset
    for name, filterset in FILTERED_LISTS.items()
    if filterset._meta.model._meta.label_lower not in NON_TENANT_MODELS
}


@dataclasses.dataclass
class World:
    """``other_ngo``'s data: a case of its own (hidden) and a case referred to ``ngo`` sharing only the
    screening section (referred); both hold the same values in every other section."""

    hidden: object
    referred: object
    owner_caseworker: object
    victim: object
    hotline_line: object = None  # other_ngo's hotline line, with two contacts (_hotline_contacts)
    campaign: object = None  # other_ngo's campaign with an activity and a material (_campaigns)
    competition: object = None  # a competition other_ngo organises, with a programme slot (awards)
    result: object = None  # an unpublished winning result of that competition, in Tajikistan (awards)


def _every_role_user(organisation, username):
    user = UserFactory(username=username)
    for role in Role:
        if ROLE_SCOPE[role] != Scope.NETWORK:
            MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _full_case(organisation, *, code, stage, caseworker):
    victim = VictimFactory(
        organisation=organisation,
        given_name="Gulnora",
        family_name="Rakhimova",
        birth_date=datetime.date(1994, 5, 17),
        sex=choices.Sex.MALE,
        age_at_registration=50,
        case__code=code,
        case__stage=stage,
        case__caseworker=caseworker,
    )
    case = victim.case
    TraffickingExperienceFactory(
        organisation=organisation, case=case, exploitation_types=[choices.Exploitation.SEXUAL_EXPLOITATION]
    )
    TraffickingEventFactory(organisation=organisation, case=case, country="KZ")
    FollowUpFactory(
        organisation=organisation, case=case, due_on=datetime.date(2020, 1, 1), assigned_to=caseworker
    )
    AssistanceServiceFactory(
        organisation=organisation, case=case, type="legal_aid", started_on=datetime.date(2025, 6, 1)
    )
    AssessmentFactory(organisation=organisation, case=case)
    ReintegrationGoalFactory(organisation=organisation, case=case)
    ConsentFactory(organisation=organisation, case=case, purpose="publication")
    PerpetratorFactory(organisation=organisation, case=case)
    CriminalProceedingFactory(
        organisation=organisation, case=case, stage=choices.ProceedingStage.INVESTIGATION
    )
    return victim


@pytest.fixture
def world(ngo, other_ngo):
    owner_caseworker = user_with_role(Role.CASEWORKER, other_ngo, username="owner-caseworker")
    colleague = user_with_role(Role.CASEWORKER, other_ngo, username="owner-colleague")
    victim = _full_case(other_ngo, code="TJ-2026-000777", stage="monitoring", caseworker=owner_caseworker)
    referred = _full_case(other_ngo, code="TJ-2026-000888", stage="assistance", caseworker=colleague).case
    SharedReferralFactory(
        organisation=other_ngo,
        case=referred,
        to_organisation=ngo,
        share_screening=True,
        requested_by=colleague,
    )
    ReferralFactory(
        organisation=other_ngo,
        case=victim.case,
        to_organisation=OrganisationFactory(),
        kind=choices.ReferralKind.TRANSFER,
        requested_by=owner_caseworker,
    )
    audit_record(by=owner_caseworker, action="case.registered", obj=victim.case)
    access_log_record(by=owner_caseworker, obj=victim, purpose="victim.personal_data", label=victim.case.code)
    return World(
        hidden=victim.case,
        referred=referred,
        owner_caseworker=owner_caseworker,
        victim=victim,
        hotline_line=_hotline_contacts(other_ngo),
        campaign=_campaigns(other_ngo),
        competition=(competition := SlotFactory(organisation=other_ngo).competition),
        result=ResultFactory(organisation=other_ngo, competition=competition, country="TJ", is_winner=True),
    )


def _hotline_contacts(organisation):
    """Two contacts that differ in every filtered attribute, on two lines; returns the first's line."""
    line = LineFactory(organisation=organisation)
    ContactFactory(
        organisation=organisation,
        line=line,
        channel="sms",
        caller_type="official",
        topics=["missing_person"],
        outcome="police_urgent",
        is_draft=True,
        started_at=datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC),
    )
    ContactFactory(
        organisation=organisation,
        channel="phone",
        caller_type="victim",
        topics=["job_offer_check"],
        outcome="referral",
        is_draft=False,
        started_at=datetime.datetime(2025, 1, 1, 10, tzinfo=datetime.UTC),
    )
    return line


def _campaigns(organisation):
    """Two campaigns that differ in every filtered attribute; returns the first, which has a TV activity
    and a material."""
    campaign = CampaignFactory(
        organisation=organisation,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 5, 31),
        channels=["radio", "tv"],
        target_groups=["women"],
    )
    campaign.regions.add("TJ-SU")
    CampaignFactory(organisation=organisation, channels=["sms"], target_groups=["parents"])
    ActivityFactory(organisation=organisation, campaign=campaign, channel="tv")
    MaterialFactory(organisation=organisation, campaign=campaign)
    return campaign


def _campaign_list_probes():
    return {
        "year": [(lambda w: {"year": "2025"}, lambda w: {"year": "1990"})],
        "channel": [(lambda w: {"channel": "radio"}, lambda w: {"channel": "print"})],
        "target_group": [(lambda w: {"target_group": "women"}, lambda w: {"target_group": "employers"})],
        "region": [(lambda w: {"region": "TJ-SU"}, lambda w: {"region": "TJ-DU"})],
    }


def _of_campaign_probes():
    return {"campaign": [(lambda w: {"campaign": w.campaign.pk}, lambda w: {"campaign": NOWHERE})]}


def _contact_list_probes():
    return {
        "line": [(lambda w: {"line": w.hotline_line.pk}, lambda w: {"line": NOWHERE})],
        "channel": [(lambda w: {"channel": "sms"}, lambda w: {"channel": "email"})],
        "caller_type": [(lambda w: {"caller_type": "official"}, lambda w: {"caller_type": "employer"})],
        "topic": [(lambda w: {"topic": "missing_person"}, lambda w: {"topic": "other"})],
        "outcome": [(lambda w: {"outcome": "police_urgent"}, lambda w: {"outcome": "information"})],
        "draft": [(lambda w: {"draft": "true"}, lambda w: {"channel": "email"})],
        "started_after": [
            (lambda w: {"started_after": "2026-01-01"}, lambda w: {"started_after": "2099-01-01"})
        ],
        "started_before": [
            (lambda w: {"started_before": "2025-06-01"}, lambda w: {"started_before": "1990-01-01"})
        ],
    }


def _case_list_probes():
    return {
        # Names are not GET parameters (the POST name search has its own probes in test_case_search.py).
        "q": [(lambda w: {"q": "0777"}, lambda w: {"q": "0999"})],
        "stage": [(lambda w: {"stage": "monitoring"}, lambda w: {"stage": "closed"})],
        "status": [(lambda w: {"status": "FollowUp"}, lambda w: {"status": "Closed"})],
        "sex": [(lambda w: {"sex": "male"}, lambda w: {"sex": "intersex"})],
        "age_group": [(lambda w: {"age_group": "41+"}, lambda w: {"age_group": "child"})],
        "exploitation": [
            (lambda w: {"exploitation": "SexualExploitation"}, lambda w: {"exploitation": "ForcedLabour"})
        ],
        "country": [(lambda w: {"country": "KZ"}, lambda w: {"country": "CN"})],
        "caseworker": [(lambda w: {"caseworker": w.owner_caseworker.pk}, lambda w: {"caseworker": NOWHERE})],
        "overdue": [(lambda w: {"overdue": "true"}, lambda w: {"q": "0999"})],
    }


def _audit_probes(object_type, object_id, prefix):
    return {
        "date_from": [(lambda w: {"date_from": "2000-01-01"}, lambda w: {"date_from": "2999-01-01"})],
        "date_to": [(lambda w: {"date_to": "2999-01-01"}, lambda w: {"date_to": "2000-01-01"})],
        "actor": [(lambda w: {"actor": w.owner_caseworker.pk}, lambda w: {"object_id": str(NOWHERE)})],
        "object_type": [(lambda w: {"object_type": object_type}, lambda w: {"object_type": "cases.note"})],
        "object_id": [(lambda w: {"object_id": str(object_id(w).pk)}, lambda w: {"object_id": str(NOWHERE)})],
        prefix[0]: [(lambda w: {prefix[0]: prefix[1]}, lambda w: {prefix[0]: "nothing."})],
    }


def _by_case(case_of):
    return [(lambda w: {"case": case_of(w).pk}, lambda w: {"case": NOWHERE})]


MATCHES_NOTHING = {"case": NOWHERE}

# URL name → parameter → [(query matching only rows the user must not learn about, query matching nothing)]
PROBES = {
    "campaigns:campaign_list": _campaign_list_probes(),
    "api:campaign-list": _campaign_list_probes(),
    "api:campaign-activity-list": {
        **_of_campaign_probes(),
        "channel": [(lambda w: {"channel": "tv"}, lambda w: {"channel": "print"})],
    },
    "api:campaign-material-list": _of_campaign_probes(),
    "api:programme-slot-list": {
        "competition": [(lambda w: {"competition": w.competition.pk}, lambda w: {"competition": NOWHERE})]
    },
    "api:result-list": {
        "competition": [(lambda w: {"competition": w.competition.pk}, lambda w: {"competition": NOWHERE})],
        "nomination": [(lambda w: {"nomination": w.result.nomination_id}, lambda w: {"nomination": NOWHERE})],
        "country": [(lambda w: {"country": "TJ"}, lambda w: {"country": "AF"})],
        "is_winner": [(lambda w: {"is_winner": "true"}, lambda w: {"is_winner": "false"})],
    },
    "api:case-list": _case_list_probes(),
    "api:contact-list": _contact_list_probes(),
    "hotline:contact_list": _contact_list_probes(),
    "cases:case_list": _case_list_probes(),
    "api:consent-list": {
        "case": _by_case(lambda w: w.referred),
        "purpose": [(lambda w: {"purpose": "publication"}, lambda w: {"purpose": "statistics"})],
        "status": [(lambda w: {"status": "given"}, lambda w: {"status": "withdrawn"})],
        "current": [(lambda w: {"current": "true"}, lambda w: MATCHES_NOTHING)],
    },
    "api:referral-list": {
        "case": _by_case(lambda w: w.hidden),
        "direction": [(lambda w: {"direction": "outgoing"}, lambda w: MATCHES_NOTHING)],
        "status": [(lambda w: {"status": "requested"}, lambda w: {"status": "declined"})],
        "kind": [(lambda w: {"kind": "transfer"}, lambda w: MATCHES_NOTHING)],
    },
    "api:service-list": {
        "case": _by_case(lambda w: w.referred),
        "type": [(lambda w: {"type": "legal_aid"}, lambda w: {"type": "medical"})],
        "started_after": [
            (lambda w: {"started_after": "2025-01-01"}, lambda w: {"started_after": "2099-01-01"})
        ],
        "started_before": [
            (lambda w: {"started_before": "2030-01-01"}, lambda w: {"started_before": "1990-01-01"})
        ],
    },
    "api:followup-list": {
        "case": _by_case(lambda w: w.referred),
        "assigned_to": [
            (lambda w: {"assigned_to": w.owner_caseworker.pk}, lambda w: {"assigned_to": NOWHERE})
        ],
        "pending": [(lambda w: {"pending": "true"}, lambda w: MATCHES_NOTHING)],
        "due": [(lambda w: {"due": "true"}, lambda w: MATCHES_NOTHING)],
        "overdue": [(lambda w: {"overdue": "true"}, lambda w: MATCHES_NOTHING)],
    },
    "api:assessment-list": {
        "case": _by_case(lambda w: w.referred),
        "assessed_after": [
            (lambda w: {"assessed_after": "2026-01-01"}, lambda w: {"assessed_after": "2099-01-01"})
        ],
        "assessed_before": [
            (lambda w: {"assessed_before": "2030-01-01"}, lambda w: {"assessed_before": "1990-01-01"})
        ],
        "retrafficked": [(lambda w: {"retrafficked": "false"}, lambda w: {"retrafficked": "true"})],
    },
    "api:goal-list": {
        "case": _by_case(lambda w: w.referred),
        "status": [(lambda w: {"status": "open"}, lambda w: {"status": "dropped"})],
    },
    # Shared with "legal" only: the referred case shares its screening, so these stay hidden.
    "api:perpetrator-list": {"case": _by_case(lambda w: w.referred)},
    "api:proceeding-list": {
        "case": _by_case(lambda w: w.referred),
        "stage": [(lambda w: {"stage": "investigation"}, lambda w: {"stage": "appeal"})],
    },
    "audit:entry_list": _audit_probes("cases.case", lambda w: w.hidden, ("action", "case.")),
    "audit:access_log_list": _audit_probes("cases.victim", lambda w: w.victim, ("purpose", "victim.")),
}

CASES = [
    (name, param) for name, filterset in sorted(TENANT_LISTS.items()) for param in filterset.base_filters
]


def answer(client, name: str, params: dict) -> tuple[int, list]:
    response = client.get(reverse(name), params)
    if response.status_code != 200:
        return response.status_code, []
    if name.startswith("api:"):
        return 200, sorted(row["id"] for row in response.json()["results"])
    return 200, sorted(row.pk for row in response.context["page"])


def test_every_filtered_list_is_found():
    assert {"api:case-list", "cases:case_list", "audit:entry_list"} <= set(TENANT_LISTS)


def test_every_filter_parameter_has_a_probe():
    missing = [f"{name}: {param}" for name, param in CASES if param not in PROBES.get(name, {})]
    stale = [
        f"{name}: {param}"
        for name, params in PROBES.items()
        for param in params
        if name not in TENANT_LISTS or param not in TENANT_LISTS[name].base_filters
    ]

    assert (missing, stale) == ([], []), (
        "Every filter and search parameter of every list needs a probe in PROBES of "
        "accounts/tests/test_tenancy_filters.py: a query matching only another organisation's rows or a "
        "referred case's unshared sections, and a query matching nothing. Missing / stale: "
        f"{missing} / {stale}"
    )


@pytest.mark.parametrize(("name", "param"), CASES, ids=[f"{name}?{param}" for name, param in CASES])
def test_filter_reveals_nothing_of_other_organisations_and_unshared_sections(
    client, name, param, ngo, other_ngo, world
):
    probes = PROBES.get(name, {}).get(param)
    if probes is None:
        pytest.fail(f"{name}: no probe for {param!r}; see test_every_filter_parameter_has_a_probe.")
    owner = _every_role_user(other_ngo, "owner-every-role")
    asker = _every_role_user(ngo, "asker-every-role")

    for matching, nothing in probes:
        client.force_login(owner)
        own_answers = (answer(client, name, matching(world)), answer(client, name, nothing(world)))
        client.force_login(asker)
        asked = answer(client, name, matching(world))
        baseline = answer(client, name, nothing(world))

        assert own_answers[0] != own_answers[1], (
            f"{name}?{matching(world)}: the probe matches nothing even for the rows' own organisation, so it "
            f"tests nothing; make it match other_ngo's rows in the world fixture."
        )
        assert asked == baseline, (
            f"{name}?{matching(world)} answered {asked} to another organisation, but {baseline} for a value "
            f"that matches nothing: the filter reads rows outside the user's scope. Filter through the "
            f"joined model's visible_to(self.request.user), as cases/filters.py does."
        )
