"""HTCDS imports: each run of an import (the web's or the command's) with its report, and each case an
import created under the stable id of its row, so that importing the same file again creates nothing."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, TenantQuerySet, organisation_fk

IMPORT_PERMISSION = "exchange.import_cases"


def import_storage_name() -> str:
    return f"exchange/imports/{uuid.uuid4().hex}.bin"


class ImportRun(EncryptedRecord, TenantModel, models.Model):
    """One import of an HTCDS file into ``organisation``: its progress and its report.

    The report holds no personal value: each problem names its row, column and reason, and the value
    only for columns that are not personal (``exchange.htcds.columns``). An uploaded file is kept
    encrypted (``storage_name``, in the default storage) until its real import has run."""

    tenant_view_permission = IMPORT_PERMISSION
    encrypted_file_fields = ("storage_name",)  # rotate_keys re-encrypts these files

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import", "Waiting")
        RUNNING = "running", pgettext_lazy("import", "Running")
        DONE = "done", pgettext_lazy("import", "Done")
        REFUSED = "refused", pgettext_lazy("import", "Refused")
        FAILED = "failed", pgettext_lazy("import", "Failed")

    organisation = organisation_fk()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    # Encrypted: a file is often named after the person in it.
    file_name = EncryptedTextField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    # {"created": n, "unchanged": n, "problems": n}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # {"problems": [{"row", "column", "value", "reason"}], "notices": [...], "refusal": text}
    report = models.JSONField(_("report"), default=dict, blank=True)
    # The uploaded file, encrypted; a real import that follows a dry run reads its dry run's file.
    storage_name = models.CharField(max_length=200, blank=True, editable=False)
    dry_run_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dry run checked"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("HTCDS import")
        verbose_name_plural = _("HTCDS imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("HTCDS import %(pk)s") % {"pk": self.pk})

    @property
    def progress(self) -> int:
        """Percent of the rows processed."""
        return 100 * self.rows_processed // self.rows_total if self.rows_total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ImportedRecord(TenantModel, models.Model):
    """A case created by an import, under the stable id of its row (``x_ExternalId``, or a keyed hash of
    the row's values): the same row imported again into the organisation creates nothing."""

    tenant_view_permission = IMPORT_PERMISSION

    organisation = organisation_fk()
    source = models.CharField(_("source"), max_length=16, default="htcds")
    external_id = models.CharField(_("external id"), max_length=128)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case"))
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"], name="exchange_imported_record_unique_id"
            )
        ]

    def __str__(self) -> str:
        return str(_("Imported record %(pk)s") % {"pk": self.pk})
