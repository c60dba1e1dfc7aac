"""Helpers for the rules backend tests: run the item layer on one sentence."""

from __future__ import annotations

import pytest

from extractor.backends.base import DocContext
from extractor.backends.rules.items import extract_items
from extractor.chunking import Chunk
from extractor.schema import AdminLevel, QuantifiedItem, ReportMeta
from extractor.sections import SectionKind


def run_items(
    text: str,
    kind: SectionKind = SectionKind.review,
    claimed: list[tuple[int, int]] | None = None,
    *,
    offset: int = 0,
    path: tuple[str, ...] = (),
    level: AdminLevel = AdminLevel.prefecture,
) -> list[QuantifiedItem]:
    chunk = Chunk(
        index=0, start=offset, end=offset + len(text), text=text, section_kind=kind, section_path=path
    )
    context = DocContext(doc_id="t", meta=ReportMeta(admin_level=level, review_year=2024, plan_year=2025))
    return extract_items(chunk, context, claimed or [])


@pytest.fixture
def items():
    return run_items
