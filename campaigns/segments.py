"""How many SMS segments a text takes (3GPP TS 23.038 and 23.040), computed without sending anything.

A text written entirely in the GSM 03.38 alphabet goes as GSM-7: 160 septets in one segment, 153 in
each segment of a concatenated message (the user-data header takes the rest). A character of the
extension table (``^ { } \\ [ ] ~ | €`` and form feed) is an escape followed by the character: two
septets, never split across two segments. Any other character makes the whole text UCS-2: 70 UTF-16
code units in one segment, 67 in each concatenated one; a character outside the Basic Multilingual
Plane (an emoji) takes two code units (a surrogate pair), never split either. Cyrillic is not in
GSM 03.38, so a Russian text costs 70 characters a segment."""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# The basic character set, in table order (0x00-0x7F); 0x1B is the escape to the extension table.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
) - {"\x1b"}
# The extension table: each costs the escape septet and its own.
GSM_EXTENSION = frozenset("\f^{}\\[]~|€")

GSM_SINGLE = 160
GSM_CONCATENATED = 153
UCS2_SINGLE = 70
UCS2_CONCATENATED = 67


@dataclass(frozen=True)
class Segments:
    """``length`` in septets (GSM-7) or UTF-16 code units (UCS-2); ``remaining``: how many more units
    fit in the last segment (a GSM-7 extension character takes two of them, an emoji two)."""

    encoding: str
    length: int
    segments: int
    remaining: int


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM 03.38 basic set or its extension table."""
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def _units(text: str, encoding: str) -> list[int]:
    """The size of each character in the encoding's units (1 or 2)."""
    if encoding == GSM7:
        return [2 if char in GSM_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def _pack(units: list[int], per_segment: int) -> tuple[int, int]:
    """Fill segments of ``per_segment`` units greedily, never splitting a character: (segments, units
    used in the last segment)."""
    segments, used = 1, 0
    for size in units:
        if used + size > per_segment:
            segments, used = segments + 1, 0
        used += size
    return segments, used


def segments_count(text: str) -> Segments:
    """The encoding, length, number of segments and room left in the last segment of ``text``.

    An empty text takes no segment."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    single, concatenated = (
        (GSM_SINGLE, GSM_CONCATENATED) if encoding == GSM7 else (UCS2_SINGLE, UCS2_CONCATENATED)
    )
    units = _units(text, encoding)
    length = sum(units)
    if length == 0:
        return Segments(encoding=encoding, length=0, segments=0, remaining=single)
    if length <= single:
        return Segments(encoding=encoding, length=length, segments=1, remaining=single - length)
    segments, used = _pack(units, concatenated)
    return Segments(encoding=encoding, length=length, segments=segments, remaining=concatenated - used)
