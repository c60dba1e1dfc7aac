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

import re
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import ValidationError
from rapidfuzz import fuzz

from .backends.base import ChunkFacts
from .chunking import Chunk
from .figure_reading import EXTRA_FOLD, FALL_REACH, FigureIndex, Reading, read_figures
from .injection import touches
from .numerals import FOLD_TABLE, CharFold, same_number
from .schema import Alignment, Diagnostics, Fact, IndicatorFact, QuantifiedItem, UngroundedFact
from .units import canonical, magnitude_factor, split_unit

__all__ = [
    "FigureIndex",
    "Located",
    "Reading",
    "ValueCheck",
    "check_value",
    "ground_chunk",
    "locate",
    "normalize",
    "read_figures",
    "value_in_evidence",
]

# Fuzzy alignment: the lowest similarity (0-100) that still counts as the
# same passage, and the shortest quote worth aligning fuzzily at all (a short
# quote matches too many places by chance).
FUZZY_THRESHOLD = 85.0
FUZZY_MIN_CHARS = 6
# How far around a chunk a quote is looked up to tell "quoted from another
# part of the report" from "invented"; bounded so a huge report stays linear.
OUTSIDE_WINDOW = 200_000

F = TypeVar("F", bound=Fact)

# ---------------------------------------------------------------------------
# Text normalisation: every table maps one character to one character, so
# offsets in a normalised text are offsets in the original.

_NORMALIZE = CharFold(FOLD_TABLE, EXTRA_FOLD)


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
# Checking a fact's figure against its evidence.

Verdict = Literal["exact", "rescaled", "repaired", "sign_repaired", "unit_mismatch", "sign_mismatch", "absent"]

# A negative figure is only read where the text says it fell ("下降3%") or
# writes a minus sign; a positive one may stand anywhere ("减少排放100吨").
_FALL = re.compile(r"[降减负跌]|回落|下滑|萎缩")
_CLAUSE_END = re.compile(r"[。；;！!？?，,：:\n]")
_DATE_UNITS = "年月日"


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
    return _check(value, unit, start, end, figures)


def _check(value: float, unit: str, start: int, end: int, figures: FigureIndex) -> ValueCheck:
    """:func:`check_value` against ``figures``, which covers ``[start, end)`` with its context."""
    lo, window = figures.lo, figures.window
    target = abs(value)
    sign = -1.0 if value < 0 else 1.0
    prefix, base = split_unit(unit)
    amount = target * magnitude_factor(prefix)
    # The best place's rank and ValueCheck fields; the check is built for it alone.
    best_rank, best = 99, None
    for r in figures.within(start, end):
        number = r.number
        same = number == target or same_number(number, target)
        # Where the number is the fact's, with the fact's magnitude, the
        # amounts are equal too and the branches below never consult them.
        if not same or r.magnitude != prefix:
            same_amount = same_number(number * magnitude_factor(r.magnitude), amount)
            if not same and not same_amount:
                continue
        unit_follows = bool(base) and r.unit_text.startswith(base)
        # Where the figure ends, its unit included when the text shows it.
        figure_end = lo + (r.unit_start + len(base) if unit_follows else r.figure_end)
        if not _eligible(r, base):
            rank, found = 90, ("unit_mismatch", None, None, None, window[r.start : r.figure_end])
        elif value < 0 and not _falls(window, r.start):
            rank, found = 95, ("sign_mismatch", None, None, None, window[r.start : r.figure_end])
        elif value > 0 and r.percent and _fell(window, r.start):
            # "下降3%" answered as 3: GUIDELINES.md writes a fall as -3.
            rank, found = 2, ("sign_repaired", -value, unit, figure_end)
        elif same and r.magnitude == prefix:
            rank, found = (0 if unit_follows else 3), ("exact", value, unit, figure_end)
        elif same_amount:
            as_written = _with_magnitude(unit, r.magnitude)
            rank, found = (1 if unit_follows else 4), ("rescaled", sign * r.number, as_written, figure_end)
        elif unit_follows and base != "%":
            rank, found = 2, ("repaired", value, _with_magnitude(unit, r.magnitude), figure_end)
        else:
            rank, found = 90, ("unit_mismatch", None, None, None, window[r.start : r.figure_end])
        if rank < best_rank:
            best_rank, best = rank, found
    return ValueCheck(*best) if best is not None else ValueCheck("absent")


def _falls(text: str, pos: int) -> bool:
    """Whether the figure at ``pos`` is a fall: a minus sign, or 下降/减少 … before it in its clause."""
    if text[max(0, pos - 1) : pos] in ("-", "−", "－"):
        return True
    before = text[max(0, pos - FALL_REACH) : pos]
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

        # The span lies in the chunk, and the chunk's index covers every span
        # in it with its context: no coverage test.
        check = _check(fact.value, fact.unit, start, end, self.figures)
        verdict = check.verdict
        if verdict != "exact" and not check.ok:
            if verdict == "unit_mismatch":
                reason = f"unit {fact.unit!r} does not fit {check.found!r} in its evidence"
                return self._drop(fact, layer, "unit_mismatch", reason)
            if verdict == "sign_mismatch":
                reason = f"negative value {fact.value:g}, but its evidence shows no fall at {check.found!r}"
                return self._drop(fact, layer, "ungrounded_sign", reason)
            return self._drop(fact, layer, "ungrounded_value", f"value {fact.value:g} is not in its evidence")
        value, unit, figure_end = check.value, check.unit, check.figure_end
        assert value is not None and unit is not None and figure_end is not None
        # A quote that stops before the figure's 万, % or unit is carried to
        # its end, within the chunk the model read.
        if figure_end > end:
            end = min(figure_end, self.chunk.end)

        update: dict[str, object] = {"evidence": self.text[start:end], "start": start, "end": end, "alignment": method}
        if verdict != "exact":
            update["value"], update["unit"] = value, unit
        update["canonical_value"], update["canonical_unit"] = canonical(value, unit)
        if verdict == "exact":
            # Value and unit stand as the backend gave them and were
            # validated with the fact; only offsets and derived fields change.
            grounded = fact.with_fields(update)
        else:
            try:
                grounded = type(fact).model_validate({**fact.model_dump(), **update})
            except ValidationError as exc:
                return self._drop(
                    fact, layer, "invalid_fact", f"{verdict} fact is invalid: {exc.errors()[0]['msg']}"
                )
            self.diag.bump(_REPAIR_COUNTERS[verdict])
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
    if not facts.indicators and not facts.items:
        return [], []  # a chunk without facts needs no reading of its figures
    grounder = _Grounder(text, chunk, diag, instructions or [])
    indicators = [g for f in facts.indicators if (g := grounder.ground(f, "indicators")) is not None]
    items = [g for f in facts.items if (g := grounder.ground(f, "items")) is not None]
    return indicators, items
