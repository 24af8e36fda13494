import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import choices
from network.countries import CountryField
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, TenantQuerySet, organisation_fk, tenant_history


def opt_out_token() -> str:
    return secrets.token_urlsafe(16)


class SubscriberList(TenantModel, models.Model):
    """People who agreed to receive an organisation's SMS, and where that consent comes from. A list
    without a consent source cannot be sent to."""

    organisation = organisation_fk("subscriber_lists")
    name = models.CharField(_("name"), max_length=200)
    consent_source = models.CharField(
        _("consent source"),
        max_length=300,
        blank=True,
        help_text=_("How the people on this list agreed to receive messages (a form, an event, a reply)."),
    )
    language = models.CharField(
        _("default language"),
        max_length=8,
        choices=choices.Language.choices,
        default=choices.Language.RUSSIAN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("subscriber list")
        verbose_name_plural = _("subscriber lists")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class Subscriber(TenantModel, EncryptedRecord):
    """One number on a list: stored encrypted, found by ``number_hash`` (a keyed hash of its E.164 form)."""

    organisation = organisation_fk("subscribers")
    subscriber_list = models.ForeignKey(
        SubscriberList, on_delete=models.PROTECT, related_name="subscribers", verbose_name=_("list")
    )
    number = EncryptedTextField(_("phone number"), max_length=20, blank=False)
    number_hash = models.CharField(_("number key"), max_length=64, editable=False)
    country = CountryField(_("country of the number"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=choices.Language.choices)
    consent_source = models.CharField(_("consent source"), max_length=300, blank=True)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    opt_out_token = models.CharField(max_length=32, unique=True, default=opt_out_token, editable=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("SMS subscriber")
        verbose_name_plural = _("SMS subscribers")
        ordering = ["subscriber_list", "pk"]
        indexes = [models.Index(fields=["organisation", "number_hash"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber_list", "number_hash"], name="subscriber_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return str(_("Subscriber %(pk)s") % {"pk": self.pk})


class OptOut(TenantModel, models.Model):
    """A number that asked to stop: it never receives again from any list of the organisation."""

    Via = choices.OptOutVia

    organisation = organisation_fk("sms_opt_outs")
    number_hash = models.CharField(_("number key"), max_length=64, editable=False)
    via = models.CharField(_("opted out by"), max_length=16, choices=choices.OptOutVia.choices)
    keyword = models.CharField(_("stop word"), max_length=32, blank=True)
    opted_out_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        ordering = ["-opted_out_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number_hash"], name="opt_out_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(_("Opt-out %(pk)s") % {"pk": self.pk})


class SubscriberImport(TenantModel, EncryptedRecord):
    """An uploaded CSV or XLSX file, checked row by row and waiting for confirmation: ``report`` names
    each rejected row and why (never the number); ``rows`` holds the accepted rows, encrypted."""

    Status = choices.ImportStatus

    organisation = organisation_fk()
    subscriber_list = models.ForeignKey(
        SubscriberList, on_delete=models.PROTECT, related_name="imports", verbose_name=_("list")
    )
    file_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=choices.ImportStatus.choices, default=choices.ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    accepted_rows = models.PositiveIntegerField(_("rows accepted"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    rows = EncryptedTextField(_("accepted rows"), long=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("subscriber import")
        verbose_name_plural = _("subscriber imports")
        ordering = ["-created_at"]
