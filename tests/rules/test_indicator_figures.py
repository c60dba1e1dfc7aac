"""Reading figures the way indicator sentences write them."""

from __future__ import annotations

import pytest

from extractor.backends.rules.indicator_figures import (
    FIGURE_RE,
    MILESTONE_ONLY_RE,
    figure_matches,
    fold_figures,
    milestone_figure,
    qualifier_before,
    read_figure,
)
from extractor.schema import Qualifier


def first(text: str):
    m = FIGURE_RE.search(fold_figures(text))
    assert m is not None
    return read_figure(m)


@pytest.mark.parametrize(
    ("text", "values", "unit"),
    [
        ("达213.45亿元", (213.45,), "亿元"),
        ("增长6.5%", (6.5,), "%"),
        ("接待3086.7万人次", (3086.7,), "万人次"),
        ("产量15 万吨", (15.0,), "万吨"),
        ("收入38,120元", (38120.0,), "元"),
        ("超千亿元", (1000.0,), "亿元"),
        ("近百万吨", (100.0,), "万吨"),
        ("两千万人次", (2000.0,), "万人次"),
        ("增长５．２％", (5.2,), "%"),
        ("粮食1.3万亿斤", (1.3,), "万亿斤"),
        ("增长6%—6.5%", (6.0, 6.5), "%"),
        ("增长6—6.5%", (6.0, 6.5), "%"),
        ("增长6%至7%", (6.0, 7.0), "%"),
    ],
)
def test_values_and_units(text, values, unit):
    fig = first(text)
    assert fig.values == values
    assert fig.unit == unit


def test_offsets_are_the_texts_own():
    text = "全年增长５．２％左右。"
    fig = first(text)
    assert text[fig.start : fig.unit_end] == "５．２％"
    assert text[fig.start : fig.end] == "５．２％左右"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("增长7%左右", Qualifier.approx),
        ("增长7%以上", Qualifier.at_least),
        ("控制在3%以内", Qualifier.at_most),
        ("低于3%以下", Qualifier.at_most),
        ("16万余人", Qualifier.at_least),
        ("增长7%", None),
    ],
)
def test_trailing_qualifiers(text, qualifier):
    assert first(text).qualifier is qualifier


def test_percentage_points_are_marked():
    fig = first("高于全省0.3个百分点")
    assert fig.points and fig.values == (0.3,)


def test_a_range_must_rise():
    assert read_figure(FIGURE_RE.search("增长7%—5%")) is None


@pytest.mark.parametrize(
    ("lead", "qualifier"),
    [
        ("不低于", Qualifier.at_least),
        ("超过", Qualifier.at_least),
        ("突破", Qualifier.at_least),
        ("不超过", Qualifier.at_most),
        ("近", Qualifier.approx),
        ("约", Qualifier.approx),
        ("达到", None),
    ],
)
def test_leading_qualifiers(lead, qualifier):
    assert qualifier_before("增长" + lead) is qualifier


def test_milestone_of_a_bare_magnitude():
    fig = milestone_figure(MILESTONE_ONLY_RE.search("收入突破万亿元大关"))
    assert (fig.values, fig.unit, fig.qualifier) == ((1.0,), "万亿元", Qualifier.at_least)


def test_magnitude_words_are_not_milestones():
    assert MILESTONE_ONLY_RE.search("克服万难") is None


@pytest.mark.parametrize(
    "text",
    [
        "全年粮食产量达到1 234.5万吨，增长二十三%，其中一季度产量100吨。",
        "投资5—5.5%，收入1,234亿元以上，人口十二万人。",
        "第三产业增加值占比为百分之四十，新增就业两千三百人，年末人口十二万人。",
    ],
)
def test_figure_matches_are_those_of_the_pattern(text):
    # figure_matches tries FIGURE_RE only where a number starts; it must find
    # exactly what a scan with the pattern finds, window bounds included.
    for start, end in [(0, len(text)), (3, len(text) - 2)]:
        expected = [(m.span(), m.groupdict()) for m in FIGURE_RE.finditer(text, start, end)]
        assert expected
        assert [(m.span(), m.groupdict()) for m in figure_matches(text, start, end)] == expected
