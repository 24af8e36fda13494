from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import PERSONAL_DATA_ROLES, Role
from tenancy import TenantModel, TenantQuerySet, tenant_history


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
