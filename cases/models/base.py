"""Tenancy of case data: the owning organisation, widened by accepted referrals for the shared sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.tenancy import ALL_ORGANISATIONS, OrganisationQuerySet, organisations_with_perm, view_permission
from audit.history import TenantHistoricalQuerySet


def history(*excluded: str) -> HistoricalRecords:
    return HistoricalRecords(historical_queryset=TenantHistoricalQuerySet, excluded_fields=list(excluded))


def _shared_case_ids(organisation_ids, section: str | None):
    from cases.models.referral import Referral

    referrals = Referral.objects.filter(
        to_organisation_id__in=organisation_ids, status=Referral.Status.ACCEPTED, kind=Referral.Kind.REFERRAL
    )
    if section is not None:
        referrals = referrals.filter(**{f"share_{section}": True})
    return referrals.values("case_id")


class CaseQuerySet(OrganisationQuerySet):
    def visible_to(self, user):
        """The user's organisations' cases and the cases referred to them and accepted."""
        organisation_ids = organisations_with_perm(user, view_permission(self.model))
        if organisation_ids is ALL_ORGANISATIONS:
            return self.all()
        return self.filter(
            models.Q(organisation_id__in=organisation_ids)
            | models.Q(pk__in=_shared_case_ids(organisation_ids, None))
        )


class SectionQuerySet(OrganisationQuerySet):
    """Rows of one section of a case (``shared_section`` on the model; None = never shared)."""

    def visible_to(self, user):
        organisation_ids = organisations_with_perm(user, view_permission(self.model))
        if organisation_ids is ALL_ORGANISATIONS:
            return self.all()
        section = getattr(self.model, "shared_section", None)
        own = models.Q(organisation_id__in=organisation_ids)
        if section is None:
            return self.filter(own)
        return self.filter(own | models.Q(case_id__in=_shared_case_ids(organisation_ids, section)))


def organisation_fk(related_name: str = "+"):
    """The owning organisation; on case data always the case's owner (the Citus distribution key)."""
    return models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("organisation"),
    )


def case_fk(related_name: str):
    return models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name=related_name, verbose_name=_("case")
    )
