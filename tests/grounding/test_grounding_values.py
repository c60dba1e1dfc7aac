"""Reading a fact's figure in its evidence, in every form reports write it."""

from __future__ import annotations

import pytest

from extractor.grounding import check_value, read_figures, value_in_evidence

from tests.grounding.factories import ground, indicator, item

# -- number forms -----------------------------------------------------------


def test_plain_arabic_digits():
    assert value_in_evidence(86.5, "公里", "改造农村公路86.5公里")


def test_thousands_separators():
    assert value_in_evidence(12480, "人", "全年转移农村劳动力12,480人")


def test_full_width_digits():
    assert value_in_evidence(12.5, "万亩", "新增节水灌溉面积１２．５万亩")


def test_full_width_thousands_separator():
    assert value_in_evidence(3200, "户", "完成危房改造3，200户")


def test_a_figure_broken_across_lines():
    # A PDF's text layer wraps lines inside figures.
    assert value_in_evidence(230.4, "亿元", "一般公共预算收入达到230.\n4亿元")
    assert value_in_evidence(56, "万人", "新增就业56\n万人")


def test_spaces_inside_a_figure():
    assert value_in_evidence(1250, "个", "建成农家书屋1 250个")
    assert value_in_evidence(7.5, "%", "农民收入增长7. 5%")


def test_spaces_around_a_figure():
    assert value_in_evidence(30, "亿元", "安排专项资金 30 亿元")


def test_chinese_hundreds_with_yi_in_the_unit():
    # 五百亿 → 500 亿元: 百 and 千 are the value, 万 and 亿 the unit.
    assert value_in_evidence(500, "亿元", "经济总量迈上五百亿元台阶")


def test_chinese_two_thousand():
    assert value_in_evidence(2000, "人", "新增就业两千人")


def test_chao_qian_yi():
    assert value_in_evidence(1000, "亿元", "工业产值超千亿元")


def test_po_wan_yi():
    assert value_in_evidence(1, "万亿元", "旅游收入破万亿")


def test_near_a_million_tonnes():
    assert value_in_evidence(100, "万吨", "新探明矿产资源近百万吨")


def test_a_single_chinese_numeral_before_its_measure_word():
    assert value_in_evidence(3, "座", "建成三座应急水厂")
    assert value_in_evidence(2, "县", "东、西两县实现全覆盖")


def test_chinese_decimal_with_wan():
    assert check_value(3.5, "万人", "带动就业三点五万人").verdict == "exact"


def test_percent_written_in_words():
    assert value_in_evidence(100, "%", "垃圾无害化处理率保持百分之百")
    assert value_in_evidence(95, "%", "群众满意率达到百分之九十五")


def test_a_chinese_figure_may_be_answered_at_full_scale():
    # 四千万元 answered as 0.4 亿元 or 40000000 元 is the same amount.
    check = check_value(40000000, "元", "撬动社会资金四千万元")
    assert check.verdict == "rescaled" and (check.value, check.unit) == (4000, "万元")


# -- what is not the figure ---------------------------------------------------


def test_an_invented_figure_is_not_in_the_evidence():
    assert not value_in_evidence(13, "公里", "改造农村公路86.5公里")
    assert check_value(13, "公里", "改造农村公路86.5公里").verdict == "absent"


def test_part_of_a_longer_number_is_not_the_figure():
    assert not value_in_evidence(86, "公里", "改造农村公路86.5公里")
    assert not value_in_evidence(6.5, "公里", "改造农村公路86.5公里")
    assert not value_in_evidence(500, "人", "新增就业1500人")


def test_a_year_is_not_a_count():
    assert not value_in_evidence(2030, "个", "2030年建成示范村")


def test_a_number_inside_a_name_is_not_a_figure():
    assert not value_in_evidence(318, "公里", "G318沿线整治")
    assert not value_in_evidence(5, "个", "新建5G基站")


def test_an_ordinal_is_not_a_figure():
    assert not value_in_evidence(3, "位", "综合排名居第3位")


def test_a_lone_chinese_numeral_without_its_unit_is_not_a_figure():
    assert not value_in_evidence(1, "个", "进一步完善机制")
    assert not value_in_evidence(1000, "项", "千方百计稳就业")


def test_a_growth_needs_a_percent_sign():
    assert check_value(2, "%", "占比提高2个百分点").verdict == "unit_mismatch"
    assert check_value(6.2, "亿元", "产值增长6.2%").verdict == "unit_mismatch"


def test_the_number_must_lie_inside_the_span():
    text = "财政收入达到58.3亿元，增长7.1%。"
    start = text.index("增长")
    assert check_value(7.1, "%", text, start, len(text)).ok
    assert not check_value(58.3, "亿元", text, start, len(text)).ok


# -- ranges and lists share their unit ------------------------------------------


def test_a_range_shares_its_percent_sign():
    assert value_in_evidence(5, "%", "力争增长5—5.5%")
    assert value_in_evidence(5.5, "%", "力争增长5—5.5%")


def test_a_list_shares_its_magnitude():
    check = check_value(100, "万元", "分别奖励100、200万元")
    assert check.verdict == "exact"


