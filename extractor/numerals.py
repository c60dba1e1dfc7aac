"""Numbers as reports write them: Arabic, full-width, with separators, Chinese.

Offsets must always index the text as loaded, so every normalisation here maps
one character to exactly one character (:func:`fold`); code that needs to
compare texts folds both sides and keeps the original offsets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

# Full-width ASCII (！..～) to half-width, ideographic space to space, and the
# Chinese punctuation whose half-width twin reports use interchangeably.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        ord("“"): ord('"'),
        ord("”"): ord('"'),
        ord("‘"): ord("'"),
        ord("’"): ord("'"),
        ord("、"): ord(","),
        ord("。"): ord("."),
    }
)
FOLD_TABLE = {k: chr(v) for k, v in _FOLD.items()}


class CharFold:
    """A one-character-to-one-character table, applied as ``str.translate`` would.

    ``str.translate`` looks every character of a non-ASCII text up in its
    table (0.3 ms for a 4,000-character chunk), yet a report holds only a few
    distinct characters a fold changes (、。“” and line breaks, mostly): one
    regex scan finds which occur and ``str.replace`` changes just those, five
    to ten times faster with the same result.  Tables given together are
    applied in order, as chained ``translate`` calls would be.
    """

    def __init__(self, *tables: dict[int, str]) -> None:
        changes: dict[str, str] = {}
        for table in tables:
            changes = {c: table.get(ord(t), t) for c, t in changes.items()}
            for code, target in table.items():
                changes.setdefault(chr(code), target)
        self._changes = {c: t for c, t in changes.items() if c != t}
        if any(len(t) != 1 for t in self._changes.values()):
            raise ValueError("a character fold maps each character to exactly one character")
        if set(self._changes.values()) & set(self._changes):
            # Replacing one character after another equals one pass only when
            # no target is itself replaced.
            raise ValueError("a character fold must not map onto a character it changes")
        self._present = re.compile("[" + "".join(re.escape(c) for c in sorted(self._changes)) + "]")

    def __call__(self, text: str) -> str:
        for ch in set(self._present.findall(text)):
            text = text.replace(ch, self._changes[ch])
        return text


# fold(text): full-/half-width and quote variants folded; same length as
# ``text``.  The table itself rather than a function calling it: grounding
# folds the unit text after every figure it reads, merging every subject.
fold = CharFold(FOLD_TABLE)


def fold_digits(text: str) -> str:
    """Only full-width digits, '.', ',' and '%' folded; same length as ``text``."""
    return _DIGIT_FOLDER(text)


_DIGIT_TABLE = {ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９．，％"}
_DIGIT_FOLDER = CharFold(_DIGIT_TABLE)

# An Arabic number in folded text: 1,234.5 / 1234 / 0.6.  Thousands separators
# only count in groups of three so "5,6" (a list) stays two numbers.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
ARABIC_RE = re.compile(ARABIC)

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_NUMERAL = f"[{CN_DIGITS}{CN_UNITS}]+"
CN_NUMERAL_RE = re.compile(CN_NUMERAL)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    start: int
    end: int
    value: float
    chinese: bool


def parse_arabic(s: str) -> float:
    """'1,234.5' → 1234.5; full-width digits allowed."""
    return float(fold_digits(s).replace(",", "").replace(" ", ""))


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> float | None:
    """'五百' → 500, '两千' → 2000, '四千万' → 40000000; None if not a numeral.

    A numeral may open on its unit character, as round figures are written
    ("超千亿元", "近百万吨", "破万亿"): that reads as one of the unit, the way
    cn2an already reads a leading 十.
    """
    if s and s[0] in "百千万亿":
        s = "一" + s
    try:
        value = float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None
    # Hundreds of 九 in a row are no figure a report states.
    return value if math.isfinite(value) else None


def parse_number(s: str) -> float | None:
    """Any number as written (Arabic, full-width, Chinese, or Arabic+万/亿)."""
    s = s.strip()
    if not s:
        return None
    folded = fold_digits(s)
    if ARABIC_RE.fullmatch(folded):
        return parse_arabic(folded)
    return parse_chinese(folded)


def find_numbers(text: str, *, chinese: bool = True) -> list[NumberSpan]:
    """Every number in ``text`` with its offsets (Arabic first, then Chinese).

    Chinese numerals are only taken when they read as a number; single
    characters such as 一 or 万 are kept because "超千亿元" and "破万亿" use them.
    """
    folded = fold_digits(text)
    spans: list[NumberSpan] = []
    for m in ARABIC_RE.finditer(folded):
        spans.append(NumberSpan(m.start(), m.end(), parse_arabic(m.group()), False))
    if chinese:
        for m in CN_NUMERAL_RE.finditer(folded):
            value = parse_chinese(m.group())
            if value is not None:
                spans.append(NumberSpan(m.start(), m.end(), value, True))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def has_numeral(text: str) -> bool:
    """True when the text holds any digit or Chinese numeral character."""
    return bool(_ANY_NUMERAL_RE.search(text))


_ANY_NUMERAL_RE = re.compile(f"[0-9０-９{CN_DIGITS}{CN_UNITS}]")


def same_number(a: float, b: float) -> bool:
    """Equality that forgives binary floating point noise."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
