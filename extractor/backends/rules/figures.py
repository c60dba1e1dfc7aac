"""Figures as reports write them: a number with its unit and qualifier.

:func:`scan_figures` reads every number that carries a unit, in one left to
right pass over the text: Arabic ("1,234.5", full-width digits, "5 万人"),
Chinese ("二十三个", "超千亿元", "近百万吨", "百分之百"), ranges ("1—2个" gives
two figures), and the words around it that qualify it (超, 近, 以上, 左右,
余 ...).  Magnitudes stay in the unit, as GUIDELINES.md asks: "4.77万人次" is
4.77 "万人次".

Numbers that carry a unit but measure nothing (years, dates, ages, ordinals,
ranks, names such as "500千伏" lines or quoted slogans) come back with a
``reason`` so a caller can skip them without reading them again.  The
scanner never decides what a figure is about; the item and indicator layers
do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ...numerals import parse_chinese
from ...schema import Qualifier
from .lexicon_regex import alternation
from .lexicon_units import (
    CHINESE_COUNT_UNITS,
    CHINESE_MEASURE_UNITS,
    COUNT_UNITS,
    MAGNITUDE_ONLY_UNITS,
    MAGNITUDES,
    MEASURE_UNITS,
    MILESTONE_HEADS,
    NAME_HEADS,
    NOT_MEASURES,
    POLICY_HEADS,
)


# Not frozen: a frozen dataclass sets each field through object.__setattr__,
# several times slower to build, and thousands are built per report.  Nothing
# changes one after it is made.
@dataclass(slots=True)
class Figure:
    """One number with its unit; offsets index the scanned text."""

    start: int  # first character, a qualifying prefix (超, 近) included
    end: int  # one past the last character, a qualifying suffix (以上) included
    num_start: int
    num_end: int
    unit_end: int
    value: float
    unit: str  # as written, magnitude included: "万亩", "亿元", "%"
    qualifier: Qualifier
    chinese: bool
    range_part: int = 0  # 0 alone, 1 low end of a range, 2 high end
    reason: str | None = None  # set when the number measures nothing

    @property
    def measured(self) -> bool:
        return self.reason is None


# Digits, the decimal point and % folded to ASCII (one character each, so
# offsets hold); commas are left alone so "，" between two figures is never
# read as a thousands separator.
_FOLD = {ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９．％"}
_FOLD[ord("\u3000")] = " "

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_PLACE = re.compile("[十百千]")
# A Chinese numeral is only worth reading when a unit it may carry follows
# (the lookahead), which keeps the many 一 of running text out of the scan.
_CN_UNIT_START = "".join(sorted({u[0] for u in CHINESE_COUNT_UNITS + CHINESE_MEASURE_UNITS}))
# The first character is matched by one class and each branch checks it with
# a look-behind: a pattern that opens on a class lets the regex engine skip
# to the next candidate character in C instead of trying every branch at
# every position of the text (a third of the scan).  The branches read
# "1,234.5"/"12.5", "百分之…" (group pct) and a Chinese numeral.
_NUMBER = re.compile(
    rf"[\d{_CN_DIGITS}]"
    r"(?:(?<=\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
    rf"|(?<=百)分之(?P<pct>[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?)"
    rf"|(?<=[{_CN_DIGITS}])[{_CN_DIGITS}]*(?:点[零〇一二三四五六七八九]+)?(?= ?[余多]?[{re.escape(_CN_UNIT_START)}]))"
)
_CN_DIGIT_SET = frozenset(_CN_DIGITS)

_ALL_UNITS = COUNT_UNITS + MEASURE_UNITS + tuple(NOT_MEASURES)
_UNIT_TAIL = re.compile(
    r" ?(?P<yu1>余|多)?"
    rf"(?P<mag>{alternation(MAGNITUDES)})?"
    r"(?P<yu2>余|多)?"
    rf"(?P<unit>{alternation(_ALL_UNITS + MAGNITUDE_ONLY_UNITS)})"
    r"(?P<paren>[（(][次套个家处座名人项件户台]{1,2}[)）])?"
)
_RANGE_SEP = re.compile(r" ?(?:[—–－~～-]{1,2}|至|到) ?")
_SUFFIX = re.compile(r" ?(?P<q>及以上|以上|及以下|以下|以内|之内|左右|多|余)")
_PREFIX = re.compile(
    r"(?P<q>超过|超出|超|逾|突破|破|不低于|不少于|至少|接近|将近|近|大约|约|不超过|不高于|不到|低于)[“\"]? ?$"
)
_PREFIX_QUALIFIER = {
    "超过": Qualifier.at_least, "超出": Qualifier.at_least, "超": Qualifier.at_least,
    "逾": Qualifier.at_least, "突破": Qualifier.at_least, "破": Qualifier.at_least,
    "不低于": Qualifier.at_least, "不少于": Qualifier.at_least, "至少": Qualifier.at_least,
    "接近": Qualifier.approx, "将近": Qualifier.approx, "近": Qualifier.approx,
    "大约": Qualifier.approx, "约": Qualifier.approx,
    "不超过": Qualifier.at_most, "不高于": Qualifier.at_most, "不到": Qualifier.at_most,
    "低于": Qualifier.at_most,
}
_SUFFIX_QUALIFIER = {
    "及以上": Qualifier.at_least, "以上": Qualifier.at_least, "多": Qualifier.at_least,
    "余": Qualifier.at_least, "及以下": Qualifier.at_most, "以下": Qualifier.at_most,
    "以内": Qualifier.at_most, "之内": Qualifier.at_most, "左右": Qualifier.approx,
}
# A round figure reached and then stated exactly ("突破“三百亿”、达312.6亿元")
# is a milestone, not a second figure.
_MILESTONE = re.compile(r"(?:突破|破|迈上|跨越|站上|跃上|迈过|超过|超)[“\"]?$")
_NAME_AFTER = re.compile(rf"[^，。；、,;]{{0,4}}?(?:{alternation(NAME_HEADS)})")
_MILESTONE_AFTER = re.compile(rf"(?:以上)?(?:的)?(?:{alternation(MILESTONE_HEADS)})")
_POLICY_AFTER = re.compile(rf"[“\"]?(?:{alternation(POLICY_HEADS)})")
# "首个80亿元园区" (an ordinal) or "时速250公里" (a specification) just before
# the number: one search of the three characters before it for both.
_BEFORE_NAME = re.compile(r"(?P<first>首个|首家|首座|唯一)$|(?:时速|海拔)[“\"]? ?$")
_CN_UNIT_SET = frozenset(CHINESE_COUNT_UNITS)
_CN_MEASURE_SET = frozenset(CHINESE_MEASURE_UNITS)
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_MAX_QUOTE = 16
_OPEN_QUOTE_RE = re.compile(f"[{_OPEN_QUOTES}]")
# Most numbers have no prefix, suffix, range or name around them: the scan
# tests one character against these before calling each pattern.  The sets
# hold every character such a match may end on (before the number: "$" also
# matches before a final newline) or open with (after the unit).
_PREFIX_LAST = frozenset("过出超逾破于少近约到“\" \n")
_BEFORE_NAME_LAST = frozenset("个家座一速拔“\" \n")
_RANGE_FIRST = frozenset(" —–－~～-至到")
_SUFFIX_FIRST = frozenset(" 及以之左多余")
_MILESTONE_FIRST = frozenset({"以", "的", *(w[0] for w in MILESTONE_HEADS)})


_NEEDS_FOLD = re.compile("[０-９．％\u3000]")


def fold_figures(text: str) -> str:
    """``text`` with full-width digits, point, % and space folded; same length."""
    # Most reports have none of them: skip the per-character table then.
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


@dataclass(slots=True)
class _Number:
    start: int
    end: int
    value: float
    chinese: bool
    magnitude: str  # a Chinese numeral's trailing 万/亿, moved to the unit
    bare: bool  # a Chinese numeral that opens on 百/千/万/亿 ("千亿")
    percent: bool  # 百分之…


def _read_number(m: re.Match[str]) -> _Number | None:
    raw = m.group()
    if raw[0] not in _CN_DIGIT_SET:
        # The text is folded already: plain ASCII digits, so no parse_arabic.
        value = float(raw.replace(",", ""))
        # Only a run of hundreds of digits is no finite figure.
        if len(raw) > 300 and not math.isfinite(value):
            return None
        return _Number(m.start(), m.end(), value, False, "", False, False)
    pct = m.group("pct")
    if pct is not None:
        value = parse_chinese(pct)
        return None if value is None else _Number(m.start(), m.end(), value, True, "", False, True)
    head = raw.rstrip("万亿")
    magnitude = raw[len(head):]
    if not head:  # "破万亿", "超亿元": one of the magnitude
        return _Number(m.start(), m.end(), 1.0, True, raw, True, False) if raw in ("万", "亿", "万亿") else None
    if magnitude not in ("", "万", "亿", "万亿"):
        return None
    if len(head) > 1 and not _CN_PLACE.search(head):
        return None  # a run of digits ("唯一一个", "一二三") is no numeral of a count
    value = parse_chinese(head)
    if value is None:
        return None
    return _Number(m.start(), m.end(), value, True, magnitude, raw[0] in "百千万亿", False)


def _inside_quote(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(open, close) of a short quotation holding text[start:end], if any."""
    lo = max(0, start - _MAX_QUOTE)
    if not _OPEN_QUOTE_RE.search(text, lo, start):
        return None
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch in _CLOSE_QUOTES and ch != '"':
            return None
        if ch in _OPEN_QUOTES:
            for j in range(end, min(len(text), end + _MAX_QUOTE)):
                if text[j] in _CLOSE_QUOTES:
                    return i, j
                if text[j] in _OPEN_QUOTES and text[j] != '"':
                    return None
            return None
        if ch in "，。；、,;\n":
            return None
    return None


