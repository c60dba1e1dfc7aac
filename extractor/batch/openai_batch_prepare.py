"""``openai-batch prepare``: reports in, Batch API request files and a job folder out.

Every report is cut up by the same pipeline the online path runs; each
chunk past the pre-filter becomes one request line, exactly the body the
online ``openai`` backend would send.  Lines stream to disk; when a file
would pass the Batch API's limits (50,000 requests or 200 MB), the job is
split into numbered files (``requests-001.jsonl``, ...), one batch each.
A request identical to one already written (the same report twice under
one name) is written once and shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..backends.llm.client import url_host
from ..errors import ExtractorError
from ..inputs import doc_id_for, read_report
from ..pipeline import Pipeline
from ..settings import Settings
from .openai_batch_backend import OpenAIBatchBackend
from .openai_batch_job import (
    MAX_BYTES_PER_FILE,
    MAX_REQUESTS_PER_FILE,
    BatchJobError,
    InputDoc,
    Job,
    Manifest,
    Part,
    RequestRef,
    RequestSettings,
    job_dir_for,
    part_path,
)

# How often a long prepare reports where it is.
PROGRESS_INTERVAL_S = 10.0


@dataclass(frozen=True)
class Limits:
    requests: int = MAX_REQUESTS_PER_FILE
    bytes: int = MAX_BYTES_PER_FILE


@dataclass
class PrepareSummary:
    job: Job
    documents: int = 0
    requests: int = 0
    chunks: int = 0
    chunks_skipped: int = 0
    # Requests identical to one already written, sent once.
    shared: int = 0
    unreadable: list[InputDoc] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        return self.job.manifest.parts


class _PartWriter:
    """Request lines into ``out``, or numbered files once a limit would be passed."""

    def __init__(self, out: Path, limits: Limits) -> None:
        self.out = out
        self.limits = limits
        self.parts: list[Part] = []
        self._fh = None
        self._hash = hashlib.sha256()

    def add(self, line: bytes, label: str) -> int:
        if len(line) > self.limits.bytes:
            raise BatchJobError(
                f"the request for {label} is {len(line):,} bytes, over the Batch API's {self.limits.bytes:,} per file",
                hint="lower --chunk-size",
            )
        part = self.parts[-1] if self.parts else None
        if part is None or part.requests >= self.limits.requests or part.bytes + len(line) > self.limits.bytes:
            part = self._next()
        assert self._fh is not None
        self._fh.write(line)
        self._hash.update(line)
        part.requests += 1
        part.bytes += len(line)
        return part.number

    def _next(self) -> Part:
        self._finish()
        number = len(self.parts) + 1
        if number == 2:  # the job is split: the first file gets its number too
            first = self.parts[0]
            os.replace(first.path, part_path(self.out, 1))
            first.path = str(part_path(self.out, 1))
        path = self.out if number == 1 else part_path(self.out, number)
        self._fh = path.open("wb")
        self._hash = hashlib.sha256()
        part = Part(number=number, path=str(path), requests=0, bytes=0, sha256="")
        self.parts.append(part)
        return part

    def _finish(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self.parts[-1].sha256 = self._hash.hexdigest()

    def close(self) -> list[Part]:
        self._finish()
        return self.parts


def _clear_previous(folder: Path, force: bool) -> None:
    """Remove what an earlier prepare into the same place left, unless it was submitted."""
    try:
        old = Job.open(folder)
    except BatchJobError:
        return
    submitted = [p.batch_id for p in old.manifest.submitted]
    if submitted and not force:
        raise BatchJobError(
            f"this job was already submitted (batch {submitted[0]})",
            path=folder,
            hint="prepare into another --out, or pass --force to start over (submitted batches are left running)",
        )
    for part in old.manifest.parts:
        Path(part.path).unlink(missing_ok=True)
    for part in old.manifest.parts:
        for name in (part.output_path, part.error_path):
            if name:
                old.path(name).unlink(missing_ok=True)


def prepare_job(
    paths: list[Path],
    out: Path,
    settings: Settings,
    *,
    limits: Limits | None = None,
    force: bool = False,
    progress: Callable[[int, int, int], None] | None = None,
) -> PrepareSummary:
    """Write the requests of ``paths`` to ``out`` (or its numbered parts) and a job folder."""
    limits = limits or Limits()
    folder = job_dir_for(out)
    _clear_previous(folder, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    backend = OpenAIBatchBackend(settings, base_url_host=url_host(settings.base_url))
    pipeline = Pipeline(settings, backend=backend)
    manifest = Manifest(
        requests_file=str(out.resolve()),
        base_url=settings.base_url,
        settings=RequestSettings(
            model=settings.model or "",
            mode=settings.mode,
            prompt=settings.prompt,
            prompt_version=backend.protocol.prompt.id,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            chunk_size=pipeline.chunk_size,
            chunk_overlap=pipeline.chunk_overlap,
            prefilter=settings.prefilter,
            answer_schema=backend.answer_schema,
        ),
    )
    summary = PrepareSummary(job=Job(folder, manifest))
    writer = _PartWriter(out.resolve(), limits)  # absolute: submit may run from another folder
    written: dict[str, int] = {}
    last_report = time.monotonic()
    try:
        for n, path in enumerate(paths, 1):
            doc = _prepare_doc(path, pipeline, backend, writer, written, summary)
            manifest.inputs.append(doc)
            if progress is not None and time.monotonic() - last_report >= PROGRESS_INTERVAL_S:
                progress(n, len(paths), summary.requests)
                last_report = time.monotonic()
    finally:
        manifest.parts = writer.close()
    if not manifest.parts:
        out.write_bytes(b"")  # nothing to ask: an empty file says so, rather than a stale one
    summary.job.save()
    return summary


def _prepare_doc(
    path: Path,
    pipeline: Pipeline,
    backend: OpenAIBatchBackend,
    writer: _PartWriter,
    written: dict[str, int],
    summary: PrepareSummary,
) -> InputDoc:
    doc_id = doc_id_for(path)
    record = InputDoc(doc_id=doc_id, path=str(path.resolve()))
    try:
        loaded = read_report(path)
    except ExtractorError as exc:
        record.error = exc.message
        summary.unreadable.append(record)
        return record
    prepared = pipeline.prepare(loaded.text, doc_id, loaded.sha256)
    context, todo = pipeline.plan(prepared)
    record.sha256 = prepared.sha256
    record.chunks = len(prepared.chunks)
    record.chunks_skipped = len(prepared.chunks) - len(todo)
    for chunk in todo:
        request = backend.request(chunk, context)
        part = written.get(request.custom_id)
        if part is None:
            line = json.dumps(request.line(), ensure_ascii=False, separators=(",", ":")) + "\n"
            part = writer.add(line.encode("utf-8"), f"{doc_id} chunk {chunk.index}")
            written[request.custom_id] = part
            summary.requests += 1
        else:
            summary.shared += 1
        record.requests.append(RequestRef(custom_id=request.custom_id, chunk=chunk.index, part=part))
    summary.documents += 1
    summary.chunks += record.chunks
    summary.chunks_skipped += record.chunks_skipped
    return record
