"""One document's unit of work, the same whichever engine runs it.

A work item names a report and, for a resumed job, the text hashes already
extracted with the current configuration; the worker reads the report, skips
it when its text hash is among them, and otherwise extracts it.  Reading
happens in the worker so that HTML and PDF parsing is spread with the rest.
The outcome carries the finished JSON line, not the document, so a remote
worker sends back one string and the counters the summary needs.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import ExtractorError, InputError
from ..inputs import read_report, read_report_bytes
from ..loading import LoadedText
from ..pipeline import Pipeline
from ..schema import Document, Usage


class WorkItem(BaseModel):
    position: int
    doc_id: str
    path: str
    # The file's bytes, for workers that may not see the driver's disk, or
    # why the driver could not read them.
    data: bytes | None = None
    read_error: str | None = None
    # Text hashes with a finished line for this doc_id and configuration.
    done_shas: tuple[str, ...] = ()


class DocStats(BaseModel):
    indicators: int = 0
    items: int = 0
    chunks: int = 0
    chunks_skipped: int = 0
    chunks_failed: int = 0
    ungrounded: int = 0
    usage: Usage = Field(default_factory=Usage)

    @classmethod
    def of(cls, doc: Document) -> "DocStats":
        diag = doc.diagnostics
        return cls(
            indicators=len(doc.indicators),
            items=len(doc.items),
            chunks=diag.chunks if diag else 0,
            chunks_skipped=diag.chunks_skipped if diag else 0,
            chunks_failed=len(diag.failed_chunks) if diag else 0,
            ungrounded=len(diag.ungrounded) if diag else 0,
            usage=doc.usage or Usage(),
        )


class Outcome(BaseModel):
    position: int
    doc_id: str
    path: str
    status: Literal["done", "skipped", "failed"]
    sha256: str | None = None
    line: str | None = None
    error: str | None = None
    stats: DocStats | None = None


def _load(item: WorkItem) -> LoadedText:
    if item.read_error is not None:
        raise InputError(item.read_error, path=item.path)
    if item.data is not None:
        return read_report_bytes(item.data, item.path)
    return read_report(item.path)


async def process_item(pipeline: Pipeline, item: WorkItem) -> Outcome:
    """Read, skip or extract one report; never raises for a bad document."""
    base = {"position": item.position, "doc_id": item.doc_id, "path": item.path}
    try:
        # PDF and HTML parsing is CPU work; keep the event loop serving calls.
        loaded = await asyncio.to_thread(_load, item)
    except ExtractorError as exc:
        return Outcome(**base, status="failed", error=exc.message)
    if loaded.sha256 in item.done_shas:
        return Outcome(**base, status="skipped", sha256=loaded.sha256)
    try:
        doc = await pipeline.extract(loaded.text, item.doc_id, loaded.sha256)
    except ExtractorError as exc:
        return Outcome(**base, status="failed", sha256=loaded.sha256, error=str(exc))
    except Exception as exc:  # a bug on one report must not end a job of thousands
        error = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(**base, status="failed", sha256=loaded.sha256, error=error)
    return Outcome(**base, status="done", sha256=loaded.sha256, line=doc.to_json_line(), stats=DocStats.of(doc))
