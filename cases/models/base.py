"""Sharing of case data: the owning organisation, widened by accepted referrals for the shared sections.

The mechanism (refusing unscoped queries, the ``unscoped`` manager, history) is ``tenancy``'s; this module
only says how far a case and its sections reach."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy import TenantQuerySet


def _shared_case_ids(organisation_ids, section: str | None):
    from cases.models.referral import Referral

    # unscoped: this is the scope itself — the accepted referrals addressed to the user's organisations.
    referrals = Referral.unscoped.filter(
        to_organisation_id__in=organisation_ids, status=Referral.Status.ACCEPTED, kind=Referral.Kind.REFERRAL
    )
    if section is not None:
        referrals = referrals.filter(**{f"share_{section}": True})
    return referrals.values("case_id")


class CaseQuerySet(TenantQuerySet):
    def shared_with(self, organisation_ids):
        """The organisations' own cases and the cases referred to them and accepted."""
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            pk__in=_shared_case_ids(organisation_ids, None)
        )

    def open(self):
        return self.exclude(stage="closed")


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
