"""Tie every fact to its place in the report, or drop it.

For each fact a backend returns, the evidence quote is located in its chunk:
exactly, then ignoring whitespace and full-/half-width differences, then by
fuzzy alignment (rapidfuzz).  The located text replaces the quote, so
``text[start:end] == evidence`` holds for every fact that leaves this stage.
The fact's value must then be readable in that evidence; a fact whose quote
cannot be found, or whose figure is not in it, is ungrounded: dropped,
counted and listed in the diagnostics.
"""

from __future__ import annotations

from typing import TypeVar

from rapidfuzz import fuzz

from .backends.base import ChunkFacts
from .chunking import Chunk
from .numerals import find_numbers, fold, same_number
from .schema import Alignment, Diagnostics, Fact, IndicatorFact, QuantifiedItem, UngroundedFact
from .units import canonical

FUZZY_THRESHOLD = 85.0

F = TypeVar("F", bound=Fact)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Folded text without whitespace, and each kept character's index."""
    folded = fold(text)
    keep = [i for i, ch in enumerate(folded) if not ch.isspace()]
    return "".join(folded[i] for i in keep), keep


def locate(evidence: str, chunk_text: str, hint: int | None = None) -> tuple[int, int, Alignment] | None:
    """(start, end, method) of ``evidence`` in ``chunk_text``, offsets chunk-relative."""
    if not evidence:
        return None
    found = _find_nearest(chunk_text, evidence, hint)
    if found is not None:
        return found, found + len(evidence), Alignment.exact

    squeezed_text, index = _squeeze(chunk_text)
    squeezed_ev, _ = _squeeze(evidence)
    if squeezed_ev:
        at = squeezed_text.find(squeezed_ev)
        if at >= 0:
            return index[at], index[at + len(squeezed_ev) - 1] + 1, Alignment.normalized

    if len(evidence) >= 4:
        res = fuzz.partial_ratio_alignment(fold(evidence), fold(chunk_text), score_cutoff=FUZZY_THRESHOLD)
        if res is not None and res.dest_end > res.dest_start:
            start, end = res.dest_start, res.dest_end
            # Trim the whitespace an alignment may start or end on.
            while start < end and chunk_text[start].isspace():
                start += 1
            while end > start and chunk_text[end - 1].isspace():
                end -= 1
            if end > start:
                return start, end, Alignment.fuzzy
    return None


def _find_nearest(haystack: str, needle: str, hint: int | None) -> int | None:
    first = haystack.find(needle)
    if first < 0 or hint is None:
        return first if first >= 0 else None
    best, pos = first, first
    while pos >= 0:
        if abs(pos - hint) < abs(best - hint):
            best = pos
        pos = haystack.find(needle, pos + 1)
    return best


def value_in_evidence(value: float, unit: str, evidence: str) -> bool:
    """True when the figure ``value`` (as written, 万/亿 in the unit) is in the text."""
    target = abs(value)
    for span in find_numbers(evidence):
        if same_number(span.value, target):
            return True
        if span.chinese:
            # "四千万元" may be written up as 4000 万元, "破万亿" as 1 万亿元.
            for magnitude in (1e4, 1e8, 1e12):
                if same_number(span.value / magnitude, target) and unit.startswith(("万", "亿")):
                    return True
    return False


def _ground_one(fact: F, text: str, chunk: Chunk, layer: str, diag: Diagnostics) -> F | None:
    located: tuple[int, int, Alignment] | None = None
    if fact.start is not None and fact.end is not None and text[fact.start : fact.end] == fact.evidence:
        located = (fact.start, fact.end, Alignment.exact)
    else:
        hint = fact.start - chunk.start if fact.start is not None else None
        rel = locate(fact.evidence, chunk.text, hint)
        if rel is not None:
            located = (chunk.start + rel[0], chunk.start + rel[1], rel[2])
    if located is None:
        reason = "evidence not found in its chunk"
        if fact.evidence and fact.evidence in text:
            reason = "evidence quoted from outside its chunk"
        return _drop(fact, chunk, layer, reason, "ungrounded_evidence", diag)

    start, end, method = located
    evidence = text[start:end]
    if not value_in_evidence(fact.value, fact.unit, evidence):
        return _drop(fact, chunk, layer, f"value {fact.value:g} is not in its evidence", "ungrounded_value", diag)

    diag.bump(f"aligned_{method.value}")
    value, unit = canonical(fact.value, fact.unit)
    return fact.model_copy(
        update={
            "evidence": evidence,
            "start": start,
            "end": end,
            "alignment": method,
            "canonical_value": value,
            "canonical_unit": unit,
        }
    )


def _drop(fact: Fact, chunk: Chunk, layer: str, reason: str, counter: str, diag: Diagnostics) -> None:
    diag.bump(counter)
    diag.ungrounded.append(
        UngroundedFact(layer=layer, chunk=chunk.index, reason=reason, fact=fact.model_dump(mode="json", exclude_none=True))
    )
    return None


def ground_chunk(
    text: str, chunk: Chunk, facts: ChunkFacts, diag: Diagnostics
) -> tuple[list[IndicatorFact], list[QuantifiedItem]]:
    """The grounded facts of one chunk; the rest are recorded in ``diag``."""
    indicators = [g for f in facts.indicators if (g := _ground_one(f, text, chunk, "indicators", diag)) is not None]
    items = [g for f in facts.items if (g := _ground_one(f, text, chunk, "items", diag)) is not None]
    return indicators, items
