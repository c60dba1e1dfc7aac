"""Figures read on demand give what reading the whole text gives; copies of facts are faithful."""

from __future__ import annotations

from dataclasses import astuple

from extractor.grounding import FigureIndex, check_value, read_figures
from extractor.schema import Alignment, QuantifiedItem, Status

SENTENCES = [
    "新建口袋公园1、2、3万平方米，改造老旧小区两个，新增停车位500个。",
    "力争粮食产量稳定在3至百分之五的增幅，一季度实现开门红。",
    "建设标准化厂房12 345平方米，引进项目三十个，投资五百亿元。",
    "培训人员1.5和2以及3千人次，设立第3、4个服务站。",
    "新增绿地100—200亩，其中一块用于两县共建。",
]


def _rows(readings) -> list[tuple]:
    return [astuple(r) for r in readings]


def test_a_stretch_read_first_gives_the_figures_reading_all_gives():
    for text in SENTENCES:
        everything = read_figures(text)
        for start in range(len(text)):
            for end in range(start + 1, len(text) + 1, 3):
                # A fresh index reads only what this one span asks for.
                asked = FigureIndex(text, 0, len(text)).within(start, end)
                expected = [r for r in everything if start <= r.start and r.end <= end]
                assert _rows(asked) == _rows(expected), (text, start, end)


def test_a_list_read_from_its_middle_takes_the_magnitude_of_its_last_member():
    text = "新建口袋公园1、2、3万平方米。"
    at = text.index("2")
    (two,) = FigureIndex(text, 0, len(text)).within(at, at + 1)
    assert (two.number, two.magnitude, two.unit_text[:3]) == (2, "万", "平方米")


def test_a_number_joined_to_a_percent_in_words_takes_its_percent_sign():
    text = "增幅为3至百分之五"
    readings = read_figures(text)
    assert [(r.number, r.percent) for r in readings] == [(3, True), (5, True)]


def test_the_hundred_of_a_percent_in_words_is_no_figure_of_its_own():
    assert [r.number for r in read_figures("增长百分之五")] == [5]


def test_a_numeral_after_digits_is_no_figure_of_its_own():
    assert [r.number for r in read_figures("编号12一")] == [12]


def test_a_figure_in_a_list_is_checked_with_the_shared_magnitude():
    text = "新建口袋公园1、2、3万平方米"
    check = check_value(2, "万平方米", text, text.index("2"), text.index("2") + 1)
    assert check.verdict == "exact"


def test_a_fact_copied_with_new_fields_equals_model_copy():
    fact = QuantifiedItem(value=12, unit="个", evidence="建成12个", status="achieved", subject="驿站")
    update = {"evidence": "建成驿站12个", "start": 3, "end": 9, "alignment": Alignment.exact,
              "canonical_value": 12.0, "canonical_unit": "个"}
    copied, reference = fact.with_fields(update), fact.model_copy(update=update)
    assert copied == reference
    assert copied.model_fields_set == reference.model_fields_set
    assert copied.model_dump_json(exclude_none=True) == reference.model_dump_json(exclude_none=True)
    assert fact.evidence == "建成12个" and fact.start is None  # the original is untouched


def test_enum_values_read_as_their_ids():
    assert Status.achieved.value == "achieved"
    assert Status("planned") is Status.planned
    assert f"{Alignment.fuzzy}" == "fuzzy"
