"""Quantified items (GUIDELINES.md, second layer) by pattern.

Baseline: every number followed by a unit, minus the figures indicators claimed.
"""

from __future__ import annotations

import re

from ...chunking import Chunk
from ...schema import QuantifiedItem, Sector, Status
from ...sections import SectionKind
from ..base import DocContext

_FIGURE = re.compile(r"\d+(?:\.\d+)?(?P<unit>万亩|万人次|万人|万吨|万千瓦|亿元|万元|元|个|项|家|户|公里|人|件|亩|处|%)")


def extract_items(
    chunk: Chunk, context: DocContext, claimed: list[tuple[int, int]]
) -> list[QuantifiedItem]:
    status = Status.achieved if chunk.section_kind is SectionKind.review else Status.planned
    items = []
    for m in _FIGURE.finditer(chunk.text):
        start, end = chunk.start + m.start(), chunk.start + m.end()
        if any(a < end and start < b for a, b in claimed):
            continue
        unit = m.group("unit")
        items.append(
            QuantifiedItem(
                status=status,
                value=float(m.group()[: -len(unit)]),
                unit=unit,
                sector=Sector.other,
                evidence=m.group(),
                start=start,
                end=end,
            )
        )
    return items
