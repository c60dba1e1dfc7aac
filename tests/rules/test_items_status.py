"""Status, sector, qualifier and evidence offsets of items."""

from __future__ import annotations

import pytest

from extractor.grounding import value_in_evidence
from extractor.schema import Qualifier, Sector, Status
from extractor.sections import SectionKind


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (SectionKind.review, Status.achieved),
        (SectionKind.plan, Status.planned),
        (SectionKind.targets, Status.planned),
    ],
)
def test_section_kind_sets_the_status(items, kind, status):
    [it] = items("建成幸福院16所。", kind)
    assert it.status is status


def test_plan_cue_in_a_review_section(items):
    found = items("谋划储备项目58个，计划总投资96亿元。", SectionKind.review)
    assert [(i.value, i.status) for i in found] == [(58, Status.achieved), (96, Status.planned)]


def test_a_plan_of_the_year_is_not_a_plan_cue(items):
    found = items("完成投资88亿元，占年度计划的104%。", SectionKind.review)
    assert {i.status for i in found} == {Status.achieved}


def test_past_cue_in_a_plan_section(items):
    [it] = items("已建成智慧停车泊位3000个。", SectionKind.plan)
    assert it.status is Status.achieved


def test_unclassified_section_reads_its_wording(items):
    [it] = items("一年来，我们建成了村级综合服务站40个。", SectionKind.other)
    assert it.status is Status.achieved


def test_qualifiers(items):
    found = items("培训新型农民5000人次以上，改造危房300户左右，办理事项2.1万余件。")
    assert [i.qualifier for i in found] == [Qualifier.at_least, Qualifier.approx, Qualifier.at_least]


def test_round_amounts_in_chinese(items):
    found = items("数字经济规模超千亿元，新探明锂矿资源近百万吨。")
    assert [(i.value, i.unit, i.qualifier) for i in found] == [
        (1000, "亿元", Qualifier.at_least),
        (100, "万吨", Qualifier.approx),
    ]


def test_chinese_count(items):
    [it] = items("建成三座水厂。")
    assert (it.value, it.unit, it.subject) == (3, "座", "水厂")


def test_full_width_and_spaced_figures(items):
    found = items("培训农民５０００人次，完成造林 3.5 万亩。")
    assert [(i.value, i.unit) for i in found] == [(5000, "人次"), (3.5, "万亩")]


def test_sectors_from_the_subject(items):
    found = items("新建5G基站300个，建成高标准农田2万亩，改造老旧小区12个。")
    assert [i.sector for i in found] == [Sector.digital_science, Sector.agriculture, Sector.urban_rural]


def test_sector_from_the_section_heading(items):
    [it] = items("新增项目15个。", path=("七、加强生态环境保护",))
    assert it.sector is Sector.ecology


def test_evidence_is_a_verbatim_span_holding_the_value(items):
    text = (
        "一年来，全州新建农村公路380公里、桥梁12座；肉、奶产量分别达到3.2万吨、1.1万吨，"
        "同比分别增长4%、6%；投资2亿元，建设冷链仓储中心3个；帮扶86户312人稳定增收。"
    )
    offset = 500
    found = items(text, offset=offset)
    assert len(found) == 10
    for it in found:
        assert text[it.start - offset : it.end - offset] == it.evidence
        assert value_in_evidence(it.value, it.unit, it.evidence)


def test_a_figure_restated_is_kept_once(items):
    found = items("新建村卫生室45所。其中，新建村卫生室45所已投入使用。")
    assert [(i.subject, i.value) for i in found] == [("村卫生室", 45)]


def test_sector_from_the_sentence_before_a_generic_subject(items):
    found = items("实施退化草原修复项目12个，完成投资6300万元。")
    assert [i.sector for i in found] == [Sector.ecology, Sector.ecology]