def _reason(text: str, num: _Number, unit: str, base: str, end: int) -> str | None:
    """Why a number with a unit measures nothing, or None when it does."""
    if base in NOT_MEASURES:
        return NOT_MEASURES[base]
    ns = num.start
    before = text[ns - 2 if ns > 2 else 0 : ns]
    if before.endswith(("第", "第 ")):
        return "ordinal"  # 第三
    named = (
        _BEFORE_NAME.search(text, ns - 3 if ns > 3 else 0, ns) if ns and text[ns - 1] in _BEFORE_NAME_LAST else None
    )
    if named is not None:
        # "首个80亿元园区" is an ordinal; 时速250公里, 海拔3600米 say what a
        # thing is, not what was done.
        return "ordinal" if named.group("first") else "name"
    last, after = before[-1:], text[num.end : num.end + 1]
    if last.isascii() and last.isalpha() or after.isascii() and after.isalpha():
        return "name"  # G318, S95, 4A, 5G
    if before.endswith("前") and base in ("名", "位"):
        return "rank"
    if text.startswith(("千伏", "级"), end):
        return "name"
    if base == "条" and _POLICY_AFTER.match(text, end):
        return "name"  # 落实20条措施
    if text[end : end + 1] in _MILESTONE_FIRST and _MILESTONE_AFTER.match(text, end):
        return "milestone"  # 突破500亿元大关
    quote = _inside_quote(text, num.start, end)
    if quote is not None:
        inner = text[quote[0] + 1 : quote[1]]
        if inner.strip() != text[num.start : end].strip():
            return "name"  # “三个责任”, “21项民生实事”
        if _MILESTONE.search(text, max(0, quote[0] - 3), quote[0] + 1):
            return "milestone"
    if num.chinese and not num.percent:
        if base in _CN_MEASURE_SET:
            if num.value < 10 and not num.magnitude:
                return "name"  # 二元结构
        elif base not in _CN_UNIT_SET or num.value < 2 and not num.magnitude:
            return "name"
        if num.bare and not _prefix(text, num.start, 4):
            return "name"  # 千家万户, 百强
        if _NAME_AFTER.match(text, end):
            return "name"  # 八项规定, 九个方面重点任务
    return None


