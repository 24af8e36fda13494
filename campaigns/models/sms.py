import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import choices
from campaigns.models.campaign import Campaign
from campaigns.models.subscribers import Subscriber, SubscriberList
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, TenantQuerySet, organisation_fk, tenant_history


def webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class Gateway(TenantModel, EncryptedRecord):
    """How an organisation's SMS leave: a back-end (console, file, HTTP gateway, SMPP) with its
    connection settings, credentials (encrypted), sender id and rate limit. Delivery reports and inbound
    messages come back to webhooks named by ``webhook_id`` and signed with ``webhook_secret``."""

    Backend = choices.Backend

    organisation = organisation_fk("sms_gateways")
    name = models.CharField(_("name"), max_length=120)
    backend = models.CharField(
        _("back-end"), max_length=16, choices=choices.Backend.choices, default=choices.Backend.CONSOLE
    )
    url = models.URLField(
        _("gateway URL"), blank=True, help_text=_("HTTP gateway: where messages are posted.")
    )
    host = models.CharField(_("SMPP host"), max_length=200, blank=True)
    port = models.PositiveIntegerField(_("SMPP port"), null=True, blank=True)
    username = models.CharField(_("user name or system id"), max_length=100, blank=True)
    password = EncryptedTextField(_("password or token"), max_length=200)
    sender = models.CharField(_("sender id"), max_length=16, blank=True)
    rate_limit = models.PositiveIntegerField(
        _("rate limit (messages per second)"), default=10, help_text=_("The most the gateway accepts.")
    )
    timeout_seconds = models.PositiveIntegerField(_("time-out (seconds)"), default=10)
    webhook_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook_secret = EncryptedTextField(_("webhook secret"), max_length=100, default=webhook_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("SMS gateway")
        verbose_name_plural = _("SMS gateways")
        ordering = ["organisation", "name"]
        permissions = [("manage_gateway", "Can set up SMS gateways and their prices")]

    def __str__(self) -> str:
        return self.name


class OperatorPrice(TenantModel, models.Model):
    """What one segment costs to numbers of one operator (matched by the longest E.164 prefix)."""

    organisation = organisation_fk()
    gateway = models.ForeignKey(
        Gateway, on_delete=models.CASCADE, related_name="prices", verbose_name=_("gateway")
    )
    operator = models.CharField(_("operator"), max_length=100)
    prefix = models.CharField(_("number prefix"), max_length=16, help_text=_("For example +99290."))
    price_per_segment = models.DecimalField(_("price per segment"), max_digits=8, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("operator price")
        verbose_name_plural = _("operator prices")
        ordering = ["gateway", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "prefix"], name="operator_price_once_per_prefix")
        ]

    def __str__(self) -> str:
        return f"{self.operator} ({self.prefix})"


class SmsPolicy(TenantModel, models.Model):
    """A manager's rules for the organisation's SMS: the most segments one message may take, and the
    quiet hours (in the recipient's time zone) when nothing is sent."""

    organisation = models.OneToOneField(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="sms_policy",
        verbose_name=_("organisation"),
    )
    max_segments = models.PositiveSmallIntegerField(_("most segments per message"), default=2)
    quiet_from = models.TimeField(_("quiet hours from"), default="21:00")
    quiet_until = models.TimeField(_("quiet hours until"), default="09:00")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history("updated_at")

    class Meta:
        verbose_name = _("SMS policy")
        verbose_name_plural = _("SMS policies")

    def __str__(self) -> str:
        return str(_("SMS policy of %(organisation)s") % {"organisation": self.organisation})


class Broadcast(TenantModel, models.Model):
    """An SMS send of a campaign to some lists, in each recipient's language, through one gateway."""

    Status = choices.BroadcastStatus

    organisation = organisation_fk("broadcasts")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="broadcasts", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=200)
    lists = models.ManyToManyField(
        SubscriberList, related_name="broadcasts", verbose_name=_("subscriber lists")
    )
    gateway = models.ForeignKey(
        Gateway, on_delete=models.PROTECT, related_name="broadcasts", verbose_name=_("gateway")
    )
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Where the recipients live, when the lists are of one region."),
    )
    scheduled_for = models.DateTimeField(_("send from"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.BroadcastStatus.choices,
        default=choices.BroadcastStatus.DRAFT,
    )
    status_detail = models.CharField(_("status detail"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("SMS broadcast")
        verbose_name_plural = _("SMS broadcasts")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_broadcast", "Can start, pause and resume SMS broadcasts")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:broadcast_detail", args=[self.pk])


class BroadcastText(TenantModel, models.Model):
    """The text of a broadcast in one language; recipients whose language has none get the first."""

    organisation = organisation_fk()
    broadcast = models.ForeignKey(
        Broadcast, on_delete=models.CASCADE, related_name="texts", verbose_name=_("broadcast")
    )
    language = models.CharField(_("language"), max_length=8, choices=choices.Language.choices)
    body = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("broadcast text")
        verbose_name_plural = _("broadcast texts")
        ordering = ["broadcast", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["broadcast", "language"], name="broadcast_text_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.broadcast} ({self.language})"


class Message(TenantModel, models.Model):
    """One SMS of a broadcast to one number: at most one per number and broadcast (a constraint), and
    handed to a gateway at most once (a worker claims it, ``queued`` → ``sending``, before sending)."""

    Status = choices.MessageStatus

    organisation = organisation_fk()
    broadcast = models.ForeignKey(
        Broadcast, on_delete=models.CASCADE, related_name="messages", verbose_name=_("broadcast")
    )
    gateway = models.ForeignKey(
        Gateway, on_delete=models.PROTECT, related_name="+", verbose_name=_("gateway")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        related_name="messages",
        verbose_name=_("subscriber"),
    )
    number_hash = models.CharField(_("number key"), max_length=64, editable=False)
    text = models.ForeignKey(
        BroadcastText, on_delete=models.PROTECT, related_name="+", verbose_name=_("text")
    )
    segments = models.PositiveSmallIntegerField(_("segments"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.MessageStatus.choices,
        default=choices.MessageStatus.QUEUED,
    )
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # NULL until the gateway names the message; unique per gateway when set.
    gateway_message_id = models.CharField(  # noqa: DJ001
        _("gateway message id"), max_length=100, null=True, blank=True
    )
    error = models.CharField(_("error"), max_length=200, blank=True)

    objects = TenantQuerySet.as_manager()
    unscoped = TenantQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["broadcast", "pk"]
        indexes = [models.Index(fields=["broadcast", "status", "not_before"])]
        constraints = [
            models.UniqueConstraint(fields=["broadcast", "number_hash"], name="message_once_per_number"),
            models.UniqueConstraint(
                fields=["gateway", "gateway_message_id"], name="gateway_message_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Message %(pk)s of %(broadcast)s") % {"pk": self.pk, "broadcast": self.broadcast})
