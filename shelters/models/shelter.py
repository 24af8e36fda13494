from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from shelters.models import choices
from shelters.models.base import ShelterQuerySet
from tenancy import TenantModel, organisation_fk, tenant_history
from tenancy.fields import choice_list


class Shelter(TenantModel, EncryptedRecord):
    """A shelter run by an organisation: who it takes in and how many.

    Its street address is personal-safety data (traffickers look for the people it hides): kept
    encrypted, shown only on the shelter's own pages to its organisation, never on the bed board."""

    TargetGroup = choices.TargetGroup

    organisation = organisation_fk("shelters")
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        "network.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = EncryptedTextField(
        _("street address"), max_length=300, help_text=_("Never shown on the network's bed board.")
    )
    target_groups = choice_list(_("target groups"), choices.TargetGroup)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("Places in all; with beds recorded, the number of beds in use.")
    )
    tracks_beds = models.BooleanField(
        _("records rooms and beds"),
        default=False,
        help_text=_("Each resident is given a bed; otherwise only the number of places is kept."),
    )
    services = choice_list(_("services offered"), choices.ShelterService)
    rules = models.TextField(_("house rules"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="shelters.ShelterStaff",
        related_name="+",
        blank=True,
        verbose_name=_("staff"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ShelterQuerySet.as_manager()
    unscoped = ShelterQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["organisation", "is_active"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="shelter_name_per_organisation")
        ]
        permissions = [
            ("view_board", "Can view the network's bed board"),
            ("view_every_stay", "Can view the stays of every shelter of the organisation"),
            ("admit_resident", "Can admit and discharge residents"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shelters:shelter_detail", args=[self.pk])


class ShelterStaff(models.Model):
    """A user working in a shelter: they see its residents (and only theirs) while assigned."""

    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("shelter staff assignment")
        verbose_name_plural = _("shelter staff assignments")
        constraints = [models.UniqueConstraint(fields=["shelter", "user"], name="shelterstaff_once")]

    def __str__(self) -> str:
        return f"{self.shelter_id}:{self.user_id}"


class Room(TenantModel, models.Model):
    organisation = organisation_fk()
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("shelter")
    )
    name = models.CharField(_("room"), max_length=60)

    objects = ShelterQuerySet.as_manager()
    unscoped = ShelterQuerySet.as_unscoped_manager()
    tenant_view_permission = "shelters.view_shelter"

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["shelter", "name"], name="room_name_per_shelter")]

    def __str__(self) -> str:
        return self.name


class Bed(TenantModel, models.Model):
    organisation = organisation_fk()
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="beds", verbose_name=_("shelter")
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="beds", verbose_name=_("room")
    )
    label = models.CharField(_("bed"), max_length=30)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ShelterQuerySet.as_manager()
    unscoped = ShelterQuerySet.as_unscoped_manager()
    tenant_view_permission = "shelters.view_shelter"

    class Meta:
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        ordering = ["room__name", "label", "pk"]
        constraints = [models.UniqueConstraint(fields=["shelter", "label"], name="bed_label_per_shelter")]

    def __str__(self) -> str:
        return f"{self.room.name} · {self.label}" if self.room_id else self.label
