"""Closing a case without surprises: closure lists what it touches (open referrals, active sharing, pending
follow-ups) and does to each only what the caseworker chose; kept follow-ups go on after closure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import selectors, services
from cases.models import ApprovalRequest, Case, FollowUp, Referral, choices
from cases.tests.factories import ConsentFactory, ReferralFactory, SharedReferralFactory, rss_answers
from network.tests.factories import OrganisationFactory

Status = choices.ReferralStatus
TODAY = datetime.date.today()


@pytest.fixture
def shelter_ngo(db):
    return OrganisationFactory(name_en="Safe House Khujand", country="TJ", region_id="TJ-SU")


@pytest.fixture
def open_referral(case, caseworker, other_ngo):
    """A request sent by the case's organisation that the receiver has not answered yet."""
    return ReferralFactory(
        organisation=case.organisation, case=case, to_organisation=other_ngo, requested_by=caseworker
    )


@pytest.fixture
def sharing(case, caseworker, shelter_ngo):
    """An accepted referral: the receiver sees the screening while the victim's consent lasts."""
    return SharedReferralFactory(
        organisation=case.organisation, case=case, to_organisation=shelter_ngo, requested_by=caseworker
    )


@pytest.fixture
def followups(case, caseworker):
    return services.followup_schedule(
        case=case, by=caseworker, return_date=TODAY - datetime.timedelta(days=40)
    )


def _status(referral) -> str:
    return Referral.unscoped.get(pk=referral.pk).status


# --- the service ------------------------------------------------------------------------------------


def test_case_closure_preview_lists_open_referrals_sharing_and_pending_followups(
    case, open_referral, sharing, followups
):
    preview = services.case_closure_preview(case=case)

    assert preview.open_referrals == [open_referral]
    assert preview.active_sharing == [sharing]
    assert preview.pending_followups == followups


def test_case_closure_preview_leaves_out_sharing_the_consent_no_longer_allows(case, sharing, caseworker):
    ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose=choices.ConsentPurpose.SHARING,
        recipient=sharing.to_organisation,
        status=choices.ConsentStatus.WITHDRAWN,
        version=2,
    )

    assert services.case_closure_preview(case=case).active_sharing == []


def test_case_close_refuses_an_open_referral_without_a_decision_naming_it(case, caseworker, open_referral):
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, by=caseworker, reason="reintegrated")

    assert error.value.message_dict == {
        "referrals": [
            f"Choose whether to withdraw or keep the referral of {case.code} to Human Rights Centre."
        ]
    }
    assert (Case.unscoped.get(pk=case.pk).stage, _status(open_referral)) == ("screening", Status.REQUESTED)


def test_case_close_refuses_every_undecided_item_at_once(case, caseworker, open_referral, sharing, followups):
    with pytest.raises(ValidationError) as error:
        services.case_close(
            case=case, by=caseworker, reason="reintegrated", keep_referrals=[open_referral.pk]
        )

    assert error.value.message_dict == {
        "referrals": [f"Choose whether to end or keep the sharing of {case.code} with Safe House Khujand."],
        "keep_followups": ["Choose whether to keep or cancel the 4 pending follow-ups."],
    }


def test_case_close_refuses_a_referral_both_withdrawn_and_kept(case, caseworker, open_referral):
    with pytest.raises(ValidationError) as error:
        services.case_close(
            case=case,
            by=caseworker,
            reason="reintegrated",
            withdraw_referrals=[open_referral.pk],
            keep_referrals=[open_referral.pk],
        )

    assert list(error.value.message_dict) == ["keep_referrals"]


def test_case_close_requires_a_reason(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, by=caseworker, reason="")

    assert error.value.message_dict == {"reason": ["Choose the reason for closing."]}


def test_case_close_accepts_re_trafficked_as_a_reason(case, caseworker):
    closed = services.case_close(case=case, by=caseworker, reason="re_trafficked")

    assert closed.get_closure_reason_display() == "Re-trafficked"


