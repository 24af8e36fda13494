import factory

from accounts.models import Membership, MembershipGrant, User
from accounts.roles import Role
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(TenantModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


class MembershipGrantFactory(TenantModelFactory):
    """A pending request: an administrator asked for a caseworker role for themselves."""

    class Meta:
        model = MembershipGrant

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
    requested_by = factory.SelfAttribute("user")


def user_with_role(role: str, organisation, **user_fields) -> User:
    return MembershipFactory(role=role, organisation=organisation, user=UserFactory(**user_fields)).user
