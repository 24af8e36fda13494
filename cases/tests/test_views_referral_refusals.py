"""What a receiving organisation and a role without the right cannot do with referrals and approvals:
each refusal is a 403 that changes nothing."""

import pytest
from django.urls import reverse

from cases.models import ApprovalRequest, Referral, choices
from cases.tests.factories import CaseFactory, ScreeningFactory, SharedReferralFactory


@pytest.fixture
def shared_case(ngo, caseworker, other_ngo):
    """A case of ``ngo`` whose screening was shared with ``other_ngo`` through an accepted referral."""
    case = CaseFactory(organisation=ngo, caseworker=caseworker, stage=choices.Stage.ASSISTANCE)
    ScreeningFactory(organisation=ngo, case=case)
    SharedReferralFactory(organisation=ngo, case=case, to_organisation=other_ngo, share_screening=True)
    return case


def test_receiving_organisation_cannot_refer_a_shared_case_onwards(client, shared_case, outsider, ngo):
    client.force_login(outsider)

    page = client.get(reverse("cases:case_referrals", args=[shared_case.pk]))
    response = client.post(
        reverse("cases:case_referrals", args=[shared_case.pk]),
        {"to_organisation": ngo.pk, "service_needed": "legal_aid", "reason": "AdditionalServicesRequired"},
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 403
    assert Referral.unscoped.count() == 1


def test_referral_withdraw_twice_says_why_and_changes_nothing(client, shared_case, caseworker):
    referral = Referral.unscoped.get()
    client.force_login(caseworker)
    client.post(reverse("cases:referral_withdraw", args=[shared_case.pk, referral.pk]), follow=True)

    response = client.post(
        reverse("cases:referral_withdraw", args=[shared_case.pk, referral.pk]), follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Referral.unscoped.get().status == choices.ReferralStatus.WITHDRAWN


@pytest.mark.parametrize(("role", "status"), [("manager", 200), ("caseworker", 403), ("outsider", 403)])
def test_approval_list_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:approval_list"))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("caseworker", 403), ("outsider", 403), ("hotline_operator", 403)]
)
def test_approval_decide_by_a_role_without_approval_is_refused(client, cast, ngo, caseworker, role, status):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])
    case = CaseFactory(organisation=ngo, caseworker=caseworker)
    approval = ApprovalRequest.objects.create(
        organisation=ngo, case=case, action=choices.ApprovalAction.CLOSE, requested_by=caseworker
    )
    client.force_login(cast[role])

    response = client.post(reverse("cases:approval_decide", args=[approval.pk]), {"decision": "approve"})

    assert response.status_code == 403
    assert ApprovalRequest.unscoped.get().status == choices.ApprovalStatus.PENDING


def test_approval_decide_of_another_organisations_request_is_404(client, ngo, other_ngo, caseworker):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    other_manager = user_with_role(Role.MANAGER, other_ngo, username="other-manager")
    case = CaseFactory(organisation=ngo, caseworker=caseworker)
    approval = ApprovalRequest.objects.create(
        organisation=ngo, case=case, action=choices.ApprovalAction.CLOSE, requested_by=caseworker
    )
    client.force_login(other_manager)

    response = client.post(reverse("cases:approval_decide", args=[approval.pk]), {"decision": "approve"})

    assert response.status_code == 404
    assert ApprovalRequest.unscoped.get().status == choices.ApprovalStatus.PENDING
