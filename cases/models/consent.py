from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, organisation_fk, tenant_history
from tenancy.fields import choice_list


class ConsentQuerySet(SectionQuerySet):
    def current(self):
        """The latest version per purpose and recipient (rows are never changed, only superseded)."""
        return self.filter(superseded_by__isnull=True)


def consent_refuses(purpose: str, case_ref: str = "pk"):
    """``Exists`` of a latest consent to ``purpose`` (not sharing) that is not valid today: refused,
    withdrawn or expired. ``case_ref`` names the outer query's case id (``pk`` on cases, ``case_id`` on
    their rows). No recorded answer at all is not a refusal."""
    # unscoped: a condition on the outer query's own case, never a list of consents.
    later = Consent.unscoped.filter(
        case_id=OuterRef("case_id"), purpose=purpose, version__gt=OuterRef("version")
    )
    latest = Consent.unscoped.filter(case_id=OuterRef(case_ref), purpose=purpose).filter(~Exists(later))
    valid = models.Q(status=choices.ConsentStatus.GIVEN) & (
        models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=timezone.localdate())
    )
    return Exists(latest.exclude(valid))


class Consent(TenantModel, EncryptedRecord):
    """One version of the victim's consent to one purpose (and, for sharing, one recipient)."""

    Purpose = choices.ConsentPurpose
    Status = choices.ConsentStatus
    Method = choices.ConsentMethod

    organisation = organisation_fk()
    case = case_fk("consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    recipient = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient organisation"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    sections = choice_list(
        _("sections covered"),
        choices.Section,
        help_text=_("For consent to sharing: the parts of the case the recipient may see."),
    )
    method = models.CharField(_("how it was given"), max_length=16, choices=Method.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    given_on = models.DateField(_("date"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_override = models.BooleanField(_("override"), default=False)
    override_reason = EncryptedTextField(_("reason for the override"), long=True)
    notes = EncryptedTextField(_("notes"), long=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    expiry_notified_at = models.DateTimeField(_("expiry notified at"), null=True, blank=True, editable=False)
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )

    objects = ConsentQuerySet.as_manager()
    unscoped = ConsentQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["purpose", "-version"]
        indexes = [models.Index(fields=["case", "purpose", "recipient"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="sharing", recipient__isnull=False)
                | (~models.Q(purpose="sharing") & models.Q(recipient__isnull=True)),
                name="consent_recipient_only_for_sharing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}: {self.get_status_display()}"

    def is_valid_on(self, day) -> bool:
        return self.status == self.Status.GIVEN and (self.expires_on is None or self.expires_on >= day)

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    @property
    def section_labels(self) -> list[str]:
        labels = dict(choices.Section.choices)
        return [str(labels[section]) for section in self.sections if section in labels]
