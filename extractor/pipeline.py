"""text → sections → meta → chunks → backend → grounding → merge → document.

One :class:`Pipeline` serves a whole job: it owns the backend and the bound on
backend calls in flight, so concurrency holds across documents, not only
within one.  A chunk that fails is recorded in the document's diagnostics and
the document carries on without it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

from pydantic import ValidationError

from .backends import Backend, ChunkFacts, ChunkFailed, DocContext, create_backend
from .chunking import Chunk, chunk_text
from .grounding import ground_chunk
from .injection import instruction_spans
from .loading import text_sha256
from .merging import merge_indicators, merge_items
from .meta import detect_meta
from .prefilter import has_figure
from .schema import (
    ChunkFailure,
    Diagnostics,
    Document,
    IndicatorFact,
    Provenance,
    QuantifiedItem,
    ReportMeta,
    Usage,
    schema_hash,
)
from .sections import split_sections
from .settings import Settings
from .version import __version__


class PreparedText:
    """A document cut up and ready for a backend (no backend calls yet)."""

    __slots__ = ("doc_id", "text", "sections", "meta", "chunks", "sha256", "instructions")

    def __init__(
        self, doc_id: str, text: str, chunk_size: int, overlap: int, sha256: str | None = None, *, pack: bool = False
    ) -> None:
        self.doc_id = doc_id
        self.text = text
        self.sha256 = sha256 or text_sha256(text)
        self.sections = split_sections(text)
        self.meta: ReportMeta = detect_meta(text, self.sections)
        self.chunks: list[Chunk] = chunk_text(text, self.sections, chunk_size, overlap, pack=pack)
        # Passages that talk to a model: no fact is taken from them.
        self.instructions = instruction_spans(text)


class _ChunkResult:
    """A chunk's grounded facts and their diagnostics, or its failure."""

    __slots__ = ("indicators", "items", "diag", "usage", "failure")

    def __init__(self, usage: Usage | None = None, failure: ChunkFailure | None = None) -> None:
        self.indicators: list[IndicatorFact] = []
        self.items: list[QuantifiedItem] = []
        self.diag = Diagnostics()
        self.usage = usage or Usage()
        self.failure = failure


def _crash(chunk: Chunk, stage: str, exc: Exception) -> ChunkFailure:
    """A chunk failed by an unexpected error: one line naming the stage and the error."""
    if isinstance(exc, ValidationError):  # its text runs over several lines
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f": {exc.title}: {where + ': ' if where else ''}{first.get('msg')}"
    else:
        lines = str(exc).strip().splitlines()
        detail = f": {lines[0][:300]}" if lines else ""
    return ChunkFailure(
        chunk=chunk.index, start=chunk.start, end=chunk.end, error=f"{stage} error: {type(exc).__name__}{detail}"
    )


