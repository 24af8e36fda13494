import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import selectors, services
from cases.models import ApprovalRequest, Case
from notifications.models import Notification


def test_case_stage_set_moves_through_workflow(case, caseworker):
    for stage in ("assistance", "reintegration", "monitoring"):
        services.case_stage_set(case=case, by=caseworker, stage=stage)

    assert Case.unscoped.get(pk=case.pk).stage == "monitoring"
    assert Case.unscoped.get(pk=case.pk).htcds_status == "FollowUp"


def test_case_close_records_reason_and_cancels_followups(case, caseworker):
    services.followup_schedule(case=case, by=caseworker, return_date=case.registered_on)

    followups = sorted(case.followups.values_list("pk", flat=True))

    closed = services.case_close(case=case, by=caseworker, reason="reintegrated", keep_followups=False)

    assert (closed.stage, closed.closure_reason, closed.htcds_status) == ("closed", "reintegrated", "Closed")
    assert case.followups.filter(cancelled=False).count() == 0
    assert AuditEntry.unscoped.filter(action="case.closed").get().details == {
        "reason": "reintegrated",
        "referrals_withdrawn": [],
        "sharing_ended": [],
        "referrals_kept": [],
        "sharing_kept": [],
        "followups_kept": [],
        "followups_cancelled": followups,
    }


def test_case_close_other_needs_details(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, by=caseworker, reason="other")

    assert list(error.value.message_dict) == ["details"]


def test_case_close_denied_to_shelter_staff(case, shelter_staff):
    with pytest.raises(PermissionDenied):
        services.case_close(case=case, by=shelter_staff, reason="reintegrated")


def test_case_close_waits_for_manager_approval_where_required(case, caseworker, manager, ngo):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])

    approval = services.case_close(case=case, by=caseworker, reason="lost_contact")

    assert isinstance(approval, ApprovalRequest)
    assert Case.unscoped.get(pk=case.pk).stage == "screening"
    assert list(selectors.approvals_pending(user=manager)) == [approval]
    assert Notification.unscoped.get().recipient == manager

    services.case_approve(approval=approval, by=manager)

    assert Case.unscoped.get(pk=case.pk).closure_reason == "lost_contact"
    assert list(selectors.approvals_pending(user=manager)) == []


def test_case_approve_denied_to_caseworker(case, caseworker, ngo):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])
    approval = services.case_close(case=case, by=caseworker, reason="lost_contact")

    with pytest.raises(PermissionDenied):
        services.case_approve(approval=approval, by=caseworker)


def test_case_reopen_returns_to_a_working_stage(case, caseworker):
    services.case_close(case=case, by=caseworker, reason="lost_contact")

    reopened = services.case_reopen(case=case, by=caseworker, reason="Contact restored")

    assert (reopened.stage, reopened.closure_reason, reopened.closed_on) == ("assistance", "", None)
    assert [note.text for note in case.notes.all()] == ["Contact restored"]


def test_case_assign_reassigns_pending_followups(case, caseworker, manager, ngo):
    colleague = user_with_role(Role.CASEWORKER, ngo)
    services.followup_schedule(case=case, by=caseworker, return_date=case.registered_on)

    services.case_assign(case=case, by=manager, caseworker=colleague)

    assert Case.unscoped.get(pk=case.pk).caseworker == colleague
    assert set(case.followups.values_list("assigned_to", flat=True)) == {colleague.pk}
    assert Notification.unscoped.get().kind == "case_assigned"


def test_case_assign_refuses_person_outside_organisation(case, manager, outsider):
    with pytest.raises(ValidationError) as error:
        services.case_assign(case=case, by=manager, caseworker=outsider)

    assert list(error.value.message_dict) == ["caseworker"]


def test_screening_update_records_who_identified(case, caseworker):
    screening = services.screening_update(
        case=case,
        by=caseworker,
        identification_status="ActualVictimOfTrafficking",
        indicators=["debt_bondage"],
    )

    assert (screening.decided_by, screening.identification_status) == (
        caseworker,
        "ActualVictimOfTrafficking",
    )
    assert screening.identification_date is not None


def test_event_add_derives_cross_border_and_duration(case, caseworker):
    import datetime

    services.event_add(
        case=case, by=caseworker, type="Recruitment", country="TJ", started_on=datetime.date(2025, 1, 1)
    )
    services.event_add(
        case=case,
        by=caseworker,
        type="Exploitation",
        country="RU",
        started_on=datetime.date(2025, 2, 1),
        ended_on=datetime.date(2025, 3, 3),
    )

    experience = case.experience
    experience.refresh_from_db()
    assert (experience.is_cross_border, experience.duration_days) == (True, 30)


def test_event_add_exit_before_entry_refused(case, caseworker):
    import datetime

    with pytest.raises(ValidationError) as error:
        services.event_add(
            case=case,
            by=caseworker,
            type="Exploitation",
            country="KZ",
            started_on=datetime.date(2025, 2, 1),
            ended_on=datetime.date(2025, 1, 1),
        )

    assert list(error.value.message_dict) == ["ended_on"]


def test_experience_internal_when_exploited_in_own_country(case, caseworker):
    services.event_add(case=case, by=caseworker, type="Exploitation", country="TJ")

    experience = services.experience_update(case=case, by=caseworker, exploitation_types=["ForcedLabour"])

    assert (experience.is_cross_border, experience.exploitation_types) == (False, ["ForcedLabour"])
