"""Search tokens: find a person by any part of a name without a readable name in the database.

A person's names (given, middle, family, other names) are folded word by word as the blind index folds
them (``privacy.blind_index.fold_words``: Cyrillic and Latin spellings meet, so do Х/Kh/H and О/A), and
each folded word is cut into grams: its first two letters marked as a word start ("^ra") and every run
of three letters ("rah", "ahi", "him"…). Each gram becomes a token, a keyed hash (HMAC-SHA256 under the
keyring's current ``blind-index`` key, cut to a signed 64-bit integer) stored beside the key's id in a
token table; the birth date and year become tokens too. Without the key a token cannot be computed from
a guessed name, and no token reveals a letter.

A search folds the typed text the same way and hashes its grams (under every blind-index key while
``recompute_blind_indexes`` rebuilds tokens after a key change). A person matches when enough of the
typed three-letter grams are among their tokens: all of them finds any part of a name (a prefix or an
infix: "рахим" and "rakhim" find Rakhimova), and a few may be missing so that one wrong letter still
finds (one letter changes at most three grams; see ``required_hits``). A word of two letters only finds
names that start with it. Results are ranked by the number of shared tokens, word starts included, so
the closest spelling comes first. A birth date or year, when given, must match as well.

What the table does reveal to someone who holds a copy of the database but not the key: how many tokens
each person has (roughly the length of their names) and which people share a token (share a gram), and
how often each token occurs. That is the price of searching inside names without decrypting them all;
the key stays outside the database like every other key.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from privacy.blind_index import fold_words
from privacy.crypto import keyring

VERSION = "st1"
MIN_LETTERS = 2


def _token(key: bytes, kind: str, value: str) -> int:
    digest = hmac.new(key, f"{VERSION}|{kind}|{value}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _start(word: str) -> str:
    return word[:2]


def _trigrams(word: str) -> list[str]:
    return [word[i : i + 3] for i in range(len(word) - 2)]


def _name_grams(names: Iterable[str]) -> tuple[set[str], set[str]]:
    starts, grams = set(), set()
    for name in names:
        # Stored words keep their gendered endings ("rahimava"): a typed stem is a prefix of them.
        for word in fold_words(name or "", endings=False):
            starts.add(_start(word))
            grams.update(_trigrams(word))
    return starts, grams


def _birth_values(birth_date: datetime.date | None, birth_year: int | None) -> list[tuple[str, str]]:
    if birth_date is not None:
        return [("date", birth_date.isoformat()), ("year", str(birth_date.year))]
    if birth_year is not None:
        return [("year", str(int(birth_year))), ("year-only", str(int(birth_year)))]
    return []


def search_tokens(
    names: Iterable[str], *, birth_date: datetime.date | None = None, birth_year: int | None = None
) -> tuple[str, set[int]]:
    """The tokens to store for a person, and the id of the key they are derived under (the current
    blind-index key). ``birth_year`` is read only without a ``birth_date`` (an estimated age)."""
    ring = keyring()
    key = ring.blind_index_key
    starts, grams = _name_grams(names)
    tokens = {_token(key, "start", start) for start in starts} | {_token(key, "gram", g) for g in grams}
    tokens |= {_token(key, kind, value) for kind, value in _birth_values(birth_date, birth_year)}
    return ring.blind_index_kid, tokens


def query_letters(text: str) -> int:
    """How many letters the folded text has (a search needs ``MIN_LETTERS``)."""
    return sum(len(word) for word in fold_words(text))


def required_hits(grams: int) -> int:
    """How many of a query's ``grams`` three-letter grams a name must share: one wrong letter changes
    at most three grams, so from six grams (a typed word of eight letters, or two words) three may be
    missing; shorter queries must keep more than half, so that a typo in their middle is not found
    (precision over recall where a word is short), but one at either end is."""
    return grams - min(3, grams // 2)


@dataclass(frozen=True)
class NameQuery:
    """The tokens of a typed search under every blind-index key, and how many of ``grams`` must match.

    ``starts`` (word starts) only rank, except in a query of two-letter words, where they are the
    grams. ``birth``: when not empty, a person must hold one of these tokens."""

    grams: tuple[int, ...]
    starts: tuple[int, ...]
    required: int
    birth: tuple[int, ...]


def name_query(
    text: str, *, birth_date: datetime.date | None = None, birth_year: int | None = None
) -> NameQuery:
    """The query for ``text`` (ValueError with fewer than ``MIN_LETTERS`` letters). A birth date
    finds that date, and people known only by an estimated birth year of that year; a year finds
    every person born (or estimated born) that year."""
    if query_letters(text) < MIN_LETTERS:
        raise ValueError("a search needs at least two letters")
    starts, grams = set(), set()
    # Typed words lose their gendered endings, so "Rakhimova" also finds "Rakhimov".
    for word in fold_words(text):
        starts.add(_start(word))
        grams.update(_trigrams(word))
    if birth_date is not None:
        birth_values = [("date", birth_date.isoformat()), ("year-only", str(birth_date.year))]
    elif birth_year is not None:
        birth_values = [("year", str(int(birth_year)))]
    else:
        birth_values = []
    ring = keyring()
    keys = (ring.blind_index_key, *ring.previous_blind_index_keys)
    if not grams:
        grams, starts = starts, set()
        gram_kind = "start"
    else:
        gram_kind = "gram"
    count = len(grams)
    return NameQuery(
        grams=tuple(_token(key, gram_kind, gram) for key in keys for gram in sorted(grams)),
        starts=tuple(_token(key, "start", start) for key in keys for start in sorted(starts)),
        required=required_hits(count) if gram_kind == "gram" else count,
        birth=tuple(_token(key, kind, value) for key in keys for kind, value in birth_values),
    )
