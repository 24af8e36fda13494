from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy import TenantModel, TenantQuerySet


class AuditEntry(TenantModel, models.Model):
    """Something someone did: 'case.closed', 'membership.granted', 'login.failed' …

    ``details`` holds identifiers and codes only, never personal data."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class AccessLogEntry(TenantModel, models.Model):
    """One read of personal data: who looked at what, when, from where."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64)
    object_label = models.CharField(_("record label"), max_length=64, blank=True)
    # A list page that showed personal data of several records: the pseudonyms of those it showed.
    object_labels = models.JSONField(_("records listed"), default=list, blank=True)
    purpose = models.CharField(_("what was read"), max_length=64)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.object_type}#{self.object_id}"

    @property
    def masked_ip_address(self) -> str:
        """The network, not the device: 203.0.113.x, 2001:db8:85a3:x."""
        if not self.ip_address:
            return ""
        if ":" in self.ip_address:
            return ":".join(self.ip_address.split(":")[:3]) + ":x"
        return ".".join(self.ip_address.split(".")[:3]) + ".x"
