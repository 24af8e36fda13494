from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from knox.models import AbstractAuthToken

from accounts.roles import PERSONAL_DATA_ROLES, Role
from tenancy import TenantModel, TenantQuerySet, tenant_history

# Twelve characters of a 32-letter alphabet without 0/O and 1/I: 60 random bits, typed as XXXX-XXXX-XXXX.
RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECOVERY_CODE_LENGTH = 12
RECOVERY_CODE_SELECTOR_LENGTH = 4


def recovery_code_normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


class User(AbstractUser):
    """A person who logs in; what they may do comes from their memberships."""

    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def requires_two_factor(self) -> bool:
        # unscoped: the user's own memberships decide whether their sign-in needs a second factor.
        return Membership.unscoped.filter(user=self, is_active=True, role__in=PERSONAL_DATA_ROLES).exists()


class Membership(TenantModel, models.Model):
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

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]
        ordering = ["organisation__name_en", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"


class SignInThrottle(models.Model):
    """Failed sign-ins (or reset e-mails) counted for one key, and until when the key must wait.

    Keys are keyed hashes of a user name and/or a client address (accounts/throttle.py)."""

    class Scope(models.TextChoices):
        PAIR = "pair", _("account at an address")
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("address")
        RESET_ACCOUNT = "reset-account", _("password resets of an account")
        RESET_ADDRESS = "reset-address", _("password resets from an address")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    account_key = models.CharField(_("account key"), max_length=40, blank=True)
    address_key = models.CharField(_("address key"), max_length=40, blank=True)
    events = models.PositiveIntegerField(_("events since the last delay"), default=0)
    level = models.PositiveSmallIntegerField(_("delays in a row"), default=0)
    last_event_at = models.DateTimeField(_("last event"), null=True)
    locked_until = models.DateTimeField(_("delayed until"), null=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "account_key", "address_key"], name="signin_throttle_unique_key"
            ),
        ]
        indexes = [models.Index(fields=["account_key", "scope"], name="signin_throttle_account")]

    def __str__(self) -> str:
        return f"{self.scope} {self.account_key[:8]}/{self.address_key[:8]}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's single-use recovery codes, as one django-otp device so that a code verifies the session.

    The codes are stored hashed (Django's password hasher, salted); the first characters of a code
    select its row so that one attempt costs one hash check."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = recovery_code_normalise(str(token))
        candidate = None
        if len(code) == RECOVERY_CODE_LENGTH:
            candidate = self.codes.filter(selector=code[:RECOVERY_CODE_SELECTOR_LENGTH], used_at=None).first()
        # The conditional update claims the code, so two requests racing with it cannot both pass.
        if (
            candidate is not None
            and check_password(code, candidate.code_hash)
            and RecoveryCode.objects.filter(pk=candidate.pk, used_at=None).update(used_at=timezone.now()) == 1
        ):
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    """One recovery code: its public selector and the salted hash of the whole code."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    selector = models.CharField(max_length=RECOVERY_CODE_SELECTOR_LENGTH)
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "selector"], name="recovery_code_unique_selector"),
        ]

    def __str__(self) -> str:
        return f"{self.selector}-…"  # the selector only: never enough to use the code


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only its SHA-512 digest is stored; it expires and can be revoked.

    ``digest`` is the primary key; the token itself is shown once, when it is issued."""

    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Issued after its holder gave a second-factor code: only such a token acts for a user who must
    # pass one (api.permissions.SecondFactorPassed), e.g. one whose role came to need it later.
    second_factor_passed = models.BooleanField(_("second factor passed"), default=False)

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


class MembershipGrantStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class MembershipGrant(TenantModel, models.Model):
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

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
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
