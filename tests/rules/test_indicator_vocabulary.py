"""Every indicator of GUIDELINES.md by the names reports give it."""

from __future__ import annotations

import pytest

from extractor.backends.base import DocContext
from extractor.backends.rules.indicators import extract_indicators
from extractor.backends.rules.vocabulary import LEVEL_UNITS, MENTION_RE, expand, indicators_of, names
from extractor.chunking import Chunk
from extractor.schema import IndicatorId, ReportMeta
from extractor.sections import SectionKind

META = ReportMeta(region="那曲市", admin_level="prefecture", review_year=2030, plan_year=2031)


def facts_of(sentence: str):
    chunk = Chunk(index=0, start=0, end=len(sentence), text=sentence, section_kind=SectionKind.review, section_path=())
    facts, _ = extract_indicators(chunk, DocContext(doc_id="t", meta=META))
    return [(f.indicator.value, f.measure.value, f.value, f.unit) for f in facts]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("地区生产总值增长5%。", ("gdp", "growth", 5.0, "%")),
        ("全市生产总值达到210亿元。", ("gdp", "level", 210.0, "亿元")),
        ("GDP增长4.5%。", ("gdp", "growth", 4.5, "%")),
        ("经济总量达到380亿元。", ("gdp", "level", 380.0, "亿元")),
        ("人均地区生产总值达到52000元。", ("gdp_per_capita", "level", 52000.0, "元")),
        ("人均GDP增长4%。", ("gdp_per_capita", "growth", 4.0, "%")),
        ("规模以上工业增加值增长8.2%。", ("industrial_value_added", "growth", 8.2, "%")),
        ("规上工业增加值增长11%。", ("industrial_value_added", "growth", 11.0, "%")),
        ("规模以上工业总产值达到90亿元。", ("industrial_output", "level", 90.0, "亿元")),
        ("规上工业产值增长6%。", ("industrial_output", "growth", 6.0, "%")),
        ("全社会固定资产投资增长9%。", ("fixed_asset_investment", "growth", 9.0, "%")),
        ("固定资产投资完成150亿元。", ("fixed_asset_investment", "level", 150.0, "亿元")),
        ("社会消费品零售总额达60亿元。", ("retail_sales", "level", 60.0, "亿元")),
        ("消费品零售总额增长5%。", ("retail_sales", "growth", 5.0, "%")),
        ("地方一般公共预算收入完成15亿元。", ("budget_revenue", "level", 15.0, "亿元")),
        ("地方公共财政预算收入增长10%。", ("budget_revenue", "growth", 10.0, "%")),
        ("一般公共预算收入增长6%。", ("budget_revenue", "growth", 6.0, "%")),
        ("一般公共财政预算收入增长3%。", ("budget_revenue", "growth", 3.0, "%")),
        ("外贸进出口总额达到8亿元。", ("foreign_trade", "level", 8.0, "亿元")),
        ("进出口总额增长15%。", ("foreign_trade", "growth", 15.0, "%")),
        ("全年进出口贸易额实现6亿元。", ("foreign_trade", "level", 6.0, "亿元")),
        ("货物进出口总额达到9亿元。", ("foreign_trade", "level", 9.0, "亿元")),
        ("全体居民人均可支配收入达到25000元。", ("resident_income", "level", 25000.0, "元")),
        ("居民人均可支配收入增长6%。", ("resident_income", "growth", 6.0, "%")),
        ("常住居民人均可支配收入达到26000元。", ("resident_income", "level", 26000.0, "元")),
        ("城市居民人均可支配收入增长4%。", ("urban_income", "growth", 4.0, "%")),
        ("城镇居民人均可支配收入增长5%。", ("urban_income", "growth", 5.0, "%")),
        ("城镇常住居民人均可支配收入达到43000元。", ("urban_income", "level", 43000.0, "元")),
        ("农村居民人均可支配收入增长8%。", ("rural_income", "growth", 8.0, "%")),
        ("农村牧区常住居民人均可支配收入达到17000元。", ("rural_income", "level", 17000.0, "元")),
        ("农牧民人均可支配收入增长9%。", ("rural_income", "growth", 9.0, "%")),
        ("农村居民人均纯收入增长8%。", ("rural_income", "growth", 8.0, "%")),
        ("居民消费价格涨幅控制在3%。", ("cpi", "growth", 3.0, "%")),
        ("居民消费价格总水平上涨2%。", ("cpi", "growth", 2.0, "%")),
        ("城镇登记失业率为3.2%。", ("registered_unemployment", "level", 3.2, "%")),
        ("城镇调查失业率为5.1%。", ("surveyed_unemployment", "level", 5.1, "%")),
        ("城镇新增就业5200人。", ("new_urban_jobs", "level", 5200.0, "人")),
        ("新增城镇就业3000人。", ("new_urban_jobs", "level", 3000.0, "人")),
        ("粮食产量达到30万吨。", ("grain_output", "level", 30.0, "万吨")),
        ("粮食总产量达到12万吨。", ("grain_output", "level", 12.0, "万吨")),
        ("粮食总产达到12万吨。", ("grain_output", "level", 12.0, "万吨")),
        ("粮食播种面积稳定在50万亩。", ("grain_area", "level", 50.0, "万亩")),
        ("粮食播面达到50万亩。", ("grain_area", "level", 50.0, "万亩")),
        ("接待游客1500万人次。", ("tourist_arrivals", "level", 1500.0, "万人次")),
        ("接待国内外游客1500万人次。", ("tourist_arrivals", "level", 1500.0, "万人次")),
        ("游客接待量增长20%。", ("tourist_arrivals", "growth", 20.0, "%")),
        ("旅游接待人次增长18%。", ("tourist_arrivals", "growth", 18.0, "%")),
        ("全年旅游人数突破600万人次。", ("tourist_arrivals", "level", 600.0, "万人次")),
        ("游客人数增长12%。", ("tourist_arrivals", "growth", 12.0, "%")),
        ("旅游综合收入达到130亿元。", ("tourism_revenue", "level", 130.0, "亿元")),
        ("旅游总收入增长16%。", ("tourism_revenue", "growth", 16.0, "%")),
        ("游客总花费达到90亿元。", ("tourism_revenue", "level", 90.0, "亿元")),
        ("旅游总花费达到90亿元。", ("tourism_revenue", "level", 90.0, "亿元")),
        ("森林覆盖率达到31.5%。", ("forest_coverage", "level", 31.5, "%")),
        ("草原综合植被盖度达到56%。", ("grassland_cover", "level", 56.0, "%")),
        ("草原综合植被覆盖度达到56%。", ("grassland_cover", "level", 56.0, "%")),
        ("单位地区生产总值能耗下降2%。", ("energy_intensity", "growth", -2.0, "%")),
        ("单位GDP能耗下降3.1%。", ("energy_intensity", "growth", -3.1, "%")),
        ("民生支出占一般公共预算支出比重达到78%。", ("livelihood_spending_share", "level", 78.0, "%")),
        ("民生支出占比保持在80%以上。", ("livelihood_spending_share", "level", 80.0, "%")),
    ],
)
def test_alias(sentence, expected):
    assert facts_of(sentence) == [expected]


