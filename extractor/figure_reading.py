"""Figures as a report writes them, read for grounding.

A figure is a number with what follows it: its magnitude (万, 亿), a % sign,
the text where its unit stands.  Arabic digits with or without separators,
full-width digits, spaces and line breaks inside a figure, Chinese numerals
(五百亿, 两千, 超千亿) and 百分之… are read; bare numbers joined into a range
or list ("1—2个", "100、200万元") take the unit of the figure that closes it.
:class:`FigureIndex` reads a stretch of text once for every fact in it, each
figure when a fact first asks for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from .numerals import CharFold, fold, parse_chinese
from .units import MAGNITUDES, magnitude_factor

# Characters after a figure read for its magnitude and unit, and before it
# for what makes it no figure (G318, 第3).
RIGHT_CONTEXT = 16
_LEFT_CONTEXT = 2
# How far before a figure a fall (下降, 减少) is looked for.
FALL_REACH = 40

SPACES = " \t\u00a0\u2002\u2003\u2009\u200a\u3000"
# Dash, tilde and bracket variants, and invisible spaces: one character each.
EXTRA_FOLD = {
    **{ord(c): "-" for c in "—–―─‐‑−"},
    **{ord(c): "~" for c in "〜～"},
    ord("【"): "[",
    ord("】"): "]",
    ord("\u200b"): " ",  # zero-width space: invisible, so ignorable
    ord("\ufeff"): " ",
}

# Digits, separators and decimal points as reports and PDFs write them:
# "1,234.5", "１２３４", "12 345", "5. 5".
_DIGIT_FOLD = {
    **{ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９．，％"},
    **{ord(c): " " for c in SPACES},
    # A hard-wrapped report (a PDF's text layer) breaks lines inside figures:
    # "230.\n4亿元" is 230.4亿元.  Read a line break in a figure as a space.
    ord("\n"): " ",
    ord("\r"): " ",
    **EXTRA_FOLD,
}
_FOLD_DIGITS = CharFold(_DIGIT_FOLD)
_SP = f"[{SPACES}]*"
# The scans open on a single character class (\d\d*, not \d+): the regex
# engine then skips to where that class matches instead of trying a match at
# every character, a third of the cost of reading a chunk.
_ARABIC_RUN = re.compile(rf"\d\d*(?:{_SP}[.,]{_SP}\d+|[{SPACES}]+\d+)*")
_ARABIC_PIECE = re.compile(rf"\d+(?:{_SP}\.{_SP}\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = re.compile(rf"[{_CN_DIGITS}十百千万亿][{_CN_DIGITS}十百千万亿]*(?:点[{_CN_DIGITS}]+[万亿]*)?")
_CN_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}十百千]+(?:点[{_CN_DIGITS}]+)?|\d+(?:\.\d+)?)")
_ABOUT = rf"{_SP}[余多]?{_SP}"
# What follows a number, in one match: its magnitude (spaces before it
# allowed), 余/多, a % sign.  A Chinese numeral carries its magnitude inside.
_ARABIC_TAIL = re.compile(rf"(?:{_SP}({'|'.join(p for p, _ in MAGNITUDES)}))?{_ABOUT}(%)?")
_CN_TAIL = re.compile(rf"{_ABOUT}(%)?")
# What joins the members of a range or list that share one unit: "1—2个",
# "100、200万元", "5和7.5%".
_JOINER = re.compile(rf"{_SP}(?:[-~至到、和及与或/]|以及){_SP}")


# Not frozen, to be cheap to build (see Located).
@dataclass(slots=True)
class Reading:
    """One figure in a text: its number as written and what follows it."""

    start: int  # of the number
    end: int  # of the number
    number: float  # without its magnitude: 513.35 for "513.35亿", 500 for "五百亿"
    magnitude: str  # "", "万", "亿", "万亿" ...
    percent: bool
    unit_text: str  # the text after magnitude and 余/多, where the unit stands
    figure_end: int  # end of number + magnitude (+ % sign)
    unit_start: int  # where unit_text starts
    chinese: bool
    before: str  # the characters just before the number
    short: bool = False  # a single Chinese character (一, 两, 千)

    @property
    def amount(self) -> float:
        return self.number * magnitude_factor(self.magnitude)


def read_figures(text: str) -> list[Reading]:
    """Every figure in ``text``, with magnitudes and % carried across ranges and lists."""
    figures = _Figures(text)
    return [r for j in range(len(figures.starts)) if (r := figures.reading(j)) is not None]


_UNREAD = object()


class _Figures:
    """Where a text's figures stand, each read into a :class:`Reading` when first asked for.

    A chunk holds dozens of 一/两/三 of ordinary words and figures no fact
    quotes, and a fact consults only the figures inside its evidence: reading
    just those gives the same Readings as reading them all, for far less.
    """

    __slots__ = ("folded", "raw", "starts", "_percents", "_final")

    def __init__(self, text: str) -> None:
        self.folded = folded = _FOLD_DIGITS(text)
        raw: list[tuple[int, int, float, bool, bool]] = []  # start, end, number, chinese, percent
        for m in _ARABIC_RUN.finditer(folded):
            run = m.group()
            if run.isdigit():
                # Most runs are a plain "2024" or "12": no call to read separators.
                raw.append((*m.span(), float(run), False, False))
            else:
                raw.extend(_arabic(run, m.start()))
        self._percents: list[tuple[int, int]] = []
        for m in _CN_PERCENT.finditer(folded):
            number = _parse_cn_or_arabic(m.group(1))
            if number is not None:
                raw.append((m.start(), m.end(), number, True, True))
                self._percents.append(m.span())
        raw.extend([m.span() + _CN_CANDIDATE for m in _CN_NUMERAL.finditer(folded)])
        # No two candidates share both start and end, so the tuples sort by place.
        raw.sort()
        self.raw = raw
        self.starts = list(map(_start, raw))
        self._final: list[object] = [_UNREAD] * len(raw)

    def reading(self, j: int) -> Reading | None:
        """Candidate ``j`` read, with the unit of a range or list it opens; None if no figure."""
        final = self._final
        done = final[j]
        if done is not _UNREAD:
            return done  # type: ignore[return-value]
        r = self._base(j)
        if r is None:
            final[j] = None
            return None
        if r.magnitude or r.percent or r.figure_end != r.end:
            final[j] = r  # most figures carry their own unit: no range or list to follow
            return r
        # Bare numbers joined to the next figure ("1、2、3万") take the unit
        # of the first that stands on its own: follow the chain, then hand it back.
        chain: list[tuple[int, Reading, int]] = []
        k = j
        while True:
            nxt_at, nxt = self._joined(k, r)
            if nxt is None:
                final[k] = r
                break
            chain.append((k, r, nxt_at))
            if final[nxt_at] is not _UNREAD:
                break
            k, r = nxt_at, nxt
        for at, r, nxt_at in reversed(chain):
            n = final[nxt_at]
            final[at] = Reading(r.start, r.end, r.number, n.magnitude, n.percent, n.unit_text,  # type: ignore[union-attr]
                                r.end, n.unit_start, r.chinese, r.before, r.short)  # type: ignore[union-attr]
        return final[j]  # type: ignore[return-value]

    def _joined(self, j: int, r: Reading) -> tuple[int, Reading | None]:
        """The figure after bare number ``r`` when a joiner (—、和) links them, and where it stands."""
        if r.magnitude or r.percent or r.figure_end != r.end:
            return -1, None
        # Candidates that are no figure are Chinese numerals, never joiners:
        # when the gap to the next candidate is no joiner, the gap to the next
        # figure is none either, and the next figure need not be read.
        if j + 1 == len(self.raw) or _JOINER.fullmatch(self.folded, r.end, self.starts[j + 1]) is None:
            return -1, None
        for k in range(j + 1, len(self.raw)):
            nxt = self._base(k)
            if nxt is not None:
                if _JOINER.fullmatch(self.folded, r.end, nxt.start) is None:
                    return -1, None
                return k, nxt
            self._final[k] = None
        return -1, None

    def _base(self, j: int) -> Reading | None:
        """Candidate ``j`` read on its own (its magnitude, % and unit text); None if no figure."""
        if self._final[j] is None:
            return None
        start, end, number, chinese, percent = self.raw[j]
        folded = self.folded
        before = folded[start - _LEFT_CONTEXT : start] if start >= _LEFT_CONTEXT else folded[:start]
        if percent:
            tail = fold(folded[end : end + RIGHT_CONTEXT])
            return Reading(start, end, number, "", True, tail, end, end, True, before)
        if chinese:
            # Inside 百分之… or right after a digit, a Chinese numeral is no figure of its own.
            if _digit_before(folded, start) or any(s <= start < e for s, e in self._percents):
                return None
            parsed = _parse_cn(folded[start:end])
            if parsed is None:
                return None
            number, magnitude = parsed
            figure_end = end
            m = _CN_TAIL.match(folded, end)
            is_percent = m.group(1) is not None
        else:
            m = _ARABIC_TAIL.match(folded, end)
            magnitude, sign = m.groups()  # type: ignore[union-attr]
            if magnitude is None:
                magnitude, figure_end = "", end
            else:
                figure_end = m.end(1)  # type: ignore[union-attr]
            is_percent = sign is not None
        pos = m.end()  # type: ignore[union-attr]
        if is_percent:
            figure_end = pos
        # fold() maps one character to one: folding the few characters read
        # after each figure costs less than folding the whole text.
        unit_text = fold(folded[pos : pos + RIGHT_CONTEXT])
        return Reading(
            start, end, number, magnitude, is_percent, unit_text, figure_end, pos, chinese, before,
            chinese and end - start == 1,
        )


_SPACE_RE = re.compile(f"[{SPACES}]")


_start = itemgetter(0)
_CN_CANDIDATE = (0.0, True, False)  # number (read later), chinese, percent


def _arabic(run: str, offset: int) -> list[tuple[int, int, float, bool, bool]]:
    if run.count(".") == 1 and run.replace(".", "").isdigit():
        # Most other runs are a plain "6.5": no separators to read.
        return [(offset, offset + len(run), float(run), False, False)]
    compact = _SPACE_RE.sub("", run)
    out = []
    whole = _THOUSANDS.fullmatch(compact) is not None
    if whole:
        out.append((offset, offset + len(run), float(compact.replace(",", "")), False, False))
    if not whole or compact != run:
        # "5,6" is a list and "100 200" may be two figures: read the pieces too.
        for m in _ARABIC_PIECE.finditer(run):
            piece = _SPACE_RE.sub("", m.group())
            if m.start() == 0 and m.end() == len(run) and whole:
                continue
            out.append((offset + m.start(), offset + m.end(), float(piece), False, False))
    return out


def _digit_before(text: str, pos: int) -> bool:
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return pos > 0 and text[pos - 1].isdigit()


def _parse_cn_or_arabic(s: str) -> float | None:
    if s[0].isdigit():
        return float(s)
    parsed = _parse_cn(s)
    return parsed[0] * magnitude_factor(parsed[1]) if parsed else None


@lru_cache(maxsize=4096)
def _parse_cn(s: str) -> tuple[float, str] | None:
    """'五百亿' → (500, '亿'), '千亿' → (1000, '亿'), '万亿' → (1, '万亿'), '两千' → (2000, '')."""
    magnitude = ""
    for suffix in ("万亿", "亿", "万"):
        if s.endswith(suffix):
            magnitude, s = suffix, s[: -len(suffix)]
            break
    if not s:
        return 1.0, magnitude
    if s[0] in "十百千":
        s = "一" + s
    try:
        value = parse_chinese(s)
    except OverflowError:  # hundreds of 九: too large for a float, so no figure
        return None
    return (value, magnitude) if value is not None else None



class FigureIndex:
    """The figures of a stretch of text, read once for every fact in it.

    A chunk's facts are checked against one reading of the chunk (with the
    context a fall or a unit needs on either side) instead of re-reading the
    window of each fact: the figures are the same, only read once.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.size = len(text)
        self.lo = max(0, start - FALL_REACH)
        self.hi = min(len(text), end + RIGHT_CONTEXT)
        self.window = text[self.lo : self.hi]
        self._figures = _Figures(self.window)

    def covers(self, start: int, end: int) -> bool:
        """Whether a fact at text[start:end] has all its context in this reading."""
        return self.lo <= max(0, start - FALL_REACH) and min(self.size, end + RIGHT_CONTEXT) <= self.hi

    def within(self, start: int, end: int) -> list[Reading]:
        """Readings whose number lies inside text[start:end]."""
        figures = self._figures
        starts, raw, final = figures.starts, figures.raw, figures._final
        start -= self.lo
        end -= self.lo
        out = []
        for j in range(bisect_left(starts, start), len(starts)):
            if starts[j] >= end:
                break
            if raw[j][1] <= end:
                r = final[j]
                if r is _UNREAD:
                    r = figures.reading(j)
                if r is not None:
                    out.append(r)
        return out


