from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk
from privacy.fields import EncryptedJSONField, EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, organisation_fk, tenant_history


class AssistanceService(TenantModel, EncryptedRecord):
    """A service delivered to the victim, by this or another organisation."""

    Type = choices.ServiceType
    shared_section = choices.Section.SERVICES
    tenant_view_permission = "cases.view_service"

    organisation = organisation_fk()
    case = case_fk("services")
    type = models.CharField(_("service"), max_length=32, choices=Type.choices)
    provider = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="services_provided",
        verbose_name=_("provided by"),
    )
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = EncryptedTextField(_("unit"), max_length=32, help_text=_("e.g. nights, sessions"))
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    programme = models.ForeignKey(
        "network.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("funding programme"),
    )
    notes = EncryptedTextField(_("notes"), long=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("assistance service")
        verbose_name_plural = _("assistance services")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "type", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="assistanceservice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.case.code})"


class ReintegrationPlan(TenantModel, EncryptedRecord):
    """The support plan (HTCDS spl_): objectives, actions and goals per dimension."""

    shared_section = choices.Section.REINTEGRATION
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="reintegration_plan", verbose_name=_("case")
    )
    type = models.CharField(
        _("type of plan"), max_length=40, choices=choices.SupportPlanType.choices, blank=True
    )
    objectives = EncryptedTextField(_("objectives"), long=True)
    action_plan = EncryptedTextField(_("action plan"), long=True)
    starts_on = models.DateField(_("start date"), default=timezone.localdate)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")

    def __str__(self) -> str:
        return str(_("Reintegration plan of case %(code)s") % {"code": self.case.code})


class ReintegrationGoal(TenantModel, EncryptedRecord):
    """A goal of the plan in one dimension: open until it is marked achieved or dropped (when, by whom)."""

    Status = choices.GoalStatus
    shared_section = choices.Section.REINTEGRATION
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = case_fk("reintegration_goals")
    plan = models.ForeignKey(
        ReintegrationPlan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("plan")
    )
    dimension = models.CharField(_("dimension"), max_length=16, choices=choices.Dimension.choices)
    description = EncryptedTextField(_("goal"), long=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    status_changed_on = models.DateField(_("achieved or dropped on"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("achieved or dropped by"),
    )

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("reintegration goal")
        verbose_name_plural = _("reintegration goals")
        ordering = ["dimension", "target_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} ({self.case.code})"


class FollowUpQuerySet(SectionQuerySet):
    def pending(self):
        return self.filter(done_on__isnull=True, cancelled=False)

    def due(self, day=None):
        return self.pending().filter(due_on__lte=day or timezone.localdate())


class FollowUp(TenantModel, EncryptedRecord):
    """A follow-up contact after return (by default 1, 3, 6 and 12 months after)."""

    shared_section = choices.Section.REINTEGRATION

    organisation = organisation_fk()
    case = case_fk("followups")
    due_on = models.DateField(_("due on"))
    months_after_return = models.PositiveSmallIntegerField(_("months after return"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("caseworker"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    outcome = EncryptedTextField(_("outcome"), long=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    objects = FollowUpQuerySet.as_manager()
    unscoped = FollowUpQuerySet.as_unscoped_manager()
    history = tenant_history("reminded_at")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assigned_to", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case.code} {formats.date_format(self.due_on, 'SHORT_DATE_FORMAT')}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and not self.cancelled and self.due_on < timezone.localdate()


class Assessment(TenantModel, EncryptedRecord):
    """A Reintegration Sustainability Survey (``cases.reintegration``): the answer to each indicator and the
    scores they give, 0–1 per dimension and a composite.

    Assessments recorded before the survey (``legacy``) have no answers: their 1–5 or 0–1 numbers were
    converted to the 0–1 scale, so every score here is on one scale."""

    shared_section = choices.Section.REINTEGRATION

    organisation = organisation_fk()
    case = case_fk("assessments")
    followup = models.ForeignKey(
        FollowUp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("follow-up"),
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    # Psychosocial answers are health data: the answers are encrypted, the scores analytics count are not.
    answers = EncryptedJSONField(_("answers"), default=dict)
    economic = models.DecimalField(_("economic"), max_digits=4, decimal_places=3, null=True, blank=True)
    social = models.DecimalField(_("social"), max_digits=4, decimal_places=3, null=True, blank=True)
    psychosocial = models.DecimalField(
        _("psychosocial"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    composite = models.DecimalField(_("composite"), max_digits=4, decimal_places=3, null=True, blank=True)
    legacy = models.BooleanField(
        _("converted from an earlier score"),
        default=False,
        help_text=_("Recorded before the survey as 1–5 or 0–1 numbers, converted to the 0–1 scale."),
    )
    retrafficked = models.BooleanField(
        _("re-trafficked"),
        default=False,
        help_text=_("The person was trafficked again since the previous contact."),
    )
    notes = EncryptedTextField(_("notes"), long=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "retrafficked"])]

    def __str__(self) -> str:
        return f"{self.case.code} {formats.date_format(self.assessed_on, 'SHORT_DATE_FORMAT')}"