def test_every_indicator_has_a_name_and_a_unit_rule():
    named = {i for ids in (indicators_of(m) for m in MENTION_RE.finditer(
        "地区生产总值人均地区生产总值规上工业增加值规上工业产值固定资产投资社会消费品零售总额一般公共预算收入"
        "进出口总额居民人均可支配收入城镇居民人均可支配收入农村居民人均可支配收入居民消费价格城镇登记失业率"
        "城镇调查失业率城镇新增就业粮食产量粮食播种面积接待游客旅游收入森林覆盖率草原综合植被盖度"
        "单位地区生产总值能耗民生支出占一般公共预算支出比重"
    )) for i in ids}
    assert named == set(IndicatorId)
    assert set(LEVEL_UNITS) == set(IndicatorId)


def test_a_crop_area_is_not_the_grain_area():
    assert facts_of("农作物播种面积达到37万亩。") == []


def test_income_of_a_part_of_the_population_is_not_an_indicator():
    assert facts_of("脱贫人口人均纯收入增长12%。") == []


def test_output_of_a_sector_is_not_industrial_output():
    assert facts_of("农畜产品加工业总产值增长10%。") == []


def test_spending_is_not_revenue():
    assert facts_of("一般公共预算支出增长5%。") == []


def test_notation_expands_options_and_choices():
    assert sorted(expand("粮食[总]产量")) == ["粮食产量", "粮食总产量"]
    assert sorted(expand("{甲|乙}[丙{丁|戊}]")) == ["乙", "乙丙丁", "乙丙戊", "甲", "甲丙丁", "甲丙戊"]


def test_no_name_stands_for_two_different_things():
    from extractor.backends.rules.vocabulary import _ENTRIES

    seen: dict[str, tuple] = {}
    for specs, ids in _ENTRIES:
        for spec in specs:
            for name in expand(spec):
                assert seen.setdefault(name, ids) == ids, name
    # The table adds only the antecedent-only names, which stand for nothing.
    assert {k: v for k, v in names().items() if v} == seen


def test_the_longest_name_wins():
    assert [m.group() for m in MENTION_RE.finditer("人均地区生产总值和单位GDP能耗")] == ["人均地区生产总值", "单位GDP能耗"]
