"""Numbers as reports write them: folding, parsing, finding (extractor/numerals.py)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.numerals import (
    FOLD_TABLE,
    CharFold,
    find_numbers,
    fold,
    fold_digits,
    has_numeral,
    parse_chinese,
    parse_number,
    same_number,
)

_FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def test_fold_maps_full_width_and_keeps_length():
    text = "完成投资１２．５亿元，增长８％。"
    folded = fold(text)
    assert len(folded) == len(text)
    assert "12.5亿元" in folded
    assert "8%" in folded


_FOLD_ALPHABET = "０１２３４５６７８９．，％（）～　\u00a0“”‘’、。—-~【】年增长5.6%\n\t"


@given(st.text(alphabet=_FOLD_ALPHABET, max_size=60))
def test_char_fold_equals_translate(text):
    assert fold(text) == text.translate(FOLD_TABLE)


@given(st.text(alphabet=_FOLD_ALPHABET, max_size=60))
def test_char_fold_applies_its_tables_in_order(text):
    dashes = {ord("—"): "-", ord("～"): "~"}
    assert CharFold(FOLD_TABLE, dashes)(text) == text.translate(FOLD_TABLE).translate(dashes)


def test_char_fold_refuses_a_table_that_is_not_one_to_one():
    with pytest.raises(ValueError):
        CharFold({ord("a"): "b", ord("b"): "c"})  # one replace after another would read a as c
    with pytest.raises(ValueError):
        CharFold({ord("。"): ". "})  # offsets would shift


def test_fold_digits_leaves_other_characters():
    assert fold_digits("新建５０个“示范村”") == "新建50个“示范村”"


def test_parse_number_reads_separators():
    assert parse_number("1,234.5") == 1234.5


def test_parse_number_reads_full_width_digits():
    assert parse_number("３６０") == 360


def test_parse_number_reads_chinese_numerals():
    assert parse_number("五百") == 500
    assert parse_number("两千") == 2000
    assert parse_number("四千万") == 40_000_000
    assert parse_number("二十三") == 23


def test_parse_chinese_reads_a_numeral_opening_on_its_unit():
    # Round figures: "超千亿元", "近百万吨", "破万亿".
    assert parse_chinese("百") == 100
    assert parse_chinese("千亿") == 100_000_000_000
    assert parse_chinese("万亿") == 1_000_000_000_000
    assert parse_chinese("百万") == 1_000_000


def test_parse_number_rejects_words():
    assert parse_number("示范村") is None
    assert parse_number("") is None


def test_find_numbers_reports_offsets_of_arabic_and_chinese():
    text = "建成公路300公里和二十三个站点"
    spans = find_numbers(text)
    values = [(text[s.start : s.end], s.value, s.chinese) for s in spans]
    assert ("300", 300, False) in values
    assert ("二十三", 23, True) in values


def test_find_numbers_reads_percent_written_out():
    spans = find_numbers("覆盖率保持“百分之百”")
    assert any(s.value == 100 for s in spans)


def test_has_numeral():
    assert has_numeral("新增３个")
    assert has_numeral("两县")
    assert not has_numeral("加快推进项目建设")


def test_same_number_forgives_float_noise():
    assert same_number(4.77 * 10_000, 47_700)
    assert not same_number(47_700, 47_701)


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_integers_round_trip(n):
    assert parse_number(str(n)) == n


@given(st.integers(min_value=1_000, max_value=10**12))
def test_arabic_with_thousands_separators_round_trips(n):
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_full_width_decimals_round_trip(whole, cents):
    written = f"{whole}.{cents:02d}".translate(_FULL_WIDTH)
    assert same_number(parse_number(written), whole + cents / 100)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_integers_round_trip(n):
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_find_numbers_finds_a_figure_in_a_sentence(n):
    text = f"全年新建项目{n}个。"
    spans = [s for s in find_numbers(text) if not s.chinese]
    assert len(spans) == 1 and spans[0].value == n
    assert text[spans[0].start : spans[0].end] == str(n)


@given(st.text(max_size=60))
def test_fold_never_changes_length(text):
    assert len(fold(text)) == len(text)
    assert len(fold_digits(text)) == len(text)


def test_absurdly_long_numerals_are_no_number():
    from extractor.numerals import parse_chinese

    assert parse_chinese("九" * 400) is None
