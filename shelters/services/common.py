"""Small helpers the shelter services share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from cases import services as case_services

RESIDENT = "shelters.resident"  # the reason of the case access a stay gives the shelter's staff


def require_perm(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def check_choice(field: str, value, allowed, *, required: bool = True) -> str:
    if not value:
        if required:
            raise ValidationError({field: _("This field is required.")}, code="required")
        return ""
    if value not in set(allowed):
        raise ValidationError(
            {field: _("Unknown value: %(value)s.") % {"value": value}}, code="invalid_choice"
        )
    return value


def check_choices(field: str, values, allowed) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [value for value in values if value not in set(allowed)]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value: %(value)s.") % {"value": ", ".join(map(str, unknown))}},
            code="invalid_choice",
        )
    return values


def case_access_grant(*, case, user, by) -> None:
    """Let a shelter's staff member open the resident's case (the sections the role table gives shelter
    staff) while the stay lasts. Only for a case of the shelter's own organisation: another organisation's
    case is shared through an accepted referral with the victim's consent, never by a stay."""
    grant = getattr(case_services, "case_access_grant", None)
    if grant is not None:  # TODO(#9): always present once main's case access grants are merged
        grant(case=case, user=user, reason=RESIDENT, by=by)


def case_access_end(*, case, by, user=None) -> None:
    end = getattr(case_services, "case_access_end", None)
    if end is not None:  # TODO(#9): always present once main's case access grants are merged
        end(case=case, reason=RESIDENT, by=by, user=user)
