"""Merge the grounded facts of a document's chunks into one list per layer.

Overlapping chunks see the same sentence twice, and a report may state the
same figure twice; GUIDELINES.md labels it once, at its first occurrence.

Indicators: facts with the same key (indicator, period, year, measure) and
the same canonical figure are one fact.  Different figures for one key are
all kept and flagged ``conflict`` for review, unless every other figure comes
from an overlapping evidence span: a range ("5%—5.5%") or a 分别 list gives
several figures in one span on purpose.

Items: the same canonical figure and the same subject is one item when the
spans overlap (one sentence seen by two chunks) or when the status is the
same too (a figure restated in a summary).  Items with one figure but
different subjects in one span ("A、B、C均达到100%") all stay.

Among duplicates at one place the best-aligned one is kept (exact before
normalized before fuzzy).  Both merges sort once and then work through
hash buckets, so a long report stays linear in practice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVar

from .numerals import fold
from .schema import Alignment, Diagnostics, Fact, IndicatorFact, QuantifiedItem
from .units import canonical

T = TypeVar("T", bound=Fact)

_ALIGNMENT_RANK = {Alignment.exact: 0, Alignment.normalized: 1, Alignment.fuzzy: 2, None: 3}


def _order(fact: Fact) -> tuple[int, int]:
    return (fact.start if fact.start is not None else 1 << 62, fact.end if fact.end is not None else 0)


def _figure(fact: Fact) -> tuple[float, str]:
    if fact.canonical_value is not None and fact.canonical_unit is not None:
        value, unit = fact.canonical_value, fact.canonical_unit
    else:
        value, unit = canonical(fact.value, fact.unit)
    return round(value, 6), unit


def _overlap(a: Fact, b: Fact) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False
    return a.start < b.end and b.start < a.end


def _better(new: Fact, old: Fact) -> bool:
    """Whether ``new`` should replace its duplicate ``old`` at the same place."""
    return _overlap(new, old) and _ALIGNMENT_RANK[new.alignment] < _ALIGNMENT_RANK[old.alignment]


def merge_indicators(facts: list[IndicatorFact], diag: Diagnostics) -> list[IndicatorFact]:
    kept: list[IndicatorFact] = []
    first: dict[tuple, int] = {}  # (key, figure) -> index in kept
    for fact in sorted(facts, key=_order):
        same = (fact.key(), _figure(fact))
        at = first.get(same)
        if at is None:
            first[same] = len(kept)
            kept.append(fact)
            continue
        diag.bump("duplicates_merged")
        if _better(fact, kept[at]):
            kept[at] = fact

    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, fact in enumerate(kept):
        by_key[fact.key()].append(i)
    for indexes in by_key.values():
        for i in _conflicting(kept, indexes):
            kept[i] = kept[i].model_copy(update={"conflict": True})
            diag.bump("conflicts")
    return kept


def _conflicting(facts: list[IndicatorFact], indexes: list[int]) -> list[int]:
    """Facts of one key that another, non-overlapping fact contradicts.

    ``indexes`` are in document order and their figures are distinct (equal
    figures were merged).  Overlapping spans form one cluster (a range or a
    list); as soon as there are two clusters, each fact has a different
    figure elsewhere, so all of them are in conflict.
    """
    clusters = 0
    reach = -1
    for i in indexes:
        f = facts[i]
        if clusters == 0 or f.start is None or f.start >= reach:
            clusters += 1
        reach = max(reach, f.end if f.end is not None else -1)
    return list(indexes) if clusters > 1 else []


def _subject(item: QuantifiedItem) -> str:
    return "".join(fold(item.subject).split())


def _same_subject(a: str, b: str) -> bool:
    return a == b or (bool(a) and bool(b) and (a in b or b in a))


def merge_items(items: list[QuantifiedItem], diag: Diagnostics) -> list[QuantifiedItem]:
    kept: list[QuantifiedItem] = []
    subjects: list[str] = []  # _subject of each kept item
    # Items still open at the sweep position, by figure: only these can overlap.
    open_by_figure: dict[tuple, list[int]] = defaultdict(list)
    # First item of each (figure, subject, status), for restatements anywhere.
    stated: dict[tuple, int] = {}
    for item in sorted(items, key=_order):
        figure, subject = _figure(item), _subject(item)
        bucket = open_by_figure[figure]
        at = None
        if bucket:  # most figures are new: nothing open to compare with
            bucket[:] = [i for i in bucket if _still_open(kept[i], item)]
            at = next((i for i in bucket if _overlap(kept[i], item) and _same_subject(subjects[i], subject)), None)
        if at is None and subject:
            at = stated.get((figure, subject, item.status))
        if at is not None:
            diag.bump("duplicates_merged")
            if _better(item, kept[at]):
                kept[at], subjects[at] = item, subject
            continue
        bucket.append(len(kept))
        if subject:
            stated.setdefault((figure, subject, item.status), len(kept))
        kept.append(item)
        subjects.append(subject)
    return kept


def _still_open(old: Fact, new: Fact) -> bool:
    # Sorted by start, so an item that ends before ``new`` starts ends before
    # every later one starts too.
    if old.end is None or new.start is None:
        return True
    return old.end > new.start
