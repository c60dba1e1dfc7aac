"""Tie every fact to its place in the report, or drop it.

For each fact a backend returns, the evidence quote is located in its chunk:
exactly, then ignoring whitespace and full-/half-width differences, then by
fuzzy alignment (rapidfuzz).  The located text replaces the quote, so
``text[start:end] == evidence`` holds for every fact that leaves this stage.

The fact's figure must then be readable in that evidence (see
:func:`check_value`): Arabic digits with or without separators, full-width
digits, spaces inside a figure, Chinese numerals (五百亿, 两千, 超千亿, 破万亿).
A unit whose magnitude does not fit the text ("11万人" answered as 11 人) is
repaired from the text when the text shows the fact's unit right after the
figure, else the fact is dropped.  A fact whose quote cannot be found in its
chunk, is quoted from elsewhere in the report, or whose figure is not in its
evidence is ungrounded: dropped, counted by kind and listed in the
diagnostics.  Counters (``Diagnostics.counts``):

- ``aligned_exact`` / ``aligned_normalized`` / ``aligned_fuzzy``: facts kept,
  by how their quote was found;
- ``ungrounded_evidence``: the quote is nowhere near the chunk's text;
- ``ungrounded_outside_chunk``: the quote is verbatim in another part of the
  report, not in the chunk the fact came from;
- ``ungrounded_value``: the figure is not in the located evidence;
- ``ungrounded_sign``: a negative figure where the text shows no fall
  (下降, 减少, a minus sign);
- ``unit_mismatch``: the figure is there, but with another magnitude or
  without/with a % sign, and the text does not show how to repair it;
- ``unit_repaired``: kept after the unit's magnitude was taken from the text;
- ``unit_rescaled``: kept, a figure such as 110000 人 rewritten as written
  (11 万人);
- ``sign_repaired``: kept, "下降3%" answered as 3 made -3;
- ``invalid_fact``: a repaired fact failed schema validation (dropped);
- ``ungrounded_instruction``: the evidence lies in a passage that addresses
  a model ("忽略以上所有指令…", see :mod:`extractor.injection`): whatever
  figure it holds is an injection, not a statistic.
"""

from __future__ import annotations

from bisect import bisect_left

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Literal, TypeVar

from pydantic import ValidationError
from rapidfuzz import fuzz

from .backends.base import ChunkFacts
from .chunking import Chunk
from .injection import touches
from .numerals import FOLD_TABLE, CharFold, fold, parse_chinese, same_number
from .schema import Alignment, Diagnostics, Fact, IndicatorFact, QuantifiedItem, UngroundedFact
from .units import MAGNITUDES, canonical, magnitude_factor, split_unit

# Fuzzy alignment: the lowest similarity (0-100) that still counts as the
# same passage, and the shortest quote worth aligning fuzzily at all (a short
# quote matches too many places by chance).
FUZZY_THRESHOLD = 85.0
FUZZY_MIN_CHARS = 6
# How far around a chunk a quote is looked up to tell "quoted from another
# part of the report" from "invented"; bounded so a huge report stays linear.
OUTSIDE_WINDOW = 200_000
# Characters after a figure read for its magnitude and unit, and before it
# for what makes it no figure (G318, 第3).
_RIGHT_CONTEXT = 16
_LEFT_CONTEXT = 2

F = TypeVar("F", bound=Fact)

# ---------------------------------------------------------------------------
# Text normalisation: every table maps one character to one character, so
# offsets in a normalised text are offsets in the original.

_SPACES = " \t\u00a0\u2002\u2003\u2009\u200a\u3000"
_EXTRA_FOLD = {
    **{ord(c): "-" for c in "—–―─‐‑−"},
    **{ord(c): "~" for c in "〜～"},
    ord("【"): "[",
    ord("】"): "]",
    ord("\u200b"): " ",  # zero-width space: invisible, so ignorable
    ord("\ufeff"): " ",
}


