"""The answers a job's batches gave, read from the downloaded result files.

The output and error files hold one line per request, in no set order:
``{"custom_id", "response": {"status_code", "body"}, "error"}``.  They are
indexed once by ``custom_id`` (file and offset only, so a job of any size
is indexed in little memory), and each answer is read when its chunk's
turn comes.  A request is answered when its line has status 200 and no
error; every other request has a reason it was not: the server's error,
or the batch ending (expired, cancelled, failed) before its turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .openai_batch_job import Job, RequestRef


@dataclass(frozen=True)
class _Where:
    path: Path
    offset: int
    length: int
    ok: bool


# Error codes of requests the batch never ran (rather than ran and failed).
UNRUN_CODES = frozenset({"batch_expired", "batch_cancelled"})


@dataclass(frozen=True)
class BatchResult:
    """One request's line: the response body when answered, else why not."""

    body: dict[str, Any] | None = None
    error: str | None = None
    # The batch ended (expired, cancelled) before running the request.
    unrun: bool = False


class BatchResults:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.requests: dict[str, RequestRef] = {r.custom_id: r for doc in job.manifest.inputs for r in doc.requests}
        self.unreadable_lines = 0
        self._where: dict[str, _Where] = {}
        for part in job.manifest.parts:
            for name in (part.output_path, part.error_path):
                if name is not None:
                    self._scan(job.path(name))

    def __len__(self) -> int:
        return len(self._where)

    def _scan(self, path: Path) -> None:
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                line = _parse(raw)
                custom_id = line.get("custom_id") if line is not None else None
                if not isinstance(custom_id, str):
                    self.unreadable_lines += bool(raw.strip())
                else:
                    where = _Where(path, offset, len(raw), _answered(line))
                    known = self._where.get(custom_id)
                    # An answer wins over an error for the same request.
                    if known is None or (where.ok and not known.ok):
                        self._where[custom_id] = where
                offset += len(raw)

    def result(self, custom_id: str) -> BatchResult | None:
        """The line for ``custom_id``; None when the batches returned none."""
        where = self._where.get(custom_id)
        if where is None:
            return None
        with where.path.open("rb") as fh:
            fh.seek(where.offset)
            line = _parse(fh.read(where.length)) or {}
        if where.ok:
            return BatchResult(body=line["response"]["body"])
        error = line.get("error") if isinstance(line.get("error"), dict) else {}
        return BatchResult(error=error_text(line), unrun=error.get("code") in UNRUN_CODES)

    def missing_reason(self, custom_id: str) -> str:
        """Why a prepared request has no line."""
        part = self.job.part(self.requests[custom_id].part)
        if part.status in ("expired", "cancelled"):
            return f"batch {part.batch_id} {part.status} before answering it"
        if part.status == "failed":
            why = part.errors[0] if part.errors else "no reason given"
            return f"batch {part.batch_id} failed ({why})"
        return f"batch {part.batch_id} returned no line for it"


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        line = json.loads(raw)
    except ValueError:
        return None
    return line if isinstance(line, dict) else None


def _answered(line: dict[str, Any]) -> bool:
    response = line.get("response")
    return (
        not line.get("error")
        and isinstance(response, dict)
        and response.get("status_code") == 200
        and isinstance(response.get("body"), dict)
    )


def error_text(line: dict[str, Any]) -> str:
    """One line for a request the batch did not answer."""
    error = line.get("error")
    if isinstance(error, dict) and (error.get("code") or error.get("message")):
        return ": ".join(str(p) for p in (error.get("code"), error.get("message")) if p)
    response = line.get("response") if isinstance(line.get("response"), dict) else {}
    body = response.get("body")
    inner = body.get("error") if isinstance(body, dict) else None
    message = inner.get("message") if isinstance(inner, dict) else None
    status = response.get("status_code")
    text = f"HTTP {status}" if status is not None else "no response"
    return f"{text}: {message}" if message else text
