"""Countries by ISO 3166-1 alpha-2 code, named in the user's language (pycountry's translations)."""

import gettext
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext_lazy as _

CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")
# Where people from the five republics are most often taken or go to work (and the neighbours they cross).
USUAL_DESTINATIONS = ("RU", "TR", "AE", "KR", "CN", "SA", "AF", "IR", "PL", "DE", "IL", "TH")
# Territories with no permanent population, left out of the pickers (stored codes stay valid):
# Antarctica, Bouvet Island, Heard Island and McDonald Islands, the US Minor Outlying Islands,
# the French Southern Territories, South Georgia and the South Sandwich Islands, and the
# British Indian Ocean Territory (its only residents are military staff).
UNINHABITED = frozenset({"AQ", "BV", "HM", "UM", "TF", "GS", "IO"})
COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _translation(language: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str, language: str | None = None) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    language = (language or get_language() or "en").split("-")[0]
    if language == "en":
        return name
    return _translation(language).gettext(country.name)


def country_choices() -> list[tuple[str, str]]:
    """All countries, the five republics first, then by name in the active language."""
    first = [(code, country_name(code)) for code in CENTRAL_ASIA]
    rest = sorted(
        ((code, country_name(code)) for code in COUNTRY_CODES if code not in CENTRAL_ASIA),
        key=lambda item: item[1],
    )
    return first + rest


def country_picker_choices() -> list[tuple[str, object]]:
    """The choices of a country picker: the five republics and the usual destinations first in a group,
    then every other inhabited country by name in the active language."""
    first = [*CENTRAL_ASIA, *USUAL_DESTINATIONS]
    rest = sorted(
        ((code, country_name(code)) for code in COUNTRY_CODES - UNINHABITED - set(first)),
        key=lambda item: item[1],
    )
    return [
        (_("Central Asia and usual destinations"), [(code, country_name(code)) for code in first]),
        (_("All countries"), rest),
    ]


def validate_country_code(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166-1 country code."),
            code="invalid_country",
            params={"value": value},
        )


class CountryField(models.CharField):
    """An ISO 3166-1 alpha-2 code; forms show the names in the user's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("choices", country_choices)
        super().__init__(*args, **kwargs)
        if validate_country_code not in self.validators:
            self.validators.append(validate_country_code)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        if kwargs.get("max_length") == 2:
            kwargs.pop("max_length")
        return name, path, args, kwargs
