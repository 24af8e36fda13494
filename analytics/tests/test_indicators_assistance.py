"""Services (count, victims served, cost by currency), referrals made, accepted and completed, and
reintegration scores over time: each figure checked against a count worked out here in plain Python from
the rows this module made."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from analytics.dimensions import UNKNOWN
from analytics.filters import Filters
from analytics.indicators import UnknownBreakdown, indicator_table
from analytics.scope import analytics_scope
from analytics.tables import TOTAL, Hidden
from analytics.tests.module_rows import rows_for_module
from cases.models import Referral, choices
from cases.tests.factories import (
    AssessmentFactory,
    AssistanceServiceFactory,
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from network.tests.factories import OrganisationFactory

S = choices.ServiceType
R = choices.ReferralStatus
FEMALE, MALE = choices.Sex.FEMALE, choices.Sex.MALE
LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION
D = datetime.date

# The victims (by organisation a, b in TJ, c in UZ); the last two are never counted.
CASES = {
    "v1": {"org": "a", "sex": FEMALE, "forms": [LABOUR, SEXUAL], "exploited_in": "RU"},
    "v2": {"org": "a", "sex": MALE, "forms": [LABOUR], "exploited_in": "KZ"},
    "v3": {"org": "b", "sex": FEMALE, "forms": [SEXUAL], "exploited_in": "TJ"},
    "v4": {"org": "c", "sex": MALE, "forms": [LABOUR], "exploited_in": "RU"},
    "refused": {"org": "a", "sex": FEMALE, "forms": [LABOUR], "exploited_in": "RU", "refused": True},
    "draft": {"org": "b", "sex": FEMALE, "forms": [LABOUR], "exploited_in": "RU", "draft": True},
}
COUNTED_CASES = [key for key, case in CASES.items() if not (case.get("refused") or case.get("draft"))]
SERVICES = [
    {"case": "v1", "type": S.MEDICAL, "on": D(2013, 2, 1), "cost": Decimal("100.50"), "currency": "TJS"},
    {"case": "v1", "type": S.MEDICAL, "on": D(2013, 7, 1), "cost": Decimal("20"), "currency": "TJS"},
    {"case": "v1", "type": S.LEGAL_AID, "on": D(2014, 1, 5), "cost": Decimal("300"), "currency": "RUB"},
    {"case": "v2", "type": S.MEDICAL, "on": D(2013, 3, 9), "cost": Decimal("40"), "currency": "RUB"},
    {"case": "v2", "type": S.ACCOMMODATION, "on": D(2013, 3, 9), "cost": None, "currency": ""},
    {"case": "v3", "type": S.ACCOMMODATION, "on": D(2013, 12, 31), "cost": Decimal("7"), "currency": "TJS"},
    {"case": "v4", "type": S.CASH, "on": D(2014, 6, 1), "cost": Decimal("1000"), "currency": "UZS"},
    {"case": "refused", "type": S.MEDICAL, "on": D(2013, 2, 1), "cost": Decimal("5"), "currency": "TJS"},
    {"case": "draft", "type": S.MEDICAL, "on": D(2013, 2, 1), "cost": Decimal("5"), "currency": "TJS"},
]
# ``to``: an organisation of the module (a, b, c) or None with an outside body's country in ``external``.
REFERRALS = [
    {"case": "v1", "status": R.REQUESTED, "at": D(2013, 3, 1), "to": "b", "need": S.LEGAL_AID},
    {"case": "v1", "status": R.ACCEPTED, "at": D(2013, 4, 1), "to": "c", "need": S.MEDICAL},
    {"case": "v2", "status": R.COMPLETED, "at": D(2013, 4, 2), "to": "c", "need": S.MEDICAL},
    {"case": "v2", "status": R.DECLINED, "at": D(2014, 1, 1), "to": "b", "need": ""},
    {
        "case": "v3",
        "status": R.COMPLETED,
        "at": D(2014, 2, 1),
        "to": None,
        "external": "RU",
        "need": S.LEGAL_AID,
    },
    {"case": "v3", "status": R.AWAITING_APPROVAL, "at": D(2014, 2, 2), "to": "a", "need": S.LEGAL_AID},
    {"case": "v4", "status": R.WITHDRAWN, "at": D(2014, 3, 1), "to": "a", "need": S.ACCOMMODATION},
    {"case": "refused", "status": R.COMPLETED, "at": D(2013, 3, 1), "to": "b", "need": S.MEDICAL},
]
ASSESSMENTS = [
    {"case": "v1", "on": D(2013, 3, 1), "scores": ("0.2", "0.4", "0.6", "0.4")},
    {"case": "v1", "on": D(2013, 9, 1), "scores": ("0.5", "0.5", "0.7", "0.567")},
    {"case": "v2", "on": D(2013, 3, 1), "scores": ("0.1", "0.9", None, "0.5")},
    {"case": "v2", "on": D(2013, 6, 1), "scores": ("0.3", "0.6", "0.6", "0.5")},
    {"case": "v3", "on": D(2013, 6, 1), "scores": ("0.8", "0.8", "0.9", "0.833")},
    {"case": "v4", "on": D(2013, 11, 1), "scores": ("0.4", "0.2", "0.3", "0.3")},
    {"case": "v4", "on": D(2014, 2, 1), "scores": ("0.6", "0.7", "0.8", "0.7")},
    {"case": "v3", "on": D(2014, 8, 1), "scores": ("0.9", "1", "0.95", "0.95")},
    {"case": "refused", "on": D(2013, 3, 1), "scores": ("0", "0", "0", "0")},
]
DIMENSIONS = ("economic", "social", "psychosocial", "composite")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    def build():
        organisations = {
            "a": OrganisationFactory(country="TJ"),
            "b": OrganisationFactory(country="TJ"),
            "c": OrganisationFactory(country="UZ"),
        }
        cases = {}
        for key, spec in CASES.items():
            organisation = organisations[spec["org"]]
            case = CaseFactory(organisation=organisation, is_draft=spec.get("draft", False))
            VictimFactory(case=case, organisation=organisation, sex=spec["sex"], age_at_registration=30)
            TraffickingExperienceFactory(
                case=case, organisation=organisation, exploitation_types=spec["forms"]
            )
            TraffickingEventFactory(case=case, organisation=organisation, country=spec["exploited_in"])
            if spec.get("refused"):
                ConsentFactory(
                    case=case,
                    organisation=organisation,
                    purpose=choices.ConsentPurpose.STATISTICS,
                    status=choices.ConsentStatus.REFUSED,
                )
            cases[key] = case
        for spec in SERVICES:
            case = cases[spec["case"]]
            AssistanceServiceFactory(
                case=case,
                organisation=case.organisation,
                type=spec["type"],
                started_on=spec["on"],
                cost=spec["cost"],
                currency=spec["currency"],
            )
        for spec in REFERRALS:
            case = cases[spec["case"]]
            referral = ReferralFactory(
                case=case,
                organisation=case.organisation,
                to_organisation=organisations[spec["to"]] if spec["to"] else None,
                external_country=spec.get("external", ""),
                status=spec["status"],
                service_needed=spec["need"],
            )
            at = timezone.make_aware(datetime.datetime.combine(spec["at"], datetime.time(12)))
            Referral.unscoped.filter(pk=referral.pk).update(requested_at=at)
        for spec in ASSESSMENTS:
            case = cases[spec["case"]]
            scores = [None if score is None else Decimal(score) for score in spec["scores"]]
            AssessmentFactory(
                case=case,
                organisation=case.organisation,
                assessed_on=spec["on"],
                **dict(zip(DIMENSIONS, scores, strict=True)),
            )
        office = OrganisationFactory(country="TJ")
        return {
            "organisations": organisations,
            "analyst": user_with_role(Role.ANALYST, office, username="assistance-analyst"),
            "manager": user_with_role(Role.MANAGER, organisations["a"], username="assistance-manager"),
        }

    with rows_for_module(django_db_blocker, tmp_path_factory, build) as rows:
        yield rows


def scope_of(user):
    return analytics_scope(user=user, membership=Membership.unscoped.get(user=user))


@pytest.fixture
def network(db, world):
    return scope_of(world["analyst"])


@pytest.fixture
def own(db, world):
    return scope_of(world["manager"])


def counted(rows):
    return [row for row in rows if row["case"] in COUNTED_CASES]


def of_case(row, key):
    return CASES[row["case"]][key]


def tally(rows, key_of, measure=lambda row: 1):
    """{category: figure} of ``rows``; ``key_of`` gives a row's categories."""
    found = {}
    for row in rows:
        for key in key_of(row):
            found[key] = found.get(key, 0) + measure(row)
    return found


