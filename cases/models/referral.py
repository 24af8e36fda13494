from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import NarrowRoleScope, SectionQuerySet, case_fk
from network.countries import CountryField
from network.models import OrganisationType
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, TenantQuerySet, organisation_fk, tenant_history


class ReferralQuerySet(NarrowRoleScope, TenantQuerySet):
    def shared_with(self, organisation_ids):
        """Referrals sent by the organisations and those addressed to them."""
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            to_organisation_id__in=organisation_ids
        )


class Referral(TenantModel, EncryptedRecord):
    """A request to another organisation (across a border too) to serve the victim or take the case.

    ``organisation`` is the referring organisation (the case's owner when it was sent)."""

    Kind = choices.ReferralKind
    Status = choices.ReferralStatus
    SECTIONS = [section.value for section in choices.Section]

    organisation = organisation_fk("referrals_sent")
    case = case_fk("referrals")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REFERRAL)
    # None for a body outside Amanat (police, consulate, labour inspection, a foreign NGO): ``external_*``.
    to_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiving organisation"),
    )
    external_name = EncryptedTextField(_("name of the body outside Amanat"), max_length=200)
    external_type = models.CharField(
        _("type of the body outside Amanat"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    external_country = CountryField(_("country of the body outside Amanat"), blank=True)
    external_contact = EncryptedTextField(_("contact person and phone"), max_length=300)
    # An external body cannot be named as a consent's recipient (it is not in the registry): the sender
    # records here how the victim consented to sharing with it; without it the referral is refused.
    external_consent_method = models.CharField(
        _("how the victim consented to sharing with this body"),
        max_length=16,
        choices=choices.ConsentMethod.choices,
        blank=True,
    )
    service_needed = models.CharField(
        _("service needed"), max_length=32, choices=choices.ServiceType.choices, blank=True
    )
    reason = models.CharField(
        _("reason"),
        max_length=32,
        choices=choices.ReferralReason.choices,
        default=choices.ReferralReason.ADDITIONAL_SERVICES,
    )
    details = EncryptedTextField(_("details and arrangements"), long=True)
    share_personal_data = models.BooleanField(_("share personal data"), default=False)
    share_screening = models.BooleanField(_("share screening"), default=False)
    share_experience = models.BooleanField(_("share trafficking experience"), default=False)
    share_services = models.BooleanField(_("share services"), default=False)
    share_reintegration = models.BooleanField(_("share reintegration"), default=False)
    share_notes = models.BooleanField(_("share notes"), default=False)
    share_attachments = models.BooleanField(_("share attachments"), default=False)
    share_legal = models.BooleanField(_("share perpetrators and proceedings"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), long=True)
    receiving_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving caseworker"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=32, choices=choices.ReferralOutcome.choices, blank=True
    )
    outcome_details = EncryptedTextField(_("details of the outcome"), long=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    services_delivered = models.ManyToManyField(
        "cases.AssistanceService",
        blank=True,
        related_name="referrals_completed",
        verbose_name=_("services delivered"),
    )

    objects = ReferralQuerySet.as_manager()
    unscoped = ReferralQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["case", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.code} → {self.receiver_name}"

    @property
    def is_external(self) -> bool:
        return self.to_organisation_id is None

    @property
    def receiver_name(self) -> str:
        """The receiving organisation's name, or the external body's (an institution, not a person)."""
        return self.external_name if self.is_external else str(self.to_organisation)

    @property
    def receiver_country(self) -> str:
        return self.external_country if self.is_external else str(self.to_organisation.country)

    @property
    def shared_sections(self) -> list[str]:
        return [section for section in self.SECTIONS if getattr(self, f"share_{section}")]

    @property
    def is_cross_border(self) -> bool:
        """The receiver works in another country than the referring organisation."""
        return bool(self.receiver_country) and str(self.organisation.country) != self.receiver_country


class ApprovalRequest(TenantModel, EncryptedRecord):
    """A closure or transfer waiting for a manager where the organisation requires approval."""

    Action = choices.ApprovalAction
    Status = choices.ApprovalStatus
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = case_fk("approval_requests")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=32, choices=choices.ClosureReason.choices, blank=True
    )
    details = EncryptedTextField(_("details"), long=True)
    # What the closure will do once approved (referral ids and a yes/no; nothing personal):
    # {"withdraw": [ids], "keep": [ids], "keep_followups": true | false | null}.
    closure_decisions = models.JSONField(_("decisions of the closure"), default=dict, blank=True)
    referral = models.OneToOneField(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_request",
        verbose_name=_("transfer"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="approvalrequest_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.case.code}"
