"""The one seam every backend plugs into.

A backend reads one chunk and answers with validated facts.  It never sees
files, never writes output and never decides what is kept: grounding and
merging do that for every backend alike, so the pipeline has no reason to
know which backend it runs.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from ..chunking import Chunk
from ..errors import BackendError
from ..schema import ChunkAttempt, IndicatorFact, QuantifiedItem, ReportMeta, Usage


class DocContext(BaseModel):
    """What a reader needs to know about the report at any chunk border."""

    doc_id: str
    meta: ReportMeta
    chunks: int = 0


class ChunkFacts(BaseModel):
    """A backend's answer for one chunk.

    Offsets, when a backend sets them, are absolute in the document; a
    backend that only has a quote leaves them unset and grounding finds it.
    """

    indicators: list[IndicatorFact] = Field(default_factory=list)
    items: list[QuantifiedItem] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    # Earlier failed tries at this chunk (kept for the diagnostics).
    attempts: list[ChunkAttempt] = Field(default_factory=list)


class BackendInfo(BaseModel):
    """What a backend records in every document's provenance."""

    name: str
    model: str | None = None
    prompt_version: str | None = None
    base_url_host: str | None = None
    # Anything else that changes the answer (mode, temperature ...), hashed
    # into the configuration hash a batch job resumes by.
    params: dict[str, str] = Field(default_factory=dict)


@runtime_checkable
class Backend(Protocol):
    name: ClassVar[str]
    # Chunk budget the backend reads best with; settings may override.
    default_chunk_size: ClassVar[int]
    default_chunk_overlap: ClassVar[int]

    def info(self) -> BackendInfo: ...

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts: ...

    async def aclose(self) -> None: ...


class ChunkFailed(BackendError):
    """A chunk could not be extracted after every retry; the document goes on."""

    def __init__(
        self,
        message: str,
        *,
        chunk: int | None = None,
        attempts: list[ChunkAttempt] | None = None,
        usage: Usage | None = None,
    ) -> None:
        super().__init__(message, chunk=chunk)
        self.attempts = attempts or []
        self.usage = usage or Usage()
