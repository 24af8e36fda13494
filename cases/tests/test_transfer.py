import pytest

from cases import selectors, services
from cases.models import ApprovalRequest, Case, Consent, FollowUp, Note, Victim
from notifications.models import Notification

EVERY_SECTION = [
    "personal_data",
    "screening",
    "experience",
    "services",
    "reintegration",
    "notes",
    "attachments",
    "legal",
]


@pytest.fixture
def consented(case, caseworker, other_ngo):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="written",
        sections=EVERY_SECTION,
    )
    return case


def test_case_transfer_moves_case_and_its_rows_on_acceptance(consented, caseworker, ngo, other_ngo, outsider):
    services.note_add(case=consented, by=caseworker, text="Handover summary")
    services.followup_schedule(case=consented, by=caseworker, return_date=consented.registered_on)
    referral = services.case_transfer(case=consented, by=caseworker, to_organisation=other_ngo)

    services.referral_accept(referral=referral, by=outsider)

    case = Case.unscoped.get(pk=consented.pk)
    assert (case.organisation, case.referring_organisation, case.caseworker) == (other_ngo, ngo, outsider)
    assert {model.unscoped.get(case=case).organisation_id for model in (Victim, Note)} == {other_ngo.pk}
    assert set(Consent.unscoped.filter(case=case).values_list("organisation_id", flat=True)) == {other_ngo.pk}
    assert set(
        FollowUp.unscoped.filter(case=case, cancelled=False).values_list("assigned_to", flat=True)
    ) == {outsider.pk}
    assert list(selectors.case_list(user=outsider)) == [case]
    assert list(selectors.case_list(user=caseworker)) == []


def test_case_transfer_waits_for_manager_where_required(
    consented, caseworker, manager, ngo, other_ngo, outsider
):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])

    referral = services.case_transfer(case=consented, by=caseworker, to_organisation=other_ngo)

    assert referral.status == "awaiting_approval"
    assert list(selectors.referrals_incoming(user=outsider)) == []
    assert list(Notification.unscoped.values_list("recipient__username", "kind")) == [
        ("manager", "approval_waiting")
    ]

    services.case_approve(approval=ApprovalRequest.unscoped.get(), by=manager)

    referral.refresh_from_db()
    assert referral.status == "requested"
    assert list(selectors.referrals_incoming(user=outsider)) == [referral]


def test_case_transfer_rejected_by_manager_is_withdrawn(consented, caseworker, manager, ngo, other_ngo):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])
    referral = services.case_transfer(case=consented, by=caseworker, to_organisation=other_ngo)

    services.case_approve(approval=ApprovalRequest.unscoped.get(), by=manager, approve=False)

    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert Case.unscoped.get(pk=consented.pk).organisation == ngo
