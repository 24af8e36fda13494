"""Who in a narrow role may read which case: hotline operators and shelter staff see a case only while
they hold a grant for it, never every case of their organisation (``base.NarrowRoleScope``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.base import case_fk
from tenancy import TenantModel, TenantQuerySet, organisation_fk


class CaseAccess(TenantModel, models.Model):
    """One user's access to one case for one reason (``"cases.opened"``, ``"shelters.resident"`` …),
    granted and ended by services; an ended grant is kept as the record of who could read the case."""

    tenant_view_permission = "cases.view_every_case"  # who may read a case may see who else reads it

    organisation = organisation_fk()  # the case's organisation
    case = case_fk("access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=40)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case access")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user", "reason"],
                condition=models.Q(ended_at__isnull=True),
                name="caseaccess_one_open_grant",
            )
        ]
        # The scope of a narrow role reads a user's open grants on every query of case data.
        indexes = [models.Index(fields=["user", "case"], name="caseaccess_user_case")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.reason}"
