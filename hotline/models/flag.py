from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models.choices import FlagKind
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, TenantQuerySet, organisation_fk, tenant_history


class CallerFlagQuerySet(TenantQuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=at))


class CallerFlag(TenantModel, EncryptedRecord):
    """A warning about a repeat caller (abusive, prank, at risk), keyed by the caller's hash; it expires."""

    Kind = FlagKind

    organisation = organisation_fk("hotline_caller_flags")
    caller_hash = models.CharField(_("caller key"), max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FlagKind.choices)
    note = EncryptedTextField(_("note"), max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CallerFlagQuerySet.as_manager()
    unscoped = CallerFlagQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("caller flag")
        verbose_name_plural = _("caller flags")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "caller_hash"])]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()
