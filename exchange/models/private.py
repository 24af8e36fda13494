"""The privacy-budget ledger of the differentially private tables (``exchange.private_tables``).

A ``PrivacyBudget`` is what may be spent on one dataset in one calendar year; each ``PrivateRelease`` spends
its ε (and δ) from it. The releases hold only the noisy figures and their expected errors, never a true
count."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


class PrivacyBudget(models.Model):
    dataset = models.CharField(_("dataset"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"))
    total_epsilon = models.DecimalField(_("total ε"), max_digits=7, decimal_places=3)
    total_delta = models.DecimalField(_("total δ"), max_digits=14, decimal_places=12, default=ZERO)
    release_epsilon = models.DecimalField(_("ε of a release by default"), max_digits=7, decimal_places=3)

    class Meta:
        verbose_name = _("privacy budget")
        verbose_name_plural = _("privacy budgets")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "year"], name="exchange_budget_one_per_dataset_year"),
            models.CheckConstraint(
                condition=models.Q(total_epsilon__gt=0), name="exchange_budget_epsilon_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.year}"


class PrivateRelease(models.Model):
    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="releases")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    # The dimension keys of each table, e.g. [["sex"], ["age_band"]] or [["year", "sex"]].
    dimensions = models.JSONField(_("dimensions"))
    epsilon = models.DecimalField(_("ε"), max_digits=7, decimal_places=3)
    delta = models.DecimalField(_("δ"), max_digits=14, decimal_places=12, default=ZERO)
    created_at = models.DateTimeField(_("released"), auto_now_add=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The mechanism, its scale and each table's cells: noisy value and expected error (no true count).
    table = models.JSONField(_("released table"))

    class Meta:
        verbose_name = _("private release")
        verbose_name_plural = _("private releases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(epsilon__gt=0), name="exchange_release_epsilon_gt_0"),
        ]

    def __str__(self) -> str:
        return self.title
