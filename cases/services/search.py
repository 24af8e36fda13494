"""The name-hiding flag of a case (a person at high risk)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.services import audit_record
from cases.models import Case


def may_hide_name(user, case: Case) -> bool:
    """The assigned caseworker and the managers of the owning organisation decide."""
    return (case.caseworker_id == user.pk and user.has_perm("cases.change_case", case)) or user.has_perm(
        "cases.approve_case", case
    )


@transaction.atomic
def case_name_hide(*, case: Case, by, hidden: bool) -> Case:
    """Hide (or show again) the victim's name for everyone but the assigned caseworker and the
    organisation's managers: lists, search results and the personal tab mask it, and a name search by
    anyone else does not find the case. Audited; PermissionDenied for anyone else."""
    if not may_hide_name(by, case):
        raise PermissionDenied
    # unscoped: the case the caller was given (already in scope, its permission checked).
    case = Case.unscoped.select_for_update().get(pk=case.pk)
    if case.name_hidden != hidden:
        case.name_hidden = hidden
        case.save(update_fields=["name_hidden", "updated_at"])
        audit_record(by=by, action="case.name_hidden" if hidden else "case.name_shown", obj=case)
    return case
