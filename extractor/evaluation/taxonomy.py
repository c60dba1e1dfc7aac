"""What went wrong: every unmatched fact of a document, named.

After matching, an unmatched prediction and an unmatched gold fact that are
evidently the same fact read wrongly are paired into one error (wrong value,
wrong unit scale, wrong period or year, wrong status, wrong subject); what
stays alone is missed (gold) or spurious (prediction).  A prediction whose
evidence is not in the report, and every fact the run's grounding dropped
(its diagnostics), is ungrounded.  A second prediction of an item already
matched is a duplicate.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Callable

from ..schema import IndicatorFact, QuantifiedItem, UngroundedFact
from ..units import scale_factor
from .scoring import SUBJECT_THRESHOLD, DocResult, LayerMatch, Span, figure, near, overlaps, subject_similarity


class ErrorKind(str, Enum):
    missed = "missed"
    spurious = "spurious"
    wrong_value = "wrong_value"
    wrong_scale = "wrong_scale"
    wrong_period = "wrong_period"
    wrong_status = "wrong_status"
    wrong_subject = "wrong_subject"
    duplicate = "duplicate"
    ungrounded = "ungrounded"

    def __str__(self) -> str:
        return self.value


# Shown in reports, in this order.
KIND_TEXT: dict[ErrorKind, tuple[str, str]] = {
    ErrorKind.missed: ("missed", "a gold fact no prediction matches"),
    ErrorKind.spurious: ("spurious", "a predicted fact the gold lacks"),
    ErrorKind.wrong_value: ("wrong value", "the right fact with another figure"),
    ErrorKind.wrong_scale: ("wrong unit scale", "the figure off by a factor of 10^4 or 10^8 (万/亿)"),
    ErrorKind.wrong_period: ("wrong period or year", "an indicator figure given to the wrong period or year"),
    ErrorKind.wrong_status: ("wrong status", "an item right in value and place, wrong achieved/planned (strict only)"),
    ErrorKind.wrong_subject: ("wrong subject", "an item right in value and place, another subject (strict only)"),
    ErrorKind.duplicate: ("duplicate", "a second prediction of a gold item already matched"),
    ErrorKind.ungrounded: ("ungrounded", "evidence not found in the report, or dropped by grounding"),
}

SCALE_FACTORS = (1e4, 1e8, 1e-4, 1e-8)


@dataclass
class FactError:
    doc_id: str
    layer: str  # "indicators" | "items_loose" | "items_strict"
    kind: ErrorKind
    gold: int | None = None  # index into the gold document's facts of the layer
    pred: int | None = None  # index into the predicted document's facts
    dropped: UngroundedFact | None = None  # a fact grounding dropped (diagnostics)
    note: str = ""


# A judge says whether a prediction and a gold fact are one fact read wrongly:
# (priority, distance, kind), lower first, or None.
Judge = Callable[[int, int], "tuple[int, float, ErrorKind] | None"]


def _pair(preds: list[int], golds: list[int], judge: Judge) -> list[tuple[int, int, ErrorKind]]:
    candidates = []
    for pi in preds:
        for gi in golds:
            verdict = judge(pi, gi)
            if verdict is not None:
                candidates.append((verdict[0], verdict[1], pi, gi, verdict[2]))
    candidates.sort(key=lambda c: c[:4])
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, _, pi, gi, kind in candidates:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            out.append((pi, gi, kind))
    return out


def is_scale_error(p: IndicatorFact | QuantifiedItem, g: IndicatorFact | QuantifiedItem) -> bool:
    ratio = scale_factor(p.value, p.unit, g.value, g.unit)
    return ratio is not None and any(math.isclose(ratio, f, rel_tol=1e-6) for f in SCALE_FACTORS)


def _relative_gap(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-9)


def _indicator_judge(pred: list[IndicatorFact], gold: list[IndicatorFact]) -> Judge:
    def judge(pi: int, gi: int):
        p, g = pred[pi], gold[gi]
        if p.indicator != g.indicator or p.measure != g.measure:
            return None
        same_slot = p.period == g.period and p.year == g.year
        if same_slot and is_scale_error(p, g):
            return (0, 0.0, ErrorKind.wrong_scale)
        if not same_slot and figure(p) == figure(g):
            return (1, 0.0, ErrorKind.wrong_period)
        if same_slot:
            return (2, _relative_gap(p.value, g.value), ErrorKind.wrong_value)
        return None

    return judge


def _item_judge(doc: DocResult) -> Judge:
    P, G = doc.pred_facts, doc.gold_facts
    has_text = doc.text is not None

    def judge(pi: int, gi: int):
        p, g = P.items[pi], G.items[gi]
        if not near(p, P.item_spans[pi], g, G.item_spans[gi], has_text):
            return None
        sim = subject_similarity(p.subject, g.subject)
        if figure(p) == figure(g):
            if p.status != g.status:
                return (0, 1 - sim, ErrorKind.wrong_status)
            return (1, 1 - sim, ErrorKind.wrong_subject)
        if is_scale_error(p, g):
            return (2, 1 - sim, ErrorKind.wrong_scale)
        if figure(p)[1] == figure(g)[1] and sim >= SUBJECT_THRESHOLD:
            return (3, 1 - sim, ErrorKind.wrong_value)
        return None

    return judge


def _in_failed_chunk(doc: DocResult, span: Span | None) -> bool:
    diag = doc.pred.diagnostics if doc.pred else None
    if span is None or diag is None:
        return False
    return any(overlaps(span, (c.start, c.end)) for c in diag.failed_chunks)


def _missed_note(doc: DocResult, span: Span | None) -> str:
    if doc.status == "failed":
        return "the run failed on this document"
    if doc.status == "missing":
        return "the prediction file has no line for this document"
    if _in_failed_chunk(doc, span):
        return "in a chunk the backend failed on"
    return ""


def _layer_errors(doc: DocResult, layer: str) -> list[FactError]:
    m: LayerMatch = doc.layer(layer)
    is_ind = layer == "indicators"
    P, G = doc.pred_facts, doc.gold_facts
    pspans = P.indicator_spans if is_ind else P.item_spans
    gspans = G.indicator_spans if is_ind else G.item_spans
    has_text = doc.text is not None

    errors: list[FactError] = []
    ungrounded = [pi for pi in m.unmatched_pred if has_text and pspans[pi] is None]
    candidates = [pi for pi in m.unmatched_pred if pi not in ungrounded]
    judge = _indicator_judge(P.indicators, G.indicators) if is_ind else _item_judge(doc)
    pairs = _pair(candidates, m.unmatched_gold, judge)
    paired_p = {pi for pi, _, _ in pairs}
    paired_g = {gi for _, gi, _ in pairs}
    for pi, gi, kind in pairs:
        errors.append(FactError(doc.doc_id, layer, kind, gold=gi, pred=pi))
    for pi in ungrounded:
        errors.append(FactError(doc.doc_id, layer, ErrorKind.ungrounded, pred=pi))
    matched_gold = {gi for _, gi in m.pairs}
    for pi in candidates:
        if pi in paired_p:
            continue
        kind, note = ErrorKind.spurious, ""
        if not is_ind:
            p = P.items[pi]
            if any(
                figure(G.items[gi]) == figure(p) and near(p, pspans[pi], G.items[gi], gspans[gi], has_text)
                for gi in matched_gold
            ):
                kind, note = ErrorKind.duplicate, "repeats a prediction already matched to the gold item here"
        errors.append(FactError(doc.doc_id, layer, kind, pred=pi, note=note))
    for gi in m.unmatched_gold:
        if gi not in paired_g:
            errors.append(FactError(doc.doc_id, layer, ErrorKind.missed, gold=gi, note=_missed_note(doc, gspans[gi])))

    if doc.pred is not None and doc.pred.diagnostics is not None:
        wanted = "indicators" if is_ind else "items"
        for dropped in doc.pred.diagnostics.ungrounded:
            if dropped.layer == wanted:
                errors.append(FactError(doc.doc_id, layer, ErrorKind.ungrounded, dropped=dropped, note=dropped.reason))
    errors.sort(key=lambda e: _error_position(doc, e, gspans, pspans))
    return errors


def _error_position(doc: DocResult, e: FactError, gspans: list, pspans: list) -> tuple:
    span = None
    if e.gold is not None:
        span = gspans[e.gold]
    if span is None and e.pred is not None:
        span = pspans[e.pred]
    if span is None and e.dropped is not None:
        start = e.dropped.fact.get("start")
        span = (start, start) if isinstance(start, int) else None
    return (span or (1 << 62, 0), list(KIND_TEXT).index(e.kind))


def _note_wrong_layer(doc: DocResult, errors: dict[str, list[FactError]]) -> None:
    """Say so when a fact was found but put in the other layer (an indicator as an item)."""

    def placed(layer: str, side: str, i: int):
        facts = doc.gold_facts if side == "gold" else doc.pred_facts
        if layer == "indicators":
            return facts.indicators[i], facts.indicator_spans[i]
        return facts.items[i], facts.item_spans[i]

    def lonely(layer: str, kind: ErrorKind) -> list[FactError]:
        return [e for e in errors[layer] if e.kind == kind and (e.gold if kind == ErrorKind.missed else e.pred) is not None]

    for item_layer in ("items_loose", "items_strict"):
        for a_layer, b_layer, a_note, b_note in (
            ("indicators", item_layer, "predicted as an item, not an indicator", "a gold indicator fact, not an item"),
            (item_layer, "indicators", "predicted as an indicator, not an item", "a gold item, not an indicator fact"),
        ):
            for missed in lonely(a_layer, ErrorKind.missed):
                g, gspan = placed(a_layer, "gold", missed.gold)  # type: ignore[arg-type]
                for spurious in lonely(b_layer, ErrorKind.spurious):
                    p, pspan = placed(b_layer, "pred", spurious.pred)  # type: ignore[arg-type]
                    if figure(p) == figure(g) and gspan and pspan and overlaps(gspan, pspan):
                        missed.note = missed.note or a_note
                        spurious.note = spurious.note or b_note
                        break


def classify(doc: DocResult) -> dict[str, list[FactError]]:
    """Every error of a document, per layer, in the order they stand in the report."""
    errors = {layer: _layer_errors(doc, layer) for layer in ("indicators", "items_loose", "items_strict")}
    _note_wrong_layer(doc, errors)
    return errors


def count_kinds(errors: list[FactError]) -> dict[str, int]:
    c = Counter(e.kind for e in errors)
    return {k.value: c[k] for k in KIND_TEXT if c[k]}
