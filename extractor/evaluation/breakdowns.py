"""Precision/recall/F1 per indicator, period, measure, sector and status.

Recall of a row is over the gold facts with that value, precision over the
predictions with that value.  Indicator, period and measure are part of the
indicator key, so a matched pair always falls in one row; an item's sector
and status are not checked by loose matching, so a pair whose two sides
disagree counts as found in the gold's row and as right in the prediction's
(``tp`` and ``tp_pred``).  Each column of a breakdown adds up to the layer's
totals.
"""

from __future__ import annotations

from typing import Callable

from .scoring import Counts, DocResult

Attr = Callable[[object], str]

# (breakdown name, attribute) per layer; items_strict has the same as items_loose.
BREAKDOWNS: dict[str, tuple[tuple[str, Attr], ...]] = {
    "indicators": (
        ("by_indicator", lambda f: f.indicator.value),
        ("by_period", lambda f: f.period.value),
        ("by_measure", lambda f: f.measure.value),
    ),
    "items_loose": (
        ("by_sector", lambda f: f.sector.value),
        ("by_status", lambda f: f.status.value),
    ),
}
BREAKDOWNS["items_strict"] = BREAKDOWNS["items_loose"]


def _facts(doc: DocResult, layer: str, side: str) -> list:
    placed = doc.gold_facts if side == "gold" else doc.pred_facts
    return placed.indicators if layer == "indicators" else placed.items


def add_breakdown(doc: DocResult, layer: str, attr: Attr, into: dict[str, Counts]) -> None:
    m = doc.layer(layer)
    gold, pred = _facts(doc, layer, "gold"), _facts(doc, layer, "pred")
    for pi, gi in m.pairs:
        g, p = into.setdefault(attr(gold[gi]), Counts(tp_pred=0)), into.setdefault(attr(pred[pi]), Counts(tp_pred=0))
        g.tp += 1
        g.n_gold += 1
        p.tp_pred += 1  # type: ignore[operator]
        p.n_pred += 1
    for pi in m.unmatched_pred:
        into.setdefault(attr(pred[pi]), Counts(tp_pred=0)).n_pred += 1
    for gi in m.unmatched_gold:
        into.setdefault(attr(gold[gi]), Counts(tp_pred=0)).n_gold += 1


def breakdown(docs: list[DocResult], layer: str, attr: Attr) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for doc in docs:
        add_breakdown(doc, layer, attr, out)
    for c in out.values():
        if c.tp_pred == c.tp:  # the usual case: say it once
            c.tp_pred = None
    return dict(sorted(out.items()))


def all_breakdowns(docs: list[DocResult]) -> dict[str, dict[str, dict[str, Counts]]]:
    """{layer: {breakdown name: {value: counts}}}."""
    return {layer: {name: breakdown(docs, layer, attr) for name, attr in specs} for layer, specs in BREAKDOWNS.items()}


def by_indicator(doc: DocResult) -> dict[str, Counts]:
    """One document's indicator counts per indicator (kept for paired bootstraps)."""
    return breakdown([doc], "indicators", BREAKDOWNS["indicators"][0][1])
