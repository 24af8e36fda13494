"""Administrators cannot quietly give themselves victims' data (issue 6, item 9).

A system administrator granting themselves, or another administrator, a role that reads an NGO's personal
data gets a pending request instead of the role: a second administrator or that NGO's manager approves it,
the NGO's managers are e-mailed, and the NGO's audit page shows who asked and who approved.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Membership, MembershipGrant, MembershipGrantStatus
from accounts.roles import Role
from accounts.tests.factories import MembershipGrantFactory, user_with_role
from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import VictimFactory


@pytest.fixture
def second_admin(iom_office):
    return user_with_role(Role.SYSTEM_ADMIN, iom_office, username="sysadmin2")


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other-manager")


@pytest.fixture
def self_grant(system_admin, ngo, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.membership_grant(
            by=system_admin, user=system_admin, organisation=ngo, role=Role.CASEWORKER
        )


def _active_roles(user, organisation) -> list[str]:
    return list(
        Membership.unscoped.filter(user=user, organisation=organisation, is_active=True).values_list(
            "role", flat=True
        )
    )


def test_admin_granting_itself_a_caseworker_role_gets_a_pending_request_not_the_role(
    system_admin, ngo, self_grant
):
    """ASVS 5.0 chapter 8 (authorization; outside chapters 6 and 7): no self-granted access to personal
    data without a second person."""
    case = VictimFactory(organisation=ngo).case

    seen = Case.objects.visible_to(system_admin).filter(pk=case.pk).exists()

    assert isinstance(self_grant, MembershipGrant)
    assert (self_grant.status, self_grant.requested_by, self_grant.user) == (
        MembershipGrantStatus.PENDING,
        system_admin,
        system_admin,
    )
    assert _active_roles(system_admin, ngo) == []
    assert seen is False


def test_admin_self_grant_is_e_mailed_to_the_ngo_managers_and_on_its_audit_page(
    client, manager, ngo, self_grant
):
    client.force_login(manager)

    audit_page = client.get(reverse("audit:entry_list"))

    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert mail.outbox[0].subject == "A role in your organisation is waiting for approval"
    assert 'asked for user sysadmin to hold the role "Caseworker"' in mail.outbox[0].body
    assert "/accounts/membership-grants/" in mail.outbox[0].body
    assert list(AuditEntry.unscoped.filter(organisation=ngo).values_list("action", flat=True)) == [
        "membership.grant_requested"
    ]
    assert "membership.grant_requested" in audit_page.content.decode()


def test_admin_granting_another_admin_a_personal_data_role_needs_approval(system_admin, second_admin, ngo):
    granted = services.membership_grant(
        by=system_admin, user=second_admin, organisation=ngo, role=Role.MANAGER
    )

    assert isinstance(granted, MembershipGrant)
    assert _active_roles(second_admin, ngo) == []


@pytest.mark.parametrize(
    ("granter", "grantee", "role"),
    [
        ("system_admin", "newcomer", Role.CASEWORKER),  # staff of the NGO: the usual way
        ("system_admin", "system_admin", Role.COORDINATOR),  # reads no personal data
        ("manager", "system_admin", Role.CASEWORKER),  # the NGO's manager is the second person
    ],
)
def test_grants_that_need_no_second_person_take_effect_at_once(cast, ngo, granter, grantee, role):
    user = cast.get(grantee) or user_with_role(Role.HOTLINE_OPERATOR, ngo, username=grantee)

    granted = services.membership_grant(by=cast[granter], user=user, organisation=ngo, role=role)

    assert isinstance(granted, Membership)
    assert role in _active_roles(user, ngo)


def test_user_page_says_the_self_granted_role_waits_for_approval(client, system_admin, ngo):
    client.force_login(system_admin)

    response = client.post(
        reverse("accounts:user_detail", args=[system_admin.pk]),
        {"organisation": ngo.pk, "role": Role.CASEWORKER},
        follow=True,
    )

    assert [str(grant) for grant in response.context["pending"]] == [f"Caseworker — {ngo}"]
    assert [str(message) for message in response.context["messages"]] == [
        "This role reads the organisation's personal data: it takes effect once a second administrator or "
        "the organisation's manager approves it."
    ]
    assert _active_roles(system_admin, ngo) == []


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("manager", 302),
        ("second_admin", 302),
        ("system_admin", 403),  # asked for it: never approves it
        ("caseworker", 403),
        ("other_manager", 404),
        ("password_only_manager", 302),  # to the two-factor page, nothing granted
    ],
)
def test_membership_grant_approve_role_matrix(
    client, cast, second_admin, other_manager, self_grant, ngo, member, status
):
    people = {**cast, "second_admin": second_admin, "other_manager": other_manager}
    if member == "password_only_manager":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(people[member])

    response = client.post(reverse("accounts:membership_grant_approve", args=[self_grant.pk]))

    granted = member in {"manager", "second_admin"}
    assert response.status_code == status
    assert _active_roles(cast["system_admin"], ngo) == (["caseworker"] if granted else [])
    if member == "password_only_manager":
        assert response.url.startswith(reverse("accounts:two_factor"))


def test_approved_admin_reads_the_ngo_cases_and_managers_are_told(
    client, manager, system_admin, ngo, self_grant, django_capture_on_commit_callbacks
):
    case = VictimFactory(organisation=ngo).case
    client.force_login(manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:membership_grant_approve", args=[self_grant.pk]))

    grant = MembershipGrant.unscoped.get(pk=self_grant.pk)
    assert response.url == reverse("accounts:membership_grant_list")
    assert (grant.status, grant.decided_by, grant.membership.role) == ("approved", manager, "caseworker")
    assert Case.objects.visible_to(type(system_admin).objects.get(pk=system_admin.pk)).get() == case
    assert [message.subject for message in mail.outbox] == ["A role in your organisation was approved"]
    entry = AuditEntry.unscoped.get(action="membership.granted")
    assert (entry.organisation, entry.actor, entry.details) == (
        ngo,
        manager,
        {"role": "caseworker", "grant_id": grant.pk, "requested_by_id": system_admin.pk},
    )


def test_membership_grant_decline_grants_nothing_and_is_audited(
    client, manager, system_admin, ngo, self_grant
):
    client.force_login(manager)

    response = client.post(reverse("accounts:membership_grant_decline", args=[self_grant.pk]))

    assert response.status_code == 302
    assert MembershipGrant.unscoped.get(pk=self_grant.pk).status == "declined"
    assert _active_roles(system_admin, ngo) == []
    assert AuditEntry.unscoped.filter(organisation=ngo, action="membership.grant_declined").count() == 1


def test_membership_grant_cannot_be_decided_twice(manager, second_admin, self_grant):
    services.membership_grant_approve(grant=self_grant, by=manager)

    with pytest.raises(ValidationError):
        services.membership_grant_decline(grant=self_grant, by=second_admin)


def test_membership_grant_user_cannot_approve_a_request_someone_else_made_for_them(
    system_admin, second_admin, ngo
):
    grant = services.membership_grant(
        by=second_admin, user=system_admin, organisation=ngo, role=Role.CASEWORKER
    )

    with pytest.raises(PermissionDenied):
        services.membership_grant_approve(grant=grant, by=system_admin)


@pytest.mark.parametrize(
    ("member", "status"), [("manager", 200), ("system_admin", 200), ("caseworker", 403), ("outsider", 403)]
)
def test_membership_grant_list_role_matrix(client, cast, ngo, other_ngo, member, status):
    MembershipGrantFactory(organisation=ngo, user=cast["system_admin"], requested_by=cast["system_admin"])
    MembershipGrantFactory(organisation=other_ngo)
    client.force_login(cast[member])

    response = client.get(reverse("accounts:membership_grant_list"))

    assert response.status_code == status
    if status == 200:
        shown = {grant.organisation for grant, _ in response.context["rows"]}
        assert shown == ({ngo} if member == "manager" else {ngo, other_ngo})


def test_admin_granting_ngo_staff_a_personal_data_role_tells_the_ngo_managers(
    system_admin, manager, ngo, django_capture_on_commit_callbacks
):
    """Not a request (an NGO's staff is the administrator's daily work), but the managers hear of it:
    an administrator's second account would otherwise read the victims unnoticed."""
    newcomer = user_with_role(Role.HOTLINE_OPERATOR, ngo, username="newcomer")

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_grant(by=system_admin, user=newcomer, organisation=ngo, role=Role.CASEWORKER)

    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([manager.email], "A role in your organisation was granted")
    ]
    assert 'sysadmin gave user newcomer the role "Caseworker"' in mail.outbox[0].body
    assert f"/accounts/users/{newcomer.pk}/" in mail.outbox[0].body


def test_ngo_manager_granting_own_staff_a_role_sends_no_notice(
    manager, ngo, django_capture_on_commit_callbacks
):
    newcomer = user_with_role(Role.HOTLINE_OPERATOR, ngo, username="newcomer")

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_grant(by=manager, user=newcomer, organisation=ngo, role=Role.CASEWORKER)

    assert mail.outbox == []
