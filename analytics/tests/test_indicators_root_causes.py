"""Root causes: each vulnerability factor of the screening counted by the database against form of
exploitation, sex and age band, checked against counts made here from the victims the test recorded
(a victim with two debts is in two rows and once in the total; an unanswered factor is "not recorded")."""

import datetime

import pytest

from accounts.models import Membership
from analytics.dimensions import AGE_BANDS, UNKNOWN
from analytics.filters import Filters
from analytics.indicators import INDICATORS, UnknownBreakdown, indicator_table
from analytics.scope import analytics_scope
from analytics.tables import TOTAL
from cases.models import Case, choices
from cases.tests.factories import (
    CaseFactory,
    ConsentFactory,
    ScreeningFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)

LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION
FEMALE, MALE = choices.Sex.FEMALE, choices.Sex.MALE
E, D, F = choices.EconomicSituation, choices.Debt, choices.FamilySituation
M, R = choices.RecruitmentMethod, choices.RecruiterRelation

# The victims recorded: their sex, age, forms of exploitation and answers at screening ("" or []: none).
VICTIMS = [
    {
        "sex": FEMALE,
        "age": 17,
        "forms": [SEXUAL],
        "economic_situation": E.NO_INCOME,
        "debts": [D.FAMILY_OR_FRIENDS, D.MONEYLENDER],
        "education": choices.Education.LOWER_SECONDARY,
        "prior_migration": choices.PriorMigration.NEVER,
        "family_situation": [F.SINGLE_PARENT_HOUSEHOLD, F.DOMESTIC_VIOLENCE],
        "recruitment_methods": [M.ONLINE_SOCIAL_NETWORKS],
        "relation_to_recruiter": R.ACQUAINTED,
    },
    {
        "sex": FEMALE,
        "age": 25,
        "forms": [LABOUR, SEXUAL],
        "economic_situation": E.NO_INCOME,
        "debts": [D.RECRUITER_OR_EMPLOYER],
        "education": choices.Education.UPPER_SECONDARY,
        "prior_migration": choices.PriorMigration.ABROAD_ONCE,
        "family_situation": [F.RAISES_CHILDREN_ALONE],
        "recruitment_methods": [M.FRIENDS, M.ONLINE_ADVERTISEMENT],
        "relation_to_recruiter": R.ACQUAINTED,
    },
    {
        "sex": MALE,
        "age": 40,
        "forms": [LABOUR],
        "economic_situation": E.IRREGULAR_INCOME,
        "debts": [D.BANK_OR_MICROCREDIT, D.RECRUITER_OR_EMPLOYER],
        "education": choices.Education.UPPER_SECONDARY,
        "prior_migration": choices.PriorMigration.ABROAD_SEVERAL,
        "family_situation": [F.MARRIED_WITH_CHILDREN],
        "recruitment_methods": [M.FRIENDS],
        "relation_to_recruiter": R.UNACQUAINTED,
    },
    {
        "sex": MALE,
        "age": 30,
        "forms": [LABOUR],
        "economic_situation": E.SUFFICIENT_INCOME,
        "debts": [D.NONE],
        "education": "",
        "prior_migration": choices.PriorMigration.INTERNAL,
        "family_situation": [F.LIVES_ALONE],
        "recruitment_methods": [],
        "relation_to_recruiter": "",
    },
    {
        "sex": FEMALE,
        "age": None,
        "forms": [LABOUR],
        "economic_situation": "",
        "debts": [],
        "education": "",
        "prior_migration": "",
        "family_situation": [],
        "recruitment_methods": [],
        "relation_to_recruiter": R.FAMILIAL,
    },
]
# The factors and where the test finds each victim's answers.
FACTORS = {
    "economic_situation": "economic_situation",
    "debt": "debts",
    "education": "education",
    "prior_migration": "prior_migration",
    "family_situation": "family_situation",
    "recruitment": "recruitment_methods",
    "recruiter_relation": "relation_to_recruiter",
}


def answers(victim: dict, factor: str) -> list[str]:
    value = victim[FACTORS[factor]]
    codes = value if isinstance(value, list) else [value] if value else []
    return codes or [UNKNOWN]


def age_band(age) -> str:
    # CTDC's band of the age at registration (no age recorded: "not recorded").
    for key, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return key
    return UNKNOWN


def columns_of(victim: dict, across: str) -> list[str]:
    return {"exploitation": victim["forms"], "sex": [victim["sex"]], "age_band": [age_band(victim["age"])]}[
        across
    ]


