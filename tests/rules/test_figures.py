"""The figure scanner (extractor/backends/rules/figures.py) on sentences written for it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.backends.rules.figures import scan_figures
from extractor.backends.rules.lexicon_units import COUNT_UNITS, MEASURE_UNITS
from extractor.schema import Qualifier


def figures(text: str, measured_only: bool = True):
    return [
        (text[f.start : f.end], f.value, f.unit, f.qualifier)
        for f in scan_figures(text)
        if f.measured or not measured_only
    ]


def test_number_with_measure_word():
    assert figures("今年建成乡村公路420公里") == [("420公里", 420, "公里", Qualifier.exact)]


def test_magnitude_stays_in_the_unit():
    assert figures("接待研学团队3.65万人次") == [("3.65万人次", 3.65, "万人次", Qualifier.exact)]


def test_thousands_separators():
    assert figures("完成改造1,206.5万元")[0][1:3] == (1206.5, "万元")


def test_space_between_number_and_unit():
    assert figures("完成投资 860 亿元以上") == [("860 亿元以上", 860, "亿元", Qualifier.at_least)]


def test_full_width_digits():
    assert figures("培训护理人员３２０人")[0][1:3] == (320, "人")


def test_chinese_count():
    assert figures("选派十二名干部驻村")[0][1:3] == (12, "名")


def test_chinese_round_amounts_keep_magnitude_in_unit():
    assert figures("引进资金四千万元")[0][1:3] == (4000, "万元")
    assert figures("规模达到五百亿元")[0][1:3] == (500, "亿元")


def test_chinese_liang():
    assert figures("培育两千户示范户")[0][1:3] == (2000, "户")


def test_round_figure_opening_on_its_unit():
    assert figures("产业规模超千亿元") == [("超千亿元", 1000, "亿元", Qualifier.at_least)]
    assert figures("储量近百万吨") == [("近百万吨", 100, "万吨", Qualifier.approx)]


def test_percent_written_out():
    assert figures("优良率保持百分之百")[0][1:3] == (100, "%")


def test_qualifier_words():
    assert figures("增长6%左右")[0][3] is Qualifier.approx
    assert figures("控制在4%以内")[0][3] is Qualifier.at_most
    assert figures("不低于300户")[0][3] is Qualifier.at_least
    assert figures("不超过12个")[0][3] is Qualifier.at_most
    assert figures("办结诉求4.2万余件")[0][1:4] == (4.2, "万件", Qualifier.at_least)
    assert figures("帮扶800余户")[0][1:4] == (800, "户", Qualifier.at_least)


def test_range_gives_two_figures():
    assert figures("新增示范基地3—4个") == [
        ("3", 3, "个", Qualifier.at_least),
        ("4个", 4, "个", Qualifier.at_most),
    ]


def test_range_of_percents():
    assert [f[1:] for f in figures("增长7%—7.5%")] == [
        (7, "%", Qualifier.at_least),
        (7.5, "%", Qualifier.at_most),
    ]


def test_compound_and_bracketed_units():
    assert figures("存栏羊只8.5万头只")[0][2] == "万头只"
    assert figures("受理咨询1.3万件（次）")[0][2] == "万件（次）"
    assert figures("谋划了8个方面任务")[0][2] == "个方面"


def test_years_dates_and_ages_measure_nothing():
    assert figures("2024年3月15日，年满60岁") == []
    reasons = {f.reason for f in scan_figures("2024年3月15日，年满60岁")}
    assert reasons == {"year", "date", "age"}


def test_ordinals_and_ranks_measure_nothing():
    assert figures("第三个试点") == []
    assert figures("进入全国前10名") == []


def test_names_with_letters_measure_nothing():
    assert figures("改造G219国道和4A级景区，建成5G网络") == []


def test_voltage_of_a_named_line_measures_nothing():
    assert figures("建设750千伏输变电工程2项") == [("2项", 2, "项", Qualifier.exact)]


def test_percentage_points_are_a_comparison():
    assert figures("高于全国平均1.5个百分点") == []


def test_quoted_slogans_are_names():
    assert figures("落实“三个务必”和“四项机制”") == []


def test_chinese_numerals_naming_policies_are_names():
    assert figures("严格执行八项规定") == []
    assert figures("部署了六个方面重点任务") == []


def test_numbered_rules_are_names():
    assert figures("出台支持民营经济15条措施") == []


def test_idioms_with_round_numerals_are_names():
    assert figures("温暖千家万户") == []
    assert figures("二元结构") == []


def test_milestones_are_not_figures():
    assert figures("地区生产总值突破800亿元大关") == []
    assert figures("收入突破“三百亿元”，达312亿元") == [("312亿元", 312, "亿元", Qualifier.exact)]


@given(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from([u for u in COUNT_UNITS + MEASURE_UNITS if len(u) <= 3]),
)
def test_a_written_figure_is_read_back(n, unit):
    text = f"新建{n}{unit}。"
    found = scan_figures(text)
    assert found, text
    assert found[0].value == n
    assert found[0].unit.startswith(unit)


@given(st.text(alphabet="0123456789一二三四五六七八九十百千万亿两个万亩%年第余以上左右至—，。、超近G", max_size=40))
def test_scanner_offsets_are_ordered_and_inside_the_text(text):
    previous_end = 0
    for f in scan_figures(text):
        assert 0 <= f.start <= f.num_start < f.num_end <= f.unit_end <= f.end <= len(text)
        assert f.num_start >= previous_end or f.range_part == 2
        previous_end = f.num_start


def test_a_run_of_chinese_digits_is_no_count():
    # "唯一一个" reads 一一, which is no numeral; a lone 一个 names one thing.
    assert figures("建成全省唯一一个高原农产品检测中心") == []


def test_speed_and_altitude_describe_a_thing_not_a_result():
    assert figures("时速250公里的城际铁路建成通车") == []
    assert figures("在海拔4200米以上的乡镇新建卫生院3所") == [("3所", 3, "所", Qualifier.exact)]


def test_first_of_its_kind_is_an_ordinal():
    assert figures("成为本地首个200亿元园区") == []


def test_a_count_of_great_tasks_is_a_slogan():
    assert figures("办好三件大事") == []


def test_a_digit_run_too_long_for_a_float_is_no_figure():
    from extractor.backends.rules.figures import scan_figures

    assert all(f.value != float("inf") for f in scan_figures("新建学校" + "9" * 400 + "所。"))


def test_qualifier_before_a_space_or_a_quote():
    assert figures("约 300户")[0][3] is Qualifier.approx
    assert figures("不到“50个”")[0][3] is Qualifier.at_most


def test_range_written_with_zhi():
    assert [f[1:] for f in figures("每村安排3至5个")] == [(3, "个", Qualifier.at_least), (5, "个", Qualifier.at_most)]


def test_milestone_after_de_is_not_a_figure():
    assert figures("迈上500亿元的台阶") == []
