"""The OpenAI Batch API path: prepare, submit, status, collect.

Large offline jobs cost half as much through the Batch API.  The path has
four steps, each a function here and an ``extractor openai-batch`` command:

* :func:`~.openai_batch_prepare.prepare_job` writes the request files and
  the job folder (:mod:`.openai_batch_job`);
* :func:`submit` uploads each request file and creates its batch;
* :func:`refresh` / :func:`wait` follow the batches;
* :func:`download` fetches their output and error files, and
  :func:`collect` turns them into the same documents the online path writes,
  through the ordinary job (:func:`~extractor.jobs.run_job`: input order,
  resume, failures side file) over the batch backend
  (:mod:`.openai_batch_backend`).

Requests the batches did not answer (the server's errors, invalid answers,
lines missing from an expired or cancelled batch) are failed chunks of
their documents and are listed in the job folder; ``collect --rerun-failed``
asks them online through the ``openai`` backend, and a re-run of collect
redoes only the documents they belong to.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..jobs import JobSummary, run_job
from .progress import Reporter
from ..settings import Settings
from ..version import __version__
from .openai_batch_backend import BatchPipeline, FailedRequest, OpenAIBatchBackend
from .openai_batch_client import BatchClient
from .openai_batch_job import BatchCounts, BatchJobError, Job, Part
from .openai_batch_results import BatchResults

FAILED_REQUESTS = "failed-requests.jsonl"
# Batch-level errors kept per part (a failed validation can list thousands).
_MAX_BATCH_ERRORS = 5


def submit(job: Job, client: BatchClient) -> list[Part]:
    """Upload and start every request file that has no batch yet; the parts started."""
    manifest = job.manifest
    if not manifest.parts:
        raise BatchJobError(
            "the job has no requests: no chunk of its reports passed the pre-filter",
            path=job.folder,
            hint="`extractor openai-batch collect` still writes their (empty) documents",
        )
    manifest.base_url = client.base_url
    started = []
    for part in manifest.parts:
        if part.batch_id:
            continue
        if part.file_id is None:
            _check_unchanged(part)
            part.file_id = client.upload(Path(part.path))
            job.save()
        batch = client.create(part.file_id, {"source": "govreport-extractor", "part": f"{part.number}/{len(manifest.parts)}"})
        part.batch_id = batch.id
        update_part(part, batch)
        job.save()
        started.append(part)
    return started


def _check_unchanged(part: Part) -> None:
    path = Path(part.path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise BatchJobError("the request file is gone", path=path, hint="prepare the job again") from None
    if digest.hexdigest() != part.sha256:
        raise BatchJobError(
            "the request file changed since it was prepared", path=path, hint="prepare the job again"
        )


def update_part(part: Part, batch: Any) -> None:
    """Take a batch object's state into the manifest."""
    part.status = batch.status
    counts = getattr(batch, "request_counts", None)
    if counts is not None:
        part.counts = BatchCounts(total=counts.total or 0, completed=counts.completed or 0, failed=counts.failed or 0)
    part.output_file_id = getattr(batch, "output_file_id", None)
    part.error_file_id = getattr(batch, "error_file_id", None)
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    part.errors = [_batch_error(e) for e in errors[:_MAX_BATCH_ERRORS]]


def _batch_error(error: Any) -> str:
    where = f"line {error.line}: " if getattr(error, "line", None) else ""
    return f"{where}{error.code or 'error'}: {error.message or ''}".rstrip(": ")


def refresh(job: Job, client: BatchClient) -> None:
    """Ask the server about every submitted batch that has not finished."""
    for part in job.manifest.submitted:
        if not part.finished:
            assert part.batch_id is not None
            update_part(part, client.retrieve(part.batch_id))
    job.save()


