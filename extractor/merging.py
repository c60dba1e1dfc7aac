"""Merge the grounded facts of a document's chunks into one list per layer.

Overlapping chunks see the same sentence twice; a fact found twice is kept
once.  Two facts for the same indicator key (indicator, period, year,
measure) with different values are both kept and flagged as a conflict,
unless they come from one evidence span (a range "5%—5.5%" gives two values
on purpose).
"""

from __future__ import annotations

from .schema import Diagnostics, IndicatorFact, QuantifiedItem


def _overlap(a_start: int | None, a_end: int | None, b_start: int | None, b_end: int | None) -> bool:
    if None in (a_start, a_end, b_start, b_end):
        return False
    return a_start < b_end and b_start < a_end  # type: ignore[operator]


def _same_subject(a: str, b: str) -> bool:
    return a == b or (bool(a) and bool(b) and (a in b or b in a))


def _order(fact: IndicatorFact | QuantifiedItem) -> tuple[int, int]:
    return (fact.start if fact.start is not None else 1 << 62, fact.end or 0)


def merge_indicators(facts: list[IndicatorFact], diag: Diagnostics) -> list[IndicatorFact]:
    kept: list[IndicatorFact] = []
    by_key: dict[tuple, list[int]] = {}
    for fact in sorted(facts, key=_order):
        same_key = by_key.setdefault(fact.key(), [])
        if any(
            kept[i].canonical_value == fact.canonical_value
            and kept[i].canonical_unit == fact.canonical_unit
            and kept[i].qualifier == fact.qualifier
            for i in same_key
        ):
            # The same figure stated again counts once, at its first place.
            diag.bump("duplicates_merged")
            continue
        same_key.append(len(kept))
        kept.append(fact)

    for indexes in by_key.values():
        spans = {(kept[i].start, kept[i].end) for i in indexes}
        if len(indexes) > 1 and len(spans) > 1:
            for i in indexes:
                kept[i] = kept[i].model_copy(update={"conflict": True})
            diag.bump("conflicts", len(indexes))
    return kept


def merge_items(items: list[QuantifiedItem], diag: Diagnostics) -> list[QuantifiedItem]:
    kept: list[QuantifiedItem] = []
    # Bucketed by figure so a long report does not compare every pair.
    by_figure: dict[tuple, list[QuantifiedItem]] = {}
    for item in sorted(items, key=_order):
        bucket = by_figure.setdefault((item.canonical_value, item.canonical_unit), [])
        if any(
            _overlap(k.start, k.end, item.start, item.end) and _same_subject(k.subject, item.subject)
            for k in bucket
        ):
            diag.bump("duplicates_merged")
            continue
        bucket.append(item)
        kept.append(item)
    return kept
