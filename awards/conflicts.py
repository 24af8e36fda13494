"""Conflicts of interest: the one rule that decides which entries a judge may not be assigned, score or
see the scores of.

A judge is conflicted with an entry when the judge is or was a member (any role, memberships ended
included) of the entry's organisation or of one of its partners, when the judge declared a conflict with
one of those organisations, or declared a conflict with the entry itself."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from awards.models import ConflictDeclaration, Entry


def _declared(judge):
    # unscoped: a judge's own declarations decide what the judge may read; they are the judge's rows.
    return ConflictDeclaration.unscoped.filter(judge=judge)


def entry_conflict_q(*, judge, prefix: str = "") -> Q:
    """The entries ``judge`` is conflicted with, as a condition on Entry (or through ``prefix``)."""
    joined = account_selectors.organisations_ever_joined(user=judge)
    declared_organisations = (
        _declared(judge).filter(with_organisation__isnull=False).values("with_organisation_id")
    )
    partnered = Entry.partners.through.objects.filter(
        Q(organisation_id__in=joined) | Q(organisation_id__in=declared_organisations)
    ).values("entry_id")
    declared_entries = _declared(judge).filter(entry__isnull=False).values("entry_id")
    return (
        Q(**{f"{prefix}organisation_id__in": joined})
        | Q(**{f"{prefix}organisation_id__in": declared_organisations})
        | Q(**{f"{prefix}pk__in": partnered})
        | Q(**{f"{prefix}pk__in": declared_entries})
    )


def conflicted_entry_ids(*, judge, competition) -> set[int]:
    """Ids of the entries of ``competition`` that ``judge`` is conflicted with."""
    # unscoped: the conflict rule itself, asked by the assignment and scoring services.
    entries = Entry.unscoped.filter(competition=competition).filter(entry_conflict_q(judge=judge))
    return set(entries.values_list("pk", flat=True))


def is_conflicted(*, judge, entry: Entry) -> bool:
    # unscoped: the conflict rule itself, for one entry a service is about to let the judge near.
    return Entry.unscoped.filter(pk=entry.pk).filter(entry_conflict_q(judge=judge)).exists()


def conflict_reasons(*, judge, entry: Entry) -> list[str]:
    """Why ``judge`` is conflicted with ``entry``, for the chair and the judge (organisation names only)."""
    joined = account_selectors.organisations_ever_joined(user=judge)
    partners = list(entry.partners.all())
    reasons = []
    if entry.organisation_id in joined:
        reasons.append(_("is or was a member of the entry's organisation"))
    reasons += [
        _("is or was a member of the partner organisation %(name)s") % {"name": partner.name}
        for partner in partners
        if partner.pk in joined
    ]
    partner_ids = {partner.pk for partner in partners}
    for declaration in _declared(judge).filter(
        Q(entry=entry) | Q(with_organisation_id__in={entry.organisation_id, *partner_ids})
    ):
        reasons.append(_("declared a conflict: %(reason)s") % {"reason": declaration.reason})
    return reasons
