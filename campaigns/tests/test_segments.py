"""Segment counting: GSM-7 with its extension table, else UCS-2 in UTF-16 code units."""

import pytest

from campaigns.segments import GSM7, UCS2, Segments, is_gsm7, segments_count


@pytest.mark.parametrize(
    ("length", "segments", "remaining"),
    [(1, 1, 159), (160, 1, 0), (161, 2, 145), (306, 2, 0), (307, 3, 152), (459, 3, 0), (460, 4, 152)],
)
def test_segments_of_a_gsm_text_are_160_alone_and_153_concatenated(length, segments, remaining):
    assert segments_count("a" * length) == Segments(GSM7, length, segments, remaining)


@pytest.mark.parametrize(
    ("length", "segments", "remaining"),
    [(1, 1, 69), (70, 1, 0), (71, 2, 63), (134, 2, 0), (135, 3, 66), (201, 3, 0), (202, 4, 66)],
)
def test_segments_of_a_cyrillic_text_are_70_alone_and_67_concatenated(length, segments, remaining):
    assert segments_count("ж" * length) == Segments(UCS2, length, segments, remaining)


@pytest.mark.parametrize("char", ["^", "{", "}", "\\", "[", "]", "~", "|", "€", "\f"])
def test_segments_count_each_extension_character_as_two_septets(char):
    assert segments_count(char) == Segments(GSM7, 2, 1, 158)
    assert segments_count("a" * 158 + char) == Segments(GSM7, 160, 1, 0)
    assert segments_count("a" * 159 + char).segments == 2


def test_segments_never_split_an_escape_pair_across_segments():
    # 152 septets then "€" (2): it does not fit in the first 153-septet segment, so moves whole.
    text = "a" * 152 + "€" + "a" * 10

    assert segments_count(text) == Segments(GSM7, 164, 2, 153 - 12)


def test_segments_of_the_whole_basic_set_stay_gsm7():
    basic = (
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    )
    basic += "¿abcdefghijklmnopqrstuvwxyzäöñüà"

    assert is_gsm7(basic)
    assert segments_count(basic) == Segments(GSM7, 127, 1, 33)


@pytest.mark.parametrize("char", ["ж", "ç", "á", "`", "ё", "\t", "😀"])
def test_segments_of_a_text_with_one_character_outside_gsm_are_ucs2(char):
    assert segments_count("Call the hotline " + char).encoding == UCS2


def test_segments_count_an_emoji_as_two_code_units():
    assert segments_count("😀" * 35) == Segments(UCS2, 70, 1, 0)
    assert segments_count("😀" * 36) == Segments(UCS2, 72, 2, 61)


def test_segments_never_split_an_emoji_across_segments():
    # 66 units then an emoji (2): it moves whole into the second 67-unit segment.
    text = "ж" * 66 + "😀" + "ж" * 10

    assert segments_count(text) == Segments(UCS2, 78, 2, 67 - 12)


def test_segments_of_an_empty_text_are_none():
    assert segments_count("") == Segments(GSM7, 0, 0, 160)
