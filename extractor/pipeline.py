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

from .backends import Backend, ChunkFacts, ChunkFailed, DocContext, create_backend
from .chunking import Chunk, chunk_text
from .grounding import ground_chunk
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

    __slots__ = ("doc_id", "text", "sections", "meta", "chunks", "sha256")

    def __init__(
        self, doc_id: str, text: str, chunk_size: int, overlap: int, sha256: str | None = None, *, pack: bool = False
    ) -> None:
        self.doc_id = doc_id
        self.text = text
        self.sha256 = sha256 or text_sha256(text)
        self.sections = split_sections(text)
        self.meta: ReportMeta = detect_meta(text, self.sections)
        self.chunks: list[Chunk] = chunk_text(text, self.sections, chunk_size, overlap, pack=pack)


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
        usage = Usage()
        context, todo = self.plan(doc)
        diag.chunks_skipped = len(doc.chunks) - len(todo)

        results = await asyncio.gather(*(self._run_chunk(c, context) for c in todo))

        indicators: list[IndicatorFact] = []
        items: list[QuantifiedItem] = []
        for chunk, (facts, chunk_usage, failure) in zip(todo, results):
            # Tokens spent on a chunk that failed still count.
            usage.add(chunk_usage)
            if failure is not None:
                diag.failed_chunks.append(failure)
                continue
            assert facts is not None
            found_ind, found_items = ground_chunk(doc.text, chunk, facts, diag)
            indicators.extend(found_ind)
            items.extend(found_items)

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

    async def _run_chunk(
        self, chunk: Chunk, context: DocContext
    ) -> tuple[ChunkFacts | None, Usage, ChunkFailure | None]:
        async with self._limit():
            try:
                facts = await self.backend.extract(chunk, context)
            except ChunkFailed as exc:
                failure = ChunkFailure(
                    chunk=chunk.index, start=chunk.start, end=chunk.end, error=exc.message, attempts=exc.attempts
                )
                return None, exc.usage, failure
            except Exception as exc:  # a backend bug must not lose the document
                failure = ChunkFailure(
                    chunk=chunk.index, start=chunk.start, end=chunk.end, error=f"{type(exc).__name__}: {exc}"
                )
                return None, Usage(), failure
        return facts, facts.usage, None

    async def aclose(self) -> None:
        await self.backend.aclose()

    async def __aenter__(self) -> "Pipeline":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

