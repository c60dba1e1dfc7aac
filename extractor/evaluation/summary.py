"""The terminal table and summary.md, both written from metrics.json alone."""

from __future__ import annotations

from .metrics import LayerScore, Metrics
from .scoring import LAYERS
from .taxonomy import KIND_TEXT

LAYER_TEXT = {
    "indicators": "indicator facts",
    "items_loose": "items (loose: figure + place)",
    "items_strict": "items (strict: + status, subject)",
}


def text_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows)


def _ci(s: LayerScore, metric: str = "f1") -> str:
    if not s.ci or metric not in s.ci:
        return ""
    lo, hi = s.ci[metric]
    return f"{lo:.3f}–{hi:.3f}"


def format_table(m: Metrics) -> str:
    """The short table `extractor eval` prints."""
    rows = [("layer", "precision", "recall", "f1", "f1 95% CI", "tp", "pred", "gold")]
    for name in LAYERS:
        s = m.layer(name)
        rows.append(
            (name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", _ci(s), str(s.tp), str(s.n_pred), str(s.n_gold))
        )
    return text_table(rows)


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows]
    return lines


def _score_cells(s: LayerScore) -> tuple[str, ...]:
    tp = str(s.tp) if s.tp_pred is None else f"{s.tp} / {s.tp_pred}"
    return (f"{s.precision:.3f}", f"{s.recall:.3f}", f"**{s.f1:.3f}**", tp, str(s.n_pred), str(s.n_gold))


def summary_markdown(m: Metrics) -> str:
    run = m.run
    who = ", ".join(x for x in (run.backend, run.model, run.prompt_version) if x)
    who = who or (f"`{run.predictions}`" if run.predictions else "a run without provenance")
    out = [f"## Extraction scores — {who}", ""]
    cov = m.coverage
    out.append(
        f"{cov.scored_documents} of {cov.gold_documents} gold documents scored"
        + (f"; {len(cov.failed)} failed in the run (scored as missed)" if cov.failed else "")
        + f". Intervals: {int(m.bootstrap.confidence * 100)}% bootstrap over documents "
        f"({m.bootstrap.resamples} resamples, seed {m.bootstrap.seed})."
    )
    out.append("")
    rows = [(LAYER_TEXT[n], *_score_cells(m.layer(n)), _ci(m.layer(n))) for n in LAYERS]
    out += _md_table(("layer", "precision", "recall", "F1", "tp", "pred", "gold", "F1 95% CI"), rows)

    out += ["", "### Errors", ""]
    kinds = [k for k in KIND_TEXT if any(m.errors.get(layer, {}).get(k.value) for layer in LAYERS)]
    if kinds:
        rows = [(KIND_TEXT[k][0], *(str(m.errors.get(layer, {}).get(k.value, 0)) for layer in LAYERS)) for k in kinds]
        out += _md_table(("kind", *LAYERS), rows)
    else:
        out.append("None.")

    out += ["", "### Per document", ""]
    rows = [
        (f"`{doc_id}`" + ("" if d.status == "scored" else f" ({d.status})"), *(f"{d.layer(n).f1:.3f}" for n in LAYERS),
         *(str(d.layer(n).n_gold) for n in ("indicators", "items_loose")))
        for doc_id, d in m.documents.items()
    ]
    out += _md_table(("document", "indicators F1", "items loose F1", "items strict F1", "gold indicators", "gold items"), rows)

    out += ["", "<details><summary>Per indicator</summary>", ""]
    rows = [(k, *_score_cells(s)) for k, s in m.breakdowns["indicators"]["by_indicator"].items()]
    out += _md_table(("indicator", "precision", "recall", "F1", "tp", "pred", "gold"), rows)
    out += ["", "</details>", "", "<details><summary>Per sector (items, strict)</summary>", ""]
    rows = [(k, *_score_cells(s)) for k, s in m.breakdowns["items_strict"]["by_sector"].items()]
    out += _md_table(("sector", "precision", "recall", "F1", "tp", "pred", "gold"), rows)
    out += ["", "</details>", "", "<details><summary>Attribute accuracy on matched pairs</summary>", ""]
    rows = [
        (group, name, "—" if a.accuracy is None else f"{a.accuracy:.3f}", f"{a.agree}/{a.total}")
        for group, fields in m.attributes.items()
        for name, a in fields.items()
    ]
    out += _md_table(("layer", "field", "accuracy", "agree"), rows)
    out += ["", "</details>"]
    if m.warnings:
        out += ["", "### Warnings", ""] + [f"- {w}" for w in m.warnings]
    return "\n".join(out) + "\n"
