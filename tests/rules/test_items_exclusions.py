"""Figures that are not quantified items (GUIDELINES.md "What counts")."""

from __future__ import annotations

from extractor.schema import AdminLevel


def test_years_dates_ages_are_not_items(items):
    assert items("2024年3月，60岁以上老人体检全覆盖。") == []


def test_durations_in_years_are_not_items(items):
    assert items("森林草原火灾连续8年零发生。") == []


def test_ordinals_and_ranks_are_not_items(items):
    assert items("综合考核居全省第二，位列第一方阵。") == []


def test_list_numbers_are_not_items(items):
    assert items("（三）持续改善民生") == []


def test_names_and_slogans_are_not_items(items):
    assert items("深化“三个一批”，打响“十四五”收官战，改造G214线。") == []


def test_numbers_in_project_names_are_not_items(items):
    found = items("建成220千伏输变电工程2项。")
    assert [(i.value, i.unit) for i in found] == [(2, "项")]


def test_grades_in_names_are_not_items(items):
    found = items("新增4A级旅游景区3家。")
    assert [(i.value, i.unit) for i in found] == [(3, "家")]


def test_comparison_with_a_larger_area_is_not_an_item(items):
    assert items("增速高于全省平均1.3个百分点。") == []
    assert items("装机占全省总量的35%。") == []


def test_province_compares_only_with_the_nation(items):
    found = items("新能源装机占全省总量的35%。", level=AdminLevel.province)
    assert [(i.value, i.unit) for i in found] == [(35, "%")]


def test_multi_year_rates_are_not_items(items):
    assert items("“十四五”以来累计下降16%。") == []
    assert items("文旅收入年均增长12%。") == []


def test_excess_over_plan_is_not_an_item(items):
    found = items("新开工项目42项，超计划7项。")
    assert [(i.value, i.unit) for i in found] == [(42, "项")]


def test_milestone_passed_is_not_an_item(items):
    assert items("全市生产总值突破600亿元大关。") == []


def test_indicator_figures_are_not_items(items):
    assert items("城镇新增就业8600人，城镇登记失业率控制在3.2%。") == []
    assert items("社会消费品零售总额增长8%左右。", ) == []


def test_indicator_growth_after_its_level_is_not_an_item(items):
    assert items("固定资产投资完成210亿元，同比增长6.8%。") == []


def test_claimed_figures_are_skipped(items):
    text = "新增市场主体2600户、个体工商户1800户。"
    at = text.index("1800")
    found = items(text, offset=100, claimed=[(100 + at, 100 + at + 5)])
    assert [(i.value, i.unit) for i in found] == [(2600, "户")]


def test_glossary_numbers_are_not_items(items):
    text = "建成乡镇卫生院12所。\n名词解释\n“两不愁三保障”：指稳定实现农村贫困人口不愁吃、不愁穿，义务教育、基本医疗和住房安全有保障，涉及3个方面。"
    assert [(i.value, i.unit) for i in items(text)] == [(12, "所")]


def test_glossary_section_is_skipped(items):
    assert items("涉及5个领域18项指标。", path=("附件", "名词解释")) == []


def test_page_furniture_is_not_an_item(items):
    assert items("2024年市州政府工作报告汇编12篇(第3/40页)") == []


def test_ratio_to_a_base_period_is_a_comparison(items):
    assert items("全市财政收入是2025年的2.1倍，分别是上一个五年的1.6倍和1.9倍。") == []


def test_growth_by_a_multiple_stays_an_item(items):
    found = items("光伏发电量增长1.5倍。")
    assert [(i.value, i.unit) for i in found] == [(1.5, "倍")]


def test_growth_since_an_older_base_year_is_not_an_item(items):
    # The fixture's review year is 2024: 2019 is no annual base, 2023 is.
    assert items("税收收入较2019年增长42%。") == []
    found = items("税收收入较2023年增长6%。")
    assert [(i.subject, i.value) for i in found] == [("税收收入", 6)]


def test_an_indicator_for_part_of_the_year_is_not_an_item(items):
    assert items("一季度地区生产总值增长4.2%，上半年规上工业增加值增长9%。") == []


def test_first_time_is_not_part_of_the_subject(items):
    found = items("产业园产值首次突破80亿元。")
    assert [(i.subject, i.value, i.qualifier.value) for i in found] == [("产业园产值", 80, "at_least")]
