"""Sharing of case data: the owning organisation, widened by accepted referrals for the shared sections.

The mechanism (refusing unscoped queries, the ``unscoped`` manager, history) is ``tenancy``'s; this module
only says how far a case and its sections reach."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from tenancy import ALL_ORGANISATIONS, TenantQuerySet, organisations_with_perm

# Held by caseworkers and managers. Roles without it (hotline operators, shelter staff) read a case of
# their organisation, and its sections, only while they hold a ``CaseAccess`` grant for it.
EVERY_CASE = "cases.view_every_case"


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


# A completed referral keeps sharing (read only) while the consent holds: the receiver still reads the
# case its own records are about; the victim's withdrawal of consent ends it, as for an accepted one.
SHARING_STATUSES = (choices.ReferralStatus.ACCEPTED, choices.ReferralStatus.COMPLETED)


def _sharing(referrals, section: str | None):
    if section is not None:
        referrals = referrals.filter(**{f"share_{section}": True})
    return referrals.filter(Exists(sharing_consents(section)))


def sharing_referrals(organisation_ids, section: str | None = None):
    """Accepted (or completed) referrals to ``organisation_ids`` that share ``section`` (None: anything)
    right now: the referral shares the section and the victim's current consent covers it
    (``sharing_consents``).

    The one place that decides what another organisation sees of a case."""
    from cases.models.referral import Referral

    # unscoped: this is the scope itself — the accepted referrals addressed to the user's organisations.
    referrals = Referral.unscoped.filter(
        to_organisation_id__in=organisation_ids, status__in=SHARING_STATUSES, kind=Referral.Kind.REFERRAL
    )
    return _sharing(referrals, section)


def receiver_sharing(section: str):
    """``Exists`` for a row of ``section`` written by a receiving organisation on a referred case: that
    organisation's referral of the row's case still shares the section under the victim's current consent.

    What the case's owner sees of the receiver's own records, and what the receiver still sees of them."""
    from cases.models.referral import Referral

    # unscoped: a condition on the outer row's own case and organisation, never a list of referrals.
    referrals = Referral.unscoped.filter(
        case_id=OuterRef("case_id"),
        to_organisation_id=OuterRef("organisation_id"),
        status__in=SHARING_STATUSES,
        kind=Referral.Kind.REFERRAL,
    )
    return Exists(_sharing(referrals, section))


def _shared_case_ids(organisation_ids, section: str | None):
    return sharing_referrals(organisation_ids, section).values("case_id")


def _granted_case_ids(user):
    from cases.models.access import CaseAccess

    # unscoped: the user's own open grants are the question itself, asked on behalf of the user.
    return CaseAccess.unscoped.filter(user_id=user.pk, ended_at__isnull=True).values("case_id")


class NarrowRoleScope:
    """``visible_to(user)`` for case data: where the user holds the view permission but not
    ``EVERY_CASE`` (a hotline operator, shelter staff), only the cases granted to the user are read.

    Fail closed: a role added to the table without ``EVERY_CASE`` sees no case until one is granted."""

    case_lookup = "case_id"

    def visible_to(self, user):
        organisation_ids = organisations_with_perm(user, self.view_permission())
        if organisation_ids is ALL_ORGANISATIONS:
            return self._as_scoped()
        every = organisations_with_perm(user, EVERY_CASE)
        every = set(organisation_ids) if every is ALL_ORGANISATIONS else set(organisation_ids) & every
        narrow = set(organisation_ids) - every
        condition = self.shared_with(every)
        if narrow:
            granted = models.Q(**{f"{self.case_lookup}__in": _granted_case_ids(user)})
            condition |= self.shared_with(narrow) & granted
        return self.filter(condition)._as_scoped()


class CaseQuerySet(NarrowRoleScope, TenantQuerySet):
    case_lookup = "pk"

    def shared_with(self, organisation_ids):
        """The organisations' own cases and the cases referred to them and accepted."""
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            pk__in=_shared_case_ids(organisation_ids, None)
        )


class SectionQuerySet(NarrowRoleScope, TenantQuerySet):
    """Rows of one section of a case (``shared_section`` on the model; None = never shared).

    A row's ``organisation`` is who wrote it: the case's owner, or an organisation that accepted a
    referral of the case and records its own services, notes and follow-ups on it. Who reads a row:
    - the owner of the case: its own rows, and a receiver's rows while that receiver's referral shares the
      section under the victim's current consent (the receiver's report back on the referral);
    - a receiver: the owner's rows and its own, while its referral shares the section under that consent
      — never a third organisation's rows on the same case (the victim consented to each separately).
    When the consent ends, a receiver's rows stay the receiver's (kept, never deleted; they count in its
    own statistics) but nobody reads them through a case page any more: they are about a victim who no
    longer agrees to be shared between the two organisations."""

    def shared_with(self, organisation_ids):
        own = models.Q(organisation_id__in=organisation_ids)
        section = getattr(self.model, "shared_section", None)
        if section is None:
            return own
        own_case = models.Q(case__organisation_id__in=organisation_ids)
        by_owner = models.Q(organisation_id=models.F("case__organisation_id"))
        return (own_case & (own | receiver_sharing(section))) | (
            models.Q(case_id__in=_shared_case_ids(organisation_ids, section)) & (own | by_owner)
        )


def case_fk(related_name: str):
    return models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name=related_name, verbose_name=_("case")
    )
