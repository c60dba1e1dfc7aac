"""Rules backend: indicator patterns first, then every other figure as an item.

Indicator extraction claims the figures it reads, so the item layer never
reports an indicator's figure a second time.  A hard-wrapped chunk (a PDF's
text layer) is read through its running-text view (unwrap.py) and every fact
mapped back to the chunk's own offsets and characters.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from ...chunking import Chunk
from ...schema import Fact
from ...settings import Settings
from ..base import BackendInfo, ChunkFacts, DocContext
from .indicators import extract_indicators
from .items import extract_items
from .unwrap import View, unwrap


class RulesBackend:
    name: ClassVar[str] = "rules"
    # Rules read sentence by sentence, so chunks can be large and need no
    # overlap: a sentence is never split between chunks.
    default_chunk_size: ClassVar[int] = 4000
    default_chunk_overlap: ClassVar[int] = 0

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def info(self) -> BackendInfo:
        return BackendInfo(name=self.name)

    def extract_sync(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        view = unwrap(chunk.text)
        if view is None:
            indicators, claimed = extract_indicators(chunk, context)
            return ChunkFacts(indicators=indicators, items=extract_items(chunk, context, claimed))
        # Offsets in the view chunk are view positions (its start is 0).
        inner = chunk.model_copy(update={"text": view.text, "start": 0, "end": len(view.text)})
        indicators, claimed = extract_indicators(inner, context)
        items = extract_items(inner, context, claimed)
        return ChunkFacts(
            indicators=[_mapped(f, view, chunk) for f in indicators],
            items=[_mapped(f, view, chunk) for f in items],
        )

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        return self.extract_sync(chunk, context)

    async def aclose(self) -> None:
        return None


F = TypeVar("F", bound=Fact)


def _mapped(fact: F, view: View, chunk: Chunk) -> F:
    """A fact read in the view, with the chunk's own offsets and evidence."""
    if fact.start is None or fact.end is None or fact.end <= fact.start:
        return fact  # the rules always place their facts; nothing to map otherwise
    start, end = view.span(fact.start, fact.end)
    return fact.model_copy(
        update={"start": chunk.start + start, "end": chunk.start + end, "evidence": chunk.text[start:end]}
    )
