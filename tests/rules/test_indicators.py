"""The indicator layer of the rules backend, one phrasing per test.

Every sentence here is written for the test; none is taken from a report.
"""

from __future__ import annotations

import pytest

from extractor.backends.base import DocContext
from extractor.backends.rules.indicators import extract_indicators
from extractor.chunking import Chunk
from extractor.schema import IndicatorFact, ReportMeta
from extractor.sections import SectionKind

META = ReportMeta(region="昌都市", admin_level="prefecture", review_year=2030, plan_year=2031)
PREFIX = "各项工作稳步推进。"  # so offsets are not all zero


def read(
    sentence: str, kind: SectionKind = SectionKind.review, meta: ReportMeta = META
) -> tuple[list[IndicatorFact], list[tuple[int, int]], str]:
    text = PREFIX + sentence
    chunk = Chunk(index=0, start=100, end=100 + len(text), text=text, section_kind=kind, section_path=())
    facts, claimed = extract_indicators(chunk, DocContext(doc_id="t", meta=meta))
    # Offsets are absolute: the chunk starts at 100 in its document.
    document = " " * 100 + text
    for f in facts:
        assert document[f.start : f.end] == f.evidence
    return facts, claimed, document


def rows(facts: list[IndicatorFact]) -> set[tuple]:
    return {(f.indicator.value, f.period.value, f.year, f.measure.value, f.value, f.unit, f.qualifier.value) for f in facts}


def test_level_and_growth_in_one_clause():
    facts, claimed, doc = read("全市地区生产总值达321.5亿元，增长6.1%。")
    assert rows(facts) == {
        ("gdp", "actual", 2030, "level", 321.5, "亿元", "exact"),
        ("gdp", "actual", 2030, "growth", 6.1, "%", "exact"),
    }
    level = next(f for f in facts if f.measure.value == "level")
    assert level.evidence == "地区生产总值达321.5亿元"
    growth = next(f for f in facts if f.measure.value == "growth")
    assert growth.evidence == "地区生产总值达321.5亿元，增长6.1%"
    assert sorted(doc[a:b] for a, b in claimed) == ["321.5亿元", "6.1%"]


def test_level_then_year_on_year_growth_after_comma():
    facts, _, _ = read("社会消费品零售总额48.2亿元,同比增长7.3%;")
    assert rows(facts) == {
        ("retail_sales", "actual", 2030, "level", 48.2, "亿元", "exact"),
        ("retail_sales", "actual", 2030, "growth", 7.3, "%", "exact"),
    }


def test_growth_with_verb_before_the_name():
    facts, _, _ = read("完成一般公共预算收入12.6亿元、增长9%。")
    assert rows(facts) == {
        ("budget_revenue", "actual", 2030, "level", 12.6, "亿元", "exact"),
        ("budget_revenue", "actual", 2030, "growth", 9.0, "%", "exact"),
    }


def test_fall_is_negative_growth():
    facts, _, _ = read("地方一般公共预算收入8.1亿元，同比下降2.5%。")
    assert ("budget_revenue", "actual", 2030, "growth", -2.5, "%", "exact") in rows(facts)


def test_energy_intensity_fall_is_negative():
    facts, _, _ = read("单位地区生产总值能耗降低3%左右。", SectionKind.targets)
    assert rows(facts) == {("energy_intensity", "target", 2031, "growth", -3.0, "%", "approx")}


def test_fenbie_list_splits_a_pair_subject():
    facts, claimed, doc = read("城乡居民人均可支配收入分别增长6%和8.5%。", SectionKind.targets)
    assert rows(facts) == {
        ("urban_income", "target", 2031, "growth", 6.0, "%", "exact"),
        ("rural_income", "target", 2031, "growth", 8.5, "%", "exact"),
    }
    assert {f.evidence for f in facts} == {"城乡居民人均可支配收入分别增长6%和8.5%"}
    assert sorted(doc[a:b] for a, b in claimed) == ["6%", "8.5%"]


def test_fenbie_trailing_qualifier_applies_to_every_member():
    facts, _, _ = read("城镇登记失业率、调查失业率分别控制在4%和5.5%以内。", SectionKind.targets)
    assert rows(facts) == {
        ("registered_unemployment", "target", 2031, "level", 4.0, "%", "at_most"),
        ("surveyed_unemployment", "target", 2031, "level", 5.5, "%", "at_most"),
    }


