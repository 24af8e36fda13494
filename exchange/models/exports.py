"""Record-level export files (``exchange.files``): one user's passphrase-encrypted zip of an organisation's
cases, kept for a limited time and for that user alone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy import TenantModel, TenantQuerySet, organisation_fk


class ExportFileQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """A file is its creator's alone, and only while they may still export the organisation's cases."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return super().visible_to(user).filter(created_by=user)


class ExportFile(TenantModel, models.Model):
    """One export file: what it holds (format, with or without personal data, how many cases), where it
    is stored (a random name in the default storage) and when it expires. The passphrase is never kept."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JSON = "json", "JSON"

    tenant_view_permission = "exchange.export_cases"

    organisation = organisation_fk()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    personal = models.BooleanField(_("includes personal data"), default=False)
    case_count = models.PositiveIntegerField(_("cases"), default=0)
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False)
    download_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    objects = ExportFileQuerySet.as_manager()
    unscoped = ExportFileQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.download_name
