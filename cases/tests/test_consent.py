import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from cases import selectors, services
from cases.models import Consent
from cases.tests.factories import CaseFactory


def test_consent_record_keeps_every_version(case, caseworker):
    first = services.consent_record(case=case, by=caseworker, purpose="statistics", method="oral")

    second = services.consent_record(
        case=case, by=caseworker, purpose="statistics", method="written", status="refused"
    )

    first.refresh_from_db()
    assert (first.version, first.superseded_by, second.version) == (1, second, 2)
    assert list(selectors.consent_current_list(user=caseworker, case=case)) == [second]
    assert services.consent_allows(case=case, purpose="statistics") is False


def test_consent_for_sharing_is_per_recipient(case, caseworker, other_ngo, iom_office):
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", sections=["notes"]
    )

    assert services.consent_allows(case=case, purpose="sharing", recipient=other_ngo) is True
    assert services.consent_allows(case=case, purpose="sharing", recipient=iom_office) is False


def test_consent_for_sharing_needs_recipient(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.consent_record(case=case, by=caseworker, purpose="sharing", method="oral")

    assert list(error.value.message_dict) == ["recipient"]


def test_consent_expired_no_longer_allows(case, caseworker):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="follow_up",
        method="oral",
        given_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2025, 6, 30),
    )

    assert services.consent_allows(case=case, purpose="follow_up") is False
    assert services.consent_allows(case=case, purpose="follow_up", day=datetime.date(2025, 6, 1)) is True


def test_consent_withdraw_adds_withdrawn_version_and_audit_entry(case, caseworker):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")

    withdrawn = services.consent_withdraw(case=case, by=caseworker, purpose="publication")

    assert (withdrawn.status, withdrawn.version) == ("withdrawn", 2)
    assert services.consent_allows(case=case, purpose="publication") is False
    assert AuditEntry.unscoped.filter(action="consent.withdrawn").count() == 1


def test_consent_withdraw_without_consent_is_refused(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(case=case, by=caseworker, purpose="publication")

    assert list(error.value.message_dict) == ["purpose"]


def test_consent_override_only_by_manager_with_reason(case, caseworker, manager, other_ngo):
    with pytest.raises(PermissionDenied):
        services.consent_override(
            case=case, by=caseworker, purpose="sharing", recipient=other_ngo, reason="Danger"
        )
    with pytest.raises(ValidationError):
        services.consent_override(case=case, by=manager, purpose="sharing", recipient=other_ngo, reason=" ")

    consent = services.consent_override(
        case=case,
        by=manager,
        purpose="sharing",
        recipient=other_ngo,
        reason="Child at immediate risk",
        sections=["personal_data"],
    )

    assert (consent.is_override, consent.method, consent.override_reason) == (
        True,
        "override",
        "Child at immediate risk",
    )
    assert services.consent_allows(case=case, purpose="sharing", recipient=other_ngo) is True
    assert list(
        AuditEntry.unscoped.filter(action__startswith="consent").values_list("action", flat=True)
    ) == ["consent.overridden"]


def test_consent_record_denied_to_shelter_staff(case, shelter_staff):
    with pytest.raises(PermissionDenied):
        services.consent_record(case=case, by=shelter_staff, purpose="assistance", method="oral")


def test_statistics_cases_counts_unanswered_but_never_refused(case, caseworker, ngo, settings):
    refused = services.case_register(
        by=caseworker, organisation=ngo, given_name="Dilnoza", family_name="Testova"
    )
    services.consent_record(
        case=refused, by=caseworker, purpose="statistics", method="oral", status="refused"
    )
    given = services.case_register(
        by=caseworker, organisation=ngo, given_name="Zarina", family_name="Sinteva"
    )
    services.consent_record(case=given, by=caseworker, purpose="statistics", method="oral")

    counted_by_default = set(selectors.statistics_cases(user=caseworker))
    settings.AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT = False
    counted_strictly = set(selectors.statistics_cases(user=caseworker))

    assert counted_by_default == {case, given}
    assert counted_strictly == {given}
    assert services.counts_in_statistics(case=case) is False
    assert Consent.unscoped.count() == 2


def test_statistics_cases_counts_only_the_cases_the_user_sees(case, caseworker, other_ngo):
    other = CaseFactory(organisation=other_ngo)

    counted = set(selectors.statistics_cases(user=caseworker))

    assert counted == {case}
    assert other not in counted
