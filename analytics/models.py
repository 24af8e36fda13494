"""What analytics keeps: donor reports (built in the background, for their requester only and for a
limited time), what each programme's report holds, and the published stories attached to indicators.

Figures themselves are never stored here: they are counted by the database when asked for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from tenancy import TenantModel, TenantQuerySet, organisation_fk


class ReportSettings(models.Model):
    """What the donor report of one programme holds, set by its coordinator; a programme without
    settings gets the default report (``analytics.reports``)."""

    programme = models.OneToOneField(
        "network.Programme",
        on_delete=models.CASCADE,
        related_name="report_settings",
        verbose_name=_("programme"),
    )
    # The report's figures in order: [{"indicator": "victims_assisted", "by": "sex", "across": null}, …].
    sections = models.JSONField(_("figures"), default=list, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    include_summary = models.BooleanField(_("include the summary"), default=True)
    include_routes = models.BooleanField(_("include the routes"), default=True)
    include_stories = models.BooleanField(_("include the stories"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(_("Report settings of %(programme)s") % {"programme": self.programme})


class DonorReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A report is its requester's alone (it may hold figures of a scope no one else shares)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)


class DonorReport(models.Model):
    """One requested donor report: its parameters, its progress and, once built, its file."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report", "Waiting")
        RUNNING = "running", pgettext_lazy("report", "Being built")
        DONE = "done", pgettext_lazy("report", "Ready")
        FAILED = "failed", pgettext_lazy("report", "Failed")
        EXPIRED = "expired", pgettext_lazy("report", "Expired")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    # The membership the report was asked for in: its scope is computed from it when the report is built.
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("acting as")
    )
    programme = models.ForeignKey(
        "network.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.PDF)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Where the built file is kept (the default storage), and the name it is downloaded under.
    storage_name = models.CharField(_("stored as"), max_length=255, blank=True, editable=False)
    download_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    objects = DonorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("donor report")
        verbose_name_plural = _("donor reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Donor report %(pk)s") % {"pk": self.pk})


class IndicatorStory(TenantModel, models.Model):
    """A published story (consented, anonymised and reviewed in the case module) attached to an
    indicator it illustrates, shown beside that indicator in dashboards and reports."""

    tenant_view_permission = "cases.view_story"

    organisation = organisation_fk()  # the story's organisation
    story = models.ForeignKey(
        "cases.Story", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    indicator = models.CharField(_("indicator"), max_length=64)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attached by")
    )
    attached_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("story of an indicator")
        verbose_name_plural = _("stories of indicators")
        ordering = ["indicator", "-attached_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["story", "indicator"], name="analytics_story_once_per_indicator")
        ]

    def __str__(self) -> str:
        return str(
            _("Story %(story)s beside %(indicator)s") % {"story": self.story_id, "indicator": self.indicator}
        )