def test_a_count_range_shares_its_measure_word():
    figures = read_figures("新增1至2个")
    assert [(f.number, f.unit_text[:1]) for f in figures] == [(1, "个"), (2, "个")]


# -- units that do not fit -------------------------------------------------------


def test_a_dropped_wan_is_repaired_from_the_text():
    check = check_value(11, "人", "带动农民增收11万人")
    assert check.verdict == "repaired" and (check.value, check.unit) == (11, "万人")


def test_an_added_wan_is_repaired_from_the_text():
    check = check_value(350, "万人", "招募志愿者350人")
    assert check.verdict == "repaired" and check.unit == "人"


def test_a_magnitude_is_not_repaired_where_another_unit_follows():
    assert check_value(4.5, "元", "建成4.5万平方米").verdict == "unit_mismatch"


def test_a_figure_at_full_scale_is_rewritten_as_written():
    check = check_value(110000, "人", "带动就业11万人")
    assert check.verdict == "rescaled" and (check.value, check.unit) == (11, "万人")


def test_the_figure_followed_by_its_unit_wins():
    text = "铺设管道10公里、新增供热面积10万平方米"
    check = check_value(10, "平方米", text)
    assert check.verdict == "repaired" and check.unit == "万平方米"
    assert check_value(10, "公里", text).verdict == "exact"


def test_a_unit_with_full_width_brackets():
    check = check_value(3.1, "件(次)", "办理群众诉求3.1万件（次）")
    assert check.verdict == "repaired" and check.unit == "万件(次)"


# -- signs -------------------------------------------------------------------------


def test_a_fall_is_negative():
    assert value_in_evidence(-4.2, "%", "单位产值能耗下降4.2%")
    assert value_in_evidence(-3, "%", "事故起数和死亡人数分别下降8%和3%")


def test_a_negative_figure_needs_a_fall():
    assert check_value(-4.2, "%", "单位产值能耗增长4.2%").verdict == "sign_mismatch"


def test_a_fall_answered_as_positive_is_made_negative():
    check = check_value(4.2, "%", "单位产值能耗下降4.2%")
    assert check.verdict == "sign_repaired" and check.value == -4.2


def test_an_amount_reduced_stays_positive():
    assert check_value(120, "吨", "减少排放120吨").verdict == "exact"


# -- through grounding: kept, repaired, counted -------------------------------------


def test_grounding_drops_a_real_quote_with_a_wrong_value():
    text = "全县新建标准化卫生室26个。"
    _, items, diag = ground(text, item("新建标准化卫生室26个", 62, "个", "卫生室"))
    assert items == []
    assert diag.counts == {"ungrounded_value": 1}
    (dropped,) = diag.ungrounded
    assert dropped.layer == "items" and dropped.fact["value"] == 62 and "62" in dropped.reason


def test_grounding_drops_an_invented_quote():
    _, items, diag = ground("全县新建标准化卫生室26个。", item("新建乡镇影剧院9座", 9, "座"))
    assert items == [] and diag.counts == {"ungrounded_evidence": 1}


def test_grounding_repairs_a_dropped_wan_and_counts_it():
    text = "全年接待游客860万人次。"
    fact = indicator("接待游客860万人次", 860, "人次", indicator="tourist_arrivals", measure="level")
    (kept,), _, diag = ground(text, fact)
    assert (kept.value, kept.unit) == (860, "万人次")
    assert (kept.canonical_value, kept.canonical_unit) == (8600000, "人次")
    assert diag.counts == {"unit_repaired": 1, "aligned_exact": 1}


def test_grounding_drops_a_unit_it_cannot_repair_and_counts_it():
    _, items, diag = ground("新增停车位1200个。", item("新增停车位1200个", 1200, "%"))
    assert items == [] and diag.counts == {"unit_mismatch": 1}


def test_grounding_extends_a_quote_that_stops_before_its_unit():
    text = "地区生产总值达到812.6亿元。"
    fact = indicator("地区生产总值达到812.6", 812.6, "亿元", measure="level")
    (kept,), _, _ = ground(text, fact)
    assert kept.evidence == "地区生产总值达到812.6亿元" == text[kept.start : kept.end]


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [("亿元", (81260000000, "元")), ("万元", (8126000, "元")), ("%", (812.6, "%"))],
)
def test_grounded_facts_carry_canonical_values(unit, canonical):
    text = f"某项指标为812.6{unit}。"
    _, (kept,), _ = ground(text, item(f"指标为812.6{unit}", 812.6, unit))
    assert (kept.canonical_value, kept.canonical_unit) == canonical


def test_grounding_counts_sign_repairs_and_sign_mismatches():
    text = "单位产值能耗下降4.2%，工业投资增长9%。"
    fall = indicator("单位产值能耗下降4.2%", 4.2, indicator="energy_intensity")
    rise = item("工业投资增长9%", -9, "%", "工业投资")
    (kept,), items, diag = ground(text, fall, rise)
    assert kept.value == -4.2 and items == []
    assert diag.counts == {"sign_repaired": 1, "aligned_exact": 1, "ungrounded_sign": 1}
