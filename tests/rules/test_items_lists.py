"""Enumerations, 分别/均/各 lists and ranges give one item per figure or member."""

from __future__ import annotations


def rows(found):
    return [(i.subject, i.value, i.unit) for i in found]


def test_enumeration_shares_the_verb(items):
    found = items("新建公厕40座、停车场12个。")
    assert rows(found) == [("公厕", 40, "座"), ("停车场", 12, "个")]
    assert [i.action for i in found] == ["新建", "新建"]


def test_enumeration_with_he(items):
    found = items("命名示范单位30个和示范个人45人。")
    assert rows(found) == [("示范单位", 30, "个"), ("示范个人", 45, "人")]


def test_list_break_only_keeps_the_subject(items):
    found = items("新建城市道路8条、26公里。")
    assert rows(found) == [("城市道路", 8, "条"), ("城市道路", 26, "公里")]


def test_fenbie_pairs_members_in_order_sharing_their_head(items):
    found = items("水稻、玉米、小麦种植面积分别达到12万亩、8万亩、3万亩。")
    assert rows(found) == [
        ("水稻种植面积", 12, "万亩"),
        ("玉米种植面积", 8, "万亩"),
        ("小麦种植面积", 3, "万亩"),
    ]


def test_fenbie_with_full_members(items):
    found = items("火灾起数、受伤人数分别下降20%、35%。")
    assert rows(found) == [("火灾起数", -20, "%"), ("受伤人数", -35, "%")]


def test_fenbie_after_figures_pairs_with_them(items):
    found = items("发电量18亿千瓦时、产值9亿元，同比分别增长12%、15%。")
    assert rows(found) == [
        ("发电量", 18, "亿千瓦时"),
        ("产值", 9, "亿元"),
        ("发电量", 12, "%"),
        ("产值", 15, "%"),
    ]


def test_fenbie_with_one_subject_for_all_figures(items):
    found = items("城乡特困供养标准分别提高到每人每月900元、650元。")
    assert rows(found) == [("城乡特困供养标准", 900, "元"), ("城乡特困供养标准", 650, "元")]


def test_fenbie_with_a_shared_object(items):
    found = items("分别完成年度任务的112%、108%。")
    assert rows(found) == [("年度任务", 112, "%"), ("年度任务", 108, "%")]


def test_jun_gives_one_item_per_member(items):
    found = items("生活垃圾分类覆盖率、无害化处理率均达到100%。")
    assert rows(found) == [("生活垃圾分类覆盖率", 100, "%"), ("无害化处理率", 100, "%")]


def test_rates_listed_before_one_figure(items):
    found = items("饮用水水源地水质达标率、地表水优良率保持“百分之百”。")
    assert rows(found) == [("饮用水水源地水质达标率", 100, "%"), ("地表水优良率", 100, "%")]


def test_ge_gives_one_item_per_parallel_member(items):
    found = items("创建省级、市级示范村各5个。")
    assert rows(found) == [("省级示范村", 5, "个"), ("市级示范村", 5, "个")]


def test_a_list_of_works_with_one_figure_is_one_item(items):
    found = items("完成荒山造林、退化林修复、封山育林18万亩。")
    assert rows(found) == [("荒山造林、退化林修复、封山育林", 18, "万亩")]


def test_range_gives_two_items(items):
    from extractor.schema import Qualifier

    found = items("新增国家级示范基地1—2个。")
    assert rows(found) == [("国家级示范基地", 1, "个"), ("国家级示范基地", 2, "个")]
    assert [i.qualifier for i in found] == [Qualifier.at_least, Qualifier.at_most]


def test_subtotal_after_qizhong(items):
    found = items("新增市场主体5000户，其中企业1200户。")
    assert rows(found) == [("市场主体", 5000, "户"), ("企业", 1200, "户")]


def test_medals(items):
    found = items("在全省运动会上获得5金3银2铜。")
    assert rows(found) == [("金牌", 5, "枚"), ("银牌", 3, "枚"), ("铜牌", 2, "枚")]
