"""The indicators' engine: scope by role, breakdowns by group and by conditions, margins counted by the
database (a victim in two forms of exploitation is in two rows and once in the total)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from analytics.filters import Filters
from analytics.indicators import UnknownBreakdown, indicator_table
from analytics.scope import Level, analytics_scope
from analytics.tables import TOTAL
from cases.models import choices
from cases.tests.factories import (
    CaseFactory,
    ConsentFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from network.tests.factories import OrganisationFactory

LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION


def membership_of(user) -> Membership:
    return Membership.unscoped.get(user=user)


def victim(organisation, *, sex=choices.Sex.FEMALE, age=25, forms=(LABOUR,), exploited_in=("RU",), year=2013):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 3, 1))
    VictimFactory(case=case, organisation=organisation, sex=sex, age_at_registration=age)
    TraffickingExperienceFactory(case=case, organisation=organisation, exploitation_types=list(forms))
    for country in exploited_in:
        TraffickingEventFactory(case=case, organisation=organisation, country=country)
    return case


@pytest.fixture
def cases(ngo, other_ngo):
    uzbek = OrganisationFactory(country="UZ")
    return [
        victim(ngo, forms=(LABOUR, SEXUAL), exploited_in=("RU", "KZ")),
        victim(ngo, sex=choices.Sex.MALE, age=40, year=2012),
        victim(other_ngo, age=17, forms=(SEXUAL,), exploited_in=("TJ",)),
        victim(uzbek, age=None),
    ]


def test_scope_follows_the_role(manager, coordinator, analyst, caseworker, ngo, other_ngo, cases):
    own = analytics_scope(user=manager, membership=membership_of(manager))
    country = analytics_scope(user=coordinator, membership=membership_of(coordinator))
    network = analytics_scope(user=analyst, membership=membership_of(analyst))

    assert (own.level, own.organisation_ids, own.record_level) == (Level.ORGANISATION, {ngo.pk}, True)
    assert country.level == Level.COUNTRY and not country.record_level
    assert {ngo.pk, other_ngo.pk} <= country.organisation_ids
    assert cases[3].organisation_id not in country.organisation_ids
    assert cases[3].organisation_id in network.organisation_ids
    with pytest.raises(PermissionDenied):
        analytics_scope(user=caseworker, membership=membership_of(caseworker))
    with pytest.raises(PermissionDenied):
        analytics_scope(user=caseworker, membership=None)


def test_victims_by_sex_and_form_with_margins_from_the_database(manager, analyst, cases):
    scope = analytics_scope(user=analyst, membership=membership_of(analyst))

    table = indicator_table(
        "victims_registered", scope=scope, filters=Filters(), by="exploitation", across="sex"
    )

    assert [row.key for row in table.rows] == [LABOUR, SEXUAL]
    assert [column.key for column in table.columns] == [choices.Sex.FEMALE, choices.Sex.MALE]
    assert table.value(LABOUR, choices.Sex.FEMALE) == 2
    assert table.value(SEXUAL, choices.Sex.FEMALE) == 2
    assert table.value(LABOUR, choices.Sex.MALE) == 1
    assert (table.value(LABOUR), table.value(SEXUAL)) == (3, 2)
    assert (table.value(TOTAL, choices.Sex.FEMALE), table.value(TOTAL)) == (3, 4)
    assert not table.rows_exclusive and table.columns_exclusive


def test_victims_by_age_band_period_and_country_of_exploitation(analyst, cases):
    scope = analytics_scope(user=analyst, membership=membership_of(analyst))

    ages = indicator_table("victims_registered", scope=scope, filters=Filters(), by="age_band")
    years = indicator_table("victims_registered", scope=scope, filters=Filters(), by="period")
    places = indicator_table("victims_registered", scope=scope, filters=Filters(), by="exploitation_country")

    assert {row.key: ages.value(row.key) for row in ages.rows} == {
        "9-17": 1,
        "24-26": 1,
        "39-47": 1,
        "unknown": 1,
    }
    assert {row.key: years.value(row.key) for row in years.rows} == {"2012": 1, "2013": 3}
    assert {row.key: places.value(row.key) for row in places.rows} == {"RU": 3, "KZ": 1, "TJ": 1}
    assert places.value(TOTAL) == 4


def test_filters_narrow_every_figure(analyst, ngo, cases):
    scope = analytics_scope(user=analyst, membership=membership_of(analyst))
    chosen = Filters(sex=choices.Sex.FEMALE, exploitation=SEXUAL, date_from=datetime.date(2013, 1, 1))

    table = indicator_table("victims_registered", scope=scope, filters=chosen, by="organisation")

    assert {row.key: table.value(row.key) for row in table.rows} == {
        str(ngo.pk): 1,
        str(cases[2].organisation_id): 1,
    }


def test_a_refused_statistics_consent_is_never_counted(manager, ngo, cases):
    ConsentFactory(
        case=cases[0],
        organisation=ngo,
        purpose=choices.ConsentPurpose.STATISTICS,
        status=choices.ConsentStatus.REFUSED,
    )
    scope = analytics_scope(user=manager, membership=membership_of(manager))

    table = indicator_table("victims_registered", scope=scope, filters=Filters(), by="sex")

    assert table.value(TOTAL) == 1


def test_a_breakdown_the_indicator_has_not_is_refused(analyst, cases):
    scope = analytics_scope(user=analyst, membership=membership_of(analyst))

    with pytest.raises(UnknownBreakdown) as refused:
        indicator_table("victims_registered", scope=scope, filters=Filters(), by="shoe_size")

    assert refused.value.field == "by"


def test_a_coordinator_of_another_country_counts_none_of_these(cases):
    coordinator = user_with_role(Role.COORDINATOR, OrganisationFactory(country="KG"), username="kg")
    scope = analytics_scope(user=coordinator, membership=membership_of(coordinator))

    table = indicator_table("victims_registered", scope=scope, filters=Filters(), by="sex")

    assert table.is_empty and table.rows == []
