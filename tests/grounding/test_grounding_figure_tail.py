"""What follows a figure, read in one match: its magnitude, 余/多, a % sign, the unit text."""

from __future__ import annotations

from extractor.backends import ChunkFacts
from extractor.figure_reading import read_figures
from extractor.grounding import ground_chunk
from extractor.schema import Diagnostics, Usage
from tests.grounding.factories import chunk_of, ground, item


def test_a_magnitude_after_spaces_and_more_than_before_the_unit():
    text = "带动就业5 万余人"
    (r,) = read_figures(text)
    assert (r.number, r.magnitude, r.percent) == (5, "万", False)
    assert text[r.start : r.figure_end] == "5 万"
    assert r.unit_text.startswith("人")


def test_spaces_before_a_percent_sign_belong_to_the_figure():
    text = "增长6.5 %，"
    (r,) = read_figures(text)
    assert (r.number, r.percent, text[r.start : r.figure_end]) == (6.5, True, "6.5 %")


def test_a_bare_number_keeps_its_end_and_its_unit_text():
    text = "新建学校12所"
    (r,) = read_figures(text)
    assert (r.magnitude, r.figure_end, r.unit_text) == ("", r.end, "所")


def test_a_chinese_numeral_takes_more_than_but_no_second_magnitude():
    text = "惠及两万多户"
    (r,) = read_figures(text)
    assert (r.number, r.magnitude, r.unit_text) == (2, "万", "户")


def test_unit_text_is_folded_to_half_width():
    (r,) = read_figures("引进项目3（个）")
    assert r.unit_text == "(个)"


def test_a_chunk_without_facts_grounds_to_nothing_and_counts_nothing():
    text = "今年新建学校12所。"
    diag = Diagnostics()
    assert ground_chunk(text, chunk_of(text), ChunkFacts(), diag) == ([], [])
    assert diag.counts == {} and diag.ungrounded == []


def test_a_fact_is_still_grounded_in_a_chunk_with_facts():
    text = "今年新建学校12所。"
    indicators, items, diag = ground(text, item("新建学校12所", 12, "所"))
    assert [i.evidence for i in items] == ["新建学校12所"]
    assert diag.counts == {"aligned_exact": 1}


def test_usage_adds_only_what_a_chunk_spent():
    total = Usage(calls=2, prompt_tokens=10)
    total.add(Usage())
    total.add(Usage(calls=1, completion_tokens=5, cost_usd=0.5))
    assert (total.calls, total.prompt_tokens, total.completion_tokens, total.cost_usd) == (3, 10, 5, 0.5)
