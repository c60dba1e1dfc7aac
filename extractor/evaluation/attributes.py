"""How often the fields a match does not check agree, on matched pairs.

Indicator pairs come from indicator matching; item pairs from loose
matching (same figure, same place), so status and subject are measured here
too.  Document meta (region, level, years) is compared per document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .scoring import SUBJECT_THRESHOLD, DocResult, subject_similarity

META_FIELDS = ("region", "admin_level", "review_year", "plan_year")
INDICATOR_FIELDS = ("qualifier", "estimated")
ITEM_FIELDS = ("status", "qualifier", "action", "sector", "subject")
# Closed vocabularies, where chance agreement (Cohen's kappa) means something.
CATEGORICAL = {"qualifier", "estimated", "status", "sector", "admin_level"}


def _show(v: Any) -> str:
    if v is None:
        return "—"
    if v == "":
        return "∅"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(getattr(v, "value", v))


@dataclass
class Agreement:
    pairs: Counter = field(default_factory=Counter)  # (gold, pred) → n
    agree: int = 0

    @property
    def total(self) -> int:
        return sum(self.pairs.values())

    @property
    def accuracy(self) -> float | None:
        return self.agree / self.total if self.total else None

    def kappa(self) -> float | None:
        n = self.total
        if not n:
            return None
        gold, pred = Counter(), Counter()
        for (g, p), k in self.pairs.items():
            gold[g] += k
            pred[p] += k
        expected = sum(gold[c] * pred[c] for c in gold) / (n * n)
        if expected >= 1.0:
            return None  # one category only: kappa is undefined
        return (self.agree / n - expected) / (1 - expected)

    def as_dict(self, name: str) -> dict[str, Any]:
        out: dict[str, Any] = {"accuracy": _round(self.accuracy), "agree": self.agree, "total": self.total}
        if name in CATEGORICAL:
            out["kappa"] = _round(self.kappa())
        wrong = [(g, p, n) for (g, p), n in self.pairs.most_common() if not self._same(name, g, p)]
        out["confusions"] = [[g, p, n] for g, p, n in wrong[:8]]
        return out

    @staticmethod
    def _same(name: str, g: str, p: str) -> bool:
        return subject_similarity(p, g) >= SUBJECT_THRESHOLD if name == "subject" else g == p


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _tally(into: dict[str, Agreement], names: tuple[str, ...], gold: Any, pred: Any) -> None:
    for name in names:
        g, p = _show(getattr(gold, name)), _show(getattr(pred, name))
        a = into.setdefault(name, Agreement())
        a.pairs[(g, p)] += 1
        if Agreement._same(name, g, p):
            a.agree += 1


def attribute_agreement(docs: list[DocResult]) -> dict[str, dict[str, Agreement]]:
    """{"indicators" | "items" | "meta": {field: Agreement}}."""
    out: dict[str, dict[str, Agreement]] = {"indicators": {}, "items": {}, "meta": {}}
    for doc in docs:
        G, P = doc.gold_facts, doc.pred_facts
        for pi, gi in doc.indicators.pairs:
            _tally(out["indicators"], INDICATOR_FIELDS, G.indicators[gi], P.indicators[pi])
        for pi, gi in doc.items_loose.pairs:
            _tally(out["items"], ITEM_FIELDS, G.items[gi], P.items[pi])
        if doc.pred is not None:
            _tally(out["meta"], META_FIELDS, doc.gold.meta, doc.pred.meta)
    return out


def agreement_dict(agreements: dict[str, dict[str, Agreement]]) -> dict[str, dict[str, Any]]:
    return {group: {name: a.as_dict(name) for name, a in fields.items()} for group, fields in agreements.items()}

