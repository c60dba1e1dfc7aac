"""Rules backend: indicator patterns first, then every other figure as an item.

Indicator extraction claims the figures it reads, so the item layer never
reports an indicator's figure a second time.
"""

from __future__ import annotations

from typing import ClassVar

from ...chunking import Chunk
from ...settings import Settings
from ..base import BackendInfo, ChunkFacts, DocContext
from .indicators import extract_indicators
from .items import extract_items


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
        indicators, claimed = extract_indicators(chunk, context)
        items = extract_items(chunk, context, claimed)
        return ChunkFacts(indicators=indicators, items=items)

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        return self.extract_sync(chunk, context)

    async def aclose(self) -> None:
        return None
