"""An extraction job: many report files in, one JSONL of documents out.

The job streams: report files are read only when their turn comes, a bounded
window of documents is in flight (the pipeline bounds backend calls across
all of them), and each finished line is appended to the output in input
order.  Nothing grows with the corpus but a small index of finished lines.

A file that cannot be read is not a line of the output: it goes to the
failures side file with its reason, and the job goes on.  A re-run of the
same command resumes: documents whose text hash and configuration already
have a finished line are skipped, the rest (failed ones and documents with
failed chunks included) are done, and the output ends byte-identical to an
uninterrupted run (see :mod:`extractor.batch.store`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from .batch.collector import collector_paced_for_jobs
from .batch.engines import Engine, create_engine, run_ordered
from .batch.progress import NullReporter, Reporter
from .batch.shard import Shard
from .batch.store import LineRef, OutputStore, removed_path
from .batch.work import DocStats, Outcome, WorkItem
from .errors import ConfigError, ExtractorError
from .inputs import doc_id_for
from .loading import read_bytes
from .pipeline import Pipeline
from .schema import Usage

log = logging.getLogger("extractor.jobs")

# The summary lists this many failures; the side file has them all.
MAX_LISTED_FAILURES = 100


class FailureRecord(BaseModel):
    doc_id: str
    path: str
    error: str


class JobOptions(BaseModel):
    """How a job runs (the pipeline's Settings say what it extracts)."""

    shard: Shard | None = None
    engine: Literal["local", "ray"] = "local"
    # Ray cluster to join; None starts a local instance (or uses RAY_ADDRESS).
    ray_address: str | None = None
    # False re-does every document; the old lines go to the .removed side file.
    resume: bool = True
    # Documents in flight at once; None lets the engine choose.
    window: int | None = Field(default=None, ge=1)


class JobSummary(BaseModel):
    out: str | None = None
    failures_file: str | None = None
    engine: str = "local"
    shard: str | None = None
    config_hash: str | None = None
    documents: int = 0
    # Already in the output from an earlier run, with the same text and configuration.
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0
    # Written, but with failed chunks: a re-run retries them.
    incomplete: int = 0
    indicators: int = 0
    items: int = 0
    chunks: int = 0
    chunks_skipped: int = 0
    chunks_failed: int = 0
    ungrounded: int = 0
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0
    docs_per_s: float = 0.0
    # Resume bookkeeping: a torn last line cut off, and whether the output
    # had to be rewritten into input order (lines it left out are in the
    # .removed side file).
    torn_line_repaired: bool = False
    rewritten: bool = False
    removed_lines: int = 0
    removed_file: str | None = None
    failures: list[FailureRecord] = Field(default_factory=list)

    def record(self, stats: DocStats) -> None:
        self.succeeded += 1
        if stats.chunks_failed:
            self.incomplete += 1
        self.indicators += stats.indicators
        self.items += stats.items
        self.chunks += stats.chunks
        self.chunks_skipped += stats.chunks_skipped
        self.chunks_failed += stats.chunks_failed
        self.ungrounded += stats.ungrounded
        self.usage.add(stats.usage)

    def record_failure(self, failure: FailureRecord) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(failure)

    @property
    def ok(self) -> bool:
        """Every document done, none with failed chunks."""
        return not self.failed and not self.incomplete


def failures_path(out: Path) -> Path:
    """results.jsonl → results.failures.jsonl, next to it."""
    return out.with_name(out.stem + ".failures" + (out.suffix or ".jsonl"))


class _FailureLog:
    """The failures side file of this run, created on the first failure."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None
        path.unlink(missing_ok=True)  # last run's failures are retried now

    def write(self, record: FailureRecord) -> None:
        if self._fh is None:
            self._fh = self.path.open("a", encoding="utf-8", newline="\n")
        self._fh.write(json.dumps(record.model_dump(), ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _work_items(paths: list[Path], store: OutputStore, engine: Engine) -> Iterator[WorkItem]:
    for position, path in enumerate(paths):
        doc_id = doc_id_for(path)
        data, read_error = None, None
        if engine.ships_bytes:
            try:
                data = read_bytes(path)
            except ExtractorError as exc:
                read_error = exc.message
        yield WorkItem(
            position=position,
            doc_id=doc_id,
            path=str(path),
            data=data,
            read_error=read_error,
            done_shas=store.done_shas(doc_id),
        )


async def run_job(
    paths: list[Path],
    out: Path,
    pipeline: Pipeline,
    *,
    options: JobOptions | None = None,
    reporter: Reporter | None = None,
) -> JobSummary:
    """Extract every path (of this shard) into ``out`` (JSONL, input order)."""
    options = options or JobOptions()
    reporter = reporter or NullReporter()
    _refuse_overwriting_inputs(paths, out)
    _warn_shared_doc_ids(paths)
    if options.shard is not None:
        paths = options.shard.select(paths)
    summary = JobSummary(
        out=str(out),
        failures_file=str(failures_path(out)),
        engine=options.engine,
        shard=str(options.shard) if options.shard else None,
        config_hash=pipeline.config_hash,
        documents=len(paths),
    )
    started = time.perf_counter()
    store = OutputStore(out, pipeline.config_hash, resume=options.resume)
    with store, collector_paced_for_jobs():
        summary.torn_line_repaired = store.torn_bytes > 0
        failures = _FailureLog(failures_path(out))
        engine = create_engine(options.engine, pipeline, ray_address=options.ray_address, window=options.window)
        wanted: list[LineRef] = []
        reporter.start(len(paths))
        try:
            async for outcome in run_ordered(_work_items(paths, store, engine), engine):
                _take(outcome, store, failures, summary, wanted)
                reporter.update(summary)
        finally:
            failures.close()
            await engine.aclose()
            summary.elapsed_s = round(time.perf_counter() - started, 3)
            reporter.close(summary)
        # Only a job that went through every document puts the output in order;
        # an interrupted one leaves its lines for the next run to resume from.
        store.finish(wanted)
        summary.rewritten = store.rewritten
        summary.removed_lines = store.removed_lines
        if store.removed_lines:
            summary.removed_file = str(removed_path(out))
    summary.elapsed_s = round(time.perf_counter() - started, 3)
    finished = summary.succeeded + summary.failed + summary.skipped
    summary.docs_per_s = round(finished / summary.elapsed_s, 3) if summary.elapsed_s else 0.0
    return summary


def _refuse_overwriting_inputs(paths: list[Path], out: Path) -> None:
    """The output, or a side file of it, must not be one of the reports (it would be rewritten)."""
    mine = {p.resolve() for p in (out, failures_path(out), removed_path(out))}
    clash = next((p for p in paths if p.resolve() in mine), None)
    if clash is not None:
        raise ConfigError(
            f"the output {out} would overwrite the input report {clash}", hint="pass another --out file"
        )


def _warn_shared_doc_ids(paths: list[Path]) -> None:
    """Files in different folders (or of different formats) may share a name, and so a doc_id."""
    first: dict[str, Path] = {}
    shared: dict[str, list[Path]] = {}
    for path in paths:
        doc_id = doc_id_for(path)
        if doc_id in first:
            shared.setdefault(doc_id, [first[doc_id]]).append(path)
        else:
            first[doc_id] = path
    if shared:
        doc_id, same = next(iter(shared.items()))
        log.warning(
            "%d doc_id(s) are shared by several input files (%s: %s); their output lines differ "
            "only in provenance.source_sha256, and `extractor eval` keeps the last",
            len(shared), doc_id, ", ".join(map(str, same[:3])) + (" …" if len(same) > 3 else ""),
        )


def _take(
    outcome: Outcome, store: OutputStore, failures: _FailureLog, summary: JobSummary, wanted: list[LineRef]
) -> None:
    if outcome.status == "done":
        assert outcome.line is not None and outcome.stats is not None
        wanted.append(store.append(outcome.line))
        summary.record(outcome.stats)
    elif outcome.status == "skipped":
        assert outcome.sha256 is not None
        wanted.append(store.ref_for(outcome.doc_id, outcome.sha256))
        summary.skipped += 1
    else:
        record = FailureRecord(doc_id=outcome.doc_id, path=outcome.path, error=outcome.error or "unknown error")
        failures.write(record)
        summary.record_failure(record)
