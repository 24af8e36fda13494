"""National consultations, the nominees they put forward, and the nominees' entries with their files."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models.competition import Competition, Nomination
from awards.models.scope import ConsultationQuerySet, EntryPartQuerySet, EntryQuerySet, NomineeQuerySet
from network.countries import CountryField
from tenancy import TenantModel, organisation_fk, tenant_history


class Consultation(TenantModel, models.Model):
    """A national consultation: the coordinator of one country meets the partner NGOs and puts forward
    nominees for the competition."""

    organisation = organisation_fk("award_consultations")  # the coordinator's office
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("competition")
    )
    country = CountryField(_("country"))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="award_consultations_attended",
        verbose_name=_("participating organisations"),
    )  # fmt: skip
    other_participants = models.TextField(_("other participants"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()
    unscoped = ConsultationQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("national consultation")
        verbose_name_plural = _("national consultations")
        ordering = ["competition", "country", "pk"]
        permissions = [("run_consultation", "Can run the national consultation of the office's country")]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "country"], name="awards_consultation_per_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competition} — {self.country}"

    def get_absolute_url(self) -> str:
        return reverse("awards:consultation_detail", args=[self.pk])


class Nominee(TenantModel, models.Model):
    """An organisation put forward by a national consultation in one nomination."""

    organisation = organisation_fk("award_nominations")  # the nominated organisation
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="nominees", verbose_name=_("consultation")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="nominees", verbose_name=_("nomination")
    )
    notes = models.TextField(_("notes"), blank=True)
    put_forward_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("put forward by")
    )
    created_at = models.DateTimeField(_("put forward at"), auto_now_add=True)

    objects = NomineeQuerySet.as_manager()
    unscoped = NomineeQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["consultation", "nomination", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "nomination", "organisation"], name="awards_nominee_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.nomination}"


class Entry(TenantModel, models.Model):
    """A nominee's entry: what its NGO's manager presents, with figures drawn from the organisation's own
    data in Amanat, editable until the submission deadline and frozen from then on."""

    organisation = organisation_fk("award_entries")  # the nominated NGO
    nominee = models.OneToOneField(
        Nominee, on_delete=models.PROTECT, related_name="entry", verbose_name=_("nominee")
    )
    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="entries", verbose_name=_("competition")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="entries", verbose_name=_("nomination")
    )
    # What judges see instead of the organisation's name in blind mode (and what the programme prints).
    code = models.CharField(_("entry code"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="award_entries_partnered",
        verbose_name=_("partner organisations"),
    )  # fmt: skip
    # [{"key": ..., "value": ..., "source": ...}]: see awards/figures.py for the keys and their labels.
    figures = models.JSONField(_("figures"), default=list, blank=True)
    figures_from = models.DateField(_("figures from"), null=True, blank=True)
    figures_to = models.DateField(_("figures to"), null=True, blank=True)
    figures_drawn_at = models.DateTimeField(_("figures drawn at"), null=True, blank=True)
    figures_frozen_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()
    unscoped = EntryQuerySet.as_unscoped_manager()
    history = tenant_history("figures")

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "nomination", "code", "pk"]
        permissions = [("score_entry", "Can score award entries as a member of an evaluation committee")]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="awards_entry_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:entry_detail", args=[self.pk])


def entry_file_storage_name() -> str:
    return f"awards/entries/{uuid.uuid4().hex}.bin"


class EntryFile(TenantModel, models.Model):
    """A presentation file of an entry, stored encrypted like a case attachment."""

    encrypted_file_fields = ("storage_name",)  # rotate_keys re-encrypts these files

    organisation = organisation_fk()  # the entry's
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files", verbose_name=_("entry"))
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(
        max_length=200, unique=True, default=entry_file_storage_name, editable=False
    )
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EntryPartQuerySet.as_manager()
    unscoped = EntryPartQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.title
