"""Grants of one case to one user in a narrow role (hotline operators, shelter staff).

Other domains grant through these functions (shelters on admission, for the shelter's staff); the
opening user of a case is granted by ``case_register`` itself. ``cases.models.base.NarrowRoleScope``
reads the open grants on every query of case data."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit_record
from cases.models import Case, CaseAccess
from cases.models.base import EVERY_CASE

OPENED = "cases.opened"


def case_access_needed(*, case: Case, user) -> bool:
    """True when ``user`` reads ``case`` only through a grant: a narrow role in the case's organisation."""
    return not user.has_perm(EVERY_CASE, case.organisation)


@transaction.atomic
def case_access_grant(*, case: Case, user, reason: str, by) -> None:
    """Let ``user`` read ``case`` for ``reason``; a second grant for the same reason changes nothing.

    The grant widens nothing by itself: the user must still hold the view permission in the case's
    organisation (or a referral's), and each section its own permission."""
    # unscoped: the grant of the case the caller was given, looked up by its natural key.
    if CaseAccess.unscoped.filter(case=case, user=user, reason=reason, ended_at__isnull=True).exists():
        return
    try:
        with transaction.atomic():
            CaseAccess.objects.create(
                organisation_id=case.organisation_id, case=case, user=user, reason=reason, granted_by=by
            )
    except IntegrityError:  # granted meanwhile by a concurrent request: the same outcome
        return
    audit_record(by=by, action="case.access_granted", obj=case, details={"user": user.pk, "reason": reason})


@transaction.atomic
def case_access_end(*, case: Case, reason: str, by, user=None) -> int:
    """End the open grants of ``case`` for ``reason`` (of ``user``, or of everyone); returns how many."""
    # unscoped: the grants of the case the caller was given.
    grants = CaseAccess.unscoped.filter(case=case, reason=reason, ended_at__isnull=True)
    if user is not None:
        grants = grants.filter(user=user)
    users = sorted(grants.values_list("user_id", flat=True))
    ended = grants.update(ended_at=timezone.now())
    if ended:
        audit_record(by=by, action="case.access_ended", obj=case, details={"users": users, "reason": reason})
    return ended
