"""Search tokens: spellings meet, the key matters, and a query needs two letters."""

import base64

import pytest

from privacy.crypto import reset_keyring
from privacy.search_tokens import name_query, required_hits, search_tokens


def test_search_tokens_of_cyrillic_and_latin_spellings_are_the_same():
    assert search_tokens(["Гулнора", "Рахимова"]) == search_tokens(["Gulnora", "Rakhimova"])


def test_search_tokens_are_integers_under_the_current_key_id():
    kid, tokens = search_tokens(["Gulnora"])

    assert kid == "blind-index"
    assert all(isinstance(token, int) and -(2**63) <= token < 2**63 for token in tokens)


def test_search_tokens_change_with_the_key(settings):
    before = search_tokens(["Gulnora"])[1]
    data_key = settings.AMANAT_KEYS.split(",")[0]
    settings.AMANAT_KEYS = f"{data_key},blind-index-2:{base64.b64encode(b'z' * 32).decode()}"
    reset_keyring()

    kid, after = search_tokens(["Gulnora"])

    assert (kid, before & after) == ("blind-index-2", set())


def test_name_query_grams_are_among_the_tokens_of_a_name_it_is_part_of():
    _kid, tokens = search_tokens(["Gulnora", "Rakhimova"])

    query = name_query("рахим")

    assert set(query.grams) <= tokens
    assert query.required == 2


def test_name_query_of_two_letters_matches_word_starts():
    _kid, tokens = search_tokens(["Rakhimova"])

    query = name_query("Ра")

    assert (set(query.grams) <= tokens, query.required, query.starts) == (True, 1, ())


@pytest.mark.parametrize("typed", ["р", "ь", " ", "1"])
def test_name_query_needs_two_letters(typed):
    with pytest.raises(ValueError):
        name_query(typed)


def test_required_hits_leaves_room_for_one_wrong_letter_from_six_grams():
    assert [required_hits(grams) for grams in range(1, 10)] == [1, 1, 2, 2, 3, 3, 4, 5, 6]
