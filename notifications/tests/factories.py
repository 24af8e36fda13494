"""Factories for the notifications app. Synthetic data only."""

import factory

from accounts.tests.factories import UserFactory
from network.tests.factories import OrganisationFactory
from notifications.models import Notification
from tenancy.testing import TenantModelFactory


class NotificationFactory(TenantModelFactory):
    class Meta:
        model = Notification

    organisation = factory.SubFactory(OrganisationFactory)
    recipient = factory.SubFactory(UserFactory)
    kind = "referral_received"
    subject = "TJ-2026-000001"
