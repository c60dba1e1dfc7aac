"""Sections: headings of the genre split a report and say what each part is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.sections import SectionKind, heading_level, section_at, split_sections

REPORT = (
    "各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
    "一、2030年工作回顾\n过去一年，全市经济运行稳中向好。\n"
    "（一）产业发展取得新成效。新建厂房3座。\n"
    "二、2031年主要目标任务\n主要预期目标是：生产总值增长6%左右。\n"
    "三、2031年工作安排\n"
    "第一，推动产业升级。新建园区2个。\n"
    "第二，改善民生。新增学位500个。\n"
)


def _by_heading(sections):
    return {s.heading: s for s in sections}


def test_numbered_headings_give_kinds_and_years():
    secs = _by_heading(split_sections(REPORT))
    assert secs["一、2030年工作回顾"].kind is SectionKind.review
    assert secs["一、2030年工作回顾"].year == 2030
    assert secs["二、2031年主要目标任务"].kind is SectionKind.targets
    assert secs["三、2031年工作安排"].kind is SectionKind.plan
    # Sub-sections inherit their parent's kind and year.
    assert secs["（一）产业发展取得新成效"].kind is SectionKind.review
    assert secs["第二，改善民生"].kind is SectionKind.plan
    assert secs["第二，改善民生"].year == 2031
    assert secs["第二，改善民生"].path == ("三、2031年工作安排", "第二，改善民生")


def test_year_title_lines_are_headings():
    text = "前言。\n2030年工作回顾\n完成投资5亿元。\n2031年重点工作\n新建学校2所。\n"
    kinds = [(s.heading, s.kind) for s in split_sections(text)]
    assert ("2030年工作回顾", SectionKind.review) in kinds
    assert ("2031年重点工作", SectionKind.plan) in kinds


def test_body_lines_are_not_headings():
    assert heading_level("一年来，我们始终坚持稳中求进。") is None
    assert heading_level("2030年是关键之年，全市上下团结奋斗。") is None
    assert heading_level("2030年工作回顾") == 1
    assert heading_level("一、2030年工作回顾") == 2
    assert heading_level("(三)加快发展现代产业") == 3
    assert heading_level("第四，加强生态建设") == 3
    assert heading_level("——坚持创新驱动，发展动能持续增强。") == 3


def test_report_without_headings_is_one_section_classified_by_wording():
    text = "今年，我们将加快建设新型工业园区，力争新增企业20家，确保全年目标完成。"
    secs = split_sections(text)
    assert len(secs) == 1
    assert secs[0].kind is SectionKind.plan and secs[0].kind_source == "content"


def test_neutral_fragment_is_other():
    secs = split_sections("政府工作报告")
    assert [s.kind for s in secs] == [SectionKind.other]


def test_section_at_finds_the_holding_section():
    secs = split_sections(REPORT)
    off = REPORT.index("新增学位")
    assert section_at(secs, off).heading == "第二，改善民生"
    assert section_at(secs, 0).level == 0


@given(st.text(alphabet="一二三、（）()第，。\n年工作回顾安排目标0123456789abc ", max_size=300))
def test_sections_tile_any_text(text):
    secs = split_sections(text)
    assert secs[0].start == 0
    assert secs[-1].end == len(text)
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start


def test_numbered_parts_under_a_bare_title_inherit_its_kind():
    text = (
        "各位代表：\n2030年工作回顾\n一、产业发展迈出新步伐\n新建厂房3座。\n"
        "二、民生保障更加有力\n新增学位500个。\n2031年工作安排\n一、推动产业升级\n新建园区2个。\n"
    )
    secs = split_sections(text)
    review = [s for s in secs if s.heading in ("一、产业发展迈出新步伐", "二、民生保障更加有力")]
    assert [s.kind for s in review] == [SectionKind.review] * 2
    assert all(s.year == 2030 and s.kind_source == "parent" for s in review)
    plan = next(s for s in secs if s.heading == "一、推动产业升级")
    assert plan.kind is SectionKind.plan and plan.year == 2031


def test_titles_with_a_period_name_or_stray_letters_are_headings():
    assert heading_level("“十三五”和2030年工作回顾") == 1
    assert heading_level("2030年和过去五年工作回顾") == 1
    assert heading_level("2030年工作回顾zTB") == 1


def test_long_lines_keep_their_numbered_heading_levels():
    tail = "，着力推动产业转型升级，加快建设现代化产业体系，不断增强发展动能"
    assert heading_level("一、" + tail) == 2
    assert heading_level("（二）" + tail) == 3
    assert heading_level("第三，" + tail) == 3
    assert heading_level("——" + tail) == 3
    assert heading_level("4." + tail) == 4
    assert heading_level("５、" + tail) == 4  # a full-width digit is a digit too
    assert heading_level("全市上下" + tail) is None


def test_a_title_line_with_every_part_at_full_length_is_a_heading():
    # year (5) + 14 words + the longest kind (6) + colon + 4 stray letters: 30 characters.
    line = "2031年" + "青禾经济社会发展和民生事业的" + "主要预期目标" + "：" + "abcd"
    assert len(line) == 30
    assert heading_level(line) == 1
