"""Small helpers the shelter services share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm  # noqa: F401 - the shelter services import it from here
from cases import services as case_services

RESIDENT = "shelters.resident"  # the reason of the case access a stay gives the shelter's staff


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
    """Let a shelter's staff member open the resident's case while the stay lasts: only the sections the
    role table gives shelter staff. The grant widens nothing by itself: another organisation's case stays
    out of reach unless an accepted referral shares it with the shelter's organisation."""
    case_services.case_access_grant(case=case, user=user, reason=RESIDENT, by=by)


def case_access_end(*, case, by, user=None) -> None:
    """End the staff's access to the case (of ``user``, or of everyone who had it as a resident's)."""
    case_services.case_access_end(case=case, reason=RESIDENT, by=by, user=user)
