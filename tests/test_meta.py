"""Report meta: region, admin level, review and plan year.

Texts are written for the tests; the last test runs the bundled reports
against their gold meta.
"""

from __future__ import annotations

import re

import pytest

from extractor.meta import _speaker_spans, detect_meta, gazetteer, self_names, short_name, trie_pattern
from extractor.schema import ReportMeta
from extractor.sections import split_sections


def meta_of(text: str) -> tuple:
    m = detect_meta(text, split_sections(text))
    return (m.region, m.admin_level.value if m.admin_level else None, m.review_year, m.plan_year)


COUNTY = """若尔盖县人民政府工作报告
——2031年1月15日在若尔盖县第十八届人民代表大会第四次会议上
各位代表：
现在，我代表县人民政府向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，在州委、州政府和县委的坚强领导下，全县上下认真落实阿坝州决策部署。阿坝州考核我县位列全州第三。四川省下达的任务全面完成。
二、2031年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%。
"""

LEAGUE = """政府工作报告
——2031年2月20日在锡林郭勒盟第十届人民代表大会第三次会议上
各位代表：
现在，我代表盟行政公署向大会报告工作，请予审议。
一、2030年工作回顾
一年来，全盟经济运行总体平稳，内蒙古自治区下达的各项任务圆满完成。
二、2031年工作安排
"""

DISTRICT_PREFECTURE = """阿里地区行政公署工作报告
——2031年1月20日在阿里地区第三届人民代表大会第五次会议上
各位代表：
现在，我代表地区行署向大会报告工作。
一、2030年工作回顾
过去一年，在自治区党委、政府和地委的坚强领导下，全地区各族干部群众团结奋斗。西藏自治区考核全地区位列前列。
二、2031年工作任务
"""

PROVINCE = """政府工作报告
——2031年1月22日在云南省第十五届人民代表大会第三次会议上
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，全省上下团结奋斗。昆明市、大理白族自治州等地发展良好。
二、2031年工作安排
"""

MUNICIPALITY = """政府工作报告
——2031年1月18日在重庆市第七届人民代表大会第三次会议上
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2030年工作回顾
过去一年，全市上下团结奋斗。
二、2031年工作安排
"""

COUNTY_CITY_UNDER_NAMESAKE = """玉树市政府工作报告
——2031年1月10日在玉树市第五届人民代表大会第三次会议上
各位代表：
现在，我代表市人民政府向大会报告工作。
一、2030年工作回顾
过去一年，在玉树州委、州政府和市委的坚强领导下，全市经济平稳。玉树州下达的各项目标任务全面完成，州委、州政府给予充分肯定。
二、2031年工作安排
"""

FORMER_NAME = """政府工作报告
——2017年1月10日在那曲地区第二届人民代表大会第五次会议上
各位代表：
现在，我代表那曲地区行署向大会报告工作。
一、2016年工作回顾
过去一年，全地区上下团结奋斗。自治区党委、政府高度重视那曲发展。
二、2017年工作安排
"""

NEWSPAPER_FRAGMENT = """国内统一刊号 中共黄南州委机关报·黄南日报社出版



2031年01月12日

政府工作报告

(上接第一版)全州城镇新增就业3000人以上。深入实施乡村振兴战略，建设示范村20个。
第二，聚焦生态建设，推动全州绿色发展
完成国土绿化10万亩。
"""

COMPILATION_FRAGMENT = """2031年省区市政府工作报告汇编32篇(第40/88页)
实现全年目标任务，要重点把握以下几个方面。牢牢把握云南发展的阶段性特征，让发展成果更多惠及全省各族人民。
今年，将重点做好以下八个方面工作。
(一)加快发展现代产业。全省粮食产量稳定在1900万吨以上。
"""

NO_YEAR_HEADINGS = """那曲市政府工作报告
——在那曲市第二届人民代表大会第六次会议上
各位代表：
现在，我代表市人民政府向大会报告工作。
一、过去一年工作回顾
2030年，全市上下团结奋斗。2030年是极不平凡的一年。
二、今年工作安排
2031年是新征程的开局之年。
"""

DECEMBER_MEETING = """政府工作报告
——2030年12月28日在昌都市第三届人民代表大会第四次会议上
各位代表：
现在，我代表市人民政府向大会报告工作。
一、今年工作回顾
今年以来，全市上下团结奋斗。
二、明年工作安排
"""

