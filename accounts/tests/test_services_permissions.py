"""Account services check their own permission, whoever calls them."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts import services
from audit.models import AuditEntry


def test_user_invite_by_a_manager_of_another_organisation_is_refused(caseworker, other_ngo):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    other_manager = user_with_role(Role.MANAGER, other_ngo, username="other-manager")

    with pytest.raises(PermissionDenied):
        services.user_invite(by=other_manager, user=caseworker, base_url="https://amanat.example.org/")

    assert mail.outbox == []
    assert not AuditEntry.unscoped.filter(action="user.invited").exists()


def test_user_invite_by_a_caseworker_is_refused(caseworker, hotline_operator):

    with pytest.raises(PermissionDenied):
        services.user_invite(by=caseworker, user=hotline_operator, base_url="https://amanat.example.org/")

    assert not AuditEntry.unscoped.filter(action="user.invited").exists()


def test_user_invite_by_the_users_manager_is_recorded(manager, caseworker):

    services.user_invite(by=manager, user=caseworker, base_url="https://amanat.example.org/")

    assert list(AuditEntry.unscoped.filter(action="user.invited").values_list("actor", flat=True)) == [
        manager.pk
    ]