def test_case_close_does_what_was_chosen_and_the_audit_entry_says_so(
    case, caseworker, open_referral, sharing, followups, shelter_ngo
):
    services.case_close(
        case=case,
        by=caseworker,
        reason="reintegrated",
        withdraw_referrals=[open_referral.pk, sharing.pk],
        keep_followups=False,
    )

    assert (_status(open_referral), _status(sharing)) == (Status.WITHDRAWN, Status.WITHDRAWN)
    assert FollowUp.unscoped.filter(case=case).pending().count() == 0
    assert AuditEntry.unscoped.get(action="case.closed").details == {
        "reason": "reintegrated",
        "referrals_withdrawn": [open_referral.pk],
        "sharing_ended": [sharing.pk],
        "referrals_kept": [],
        "sharing_kept": [],
        "followups_kept": [],
        "followups_cancelled": [followup.pk for followup in followups],
    }
    assert sorted(
        AuditEntry.unscoped.filter(action="referral.withdrawn").values_list("object_id", flat=True)
    ) == sorted([str(open_referral.pk), str(sharing.pk)])


def test_case_close_ending_sharing_hides_the_case_from_the_receiver(case, caseworker, sharing, shelter_ngo):
    receiver = user_with_role(Role.CASEWORKER, shelter_ngo)
    assert list(Case.objects.visible_to(receiver)) == [case]

    services.case_close(case=case, by=caseworker, reason="reintegrated", withdraw_referrals=[sharing.pk])

    assert list(Case.objects.visible_to(receiver)) == []


def test_case_close_lists_a_completed_referral_as_sharing_and_can_end_it(case, caseworker, shelter_ngo):
    completed = SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=shelter_ngo,
        requested_by=caseworker,
        status=Status.COMPLETED,
    )
    receiver = user_with_role(Role.CASEWORKER, shelter_ngo)

    preview = services.case_closure_preview(case=case)
    services.case_close(case=case, by=caseworker, reason="reintegrated", withdraw_referrals=[completed.pk])

    assert preview.active_sharing == [completed]
    assert _status(completed) == Status.WITHDRAWN
    assert list(Case.objects.visible_to(receiver)) == []


def test_case_close_names_an_open_referral_to_a_body_outside_amanat(case, caseworker):
    external = ReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=None,
        external_name="Migration police, Moscow",
        external_type="law_enforcement",
        external_country="RU",
        external_consent_method=choices.ConsentMethod.WRITTEN,
        requested_by=caseworker,
    )

    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, by=caseworker, reason="reintegrated")

    assert services.case_closure_preview(case=case).open_referrals == [external]
    assert error.value.message_dict["referrals"] == [
        f"Choose whether to withdraw or keep the referral of {case.code} to Migration police, Moscow."
    ]


def test_case_close_keeps_what_was_kept(case, caseworker, open_referral, sharing, shelter_ngo):
    services.case_close(
        case=case, by=caseworker, reason="relocated", keep_referrals=[open_referral.pk, sharing.pk]
    )

    assert (_status(open_referral), _status(sharing)) == (Status.REQUESTED, Status.ACCEPTED)
    details = AuditEntry.unscoped.get(action="case.closed").details
    assert (details["referrals_kept"], details["sharing_kept"]) == ([open_referral.pk], [sharing.pk])


def test_case_close_leaves_out_referrals_another_organisation_sent(
    case, caseworker, other_ngo, outsider, ngo
):
    # A referral of this case by its former owner (before a transfer) is not this organisation's to withdraw.
    ReferralFactory(
        organisation=other_ngo, case=case, to_organisation=OrganisationFactory(), requested_by=outsider
    )

    closed = services.case_close(case=case, by=caseworker, reason="reintegrated")

    assert closed.is_closed


def test_kept_followups_stay_due_reminded_and_recordable_after_closure(case, caseworker, followups):
    services.case_close(case=case, by=caseworker, reason="reintegrated", keep_followups=True)

    assert [f.pk for f in selectors.followups_due(user=caseworker)] == [followups[0].pk]
    assert services.followup_reminders_send() == 1
    services.followup_update(followup=followups[0], by=caseworker, done_on=TODAY, outcome="Working, stable")
    assessment = services.assessment_record(
        case=case, by=caseworker, answers=rss_answers(), followup=followups[1]
    )
    assert assessment.followup.done_on == TODAY
    assert FollowUp.unscoped.filter(case=case).pending().count() == 2


