"""Small helpers the case services share."""

import calendar
import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm  # noqa: F401 - the case services import it from here
from network.countries import COUNTRY_CODES


def require_case_writer(user, perm: str, case, section: str) -> int:
    """The organisation id a new row of ``section`` on ``case`` belongs to: the case's owner, or the
    user's organisation that accepted a referral of the case sharing the section (PermissionDenied
    otherwise; ``cases.selectors.case_writing_organisation`` decides)."""
    from cases.selectors import case_writing_organisation

    organisation_id = case_writing_organisation(user=user, case=case, perm=perm, section=section)
    if organisation_id is None:
        raise PermissionDenied
    return organisation_id


def check_choices(field: str, values, allowed) -> list[str]:
    """A multi-select value: a list of allowed codes, duplicates removed, order kept."""
    values = list(dict.fromkeys(values or []))
    unknown = [value for value in values if value not in set(allowed)]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value: %(values)s.") % {"values": ", ".join(map(str, unknown))}},
            code="invalid_choice",
        )
    return values


def check_standalone(field: str, values: list[str], standalone=("none", "not_known")) -> list[str]:
    """A multi-select whose answers "none" and "not known" exclude every other answer."""
    if len(values) > 1 and set(values) & set(standalone):
        raise ValidationError(
            {field: _("“None” and “unknown” cannot be chosen together with another answer.")},
            code="invalid_choice",
        )
    return values


def check_countries(field: str, codes) -> list[str]:
    codes = [str(code).upper() for code in codes or []]
    unknown = [code for code in codes if code not in COUNTRY_CODES]
    if unknown:
        raise ValidationError(
            {field: _("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)}},
            code="invalid_country",
        )
    return list(dict.fromkeys(codes))


def check_region(field: str, region, country: str) -> None:
    """A region must lie in the chosen country (ISO 3166-2 codes start with the country's code)."""
    if region is not None and not (country and region.code.startswith(f"{country}-")):
        raise ValidationError(
            {field: _("This region is not in the chosen country.")}, code="region_not_in_country"
        )


def check_not_future(field: str, day: datetime.date | None, today: datetime.date) -> None:
    if day is not None and day > today:
        raise ValidationError({field: _("This date is in the future.")}, code="future_date")


def check_order(start_field: str, start, end_field: str, end) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({end_field: _("This date is before the start date.")}, code="ends_before_start")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def set_fields(instance, fields: dict, allowed) -> list[str]:
    """Assign the allowed fields; raise on any other name (a programming error, not user input)."""
    unexpected = set(fields) - set(allowed)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


class Errors:
    """The ValidationErrors of several checks, raised together: a step of a form shows every one at once."""

    def __init__(self):
        self.error_dict: dict[str, list] = {}

    def __bool__(self) -> bool:
        return bool(self.error_dict)

    def add(self, error: ValidationError, names: dict[str, str] | None = None) -> None:
        """Keep ``error``'s messages, each under its field (renamed by ``names``, e.g. the intake's names)."""
        names = names or {}
        if not hasattr(error, "error_dict"):
            self.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(error.error_list)
            return
        for name, errors in error.error_dict.items():
            self.error_dict.setdefault(names.get(name, name), []).extend(errors)

    @contextmanager
    def collect(self, names: dict[str, str] | None = None, *, savepoint: bool = False) -> Iterator[None]:
        """Run a check (or, with ``savepoint``, a write that is undone when it fails) and keep its errors."""
        try:
            if savepoint:
                with transaction.atomic():
                    yield
            else:
                yield
        except ValidationError as error:
            self.add(error, names)

    def raise_any(self) -> None:
        if self.error_dict:
            raise ValidationError(self.error_dict)
