"""Telephony integration: an organisation's non-personal accounts that post call records, and the
extension map that tells which operator answered a call.

A ``TelephonyAccount`` is a service user (no usable password, one membership with the role
"Telephony integration", whose only permission is ``hotline.add_call_record``) and one token, of which
only a SHA-256 digest is kept. The token is read by ``hotline.authentication`` on the call-record
endpoint alone: every other route uses the people's token class, which does not know it (401), and
the web login refuses an account without a password. A fresh account (and token) replaces a lost one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy import TenantModel, TenantQuerySet, organisation_fk

# Tells the token apart in the telephony system's logs and in secret scanners.
TOKEN_PREFIX = "amtel_"  # noqa: S105 - a prefix, not a secret


class TelephonyAccount(TenantModel, models.Model):
    tenant_view_permission = "hotline.manage_telephony"

    organisation = organisation_fk()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="telephony_account",
        verbose_name=_("account"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The telephony system, e.g. “Office PBX”.")
    )
    token_prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("telephony account")
        verbose_name_plural = _("telephony accounts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class OperatorExtension(TenantModel, models.Model):
    """On ``line``, the telephony's ``extension`` is answered by ``operator``: the call's draft is theirs."""

    tenant_view_permission = "hotline.manage_telephony"

    organisation = organisation_fk()
    line = models.ForeignKey(
        "hotline.Line", on_delete=models.CASCADE, related_name="extensions", verbose_name=_("line")
    )
    extension = models.CharField(_("extension"), max_length=20)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("operator")
    )

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("operator extension")
        verbose_name_plural = _("operator extensions")
        ordering = ["line", "extension"]
        constraints = [
            models.UniqueConstraint(fields=["line", "extension"], name="hotline_extension_unique_per_line"),
        ]

    def __str__(self) -> str:
        return self.extension