_NORMALIZE = CharFold(FOLD_TABLE, _EXTRA_FOLD)


def normalize(text: str) -> str:
    """Full-/half-width, quote, dash and space variants folded; same length."""
    return _NORMALIZE(text)


@dataclass(frozen=True, slots=True)
class _Squeezed:
    """Normalised text without whitespace, and each kept character's offset."""

    text: str
    index: list[int]

    @classmethod
    def of(cls, text: str) -> "_Squeezed":
        norm = normalize(text)
        keep = [i for i, ch in enumerate(norm) if not ch.isspace()]
        return cls("".join(norm[i] for i in keep), keep)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of squeezed ``[start, end)`` (end > start)."""
        return self.index[start], self.index[end - 1] + 1


class _ChunkView:
    """A chunk's text with its squeezed form, built once per chunk."""

    __slots__ = ("text", "_squeezed")

    def __init__(self, text: str) -> None:
        self.text = text
        self._squeezed: _Squeezed | None = None

    @property
    def squeezed(self) -> _Squeezed:
        if self._squeezed is None:
            self._squeezed = _Squeezed.of(self.text)
        return self._squeezed


# ---------------------------------------------------------------------------
# Locating a quote.


# Not frozen: a frozen dataclass sets each field through object.__setattr__,
# several times slower to build, and thousands are built per report.  Nothing
# changes one after it is made.
@dataclass(slots=True)
class Located:
    start: int
    end: int
    alignment: Alignment


def locate(evidence: str, chunk_text: str, hint: int | None = None) -> Located | None:
    """Where ``evidence`` stands in ``chunk_text`` (chunk-relative offsets).

    ``hint`` (chunk-relative) picks among several exact occurrences.
    """
    return _locate(evidence, _ChunkView(chunk_text), hint)


def _locate(evidence: str, view: _ChunkView, hint: int | None) -> Located | None:
    return _locate_close(evidence, view, hint) or _locate_fuzzy(evidence, view)


def _locate_close(evidence: str, view: _ChunkView, hint: int | None) -> Located | None:
    """Exactly, or equal once whitespace and width variants are ignored."""
    if not evidence or not evidence.strip():
        return None
    found = _find_nearest(view.text, evidence, hint)
    if found is not None:
        return Located(found, found + len(evidence), Alignment.exact)
    squeezed = view.squeezed
    needle = _Squeezed.of(evidence).text
    at = squeezed.text.find(needle) if needle else -1
    if at >= 0:
        return Located(*squeezed.span(at, at + len(needle)), Alignment.normalized)
    return None


def _locate_fuzzy(evidence: str, view: _ChunkView) -> Located | None:
    squeezed = view.squeezed
    needle = _Squeezed.of(evidence).text
    if not needle:
        return None
    span = _elided(needle, squeezed) or _fuzzy(needle, squeezed.text)
    if span is None:
        return None
    return Located(*squeezed.span(*span), Alignment.fuzzy)


def _find_nearest(haystack: str, needle: str, hint: int | None) -> int | None:
    """The occurrence of ``needle`` nearest to ``hint``, else the first."""
    first = haystack.find(needle)
    if first < 0 or hint is None:
        return first if first >= 0 else None
    best = pos = first
    while pos >= 0:
        if abs(pos - hint) < abs(best - hint):
            best = pos
        if pos >= hint:
            break
        pos = haystack.find(needle, pos + 1)
    return best


_ELLIPSIS = re.compile(r"(?:\.{2,}|…+)")
_ELIDED_GAP = 300


def _elided(needle: str, squeezed: _Squeezed) -> tuple[int, int] | None:
    """A quote with an ellipsis ("A……B"): its parts, in order and close together."""
    parts = [p for p in _ELLIPSIS.split(needle) if p]
    if len(parts) < 2 or min(map(len, parts)) < 2 or sum(map(len, parts)) < FUZZY_MIN_CHARS:
        return None
    hay = squeezed.text
    start = hay.find(parts[0])
    if start < 0:
        return None
    end = start + len(parts[0])
    for part in parts[1:]:
        at = hay.find(part, end)
        if at < 0 or at - end > _ELIDED_GAP:
            return None
        end = at + len(part)
    return start, end


