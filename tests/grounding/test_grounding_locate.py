"""Locating a quote: exact, normalised, fuzzy; never outside its chunk."""

from __future__ import annotations

from extractor.grounding import locate
from extractor.schema import Alignment

from tests.grounding.factories import ground, item

TEXT = "过去一年，全县新建村级活动场所12个，改造农村公路86.5公里。今年计划新建村级活动场所12个。"


def test_exact_quote_is_found_where_it_stands():
    found = locate("改造农村公路86.5公里", TEXT)
    assert found.alignment is Alignment.exact
    assert TEXT[found.start : found.end] == "改造农村公路86.5公里"


def test_hint_picks_the_nearest_of_two_exact_occurrences():
    first = TEXT.find("新建村级活动场所12个")
    second = TEXT.rfind("新建村级活动场所12个")
    assert locate("新建村级活动场所12个", TEXT).start == first
    assert locate("新建村级活动场所12个", TEXT, hint=second - 2).start == second


def test_whitespace_and_width_variants_align_as_normalized():
    found = locate("全县新建村级活动场所 12 个,改造农村公路８６．５公里", TEXT)
    assert found.alignment is Alignment.normalized
    assert TEXT[found.start : found.end] == "全县新建村级活动场所12个，改造农村公路86.5公里"


def test_text_with_line_breaks_matches_a_quote_without_them():
    text = "全年培训农民技术员\n  3200人次，覆盖全部乡镇。"
    found = locate("培训农民技术员3200人次", text)
    assert found.alignment is Alignment.normalized
    assert text[found.start : found.end] == "培训农民技术员\n  3200人次"


def test_dash_variants_align_as_normalized():
    text = "全年新增绿地面积5—6公顷。"
    found = locate("新增绿地面积5-6公顷", text)
    assert found.alignment is Alignment.normalized
    assert text[found.start : found.end] == "新增绿地面积5—6公顷"


def test_a_paraphrased_quote_is_replaced_by_the_verbatim_text():
    found = locate("全县新建了村级活动场所12个", TEXT)
    assert found.alignment is Alignment.fuzzy
    assert TEXT[found.start : found.end] == "全县新建村级活动场所12个"


def test_a_quote_with_a_dropped_character_aligns_to_the_full_clause():
    found = locate("改造农村路86.5公里", TEXT)
    assert found.alignment is Alignment.fuzzy
    assert TEXT[found.start : found.end] == "改造农村公路86.5公里"


def test_fuzzy_alignment_never_cuts_a_figure():
    text = "其中山区道路硬化里程达到1286.5公里，居各县前列。"
    found = locate("286.5公里，居全县前列", text)
    assert found.alignment is Alignment.fuzzy
    assert text[found.start : found.end] == "1286.5公里，居各县前列"


def test_a_quote_with_an_ellipsis_spans_its_parts():
    found = locate("全县新建……改造农村公路86.5公里", TEXT)
    assert found.alignment is Alignment.fuzzy
    assert TEXT[found.start : found.end] == "全县新建村级活动场所12个，改造农村公路86.5公里"


def test_an_unrelated_quote_is_not_found():
    assert locate("建成跨海大桥3座并投入运营", TEXT) is None
    assert locate("", TEXT) is None
    assert locate("   ", TEXT) is None


def test_a_short_quote_is_never_aligned_fuzzily():
    assert locate("新建场所", TEXT) is None


def test_a_quote_from_another_part_of_the_report_is_not_grounded_in_this_chunk():
    text = "一、回顾\n新建幼儿园7所。\n二、计划\n改造老旧小区40个。\n"
    cut = text.index("二、")
    _, items, diag = ground(text, item("新建幼儿园7所", 7, "所", "幼儿园"), start=cut)
    assert items == []
    assert diag.counts == {"ungrounded_outside_chunk": 1}
    assert diag.ungrounded[0].reason == "evidence quoted from outside its chunk"


def test_backend_offsets_outside_the_chunk_are_not_trusted():
    text = "一、回顾\n新建幼儿园7所。\n二、计划\n新建幼儿园7所。\n"
    cut = text.index("二、")
    first = text.index("新建幼儿园7所")
    fact = item("新建幼儿园7所", 7, "所", "幼儿园", start=first, end=first + 7)
    _, (kept,), _ = ground(text, fact, start=cut)
    assert kept.start == text.rindex("新建幼儿园7所") and kept.start >= cut


def test_backend_offsets_inside_the_chunk_are_kept():
    text = "新建幼儿园7所。再新建幼儿园7所。"
    second = text.rindex("新建幼儿园7所")
    _, (kept,), _ = ground(text, item("新建幼儿园7所", 7, "所", start=second, end=second + 7))
    assert (kept.start, kept.alignment) == (second, Alignment.exact)


def test_offsets_are_absolute_in_the_document():
    text = "第一部分。" * 5 + "建成污水管网42公里。"
    start = text.index("建成")
    _, (kept,), diag = ground(text, item("建成污水管网42公里", 42, "公里"), start=start - 3)
    assert text[kept.start : kept.end] == kept.evidence == "建成污水管网42公里"
    assert diag.counts == {"aligned_exact": 1}


def test_a_normalized_match_records_the_verbatim_evidence():
    text = "全年完成造林面积１２万亩。"
    _, (kept,), diag = ground(text, item("完成造林面积12万亩", 12, "万亩", "造林面积"))
    assert kept.evidence == "完成造林面积１２万亩" == text[kept.start : kept.end]
    assert kept.alignment is Alignment.normalized
    assert diag.counts == {"aligned_normalized": 1}
