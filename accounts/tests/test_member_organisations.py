"""Where a user acts for their own organisation (awards organisers), and where they ever belonged."""

from accounts import selectors
from accounts.backends import member_organisations_with_perm
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory


def test_member_organisations_are_the_memberships_granting_the_permission(coordinator, iom_office, ngo):
    MembershipFactory(user=coordinator, organisation=ngo, role=Role.CASEWORKER)

    organisers = member_organisations_with_perm(coordinator, "awards.manage_competition")

    assert organisers == {iom_office.pk}


def test_member_organisations_of_a_network_role_are_its_own_not_every_organisation(judge, iom_office, ngo):
    assert member_organisations_with_perm(judge, "awards.score_entry") == {iom_office.pk}
    assert member_organisations_with_perm(judge, "awards.manage_competition") == set()


def test_member_organisations_leave_out_ended_memberships(coordinator, iom_office):
    MembershipFactory._meta.model.unscoped.filter(user=coordinator).update(is_active=False)
    coordinator._amanat_memberships = None

    assert member_organisations_with_perm(coordinator, "awards.manage_competition") == set()


def test_organisations_ever_joined_include_ended_memberships(judge, iom_office, ngo, other_ngo):
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)

    assert selectors.organisations_ever_joined(user=judge) == {iom_office.pk, ngo.pk}
