"""Chunking: whole sentences under a budget, exact offsets, nothing lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.chunking import chunk_text, sentence_spans
from extractor.sections import split_sections


def _chunks(text, size, overlap=0):
    return chunk_text(text, split_sections(text), size, overlap)


def test_chunks_cut_at_sentence_ends():
    text = "新建学校3所。改造道路12公里。新增就业500人。" * 10
    for c in _chunks(text, 60):
        assert c.text.endswith("。")
        assert len(c.text) <= 60


def test_overlap_repeats_trailing_sentences():
    text = "".join(f"第{i}句话里新建基站{i}个。" for i in range(1, 30))
    chunks = _chunks(text, 80, overlap=30)
    assert len(chunks) > 2
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end  # they overlap
        assert b.start > a.start  # and move forward


def test_long_sentence_is_cut_at_a_clause_never_inside_a_figure():
    text = "，".join(f"建设项目{i}个、完成投资{i}.5亿元" for i in range(1, 60)) + "。"
    chunks = _chunks(text, 100)
    assert len(chunks) > 3
    for c in chunks:
        assert len(c.text) <= 100
        # Every figure of the sentence survives whole in some chunk.
    figures = set(re.findall(r"\d+\.5亿元", text))
    seen = {f for c in chunks for f in re.findall(r"\d+\.5亿元", c.text)}
    assert figures == seen
    for c in chunks[1:]:
        assert not (text[c.start - 1].isdigit() and text[c.start].isdigit())


def test_fenbie_list_is_not_split():
    prefix = "，".join(f"推进重点工作{i}" for i in range(8))
    bundle = "城镇和农村居民人均可支配收入分别增长5.5%和7.5%"
    text = prefix + "，" + bundle + "，" + prefix + "。"
    chunks = _chunks(text, 120)
    assert any(bundle in c.text for c in chunks)


def test_chunk_knows_its_section():
    text = "一、2030年工作回顾\n新建学校3所。\n二、2031年工作安排\n新建医院2所。\n"
    chunks = _chunks(text, 200)
    kinds = {c.text.strip().splitlines()[-1]: c.section_kind.value for c in chunks}
    assert kinds["新建学校3所。"] == "review"
    assert kinds["新建医院2所。"] == "plan"
    assert chunks[-1].section_year == 2031


def test_a_huge_line_without_sentence_end_is_cut():
    text = "新建" * 5000
    chunks = _chunks(text, 500)
    assert all(len(c.text) <= 500 for c in chunks)
    assert "".join(c.text for c in chunks) == text


def test_bad_budgets_are_refused():
    with pytest.raises(ValueError):
        _chunks("abc。", 10)
    with pytest.raises(ValueError):
        _chunks("abc。", 100, overlap=100)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet="新建学校3所。5万人，、分别增长6%和\n一、（二）第三，年工作回顾ab1234567890", max_size=600),
    st.integers(min_value=20, max_value=200),
    st.integers(min_value=0, max_value=60),
)
def test_chunks_cover_any_text_with_exact_offsets(text, size, overlap):
    overlap = min(overlap, size - 1)
    chunks = _chunks(text, size, overlap)
    covered = [False] * len(text)
    for c in chunks:
        assert c.text == text[c.start : c.end]
        for i in range(c.start, c.end):
            covered[i] = True
    assert all(covered)
    assert [c.index for c in chunks] == list(range(len(chunks)))


@given(st.text(max_size=300))
def test_sentence_spans_tile(text):
    spans = sentence_spans(text)
    assert "".join(text[a:b] for a, b in spans) == text


def test_packing_joins_short_sections_of_one_kind_only():
    text = (
        "一、2030年工作回顾\n（一）产业。新建厂房3座。\n（二）民生。新增学位500个。\n"
        "二、2031年工作安排\n（一）产业。新建园区2个。\n（二）民生。新建医院1所。\n"
    )
    sections = split_sections(text)
    unpacked = chunk_text(text, sections, 400, 0)
    packed = chunk_text(text, sections, 400, 0, pack=True)
    assert len(packed) == 2 < len(unpacked)
    assert [c.section_kind.value for c in packed] == ["review", "plan"]
    assert "新增学位500个" in packed[0].text and "新建园区2个" in packed[1].text
    # Packed chunks still tile the text.
    assert packed[0].start == 0 and packed[0].end == packed[1].start and packed[1].end == len(text)


def _spans_by_end_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """sentence_spans as a plain scan for end marks reads it."""
    import re

    spans, pos = [], start
    for m in re.compile(r"[。！？；!?;]+[”’\"')）]*|\n+").finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    return spans + ([(pos, end)] if pos < end else [])


@given(st.text(alphabet="。！？；!?;”’\"')）\n增长5%，、", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_sentence_spans_end_after_their_end_marks(text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert sentence_spans(text, start, end) == _spans_by_end_marks(text, start, end)


def test_sentence_spans_of_a_range_keep_a_last_stretch_without_end_mark():
    text = "产量增长5%。”新建厂房3座！！\n\n在建"
    assert sentence_spans(text, 2) == [(2, 8), (8, 16), (16, 18), (18, 20)]
