"""Passwords: long rather than complicated, and not a word of the field or of one's organisation
(ASVS 5.0 V6.2.1 at least 12 characters, V6.2.5 no composition rules, V6.2.4 a list of guessable words)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD


def _refusal(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.mark.parametrize(
    "password",
    [
        "amanat2026!",
        "Amanat-2026-Amanat",
        "trafficking1",
        "Tr@ff1ck1ng2025",
        "password2026!",
        "P@ssw0rd-2024!!",
        "пароль2026пароль",
        "HotlineShelter2025",
    ],
)
def test_password_of_domain_words_with_digits_and_symbols_is_refused(password, db):
    assert "password_domain_word" in _refusal(password)


@pytest.mark.parametrize("password", ["Women and Society 2026", "Chkalovsk2026!!", "женщиныиобщество1"])
def test_password_of_the_users_own_organisation_is_refused(password, caseworker):
    assert "password_domain_word" in _refusal(password, caseworker)


def test_password_shorter_than_twelve_characters_is_refused(db):
    assert "password_too_short" in _refusal("x7#kq9!vbz2")


@pytest.mark.parametrize(
    "password", ["482916305717", TEST_PASSWORD, "мой длинный пароль про горы", "kettle orbit 38 plum"]
)
def test_password_long_and_own_passes_without_composition_rules(password, caseworker):
    assert _refusal(password, caseworker) == []


def test_password_change_form_shows_the_domain_word_refusal_and_keeps_nothing_changed(client, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "amanat2026!!", "new_password2": "amanat2026!!"},
    )

    assert response.status_code == 200
    assert "mostly a word anyone would try first" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(TEST_PASSWORD) is True
