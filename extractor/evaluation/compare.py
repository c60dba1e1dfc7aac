"""Two runs' metrics.json side by side: what improved, what regressed, and
whether the change is more than noise (a paired bootstrap over the documents
both runs scored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from .bootstrap import PairedDelta, paired_bootstrap, resamples
from .metrics import Metrics
from .scoring import LAYERS, Counts
from .summary import text_table

DEFAULT_TOLERANCE = 0.01
MAX_DOC_ROWS = 15  # per direction, in the printed comparison; compare.json has all


@dataclass
class Comparison:
    shared: list[str]
    only_old: list[str]
    only_new: list[str]
    tolerance: float
    layers: dict[str, PairedDelta]
    indicators: dict[str, PairedDelta]
    # doc_id → layer → (old F1, new F1), for documents whose F1 changed.
    documents: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)

    @property
    def regressions(self) -> list[str]:
        """Layers whose F1 fell by more than the tolerance."""
        return [name for name, d in self.layers.items() if d.delta < -self.tolerance - 1e-12]

    def as_dict(self) -> dict[str, Any]:
        return {
            "shared_documents": self.shared,
            "only_old": self.only_old,
            "only_new": self.only_new,
            "tolerance": self.tolerance,
            "regressions": self.regressions,
            "layers": {k: v.as_dict() for k, v in self.layers.items()},
            "indicators": {k: v.as_dict() for k, v in self.indicators.items()},
            "documents": {d: {k: {"old": o, "new": n} for k, (o, n) in v.items()} for d, v in self.documents.items()},
        }


def compare_metrics(old: Metrics, new: Metrics, tolerance: float = DEFAULT_TOLERANCE) -> Comparison:
    shared = sorted(set(old.documents) & set(new.documents))
    if not shared:
        raise InputError("the two runs share no scored document", hint="compare runs scored against the same gold set")
    draws = resamples(len(shared))

    def per_doc(m: Metrics, layer: str) -> list[Counts]:
        return [m.documents[d].layer(layer).counts() for d in shared]

    layers = {
        layer: paired_bootstrap(per_doc(old, layer), per_doc(new, layer), draws=draws) for layer in LAYERS
    }
    names = sorted({k for m in (old, new) for d in shared for k in m.documents[d].by_indicator})
    zero = Counts()

    def per_doc_ind(m: Metrics, name: str) -> list[Counts]:
        out = []
        for d in shared:
            c = m.documents[d].by_indicator.get(name)
            out.append(c.counts() if c is not None else zero)
        return out

    indicators = {name: paired_bootstrap(per_doc_ind(old, name), per_doc_ind(new, name), draws=draws) for name in names}
    documents: dict[str, dict[str, tuple[float, float]]] = {}
    for d in shared:
        for layer in LAYERS:
            o, n = old.documents[d].layer(layer).f1, new.documents[d].layer(layer).f1
            if abs(n - o) > 1e-9:
                documents.setdefault(d, {})[layer] = (o, n)
    return Comparison(
        shared=shared,
        only_old=sorted(set(old.documents) - set(new.documents)),
        only_new=sorted(set(new.documents) - set(old.documents)),
        tolerance=tolerance,
        layers=layers,
        indicators=indicators,
        documents=documents,
    )


def _verdict(d: PairedDelta) -> str:
    if abs(d.delta) < 1e-9:
        return "same"
    word = "better" if d.delta > 0 else "worse"
    return word + (" (beyond noise)" if d.significant else " (within noise)")


def _row(name: str, d: PairedDelta) -> tuple[str, ...]:
    return (name, f"{d.old:.3f}", f"{d.new:.3f}", f"{d.delta:+.3f}", f"{d.low:+.3f}…{d.high:+.3f}", _verdict(d))


def format_comparison(c: Comparison) -> str:
    head = ("", "old F1", "new F1", "change", "95% CI of change", "verdict")
    out = [f"Compared on {len(c.shared)} document(s) both runs scored (paired bootstrap, tolerance {c.tolerance:g})."]
    if c.only_old or c.only_new:
        out.append(f"Left out: {len(c.only_old)} only in OLD, {len(c.only_new)} only in NEW.")
    out += ["", text_table([head, *(_row(k, d) for k, d in c.layers.items())])]

    changed = {k: d for k, d in c.indicators.items() if abs(d.delta) > 1e-9}
    if changed:
        rows = sorted(changed.items(), key=lambda kv: kv[1].delta)
        out += ["", "Indicators whose F1 changed:", text_table([("indicator", *head[1:]), *(_row(k, d) for k, d in rows)])]

    if c.documents:
        rows = sorted(
            ((n - o, doc, layer, o, n) for doc, layers in c.documents.items() for layer, (o, n) in layers.items()),
            key=lambda r: (r[0], r[1], r[2]),
        )
        shown = rows if len(rows) <= 2 * MAX_DOC_ROWS else rows[:MAX_DOC_ROWS] + rows[-MAX_DOC_ROWS:]
        table = [("document", "layer", "old F1", "new F1", "change")]
        table += [(doc, layer, f"{o:.3f}", f"{n:.3f}", f"{d:+.3f}") for d, doc, layer, o, n in shown]
        out += ["", f"Documents whose F1 changed ({len(c.documents)}; largest falls and rises shown):" if len(shown) < len(rows)
                else "Documents whose F1 changed:", text_table(table)]

    if c.regressions:
        out += ["", "REGRESSION beyond tolerance: " + ", ".join(
            f"{k} {c.layers[k].delta:+.3f}" for k in c.regressions)]
    else:
        out += ["", "No layer regressed beyond the tolerance."]
    return "\n".join(out) + "\n"
