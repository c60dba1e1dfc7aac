"""The indicator vocabulary of GUIDELINES.md as the genre writes it.

Each entry lists the ways reports name an indicator, with the indicator ids
the name stands for: most name one, a few name a pair that only a 分别/均
list can split ("城乡居民人均可支配收入" → urban, rural).  Names are written
in a small notation, ``[x]`` for an optional part and ``{a|b}`` for a choice,
and expanded into plain strings; all of them go into one trie-shaped pattern
(``MENTION_RE``), so a chunk is scanned once, fast, however long the
vocabulary grows, and the longest name wins where two start together.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...meta import trie_pattern
from ...schema import IndicatorId as I

_AND = "{和|与|及|、}"
_ENTRIES: tuple[tuple[tuple[str, ...], tuple[I, ...]], ...] = (
    # Pairs: one subject naming two indicators.
    (("城乡[常住]居民[人均]可支配收入",), (I.urban_income, I.rural_income)),
    (
        (
            f"城镇[常住][居民]{_AND}农村[牧区][常住]居民[人均]可支配收入",
            f"城镇[常住][居民]{_AND}农[牧]民[人均]可支配收入",
        ),
        (I.urban_income, I.rural_income),
    ),
    ((f"农村[牧区][常住][居民]{_AND}城镇[常住]居民[人均]可支配收入",), (I.rural_income, I.urban_income)),
    ((f"城镇[登记]失业率{_AND}[城镇]调查失业率",), (I.registered_unemployment, I.surveyed_unemployment)),
    ((f"城镇调查失业率{_AND}[城镇]登记失业率",), (I.surveyed_unemployment, I.registered_unemployment)),
    # Economy.
    (("人均[地区]生产总值", "人均{GDP|gdp}"), (I.gdp_per_capita,)),
    (
        ("{单位|万元}{[地区]生产总值|GDP|gdp}[综合]能耗[强度]", "能耗强度"),
        (I.energy_intensity,),
    ),
    (("[地区]生产总值", "GDP", "gdp", "经济总量"), (I.gdp,)),
    (("{规模以上|规上|规模}工业[企业]增加值",), (I.industrial_value_added,)),
    (("{规模以上|规上|规模}工业[企业][总]产值",), (I.industrial_output,)),
    (("[全社会]固定资产投资",), (I.fixed_asset_investment,)),
    # "消费品零售总额" without 社会 is the same statistic; a part's ("农村消费品…")
    # is told apart by the scope rules.
    (("[社会]消费品零售[总]额", "社零总额"), (I.retail_sales,)),
    (("[地方]{一般公共[财政]预算|公共财政预算|财政一般预算|一般预算}收入",), (I.budget_revenue,)),
    (("[{外贸|对外贸易|货物贸易|货物}]进出口[贸易]{总额|总值|额}", "外贸进出口"), (I.foreign_trade,)),
    # Incomes.  "牧区居民人均…" is caught by the scope rules, not here.
    (("全体[常住]居民人均可支配收入", "[常住]居民人均可支配收入"), (I.resident_income,)),
    (("城{镇|市}[常住]居民人均可支配收入",), (I.urban_income,)),
    (
        (
            "农村[牧区][常住]居民人均{可支配|纯}收入",
            "农牧区[常住]居民人均{可支配|纯}收入",
            "农[牧]民人均{可支配|纯}收入",
        ),
        (I.rural_income,),
    ),
    # Prices and jobs.
    (("居民消费价格[总水平][指数][{涨幅|增幅}]", "CPI", "cpi"), (I.cpi,)),
    (("[城镇]登记失业率",), (I.registered_unemployment,)),
    (("[城镇]调查失业率",), (I.surveyed_unemployment,)),
    (("城镇新增就业", "新增城镇就业"), (I.new_urban_jobs,)),
    # Agriculture.
    (("粮食[作物]{播种|种植}面积", "粮食播面"), (I.grain_area,)),
    (("粮食[总]产量", "粮食总产"), (I.grain_output,)),
    # Tourism.
    (
        (
            "{接待|实现}[{国内外|海内外|中外|国内}]{游客|旅游者|旅游人数}",
            "游客[接待]{人次|量|人数}",
            "旅游接待[{人次|量|人数}]",
            "{旅游|游客}{人次|人数|总人数|总人次}",
        ),
        (I.tourist_arrivals,),
    ),
    (("旅游[业][{综合|总}]{收入|花费}", "游客[旅游]总花费", "旅游总消费"), (I.tourism_revenue,)),
    # Ecology and public finance shares.
    (("森林覆盖率",), (I.forest_coverage,)),
    (("草原[综合]植被[覆]盖度",), (I.grassland_cover,)),
    (
        (
            "民生[领域]支出占[地方][{一般公共预算|公共财政预算|财政}]支出[的]{比重|比例}",
            "民生支出占比",
        ),
        (I.livelihood_spending_share,),
    ),
)


def expand(spec: str) -> list[str]:
    """Every string a name in the notation stands for: "粮食[总]产量" → 粮食产量, 粮食总产量."""

    def seq(i: int, stop: str) -> tuple[list[str], int]:
        out = [""]
        while i < len(spec) and spec[i] not in stop:
            ch = spec[i]
            if ch == "[":
                inner, i = alt(i + 1, "]")
                out = [a + b for a in out for b in ["", *inner]]
            elif ch == "{":
                inner, i = alt(i + 1, "}")
                out = [a + b for a in out for b in inner]
            else:
                out = [a + ch for a in out]
            i += 1
        return out, i

    def alt(i: int, close: str) -> tuple[list[str], int]:
        options: list[str] = []
        while True:
            part, i = seq(i, "|" + close)
            options += part
            if i >= len(spec) or spec[i] == close:
                return options, i
            i += 1  # past "|"

    strings, _ = seq(0, "")
    return strings


# Names that are no indicator themselves but open a group a later clause
# completes: "民生支出48亿元，占一般公共预算支出的75%" (see _ELLIPTIC).
_ANTECEDENTS: tuple[tuple[str, frozenset[I]], ...] = (
    ("民生[领域]支出", frozenset({I.livelihood_spending_share})),
)


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[I, ...]]:
    """Every written name and the indicators it stands for (first entry wins);
    an antecedent-only name stands for none."""
    table: dict[str, tuple[I, ...]] = {}
    for specs, ids in _ENTRIES:
        for spec in specs:
            for name in expand(spec):
                table.setdefault(name, ids)
    for spec, _ in _ANTECEDENTS:
        for name in expand(spec):
            table.setdefault(name, ())
    return table


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[I]]:
    return {name: group for spec, group in _ANTECEDENTS for name in expand(spec)}


MENTION_RE = re.compile(trie_pattern(list(names())))


def indicators_of(match: re.Match[str]) -> tuple[I, ...]:
    return names()[match.group()]


def family_of(match: re.Match[str]) -> frozenset[I]:
    """The indicators a name can be the antecedent of."""
    return _families().get(match.group()) or frozenset(names()[match.group()])


# Units a level of each indicator may be written in ("万" and "亿" stay in
# the unit).  A figure in another unit is not this indicator's level.
_MONEY = frozenset({"亿元", "万元", "元", "万亿元", "千亿元", "百亿元", "亿美元", "万美元", "美元"})
_PERCENT = frozenset({"%"})
LEVEL_UNITS: dict[I, frozenset[str]] = {
    I.gdp: _MONEY,
    I.gdp_per_capita: _MONEY,
    I.industrial_value_added: _MONEY,
    I.industrial_output: _MONEY,
    I.fixed_asset_investment: _MONEY,
    I.retail_sales: _MONEY,
    I.budget_revenue: _MONEY,
    I.foreign_trade: _MONEY,
    I.resident_income: _MONEY,
    I.urban_income: _MONEY,
    I.rural_income: _MONEY,
    I.cpi: frozenset(),
    I.registered_unemployment: _PERCENT,
    I.surveyed_unemployment: _PERCENT,
    I.new_urban_jobs: frozenset({"人", "万人", "名", "万名"}),
    I.grain_output: frozenset({"万吨", "吨", "亿斤", "万亿斤", "万斤", "斤", "亿公斤", "万公斤"}),
    I.grain_area: frozenset({"万亩", "亩", "万公顷", "公顷"}),
    I.tourist_arrivals: frozenset({"万人次", "亿人次", "人次"}),
    I.tourism_revenue: _MONEY,
    I.forest_coverage: _PERCENT,
    I.grassland_cover: _PERCENT,
    I.energy_intensity: frozenset(),
    I.livelihood_spending_share: _PERCENT,
}

# Indicators only ever stated as a change: a bare % is their growth.
GROWTH_ONLY: frozenset[I] = frozenset({I.cpi, I.energy_intensity})
# Indicators that are rates: a bare % is their level, never a growth.
RATE_LEVEL: frozenset[I] = frozenset(i for i, units in LEVEL_UNITS.items() if units == _PERCENT)

# The unit a round figure without one borrows ("破万亿" of a money indicator).
def base_unit(indicator: I) -> str:
    units = LEVEL_UNITS[indicator]
    if units is _MONEY:
        return "元"
    if "万人次" in units:
        return "人次"
    if "万吨" in units:
        return "吨"
    if "万亩" in units:
        return "亩"
    if "万人" in units:
        return "人"
    return ""


# Subjects left out after the first clause of a group ("粮食播面稳定在80万亩
# 以上，产量稳定在41万吨以上"): a bare head noun right after a clause or list
# break takes its indicator from the group of an earlier mention.
_ELLIPTIC: tuple[tuple[frozenset[I], str, I], ...] = (
    (frozenset({I.grain_area, I.grain_output}), r"(?:总)?产量|总产(?!值)", I.grain_output),
    (frozenset({I.grain_area, I.grain_output}), r"(?:播种|种植)面积|播面", I.grain_area),
    (frozenset({I.tourist_arrivals, I.tourism_revenue}), r"(?:旅游)?(?:综合|总)?(?:收入|花费)", I.tourism_revenue),
    (frozenset({I.tourist_arrivals, I.tourism_revenue}), r"(?:接待)?(?:人次|人数)|接待游客|游客", I.tourist_arrivals),
    (frozenset({I.urban_income, I.rural_income, I.resident_income}), r"城镇(?:常住)?居民", I.urban_income),
    (
        frozenset({I.urban_income, I.rural_income, I.resident_income}),
        r"农村(?:牧区)?(?:常住)?居民|农牧区(?:常住)?居民|农(?:牧)?民",
        I.rural_income,
    ),
    (
        frozenset({I.livelihood_spending_share}),
        r"占(?:地方)?(?:一般公共预算|公共财政预算|财政)?支出(?:的)?(?:比重|比例)?",
        I.livelihood_spending_share,
    ),
)
ELLIPTIC_RE = re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p, _) in enumerate(_ELLIPTIC)))


def elliptic_of(match: re.Match[str]) -> tuple[frozenset[I], I]:
    assert match.lastgroup is not None
    group, _, indicator = _ELLIPTIC[int(match.lastgroup[1:])]
    return group, indicator
