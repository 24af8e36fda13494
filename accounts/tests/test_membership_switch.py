from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from accounts.selectors import ACTIVE_MEMBERSHIP_SESSION_KEY
from accounts.tests.factories import MembershipFactory


def test_membership_switch_lists_only_own_active_memberships(client, caseworker, other_ngo):
    second = MembershipFactory(user=caseworker, organisation=other_ngo, role=Role.SHELTER_STAFF)
    MembershipFactory(user=caseworker, organisation=other_ngo, role=Role.MANAGER, is_active=False)
    client.force_login(caseworker)

    response = client.get(reverse("accounts:membership_switch"))

    listed = list(response.context["form"].fields["membership"].queryset)
    # Ordered by organisation: Human Rights Centre, then Women and Society.
    assert listed == [second, Membership.unscoped.get(user=caseworker, role=Role.CASEWORKER)]


def test_membership_switch_makes_chosen_membership_active(client, caseworker, other_ngo):
    second = MembershipFactory(user=caseworker, organisation=other_ngo, role=Role.SHELTER_STAFF)
    client.force_login(caseworker)

    response = client.post(reverse("accounts:membership_switch"), {"membership": second.pk})

    assert response.url == reverse("home")
    assert client.session[ACTIVE_MEMBERSHIP_SESSION_KEY] == second.pk
    assert client.get(reverse("home")).context["active_membership"] == second


def test_membership_switch_refuses_someone_elses_membership(client, caseworker, outsider):
    client.force_login(caseworker)
    foreign = Membership.unscoped.filter(user=outsider).get()

    response = client.post(reverse("accounts:membership_switch"), {"membership": foreign.pk})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["membership"]
    assert ACTIVE_MEMBERSHIP_SESSION_KEY not in client.session