def _prefix(text: str, pos: int, width: int) -> re.Match[str] | None:
    """A qualifying word (超, 近 ...) ending at ``pos``, looked for in ``width`` characters."""
    if pos == 0 or text[pos - 1] not in _PREFIX_LAST:
        return None
    return _PREFIX.search(text, pos - width if pos > width else 0, pos)


def _tail(text: str, pos: int) -> re.Match[str] | None:
    m = _UNIT_TAIL.match(text, pos)
    if m is None:
        return None
    if m.group("unit") in MAGNITUDE_ONLY_UNITS and not m.group("mag"):
        return None
    return m


def _figure(
    text: str, num: _Number, tail: re.Match[str] | None, qualifier: Qualifier, range_part: int, prefix_at: int
) -> Figure | None:
    if num.percent:
        unit, base, unit_end = "%", "%", num.end
    elif tail is None:
        return None
    else:
        yu1, mag, yu2, base, paren = tail.groups()
        unit = num.magnitude + (mag or "") + base + (paren or "")
        unit_end = tail.end()
        if yu1 or yu2:
            qualifier = Qualifier.at_least
    end = unit_end
    if range_part != 1 and text[unit_end : unit_end + 1] in _SUFFIX_FIRST:
        suffix = _SUFFIX.match(text, unit_end)
        if suffix is not None:
            end = suffix.end()
            if range_part == 0:
                qualifier = _SUFFIX_QUALIFIER[suffix.group("q")]
    reason = _reason(text, num, unit, base, unit_end)
    ns = num.start
    # Positional: start, end, num_start, num_end, unit_end, value, unit,
    # qualifier, chinese, range_part, reason (keywords cost a dict per figure).
    return Figure(
        prefix_at if prefix_at < ns else ns, end, ns, num.end, unit_end,
        num.value, unit, qualifier, num.chinese, range_part, reason,
    )


