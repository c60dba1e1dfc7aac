"""Indicator facts (GUIDELINES.md, first layer) by pattern.

Baseline: an indicator name followed closely by 增长 X% or an amount.
"""

from __future__ import annotations

import re

from ...chunking import Chunk
from ...schema import IndicatorFact, IndicatorId, Measure, Period, Qualifier
from ...sections import SectionKind
from ..base import DocContext

_ALIASES: dict[IndicatorId, tuple[str, ...]] = {
    IndicatorId.gdp: ("地区生产总值",),
    IndicatorId.fixed_asset_investment: ("固定资产投资",),
    IndicatorId.retail_sales: ("社会消费品零售总额",),
}

_FIGURE = re.compile(r"(?P<verb>增长|达到?|完成)?(?P<num>\d+(?:\.\d+)?)(?P<unit>%|亿元|万元|元)(?P<q>左右|以上|以内)?")
_QUAL = {"左右": Qualifier.approx, "以上": Qualifier.at_least, "以内": Qualifier.at_most}


def extract_indicators(chunk: Chunk, context: DocContext) -> tuple[list[IndicatorFact], list[tuple[int, int]]]:
    facts: list[IndicatorFact] = []
    claimed: list[tuple[int, int]] = []
    target = chunk.section_kind in (SectionKind.targets, SectionKind.plan)
    period = Period.target if target else Period.actual
    year = context.meta.plan_year if target else context.meta.review_year
    for indicator, names in _ALIASES.items():
        for name in names:
            for m in re.finditer(re.escape(name), chunk.text):
                fig = _FIGURE.search(chunk.text, m.end(), min(len(chunk.text), m.end() + 12))
                if fig is None or fig.start() - m.end() > 6:
                    continue
                unit = fig.group("unit")
                measure = Measure.growth if unit == "%" else Measure.level
                start, end = chunk.start + m.start(), chunk.start + fig.end()
                facts.append(
                    IndicatorFact(
                        indicator=indicator,
                        period=period,
                        year=year,
                        measure=measure,
                        value=float(fig.group("num")),
                        unit=unit,
                        qualifier=_QUAL.get(fig.group("q") or "", Qualifier.exact),
                        evidence=chunk.text[m.start() : fig.end()],
                        start=start,
                        end=end,
                    )
                )
                claimed.append((chunk.start + fig.start("num"), chunk.start + fig.end("unit")))
    return facts, claimed