def wait(
    job: Job,
    client: BatchClient,
    poll_s: float,
    *,
    on_poll: Callable[[Job], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll until every submitted batch has finished."""
    while True:
        refresh(job, client)
        if all(p.finished for p in job.manifest.submitted):
            return
        if on_poll is not None:
            on_poll(job)
        sleep(poll_s)


def check_collectable(job: Job) -> None:
    """Every request file submitted and every batch finished, or a clear error."""
    parts = job.manifest.parts
    unsent = [p for p in parts if not p.batch_id]
    if unsent:
        raise BatchJobError(
            f"{len(unsent)} of {len(parts)} request file(s) have no batch yet ({Path(unsent[0].path).name})",
            path=job.folder,
            hint=f"submit them first: extractor openai-batch submit {job.folder}",
        )
    running = [p for p in parts if not p.finished]
    if running:
        part = running[0]
        done = f", {part.counts.completed}/{part.counts.total} requests done" if part.counts else ""
        more = f" (and {len(running) - 1} more)" if len(running) > 1 else ""
        raise BatchJobError(
            f"batch {part.batch_id} has not finished: {part.status}{done}{more}",
            hint="collect once it has (see `extractor openai-batch status JOB`), or pass --wait",
        )


def needs_server(job: Job) -> bool:
    """Whether collecting still has something to ask or fetch."""
    return any(not p.finished or not p.downloaded for p in job.manifest.submitted)


def download(job: Job, client: BatchClient) -> None:
    """Fetch the output and error files of finished batches not fetched yet."""
    for part in job.manifest.submitted:
        for file_id, kind in ((part.output_file_id, "output"), (part.error_file_id, "errors")):
            attr = "output_path" if kind == "output" else "error_path"
            if file_id and getattr(part, attr) is None:
                name = f"{kind}-{part.number:03d}.jsonl"
                client.download(file_id, job.path(name))
                setattr(part, attr, name)
                job.save()


@dataclass
class CollectSummary:
    job: JobSummary
    answered: int = 0  # chunks answered by the batches
    recovered: int = 0  # chunks the batches failed, answered from the cache or online
    failures: list[FailedRequest] = field(default_factory=list)
    failures_file: Path | None = None
    changed: list[str] = field(default_factory=list)  # reports whose text changed since prepare
    # What differs from the job's preparation in ways that change every request.
    drift: list[str] = field(default_factory=list)
    unreadable_lines: int = 0

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.failures:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        return counts


async def collect(
    job: Job,
    out: Path,
    settings: Settings,
    *,
    base_url_host: str | None,
    rerun: bool = False,
    reporter: Reporter | None = None,
) -> CollectSummary:
    """Documents from the downloaded answers of ``job``'s finished batches, into ``out``."""
    check_collectable(job)
    results = BatchResults(job)
    backend = OpenAIBatchBackend(settings, base_url_host=base_url_host, results=results, rerun=rerun)
    pipeline = BatchPipeline(settings, backend, job)
    drift = _drift(job, backend)
    try:
        summary = await run_job([Path(d.path) for d in job.manifest.inputs], out, pipeline, reporter=reporter)
    finally:
        await pipeline.aclose()
    order = {doc.doc_id: n for n, doc in enumerate(job.manifest.inputs)}
    failures = sorted(backend.failures, key=lambda f: (order.get(f.doc_id, len(order)), f.chunk))
    failures_file = job.path(FAILED_REQUESTS)
    failures_file.unlink(missing_ok=True)
    if failures:
        failures_file.write_text("".join(f.model_dump_json() + "\n" for f in failures), encoding="utf-8")
    return CollectSummary(
        job=summary,
        answered=backend.answered,
        recovered=backend.recovered,
        failures=failures,
        failures_file=failures_file if failures else None,
        changed=sorted(set(pipeline.changed), key=lambda d: order.get(d, 0)),
        unreadable_lines=results.unreadable_lines,
        drift=drift,
    )


def _drift(job: Job, backend: OpenAIBatchBackend) -> list[str]:
    """Changes since prepare that make the requests no longer the ones sent."""
    prepared = job.manifest.settings
    drift = []
    if backend.protocol.prompt.id != prepared.prompt_version:
        drift.append(f"prompt {prepared.prompt_version} → {backend.protocol.prompt.id}")
    if backend.answer_schema != prepared.answer_schema:
        drift.append(f"answer schema {prepared.answer_schema} → {backend.answer_schema}")
    if job.manifest.extractor_version != __version__:
        drift.append(f"extractor {job.manifest.extractor_version} → {__version__}")
    return drift
