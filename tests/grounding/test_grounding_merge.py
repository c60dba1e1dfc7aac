"""Merging: one fact per figure and place, conflicts flagged, lists and ranges kept."""

from __future__ import annotations

from extractor.merging import merge_indicators, merge_items
from extractor.schema import Alignment, Diagnostics

from tests.grounding.factories import ground, indicator, item

TEXT = (
    "全市生产总值增长6.2%。新建公园4个。"
    "今年新建公园4个，力争生产总值增长6%—6.5%。"
    "回顾全年，生产总值增长6.4%。"
)


def _grounded(*facts):
    indicators, items, _ = ground(TEXT, *facts)
    return indicators, items


def _gdp(evidence, value, **kw):
    return indicator(evidence, value, **kw)


def test_the_same_fact_from_two_overlapping_chunks_appears_once():
    (a,), _ = _grounded(_gdp("生产总值增长6.2%", 6.2))
    diag = Diagnostics()
    merged = merge_indicators([a, a.model_copy()], diag)
    assert merged == [a]
    assert diag.counts == {"duplicates_merged": 1}


def test_a_restated_figure_keeps_its_first_occurrence():
    first, _ = _grounded(_gdp("生产总值增长6.2%", 6.2))
    later = _gdp("生产总值增长6.2%", 6.2).model_copy(update={"start": 80, "end": 90})
    merged = merge_indicators([later, first[0]], Diagnostics())
    assert merged == first


def test_two_values_for_one_key_are_both_kept_and_flagged():
    (a, b), _ = _grounded(_gdp("生产总值增长6.2%", 6.2), _gdp("生产总值增长6.4%", 6.4))
    diag = Diagnostics()
    merged = merge_indicators([a, b], diag)
    assert [(f.value, f.conflict) for f in merged] == [(6.2, True), (6.4, True)]
    assert diag.counts == {"conflicts": 2}


def test_a_range_in_one_span_is_not_a_conflict():
    low = _gdp("生产总值增长6%—6.5%", 6, period="target", qualifier="at_least")
    high = _gdp("生产总值增长6%—6.5%", 6.5, period="target", qualifier="at_most")
    grounded, _ = _grounded(low, high)
    diag = Diagnostics()
    merged = merge_indicators(grounded, diag)
    assert [(f.value, f.conflict) for f in merged] == [(6, None), (6.5, None)]
    assert "conflicts" not in diag.counts


def test_a_range_and_a_different_figure_elsewhere_all_conflict():
    low = _gdp("生产总值增长6%—6.5%", 6, qualifier="at_least")
    high = _gdp("生产总值增长6%—6.5%", 6.5, qualifier="at_most")
    grounded, _ = _grounded(_gdp("生产总值增长6.2%", 6.2), low, high)
    merged = merge_indicators(grounded, Diagnostics())
    assert all(f.conflict for f in merged) and len(merged) == 3


def test_different_keys_never_conflict():
    (a, b), _ = _grounded(_gdp("生产总值增长6.2%", 6.2), _gdp("生产总值增长6.4%", 6.4, year=2029))
    merged = merge_indicators([a, b], Diagnostics())
    assert [f.conflict for f in merged] == [None, None]


def test_a_fenbie_list_keeps_every_member():
    text = "城镇和农村居民收入分别增长5%和7.5%。"
    urban = indicator("城镇和农村居民收入分别增长5%和7.5%", 5, indicator="urban_income")
    rural = indicator("城镇和农村居民收入分别增长5%和7.5%", 7.5, indicator="rural_income")
    grounded, _, _ = ground(text, urban, rural)
    assert len(merge_indicators(grounded, Diagnostics())) == 2


def test_items_with_one_figure_and_different_subjects_in_one_span_all_stay():
    text = "污水处理率、垃圾清运率、路灯亮灯率均达到100%。"
    ev = "污水处理率、垃圾清运率、路灯亮灯率均达到100%"
    facts = [item(ev, 100, "%", s) for s in ("污水处理率", "垃圾清运率", "路灯亮灯率")]
    _, grounded, _ = ground(text, *facts)
    diag = Diagnostics()
    assert [i.subject for i in merge_items(grounded, diag)] == ["污水处理率", "垃圾清运率", "路灯亮灯率"]
    assert diag.counts == {}


def test_the_same_item_seen_by_two_chunks_is_kept_once():
    _, (a,) = _grounded(item("新建公园4个", 4, "个", "公园"))
    diag = Diagnostics()
    assert merge_items([a, a.model_copy()], diag) == [a]
    assert diag.counts == {"duplicates_merged": 1}


def test_overlapping_spans_with_a_similar_subject_are_one_item():
    _, (a,) = _grounded(item("新建公园4个", 4, "个", "公园"))
    b = a.model_copy(update={"subject": "城市公园", "start": a.start - 2, "evidence": TEXT[a.start - 2 : a.end]})
    assert len(merge_items([a, b], Diagnostics())) == 1


def test_the_better_aligned_duplicate_is_kept():
    _, (a,) = _grounded(item("新建公园4个", 4, "个", "公园"))
    fuzzy = a.model_copy(update={"alignment": Alignment.fuzzy, "start": a.start - 1, "evidence": TEXT[a.start - 1 : a.end]})
    assert merge_items([fuzzy, a], Diagnostics()) == [a]


def test_a_figure_achieved_and_planned_is_two_items():
    achieved = item("新建公园4个", 4, "个", "公园")
    planned = item("今年新建公园4个", 4, "个", "公园", status="planned")
    _, grounded = _grounded(achieved, planned)
    assert [i.status.value for i in merge_items(grounded, Diagnostics())] == ["achieved", "planned"]


def test_a_restated_item_with_the_same_status_counts_once():
    text = "新建公园4个。……总结：新建公园4个。"
    first, second = text.index("新建公园4个"), text.rindex("新建公园4个")
    a = item("新建公园4个", 4, "个", "公园", start=first, end=first + 6)
    b = item("新建公园4个", 4, "个", "公园", start=second, end=second + 6)
    _, grounded, _ = ground(text, a, b)
    assert merge_items(grounded, Diagnostics()) == grounded[:1]


def test_different_figures_in_one_span_are_different_items():
    text = "新增1—2个示范区。"
    low = item("新增1—2个示范区", 1, "个", "示范区", qualifier="at_least")
    high = item("新增1—2个示范区", 2, "个", "示范区", qualifier="at_most")
    _, grounded, _ = ground(text, low, high)
    assert len(merge_items(grounded, Diagnostics())) == 2


def test_merging_is_in_document_order():
    _, items = _grounded(item("今年新建公园4个", 4, "个", "公园", status="planned"), item("新建公园4个", 4, "个", "公园"))
    merged = merge_items(items, Diagnostics())
    assert [i.start for i in merged] == sorted(i.start for i in merged)