def recorded(organisation, victim: dict) -> Case:
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(2025, 6, 1))
    VictimFactory(
        case=case,
        organisation=organisation,
        sex=victim["sex"],
        age_at_registration=victim["age"],
        education=victim["education"],
    )
    ScreeningFactory(
        case=case,
        organisation=organisation,
        economic_situation=victim["economic_situation"],
        debts=victim["debts"],
        prior_migration=victim["prior_migration"],
        family_situation=victim["family_situation"],
    )
    TraffickingExperienceFactory(
        case=case,
        organisation=organisation,
        exploitation_types=victim["forms"],
        recruitment_methods=victim["recruitment_methods"],
        relation_to_recruiter=victim["relation_to_recruiter"],
    )
    return case


@pytest.fixture
def scope(ngo, manager):
    for victim in VICTIMS:
        recorded(ngo, victim)
    return analytics_scope(user=manager, membership=Membership.unscoped.get(user=manager))


def test_root_causes_default_to_economic_situation_by_form_of_exploitation(scope):
    table = indicator_table("root_causes", scope=scope, filters=Filters(), across="exploitation")

    assert INDICATORS["root_causes"].default_by == "economic_situation"
    assert [row.key for row in table.rows] == [E.NO_INCOME, E.IRREGULAR_INCOME, E.SUFFICIENT_INCOME, UNKNOWN]
    assert [column.key for column in table.columns] == [LABOUR, SEXUAL]
    assert table.value(E.NO_INCOME, SEXUAL) == 2
    assert table.value(E.NO_INCOME, LABOUR) == 1
    assert table.value(UNKNOWN, LABOUR) == 1
    assert table.value(TOTAL) == len(VICTIMS)


@pytest.mark.parametrize("across", ["exploitation", "sex", "age_band"])
def test_every_factor_counts_as_the_victims_recorded(scope, across):
    for factor in FACTORS:
        expected_cells, expected_rows, expected_columns = {}, {}, {}
        for victim in VICTIMS:
            for row in answers(victim, factor):
                expected_rows[row] = expected_rows.get(row, 0) + 1
                for column in columns_of(victim, across):
                    expected_cells[row, column] = expected_cells.get((row, column), 0) + 1
            for column in columns_of(victim, across):
                expected_columns[column] = expected_columns.get(column, 0) + 1

        table = indicator_table("root_causes", scope=scope, filters=Filters(), by=factor, across=across)

        cells = {
            (row.key, column.key): table.value(row.key, column.key)
            for row in table.rows
            for column in table.columns
            if table.value(row.key, column.key)
        }
        assert cells == expected_cells, factor
        assert {row.key: table.value(row.key) for row in table.rows} == expected_rows, factor
        assert {column.key: table.value(TOTAL, column.key) for column in table.columns} == expected_columns
        assert table.value(TOTAL) == len(VICTIMS), factor


def test_a_victim_with_two_debts_is_in_both_rows_and_once_in_the_total(scope):
    table = indicator_table("root_causes", scope=scope, filters=Filters(), by="debt", across="sex")

    assert table.value(D.RECRUITER_OR_EMPLOYER, MALE) == 1
    assert table.value(D.BANK_OR_MICROCREDIT, MALE) == 1
    assert table.value(TOTAL, MALE) == 2
    assert sum(table.value(row.key) for row in table.rows) == 7
    assert table.value(TOTAL) == 5


def test_root_causes_leave_out_a_refused_statistics_consent(scope, ngo):
    first = Case.unscoped.filter(organisation=ngo).order_by("pk").first()
    ConsentFactory(
        case=first,
        organisation=ngo,
        purpose=choices.ConsentPurpose.STATISTICS,
        status=choices.ConsentStatus.REFUSED,
    )

    table = indicator_table("root_causes", scope=scope, filters=Filters(), by="family_situation")

    assert F.DOMESTIC_VIOLENCE not in [row.key for row in table.rows]
    assert table.value(F.MARRIED_WITH_CHILDREN) == 1
    assert table.value(TOTAL) == len(VICTIMS) - 1


@pytest.mark.parametrize(
    ("by", "across", "field"),
    [("sex", None, "by"), ("economic_situation", "organisation", "across"), ("debt", "education", "across")],
)
def test_root_causes_are_a_factor_against_exploitation_sex_or_age(scope, by, across, field):
    with pytest.raises(UnknownBreakdown) as refused:
        indicator_table("root_causes", scope=scope, filters=Filters(), by=by, across=across)

    assert refused.value.field == field
