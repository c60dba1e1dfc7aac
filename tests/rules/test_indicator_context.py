"""Whose figure, which year: the context rules of the indicator layer."""

from __future__ import annotations

import pytest

from extractor.backends.rules.indicator_context import estimated, multi_year, self_kinds, timing, whole_region
from extractor.schema import Period, ReportMeta
from extractor.sections import SectionKind

META = ReportMeta(region="黄南藏族自治州", admin_level="prefecture", review_year=2030, plan_year=2031)


@pytest.mark.parametrize(
    ("region", "kinds"),
    [
        ("黄南藏族自治州", {"州"}),
        ("昌都市", {"市"}),
        ("西藏自治区", {"区"}),
        ("阿里地区", {"地区", "区"}),
        ("锡林郭勒盟", {"盟"}),
        ("囊谦县", {"县"}),
        (None, set()),
    ],
)
def test_self_kinds(region, kinds):
    assert self_kinds(ReportMeta(region=region)) == kinds


@pytest.mark.parametrize(
    ("prefix", "whole"),
    [
        ("", True),
        ("全州", True),
        ("预计全州", True),
        ("全年", True),
        ("力争", True),
        ("2030年我州", True),
        ("黄南州实现", True),
        ("全省", False),
        ("全国", False),
        ("某某县", False),
        ("牧区", False),
        ("招商引资", False),
    ],
)
def test_whole_region(prefix, whole):
    names = ("黄南藏族自治州", "黄南州", "黄南")
    assert whole_region(prefix, frozenset({"州"}), names) is whole


def test_any_self_word_passes_when_the_region_is_unknown():
    assert whole_region("全市", frozenset())
    assert not whole_region("全国", frozenset())


@pytest.mark.parametrize(
    "text",
    ["五年来，", "过去五年，", "“十四五”时期，", "十四五以来", "十三五末", "一季度", "4季度", "前三季度",
     "下半年", "1-9月", "1至11月", "10—12月"],
)
def test_multi_year_or_part_year(text):
    assert multi_year(text)


def test_one_year_sentence_is_annual():
    assert not multi_year("过去一年，全州")


@pytest.mark.parametrize("text", ["截至12月底，", "季度考核", "每月-月报", "第十五届"])
def test_single_months_and_quarter_words_are_annual(text):
    assert not multi_year(text)


@pytest.mark.parametrize(
    ("before", "kind", "expected"),
    [
        ("", SectionKind.review, (Period.actual, 2030)),
        ("", SectionKind.targets, (Period.target, 2031)),
        ("", SectionKind.plan, (Period.target, 2031)),
        ("去年全州", SectionKind.plan, (Period.actual, 2030)),
        ("今年全州", SectionKind.other, (Period.target, 2031)),
        ("比去年", SectionKind.plan, (Period.target, 2031)),
        ("2030年，全州", SectionKind.other, (Period.actual, 2030)),
        ("2031年主要预期目标是：", SectionKind.review, (Period.target, 2031)),
        ("比2029年", SectionKind.review, (Period.actual, 2030)),
        ("同比", SectionKind.other, (Period.actual, 2030)),
        ("力争", SectionKind.other, (Period.target, 2031)),
    ],
)
def test_timing(before, kind, expected):
    when = timing(before, kind, None, META)
    assert (when.period, when.year) == expected


def test_timing_of_another_year_is_none():
    assert timing("到2035年，", SectionKind.plan, None, META) is None


def test_timing_falls_back_on_the_other_meta_year():
    meta = ReportMeta(plan_year=2031)
    assert timing("", SectionKind.review, None, meta).year == 2030


def test_timing_falls_back_on_the_section_year():
    when = timing("", SectionKind.review, 2030, ReportMeta())
    assert (when.period, when.year) == (Period.actual, 2030)


def test_estimated():
    assert estimated("预计全年")
    assert not estimated("全年")


def test_goal_list_inside_a_review_section_sets_targets():
    when = timing("今年经济社会发展的主要预期目标是：", SectionKind.review, None, META)
    assert (when.period, when.year) == (Period.target, 2031)


def test_recalling_goals_met_in_the_review_is_no_goal_list():
    when = timing("圆满完成年初确定的预期目标任务，全州", SectionKind.review, None, META)
    assert when.period is Period.actual


def test_main_indicators_heading_is_no_future_cue():
    when = timing("主要经济指标完成情况：", SectionKind.other, None, META)
    assert when.period is Period.actual
