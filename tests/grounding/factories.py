"""Small builders for the grounding tests: facts, chunks and one-chunk grounding."""

from __future__ import annotations

from extractor.backends import ChunkFacts
from extractor.chunking import Chunk
from extractor.grounding import ground_chunk
from extractor.schema import Diagnostics, IndicatorFact, QuantifiedItem
from extractor.sections import SectionKind


def item(evidence: str, value: float, unit: str, subject: str = "", status: str = "achieved", **kw) -> QuantifiedItem:
    return QuantifiedItem(status=status, subject=subject, value=value, unit=unit, evidence=evidence, **kw)


def indicator(evidence: str, value: float, unit: str = "%", measure: str = "growth", **kw) -> IndicatorFact:
    base = dict(indicator="gdp", period="actual", year=2030, measure=measure)
    base.update(kw)
    return IndicatorFact(value=value, unit=unit, evidence=evidence, **base)


def chunk_of(text: str, start: int = 0, end: int | None = None, index: int = 0) -> Chunk:
    end = len(text) if end is None else end
    return Chunk(index=index, start=start, end=end, text=text[start:end],
                 section_kind=SectionKind.review, section_path=())


def ground(text: str, *facts, start: int = 0, end: int | None = None):
    """Ground ``facts`` as the answer for the chunk text[start:end]; (indicators, items, diag)."""
    diag = Diagnostics()
    answer = ChunkFacts(
        indicators=[f for f in facts if isinstance(f, IndicatorFact)],
        items=[f for f in facts if isinstance(f, QuantifiedItem)],
    )
    indicators, items = ground_chunk(text, chunk_of(text, start, end), answer, diag)
    return indicators, items, diag
