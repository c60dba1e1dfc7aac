"""Figures as indicator sentences write them: "513.35亿元", "5%—5.5%", "超千亿元".

A figure is a number (Arabic, or a Chinese numeral read through cn2an), its
unit with 万/亿 kept in it, and the qualifier words glued to it (左右, 以上,
"16万余人").  Ranges come back as one figure with two values.  Matching runs
on a copy of the text where full-width digits are folded one character for
one, so offsets are the text's own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...numerals import parse_chinese
from ...schema import Qualifier

# Full-width digits, point and percent to ASCII, one character for one.  The
# full-width comma is left alone: in this genre it separates clauses.
_FULL_WIDTH = "０１２３４５６７８９．％"
_DIGITS = {ord(c): chr(ord(c) - 0xFEE0) for c in _FULL_WIDTH}


def fold_figures(text: str) -> str:
    # Most reports have no full-width digits: skip the per-character table then.
    # A substring test per character runs several times faster than a
    # character-class search.
    return text.translate(_DIGITS) if any(c in text for c in _FULL_WIDTH) else text


# Thousands separated by commas, or by spaces as PDF text layers write them
# ("1 234.5"); a lone group of digits otherwise.
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number never starts inside another one ("1 234.5" is not 234.5).
_NOT_INSIDE = r"(?<![\d.])(?<!\d )(?<!\d,)"
# 万 and 亿 are left out: they belong to the unit ("两千万人次" → 2000 万人次).
_NUMERALS = "零〇一二两三四五六七八九十百千"
_CHINESE = rf"[{_NUMERALS}]+"
_MAGNITUDE = r"万亿|千亿|百亿|亿|千万|百万|万"
MAGNITUDES = frozenset(_MAGNITUDE.split("|"))
_BASE_UNIT = (
    r"人民币元|美元|元|亿斤|斤|公斤|吨|人次|人|名|亩|公顷"
)
_QUAL_AFTER = r"左右|以上|以内|以下|之内|上下|有余"
_NUMBER = rf"(?:{_ARABIC})|(?:{_CHINESE})"
# One figure: number, optional 余/多, unit.
_ONE = (
    rf"(?P<num>{_NUMBER})\s*"
    rf"(?:(?P<pp>个百分点|百分点)|(?P<pct>%|‰)"
    rf"|(?P<mag>{_MAGNITUDE})?(?P<more>余|多)?(?P<base>{_BASE_UNIT})"
    rf"|(?P<bare>{_MAGNITUDE})(?![\u4e00-\u9fff]))"
)
_RANGE_SEP = r"\s*(?:—{1,2}|–|-|~|～|至|到)\s*"
FIGURE_RE = re.compile(
    # A range whose first half may leave its unit to the second ("5—5.5%").
    rf"{_NOT_INSIDE}(?:(?P<lo>{_NUMBER})(?:\s*(?:%|{_MAGNITUDE}))?{_RANGE_SEP})?"
    + _ONE
    + rf"(?:\s*(?P<qual>{_QUAL_AFTER}))?"
)
# A figure opens on a digit or a Chinese numeral.  FIGURE_RE opens on
# lookbehinds, which keep the engine from skipping ahead to such a character
# (it would try the whole pattern at every character): figure_matches finds
# them first and tries the pattern there only.
_FIGURE_START = re.compile(rf"[\d{_NUMERALS}]")


def figure_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """What ``FIGURE_RE.finditer(text, start, end)`` yields."""
    out = []
    pos = start
    for c in _FIGURE_START.finditer(text, start, end):
        at = c.start()
        if at < pos:
            continue
        m = FIGURE_RE.match(text, at, end)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


# A magnitude standing alone after a milestone verb: "旅游收入破万亿".
MILESTONE_ONLY_RE = re.compile(
    rf"(?:突破|破|超过|超|迈上|跨越|跃上|站上)(?P<mag>{_MAGNITUDE})"
    r"(?:(?P<tail>元|人次|吨|亩)|(?!(?!大关|台阶|关口)[\u4e00-\u9fff\d]))"
)

_QUAL_WORDS = {
    "左右": Qualifier.approx,
    "上下": Qualifier.approx,
    "以上": Qualifier.at_least,
    "有余": Qualifier.at_least,
    "以内": Qualifier.at_most,
    "之内": Qualifier.at_most,
    "以下": Qualifier.at_most,
}
# Words just before a figure that qualify it.
_QUAL_BEFORE = re.compile(
    r"(?P<least>不低于|不少于|超过|超出|突破|逾|超|破|多于)$|(?P<most>不超过|不高于|不多于|低于)$|(?P<approx>接近|约|近)$"
)


# Not frozen: a frozen dataclass sets each field through object.__setattr__,
# several times slower to build, and thousands are built per report.  Nothing
# changes one after it is made.
@dataclass(slots=True)
class Figure:
    start: int  # the number's first character (the range's lower bound if any)
    end: int  # after the unit and any trailing qualifier
    unit_end: int  # after the unit
    values: tuple[float, ...]  # one, or two for a range
    unit: str  # "" for 个百分点
    qualifier: Qualifier | None  # from the words glued to the figure; None if none
    points: bool  # "个百分点": a change that is never a growth fact
    chinese: bool  # written without digits ("千亿元")


def _number(s: str) -> float | None:
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit():
        value = float(s.replace(",", "").replace(" ", ""))
        # A run of hundreds of digits is no figure (and would fail the schema).
        return value if math.isfinite(value) else None
    if s[0] in "十百千":
        s = "一" + s
    try:
        return parse_chinese(s)
    except OverflowError:  # hundreds of 九: too large for a float, so no figure
        return None


def read_figure(m: re.Match[str]) -> Figure | None:
    """The figure a FIGURE_RE match holds, or None when it does not read as one."""
    value = _number(m.group("num"))
    if value is None:
        return None
    unit_end = m.start("qual") if m.group("qual") else m.end()
    while unit_end > m.start() and m.string[unit_end - 1].isspace():
        unit_end -= 1
    chinese = not m.group("num")[0].isdigit()
    points = m.group("pp") is not None
    if points:
        unit = ""
    elif m.group("pct") is not None:
        unit = m.group("pct")
    elif m.group("bare") is not None:
        unit = m.group("bare")
    else:
        unit = (m.group("mag") or "") + m.group("base")
        if unit.startswith("人民币"):
            unit = "元"
    qualifier = _QUAL_WORDS.get(m.group("qual") or "")
    if m.group("more"):
        qualifier = qualifier or Qualifier.at_least
    values: tuple[float, ...] = (value,)
    if m.group("lo") is not None:
        lo = _number(m.group("lo"))
        if lo is None or lo >= value:
            return None
        values = (lo, value)
    return Figure(m.start(), m.end(), unit_end, values, unit, qualifier, points, chinese)


def milestone_figure(m: re.Match[str]) -> Figure:
    """"破万亿": one of the magnitude, at least."""
    return Figure(m.start("mag"), m.end(), m.end(), (1.0,), m.group("mag") + (m.group("tail") or ""), Qualifier.at_least, False, True)


def qualifier_before(lead: str) -> Qualifier | None:
    """The qualifier a word just before the figure gives it ("不低于", "超过")."""
    m = _QUAL_BEFORE.search(lead.rstrip())
    if m is None:
        return None
    if m.group("least"):
        return Qualifier.at_least
    if m.group("most"):
        return Qualifier.at_most
    return Qualifier.approx
