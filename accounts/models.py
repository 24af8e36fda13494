import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
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


class MembershipGrantStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class MembershipGrant(models.Model):
    """A role reading an NGO's personal data that an administrator gave themselves or another
    administrator: the membership exists only once a second administrator or that NGO's manager approves
    (``accounts.services.membership_grant_approve``)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="membership_grants", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipGrantStatus.choices,
        default=MembershipGrantStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("membership"),
    )

    objects = OrganisationQuerySet.as_manager()
    # Managers see their organisation's requests, administrators everybody's: who may see its staff.
    tenant_view_permission = "accounts.view_membership"

    class Meta:
        verbose_name = _("membership approval request")
        verbose_name_plural = _("membership approval requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(status="pending"),
                name="membership_grant_one_pending",
            ),
        ]
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"


def token_fingerprint(token) -> str:
    """A one-way name for an API token: a hashed token's own digest, else the SHA-256 of its key."""
    digest = getattr(token, "digest", None)
    return digest or hashlib.sha256(token.key.encode()).hexdigest()


class ApiTokenSecondFactor(models.Model):
    """Records that an API token was issued after its holder passed the second factor.

    The API refuses a token without this record for a user who must pass one (a token issued before
    the user's role came to need it, or by any path that skipped the code)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    fingerprint = models.CharField(_("token fingerprint"), max_length=128, unique=True)
    passed_at = models.DateTimeField(_("second factor passed"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token second factor")
        verbose_name_plural = _("API token second factors")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.passed_at:%Y-%m-%d %H:%M}"
