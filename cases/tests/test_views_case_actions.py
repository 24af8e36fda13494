import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.models import ApprovalRequest, Case, choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import CaseFactory


@pytest.fixture
def case(request, ngo, caseworker):
    case = CaseFactory(organisation=ngo, caseworker=caseworker, stage=choices.Stage.ASSISTANCE)
    grant_to_narrow_cast(request, case)
    return case


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 404),
        ("coordinator", 403),
        ("judge", 403),
    ],
)
@pytest.mark.parametrize("action", ["case_close", "case_transfer"])
def test_case_actions_role_matrix(client, cast, case, role, status, action):
    client.force_login(cast[role])

    response = client.get(reverse(f"cases:{action}", args=[case.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("caseworker", 403), ("hotline_operator", 403), ("outsider", 404), ("judge", 403)],
)
def test_case_assign_role_matrix(client, cast, case, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:case_assign", args=[case.pk]))

    assert response.status_code == status


def test_case_close_records_reason(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "reintegrated"})

    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.stage, case.closure_reason) == (choices.Stage.CLOSED, "reintegrated")


def test_case_close_other_reason_needs_details(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "other"})

    assert response.context["form"].errors == {"details": ["Explain the reason for closing."]}
    assert Case.unscoped.get(pk=case.pk).stage == choices.Stage.ASSISTANCE


def test_case_close_waits_for_manager_where_required_and_manager_approves(
    client, ngo, case, caseworker, manager
):
    ngo.require_manager_approval = True
    ngo.save(update_fields=["require_manager_approval"])
    client.force_login(caseworker)

    client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "reintegrated"})
    waiting_stage = Case.unscoped.get(pk=case.pk).stage
    approval = ApprovalRequest.unscoped.get()
    client.force_login(manager)
    listed = client.get(reverse("cases:approval_list"))
    client.post(reverse("cases:approval_decide", args=[approval.pk]), {"decision": "approve"})

    assert waiting_stage == choices.Stage.ASSISTANCE
    assert list(listed.context["approvals"]) == [approval]
    assert Case.unscoped.get(pk=case.pk).stage == choices.Stage.CLOSED


@pytest.mark.parametrize(("role", "status"), [("manager", 200), ("caseworker", 403), ("outsider", 403)])
def test_approval_list_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:approval_list"))

    assert response.status_code == status


def test_case_reopen(client, case, caseworker):
    case.stage = choices.Stage.CLOSED
    case.save(update_fields=["stage"])
    client.force_login(caseworker)

    client.post(reverse("cases:case_reopen", args=[case.pk]), {"reason": "Came back", "stage": "assistance"})

    assert Case.unscoped.get(pk=case.pk).stage == choices.Stage.ASSISTANCE


def test_case_assign_reassigns_to_a_caseworker_of_the_organisation(client, ngo, case, manager):
    colleague = user_with_role(Role.CASEWORKER, ngo, username="colleague")
    client.force_login(manager)

    client.post(reverse("cases:case_assign", args=[case.pk]), {"caseworker": colleague.pk})

    assert Case.unscoped.get(pk=case.pk).caseworker == colleague


def test_case_stage_change(client, case, caseworker):
    client.force_login(caseworker)

    client.post(reverse("cases:case_stage", args=[case.pk]), {"stage": "reintegration"})

    assert Case.unscoped.get(pk=case.pk).stage == choices.Stage.REINTEGRATION


def test_case_transfer_refused_without_consent_with_reason(client, case, caseworker, other_ngo):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_transfer", args=[case.pk]),
        {"to_organisation": other_ngo.pk, "reason": "MigrationOrChangeOfLocation"},
    )

    assert response.context["form"].errors == {
        "to_organisation": ["The victim has not consented to sharing with this organisation."]
    }
