"""Sharing of case data: the owning organisation, widened by accepted referrals for the shared sections.

The mechanism (refusing unscoped queries, the ``unscoped`` manager, history) is ``tenancy``'s; this module
only says how far a case and its sections reach."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from tenancy import TenantQuerySet


def choice_list(verbose_name, item_choices, **options) -> models.JSONField:
    """A JSON list of choice codes. ``item_choices`` (a choices class, or a callable giving (code, label)
    pairs) names their labels for the pages that show the list, such as the change history, which reads
    the field's ``item_choices``. It is not part of the migration state: the stored value is unchanged."""
    field = models.JSONField(verbose_name, default=list, blank=True, **options)
    field.item_choices = getattr(item_choices, "choices", item_choices)
    return field


def sharing_consents(section: str | None = None):
    """THE consent rule, for use in ``Exists`` under a referral (or any row with ``case_id`` and
    ``to_organisation_id``): the LATEST version of the victim's consent to sharing with that organisation
    is given, not expired today and (for ``section``) covers the section.

    Read at the moment of access, so refusal, withdrawal and expiry end sharing at once (no job)."""
    from cases.models.consent import Consent

    sharing = choices.ConsentPurpose.SHARING
    # unscoped: the rule is part of scoping itself; it reads the consents of the referral's own case.
    later = Consent.unscoped.filter(
        case_id=OuterRef("case_id"),
        purpose=sharing,
        recipient_id=OuterRef("recipient_id"),
        version__gt=OuterRef("version"),
    )
    consents = Consent.unscoped.filter(
        case_id=OuterRef("case_id"),
        purpose=sharing,
        recipient_id=OuterRef("to_organisation_id"),
        status=choices.ConsentStatus.GIVEN,
    ).filter(
        models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=timezone.localdate()),
        ~Exists(later),
    )
    if section is not None:
        # A JSON list of section codes: match the quoted code (works alike on SQLite and PostgreSQL).
        consents = consents.filter(sections__icontains=f'"{section}"')
    return consents


def sharing_referrals(organisation_ids, section: str | None = None):
    """Accepted referrals to ``organisation_ids`` that share ``section`` (None: anything) right now:
    the referral shares the section and the victim's current consent covers it (``sharing_consents``).

    The one place that decides what another organisation sees of a case."""
    from cases.models.referral import Referral

    # unscoped: this is the scope itself — the accepted referrals addressed to the user's organisations.
    referrals = Referral.unscoped.filter(
        to_organisation_id__in=organisation_ids, status=Referral.Status.ACCEPTED, kind=Referral.Kind.REFERRAL
    )
    if section is not None:
        referrals = referrals.filter(**{f"share_{section}": True})
    return referrals.filter(Exists(sharing_consents(section)))


def _shared_case_ids(organisation_ids, section: str | None):
    return sharing_referrals(organisation_ids, section).values("case_id")


class CaseQuerySet(TenantQuerySet):
    def shared_with(self, organisation_ids):
        """The organisations' own cases and the cases referred to them and accepted."""
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            pk__in=_shared_case_ids(organisation_ids, None)
        )


class SectionQuerySet(TenantQuerySet):
    """Rows of one section of a case (``shared_section`` on the model; None = never shared)."""

    def shared_with(self, organisation_ids):
        own = models.Q(organisation_id__in=organisation_ids)
        section = getattr(self.model, "shared_section", None)
        if section is None:
            return own
        return own | models.Q(case_id__in=_shared_case_ids(organisation_ids, section))


def case_fk(related_name: str):
    return models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name=related_name, verbose_name=_("case")
    )
