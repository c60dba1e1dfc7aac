"""An OpenAI Batch job's folder: one manifest that names everything else.

``openai-batch prepare`` writes the request files and, next to them, a job
folder (``requests.jsonl`` → ``requests.job/``) whose ``manifest.json``
holds what every later step needs and nothing secret: the settings the
requests were built with, each input's path and text hash with the
``custom_id`` of each of its requests, and per request file its upload,
batch and result files.  ``submit``, ``status`` and ``collect`` take only
that folder; the API key always comes from the environment.

The manifest is rewritten whole through a temporary file after every step
that changes it, so an interrupted submit or download resumes where it
stopped and never leaves a half-written manifest.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ..errors import ExtractorError
from ..version import __version__

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
# The Batch API's limits per input file.
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 200_000_000
CHAT_URL = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
# A batch in one of these states will not change any more.
TERMINAL = frozenset({"completed", "expired", "failed", "cancelled"})


class BatchJobError(ExtractorError):
    """An OpenAI Batch job cannot go on as asked."""

    hint = "see `extractor openai-batch --help`"


class RequestSettings(BaseModel):
    """What the requests were built with; collect rebuilds them from this."""

    model: str
    mode: str
    prompt: str
    prompt_version: str
    temperature: float
    max_tokens: int | None = None
    chunk_size: int
    chunk_overlap: int
    prefilter: bool
    answer_schema: str

    def overrides(self) -> dict[str, Any]:
        """Settings fields that rebuild the same requests."""
        return self.model_dump(exclude={"prompt_version", "answer_schema"})


class RequestRef(BaseModel):
    custom_id: str
    chunk: int
    part: int  # number of the request file that holds it (1-based)


class InputDoc(BaseModel):
    doc_id: str
    path: str
    sha256: str | None = None
    chunks: int = 0
    chunks_skipped: int = 0
    requests: list[RequestRef] = Field(default_factory=list)
    # Why the file could not be read when the job was prepared.
    error: str | None = None


class BatchCounts(BaseModel):
    total: int = 0
    completed: int = 0
    failed: int = 0


class Part(BaseModel):
    """One request file, and the batch that runs it."""

    number: int
    path: str
    requests: int
    bytes: int
    sha256: str
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    counts: BatchCounts | None = None
    errors: list[str] = Field(default_factory=list)
    output_file_id: str | None = None
    error_file_id: str | None = None
    # Downloaded result files, relative to the job folder.
    output_path: str | None = None
    error_path: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL

    @property
    def downloaded(self) -> bool:
        return (self.output_file_id is None or self.output_path is not None) and (
            self.error_file_id is None or self.error_path is not None
        )


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    created: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    extractor_version: str = __version__
    requests_file: str
    # The server the batches live on, fixed at the first submit.
    base_url: str | None = None
    settings: RequestSettings
    inputs: list[InputDoc] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)

    @property
    def submitted(self) -> list[Part]:
        return [p for p in self.parts if p.batch_id]


def job_dir_for(requests_file: Path) -> Path:
    """requests.jsonl → requests.job, next to it."""
    return requests_file.with_name(requests_file.stem + ".job")


def part_path(requests_file: Path, number: int) -> Path:
    """requests.jsonl → requests-002.jsonl: the numbered files of a split job."""
    return requests_file.with_name(f"{requests_file.stem}-{number:03d}{requests_file.suffix or '.jsonl'}")


class Job:
    """A job folder and its manifest."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST

    @classmethod
    def open(cls, where: Path) -> "Job":
        """The job at ``where``: its folder, or the requests file it was prepared into."""
        folder = where if (where / MANIFEST).is_file() else job_dir_for(where)
        path = folder / MANIFEST
        if not path.is_file():
            raise BatchJobError(
                f"no OpenAI batch job here (no {MANIFEST})",
                path=where,
                hint="pass the folder `extractor openai-batch prepare` made next to its requests file (REQUESTS.job)",
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = Manifest.model_validate(data)
        except (OSError, ValueError, ValidationError) as exc:
            detail = exc.errors()[0].get("msg") if isinstance(exc, ValidationError) else exc
            raise BatchJobError(
                f"the job manifest cannot be read ({detail})", path=path, hint="prepare the job again"
            ) from None
        if manifest.version != MANIFEST_VERSION:
            raise BatchJobError(
                f"the job was made by another version of the tool (manifest v{manifest.version})",
                path=path,
                hint="collect it with the version that prepared it, or prepare it again",
            )
        return cls(folder, manifest)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / (MANIFEST + ".tmp")
        tmp.write_text(self.manifest.model_dump_json(indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def path(self, relative: str) -> Path:
        return self.folder / relative

    def part(self, number: int) -> Part:
        return self.manifest.parts[number - 1]

    def batches_of(self, doc: InputDoc) -> list[str]:
        """The batches holding ``doc``'s requests."""
        numbers = sorted({r.part for r in doc.requests})
        return [b for b in (self.part(n).batch_id for n in numbers) if b]
