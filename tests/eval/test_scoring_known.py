"""Known-answer tests: small hand-built cases with their numbers worked out."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest
from eval_builders import TEXT, doc, evaluate_one, evidence_span, gold_doc, ind, item, kinds, score

from extractor.evaluation.scoring import Counts, fact_span, subject_similarity
from extractor.schema import Diagnostics, UngroundedFact


def layer(ev, name):
    s = ev.metrics.layer(name)
    return (s.tp, s.n_pred, s.n_gold, s.precision, s.recall, s.f1)


def changed(fact, update):
    """A validated copy (model_copy would leave enum fields as plain strings)."""
    return type(fact).model_validate({**fact.model_dump(), **update})


def with_items(base, items):
    return changed(base, {"items": items})


def with_indicators(base, indicators):
    return changed(base, {"indicators": indicators})


def test_perfect_prediction_scores_one_everywhere():
    gold = gold_doc()
    ev = evaluate_one(gold, gold)
    assert layer(ev, "indicators") == (4, 4, 4, 1.0, 1.0, 1.0)
    assert layer(ev, "items_loose") == (4, 4, 4, 1.0, 1.0, 1.0)
    assert layer(ev, "items_strict") == (4, 4, 4, 1.0, 1.0, 1.0)
    assert ev.metrics.errors == {"indicators": {}, "items_loose": {}, "items_strict": {}}


def test_empty_prediction_scores_zero_and_misses_everything():
    ev = evaluate_one(doc(), gold_doc())
    # Nothing predicted: precision 0 (not 1) when the gold has facts.
    assert layer(ev, "indicators") == (0, 0, 4, 0.0, 0.0, 0.0)
    assert layer(ev, "items_strict") == (0, 0, 4, 0.0, 0.0, 0.0)
    assert kinds(ev, "indicators") == {"missed": 4}
    assert kinds(ev, "items_loose") == {"missed": 4}


def test_no_line_for_a_document_counts_as_all_missed_with_all_gold():
    ev = evaluate_one(None, gold_doc())
    assert layer(ev, "items_loose") == (0, 0, 4, 0.0, 0.0, 0.0)
    assert ev.metrics.documents["t1"].status == "missing"


def test_one_wrong_indicator_value():
    gold = gold_doc()
    wrong = list(gold.indicators)
    wrong[1] = changed(wrong[1], {"value": 6.3})  # 增长6.1% read as 6.3
    ev = evaluate_one(with_indicators(gold, wrong), gold)
    # 3 of 4 keys agree: P = R = F1 = 3/4.
    assert layer(ev, "indicators") == (3, 4, 4, 0.75, 0.75, 0.75)
    assert kinds(ev, "indicators") == {"wrong_value": 1}
    assert layer(ev, "items_strict")[3:] == (1.0, 1.0, 1.0)


def test_unit_normalisation_makes_wan_renci_equal_to_renci():
    gold = gold_doc()
    same = list(gold.indicators)
    same[2] = changed(same[2], {"value": 47700, "unit": "人次"})  # 4.77万人次 = 47700人次
    ev = evaluate_one(with_indicators(gold, same), gold)
    assert layer(ev, "indicators") == (4, 4, 4, 1.0, 1.0, 1.0)


def test_unit_scale_error_on_an_indicator():
    gold = gold_doc()
    scaled = list(gold.indicators)
    scaled[2] = changed(scaled[2], {"unit": "人次"})  # 4.77 人次: off by 10^4
    ev = evaluate_one(with_indicators(gold, scaled), gold)
    assert layer(ev, "indicators") == (3, 4, 4, 0.75, 0.75, 0.75)
    assert kinds(ev, "indicators") == {"wrong_scale": 1}


def test_unit_scale_error_on_an_item():
    gold = gold_doc()
    scaled = list(gold.items)
    scaled[2] = changed(scaled[2], {"unit": "万亩"})  # 7200万亩 for 7200亩
    ev = evaluate_one(with_items(gold, scaled), gold)
    assert layer(ev, "items_loose") == (3, 4, 4, 0.75, 0.75, 0.75)
    assert kinds(ev, "items_loose") == {"wrong_scale": 1}


def test_fenbie_pair_swapped_in_indicators():
    ev_text = "城镇和农村居民人均可支配收入分别增长4.5%和8.2%"
    gold = doc([ind("urban_income", 4.5, ev_text), ind("rural_income", 8.2, ev_text)])
    swapped = doc([ind("urban_income", 8.2, ev_text), ind("rural_income", 4.5, ev_text)])
    ev = evaluate_one(swapped, gold)
    # Neither key exists in the gold: 0 of 2 on both sides.
    assert layer(ev, "indicators") == (0, 2, 2, 0.0, 0.0, 0.0)
    assert kinds(ev, "indicators") == {"wrong_value": 2}


def test_fenbie_pair_swapped_in_items():
    text = "新建污水处理厂3座、垃圾转运站12个。"
    span = "新建污水处理厂3座、垃圾转运站12个"
    gold = doc(items=[item("污水处理厂", 3, "座", span), item("垃圾转运站", 12, "个", span)])
    swapped = doc(items=[item("垃圾转运站", 3, "座", span), item("污水处理厂", 12, "个", span)])
    ev = evaluate_one(swapped, gold, text)
    # Loose: each figure stands at its gold's place, so both match.
    assert layer(ev, "items_loose") == (2, 2, 2, 1.0, 1.0, 1.0)
    # Strict: the subjects share no character (ratio 0 < 0.6), so neither matches.
    assert SequenceMatcher(None, "垃圾转运站", "污水处理厂").ratio() == 0.0
    assert layer(ev, "items_strict") == (0, 2, 2, 0.0, 0.0, 0.0)
    assert kinds(ev, "items_strict") == {"wrong_subject": 2}


def test_duplicate_indicators_in_the_prediction_count_once():
    gold = gold_doc()
    twice = with_indicators(gold, [*gold.indicators, gold.indicators[0]])
    ev = evaluate_one(twice, gold)
    assert layer(ev, "indicators") == (4, 4, 4, 1.0, 1.0, 1.0)
    assert kinds(ev, "indicators") == {}


def test_duplicate_item_costs_precision_and_is_named():
    gold = gold_doc()
    twice = with_items(gold, [*gold.items, gold.items[2]])
    ev = evaluate_one(twice, gold)
    # One to one: 4 of 5 predictions match; P = 4/5, R = 1, F1 = 2·0.8·1/1.8 = 8/9.
    tp, n_pred, n_gold, p, r, f1 = layer(ev, "items_loose")
    assert (tp, n_pred, n_gold, p, r) == (4, 5, 4, 0.8, 1.0)
    assert f1 == pytest.approx(8 / 9, abs=1e-4)
    assert kinds(ev, "items_loose") == {"duplicate": 1}


def test_item_matched_by_location_with_a_different_subject():
    gold = gold_doc()
    other = list(gold.items)
    other[2] = changed(other[2], {"subject": "农田水利设施"})
    ev = evaluate_one(with_items(gold, other), gold)
    # Same figure (7200亩) at the same place: a loose match.
    assert layer(ev, "items_loose") == (4, 4, 4, 1.0, 1.0, 1.0)
    # Strict: "农田" is the only common block: 2·2 / (6 + 5) = 0.364 < 0.6.
    assert subject_similarity("农田水利设施", "高标准农田") == pytest.approx(4 / 11)
    assert layer(ev, "items_strict") == (3, 4, 4, 0.75, 0.75, 0.75)
    assert kinds(ev, "items_strict") == {"wrong_subject": 1}
    assert kinds(ev, "items_loose") == {}


def test_wrong_status_fails_strict_only():
    gold = gold_doc()
    other = list(gold.items)
    other[3] = changed(other[3], {"status": "achieved"})
    ev = evaluate_one(with_items(gold, other), gold)
    assert layer(ev, "items_loose")[:3] == (4, 4, 4)
    assert layer(ev, "items_strict")[:3] == (3, 4, 4)
    assert kinds(ev, "items_strict") == {"wrong_status": 1}


def test_wrong_period_of_an_indicator():
    gold = gold_doc()
    moved = list(gold.indicators)
    moved[3] = changed(moved[3], {"period": "actual", "year": 2023})  # the 2024 target as a 2023 result
    ev = evaluate_one(with_indicators(gold, moved), gold)
    assert layer(ev, "indicators") == (3, 4, 4, 0.75, 0.75, 0.75)
    assert kinds(ev, "indicators") == {"wrong_period": 1}


def test_item_whose_evidence_is_not_in_the_report_is_ungrounded_and_a_false_positive():
    gold = gold_doc()
    invented = with_items(gold, [*gold.items, item("体育馆", 2, "座", "新建体育馆2座")])
    ev = evaluate_one(invented, gold)
    assert layer(ev, "items_loose")[:3] == (4, 5, 4)
    assert kinds(ev, "items_loose") == {"ungrounded": 1}


def test_spurious_item_from_the_report():
    gold = gold_doc()
    extra = item("农村居民人均可支配收入", 8.2, "%", "城镇和农村居民人均可支配收入分别增长4.5%和8.2%")
    ev = evaluate_one(with_items(gold, [*gold.items, extra]), gold)
    assert layer(ev, "items_strict")[:3] == (4, 5, 4)
    assert kinds(ev, "items_strict") == {"spurious": 1}


def test_dropped_facts_in_diagnostics_are_listed_but_do_not_score():
    gold = gold_doc()
    dropped = UngroundedFact(layer="items", chunk=0, reason="evidence not found in its chunk",
                             fact={"subject": "体育馆", "value": 2, "unit": "座", "evidence": "新建体育馆2座"})
    pred = changed(gold, {"diagnostics": Diagnostics(ungrounded=[dropped])})
    ev = evaluate_one(pred, gold)
    assert layer(ev, "items_loose") == (4, 4, 4, 1.0, 1.0, 1.0)
    assert kinds(ev, "items_loose") == {"ungrounded": 1}
    assert kinds(ev, "indicators") == {}


def test_each_prediction_takes_the_most_similar_gold_item():
    text = "新建学校5所、医院5所。"
    span = "新建学校5所、医院5所"
    gold = doc(items=[item("学校", 5, "所", span), item("医院", 5, "所", span)])
    pred = doc(items=[item("医院", 5, "所", span)])
    result = score(pred, gold, text)
    # Both gold items are candidates (same figure, same place); 医院 is the more similar.
    assert result.items_loose.pairs == [(0, 1)]
    assert result.items_strict.pairs == [(0, 1)]


def test_offsets_and_first_occurrence_give_the_same_scores():
    gold = gold_doc()
    placed = with_items(gold, [
        i.model_copy(update=dict(zip(("start", "end"), evidence_span(TEXT, i.evidence)))) for i in gold.items
    ])
    a, b = evaluate_one(placed, gold), evaluate_one(gold, gold)
    for name in ("indicators", "items_loose", "items_strict"):
        assert layer(a, name) == layer(b, name)


def test_offsets_that_miss_the_evidence_are_relocated():
    text = "建成公园2个。另建成公园2个。"
    fact = item("公园", 2, "个", "建成公园2个", start=8, end=14)  # points at the second occurrence
    assert text[8:14] == "建成公园2个"
    assert fact_span(fact, text) == (8, 14)
    wrong = changed(fact, {"start": 9, "end": 15})
    assert fact_span(wrong, text) == (8, 14)  # the occurrence nearest to the offsets
    assert fact_span(changed(wrong, {"start": None, "end": None}), text) == (0, 6)


def test_items_without_report_text_match_by_evidence_containment():
    gold = doc(items=[item("高标准农田", 7200, "亩", "建成高标准农田7200亩")])
    pred = doc(items=[item("高标准农田", 7200, "亩", "高标准农田7200亩")])
    ev = evaluate_one(pred, gold, text=None)
    assert layer(ev, "items_strict") == (1, 1, 1, 1.0, 1.0, 1.0)
    assert any("no report text" in w for w in ev.metrics.warnings)


def test_subject_similarity_rules():
    assert subject_similarity("5G基站", "新建5G基站") == 1.0  # containment
    assert subject_similarity("", "基站") == 0.0  # an empty subject names nothing
    assert subject_similarity("", "") == 1.0
    assert subject_similarity("乡村公路", "农村公路") == pytest.approx(0.75)  # "村公路": 2·3/8, similar
    assert subject_similarity("乡村公路", "城市道路") == pytest.approx(0.25)  # only "路": 2·1/8, not similar


def test_counts_conventions():
    assert (Counts(0, 0, 0).precision, Counts(0, 0, 0).recall, Counts(0, 0, 0).f1) == (1.0, 1.0, 1.0)
    assert Counts(0, 3, 0).f1 == 0.0
    assert Counts(0, 0, 3).f1 == 0.0
    assert Counts(2, 4, 2).f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_indicator_predicted_as_item_is_noted():
    gold = doc([ind("tourist_arrivals", 4.77, "接待游客4.77万人次", unit="万人次", measure="level")])
    pred = doc(items=[item("游客", 4.77, "万人次", "接待游客4.77万人次")])
    ev = evaluate_one(pred, gold)
    missed = ev.errors["t1"]["indicators"][0]
    spurious = ev.errors["t1"]["items_loose"][0]
    assert (missed.kind.value, spurious.kind.value) == ("missed", "spurious")
    assert "item" in missed.note and "indicator" in spurious.note
