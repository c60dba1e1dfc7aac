"""Sector of a quantified item by keyword; sentences written for the tests."""

from __future__ import annotations

from extractor.backends.rules.lexicon_sectors import classify_sector
from extractor.schema import Sector


def sector(subject: str, context: str = "") -> Sector:
    return classify_sector(subject, (context,), ())


def test_public_finance_is_economy():
    assert sector("财政收入") is Sector.economy
    assert sector("地方公共财政支出") is Sector.economy
    assert sector("税费收入") is Sector.economy


def test_industrial_parks_are_industry():
    assert sector("高新区产值") is Sector.industry_energy
    assert sector("经济技术开发区产值") is Sector.industry_energy


def test_a_farm_park_stays_agriculture():
    assert sector("现代农业园区") is Sector.agriculture
    assert sector("涉农园区") is Sector.agriculture


def test_a_place_name_with_forest_in_it_is_not_ecology():
    # 林 alone is no keyword: in a place name it says nothing of forests.
    assert sector("青林镇集贸市场摊位") is not Sector.ecology
    assert sector("公益林管护面积") is Sector.ecology


def test_study_is_not_schooling():
    assert sector("集体学习") is not Sector.education
    assert sector("新建学校") is Sector.education
