from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models.choices import CallerType, Channel, HeardVia, Language, Outcome, Topic
from hotline.models.line import Line
from hotline.vocabulary import Indicator
from network.countries import CountryField, country_name
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import (
    ALL_ORGANISATIONS,
    TenantModel,
    TenantQuerySet,
    organisation_fk,
    organisations_with_perm,
    tenant_history,
)
from tenancy.fields import choice_list

VIEW_EVERY_CONTACT = "hotline.view_every_contact"


class ContactQuerySet(TenantQuerySet):
    """Who reads a contact: whoever holds ``hotline.view_every_contact`` in its organisation (managers);
    whoever holds ``hotline.view_contact`` there (operators) reads the contacts of the lines they answer
    and their own drafts. Anyone else reads nothing (fail closed)."""

    def visible_to(self, user):
        every = organisations_with_perm(user, VIEW_EVERY_CONTACT)
        if every is ALL_ORGANISATIONS:
            return self._as_scoped()
        own = organisations_with_perm(user, self.view_permission())
        condition = models.Q(organisation_id__in=every)
        if own is ALL_ORGANISATIONS or own:
            operated = Line.operators.through.objects.filter(user_id=user.pk).values("line_id")
            lines = models.Q(line_id__in=operated) | models.Q(is_draft=True, operator_id=user.pk)
            if own is not ALL_ORGANISATIONS:
                lines &= models.Q(organisation_id__in=own)
            condition |= lines
        return self.filter(condition)._as_scoped()


class Contact(TenantModel, EncryptedRecord):
    """One call, message or visit to a hotline: what the caller asked and what the operator did.

    The caller is anonymous by default: a number is kept (encrypted) only with the caller's consent;
    ``caller_hash``, a keyed hash of the normalised number, recognises a repeat caller without it."""

    Channel = Channel
    CallerType = CallerType
    Topic = Topic
    HeardVia = HeardVia
    Outcome = Outcome

    organisation = organisation_fk("hotline_contacts")
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("line"))
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_contacts",
        verbose_name=_("operator"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    duration_seconds = models.IntegerField(_("duration (seconds)"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True)
    caller_type = models.CharField(_("caller type"), max_length=24, choices=CallerType.choices, blank=True)
    caller_country = CountryField(_("caller's country"), blank=True)
    caller_region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caller's region"),
    )
    country_of_concern = CountryField(
        _("country of concern"), blank=True, help_text=_("The country the call is about (destination).")
    )
    topics = choice_list(_("topics"), Topic)
    heard_via = models.CharField(
        _("heard of the hotline via"), max_length=16, choices=HeardVia.choices, blank=True
    )
    heard_via_detail = models.CharField(_("heard via (details)"), max_length=200, blank=True)
    # The campaign the caller heard of: campaigns count the contacts that name them (their effect).
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_contacts",
        verbose_name=_("campaign"),
    )
    indicators = choice_list(_("trafficking indicators heard"), Indicator)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    referred_to_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to organisation"),
    )
    referred_service = models.CharField(_("referred service"), max_length=32, blank=True)
    referred_external_name = models.CharField(
        _("referred to a body outside Amanat"), max_length=200, blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_contacts",
        verbose_name=_("case"),
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), long=True)
    number_consent = models.BooleanField(_("the caller agrees that the number is kept"), default=False)
    caller_number = EncryptedTextField(_("caller's number"), max_length=40)
    caller_hash = models.CharField(_("caller key"), max_length=64, blank=True, db_index=True, editable=False)
    # NULL, not '': most contacts have no call id, and the id is unique per organisation only when set.
    telephony_call_id = models.CharField(  # noqa: DJ001
        _("telephony call id"), max_length=100, null=True, blank=True, editable=False
    )
    is_draft = models.BooleanField(_("draft"), default=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()
    unscoped = ContactQuerySet.as_unscoped_manager()
    history = tenant_history("updated_at")

    class Meta:
        verbose_name = _("hotline contact")
        verbose_name_plural = _("hotline contacts")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "started_at"]),
            models.Index(fields=["line", "started_at"]),
            models.Index(fields=["organisation", "caller_hash"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_seconds__gte=0) | models.Q(duration_seconds__isnull=True),
                name="hotline_contact_duration_not_negative",
                violation_error_message=_("The duration cannot be below zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(number_consent=True) | models.Q(caller_number__isnull=True),
                name="hotline_contact_number_only_with_consent",
                violation_error_message=_("A caller's number is kept only with the caller's consent."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "telephony_call_id"],
                condition=models.Q(telephony_call_id__isnull=False),
                name="hotline_contact_telephony_call_id",
            ),
        ]
        permissions = [
            ("view_every_contact", "Can view every hotline contact of the organisation"),
            ("flag_caller", "Can flag a caller"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:contact_detail", args=[self.pk])

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(code).label) for code in self.topics or [] if code in Topic.values]

    @property
    def indicator_labels(self) -> list[str]:
        return [str(Indicator(code).label) for code in self.indicators or [] if code in Indicator.values]

    @property
    def caller_country_name(self) -> str:
        return country_name(self.caller_country) if self.caller_country else ""

    @property
    def country_of_concern_name(self) -> str:
        return country_name(self.country_of_concern) if self.country_of_concern else ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.duration_seconds is not None and self.duration_seconds < 0:
            errors["duration_seconds"] = ValidationError(
                _("The duration cannot be below zero."), code="duration_negative"
            )
        if self.caller_region_id:
            if not self.caller_country:
                errors["caller_region"] = ValidationError(
                    _("Choose the caller's country before the region."), code="region_without_country"
                )
            elif not self.caller_region_id.startswith(f"{self.caller_country}-"):
                # ISO 3166-2 codes start with the country's code: no query needed.
                errors["caller_region"] = ValidationError(
                    _("This region is not in the caller's country."), code="region_not_in_country"
                )
        if errors:
            raise ValidationError(errors)