def scan_figures(text: str) -> list[Figure]:
    """Every number with a unit in ``text``, in order (see the module doc)."""
    folded = fold_figures(text)
    figures: list[Figure] = []
    pos = 0
    while True:
        m = _NUMBER.search(folded, pos)
        if m is None:
            break
        pos = m.end()
        num = _read_number(m)
        if num is None:
            continue
        prefix = _prefix(folded, num.start, 5)
        qualifier = _PREFIX_QUALIFIER[prefix.group("q")] if prefix else Qualifier.exact
        prefix_at = prefix.start() if prefix else num.start
        tail = None if num.percent else _tail(folded, num.end)
        unit_end = num.end if num.percent else (tail.end() if tail else num.end)

        sep = _RANGE_SEP.match(folded, unit_end) if folded[unit_end : unit_end + 1] in _RANGE_FIRST else None
        m2 = _NUMBER.match(folded, sep.end()) if sep else None
        num2 = _read_number(m2) if m2 else None
        if num2 is not None and num2.chinese == num.chinese:
            tail2 = None if num2.percent else _tail(folded, num2.end)
            if tail2 is not None or num2.percent:
                low = _figure(folded, num, tail or tail2, Qualifier.at_least, 1, prefix_at)
                high = _figure(folded, num2, tail2, Qualifier.at_most, 2, num2.start)
                if low is not None and high is not None:
                    if tail is None and tail2 is not None:
                        # "1—2个": the low end borrows the high end's unit but
                        # ends at its own number.
                        low = replace(low, end=num.end, unit_end=num.end)
                    figures += [low, high]
                    pos = high.end
                    continue
        fig = _figure(folded, num, tail, qualifier, 0, prefix_at)
        if fig is not None:
            figures.append(fig)
            pos = max(pos, fig.unit_end)
    return figures
