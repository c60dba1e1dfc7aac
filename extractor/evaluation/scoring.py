"""The matching rules of eval/README.md and micro precision/recall/F1.

Indicator facts match as sets of keys (indicator, period, measure, year,
value after unit normalisation); duplicates count once on either side.
Quantified items match one to one: "loose" when value and unit agree (after
normalisation) and the evidence spans overlap in the report; "strict" when,
besides, the status agrees and the subjects are similar (1.0 when one
contains the other, else difflib's ratio, at least 0.6).  Each predicted
item, in document order, takes the most similar unmatched gold item.

This module only matches and counts; what the unmatched facts mean is
:mod:`.taxonomy`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable

from ..schema import Document, Fact, IndicatorFact, QuantifiedItem
from ..units import canonical

SUBJECT_THRESHOLD = 0.6
LAYERS = ("indicators", "items_loose", "items_strict")

Span = tuple[int, int]


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    # Matched predictions, where they differ from matched gold facts: in a
    # breakdown by an attribute the match does not check (an item's sector),
    # a pair can fall in two rows, the gold's for recall, the prediction's
    # for precision.
    tp_pred: int | None = None

    @property
    def tp_precision(self) -> int:
        return self.tp if self.tp_pred is None else self.tp_pred

    def add(self, other: "Counts") -> None:
        if self.tp_pred is not None or other.tp_pred is not None:
            self.tp_pred = self.tp_precision + other.tp_precision
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @classmethod
    def total(cls, parts: Iterable["Counts"]) -> "Counts":
        out = cls()
        for p in parts:
            out.add(p)
        return out

    # An empty prediction against an empty gold is perfect; against anything
    # else it scores 0, never a division by zero.
    @property
    def precision(self) -> float:
        return self.tp_precision / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }
        if self.tp_pred is not None:
            out["tp_pred"] = self.tp_pred
        return out


def figure(fact: Fact) -> tuple[float, str]:
    """The canonical (value, unit) pair: 4.77 万人次 → (47700, 人次)."""
    value, unit = canonical(fact.value, fact.unit)
    return round(value, 4), unit


def indicator_key(f: IndicatorFact) -> tuple:
    return (f.indicator.value, f.period.value, f.measure.value, f.year, *figure(f))


def subject_similarity(a: str, b: str) -> float:
    # An empty subject names nothing, so it is not "contained" in every other
    # subject; two empty subjects are alike (difflib's ratio of "" and "" is 1).
    if a and b and (a in b or b in a):
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def fact_span(fact: Fact, text: str | None) -> Span | None:
    """Where a fact's evidence stands in its report.

    Offsets win when they point at the evidence (or there is no text to check
    them against); otherwise the occurrence of the evidence nearest to them,
    or its first occurrence when there are none.  None: not in the report.
    """
    if fact.start is not None and fact.end is not None:
        if text is None or text[fact.start : fact.end] == fact.evidence:
            return fact.start, fact.end
    if text is None:
        return None
    at = text.find(fact.evidence)
    if at < 0:
        return None
    if fact.start is not None:
        best, pos = at, at
        while pos >= 0:
            if abs(pos - fact.start) < abs(best - fact.start):
                best = pos
            pos = text.find(fact.evidence, pos + 1)
        at = best
    return at, at + len(fact.evidence)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Placed:
    """The facts of one side of one document, with their spans."""

    indicators: list[IndicatorFact]
    items: list[QuantifiedItem]
    indicator_spans: list[Span | None]
    item_spans: list[Span | None]

    @classmethod
    def of(cls, doc: Document | None, text: str | None) -> "Placed":
        ind = list(doc.indicators) if doc else []
        items = list(doc.items) if doc else []
        return cls(ind, items, [fact_span(f, text) for f in ind], [fact_span(f, text) for f in items])


def _shared(a: Span | None, b: Span | None) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) if a is not None and b is not None else 0


def near(pred: QuantifiedItem, pspan: Span | None, gold: QuantifiedItem, gspan: Span | None, has_text: bool) -> bool:
    """Do two items stand at the same place in the report?

    With the report at hand their spans must overlap; without it (an
    annotation set scored alone) one evidence must contain the other.
    """
    if has_text or (pspan is not None and gspan is not None):
        return pspan is not None and gspan is not None and overlaps(pspan, gspan)
    return pred.evidence in gold.evidence or gold.evidence in pred.evidence


@dataclass
class LayerMatch:
    pairs: list[tuple[int, int]]  # (pred index, gold index)
    counts: Counts
    unmatched_pred: list[int]
    unmatched_gold: list[int]
    # Predicted facts that repeat a kept one (same indicator key): not counted.
    repeats: list[int] = field(default_factory=list)


def match_indicators(pred: list[IndicatorFact], gold: list[IndicatorFact]) -> LayerMatch:
    def firsts(facts: list[IndicatorFact]) -> tuple[dict[tuple, int], list[int]]:
        first: dict[tuple, int] = {}
        repeats = []
        for i, f in enumerate(facts):
            k = indicator_key(f)
            if k in first:
                repeats.append(i)
            else:
                first[k] = i
        return first, repeats

    pfirst, repeats = firsts(pred)
    gfirst, _ = firsts(gold)
    pairs = [(pi, gfirst[k]) for k, pi in pfirst.items() if k in gfirst]
    return LayerMatch(
        pairs=pairs,
        counts=Counts(len(pairs), len(pfirst), len(gfirst)),
        unmatched_pred=[pi for k, pi in pfirst.items() if k not in gfirst],
        unmatched_gold=[gi for k, gi in gfirst.items() if k not in pfirst],
        repeats=repeats,
    )


def match_items(pred: Placed, gold: Placed, has_text: bool, *, strict: bool) -> LayerMatch:
    """One-to-one item pairs under the loose or the strict rule."""
    gold_figs = [figure(g) for g in gold.items]
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(pred.items)), key=lambda i: pred.item_spans[i] or (1 << 62, i))
    for pi in order:
        p, pspan = pred.items[pi], pred.item_spans[pi]
        fig = figure(p)
        best, best_rank = None, (-1.0,)
        for gi, g in enumerate(gold.items):
            gspan = gold.item_spans[gi]
            if gi in taken or gold_figs[gi] != fig or not near(p, pspan, g, gspan, has_text):
                continue
            sim = subject_similarity(p.subject, g.subject)
            if strict and (p.status != g.status or sim < SUBJECT_THRESHOLD):
                continue
            # Most similar subject first; among equals, the evidence that
            # overlaps most, so an identical twin always finds its twin.
            rank = (sim, _shared(pspan, gspan), pspan == gspan and p.evidence == g.evidence)
            if rank > best_rank:
                best, best_rank = gi, rank
        if best is not None:
            taken.add(best)
            pairs.append((pi, best))
    matched_pred = {pi for pi, _ in pairs}
    return LayerMatch(
        pairs=pairs,
        counts=Counts(len(pairs), len(pred.items), len(gold.items)),
        unmatched_pred=[i for i in order if i not in matched_pred],
        unmatched_gold=[i for i in range(len(gold.items)) if i not in taken],
    )


@dataclass
class DocResult:
    """One gold document against its prediction: every match, nothing judged yet."""

    doc_id: str
    gold: Document
    pred: Document | None
    text: str | None
    gold_facts: Placed
    pred_facts: Placed
    indicators: LayerMatch
    items_loose: LayerMatch
    items_strict: LayerMatch
    # "scored", or "failed" (the run gave up on it) / "missing" (no line for it).
    status: str = "scored"

    def layer(self, name: str) -> LayerMatch:
        return getattr(self, name)

    def counts(self, name: str) -> Counts:
        return self.layer(name).counts


def score_document(pred: Document | None, gold: Document, text: str | None, status: str = "scored") -> DocResult:
    gp, pp = Placed.of(gold, text), Placed.of(pred, text)
    has_text = text is not None
    return DocResult(
        doc_id=gold.doc_id,
        gold=gold,
        pred=pred,
        text=text,
        gold_facts=gp,
        pred_facts=pp,
        indicators=match_indicators(pp.indicators, gp.indicators),
        items_loose=match_items(pp, gp, has_text, strict=False),
        items_strict=match_items(pp, gp, has_text, strict=True),
        status=status,
    )


@dataclass
class Scores:
    documents: list[DocResult]
    indicators: Counts
    items_loose: Counts
    items_strict: Counts

    def layer(self, name: str) -> Counts:
        return getattr(self, name)


def total_scores(documents: list[DocResult]) -> Scores:
    """Micro-averaged scores: the counts of every document summed."""
    return Scores(documents, *(Counts.total(d.counts(name) for d in documents) for name in LAYERS))


def score_all(preds: dict[str, Document], golds: dict[str, Document], texts: dict[str, str]) -> Scores:
    """Every gold document scored; one without a prediction counts as all missed."""
    return total_scores([score_document(preds.get(d), golds[d], texts.get(d)) for d in sorted(golds)])
