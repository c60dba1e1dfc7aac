"""`extractor extract`: reports in, one JSON document per line out."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List, Optional

import typer

from ..inputs import resolve_inputs
from ..jobs import JobSummary, failures_path, run_job
from ..pipeline import Pipeline
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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Extract indicator facts and quantified items from reports.

    Writes one JSON document per line (gold format of eval/GUIDELINES.md plus
    offsets and provenance), in input order.  Files that cannot be read go to
    OUT's .failures.jsonl side file and make the exit status 1.
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
    )
    paths = resolve_inputs(inputs)
    summary = asyncio.run(_run(paths, out, settings))
    if not quiet:
        typer.echo(_summary_line(summary, out), err=True)
    if summary.failed:
        typer.echo(f"{summary.failed} document(s) failed; reasons in {failures_path(out)}", err=True)
        raise typer.Exit(1)


async def _run(paths: list[Path], out: Path, settings) -> JobSummary:
    async with Pipeline(settings) as pipeline:
        return await run_job(paths, out, pipeline)


def _summary_line(s: JobSummary, out: Path) -> str:
    parts = [
        f"{s.succeeded}/{s.documents} documents",
        f"{s.indicators} indicators",
        f"{s.items} items",
        f"{s.chunks} chunks ({s.chunks_skipped} skipped, {s.chunks_failed} failed)",
    ]
    if s.usage.calls or s.usage.cache_hits:
        parts.append(
            f"{s.usage.calls} calls, {s.usage.cache_hits} cache hits, "
            f"{s.usage.prompt_tokens}+{s.usage.completion_tokens} tokens"
        )
    return f"wrote {out}: " + ", ".join(parts) + f" in {s.elapsed_s:.1f}s"