class Pipeline:
    def __init__(self, settings: Settings | None = None, backend: Backend | None = None) -> None:
        self.settings = settings or Settings()
        self.backend = backend if backend is not None else create_backend(self.settings)
        self.chunk_size = self.settings.chunk_size or self.backend.default_chunk_size
        overlap = self.settings.chunk_overlap
        self.chunk_overlap = overlap if overlap is not None else self.backend.default_chunk_overlap
        self.chunk_overlap = min(self.chunk_overlap, self.chunk_size // 2)
        pack = self.settings.pack_sections
        self.pack_sections = pack if pack is not None else bool(getattr(self.backend, "pack_sections", False))
        self.info = self.backend.info()
        self._schema_hash = schema_hash()
        self.config_hash = self._config_hash()
        self._semaphore: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _config_hash(self) -> str:
        blob: dict[str, Any] = {
            "backend": self.info.model_dump(mode="json"),
            "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap,
            "pack_sections": self.pack_sections,
            "prefilter": self.settings.prefilter,
            "schema": self._schema_hash,
            "version": __version__,
        }
        raw = json.dumps(blob, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:16]

    def _limit(self) -> asyncio.Semaphore:
        # A semaphore belongs to the loop it is first used on; the sync API
        # runs one loop per call, so bind a fresh one per loop.
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:
            self._semaphore = asyncio.Semaphore(self.settings.concurrency)
            self._loop = loop
        return self._semaphore

    def prepare(self, text: str, doc_id: str, sha256: str | None = None) -> PreparedText:
        return PreparedText(doc_id, text, self.chunk_size, self.chunk_overlap, sha256, pack=self.pack_sections)

    async def extract(self, text: str, doc_id: str, sha256: str | None = None) -> Document:
        """Extract one document's facts from its text."""
        return await self.extract_prepared(self.prepare(text, doc_id, sha256))

    def plan(self, doc: PreparedText) -> tuple[DocContext, list[Chunk]]:
        """The context the backend reads ``doc`` in, and the chunks it is asked about.

        Public so that a path which asks the backend's questions another way
        (the OpenAI Batch API) asks exactly the same ones.
        """
        context = DocContext(doc_id=doc.doc_id, meta=doc.meta, chunks=len(doc.chunks))
        return context, [c for c in doc.chunks if not self.settings.prefilter or has_figure(c.text)]

    async def extract_prepared(self, doc: PreparedText) -> Document:
        diag = Diagnostics(chunks=len(doc.chunks))
        if doc.instructions:
            diag.bump("instruction_passages", len(doc.instructions))
        usage = Usage()
        context, todo = self.plan(doc)
        diag.chunks_skipped = len(doc.chunks) - len(todo)

        results = await asyncio.gather(*(self._run_chunk(doc, c, context) for c in todo))

        # Chunks are taken in document order whatever order they finished
        # in, so the output does not depend on timing.
        indicators: list[IndicatorFact] = []
        items: list[QuantifiedItem] = []
        for found in results:
            # Tokens spent on a chunk that failed still count.
            usage.add(found.usage)
            if found.failure is not None:
                diag.failed_chunks.append(found.failure)
                continue
            indicators.extend(found.indicators)
            items.extend(found.items)
            diag.ungrounded.extend(found.diag.ungrounded)
            for key, n in found.diag.counts.items():
                diag.bump(key, n)

        return Document(
            doc_id=doc.doc_id,
            meta=doc.meta,
            indicators=merge_indicators(indicators, diag),
            items=merge_items(items, diag),
            provenance=Provenance(
                backend=self.info.name,
                model=self.info.model,
                prompt_version=self.info.prompt_version,
                schema_hash=self._schema_hash,
                extractor_version=__version__,
                source_sha256=doc.sha256,
                base_url_host=self.info.base_url_host,
                config_hash=self.config_hash,
            ),
            diagnostics=diag,
            usage=usage,
        )

    async def _run_chunk(self, doc: PreparedText, chunk: Chunk, context: DocContext) -> "_ChunkResult":
        """One chunk through the backend and grounding.

        Grounding happens here, as each answer arrives, so only grounded
        facts are held until the document is merged: a long report never
        holds every chunk's raw answer at once.
        """
        async with self._limit():
            try:
                facts = await self.backend.extract(chunk, context)
            except ChunkFailed as exc:
                failure = ChunkFailure(
                    chunk=chunk.index, start=chunk.start, end=chunk.end, error=exc.message, attempts=exc.attempts
                )
                return _ChunkResult(usage=exc.usage, failure=failure)
            except Exception as exc:  # a backend bug must not lose the document
                return _ChunkResult(failure=_crash(chunk, "backend", exc))
        found = _ChunkResult(usage=facts.usage)
        try:
            found.indicators, found.items = ground_chunk(doc.text, chunk, facts, found.diag, doc.instructions)
        except Exception as exc:  # nor a grounding bug on one hostile chunk
            return _ChunkResult(usage=facts.usage, failure=_crash(chunk, "grounding", exc))
        return found

    async def aclose(self) -> None:
        await self.backend.aclose()

    async def __aenter__(self) -> "Pipeline":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

