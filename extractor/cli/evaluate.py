"""`extractor eval`: score extractions against the gold set, compare two runs,
or measure the agreement of two annotation sets.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Optional, Tuple

import typer

from .. import paths
from ..errors import ConfigError, InputError
from ..evaluation.agreement import annotator_agreement, format_agreement
from ..evaluation.compare import DEFAULT_TOLERANCE, compare_metrics, format_comparison
from ..evaluation.data import load_documents, load_failures, load_reports
from ..evaluation.harness import Evaluation, evaluate, run_info
from ..evaluation.metrics import RunInfo, read_metrics
from ..evaluation.outputs import write_outputs
from ..evaluation.summary import format_table
from ..schema import Document
from ..settings import Settings
from . import app
from . import options as opt

EXIT_REGRESSION = 1


@app.command("eval")
def eval_command(
    predictions: Optional[Path] = typer.Argument(
        None, metavar="PRED", help="Extraction JSONL, or a JSON file / folder in the gold format.", show_default=False
    ),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold folder or file (default: the bundled eval/gold)."),
    reports: Optional[Path] = typer.Option(None, "--reports", help="Report texts (default: the bundled eval/reports)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for metrics.json, summary.md and report.html."),
    all_gold: bool = typer.Option(False, "--all-gold", help="Score every gold document; one without a prediction counts as missed."),
    compare: Optional[Tuple[Path, Path]] = typer.Option(
        None, "--compare", metavar="OLD NEW", help="Compare two metrics.json files (or folders holding them)."
    ),
    tolerance: float = typer.Option(
        DEFAULT_TOLERANCE, "--tolerance", min=0.0, help="With --compare: F1 drop of a layer that fails the command."
    ),
    agreement: Optional[Tuple[Path, Path]] = typer.Option(
        None, "--agreement", metavar="A B", help="Score annotation set B against set A (inter-annotator agreement)."
    ),
    backend: Optional[str] = opt.BackendOpt,
    model: Optional[str] = opt.ModelOpt,
    base_url: Optional[str] = opt.BaseUrlOpt,
    mode: Optional[str] = opt.ModeOpt,
    concurrency: Optional[int] = opt.ConcurrencyOpt,
    no_cache: bool = opt.NoCacheOpt,
    cache_dir: Optional[Path] = opt.CacheDirOpt,
    offline: bool = opt.OfflineOpt,
    config: Optional[Path] = opt.ConfigOpt,
    chunk_size: Optional[int] = opt.ChunkSizeOpt,
    chunk_overlap: Optional[int] = opt.ChunkOverlapOpt,
    verbose: bool = opt.VerboseOpt,
) -> None:
    """Score extractions against the gold set (eval/README.md).

    \b
    extractor eval PRED.jsonl [--out DIR]        score a prediction file
    extractor eval --backend rules [--out DIR]   extract the gold reports, then score
    extractor eval --compare OLD NEW             what changed between two runs' metrics.json
    extractor eval --agreement A_DIR B_DIR       agreement of two annotation sets
    """
    opt.setup_logging(verbose)
    asked = [name for name, on in (("PRED", predictions), ("--compare", compare), ("--agreement", agreement)) if on]
    if backend is not None and predictions is None and not asked:
        asked = ["--backend"]
    if len(asked) != 1:
        what = " and ".join(asked) if asked else "nothing"
        raise ConfigError(f"give one of PRED, --backend NAME, --compare OLD NEW or --agreement A B (got {what})")

    if compare:
        _compare(compare[0], compare[1], tolerance, out)
        return
    gold_path = gold or paths.gold_dir()
    reports_dir = reports or paths.reports_dir()
    if agreement:
        _agreement(agreement[0], agreement[1], reports_dir, out)
        return

    warnings: list[str] = []
    golds = load_documents(gold_path, warnings)
    workdir = None
    if predictions is None:
        settings = opt.build_settings(
            config=config, backend=backend, model=model, base_url=base_url, mode=mode, concurrency=concurrency,
            no_cache=no_cache, cache_dir=cache_dir, offline=offline, chunk_size=chunk_size,
            chunk_overlap=chunk_overlap, verbose=verbose,
        )
        if out is None:
            workdir = tempfile.TemporaryDirectory(prefix="extractor-eval-")
        target = (out or Path(workdir.name)) / "predictions.jsonl"  # type: ignore[union-attr]
        predictions = _extract_gold(settings, sorted(golds), reports_dir, target)
    elif backend is not None:
        raise ConfigError("give either PRED or --backend, not both")
    try:
        preds = load_documents(predictions, warnings, allow_empty=True)
        texts = load_reports(reports_dir, sorted(golds))
        run = run_info(preds, predictions=str(predictions), gold=str(gold_path), reports=str(reports_dir))
        ev = evaluate(preds, golds, texts, failed=load_failures(predictions), all_gold=all_gold, run=run, warnings=warnings)
    finally:
        if workdir is not None:
            workdir.cleanup()
    _finish(ev, out, "Extraction review")


def _finish(ev: Evaluation, out: Optional[Path], title: str, table: str | None = None) -> None:
    for w in ev.metrics.warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(table or format_table(ev.metrics))
    if out is not None:
        written = write_outputs(ev, out, title)
        typer.echo("wrote " + ", ".join(str(p) for p in written), err=True)


def _extract_gold(settings: Settings, doc_ids: list[str], reports_dir: Path, target: Path) -> Path:
    from ..jobs import run_job
    from ..pipeline import Pipeline

    files = [reports_dir / f"{d}.txt" for d in doc_ids]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise InputError(f"no report text for {len(missing)} gold document(s): {', '.join(missing[:3])}", path=reports_dir)

    async def run():
        async with Pipeline(settings) as pipeline:
            return await run_job(files, target, pipeline)

    summary = asyncio.run(run())
    typer.echo(
        f"extracted {summary.succeeded}/{summary.documents} gold reports with backend {settings.backend} "
        f"in {summary.elapsed_s:.1f}s ({summary.failed} failed) → {target}",
        err=True,
    )
    return target


def _compare(old: Path, new: Path, tolerance: float, out: Optional[Path]) -> None:
    result = compare_metrics(read_metrics(old), read_metrics(new), tolerance)
    text = format_comparison(result)
    typer.echo(text)
    if out is not None:
        import json

        out.mkdir(parents=True, exist_ok=True)
        (out / "compare.md").write_text("```\n" + text + "```\n", encoding="utf-8")
        (out / "compare.json").write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if result.regressions:
        raise typer.Exit(EXIT_REGRESSION)


def _agreement(a: Path, b: Path, reports_dir: Path, out: Optional[Path]) -> None:
    warnings: list[str] = []
    set_a: dict[str, Document] = load_documents(a, warnings)
    set_b: dict[str, Document] = load_documents(b, warnings)
    texts = load_reports(reports_dir, sorted(set(set_a) & set(set_b)))
    ev = annotator_agreement(set_a, set_b, texts, RunInfo(predictions=str(b), gold=str(a), reports=str(reports_dir)))
    ev.metrics.warnings[:0] = warnings
    _finish(ev, out, "Annotator agreement: B against A", format_agreement(ev.metrics))
