"""`extractor eval`: score an extraction file against the gold set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .. import paths
from ..evaluation.data import load_documents, load_reports
from ..evaluation.scoring import Scores, score_all
from . import app


@app.command("eval")
def eval_command(
    predictions: Path = typer.Argument(..., help="Extraction JSONL (or a JSON file / folder in the gold format)."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold folder (default: the bundled eval/gold)."),
    reports: Optional[Path] = typer.Option(None, "--reports", help="Report texts (default: the bundled eval/reports)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for metrics.json."),
) -> None:
    """Score extractions against the gold set: micro precision/recall/F1 per layer."""
    gold_dir = gold or paths.gold_dir()
    golds = load_documents(gold_dir)
    preds = load_documents(predictions)
    texts = load_reports(reports or paths.reports_dir(), sorted(golds))
    scores = score_all(preds, golds, texts)
    typer.echo(format_table(scores))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "metrics.json").write_text(json.dumps(metrics_dict(scores), indent=2) + "\n", encoding="utf-8")


def metrics_dict(scores: Scores) -> dict:
    return {
        "indicators": scores.indicators.as_dict(),
        "items_loose": scores.items_loose.as_dict(),
        "items_strict": scores.items_strict.as_dict(),
        "documents": {
            d.doc_id: {
                "indicators": d.indicators.as_dict(),
                "items_loose": d.items_loose.as_dict(),
                "items_strict": d.items_strict.as_dict(),
            }
            for d in scores.documents
        },
    }


def format_table(scores: Scores) -> str:
    rows = [("layer", "precision", "recall", "f1", "tp", "pred", "gold")]
    for name, c in (("indicators", scores.indicators), ("items_loose", scores.items_loose), ("items_strict", scores.items_strict)):
        rows.append((name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp), str(c.n_pred), str(c.n_gold)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)) for r in rows)