def one_way(table):
    return {row.key: table.value(row.key) for row in table.rows}


def cells(table):
    return {
        (row.key, column.key): table.value(row.key, column.key)
        for row in table.rows
        for column in table.columns
        if table.value(row.key, column.key)
    }


SERVICE_KEYS = {
    "service_type": lambda row: {row["type"]},
    "period": lambda row: {str(row["on"].year)},
    "sex": lambda row: {of_case(row, "sex")},
    "exploitation": lambda row: set(of_case(row, "forms")),
    "exploitation_country": lambda row: {of_case(row, "exploited_in")},
}


@pytest.mark.parametrize("by", list(SERVICE_KEYS))
def test_services_and_victims_served_by_type_period_and_victim(network, world, by):
    delivered = indicator_table("services_delivered", scope=network, filters=Filters(), by=by)
    served = indicator_table("victims_served", scope=network, filters=Filters(), by=by)

    rows = counted(SERVICES)
    assert one_way(delivered) == tally(rows, SERVICE_KEYS[by])
    assert delivered.value(TOTAL) == len(rows)
    victims = tally(
        {(row["case"], key) for row in rows for key in SERVICE_KEYS[by](row)}, lambda pair: {pair[1]}
    )
    assert one_way(served) == victims
    assert served.value(TOTAL) == len({row["case"] for row in rows})


