"""An extraction job: many report files in, one JSONL of documents out.

Documents run concurrently (the pipeline bounds backend calls across all of
them) and are written in input order, each line flushed as soon as it and
all lines before it are done, so an interrupted job keeps every finished
line.  A file that cannot be read is not a line of the output: it goes to the
failures side file with its reason, and the job goes on.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from .errors import ExtractorError
from .inputs import doc_id_for, read_report
from .pipeline import Pipeline
from .schema import Document, Usage


class FailureRecord(BaseModel):
    doc_id: str
    path: str
    error: str


class JobSummary(BaseModel):
    documents: int = 0
    succeeded: int = 0
    failed: int = 0
    indicators: int = 0
    items: int = 0
    chunks: int = 0
    chunks_skipped: int = 0
    chunks_failed: int = 0
    ungrounded: int = 0
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0
    failures: list[FailureRecord] = Field(default_factory=list)

    def record(self, doc: Document) -> None:
        self.succeeded += 1
        self.indicators += len(doc.indicators)
        self.items += len(doc.items)
        if doc.diagnostics:
            self.chunks += doc.diagnostics.chunks
            self.chunks_skipped += doc.diagnostics.chunks_skipped
            self.chunks_failed += len(doc.diagnostics.failed_chunks)
            self.ungrounded += len(doc.diagnostics.ungrounded)
        if doc.usage:
            self.usage.add(doc.usage)


def failures_path(out: Path) -> Path:
    """results.jsonl → results.failures.jsonl, next to it."""
    return out.with_name(out.stem + ".failures" + (out.suffix or ".jsonl"))


ProgressHook = Callable[[JobSummary, Document | FailureRecord], None]


async def _extract_path(pipeline: Pipeline, path: Path) -> Document | FailureRecord:
    doc_id = doc_id_for(path)
    try:
        loaded = read_report(path)
        return await pipeline.extract(loaded.text, doc_id, loaded.sha256)
    except ExtractorError as exc:
        return FailureRecord(doc_id=doc_id, path=str(path), error=exc.message)


async def run_job(
    paths: list[Path],
    out: Path,
    pipeline: Pipeline,
    *,
    on_result: ProgressHook | None = None,
    window: int | None = None,
) -> JobSummary:
    """Extract every path into ``out`` (JSONL, input order)."""
    summary = JobSummary(documents=len(paths))
    started = time.perf_counter()
    window = window or max(4, 2 * pipeline.settings.concurrency)
    out.parent.mkdir(parents=True, exist_ok=True)
    fail_path = failures_path(out)
    if fail_path.exists():
        fail_path.unlink()

    with out.open("w", encoding="utf-8", newline="\n") as sink:
        pending: dict[int, asyncio.Task[Document | FailureRecord]] = {}
        next_to_start = 0
        for i in range(len(paths)):
            while next_to_start < len(paths) and next_to_start < i + window:
                pending[next_to_start] = asyncio.create_task(_extract_path(pipeline, paths[next_to_start]))
                next_to_start += 1
            result = await pending.pop(i)
            if isinstance(result, FailureRecord):
                summary.failed += 1
                summary.failures.append(result)
                with fail_path.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(result.model_dump(), ensure_ascii=False) + "\n")
            else:
                sink.write(result.to_json_line() + "\n")
                sink.flush()
                summary.record(result)
            if on_result is not None:
                on_result(summary, result)
    summary.elapsed_s = round(time.perf_counter() - started, 3)
    return summary
