import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory
from audit import selectors
from audit.tests.factories import AccessLogEntryFactory, AuditEntryFactory

AUDIT_PAGES = ["audit:entry_list", "audit:access_log_list", "audit:history_list"]


@pytest.mark.parametrize("url_name", AUDIT_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("system_admin", 200), ("caseworker", 403), ("outsider", 403), ("coordinator", 403)],
)
def test_audit_pages_role_matrix(client, cast, url_name, role, status):
    client.force_login(cast[role])

    response = client.get(reverse(url_name))

    assert response.status_code == status


def test_audit_entry_list_shows_manager_own_organisation_only(client, manager, ngo, other_ngo):
    own = AuditEntryFactory(organisation=ngo, action="case.closed")
    AuditEntryFactory(organisation=other_ngo, action="case.closed")
    AuditEntryFactory(organisation=None, action="login.failed")
    client.force_login(manager)

    response = client.get(reverse("audit:entry_list"))

    assert list(response.context["page"]) == [own]


def test_audit_entry_list_shows_system_admin_every_organisation(client, system_admin, ngo, other_ngo):
    entries = [AuditEntryFactory(organisation=ngo), AuditEntryFactory(organisation=other_ngo)]
    client.force_login(system_admin)

    response = client.get(reverse("audit:entry_list"))

    assert set(response.context["page"]) == set(entries)


@pytest.mark.parametrize("rows", [1, 3])
def test_audit_entry_list_filters_by_action_and_record_with_constant_queries(
    client, manager, ngo, rows, django_assert_num_queries
):
    wanted = [AuditEntryFactory(organisation=ngo, action="case.closed", object_id="7") for _ in range(rows)]
    AuditEntryFactory(organisation=ngo, action="membership.granted", object_id="7")
    AuditEntryFactory(organisation=ngo, action="case.closed", object_id="8")
    client.force_login(manager)
    client.get("/healthz")  # warm the session so that its queries are counted alike

    with django_assert_num_queries(8):
        response = client.get(reverse("audit:entry_list"), {"action": "case.", "object_id": "7"})

    assert set(response.context["page"]) == set(wanted)


def test_access_log_list_filters_by_user_and_masks_address(client, manager, ngo, other_ngo):
    read = AccessLogEntryFactory(organisation=ngo, actor=manager, ip_address="203.0.113.7")
    AccessLogEntryFactory(organisation=ngo)
    AccessLogEntryFactory(organisation=other_ngo, actor=manager)
    client.force_login(manager)

    response = client.get(reverse("audit:access_log_list"), {"actor": manager.pk})

    assert list(response.context["page"]) == [read]
    assert "203.0.113.x" in response.content.decode()
    assert "203.0.113.7" not in response.content.decode()


def test_access_log_list_offers_only_users_seen_in_own_organisation(
    client, manager, ngo, other_ngo, outsider
):
    AccessLogEntryFactory(organisation=ngo, actor=manager)
    AccessLogEntryFactory(organisation=other_ngo, actor=outsider)
    client.force_login(manager)

    response = client.get(reverse("audit:access_log_list"))

    assert list(response.context["filter"].form.fields["actor"].queryset) == [manager]


def test_history_list_shows_membership_changes_of_own_organisation(client, manager, ngo, other_ngo):
    membership = MembershipFactory(organisation=ngo, role=Role.CASEWORKER)
    membership.role = Role.SHELTER_STAFF
    membership.save(update_fields=["role"])
    MembershipFactory(organisation=other_ngo)
    client.force_login(manager)

    query = {"record_type": "accounts.membership", "action": "~"}
    response = client.get(reverse("audit:history_list"), query)

    rows = list(response.context["page"])
    assert [(row.object_id, row.action) for row in rows] == [(membership.pk, "changed")]
    changes = [(c.label, c.before, c.after) for c in rows[0].changes]
    assert changes == [("Role", "Caseworker", "Shelter staff")]


def test_history_list_of_system_admin_spans_organisations(client, system_admin, ngo, other_ngo):
    memberships = [MembershipFactory(organisation=ngo), MembershipFactory(organisation=other_ngo)]
    client.force_login(system_admin)

    response = client.get(reverse("audit:history_list"), {"record_type": "accounts.membership"})

    object_ids = {row.object_id for row in response.context["page"]}
    assert {m.pk for m in memberships} <= object_ids
    assert all(row.action == "created" for row in response.context["page"])


def test_history_for_object_lists_changes_newest_first(manager, ngo, caseworker):
    membership = Membership.unscoped.filter(user=caseworker).get()
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    rows = selectors.history_for_object(user=manager, obj=membership)

    assert [row.action for row in rows] == ["changed", "created"]
    assert [(c.label, c.before, c.after) for c in rows[0].changes] == [("Active", "yes", "no")]


def test_history_for_object_is_empty_for_another_organisation(outsider, caseworker):
    membership = Membership.unscoped.filter(user=caseworker).get()

    rows = selectors.history_for_object(user=outsider, obj=membership)

    assert rows == []
