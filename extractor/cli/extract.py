"""`extractor extract`: reports in, one JSON document per line out."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List, Optional

import typer

from ..batch.engines import ENGINES
from ..batch.progress import Reporter, choose_reporter
from ..batch.shard import Shard
from ..errors import ConfigError
from ..inputs import resolve_inputs
from ..jobs import JobOptions, JobSummary, failures_path, run_job
from ..pipeline import Pipeline
from ..settings import Settings
from . import app
from .options import (
    BackendOpt,
    BaseUrlOpt,
    CacheDirOpt,
    ChunkOverlapOpt,
    ChunkSizeOpt,
    ConcurrencyOpt,
    ConfigOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    OfflineOpt,
    RpmOpt,
    TpmOpt,
    VerboseOpt,
    build_settings,
    setup_logging,
)


@app.command("extract")
def extract_command(
    inputs: List[str] = typer.Argument(..., help="Report files, folders (searched recursively) or glob patterns."),
    out: Path = typer.Option(Path("results.jsonl"), "--out", "-o", help="Output JSONL, one document per line."),
    backend: Optional[str] = BackendOpt,
    model: Optional[str] = ModelOpt,
    base_url: Optional[str] = BaseUrlOpt,
    mode: Optional[str] = ModeOpt,
    concurrency: Optional[int] = ConcurrencyOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    offline: bool = OfflineOpt,
    config: Optional[Path] = ConfigOpt,
    chunk_size: Optional[int] = ChunkSizeOpt,
    chunk_overlap: Optional[int] = ChunkOverlapOpt,
    rpm: Optional[int] = RpmOpt,
    tpm: Optional[int] = TpmOpt,
    verbose: bool = VerboseOpt,
    prices: Optional[Path] = typer.Option(
        None, "--prices", help="TOML price table (USD per million tokens per model) to report cost."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    shard: Optional[str] = typer.Option(
        None, "--shard", help="Take only part I of N of the inputs (0-based, e.g. 0/4); the N outputs concatenate to the whole."
    ),
    engine: str = typer.Option("local", "--engine", help="local (this process) or ray (a Ray cluster; needs the [ray] extra)."),
    ray_address: Optional[str] = typer.Option(
        None, "--ray-address", help="Ray cluster to join (e.g. auto or ray://host:10001); default: start a local instance."
    ),
    summary_file: Optional[Path] = typer.Option(None, "--summary", help="Write a JSON summary of the job to this file."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Show progress on stderr (default: a bar when stderr is a terminal)."
    ),
    resume: bool = typer.Option(
        True, "--resume/--no-resume", help="Skip documents OUT already holds with the same text and configuration."
    ),
) -> None:
    """Extract indicator facts and quantified items from reports.

    Reads .txt, .html/.htm and .pdf reports and writes one JSON document per
    line (gold format of eval/GUIDELINES.md plus offsets and provenance), in
    input order.  Re-running the same command resumes: finished documents are
    skipped.  Files that cannot be read go to OUT's .failures.jsonl side file;
    the exit status is 1 when any document failed or has failed chunks.
    """
    setup_logging(verbose)
    settings = build_settings(
        config=config,
        backend=backend,
        model=model,
        base_url=base_url,
        mode=mode,
        concurrency=concurrency,
        no_cache=no_cache,
        cache_dir=cache_dir,
        offline=offline,
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        rpm=rpm,
        tpm=tpm,
        verbose=verbose,
        prices_file=prices,
    )
    options = JobOptions(
        shard=Shard.parse(shard) if shard else None,
        engine=_engine_name(engine),
        ray_address=ray_address,
        resume=resume,
    )
    paths = resolve_inputs(inputs)
    summary = asyncio.run(_run(paths, out, settings, options, choose_reporter(progress, quiet)))
    if summary_file is not None:
        summary_file.parent.mkdir(parents=True, exist_ok=True)
        summary_file.write_text(summary.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if not quiet:
        if summary.torn_line_repaired:
            typer.echo(f"repaired {out}: cut off a torn last line (left by a crash); its document was re-done", err=True)
        typer.echo(_summary_line(summary, out), err=True)
        if summary.removed_lines:
            typer.echo(
                f"{summary.removed_lines} line(s) no longer part of this output moved to {summary.removed_file}",
                err=True,
            )
    if summary.failed:
        typer.echo(f"{summary.failed} document(s) failed; reasons in {failures_path(out)}", err=True)
    if summary.incomplete:
        typer.echo(
            f"{summary.incomplete} document(s) have failed chunks; re-run the same command to retry them", err=True
        )
    if not summary.ok:
        raise typer.Exit(1)


def _engine_name(name: str) -> str:
    name = name.strip().lower()
    if name not in ENGINES:
        raise ConfigError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    return name


async def _run(paths: list[Path], out: Path, settings: Settings, options: JobOptions, reporter: Reporter) -> JobSummary:
    async with Pipeline(settings) as pipeline:
        return await run_job(paths, out, pipeline, options=options, reporter=reporter)


def _summary_line(s: JobSummary, out: Path) -> str:
    parts = [
        f"{s.succeeded + s.skipped}/{s.documents} documents" + (f" ({s.skipped} already done)" if s.skipped else ""),
        f"{s.indicators} indicators",
        f"{s.items} items",
        f"{s.chunks} chunks ({s.chunks_skipped} skipped, {s.chunks_failed} failed)",
    ]
    if s.usage.calls or s.usage.cache_hits:
        parts.append(
            f"{s.usage.calls} calls, {s.usage.cache_hits} cache hits, "
            f"{s.usage.prompt_tokens}+{s.usage.completion_tokens} tokens"
            + (f", ${s.usage.cost_usd:.4f}" if s.usage.cost_usd is not None else "")
        )
    return f"wrote {out}: " + ", ".join(parts) + f" in {s.elapsed_s:.1f}s"
