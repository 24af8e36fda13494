"""Passwords: long rather than complicated (NIST SP 800-63B, OWASP ASVS 6.2).

Settings keep Django's minimum length (12) and its list of common passwords, and add
``DomainWordsPasswordValidator``: a password that is only a word of this field or of the user's
own organisation, dressed up with digits, years, symbols or look-alike characters ("amanat2026!",
"Tr@fficking1", "Chkalovsk2025") is refused. There are no composition rules: a long password of
digits alone is fine.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone attacking an Amanat installation would try first, in the languages of its users.
DOMAIN_WORDS = {
    "amanat",
    "аманат",
    "password",
    "passwort",
    "пароль",
    "parol",
    "trafficking",
    "traffic",
    "trafik",
    "торговля",
    "траффикинг",
    "трафикинг",
    "victim",
    "жертва",
    "shelter",
    "приют",
    "hotline",
    "горячаялиния",
    "iom",
    "мом",
    "usaid",
    "ngo",
    "нпо",
    "welcome",
    "qwerty",
    "йцукен",
    "admin",
    "letmein",
}
LOOK_ALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# What is left once the words are taken out must carry this many characters of its own.
MIN_OWN_CHARACTERS = 8
_YEAR = re.compile(r"(19|20)\d\d")
_LETTERS = re.compile(r"[^\w]|_", re.UNICODE)


def _letters(text: str) -> str:
    return _LETTERS.sub("", text.casefold())


def organisation_words(user) -> set[str]:
    """Names, short names and cities of the organisations where ``user`` holds a membership."""
    if user is None or user.pk is None:
        return set()
    from network.models import Organisation

    # The user's own organisations, read to judge the user's own new password.
    rows = Organisation.objects.filter(memberships__user=user).values_list(
        "name_en", "name_ru", "short_name", "city"
    )
    return {_letters(value) for row in rows for value in row if value and len(_letters(value)) >= 3}


def _own_characters(password: str, words: set[str]) -> str:
    """The password without years and without any of ``words`` (longest first)."""
    rest = _YEAR.sub("", password.casefold())
    rest = _letters(rest)
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest


class DomainWordsPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        words = DOMAIN_WORDS | organisation_words(user)
        if user is not None:
            words |= {
                _letters(getattr(user, name, "") or "") for name in ("username", "first_name", "last_name")
            }
        words = {word for word in words if len(word) >= 3}
        candidates = (password, password.translate(LOOK_ALIKES))
        if any(len(_own_characters(candidate, words)) < MIN_OWN_CHARACTERS for candidate in candidates):
            raise ValidationError(
                _(
                    "This password is mostly a word anyone would try first (the name of this system, "
                    "of the field, of your organisation or its city, or your own name) with digits or "
                    "symbols added. Choose a longer passphrase of your own."
                ),
                code="password_domain_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Not a word of this field or of your organisation with digits or symbols added; a long "
            "phrase of your own is best."
        )
