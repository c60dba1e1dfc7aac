"""The numeral pre-filter: boilerplate is not sent, any figure is."""

from __future__ import annotations

import pytest

from extractor.prefilter import has_figure


@pytest.mark.parametrize(
    "text",
    ["新建学校3所。", "完成投资１２亿元。", "地区生产总值突破五百亿元。", "新增两千个岗位。", "旅游收入破万亿。", "建设三所学校。"],
)
def test_text_with_a_figure_passes(text):
    assert has_figure(text)


@pytest.mark.parametrize(
    "text",
    ["坚持稳中求进工作总基调，推动一体化发展。", "万众一心，统一思想。", "全面贯彻党的精神，团结一致向前看。"],
)
def test_boilerplate_is_filtered(text):
    assert not has_figure(text)