def test_fenbie_levels_of_urban_and_rural_income():
    facts, _, _ = read("城镇和农村居民人均可支配收入分别达到41000元、17500元。")
    assert rows(facts) == {
        ("urban_income", "actual", 2030, "level", 41000.0, "元", "exact"),
        ("rural_income", "actual", 2030, "level", 17500.0, "元", "exact"),
    }


def test_fenbie_clause_of_its_own_goes_to_the_last_subjects():
    facts, _, _ = read("全市接待游客1800万人次，实现旅游收入160亿元，分别增长12.5%和10.2%。")
    assert rows(facts) == {
        ("tourist_arrivals", "actual", 2030, "level", 1800.0, "万人次", "exact"),
        ("tourism_revenue", "actual", 2030, "level", 160.0, "亿元", "exact"),
        ("tourist_arrivals", "actual", 2030, "growth", 12.5, "%", "exact"),
        ("tourism_revenue", "actual", 2030, "growth", 10.2, "%", "exact"),
    }
    growth = next(f for f in facts if f.indicator.value == "tourism_revenue" and f.measure.value == "growth")
    assert growth.evidence == "接待游客1800万人次，实现旅游收入160亿元，分别增长12.5%和10.2%"


def test_fenbie_with_elliptic_second_subject():
    facts, _, _ = read("力争全年旅游接待人次和收入分别增长20%、15%以上。", SectionKind.plan)
    assert rows(facts) == {
        ("tourist_arrivals", "target", 2031, "growth", 20.0, "%", "at_least"),
        ("tourism_revenue", "target", 2031, "growth", 15.0, "%", "at_least"),
    }


def test_fenbie_absolute_increase_is_claimed_not_a_fact():
    facts, claimed, doc = read("城乡居民人均可支配收入分别达到39000元和15800元，比上年分别增加1900元、1200元。")
    assert rows(facts) == {
        ("urban_income", "actual", 2030, "level", 39000.0, "元", "exact"),
        ("rural_income", "actual", 2030, "level", 15800.0, "元", "exact"),
    }
    assert {"1900元", "1200元"} <= {doc[a:b] for a, b in claimed}


def test_jun_list_gives_each_subject_the_value():
    facts, _, _ = read("城乡居民人均可支配收入均增长7%。", SectionKind.targets)
    assert rows(facts) == {
        ("urban_income", "target", 2031, "growth", 7.0, "%", "exact"),
        ("rural_income", "target", 2031, "growth", 7.0, "%", "exact"),
    }


def test_pair_subject_without_fenbie_is_ambiguous_and_claimed():
    facts, claimed, doc = read("城乡居民人均可支配收入增长7%。", SectionKind.targets)
    assert facts == []
    assert [doc[a:b] for a, b in claimed] == ["7%"]


def test_range_gives_two_facts_with_one_evidence():
    facts, _, _ = read("地区生产总值增长5%—5.5%。", SectionKind.targets)
    assert rows(facts) == {
        ("gdp", "target", 2031, "growth", 5.0, "%", "at_least"),
        ("gdp", "target", 2031, "growth", 5.5, "%", "at_most"),
    }
    assert len({(f.start, f.end) for f in facts}) == 1


def test_range_with_unit_only_on_the_upper_bound():
    facts, _, _ = read("固定资产投资增长6-8%。", SectionKind.targets)
    assert {(f.value, f.qualifier.value) for f in facts} == {(6.0, "at_least"), (8.0, "at_most")}


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("地区生产总值增长6.5%左右。", 6.5, "approx"),
        ("规上工业增加值增长9%以上。", 9.0, "at_least"),
        ("居民消费价格涨幅控制在3%以内。", 3.0, "at_most"),
        ("社会消费品零售总额增长不低于8%。", 8.0, "at_least"),
        ("居民消费价格涨幅不超过3%。", 3.0, "at_most"),
        ("固定资产投资增长超过10%。", 10.0, "at_least"),
    ],
)
def test_qualifiers(sentence, value, qualifier):
    facts, _, _ = read(sentence, SectionKind.targets)
    assert [(f.value, f.qualifier.value) for f in facts] == [(value, qualifier)]


def test_control_at_without_yinei_is_exact():
    facts, _, _ = read("城镇登记失业率控制在2.9%的较低水平。")
    assert rows(facts) == {("registered_unemployment", "actual", 2030, "level", 2.9, "%", "exact")}


def test_cpi_index_without_growth_word_is_a_growth():
    facts, _, _ = read("居民消费价格指数控制在2.5%以内。")
    assert rows(facts) == {("cpi", "actual", 2030, "growth", 2.5, "%", "at_most")}


