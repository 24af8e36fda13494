from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from shelters.models import choices
from shelters.models.base import PlacementRequestQuerySet, StayQuerySet
from shelters.models.shelter import Bed, Shelter
from tenancy import TenantModel, organisation_fk, tenant_history

OPEN = models.Q(discharged_on__isnull=True)


class Stay(TenantModel, EncryptedRecord):
    """A resident's stay in a shelter: open until the discharge date is recorded.

    The database holds what the admission service checks: one open stay per bed and per case."""

    Reason = choices.DischargeReason
    Destination = choices.DischargeDestination

    organisation = organisation_fk()
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="stays", verbose_name=_("shelter")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="shelter_stays", verbose_name=_("case")
    )
    bed = models.ForeignKey(
        Bed, on_delete=models.PROTECT, null=True, blank=True, related_name="stays", verbose_name=_("bed")
    )
    target_group = models.CharField(_("target group"), max_length=16, choices=choices.TargetGroup.choices)
    admitted_on = models.DateField(_("admitted on"))
    planned_discharge_on = models.DateField(_("planned discharge"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("reason for discharge"), max_length=20, choices=choices.DischargeReason.choices, blank=True
    )
    discharge_destination = models.CharField(
        _("destination after discharge"),
        max_length=20,
        choices=choices.DischargeDestination.choices,
        blank=True,
    )
    discharge_destination_detail = EncryptedTextField(_("destination details"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("admitted by")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StayQuerySet.as_manager()
    unscoped = StayQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-admitted_on", "-pk"]
        indexes = [
            models.Index(fields=["shelter", "discharged_on"]),
            models.Index(fields=["shelter", "admitted_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["bed"], condition=OPEN, name="stay_one_open_per_bed"),
            models.UniqueConstraint(fields=["case"], condition=OPEN, name="stay_one_open_per_case"),
            models.CheckConstraint(
                condition=OPEN | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="stay_discharged_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.code} · {self.shelter.name}"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None


class PlacementRequest(TenantModel, EncryptedRecord):
    """A caseworker asks a shelter (maybe another organisation's) to take in the victim of a case.

    The row is the requesting organisation's; the shelter's organisation reads it too (only the case
    code, the target group, the date and the note: the note is encrypted and shown to the two sides)."""

    Status = choices.PlacementStatus

    organisation = organisation_fk()
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case"))
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="placement_requests", verbose_name=_("shelter")
    )
    target_group = models.CharField(_("target group"), max_length=16, choices=choices.TargetGroup.choices)
    requested_for = models.DateField(_("place needed from"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.PlacementStatus.choices,
        default=choices.PlacementStatus.REQUESTED,
    )
    note = EncryptedTextField(_("note to the shelter"), long=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    stay = models.ForeignKey(
        Stay, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("stay")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = PlacementRequestQuerySet.as_manager()
    unscoped = PlacementRequestQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["shelter", "status"])]
        permissions = [("answer_placementrequest", "Can accept and decline placement requests")]

    def __str__(self) -> str:
        return f"{self.case.code} → {self.shelter.name}"

    def get_absolute_url(self) -> str:
        return reverse("shelters:placement_request_list")
