"""Perpetrators and criminal proceedings (HTCDS perpetrator context): the ``legal`` section of a case,
shared by a referral only when asked for by name. Names and identifying details are encrypted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk
from network.countries import CountryField
from privacy.fields import EncryptedJSONField, EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, organisation_fk, tenant_history


class Perpetrator(TenantModel, EncryptedRecord):
    """A person (or a group or business) who took part in the trafficking, as the victim describes them."""

    shared_section = choices.Section.LEGAL
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = case_fk("perpetrators")
    roles = models.JSONField(_("role in the process"), default=list, blank=True)
    role_details = EncryptedTextField(_("details of the role"), long=True)
    name = EncryptedTextField(_("name"), max_length=200)
    aliases = EncryptedJSONField(_("other names and nicknames"), default=list)
    identifying_details = EncryptedTextField(_("identifying details"), long=True)
    perpetrator_organisation = EncryptedTextField(
        _("group or business"), max_length=200, help_text=_("The criminal group or company they acted for.")
    )
    sex = models.CharField(_("sex"), max_length=16, choices=choices.Sex.choices, default=choices.Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(_("age (estimated)"), null=True, blank=True)
    citizenship = models.JSONField(_("citizenship"), default=list, blank=True)
    relation_to_victim = models.CharField(
        _("relation to the victim"), max_length=16, choices=choices.RecruiterRelation.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        ordering = ["created_at", "pk"]

    @property
    def role_labels(self) -> list[str]:
        labels = dict(choices.PerpetratorRole.choices)
        return [str(labels.get(code, code)) for code in self.roles]

    def __str__(self) -> str:
        # Never the name: lists and logs show the role and the case code.
        return str(_("Perpetrator in case %(code)s") % {"code": self.case.code})


class CriminalProceeding(TenantModel, EncryptedRecord):
    """A criminal case against the perpetrators: the victim's part in it, where it stands, its outcome
    and the compensation asked for and awarded."""

    shared_section = choices.Section.LEGAL
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = case_fk("proceedings")
    authority = EncryptedTextField(
        _("police, prosecutor or court"), max_length=200, help_text=_("Who handles it, by name.")
    )
    country = CountryField(_("country"), blank=True)
    reference = EncryptedTextField(_("case number"), max_length=100)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    stage = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.ProceedingStage.choices,
        default=choices.ProceedingStage.COMPLAINT,
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=choices.ProceedingOutcome.choices, blank=True
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    victim_is_witness = models.BooleanField(_("the victim is a witness"), default=False)
    compensation_requested = models.BooleanField(_("compensation requested"), default=False)
    compensation_awarded = models.BooleanField(_("compensation awarded"), default=False)
    compensation_amount = models.DecimalField(
        _("amount awarded"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    notes = EncryptedTextField(_("notes"), long=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("criminal proceeding")
        verbose_name_plural = _("criminal proceedings")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(_("Criminal proceeding in case %(code)s") % {"code": self.case.code})
