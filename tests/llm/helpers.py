"""Helpers the LLM backend tests share: run a text or a chunk through a backend."""

from __future__ import annotations

import asyncio

from extractor.backends.base import ChunkFacts, DocContext
from extractor.chunking import chunk_text
from extractor.meta import detect_meta
from extractor.pipeline import Pipeline
from extractor.schema import Document
from extractor.sections import split_sections
from extractor.settings import Settings

API_KEY = "sk-test-7f3a9c2e41d84b6a"


def run_text(settings: Settings, text: str, doc_id: str = "doc", **backend_kwargs) -> Document:
    """Extract one text with a fresh pipeline (and backend) for ``settings``."""

    async def go() -> Document:
        backend = None
        if backend_kwargs:
            from extractor.backends.llm import OpenAIBackend

            backend = OpenAIBackend(settings, **backend_kwargs)
        async with Pipeline(settings, backend=backend) as pipeline:
            return await pipeline.extract(text, doc_id)

    return asyncio.run(go())


def run_chunk(backend, text: str, meta=None) -> ChunkFacts:
    """One call of ``backend.extract`` on a one-chunk text."""
    sections = split_sections(text)
    chunk = chunk_text(text, sections, 3000, 0)[0]
    context = DocContext(doc_id="doc", meta=meta or detect_meta(text, sections), chunks=1)

    async def go() -> ChunkFacts:
        try:
            return await backend.extract(chunk, context)
        finally:
            await backend.aclose()

    return asyncio.run(go())
