"""Small helpers the case services share."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from network.countries import COUNTRY_CODES


def require_perm(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


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