_NUMERAL_CHARS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")


def _inside_figure(hay: str, i: int) -> bool:
    """Whether a cut between ``hay[i-1]`` and ``hay[i]`` falls inside a figure.

    ``hay`` is normalised, so '.' may be a decimal point or a folded 。: it
    belongs to a figure only between two digits.  A % ends a figure.
    """
    if i <= 0 or i >= len(hay):
        return False
    a, b = hay[i - 1], hay[i]
    if a in _NUMERAL_CHARS and (b in _NUMERAL_CHARS or b == "%"):
        return True
    if b == "." and a.isdigit():
        return i + 1 < len(hay) and hay[i + 1].isdigit()
    if a == "." and b.isdigit():
        return i >= 2 and hay[i - 2].isdigit()
    return False


def _fuzzy(needle: str, hay: str) -> tuple[int, int] | None:
    """Best approximate occurrence of ``needle`` in ``hay`` (both squeezed)."""
    if len(needle) < FUZZY_MIN_CHARS or len(needle) > len(hay):
        return None
    res = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=FUZZY_THRESHOLD)
    if res is None or res.dest_end <= res.dest_start:
        return None
    start, end = _refine(needle, hay, res.dest_start, res.dest_end)
    # Never cut a figure in two: "513.35亿" must not become "13.35亿".
    while _inside_figure(hay, start):
        start -= 1
    while _inside_figure(hay, end):
        end += 1
    return start, end


