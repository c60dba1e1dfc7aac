"""The matching rules of eval/README.md and micro precision/recall/F1.

Indicator facts match as sets of keys (indicator, period, measure, year,
value after unit normalisation); duplicates in a prediction count once.
Quantified items match one to one: "loose" when value and unit agree and the
evidence spans overlap in the report; "strict" when, besides, the status
agrees and the subjects are similar (1.0 when one contains the other, else
difflib's ratio, at least 0.6).  Each predicted item, in document order,
takes the most similar unmatched gold item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..schema import Document, IndicatorFact, QuantifiedItem
from ..units import canonical

SUBJECT_THRESHOLD = 0.6


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def indicator_key(f: IndicatorFact) -> tuple:
    value, unit = canonical(f.value, f.unit)
    return (f.indicator.value, f.period.value, f.measure.value, f.year, round(value, 4), unit)


def subject_similarity(a: str, b: str) -> float:
    if a and b and (a in b or b in a):
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def item_span(item: QuantifiedItem, text: str | None) -> tuple[int, int] | None:
    """Where an item's evidence stands in its report: its offsets, else the first occurrence."""
    if item.start is not None and item.end is not None:
        return item.start, item.end
    if text is None:
        return None
    at = text.find(item.evidence)
    return (at, at + len(item.evidence)) if at >= 0 else None


def _figure(item: QuantifiedItem) -> tuple[float, str]:
    value, unit = canonical(item.value, item.unit)
    return round(value, 4), unit


def match_items(
    pred: list[QuantifiedItem], gold: list[QuantifiedItem], text: str | None, *, strict: bool
) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs, one to one, under the loose or strict rule."""
    gold_spans = [item_span(g, text) for g in gold]
    gold_figs = [_figure(g) for g in gold]
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(pred)), key=lambda i: (item_span(pred[i], text) or (1 << 62, 0)))
    for pi in order:
        p = pred[pi]
        span = item_span(p, text)
        if span is None:
            continue
        fig = _figure(p)
        best, best_sim = None, -1.0
        for gi, g in enumerate(gold):
            if gi in taken or gold_figs[gi] != fig:
                continue
            gspan = gold_spans[gi]
            if gspan is None or not (span[0] < gspan[1] and gspan[0] < span[1]):
                continue
            sim = subject_similarity(p.subject, g.subject)
            if strict and (p.status != g.status or sim < SUBJECT_THRESHOLD):
                continue
            if sim > best_sim:
                best, best_sim = gi, sim
        if best is not None:
            taken.add(best)
            pairs.append((pi, best))
    return pairs


@dataclass
class DocScore:
    doc_id: str
    indicators: Counts = field(default_factory=Counts)
    items_loose: Counts = field(default_factory=Counts)
    items_strict: Counts = field(default_factory=Counts)


def score_document(pred: Document | None, gold: Document, text: str | None) -> DocScore:
    score = DocScore(gold.doc_id)
    pred_keys = {indicator_key(f) for f in pred.indicators} if pred else set()
    gold_keys = {indicator_key(f) for f in gold.indicators}
    score.indicators = Counts(len(pred_keys & gold_keys), len(pred_keys), len(gold_keys))
    pred_items = pred.items if pred else []
    n_pred, n_gold = len(pred_items), len(gold.items)
    score.items_loose = Counts(len(match_items(pred_items, gold.items, text, strict=False)), n_pred, n_gold)
    score.items_strict = Counts(len(match_items(pred_items, gold.items, text, strict=True)), n_pred, n_gold)
    return score


@dataclass
class Scores:
    documents: list[DocScore]
    indicators: Counts
    items_loose: Counts
    items_strict: Counts


def score_all(preds: dict[str, Document], golds: dict[str, Document], texts: dict[str, str]) -> Scores:
    """Micro-averaged scores over every gold document (a missing prediction scores 0)."""
    docs = [score_document(preds.get(d), golds[d], texts.get(d)) for d in sorted(golds)]
    total = Scores(docs, Counts(), Counts(), Counts())
    for d in docs:
        total.indicators.add(d.indicators)
        total.items_loose.add(d.items_loose)
        total.items_strict.add(d.items_strict)
    return total