def test_percentage_points_are_not_a_growth_but_claimed():
    facts, claimed, doc = read("地区生产总值增长5.8%、高于全省0.4个百分点，增速居全省第三。")
    assert rows(facts) == {("gdp", "actual", 2030, "growth", 5.8, "%", "exact")}
    assert sorted(doc[a:b] for a, b in claimed) == ["0.4个百分点", "5.8%"]


def test_rate_change_in_points_is_skipped():
    facts, _, _ = read("森林覆盖率提高0.6个百分点。")
    assert facts == []


def test_round_figure_without_digits():
    facts, _, _ = read("旅游综合收入突破千亿元。")
    assert rows(facts) == {("tourism_revenue", "actual", 2030, "level", 1000.0, "亿元", "at_least")}


def test_round_figure_with_near():
    facts, _, _ = read("粮食产量近百万吨。")
    assert rows(facts) == {("grain_output", "actual", 2030, "level", 100.0, "万吨", "approx")}


def test_bare_magnitude_after_milestone_verb():
    facts, _, _ = read("旅游总收入破万亿。")
    assert rows(facts) == {("tourism_revenue", "actual", 2030, "level", 1.0, "万亿元", "at_least")}


def test_milestone_next_to_the_exact_figure_is_dropped():
    facts, claimed, doc = read("地区生产总值首次突破400亿元、达412.3亿元。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 412.3, "亿元", "exact")}
    assert sorted(doc[a:b] for a, b in claimed) == ["400亿元", "412.3亿元"]


def test_quoted_milestone_is_claimed_not_a_fact():
    facts, claimed, doc = read("接待游客突破“两千万”、达2105万人次。")
    assert rows(facts) == {("tourist_arrivals", "actual", 2030, "level", 2105.0, "万人次", "exact")}
    assert "2105万人次" in {doc[a:b] for a, b in claimed}


def test_estimated_marks_the_whole_sentence():
    facts, _, _ = read("预计全市地区生产总值增长4%，社会消费品零售总额增长6%。")
    assert {(f.indicator.value, f.estimated) for f in facts} == {("gdp", True), ("retail_sales", True)}


def test_not_estimated_without_yuji():
    facts, _, _ = read("地区生产总值增长4%。")
    assert [f.estimated for f in facts] == [False]


def test_wan_stays_in_the_unit():
    facts, _, _ = read("城镇新增就业1.2万人。", SectionKind.targets)
    assert rows(facts) == {("new_urban_jobs", "target", 2031, "level", 1.2, "万人", "exact")}


def test_spaces_around_figures():
    facts, _, _ = read("确保粮食产量稳定在 80 万吨以上。", SectionKind.plan)
    assert rows(facts) == {("grain_output", "target", 2031, "level", 80.0, "万吨", "at_least")}


def test_full_width_digits():
    facts, _, _ = read("森林覆盖率达到２８．５％。")
    assert rows(facts) == {("forest_coverage", "actual", 2030, "level", 28.5, "%", "exact")}


def test_elliptic_subject_after_grain_area():
    facts, _, _ = read("粮食播种面积稳定在40万亩以上，总产量达到9万吨以上。", SectionKind.targets)
    assert rows(facts) == {
        ("grain_area", "target", 2031, "level", 40.0, "万亩", "at_least"),
        ("grain_output", "target", 2031, "level", 9.0, "万吨", "at_least"),
    }
    output = next(f for f in facts if f.indicator.value == "grain_output")
    assert output.evidence == "粮食播种面积稳定在40万亩以上，总产量达到9万吨以上"


def test_elliptic_rural_after_urban_income():
    facts, _, _ = read("城镇居民人均可支配收入达到42000元，农村居民达到16000元。")
    assert rows(facts) == {
        ("urban_income", "actual", 2030, "level", 42000.0, "元", "exact"),
        ("rural_income", "actual", 2030, "level", 16000.0, "元", "exact"),
    }


def test_chain_stops_at_a_new_subject():
    facts, claimed, doc = read("民生支出占一般公共预算支出比重达75%，投入资金30亿元。")
    assert rows(facts) == {("livelihood_spending_share", "actual", 2030, "level", 75.0, "%", "exact")}
    assert "30亿元" not in {doc[a:b] for a, b in claimed}


def test_chain_stops_at_a_sub_component():
    facts, _, _ = read("一般公共预算收入20亿元，其中税收收入14亿元，增长3%。")
    assert rows(facts) == {("budget_revenue", "actual", 2030, "level", 20.0, "亿元", "exact")}


def test_shared_total_of_a_list_is_not_the_indicator():
    facts, claimed, _ = read("实现城镇新增就业、农村劳动力转移就业共3万余人。")
    assert facts == [] and claimed == []


def test_share_of_another_quantity_is_not_the_indicator():
    facts, _, _ = read("规上工业增加值占地区生产总值比重达35%。")
    assert facts == []


def test_a_county_figure_is_not_the_region_figure():
    facts, claimed, _ = read("某某县地区生产总值增长8%。")
    assert facts == [] and claimed == []


def test_a_sector_figure_is_not_the_region_figure():
    facts, _, _ = read("乡村旅游收入12亿元。")
    assert facts == []


def test_the_province_figure_in_a_prefecture_report_is_a_comparison():
    facts, _, _ = read("全省地区生产总值增长6%。")
    assert facts == []


def test_own_region_name_may_lead_the_figure():
    facts, _, _ = read("昌都市实现地区生产总值300亿元。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 300.0, "亿元", "exact")}


def test_annual_average_is_claimed_not_a_fact():
    facts, claimed, doc = read("地区生产总值年均增长7.5%。")
    assert facts == []
    assert [doc[a:b] for a, b in claimed] == ["7.5%"]


def test_five_year_sentence_is_not_annual():
    facts, _, _ = read("五年来，地区生产总值增加到300亿元。")
    assert facts == []


def test_from_to_in_an_annual_review_reaches_the_years_level():
    facts, claimed, doc = read("社会消费品零售总额由30亿元提高到41亿元。")
    assert rows(facts) == {("retail_sales", "actual", 2030, "level", 41.0, "亿元", "exact")}
    assert {doc[a:b] for a, b in claimed} == {"30亿元", "41亿元"}


def test_from_to_from_the_year_before_reaches_the_years_level():
    facts, _, _ = read("一般公共预算收入由上年的8.2亿元增加到9.1亿元。")
    assert rows(facts) == {("budget_revenue", "actual", 2030, "level", 9.1, "亿元", "exact")}


def test_from_to_over_several_years_gives_no_fact():
    facts, claimed, doc = read("社会消费品零售总额由2025年的30亿元提高到41亿元。")
    assert facts == []
    assert {doc[a:b] for a, b in claimed} == {"30亿元", "41亿元"}


def test_from_to_with_a_dated_end_gives_that_years_level():
    facts, _, _ = read("地区生产总值由2025年的160亿元增加到2030年的230亿元，年均增长7.5%。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 230.0, "亿元", "exact")}


def test_leaps_to_a_dated_level():
    facts, _, _ = read("地区生产总值由2025年的160亿元跃升到2030年的230亿元。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 230.0, "亿元", "exact")}


def test_rises_to_a_level():
    facts, _, _ = read("一般公共预算收入由上年的8.2亿元增至9.1亿元。")
    assert rows(facts) == {("budget_revenue", "actual", 2030, "level", 9.1, "亿元", "exact")}


def test_from_to_in_a_five_year_review_gives_no_fact():
    text = "社会消费品零售总额由30亿元提高到41亿元。"
    chunk = Chunk(
        index=0, start=0, end=len(text), text=text, section_kind=SectionKind.review,
        section_path=("一、过去五年工作回顾",),
    )
    facts, _ = extract_indicators(chunk, DocContext(doc_id="t", meta=META))
    assert facts == []


def test_quarter_figure_is_not_annual():
    facts, _, _ = read("一季度地区生产总值增长5%。", SectionKind.plan)
    assert facts == []


def test_recalled_goal_in_the_review_is_not_a_result():
    facts, _, _ = read("圆满完成地区生产总值增长7%的年度目标。")
    assert facts == []


def test_target_section_gives_plan_year():
    facts, _, _ = read("地区生产总值增长6%。", SectionKind.targets)
    assert rows(facts) == {("gdp", "target", 2031, "growth", 6.0, "%", "exact")}


def test_explicit_year_beats_the_section():
    facts, _, _ = read("2031年全市地区生产总值增长6%。", SectionKind.other)
    assert rows(facts) == {("gdp", "target", 2031, "growth", 6.0, "%", "exact")}


def test_a_year_that_is_neither_review_nor_plan_is_skipped():
    facts, _, _ = read("到2035年，森林覆盖率达到40%。", SectionKind.plan)
    assert facts == []


def test_last_year_inside_the_plan_is_an_actual():
    facts, _, _ = read("去年全市地区生产总值增长5%。", SectionKind.plan)
    assert rows(facts) == {("gdp", "actual", 2030, "growth", 5.0, "%", "exact")}


def test_future_cues_decide_outside_known_sections():
    facts, _, _ = read("今年力争地区生产总值增长7%。", SectionKind.other)
    assert rows(facts) == {("gdp", "target", 2031, "growth", 7.0, "%", "exact")}


def test_past_cues_decide_outside_known_sections():
    facts, _, _ = read("地区生产总值同比增长5.2%。", SectionKind.other)
    assert rows(facts) == {("gdp", "actual", 2030, "growth", 5.2, "%", "exact")}


def test_unknown_years_stay_unknown():
    facts, _, _ = read("地区生产总值增长6%。", SectionKind.targets, ReportMeta())
    assert [(f.period.value, f.year) for f in facts] == [("target", None)]


def test_target_inside_the_work_plan():
    facts, _, _ = read("全年接待游客2500万人次以上、实现旅游综合收入260亿元以上。", SectionKind.plan)
    assert rows(facts) == {
        ("tourist_arrivals", "target", 2031, "level", 2500.0, "万人次", "at_least"),
        ("tourism_revenue", "target", 2031, "level", 260.0, "亿元", "at_least"),
    }


def test_non_numeric_goal_gives_nothing():
    facts, claimed, _ = read("居民收入增长与经济增长基本同步，居民消费价格涨幅控制在省定目标以内。", SectionKind.targets)
    assert facts == [] and claimed == []


def test_several_sentences_in_one_chunk():
    facts, _, _ = read("地区生产总值增长5%。规上工业增加值增长8%。", SectionKind.review)
    assert {f.indicator.value for f in facts} == {"gdp", "industrial_value_added"}


def test_fenbie_list_of_a_rate_and_a_price_change():
    facts, _, _ = read("城镇调查失业率、居民消费价格涨幅分别控制在5.5%和3%以内。", SectionKind.targets)
    assert rows(facts) == {
        ("surveyed_unemployment", "target", 2031, "level", 5.5, "%", "at_most"),
        ("cpi", "target", 2031, "growth", 3.0, "%", "at_most"),
    }


def test_shared_growth_word_after_the_last_subject():
    facts, _, _ = read("地区生产总值、规上工业增加值增速分别为6%、8%。")
    assert rows(facts) == {
        ("gdp", "actual", 2030, "growth", 6.0, "%", "exact"),
        ("industrial_value_added", "actual", 2030, "growth", 8.0, "%", "exact"),
    }


def test_price_basis_clause_carries_the_chain_on():
    facts, _, _ = read("全市实现地区生产总值250亿元，按不变价格计算，同比增长6%。")
    assert ("gdp", "actual", 2030, "growth", 6.0, "%", "exact") in rows(facts)


def test_bracketed_note_inside_the_predicate():
    facts, _, _ = read("地方一般公共预算收入3.1亿元，下降（同口径）4.2%。")
    assert ("budget_revenue", "actual", 2030, "growth", -4.2, "%", "exact") in rows(facts)


def test_cumulative_year_on_year_is_annual():
    facts, _, _ = read("居民消费价格累计同比上涨1.6%。")
    assert rows(facts) == {("cpi", "actual", 2030, "growth", 1.6, "%", "exact")}


def test_goal_list_opening_without_a_colon():
    facts, _, _ = read("2031年经济社会发展主要预期目标是地区生产总值增长7%以上。", SectionKind.targets)
    assert rows(facts) == {("gdp", "target", 2031, "growth", 7.0, "%", "at_least")}


def test_milestone_in_another_sentence_of_the_chunk_is_dropped():
    facts, _, _ = read("全市实现地区生产总值1032亿元。地区生产总值首次突破千亿元大关。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 1032.0, "亿元", "exact")}


def test_fenbie_clause_with_subjects_of_its_own_is_not_read():
    facts, claimed, _ = read("社会消费品零售总额增长9%，客运量、货运量分别增长30%、12%。")
    assert rows(facts) == {("retail_sales", "actual", 2030, "growth", 9.0, "%", "exact")}
    assert len(claimed) == 1


@pytest.mark.parametrize("mark", ["——", "1.", "（2）", "③", "一是"])
def test_goals_set_out_as_list_items(mark):
    facts, _, _ = read(f"{mark}地区生产总值增长6%左右；\n", SectionKind.targets)
    assert rows(facts) == {("gdp", "target", 2031, "growth", 6.0, "%", "approx")}


def test_figure_in_a_foreign_unit_stays_free_for_the_items():
    facts, claimed, _ = read("城镇新增就业岗位3000个。")
    assert facts == [] and claimed == []


def test_jun_list_of_two_named_subjects():
    facts, _, _ = read("城镇居民人均可支配收入和农民人均纯收入均增长9%左右。", SectionKind.targets)
    assert rows(facts) == {
        ("urban_income", "target", 2031, "growth", 9.0, "%", "approx"),
        ("rural_income", "target", 2031, "growth", 9.0, "%", "approx"),
    }


def test_livelihood_share_in_a_clause_after_the_spending():
    facts, claimed, doc = read("全市民生支出达到52亿元，占一般公共预算支出的78%。")
    assert rows(facts) == {("livelihood_spending_share", "actual", 2030, "level", 78.0, "%", "exact")}
    assert [doc[a:b] for a, b in claimed] == ["78%"]  # the amount stays an item


def test_livelihood_spending_growth_alone_is_no_indicator():
    facts, claimed, _ = read("民生支出增长10%。")
    assert facts == [] and claimed == []


def test_pair_read_through_value_runs_without_fenbie():
    facts, claimed, doc = read("城乡居民人均可支配收入35200元和14800元，增长5%和8%。")
    assert rows(facts) == {
        ("urban_income", "actual", 2030, "level", 35200.0, "元", "exact"),
        ("rural_income", "actual", 2030, "level", 14800.0, "元", "exact"),
        ("urban_income", "actual", 2030, "growth", 5.0, "%", "exact"),
        ("rural_income", "actual", 2030, "growth", 8.0, "%", "exact"),
    }
    assert len(claimed) == 4


def test_pair_with_one_bare_figure_stays_ambiguous():
    facts, claimed, doc = read("城乡居民人均可支配收入2.6万元，年均增长6%。")
    assert facts == []
    assert [doc[a:b] for a, b in claimed] == ["2.6万元"]


def test_pair_run_stops_at_a_clause_of_another_subject():
    facts, claimed, doc = read("城乡居民人均可支配收入35200元和14800元，新建公路12公里。")
    assert len(facts) == 2
    assert "12公里" not in [doc[a:b] for a, b in claimed]


def test_ratio_to_a_base_year_does_not_move_later_figures_to_that_year():
    facts, claimed, doc = read("2030年，全市地区生产总值210亿元，是2025年的1.6倍；固定资产投资98亿元，增长7%。")
    assert rows(facts) == {
        ("gdp", "actual", 2030, "level", 210.0, "亿元", "exact"),
        ("fixed_asset_investment", "actual", 2030, "level", 98.0, "亿元", "exact"),
        ("fixed_asset_investment", "actual", 2030, "growth", 7.0, "%", "exact"),
    }


def test_growth_since_an_older_base_year_is_no_annual_fact():
    facts, claimed, doc = read("全市地区生产总值240亿元，较2025年增长31%。")
    assert rows(facts) == {("gdp", "actual", 2030, "level", 240.0, "亿元", "exact")}
    assert "31%" in [doc[a:b] for a, b in claimed]  # read, and kept out of the items


def test_growth_over_the_year_before_is_the_annual_growth():
    facts, _, _ = read("全市地区生产总值240亿元，比2029年增长6%。")
    assert ("gdp", "actual", 2030, "growth", 6.0, "%", "exact") in rows(facts)


def test_list_of_growths_since_an_older_base_year():
    facts, claimed, doc = read("2030年全市实现生产总值240亿元、一般公共预算收入18亿元，较2025年分别增长31%、22%。")
    assert rows(facts) == {
        ("gdp", "actual", 2030, "level", 240.0, "亿元", "exact"),
        ("budget_revenue", "actual", 2030, "level", 18.0, "亿元", "exact"),
    }
    assert {"31%", "22%"} <= {doc[a:b] for a, b in claimed}


def test_year_written_with_a_space():
    facts, _, _ = read("2030 年，全县地区生产总值增长 4.5%。", meta=ReportMeta(admin_level="county", review_year=2030, plan_year=2031))
    assert rows(facts) == {("gdp", "actual", 2030, "growth", 4.5, "%", "exact")}