def test_case_close_denied_without_close_permission(case, shelter_staff, open_referral):
    with pytest.raises(PermissionDenied):
        services.case_close(
            case=case, by=shelter_staff, reason="reintegrated", withdraw_referrals=[open_referral.pk]
        )

    assert _status(open_referral) == Status.REQUESTED


# --- with a manager's approval ---------------------------------------------------------------------


@pytest.fixture
def approval_needed(ngo):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])


def test_case_close_approval_carries_the_decisions_to_the_moment_of_approval(
    approval_needed, case, caseworker, manager, open_referral, sharing, followups
):
    approval = services.case_close(
        case=case,
        by=caseworker,
        reason="reintegrated",
        withdraw_referrals=[open_referral.pk],
        keep_referrals=[sharing.pk],
        keep_followups=True,
    )

    assert isinstance(approval, ApprovalRequest)
    assert _status(open_referral) == Status.REQUESTED  # nothing happens before the approval
    assert approval.closure_decisions == {
        "withdraw": [open_referral.pk],
        "keep": [sharing.pk],
        "keep_followups": True,
    }

    services.case_approve(approval=approval, by=manager)

    assert Case.unscoped.get(pk=case.pk).is_closed
    assert (_status(open_referral), _status(sharing)) == (Status.WITHDRAWN, Status.ACCEPTED)
    assert FollowUp.unscoped.filter(case=case).pending().count() == 4


def test_case_close_approval_refused_when_a_referral_was_opened_since(
    approval_needed, case, caseworker, manager, other_ngo
):
    approval = services.case_close(case=case, by=caseworker, reason="reintegrated")
    ReferralFactory(
        organisation=case.organisation, case=case, to_organisation=other_ngo, requested_by=caseworker
    )

    with pytest.raises(ValidationError) as error:
        services.case_approve(approval=approval, by=manager)

    assert error.value.messages == [
        "The case changed since the closure was requested; reject this request and close the case again.",
        f"Choose whether to withdraw or keep the referral of {case.code} to Human Rights Centre.",
    ]
    assert not Case.unscoped.get(pk=case.pk).is_closed
    assert ApprovalRequest.unscoped.get(pk=approval.pk).status == choices.ApprovalStatus.PENDING


def test_approval_list_says_what_the_closure_will_do(
    client, approval_needed, case, caseworker, manager, open_referral, followups
):
    services.case_close(
        case=case,
        by=caseworker,
        reason="reintegrated",
        withdraw_referrals=[open_referral.pk],
        keep_followups=True,
    )
    client.force_login(manager)

    page = client.get(reverse("cases:approval_list")).content.decode()

    assert "Withdraws 1 referral or sharing." in page
    assert "Follow-ups go on after closure." in page


# --- the page -------------------------------------------------------------------------------------


def _url(case) -> str:
    return reverse("cases:case_close", args=[case.pk])


def test_case_close_page_lists_what_closing_will_do(
    client, case, caseworker, open_referral, sharing, followups
):
    client.force_login(caseworker)

    page = client.get(_url(case)).content.decode()

    assert "Referral to Human Rights Centre, sent on" in page
    assert "Safe House Khujand sees: Screening" in page
    assert "4 pending follow-ups, the next due on" in page
    # No choice is made in advance.
    assert "checked" not in page