def test_services_by_type_across_sex_and_period(network, world):
    for by, across in itertools.permutations(["service_type", "sex", "period"], 2):
        table = indicator_table("services_delivered", scope=network, filters=Filters(), by=by, across=across)

        expected = tally(
            counted(SERVICES),
            lambda row, by=by, across=across: itertools.product(
                SERVICE_KEYS[by](row), SERVICE_KEYS[across](row)
            ),
        )
        assert cells(table) == expected, (by, across)


def test_services_of_the_chosen_victims_in_the_period(network, world):
    chosen = Filters(sex=MALE, date_from=D(2013, 1, 1), date_to=D(2013, 12, 31))

    table = indicator_table("services_delivered", scope=network, filters=chosen, by="service_type")

    rows = [row for row in counted(SERVICES) if of_case(row, "sex") == MALE and row["on"].year == 2013]
    assert one_way(table) == tally(rows, SERVICE_KEYS["service_type"]) == {S.MEDICAL: 1, S.ACCOMMODATION: 1}


def test_costs_are_summed_in_each_currency_apart(network, world):
    table = indicator_table("service_costs", scope=network, filters=Filters(), by="service_type")

    costed = [row for row in counted(SERVICES) if row["cost"] is not None]
    assert [column.key for column in table.columns] == sorted({row["currency"] for row in costed})
    assert cells(table) == tally(
        costed, lambda row: {(row["type"], row["currency"])}, lambda row: row["cost"]
    )
    assert {column.key: table.value(TOTAL, column.key) for column in table.columns} == tally(
        costed, lambda row: {row["currency"]}, lambda row: row["cost"]
    )
    # Som are never added to roubles: the margins across currencies are not given.
    assert table.value(S.MEDICAL) is None and table.value(TOTAL) is None
    assert table.hidden[(S.MEDICAL, TOTAL)] == table.hidden[(TOTAL, TOTAL)] == Hidden.NOT_ADDED
    assert table.shown(TOTAL) == "…"


def test_costs_by_currency_and_in_one_currency(network, world):
    by_currency = indicator_table("service_costs", scope=network, filters=Filters(), by="currency")
    in_uzbekistan = indicator_table(
        "service_costs", scope=network, filters=Filters(country="UZ"), by="service_type"
    )

    costed = [row for row in counted(SERVICES) if row["cost"] is not None]
    assert one_way(by_currency) == tally(costed, lambda row: {row["currency"]}, lambda row: row["cost"])
    assert by_currency.value(TOTAL) is None
    assert in_uzbekistan.value(TOTAL) == in_uzbekistan.value(S.CASH) == Decimal("1000")
    assert not in_uzbekistan.hidden


