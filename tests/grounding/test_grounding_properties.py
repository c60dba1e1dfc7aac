"""Properties of grounding on generated texts and answers (hypothesis).

Whatever a backend answers: offsets stay in the document and in the chunk,
every kept fact's evidence is the text at its offsets and holds its figure,
and every fact is either kept or listed as ungrounded.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.backends import ChunkFacts
from extractor.grounding import ground_chunk, locate
from extractor.merging import merge_indicators, merge_items
from extractor.numerals import parse_chinese
from extractor.schema import Diagnostics, QuantifiedItem

from tests.grounding.factories import chunk_of

WORDS = ["新建", "改造", "全县", "道路", "学校", "增长", "达到", "完成", "项目", "农田", "其中", "下降"]
UNITS = ["个", "所", "公里", "万亩", "亿元", "%", "人", "万人次", "吨"]
SEPARATORS = ["，", "、", "。", "；", " ", "\n", ",", "．", "（", "）"]

numbers = st.one_of(
    st.integers(min_value=0, max_value=99999).map(str),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(1, 99)),
)
segments = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SEPARATORS),
    st.builds(lambda n, u: n + u, numbers, st.sampled_from(UNITS)),
    st.text(alphabet="年月第GＡ０１２３４５６７８９五百千万亿两", min_size=1, max_size=3),
)
texts = st.lists(segments, min_size=1, max_size=40).map("".join)


_FIGURE_WITH_UNIT = re.compile(r"(\d+(?:\.\d+)?)(" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + ")?")


@st.composite
def answers(draw):
    """A text, a chunk [a, b) of it, and an answer that is partly right, partly wrong."""
    text = draw(texts)
    n = len(text)
    a = draw(st.integers(0, max(0, n - 1)))
    b = draw(st.integers(a + 1, n)) if n else 0
    facts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["figure", "figure", "in_chunk", "anywhere", "mutated", "invented"]))
        around = [m for m in _FIGURE_WITH_UNIT.finditer(text, a, b) if m.end() <= b]
        if kind == "figure" and around:
            m = draw(st.sampled_from(around))
            s = draw(st.integers(max(a, m.start() - 8), m.start()))
            e = draw(st.integers(m.end(), min(b, m.end() + 8)))
            evidence = text[s:e]
        elif kind == "invented" or n == 0:
            evidence = draw(st.text(alphabet="新建道路学校0123456789个%万", min_size=1, max_size=12))
        else:
            lo, hi = (a, b) if kind != "anywhere" else (0, n)
            s = draw(st.integers(lo, hi - 1))
            e = draw(st.integers(s + 1, min(hi, s + 30)))
            evidence = text[s:e]
            if kind == "mutated" and len(evidence) > 2:
                i = draw(st.integers(1, len(evidence) - 2))
                evidence = evidence[:i] + draw(st.sampled_from(["", "了", " ", "，"])) + evidence[i + 1 :]
        if not evidence.strip():
            evidence = "空"
        figures = [(m.group(1), m.group(2)) for m in _FIGURE_WITH_UNIT.finditer(evidence)]
        if figures and draw(st.integers(0, 9)) < 8:
            number, unit = draw(st.sampled_from(figures))
            value = float(number) * draw(st.sampled_from([1, 1, 1, -1, 10]))
            unit = unit if unit and draw(st.integers(0, 3)) else draw(st.sampled_from(UNITS))
        else:
            value = draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
            unit = draw(st.sampled_from(UNITS))
        start = draw(st.one_of(st.none(), st.integers(0, n + 5)))
        offsets = {}
        if start is not None:
            offsets = {"start": start, "end": start + draw(st.integers(0, 40))}
        facts.append(QuantifiedItem(status="achieved", value=value, unit=unit, evidence=evidence, **offsets))
    return text, a, b, facts


_WIDE = {ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９．，"}
_MAGNITUDES = (1.0, 1e4, 1e8, 1e12)


def _numbers_in(evidence: str) -> set[float]:
    """Every number the evidence could be read as, by a reader simpler than grounding's."""
    folded = evidence.translate(_WIDE)
    found = set()
    for run in re.finditer(r"\d[\d ,.]*", folded):
        pieces = [run.group()] + re.findall(r"\d+(?:\.\d+)?", run.group())
        for piece in pieces:
            try:
                found.add(float(piece.replace(" ", "").replace(",", "").rstrip(".")))
            except ValueError:
                pass
    for run in re.finditer("[零〇一二两三四五六七八九十百千万亿]+", evidence):
        r = run.group()
        for i in range(len(r)):
            for j in range(i + 1, len(r) + 1):
                for candidate in (r[i:j], "一" + r[i:j]):
                    value = parse_chinese(candidate)
                    if value is not None:
                        found.add(value)
    return found


def _holds_figure(evidence: str, value: float) -> bool:
    """An oracle independent of grounding's reader: the figure, at some magnitude, is in the text."""
    target = abs(value)
    return any(
        abs(n * f - target * g) <= 1e-9 * max(1.0, n * f, target * g)
        for n in _numbers_in(evidence)
        for f in _MAGNITUDES
        for g in _MAGNITUDES
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_grounding_keeps_only_facts_tied_to_their_chunk(case):
    text, a, b, facts = case
    chunk = chunk_of(text, a, b)
    diag = Diagnostics()
    _, kept = ground_chunk(text, chunk, ChunkFacts(items=facts), diag)
    assert len(kept) + len(diag.ungrounded) == len(facts)
    for fact in kept:
        assert 0 <= fact.start < fact.end <= len(text)
        assert chunk.start <= fact.start and fact.end <= chunk.end
        assert text[fact.start : fact.end] == fact.evidence
        assert _holds_figure(fact.evidence, fact.value)
        assert fact.canonical_unit is not None and fact.alignment is not None
    merged = merge_items(kept, Diagnostics())
    assert all(m in kept for m in merged)


@settings(max_examples=300, deadline=None)
@given(texts, st.text(min_size=0, max_size=20), st.one_of(st.none(), st.integers(-5, 200)))
def test_locate_returns_offsets_inside_the_text(text, evidence, hint):
    found = locate(evidence, text, hint)
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_an_exact_substring_is_always_found_exactly(text, data):
    if not text.strip():
        return
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    evidence = text[s:e]
    found = locate(evidence, text)
    if evidence.strip():
        assert found is not None and text[found.start : found.end] == evidence


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10), st.integers(0, 3)), max_size=30))
def test_merging_keeps_one_of_each_figure_and_place(spans):
    text = "新建学校3所，" * 10
    facts = [
        QuantifiedItem(status="achieved", subject="学校", value=float(v), unit="所", evidence=text[s : s + w],
                       start=s, end=s + w, canonical_value=float(v), canonical_unit="所")
        for s, w, v in spans
    ]
    diag = Diagnostics()
    merged = merge_items(facts, diag)
    assert len(merged) + diag.counts.get("duplicates_merged", 0) == len(facts)
    assert len({(m.value, m.start) for m in merged}) == len(merged)
    assert merge_indicators([], diag) == []