def test_case_close_page_without_a_choice_shows_every_error_and_keeps_the_values(
    client, case, caseworker, open_referral, sharing, followups
):
    client.force_login(caseworker)

    response = client.post(
        _url(case), {"reason": "other", "details": "Moved to a relative", f"referral_{sharing.pk}": "keep"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        f"referral_{open_referral.pk}": ["Choose what happens to it."],
        "followups": ["Choose what happens to it."],
    }
    page = response.content.decode()
    assert 'value="other" selected' in page and "Moved to a relative" in page
    assert (
        f'name="referral_{sharing.pk}" value="keep" required id="id_referral_{sharing.pk}_1" checked' in page
    )
    assert not Case.unscoped.get(pk=case.pk).is_closed


def test_case_close_page_closes_with_the_choices(client, case, caseworker, open_referral, sharing, followups):
    client.force_login(caseworker)

    response = client.post(
        _url(case),
        {
            "reason": "reintegrated",
            f"referral_{open_referral.pk}": "withdraw",
            f"referral_{sharing.pk}": "keep",
            "followups": "keep",
        },
    )

    assert response.url == case.get_absolute_url()
    assert Case.unscoped.get(pk=case.pk).is_closed
    assert (_status(open_referral), _status(sharing)) == (Status.WITHDRAWN, Status.ACCEPTED)
    assert FollowUp.unscoped.filter(case=case).pending().count() == 4


def test_case_close_page_requires_a_reason(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(_url(case), {"reason": ""})

    assert response.context["form"].errors == {"reason": ["Choose the reason for closing."]}


def test_case_close_page_of_a_closed_case_goes_back_to_the_case(client, case, caseworker):
    services.case_close(case=case, by=caseworker, reason="reintegrated")
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert response.url == case.get_absolute_url()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 302),
        ("manager", 302),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 404),
        ("coordinator", 403),
        ("judge", 403),
    ],
)
def test_case_close_post_role_matrix(client, cast, case, open_referral, role, status):
    client.force_login(cast[role])

    response = client.post(_url(case), {"reason": "reintegrated", f"referral_{open_referral.pk}": "withdraw"})

    assert response.status_code == status
    assert _status(open_referral) == (Status.WITHDRAWN if status == 302 else Status.REQUESTED)
    assert Case.unscoped.get(pk=case.pk).is_closed == (status == 302)


def test_case_close_password_only_changes_nothing(case, caseworker, open_referral):
    password_only = Client()  # logged in, second factor not passed
    password_only.force_login(caseworker)

    page = password_only.get(_url(case))
    response = password_only.post(
        _url(case), {"reason": "reintegrated", f"referral_{open_referral.pk}": "withdraw"}
    )

    assert (
        page.url.startswith(reverse("accounts:two_factor"))
        and "Human Rights Centre" not in page.content.decode()
    )
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert (Case.unscoped.get(pk=case.pk).is_closed, _status(open_referral)) == (False, Status.REQUESTED)


# --- the API --------------------------------------------------------------------------------------


def _api_url(case) -> str:
    return reverse("api:case-close", args=[case.pk])


def test_cases_api_close_without_a_decision_is_400_naming_the_referral(api, case, caseworker, open_referral):
    api.force_authenticate(caseworker)

    response = api.post(_api_url(case), {"reason": "reintegrated"}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "referrals"
    assert response.json()["error"] == (
        f"Choose whether to withdraw or keep the referral of {case.code} to Human Rights Centre."
    )
    assert _status(open_referral) == Status.REQUESTED


def test_cases_api_close_with_decisions_withdraws_and_keeps_followups(
    api, case, caseworker, open_referral, followups
):
    api.force_authenticate(caseworker)

    response = api.post(
        _api_url(case),
        {"reason": "reintegrated", "withdraw_referrals": [open_referral.pk], "keep_followups": True},
        format="json",
    )

    assert (response.status_code, response.json()["stage"]) == (200, "closed")
    assert _status(open_referral) == Status.WITHDRAWN
    assert FollowUp.unscoped.filter(case=case).pending().count() == 4


def test_cases_api_close_password_only_is_refused_and_changes_nothing(case, caseworker, open_referral):
    password_only = APIClient()
    password_only.force_login(caseworker)

    response = password_only.post(
        _api_url(case), {"reason": "reintegrated", "withdraw_referrals": [open_referral.pk]}, format="json"
    )

    assert (response.status_code, response.json()["error"]) == (403, "Second factor required.")
    assert (Case.unscoped.get(pk=case.pk).is_closed, _status(open_referral)) == (False, Status.REQUESTED)


def test_cases_api_close_outsider_gets_404(api, case, outsider, open_referral):
    api.force_authenticate(outsider)

    response = api.post(
        _api_url(case), {"reason": "reintegrated", "withdraw_referrals": [open_referral.pk]}, format="json"
    )

    assert response.status_code == 404
    assert _status(open_referral) == Status.REQUESTED