SHORT_COUNTY_NAME_IN_A_PHRASE = """政府工作报告
——2022年1月12日在米林县第十七届人民代表大会第一次会议上
各位代表：
现在，我代表县人民政府向大会报告工作。
一、2021年工作回顾
过去一年，在林芝市委、市政府和县委的坚强领导下，全县上下团结奋斗。林芝市考核。林芝市表彰。
二、2022年工作安排
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (COUNTY, ("若尔盖县", "county", 2030, 2031)),
        (LEAGUE, ("锡林郭勒盟", "prefecture", 2030, 2031)),
        (DISTRICT_PREFECTURE, ("阿里地区", "prefecture", 2030, 2031)),
        (PROVINCE, ("云南省", "province", 2030, 2031)),
        (MUNICIPALITY, ("重庆市", "province", 2030, 2031)),
        (COUNTY_CITY_UNDER_NAMESAKE, ("玉树市", "county", 2030, 2031)),
        (FORMER_NAME, ("那曲地区", "prefecture", 2016, 2017)),
        (NEWSPAPER_FRAGMENT, ("黄南藏族自治州", "prefecture", 2030, 2031)),
        (COMPILATION_FRAGMENT, ("云南省", "province", 2030, 2031)),
        (NO_YEAR_HEADINGS, ("那曲市", "prefecture", 2030, 2031)),
        (DECEMBER_MEETING, ("昌都市", "prefecture", 2030, 2031)),
        (SHORT_COUNTY_NAME_IN_A_PHRASE, ("米林县", "county", 2021, 2022)),
    ],
)
def test_meta(text, expected):
    assert meta_of(text) == expected


def test_nothing_to_go_on():
    assert meta_of("各位代表：过去一年，全县经济平稳。今年，全县继续努力。") == (None, None, None, None)


def test_a_report_date_late_in_the_year_plans_for_the_next():
    assert meta_of("2030年11月30日\n政府工作报告\n全州经济平稳。")[2:] == (2030, 2031)


def test_year_headings_outweigh_a_reprint_date():
    text = "2031年08月05日 来源：本网\n" + COUNTY.split("\n", 1)[1]
    assert meta_of(text)[2:] == (2030, 2031)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("甘南藏族自治州", "甘南"),
        ("西藏自治区", "西藏"),
        ("内蒙古自治区", "内蒙古"),
        ("阿坝藏族羌族自治州", "阿坝"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("阿里地区", "阿里"),
        ("囊谦县", "囊谦"),
    ],
)
def test_short_names(name, short):
    assert short_name(name) == short


def test_self_names():
    assert self_names("黄南藏族自治州") == ("黄南藏族自治州", "黄南州", "黄南")
    assert self_names(None) == ()


def test_trie_pattern_prefers_the_longest_name():
    import re

    pattern = re.compile(trie_pattern(["甘南", "甘南州", "甘南藏族自治州", "甘肃"]))
    assert [m.group() for m in pattern.finditer("甘南藏族自治州，甘南州，甘肃，甘南")] == [
        "甘南藏族自治州",
        "甘南州",
        "甘肃",
        "甘南",
    ]


def test_gazetteer_marks_former_names():
    former = {r.name for r in gazetteer() if r.former}
    assert "那曲地区" in former and "那曲市" not in former


def test_bundled_reports_meta(gold_docs, report_texts):
    """The bundled reports against their gold meta (a regression check)."""
    for doc_id, gold in gold_docs.items():
        text = report_texts[doc_id]
        assert detect_meta(text, split_sections(text)) == ReportMeta.model_validate(gold.meta.model_dump())


# A county whose report names only its province, typeset from a PDF: spaced
# dates, and a district name ("矿区") that is a plain noun in the text.
SPACED_COUNTY = """政 府 工 作 报 告
——2031 年 2 月 9 日在县第十二届人民代表大会第三次会议上
各位代表:
现在,我代表县人民政府向大会报告工作,请予审议。
一、2030 年工作回顾
2030 年,我们全面落实云南各项部署,完成老矿区生态修复,全县经济稳中有进。
"""


def test_spaced_dates_give_the_years():
    assert meta_of(SPACED_COUNTY)[2:] == (2030, 2031)


def test_a_speaker_whose_kind_is_never_named_gives_a_level_but_no_region():
    assert meta_of(SPACED_COUNTY)[:2] == (None, "county")


def test_a_generic_district_name_in_running_text_is_no_region():
    text = "各位代表:\n全区城区面貌持续改善,矿区治理全面完成。\n"
    assert meta_of(text)[0] is None


WRAPPED_MEETING_LINE = """政府工作报告
——2031年1月12日在怒江傈僳族自治州第十一届
人民代表大会第四次会议上
各位代表:
现在,我代表州人民政府向大会报告工作。
“十五五”时期的工作回顾
全州各族群众团结奋斗,各项事业取得新进展。
"""


def test_meeting_line_broken_across_two_lines():
    assert meta_of(WRAPPED_MEETING_LINE) == ("怒江傈僳族自治州", "prefecture", 2030, 2031)


@pytest.mark.parametrize(
    "text",
    [
        "青禾县人民政府办公室发布。我代表青禾县人民政府，向大会报告政府工作。",
        "在青禾市第十五届人民代表大会第三次会议上，青禾市人民政府工作报告。",
        "东岭州行政公署，ab人民政府，东岭州委机关报刊发。",
    ],
)
def test_speaker_spans_are_those_of_the_frame_pattern(text):
    # _speaker_spans reads the frames backwards; it must find what the plain
    # left-to-right pattern finds.
    pattern = re.compile(
        r"(?P<name>[\u4e00-\u9fff]{2,12}?)(?:人民政府|行政公署|政府工作报告|第[一二三四五六七八九十]+届人民代表大会|委机关报)"
    )
    expected = [m.span("name") for m in pattern.finditer(text)]
    assert expected
    assert _speaker_spans(text) == expected


def test_bare_names_are_those_of_the_whole_trie_scan():
    from extractor.meta import _name_index, _name_matches

    index = _name_index()
    bare = sorted(f for f in index.forms if f[-1] not in "省市州县区盟旗")
    # Names back to back, overlapping and inside words, as a scan meets them.
    text = "".join(bare[i] + bare[i + 1][:1] + "的" for i in range(0, 60, 3)) + bare[0] + bare[0]
    expected = [(m.start(), m.end(), m.group()) for m in index.bare.finditer(text)]
    assert expected
    found = [x for x in _name_matches(text) if x[2][-1] not in "省市州县区盟旗"]
    assert found == expected
