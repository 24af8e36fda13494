from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from simple_history.models import HistoricalRecords

from accounts.roles import PERSONAL_DATA_ROLES, Role
from accounts.tenancy import OrganisationQuerySet
from audit.history import TenantHistoricalQuerySet


class User(AbstractUser):
    """A person who logs in; what they may do comes from their memberships."""

    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def requires_two_factor(self) -> bool:
        return self.memberships.filter(is_active=True, role__in=PERSONAL_DATA_ROLES).exists()


class Membership(models.Model):
    """A user's role in one organisation; a user may hold several and switch the active one."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(historical_queryset=TenantHistoricalQuerySet)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]
        ordering = ["organisation__name_en", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only its SHA-512 digest is stored; it expires and can be revoked.

    ``digest`` is the primary key; the token itself is shown once, when it is issued."""

    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]


class UserSession(models.Model):
    """A signed-in browser session of a user, so that it can be listed and ended from anywhere.

    ``session_key`` is Django's session key (its own session table holds it the same way); the
    middleware keeps it current when the key is renewed. No full address or browser string is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user"))
    session_key = models.CharField(_("session key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    device = models.CharField(_("browser"), max_length=64, blank=True)
    network = models.CharField(_("network"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.device or '?'} ({self.network or '?'})"

    @property
    def expires_at(self):
        """When the session ends unless used again: its idle limit, never past its absolute one."""
        idle = self.last_seen_at + timedelta(seconds=settings.AMANAT_SESSION_IDLE_SECONDS)
        absolute = self.created_at + timedelta(seconds=settings.AMANAT_SESSION_ABSOLUTE_SECONDS)
        return min(idle, absolute)
