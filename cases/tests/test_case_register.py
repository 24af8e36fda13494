import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AccessLogEntry, AuditEntry
from cases import selectors, services
from cases.models import Case, Victim
from network.tests.factories import OrganisationFactory


def test_case_register_gives_pseudonymous_code_per_country_and_year(ngo, caseworker):
    first = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Dilnoza",
        family_name="Testova",
        registered_on=datetime.date(2026, 1, 3),
    )
    second = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Farrukh",
        family_name="Primerov",
        registered_on=datetime.date(2026, 2, 3),
    )
    earlier = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Malika",
        family_name="Sinteva",
        registered_on=datetime.date(2025, 12, 3),
    )

    assert [first.code, second.code, earlier.code] == ["TJ-2026-000001", "TJ-2026-000002", "TJ-2025-000001"]


def test_case_register_stores_personal_data_encrypted(case):
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, birth_date, mobile_phone FROM cases_victim")
        raw = cursor.fetchone()

    assert all(value.startswith("v2:") for value in raw)
    assert "Gulnora" not in " ".join(raw)
    victim = Victim.unscoped.get(case=case)
    assert (victim.given_name, victim.birth_date) == ("Gulnora", datetime.date(1994, 5, 17))


def test_case_register_derives_age_and_writes_audit_entry(case, caseworker):
    victim = Victim.unscoped.get(case=case)

    assert victim.age_at_registration == (case.registered_on.year - 1994) - (
        (case.registered_on.month, case.registered_on.day) < (5, 17)
    )
    assert case.caseworker == caseworker
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["case.registered"]
    assert AuditEntry.unscoped.get().details == {"code": case.code}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"birth_date": datetime.date.today() + datetime.timedelta(days=1)}, "birth_date"),
        ({"citizenship": ["XX"]}, "citizenship"),
        ({"estimated_age": 150}, "estimated_age"),
        ({"gender": "female"}, "gender"),
    ],
)
def test_case_register_rejects_bad_data_by_field(ngo, caseworker, fields, field):
    with pytest.raises(ValidationError) as error:
        services.case_register(
            by=caseworker, organisation=ngo, given_name="Dilnoza", family_name="Testova", **fields
        )

    assert list(error.value.message_dict) == [field]
    assert Case.unscoped.count() == 0


@pytest.mark.parametrize("role", ["shelter_staff", "outsider", "coordinator", "judge"])
def test_case_register_denied_without_permission_in_organisation(ngo, cast, role):
    with pytest.raises(PermissionDenied):
        services.case_register(by=cast[role], organisation=ngo, given_name="Dilnoza", family_name="Testova")


def test_case_register_allowed_for_hotline_operator(ngo, hotline_operator):
    case = services.case_register(
        by=hotline_operator, organisation=ngo, given_name="Dilnoza", family_name="Testova"
    )

    assert case.caseworker is None


def test_victim_personal_data_writes_access_log_once(case, caseworker):
    victim = selectors.victim_personal_data(user=caseworker, case=case)

    assert victim.family_name == "Rakhimova"
    assert list(AccessLogEntry.unscoped.values_list("object_label", "purpose")) == [
        (case.code, "victim.personal_data")
    ]


def test_victim_personal_data_hidden_from_other_organisation(case, outsider):
    with pytest.raises(Victim.DoesNotExist):
        selectors.victim_personal_data(user=outsider, case=case)

    assert AccessLogEntry.unscoped.count() == 0


def test_case_list_shows_only_own_organisation(case, caseworker, outsider):
    assert list(selectors.case_list(user=caseworker)) == [case]
    assert list(selectors.case_list(user=outsider)) == []


def test_victim_update_changes_blind_index_with_the_name(case, caseworker):
    before = Victim.unscoped.get(case=case).blind_index

    services.victim_update(case=case, by=caseworker, family_name="Karimova")

    assert Victim.unscoped.get(case=case).blind_index != before
    assert AuditEntry.unscoped.filter(action="victim.updated").get().details == {"fields": ["family_name"]}


def test_case_code_next_counts_each_country_separately(db):
    codes = [
        services.case_code_next(country="UZ", year=2026),
        services.case_code_next(country="KG", year=2026),
        services.case_code_next(country="UZ", year=2026),
    ]

    assert codes == ["UZ-2026-000001", "KG-2026-000001", "UZ-2026-000002"]


def test_case_register_uses_organisation_country_in_code(caseworker):
    uzbek_ngo = OrganisationFactory(country="UZ", region_id=None)
    from accounts.roles import Role
    from accounts.tests.factories import MembershipFactory

    MembershipFactory(user=caseworker, organisation=uzbek_ngo, role=Role.CASEWORKER)
    caseworker._amanat_memberships = None

    case = services.case_register(
        by=caseworker,
        organisation=uzbek_ngo,
        given_name="Sardor",
        family_name="Testov",
        registered_on=datetime.date(2026, 1, 1),
    )

    assert case.code == "UZ-2026-000001"
