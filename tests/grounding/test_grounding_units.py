"""Canonical units: magnitude prefixes folded in, exact conversions applied."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor.units import canonical, same_quantity, scale_factor, split_unit

from tests.grounding.factories import indicator


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (812.6, "亿元", (81260000000, "元")),
        (350, "万元", (3500000, "元")),
        (4800, "元", (4800, "元")),
        (4.77, "万人次", (47700, "人次")),
        (1.2, "万人", (12000, "人")),
        (860, "人", (860, "人")),
        (35.6, "万吨", (356000, "吨")),
        (12, "万亩", (120000, "亩")),
        (6.5, "%", (6.5, "%")),
        (6.5, "％", (6.5, "%")),
        (1, "万亿元", (1e12, "元")),
        (3, "千亿元", (3e11, "元")),
        (2, "千万元", (2e7, "元")),
        (15, "万千瓦", (150000, "千瓦")),
        (200, "兆瓦", (200000, "千瓦")),
        (12, "公里", (12, "千米")),
        (10, "公顷", (150, "亩")),
        (3.1, "万件（次）", (31000, "件(次)")),
        (2.5, "万余人", (25000, "人")),
    ],
)
def test_canonical(value, unit, expected):
    assert canonical(value, unit) == expected


def test_units_that_start_like_a_magnitude_are_kept_whole():
    assert canonical(50, "千瓦") == (50, "千瓦")
    assert canonical(3, "千米") == (3, "千米")
    assert canonical(2, "个百分点") == (2, "个百分点")
    assert canonical(5, "万") == (5, "万")


def test_split_unit():
    assert split_unit("万人次") == ("万", "人次")
    assert split_unit("亿元") == ("亿", "元")
    assert split_unit("%") == ("", "%")
    assert split_unit(" 万 吨 ") == ("万", "吨")


def test_binary_noise_is_rounded_away():
    assert canonical(4.77, "万人次")[0] == 47700


def test_same_quantity_across_magnitudes():
    assert same_quantity(0.4, "亿元", 4000, "万元")
    assert not same_quantity(4000, "万元", 4000, "元")
    assert not same_quantity(12, "万人", 12, "万人次")


def test_scale_factor_tells_a_dropped_wan():
    assert scale_factor(11, "万人", 11, "人") == 10000
    assert scale_factor(11, "万人", 11, "吨") is None


def test_schema_rejects_a_growth_not_in_percent():
    with pytest.raises(ValidationError, match="growth must be in %"):
        indicator("增长6.5万元", 6.5, unit="万元", measure="growth")


def test_schema_rejects_a_rate_level_not_in_percent():
    with pytest.raises(ValidationError, match="rate in %"):
        indicator("城镇登记失业率3.2万人", 3.2, unit="万人", measure="level", indicator="registered_unemployment")


def test_schema_rejects_an_amount_level_in_percent():
    with pytest.raises(ValidationError, match="is it a growth"):
        indicator("生产总值增长6.5%", 6.5, unit="%", measure="level", indicator="gdp")


def test_schema_accepts_the_usual_combinations():
    indicator("森林覆盖率达到48.2%", 48.2, unit="%", measure="level", indicator="forest_coverage")
    indicator("生产总值达到812.6亿元", 812.6, unit="亿元", measure="level", indicator="gdp")
    indicator("工业增加值占比31%", 31, unit="%", measure="level", indicator="industrial_value_added")


def test_schema_folds_a_full_width_percent_sign():
    assert indicator("生产总值增长6.5％", 6.5, unit="％").unit == "%"
