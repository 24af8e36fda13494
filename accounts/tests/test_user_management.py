import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Membership, User
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry


def _new_user_data(organisation, **overrides):
    return {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "Test",
        "last_name": "Person",
        "organisation": organisation.pk,
        "role": Role.CASEWORKER,
        **overrides,
    }


@pytest.mark.parametrize(
    ("actor", "status"),
    [("manager", 200), ("system_admin", 200), ("caseworker", 403), ("coordinator", 403), ("outsider", 403)],
)
def test_user_list_role_matrix(client, cast, actor, status):
    client.force_login(cast[actor])

    response = client.get(reverse("accounts:user_list"))

    assert response.status_code == status


def test_user_list_of_manager_shows_own_organisation_only(client, cast, manager):
    client.force_login(manager)

    response = client.get(reverse("accounts:user_list"))

    assert [user.username for user in response.context["users"]] == [
        "caseworker",
        "hotline",
        "manager",
        "shelter",
    ]


def test_user_list_of_system_admin_shows_everyone(client, cast, system_admin):
    client.force_login(system_admin)

    response = client.get(reverse("accounts:user_list"))

    assert len(response.context["users"]) == len(cast)


@pytest.mark.parametrize("rows", [1, 3])
def test_user_list_queries_do_not_grow_with_rows(client, manager, ngo, rows, django_assert_num_queries):
    for index in range(rows):
        user_with_role(Role.CASEWORKER, ngo, username=f"extra{index}")
    client.force_login(manager)

    with django_assert_num_queries(7):
        client.get(reverse("accounts:user_list"))


@pytest.mark.parametrize(
    ("actor", "subject", "status"),
    [
        ("manager", "caseworker", 200),
        ("system_admin", "caseworker", 200),
        ("system_admin", "outsider", 200),
        ("caseworker", "hotline_operator", 403),
        ("manager", "outsider", 404),
        ("manager", "coordinator", 404),
    ],
)
def test_user_detail_role_matrix(client, cast, actor, subject, status):
    client.force_login(cast[actor])

    response = client.get(reverse("accounts:user_detail", args=[cast[subject].pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("actor", "status"), [("manager", 302), ("system_admin", 302), ("caseworker", 403)])
def test_user_create_role_matrix(client, cast, ngo, actor, status, django_capture_on_commit_callbacks):
    client.force_login(cast[actor])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"), _new_user_data(ngo))

    assert response.status_code == status
    assert User.objects.filter(username="newcomer").exists() is (status == 302)


def test_user_create_sends_password_set_link_that_works(
    client, manager, ngo, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"), _new_user_data(ngo))

    user = User.objects.get(username="newcomer")
    assert response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.has_usable_password() is False
    assert list(Membership.unscoped.filter(user=user).values_list("organisation", "role")) == [
        (ngo.pk, Role.CASEWORKER)
    ]
    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "first own passphrase 9", "new_password2": "first own passphrase 9"},
    )
    user.refresh_from_db()
    assert user.check_password("first own passphrase 9") is True
    assert list(AuditEntry.unscoped.values_list("action", flat=True).order_by("pk")) == [
        "user.created",
        "membership.granted",
        "user.invited",
        "user.signed_out_everywhere",  # setting a password through the link ends any session and token
    ]


def test_user_create_form_offers_only_manageable_organisations_and_roles(client, manager, ngo, other_ngo):
    client.force_login(manager)

    form = client.get(reverse("accounts:user_create")).context["form"]

    assert list(form.fields["organisation"].queryset) == [ngo]
    assert [value for value, _ in form.fields["role"].choices] == [
        Role.MANAGER,
        Role.CASEWORKER,
        Role.HOTLINE_OPERATOR,
        Role.SHELTER_STAFF,
    ]


def test_user_create_by_manager_for_other_organisation_is_refused_and_keeps_input(client, manager, other_ngo):
    client.force_login(manager)

    response = client.post(reverse("accounts:user_create"), _new_user_data(other_ngo))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert response.context["form"]["username"].value() == "newcomer"
    assert response.context["form"]["email"].value() == "newcomer@example.org"
    assert User.objects.filter(username="newcomer").exists() is False


def test_user_create_with_taken_user_name_shows_error(client, manager, caseworker, ngo):
    client.force_login(manager)

    response = client.post(reverse("accounts:user_create"), _new_user_data(ngo, username="caseworker"))

    assert response.context["form"].errors["username"] == ["This user name is taken."]


def test_membership_grant_by_manager_cannot_grant_system_admin(manager, caseworker, ngo):
    with pytest.raises(PermissionDenied):
        services.membership_grant(by=manager, user=caseworker, organisation=ngo, role=Role.SYSTEM_ADMIN)


def test_user_create_by_system_action_needs_no_actor(ngo):
    user = services.user_create(
        by=None, organisation=ngo, role=Role.JUDGE, username="demo-judge", email="judge@example.org"
    )

    assert list(Membership.unscoped.filter(user=user).values_list("role", flat=True)) == [Role.JUDGE]


def test_user_detail_grants_role(client, manager, caseworker, ngo):
    client.force_login(manager)

    response = client.post(
        reverse("accounts:user_detail", args=[caseworker.pk]),
        {"organisation": ngo.pk, "role": Role.SHELTER_STAFF},
    )

    assert response.url == reverse("accounts:user_detail", args=[caseworker.pk])
    assert sorted(Membership.unscoped.filter(user=caseworker).values_list("role", flat=True)) == [
        Role.CASEWORKER,
        Role.SHELTER_STAFF,
    ]


@pytest.mark.parametrize(
    ("actor", "subject", "status"),
    [
        ("manager", "caseworker", 302),
        ("system_admin", "outsider", 302),
        ("caseworker", "hotline_operator", 403),
        ("manager", "outsider", 404),
    ],
)
def test_membership_revoke_role_matrix(client, cast, actor, subject, status):
    membership = Membership.unscoped.filter(user=cast[subject]).get()
    client.force_login(cast[actor])

    response = client.post(reverse("accounts:membership_revoke", args=[membership.pk]))

    assert response.status_code == status
    assert Membership.unscoped.get(pk=membership.pk).is_active is (status != 302)


def test_membership_revoke_keeps_the_row_and_records_it(client, manager, caseworker):
    membership = Membership.unscoped.filter(user=caseworker).get()
    client.force_login(manager)

    client.post(reverse("accounts:membership_revoke", args=[membership.pk]))

    assert Membership.unscoped.filter(pk=membership.pk, is_active=False).count() == 1
    assert list(
        AuditEntry.unscoped.filter(action="membership.revoked").values_list("details", flat=True)
    ) == [{"role": "caseworker"}]


def test_membership_revoke_of_own_membership_is_refused(client, manager):
    membership = Membership.unscoped.filter(user=manager).get()
    client.force_login(manager)

    response = client.post(reverse("accounts:membership_revoke", args=[membership.pk]), follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "You cannot revoke your own membership."
    ]
    assert Membership.unscoped.get(pk=membership.pk).is_active is True
