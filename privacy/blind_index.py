"""Blind index: duplicate detection across the network without sharing personal data.

A blind index is a keyed hash (HMAC-SHA256 under the keyring's ``blind-index`` key) of a person's
normalised name and birth data. Equal indexes say "possibly the same person"; the index reveals
neither the name nor the date, and without the key nobody can compute it from a guessed name.

Normalisation (``normalise_name``) folds the Cyrillic and Latin spellings of Central Asian names onto
one skeleton, so that "Гулнора Рахимова", "Gulnora Rakhimova" and "Rahimova Gulnora" meet:

1. Letters are transliterated to Latin: Russian, Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic
   (ғ қ ң ө ү ұ һ ә і ӣ ӯ ҳ ҷ ў …), Uzbek Latin (oʻ gʻ with any apostrophe), Turkmen (ş ç ž ý ä ö ü ň)
   and Kazakh Latin (á ǵ ı ń ó ú …). Uzbek oʻ and ў become "u" (as Russian spells them: Ўринбой, Уринбой).
2. Soft and hard signs and other apostrophes are dropped; hyphens join the parts of a name.
3. Sounds with several spellings become one: Х/Kh/X/H → h, Ж/Zh/Dzh/Dj/J → j, Щ/Shch → sh, Q → k,
   Gh → g, W → v; Й/Y/Ы/I → i (also in Ё/Yo, Ю/Yu, Я/Ya); "ye" at the start of a word or after a
   vowel → "e" (Yerlan/Ерлан, -boyev/-боев);
   a and o are one vowel (Uzbek Latin o is Russian а: Toshkent/Ташкент, Gulom/Gulam).
4. Doubled letters collapse, before and after folding (Ахмадджон/Ahmadjon, Muhammad/Mukhamad).
5. Gendered endings of family names and patronymics fold to the stem: -ov/-ova/-ev/-eva,
   -ovich/-ovna/-evich/-evna, Kazakh and Kyrgyz -uly/-kyzy/-uulu; so Rakhimov and Rakhimova share a
   family name, and a brother and a sister meet on the name alone. Their given names and birth dates
   separate them. Standalone patronymic words (oʻgʻli, qizi, uly, kyzy, uulu) are dropped.
6. The words are sorted, so the order of given and family name does not matter.

The skeleton is deliberately lossy: it may bring together two different people with near spellings of
the same name and the same birth data. A match therefore only says "possible match at organisation X",
and a caseworker decides.

Matching rule (``blind_index_candidates``): two records are a possible match when their normalised
names are equal and their birth data are compatible — the same full birth date; or the same birth year
when either record knows only the year (an estimated age); or either record knows no birth data.
Store ``blind_index(...)`` on each record and search stored indexes with
``blind_index__in=blind_index_candidates(...)``.

A model that stores an index names its column in ``blind_index_field`` and computes it, from its own
decrypted fields, in ``blind_index_compute()``; ``recompute_blind_indexes`` finds such models by these
two names, so this layer never imports the domain that holds them.

Changing the blind-index key (e.g. after it may have leaked): generate a line with
``python manage.py generate_key --kid blind-index-<date>``, put it BEFORE the current ``blind-index``
line, keep that line, restart, and run ``python manage.py recompute_blind_indexes``. While it runs,
searches compute candidates under both keys, so duplicate detection keeps finding records not yet
recomputed. When it reports nothing left to recompute, remove the old line and restart.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import hmac
import re
import unicodedata

from privacy.crypto import keyring

VERSION = "bi1"

_APOSTROPHES = "'‘’ʻʼ`´ʹʽ′"

# One letter (lower case) → its Latin transcription. Digraphs are folded afterwards.
_LETTERS = {
    # Russian
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    "ӣ": "i",
    "ӯ": "u",
    "ҳ": "h",
    "ҷ": "j",
    "ў": "u",
    "ҝ": "k",
    "ӂ": "zh",
    "ҫ": "s",
    "ї": "i",
    "є": "e",
    # Turkmen, Kazakh Latin, Uzbek Latin, Azerbaijani and Turkish letters
    "ş": "sh",
    "ș": "sh",
    "ç": "ch",
    "ž": "zh",
    "ý": "y",
    "ä": "a",
    "á": "a",
    "ö": "o",
    "ó": "o",
    "ü": "u",
    "ú": "u",
    "ň": "ng",
    "ń": "ng",
    "ŋ": "ng",
    "ǵ": "g",
    "ğ": "g",
    "ı": "i",
    "ə": "a",
    "š": "sh",
    "č": "ch",
}

# Applied in order on the transliterated text; earlier rules protect later ones.
_FOLDS = [
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"([og])[" + re.escape(_APOSTROPHES) + "]"), lambda m: "u" if m[1] == "o" else "g"),
    (re.compile("[" + re.escape(_APOSTROPHES) + "]"), ""),
    (re.compile(r"shch"), "sh"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh|x"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<![^aeiouy])ye"), "e"),  # Й before е, not Ы: Yerlan/Ерлан, -boyev/-боев, Чарыева
    (re.compile(r"y"), "i"),
    (re.compile(r"o"), "a"),
    (re.compile(r"(.)\1+"), r"\1"),
]

# Gendered endings of family names and patronymics (after folding), longest first.
_ENDINGS = ("avich", "evich", "avna", "evna", "kizi", "ulu", "uli", "ava", "eva", "av", "ev")
_MIN_STEM = 3
_PATRONYMIC_WORDS = {"ugli", "kizi", "uli", "ulu"}


def _transliterate(text: str) -> str:
    text = unicodedata.normalize("NFC", text.casefold())
    out = []
    for char in text:
        if char in _LETTERS:
            out.append(_LETTERS[char])
        elif char in _APOSTROPHES:
            out.append(char)
        else:
            # Remaining accented Latin letters lose their marks (é → e); anything else separates words.
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base.isascii() and base.isalpha() else ("" if char == "-" else " "))
    return "".join(out)


def _fold_word(word: str, *, endings: bool = True) -> str:
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    if not endings:
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def normalise_name(text: str) -> str:
    """The spelling-independent skeleton of a name: folded words, sorted, joined by spaces."""
    words = (_fold_word(word) for word in _transliterate(text).split())
    return " ".join(sorted(word for word in words if word and word not in _PATRONYMIC_WORDS))


def fold_words(text: str, *, endings: bool = True) -> list[str]:
    """The words of ``text`` folded as ``normalise_name`` folds them, in the order typed (search tokens
    are derived from these); ``endings=False`` keeps the gendered endings (Rakhimova → "rahimava")."""
    words = (_fold_word(word, endings=endings) for word in _transliterate(text).split())
    return [word for word in words if word and word not in _PATRONYMIC_WORDS]


def _digest(*parts: str, key: bytes | None = None) -> str:
    message = "|".join((VERSION, *parts)).encode()
    return hmac.new(key or keyring().blind_index_key, message, hashlib.sha256).hexdigest()


def _name(given_name: str, family_name: str) -> str:
    return normalise_name(f"{given_name} {family_name}")


def blind_index(
    *,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None,
    birth_year: int | None = None,
) -> str:
    """The index to store on a person's record: 64 hex characters.

    Keyed by the full birth date when known, otherwise by the birth year, otherwise by the name alone."""
    name = _name(given_name, family_name)
    if birth_date is not None:
        return _digest(name, "date", birth_date.isoformat())
    if birth_year is not None:
        return _digest(name, "year", str(int(birth_year)))
    return _digest(name, "none")


def blind_index_candidates(
    *,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None,
    birth_year: int | None = None,
) -> list[str]:
    """The stored indexes that are a possible match for this person (see the module's matching rule).

    A full birth date finds the same date, that year-only and no-birth-data records; a year finds that
    year-only records, every full date of that year (366 hashes at most) and no-birth-data records;
    no birth data finds only no-birth-data records."""
    name = _name(given_name, family_name)
    ring = keyring()
    candidates = []
    # Older keys too while recompute_blind_indexes has not yet reached every record.
    for key in (ring.blind_index_key, *ring.previous_blind_index_keys):
        candidates += _candidates_under(name, birth_date, birth_year, key=key)
    return candidates


def _candidates_under(name: str, birth_date, birth_year, *, key: bytes) -> list[str]:
    candidates = []
    if birth_date is not None:
        candidates.append(_digest(name, "date", birth_date.isoformat(), key=key))
        candidates.append(_digest(name, "year", str(birth_date.year), key=key))
    elif birth_year is not None:
        year = int(birth_year)
        days = 366 if calendar.isleap(year) else 365
        first = datetime.date(year, 1, 1)
        candidates.append(_digest(name, "year", str(year), key=key))
        candidates += [
            _digest(name, "date", (first + datetime.timedelta(days=n)).isoformat(), key=key)
            for n in range(days)
        ]
    candidates.append(_digest(name, "none", key=key))
    return candidates