def test_costs_refuse_a_second_breakdown_other_than_currency(network, world):
    with pytest.raises(UnknownBreakdown) as refused:
        indicator_table("service_costs", scope=network, filters=Filters(), by="service_type", across="sex")

    assert refused.value.field == "across"


def referral_receiver_country(row, world):
    return world["organisations"][row["to"]].country if row["to"] else row["external"]


REFERRAL_KINDS = {
    "referrals_made": lambda row: row["status"] != R.AWAITING_APPROVAL,
    "referrals_accepted": lambda row: row["status"] in (R.ACCEPTED, R.COMPLETED),
    "referrals_completed": lambda row: row["status"] == R.COMPLETED,
}


@pytest.mark.parametrize("indicator", list(REFERRAL_KINDS))
def test_referrals_by_period_receiving_country_and_service_needed(network, world, indicator):
    keys = {
        "period": lambda row: {str(row["at"].year)},
        "receiving_country": lambda row: {referral_receiver_country(row, world)},
        "service_needed": lambda row: {row["need"] or UNKNOWN},
        "sex": lambda row: {of_case(row, "sex")},
    }
    rows = [row for row in counted(REFERRALS) if REFERRAL_KINDS[indicator](row)]
    for by, key_of in keys.items():
        table = indicator_table(indicator, scope=network, filters=Filters(), by=by)

        assert one_way(table) == tally(rows, key_of), by
        assert table.value(TOTAL) == len(rows)


def test_referrals_by_quarter_of_their_request(network, world):
    filters = Filters(granularity="quarter", date_from=D(2013, 4, 1), date_to=D(2013, 4, 2))

    table = indicator_table("referrals_made", scope=network, filters=filters, by="period")

    assert one_way(table) == {"2013-Q2": 2}


def scored(rows, dimension):
    index = DIMENSIONS.index(dimension)
    return [Decimal(row["scores"][index]) for row in rows if row["scores"][index] is not None]


def mean(numbers):
    return (sum(numbers) / len(numbers)).quantize(Decimal("0.001"))


def test_reintegration_scores_by_dimension_over_time(own, network, world):
    table = indicator_table("reintegration_scores", scope=network, filters=Filters(), by="period")

    rows = counted(ASSESSMENTS)
    assert [row.key for row in table.rows] == ["2013", "2014"]
    assert [column.key for column in table.columns] == list(DIMENSIONS)
    for year in ("2013", "2014"):
        of_year = [row for row in rows if str(row["on"].year) == year]
        for dimension in DIMENSIONS:
            assert table.value(year, dimension) == mean(scored(of_year, dimension)), (year, dimension)
        assert table.value(year) == mean(scored(of_year, "composite"))
    for dimension in DIMENSIONS:
        assert table.value(TOTAL, dimension) == mean(scored(rows, dimension))
    assert table.value(TOTAL) == mean(scored(rows, "composite"))


def test_a_mean_of_few_assessments_is_hidden_from_readers_without_record_level_access(own, network, world):
    shared = indicator_table("reintegration_scores", scope=network, filters=Filters(), by="period")
    mine = indicator_table("reintegration_scores", scope=own, filters=Filters(), by="period")

    # 2013: six assessments, five with a psychosocial score; 2014: two.
    assert {position for position, reason in shared.hidden.items() if reason == Hidden.PRIMARY} == {
        ("2014", "economic"),
        ("2014", "social"),
        ("2014", "psychosocial"),
        ("2014", "composite"),
        ("2014", TOTAL),
    }
    assert shared.shown("2014", "economic") == "<5"
    of_2013 = [row for row in counted(ASSESSMENTS) if row["on"].year == 2013]
    assert shared.shown("2013", "psychosocial") == str(mean(scored(of_2013, "psychosocial"))) == "0.620"
    assert mine.hidden == {}
    own_rows = [
        row for row in ASSESSMENTS if CASES[row["case"]]["org"] == "a" and row["case"] in COUNTED_CASES
    ]
    assert mine.value("2013", "economic") == mean(scored(own_rows, "economic"))
