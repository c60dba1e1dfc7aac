"""Bootstrap confidence intervals over documents.

Facts of one report are not independent draws (one misread table costs
many), so resampling is by document: each resample draws as many documents
as there are, with replacement, and recomputes the micro scores from their
summed counts.  Seeded, so the same input always gives the same interval.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Sequence

from .scoring import Counts

RESAMPLES = 1000
SEED = 20240229
CONFIDENCE = 0.95
METRICS = ("precision", "recall", "f1")


def resamples(n_docs: int, n: int = RESAMPLES, seed: int = SEED) -> list[list[int]]:
    """The document indices of each resample (shared by every layer and metric)."""
    rng = random.Random(seed)
    population = range(n_docs)
    return [rng.choices(population, k=n_docs) for _ in range(n)] if n_docs else []


class _Columns:
    """Per-document counts as columns, so a resample sums in C, not Python."""

    def __init__(self, per_doc: Sequence[Counts]) -> None:
        self.tp = [c.tp for c in per_doc]
        self.n_pred = [c.n_pred for c in per_doc]
        self.n_gold = [c.n_gold for c in per_doc]

    def summed(self, idx: list[int]) -> Counts:
        return Counts(
            sum(map(self.tp.__getitem__, idx)),
            sum(map(self.n_pred.__getitem__, idx)),
            sum(map(self.n_gold.__getitem__, idx)),
        )


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 1]) of already sorted values."""
    if not sorted_values:
        return math.nan
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def interval(values: list[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    values = sorted(values)
    tail = (1 - confidence) / 2
    return round(percentile(values, tail), 4), round(percentile(values, 1 - tail), 4)


def bootstrap_ci(
    per_doc: Sequence[Counts], draws: list[list[int]] | None = None, confidence: float = CONFIDENCE
) -> dict[str, tuple[float, float]]:
    """95% intervals of precision, recall and F1 over documents."""
    if not per_doc:
        return {}
    if len(per_doc) == 1:  # every resample is the one document
        c = per_doc[0]
        return {m: (round(getattr(c, m), 4),) * 2 for m in METRICS}  # type: ignore[misc]
    draws = draws if draws is not None else resamples(len(per_doc))
    cols = _Columns(per_doc)
    samples = [cols.summed(idx) for idx in draws]
    return {m: interval([getattr(s, m) for s in samples], confidence) for m in METRICS}


@dataclass
class PairedDelta:
    old: float
    new: float
    delta: float
    low: float
    high: float
    # Share of resamples in which the new run is worse (or better) than the old.
    p_worse: float
    p_better: float

    @property
    def significant(self) -> bool:
        """The interval of the change excludes zero: more than noise."""
        return self.low > 0 or self.high < 0

    def as_dict(self) -> dict[str, float | bool]:
        return {
            "old": round(self.old, 4),
            "new": round(self.new, 4),
            "delta": round(self.delta, 4),
            "ci": [self.low, self.high],
            "p_worse": round(self.p_worse, 4),
            "p_better": round(self.p_better, 4),
            "significant": self.significant,
        }


def paired_bootstrap(
    old: Sequence[Counts],
    new: Sequence[Counts],
    metric: str = "f1",
    draws: list[list[int]] | None = None,
    confidence: float = CONFIDENCE,
) -> PairedDelta:
    """The change of ``metric`` between two runs over the same documents (paired by index)."""
    if len(old) != len(new):
        raise ValueError("paired bootstrap needs the same documents on both sides")
    before = getattr(Counts.total(old), metric)
    after = getattr(Counts.total(new), metric)
    draws = draws if draws is not None else resamples(len(old))
    cold, cnew = _Columns(old), _Columns(new)
    deltas = [getattr(cnew.summed(idx), metric) - getattr(cold.summed(idx), metric) for idx in draws]
    low, high = interval(deltas, confidence) if deltas else (0.0, 0.0)
    n = len(deltas) or 1
    return PairedDelta(
        old=before,
        new=after,
        delta=after - before,
        low=low,
        high=high,
        p_worse=sum(d < 0 for d in deltas) / n,
        p_better=sum(d > 0 for d in deltas) / n,
    )
