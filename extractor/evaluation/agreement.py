"""Inter-annotator agreement: one annotation set scored against another.

The same matching as scoring, with set A in the gold's seat: pairwise F1 per
layer (for indicator facts it is symmetric; for items nearly so, as the
one-to-one assignment is greedy), and agreement of the other fields on
matched pairs, with Cohen's kappa for the closed vocabularies.
"""

from __future__ import annotations

from ..errors import GoldError
from ..schema import Document
from .harness import Evaluation, evaluate
from .metrics import Metrics, RunInfo
from .scoring import LAYERS
from .summary import text_table


def annotator_agreement(a: dict[str, Document], b: dict[str, Document], texts: dict[str, str], run: RunInfo) -> Evaluation:
    shared = sorted(set(a) & set(b))
    if not shared:
        raise GoldError("the two annotation sets share no doc_id", hint="annotate the same report files in both sets")
    warnings = []
    for name, side, other in (("A", a, b), ("B", b, a)):
        alone = sorted(set(side) - set(other))
        if alone:
            warnings.append(f"{len(alone)} document(s) only in {name}, left out: {', '.join(alone[:5])}")
    return evaluate(
        {d: b[d] for d in shared}, {d: a[d] for d in shared}, texts, run=run, warnings=warnings
    )


def format_agreement(m: Metrics) -> str:
    rows = [("layer", "F1 (pairwise)", "95% CI", "B in A (precision)", "A in B (recall)", "matched", "A", "B")]
    for layer in LAYERS:
        s = m.layer(layer)
        ci = f"{s.ci['f1'][0]:.3f}–{s.ci['f1'][1]:.3f}" if s.ci and "f1" in s.ci else ""
        rows.append((layer, f"{s.f1:.3f}", ci, f"{s.precision:.3f}", f"{s.recall:.3f}", str(s.tp), str(s.n_gold), str(s.n_pred)))
    fields = [("group", "field", "agreement", "kappa", "pairs")]
    for group, attrs in m.attributes.items():
        for name, s in attrs.items():
            acc = "—" if s.accuracy is None else f"{s.accuracy:.3f}"
            kappa = "" if s.kappa is None else f"{s.kappa:.3f}"
            fields.append((group, name, acc, kappa, str(s.total)))
    return (
        f"Agreement on {m.coverage.scored_documents} shared document(s)\n\n"
        + text_table(rows)
        + "\n\nFields on matched pairs\n"
        + text_table(fields)
        + "\n"
    )
