"""The CTDC global victim dataset, loaded as read-only reference data for analysts (``import_ctdc``).

Its rows are not the network's cases and have no organisation: no indicator of the network counts them.
They are read only by the ``global_victims`` indicator (``exchange.reference``) and the comparison page."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class ReferenceFormat(models.TextChoices):
    CTDC_A = "ctdc_a", _("CTDC Global Dataset (k-anonymised, 2020–2021)")
    CTDC_C = "ctdc_c", _("CTDC Global Synthetic Dataset (2024 and later)")


class ReferenceDataset(models.Model):
    """One imported file of reference data; importing a file under the same name again replaces it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    format = models.CharField(_("format"), max_length=16, choices=ReferenceFormat.choices)
    source_file = models.CharField(_("source file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"), default=now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    note = models.TextField(_("licence and citation"), blank=True)

    class Meta:
        verbose_name = _("reference dataset")
        verbose_name_plural = _("reference datasets")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.name


class GlobalVictim(models.Model):
    """One victim record of a reference dataset, in the network's vocabularies: sex as ``cases``' Sex,
    age band as ``analytics.dimensions.AGE_BANDS``, countries as ISO 3166-1 alpha-2, the lists as JSON
    lists of ``cases.models.choices`` codes (own codes where no choice fits). Empty: not recorded."""

    dataset = models.ForeignKey(ReferenceDataset, on_delete=models.CASCADE, related_name="victims")
    year = models.PositiveSmallIntegerField(_("year of registration"), null=True)
    sex = models.CharField(_("sex"), max_length=16, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    majority = models.CharField(_("adult or minor"), max_length=8, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    exploitation_country = models.CharField(_("country of exploitation"), max_length=2, blank=True)
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list)
    labour_sectors = models.JSONField(_("labour sectors"), default=list)
    sex_exploitation_types = models.JSONField(_("types of sexual exploitation"), default=list)
    means_of_control = models.JSONField(_("means of control"), default=list)
    recruiter_relations = models.JSONField(_("relations to the recruiter"), default=list)

    class Meta:
        verbose_name = _("global victim record")
        verbose_name_plural = _("global victim records")

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.pk}"
