"""Subject and verb of an item, one phrase shape per test (sentences written for the tests)."""

from __future__ import annotations


def one(found):
    assert len(found) == 1, found
    return found[0]


def test_verb_subject_figure(items):
    it = one(items("今年新建污水处理厂3座。"))
    assert (it.action, it.subject, it.value, it.unit) == ("新建", "污水处理厂", 3, "座")


def test_subject_verb_figure(items):
    it = one(items("全市电商交易额达到85亿元。"))
    assert (it.action, it.subject, it.value, it.unit) == ("达到", "电商交易额", 85, "亿元")


def test_figure_before_its_subject(items):
    it = one(items("120名志愿者参与社区服务。"))
    assert (it.subject, it.value, it.unit) == ("志愿者", 120, "名")


def test_verb_figure_subject(items):
    it = one(items("围绕15个专题开展调研。"))
    assert (it.action, it.subject) == ("围绕", "专题")


def test_subject_figure_without_verb(items):
    it = one(items("城乡居民医保参保率96.5%。"))
    assert (it.subject, it.value, it.unit) == ("城乡居民医保参保率", 96.5, "%")


def test_subject_after_de(items):
    it = one(items("发放2300万元的助学金。"))
    assert (it.subject, it.value, it.unit) == ("助学金", 2300, "万元")


def test_named_examples_before_deng_are_dropped(items):
    it = one(items("建成东湖、西山等美丽乡村示范点12个。"))
    assert it.subject == "美丽乡村示范点"


def test_examples_then_count_then_subject(items):
    it = one(items("启动河东大桥、滨江路等9个市政项目。"))
    assert (it.subject, it.value) == ("市政项目", 9)


def test_joined_verbs(items):
    it = one(items("新建和改造农贸市场14个。"))
    assert (it.action, it.subject) == ("新建和改造", "农贸市场")


def test_bracketed_verb_variant(items):
    it = one(items("新（改）建村级活动场所26个。"))
    assert (it.action, it.subject) == ("新（改）建", "村级活动场所")


def test_investment_is_the_object_of_complete(items):
    it = one(items("水利项目完成投资6.2亿元。"))
    assert (it.action, it.subject) == ("完成", "投资")


def test_verb_before_a_noun_suffix_is_part_of_the_noun(items):
    it = one(items("建成区绿地面积扩大到560公顷。"))
    assert it.subject == "建成区绿地面积"


def test_rate_of_a_verb_is_a_noun(items):
    it = one(items("参保率达到97%。"))
    assert (it.subject, it.action) == ("参保率", "达到")


def test_adverbs_before_a_verb_are_trimmed(items):
    it = one(items("扎实推进老旧小区改造，高标准建设口袋公园30个。"))
    assert (it.action, it.subject) == ("建设", "口袋公园")


def test_adjective_before_a_noun_is_kept(items):
    it = one(items("建成高标准农田2.4万亩。"))
    assert it.subject == "高标准农田"


def test_scope_words_are_trimmed(items):
    it = one(items("全年共办理群众诉求4600件。"))
    assert (it.action, it.subject) == ("办理", "群众诉求")


def test_rate_per_head_is_not_the_subject(items):
    it = one(items("高龄津贴标准提高到每人每月200元。"))
    assert it.subject == "高龄津贴标准"


def test_money_for_what_follows_yong_yu(items):
    it = one(items("县财政安排5000万元用于乡村道路养护。"))
    assert it.subject.startswith("乡村道路")


def test_money_with_its_own_object_keeps_it(items):
    it = one(items("筹集资金9000万元用于校舍维修。"))
    assert (it.action, it.subject) == ("筹集", "资金")


def test_money_takes_the_project_of_the_next_clause(items):
    found = items("投资3.6亿元，建设标准化厂房12栋。")
    money = next(i for i in found if i.unit == "亿元")
    assert money.subject == "标准化厂房"


def test_figure_pair_counts_the_same_subject(items):
    found = items("帮扶86户312人脱贫户稳定增收。")
    assert [(i.value, i.unit, i.subject) for i in found] == [(86, "户", "脱贫户"), (312, "人", "脱贫户")]


def test_second_figure_right_after_the_first_takes_its_subject(items):
    found = items("风电项目获批6个85万千瓦。")
    assert [i.subject for i in found] == ["风电项目", "风电项目"]


def test_growth_without_subject_takes_the_previous_one(items):
    found = items("农产品加工产值达到46亿元、增长9.5%。")
    assert [(i.subject, i.unit) for i in found] == [("农产品加工产值", "亿元"), ("农产品加工产值", "%")]


def test_falling_rate_is_negative(items):
    it = one(items("道路交通事故起数下降12%。"))
    assert it.value == -12


def test_level_after_falling_is_not_negative(items):
    it = one(items("农村低收入人口占比下降至0.6%。"))
    assert it.value == 0.6


def test_verb_alone_is_its_own_subject(items):
    found = items("新建标准化养殖场40个、存栏12万头。")
    assert [(i.subject, i.value) for i in found] == [("标准化养殖场", 40), ("存栏", 12)]


def test_inner_measure_between_two_figures(items):
    found = items("建成3个总装机50万千瓦的风电项目。")
    assert [(i.value, i.unit, i.subject) for i in found] == [(3, "个", "风电项目"), (50, "万千瓦", "总装机")]


def test_threshold_inside_a_noun_phrase_is_not_an_item(items):
    found = items("年产值超亿元企业达到25家。")
    assert [(i.value, i.unit, i.subject) for i in found] == [(25, "家", "年产值超亿元企业")]


def test_threshold_with_de(items):
    found = items("集体经济收入10万元以上的村达到320个。")
    assert [(i.value, i.unit) for i in found] == [(320, "个")]


def test_examples_after_a_figure_give_way_to_what_deng_names(items):
    it = one(items("实施投资2.3亿元的河道清淤、堤防加固等水利工程。"))
    assert (it.subject, it.value, it.unit) == ("水利工程", 2.3, "亿元")


def test_money_is_not_counting_the_next_action(items):
    found = items("整合涉农资金1.6亿元实施项目85个。")
    assert [(i.subject, i.value) for i in found] == [("涉农资金", 1.6), ("项目", 85)]


def test_passive_ends_the_counted_noun(items):
    it = one(items("9个村被评为省级文明村。"))
    assert (it.subject, it.value, it.unit) == ("村", 9, "个")