def _refine(needle: str, hay: str, start: int, end: int) -> tuple[int, int]:
    """Move both ends a little for the best full-string similarity.

    partial_ratio compares windows as long as the quote; a quote that dropped
    or added a word matches a window that is too long or too short.
    """
    reach = min(8, max(2, len(needle) // 4))
    best = (fuzz.ratio(needle, hay[start:end]), -(end - start), start, end)
    for s in range(max(0, start - reach), min(len(hay), start + reach) + 1):
        for e in range(max(s + 1, end - reach), min(len(hay), end + reach) + 1):
            score = (fuzz.ratio(needle, hay[s:e]), -(e - s), s, e)
            if score > best:
                best = score
    return best[2], best[3]


# ---------------------------------------------------------------------------
# Reading figures.

# Digits, separators and decimal points as reports and PDFs write them:
# "1,234.5", "１２３４", "12 345", "5. 5".
_DIGIT_FOLD = {
    **{ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９．，％"},
    **{ord(c): " " for c in _SPACES},
    # A hard-wrapped report (a PDF's text layer) breaks lines inside figures:
    # "230.\n4亿元" is 230.4亿元.  Read a line break in a figure as a space.
    ord("\n"): " ",
    ord("\r"): " ",
    **_EXTRA_FOLD,
}
_FOLD_DIGITS = CharFold(_DIGIT_FOLD)
_SP = f"[{_SPACES}]*"
_ARABIC_RUN = re.compile(rf"\d+(?:{_SP}[.,]{_SP}\d+|[{_SPACES}]+\d+)*")
_ARABIC_PIECE = re.compile(rf"\d+(?:{_SP}\.{_SP}\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = re.compile(rf"[{_CN_DIGITS}十百千万亿]+(?:点[{_CN_DIGITS}]+[万亿]*)?")
_CN_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}十百千]+(?:点[{_CN_DIGITS}]+)?|\d+(?:\.\d+)?)")
_MAGNITUDE = re.compile(rf"{_SP}({'|'.join(p for p, _ in MAGNITUDES)})?")
_ABOUT = re.compile(rf"{_SP}[余多]?{_SP}")
# What joins the members of a range or list that share one unit: "1—2个",
# "100、200万元", "5和7.5%".
_JOINER = re.compile(rf"{_SP}(?:[-~至到、和及与或/]|以及){_SP}")
_DATE_UNITS = "年月日"


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

    __slots__ = ("folded", "_unit_view", "raw", "starts", "_percents", "_final")

    def __init__(self, text: str) -> None:
        self.folded = folded = _FOLD_DIGITS(text)
        self._unit_view: str | None = None
        raw: list[tuple[int, int, float, bool, bool]] = []  # start, end, number, chinese, percent
        for m in _ARABIC_RUN.finditer(folded):
            run = m.group()
            if run.isdigit():
                # Most runs are a plain "2024" or "12": no call to read separators.
                raw.append((m.start(), m.end(), float(run), False, False))
            else:
                raw.extend(_arabic(run, m.start()))
        self._percents: list[tuple[int, int]] = []
        for m in _CN_PERCENT.finditer(folded):
            number = _parse_cn_or_arabic(m.group(1))
            if number is not None:
                raw.append((m.start(), m.end(), number, True, True))
                self._percents.append(m.span())
        raw.extend([(m.start(), m.end(), 0.0, True, False) for m in _CN_NUMERAL.finditer(folded)])
        raw.sort(key=_by_place)
        self.raw = raw
        self.starts = list(map(_start, raw))
        self._final: list[object] = [_UNREAD] * len(raw)

    @property
    def unit_view(self) -> str:
        # fold() maps one character to one, so the text is folded once and
        # each figure's unit text sliced from it.
        if self._unit_view is None:
            self._unit_view = fold(self.folded)
        return self._unit_view

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
        before = folded[max(0, start - _LEFT_CONTEXT) : start]
        if percent:
            tail = self.unit_view[end : end + _RIGHT_CONTEXT]
            return Reading(start, end, number, "", True, tail, end, end, True, before)
        magnitude = ""
        if chinese:
            # Inside 百分之… or right after a digit, a Chinese numeral is no figure of its own.
            if _digit_before(folded, start) or any(s <= start < e for s, e in self._percents):
                return None
            parsed = _parse_cn(folded[start:end])
            if parsed is None:
                return None
            number, magnitude = parsed
            pos = end
        else:
            m = _MAGNITUDE.match(folded, end)
            magnitude = (m.group(1) or "") if m else ""
            pos = m.end() if m and magnitude else end
        figure_end = pos
        pos = _ABOUT.match(folded, pos).end()  # type: ignore[union-attr]
        is_percent = folded.startswith("%", pos)
        if is_percent:
            figure_end = pos + 1
            pos += 1
        short = chinese and end - start == 1
        unit_text = self.unit_view[pos : pos + _RIGHT_CONTEXT]
        return Reading(start, end, number, magnitude, is_percent, unit_text, figure_end, pos, chinese, before, short)


_SPACE_RE = re.compile(f"[{_SPACES}]")


_by_place = itemgetter(0, 1)
_start = itemgetter(0)


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


# ---------------------------------------------------------------------------
# Checking a fact's figure against its evidence.

Verdict = Literal["exact", "rescaled", "repaired", "sign_repaired", "unit_mismatch", "sign_mismatch", "absent"]

# A negative figure is only read where the text says it fell ("下降3%") or
# writes a minus sign; a positive one may stand anywhere ("减少排放100吨").
_FALL = re.compile(r"[降减负跌]|回落|下滑|萎缩")
_CLAUSE_END = re.compile(r"[。；;！!？?，,：:\n]")
_FALL_REACH = 40


# Not frozen, to be cheap to build (see Located).
@dataclass(slots=True)
class ValueCheck:
    verdict: Verdict
    value: float | None = None  # the figure as written (rescaled / repaired)
    unit: str | None = None
    figure_end: int | None = None  # offset in the checked text where figure and unit end
    found: str = ""  # what the text has instead (for unit_mismatch)

    @property
    def ok(self) -> bool:
        return self.verdict in ("exact", "rescaled", "repaired", "sign_repaired")


def _eligible(r: Reading, base: str) -> bool:
    """Whether a reading can carry a fact with base unit ``base`` at all."""
    if (base == "%") != r.percent:
        return False
    if r.percent:
        return True
    if r.before[-1:].isascii() and r.before[-1:].isalpha():
        return False  # G318, S95, PM2.5
    if r.before[-1:] == "第":
        return False  # an ordinal
    first = r.unit_text[:1]
    if first.isascii() and first.isalpha() and not base[:1].isascii():
        return False  # 5G, 4A
    if first and first in _DATE_UNITS and not base.startswith(first):
        return False  # 2023年, 3月
    if r.short and not r.magnitude:
        # A lone 一 or 千 is a number only where a unit follows ("两县", "四宗").
        return bool(base) and r.unit_text.startswith(base[:1])
    return True


class FigureIndex:
    """The figures of a stretch of text, read once for every fact in it.

    A chunk's facts are checked against one reading of the chunk (with the
    context a fall or a unit needs on either side) instead of re-reading the
    window of each fact: the figures are the same, only read once.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.size = len(text)
        self.lo = max(0, start - _FALL_REACH)
        self.hi = min(len(text), end + _RIGHT_CONTEXT)
        self.window = text[self.lo : self.hi]
        self._figures = _Figures(self.window)

    def covers(self, start: int, end: int) -> bool:
        """Whether a fact at text[start:end] has all its context in this reading."""
        return self.lo <= max(0, start - _FALL_REACH) and min(self.size, end + _RIGHT_CONTEXT) <= self.hi

    def within(self, start: int, end: int) -> list[Reading]:
        """Readings whose number lies inside text[start:end]."""
        figures = self._figures
        starts, raw = figures.starts, figures.raw
        start -= self.lo
        end -= self.lo
        out = []
        for j in range(bisect_left(starts, start), len(starts)):
            if starts[j] >= end:
                break
            if raw[j][1] <= end and (r := figures.reading(j)) is not None:
                out.append(r)
        return out


def check_value(
    value: float,
    unit: str,
    text: str,
    start: int = 0,
    end: int | None = None,
    figures: FigureIndex | None = None,
) -> ValueCheck:
    """Whether the figure ``value`` ``unit`` stands in ``text[start:end]``.

    The number must lie inside the span; its magnitude and unit may follow
    just after it.  ``exact``: as written.  ``rescaled``: the same amount
    written with another magnitude (110000 人 for "11万人").  ``repaired``: the
    number with the magnitude the text gives it, where the fact's unit
    follows ("11万人" answered as 11 人).  ``sign_repaired``: a percentage
    right after 下降/减少 answered as a positive figure, made negative.
    ``unit_mismatch``: only the bare number is there (or with % where the
    fact has none, or the reverse).  ``sign_mismatch``: a negative figure where
    the text shows no fall.  ``absent``: the figure is not there at all.

    Where the number stands more than once, a place followed by the fact's
    unit wins: in "管道10公里、面积10万平方米", 10 平方米 is the second 10.
    """
    end = len(text) if end is None else end
    if figures is None or not figures.covers(start, end):
        figures = FigureIndex(text, start, end)
    lo, window = figures.lo, figures.window
    target = abs(value)
    sign = -1.0 if value < 0 else 1.0
    prefix, base = split_unit(unit)
    amount = target * magnitude_factor(prefix)
    best: tuple[int, ValueCheck | None] = (99, None)
    for r in figures.within(start, end):
        same, same_amount = same_number(r.number, target), same_number(r.amount, amount)
        if not same and not same_amount:
            continue
        unit_follows = bool(base) and r.unit_text.startswith(base)
        # Where the figure ends, its unit included when the text shows it.
        figure_end = lo + (r.unit_start + len(base) if unit_follows else r.figure_end)
        if not _eligible(r, base):
            found = (90, ValueCheck("unit_mismatch", found=window[r.start : r.figure_end]))
        elif value < 0 and not _falls(window, r.start):
            found = (95, ValueCheck("sign_mismatch", found=window[r.start : r.figure_end]))
        elif value > 0 and r.percent and _fell(window, r.start):
            # "下降3%" answered as 3: GUIDELINES.md writes a fall as -3.
            found = (2, ValueCheck("sign_repaired", -value, unit, figure_end))
        elif same and r.magnitude == prefix:
            found = (0 if unit_follows else 3, ValueCheck("exact", value, unit, figure_end))
        elif same_amount:
            as_written = _with_magnitude(unit, r.magnitude)
            found = (1 if unit_follows else 4, ValueCheck("rescaled", sign * r.number, as_written, figure_end))
        elif unit_follows and base != "%":
            found = (2, ValueCheck("repaired", value, _with_magnitude(unit, r.magnitude), figure_end))
        else:
            found = (90, ValueCheck("unit_mismatch", found=window[r.start : r.figure_end]))
        if found[0] < best[0]:
            best = found
    return best[1] or ValueCheck("absent")


def _falls(text: str, pos: int) -> bool:
    """Whether the figure at ``pos`` is a fall: a minus sign, or 下降/减少 … before it in its clause."""
    if text[max(0, pos - 1) : pos] in ("-", "−", "－"):
        return True
    before = text[max(0, pos - _FALL_REACH) : pos]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    return _FALL.search(before) is not None


_FELL_BY = re.compile(r"(?:下降|降低|减少|回落|下滑)了?$")


def _fell(text: str, pos: int) -> bool:
    """Whether the percentage at ``pos`` directly follows a fall ("下降3%" is -3)."""
    return _FELL_BY.search(text, max(0, pos - 3), pos) is not None


def _with_magnitude(unit: str, magnitude: str) -> str:
    """``unit`` as written with its magnitude prefix replaced: ('人', '万') → '万人'."""
    unit = unit.strip()
    prefix, _ = split_unit(unit)
    return magnitude + (unit[len(prefix) :] if unit.startswith(prefix) else unit)


def value_in_evidence(value: float, unit: str, evidence: str) -> bool:
    """True when the figure ``value`` ``unit`` (万/亿 in the unit) is in ``evidence``."""
    return check_value(value, unit, evidence).ok


# ---------------------------------------------------------------------------
# Grounding a chunk's facts.


class _Grounder:
    def __init__(self, text: str, chunk: Chunk, diag: Diagnostics, instructions: list[tuple[int, int]]) -> None:
        self.text = text
        self.chunk = chunk
        self.view = _ChunkView(chunk.text)
        self.figures = FigureIndex(text, chunk.start, chunk.end)
        self.diag = diag
        self.instructions = instructions

    def ground(self, fact: F, layer: str) -> F | None:
        located = self._locate(fact)
        if isinstance(located, str):
            return self._drop(fact, layer, located)
        start, end, method = located.start, located.end, located.alignment
        if self.instructions and touches(self.instructions, start, end):
            return self._drop(fact, layer, "ungrounded_instruction")

        check = check_value(fact.value, fact.unit, self.text, start, end, self.figures)
        if not check.ok:
            if check.verdict == "unit_mismatch":
                reason = f"unit {fact.unit!r} does not fit {check.found!r} in its evidence"
                return self._drop(fact, layer, "unit_mismatch", reason)
            if check.verdict == "sign_mismatch":
                reason = f"negative value {fact.value:g}, but its evidence shows no fall at {check.found!r}"
                return self._drop(fact, layer, "ungrounded_sign", reason)
            return self._drop(fact, layer, "ungrounded_value", f"value {fact.value:g} is not in its evidence")
        assert check.value is not None and check.unit is not None and check.figure_end is not None
        # A quote that stops before the figure's 万, % or unit is carried to
        # its end, within the chunk the model read.
        end = max(end, min(check.figure_end, self.chunk.end))

        update: dict[str, object] = {"evidence": self.text[start:end], "start": start, "end": end, "alignment": method}
        if check.verdict != "exact":
            update["value"], update["unit"] = check.value, check.unit
        update["canonical_value"], update["canonical_unit"] = canonical(check.value, check.unit)
        if check.verdict == "exact":
            # Value and unit stand as the backend gave them and were
            # validated with the fact; only offsets and derived fields change.
            grounded = fact.with_fields(update)
        else:
            try:
                grounded = type(fact).model_validate({**fact.model_dump(), **update})
            except ValidationError as exc:
                return self._drop(
                    fact, layer, "invalid_fact", f"{check.verdict} fact is invalid: {exc.errors()[0]['msg']}"
                )
        if check.verdict != "exact":
            self.diag.bump(_REPAIR_COUNTERS[check.verdict])
        self.diag.bump(_ALIGNED[method])
        return grounded

    def _locate(self, fact: Fact) -> Located | str:
        """The fact's evidence span (absolute), or the counter naming why not."""
        chunk, text = self.chunk, self.text
        start, end = fact.start, fact.end
        if (
            start is not None
            and end is not None
            and chunk.start <= start < end <= chunk.end
            and text[start:end] == fact.evidence
        ):
            return Located(start, end, Alignment.exact)
        hint = start - chunk.start if start is not None else None
        rel = _locate_close(fact.evidence, self.view, hint)
        if rel is None:
            # A quote that is verbatim in the report but not in this chunk
            # was taken from another part: not grounded here, however similar.
            if self._elsewhere(fact.evidence):
                return "ungrounded_outside_chunk"
            rel = _locate_fuzzy(fact.evidence, self.view)
        if rel is None:
            return "ungrounded_evidence"
        return Located(chunk.start + rel.start, chunk.start + rel.end, rel.alignment)

    def _elsewhere(self, evidence: str) -> bool:
        lo = max(0, self.chunk.start - OUTSIDE_WINDOW)
        hi = min(len(self.text), self.chunk.end + OUTSIDE_WINDOW)
        return self.text.find(evidence, lo, hi) >= 0

    def _drop(self, fact: Fact, layer: str, counter: str, reason: str | None = None) -> None:
        self.diag.bump(counter)
        self.diag.ungrounded.append(
            UngroundedFact(
                layer=layer,
                chunk=self.chunk.index,
                reason=reason or _REASONS[counter],
                fact=fact.model_dump(mode="json", exclude_none=True),
            )
        )
        return None


_ALIGNED = {method: f"aligned_{method.value}" for method in Alignment}
_REPAIR_COUNTERS = {"rescaled": "unit_rescaled", "repaired": "unit_repaired", "sign_repaired": "sign_repaired"}
_REASONS = {
    "ungrounded_evidence": "evidence not found in its chunk",
    "ungrounded_outside_chunk": "evidence quoted from outside its chunk",
    "ungrounded_instruction": "evidence lies in text that addresses the model (a prompt injection?)",
}


def ground_chunk(
    text: str,
    chunk: Chunk,
    facts: ChunkFacts,
    diag: Diagnostics,
    instructions: list[tuple[int, int]] | None = None,
) -> tuple[list[IndicatorFact], list[QuantifiedItem]]:
    """The grounded facts of one chunk; the rest are recorded in ``diag``.

    ``instructions``: the document's passages that address a model
    (:func:`extractor.injection.instruction_spans`); facts there are dropped.
    """
    grounder = _Grounder(text, chunk, diag, instructions or [])
    indicators = [g for f in facts.indicators if (g := grounder.ground(f, "indicators")) is not None]
    items = [g for f in facts.items if (g := grounder.ground(f, "items")) is not None]
    return indicators, items
