"""Properties over any text (hypothesis), beyond the suite's own property tests.

Already elsewhere: chunk coverage over a report-like alphabet
(tests/test_chunking.py), grounding over generated report text
(tests/grounding/test_grounding_properties.py), scorer identities
(tests/eval/test_scoring_properties.py), numerals.parse_number round trips
(tests/test_numerals.py, with the items work).  Here: the two other figure
readers (grounding's and the rules indicators') round-trip every way a
figure is written, and chunking, grounding and the whole pipeline hold their
invariants for *any* Unicode text, hostile characters included.
"""

from __future__ import annotations

import cn2an
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.api import extract_text
from extractor.backends import ChunkFacts
from extractor.backends.rules.indicator_figures import FIGURE_RE, fold_figures, read_figure
from extractor.chunking import chunk_text
from extractor.grounding import check_value, ground_chunk
from extractor.schema import Diagnostics, Document, QuantifiedItem
from extractor.sections import split_sections

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


amounts = st.integers(min_value=0, max_value=10**12)
decimals = st.tuples(st.integers(0, 10**7), st.integers(0, 99)).map(lambda t: (t[0] + t[1] / 100, f"{t[0]}.{t[1]:02d}"))


@FAST
@given(amounts, st.sampled_from(["plain", "comma", "space", "full", "full_comma"]), st.sampled_from(["个", "万元", "亿元", "万人"]))
def test_grounding_reads_an_arabic_figure_however_it_is_grouped(n, form, unit):
    written = {
        "plain": str(n),
        "comma": f"{n:,}",
        "space": _grouped(n, " "),
        "full": str(n).translate(_FULL),
        "full_comma": f"{n:,}".translate(_FULL),
    }[form]
    evidence = f"全年新建项目{written}{unit}"
    check = check_value(float(n), unit, evidence)
    assert check.ok and check.verdict == "exact", (written, check)


@FAST
@given(decimals, st.sampled_from(["亿元", "%", "万吨"]), st.booleans())
def test_grounding_reads_a_decimal_in_either_width(pair, unit, wide):
    value, written = pair
    evidence = "完成" + (written.translate(_FULL) if wide else written) + unit
    assert check_value(value, unit, evidence).verdict == "exact"


@FAST
@given(st.integers(min_value=1, max_value=10**8 - 1), st.sampled_from(["", "万", "亿"]))
def test_grounding_reads_a_chinese_numeral_with_its_magnitude(n, magnitude):
    # "三千二百亿元" is 3200 亿元; the text writes the magnitude into the unit.
    evidence = f"全年投资{cn2an.an2cn(n)}{magnitude}元"
    assert check_value(float(n), f"{magnitude}元", evidence).ok, evidence


@FAST
@given(amounts, st.sampled_from(["plain", "comma", "space", "full"]))
def test_rules_indicators_read_an_arabic_figure_however_it_is_grouped(n, form):
    written = {"plain": str(n), "comma": f"{n:,}", "space": _grouped(n, " "), "full": str(n).translate(_FULL)}[form]
    text = fold_figures(f"地区生产总值达{written}亿元")
    m = FIGURE_RE.search(text)
    assert m is not None and read_figure(m).values == (float(n),), (written, m and m.group())


@FAST
@given(st.integers(min_value=1, max_value=9999))
def test_rules_indicators_read_a_chinese_numeral(n):
    text = f"粮食产量达{cn2an.an2cn(n)}万吨"
    m = FIGURE_RE.search(text)
    assert m is not None and read_figure(m).values == (float(n),) and read_figure(m).unit == "万吨"


# -- any text -----------------------------------------------------------------------------

# Characters that break naive code: line and paragraph separators, NUL and
# other controls, bidi marks, zero-width and combining characters, emoji,
# full-width forms, surrogate-free astral characters.
HOSTILE = "\x00\x01\x1b\x7f\r\n\u2028\u2029\x85\x0b\x0c\u200b\u200e\u200f\u202e\ufeff\u0301🎉😀𠀀"
REPORTISH = "新建学校所个万亿元%％增长下降达，。；、：（）一二三四五六七八九十百千两０１２３４５６７８９0123456789.,— 年月第"
any_text = st.text(max_size=400)
hostile_text = st.text(alphabet=st.sampled_from(HOSTILE + REPORTISH + "ab<>&\"'"), max_size=400)
texts = st.one_of(any_text, hostile_text)


@FAST
@given(texts, st.integers(min_value=20, max_value=300), st.integers(min_value=0, max_value=100))
def test_chunks_of_any_text_tile_it_with_exact_offsets(text, size, overlap):
    overlap = min(overlap, size - 1)
    sections = split_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))
    chunks = chunk_text(text, sections, size, overlap)
    covered = bytearray(len(text))
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text) and c.text == text[c.start : c.end]
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    assert all(covered)


@st.composite
def grounding_cases(draw):
    text = draw(texts.filter(bool))
    a = draw(st.integers(0, len(text) - 1))
    b = draw(st.integers(a + 1, len(text)))
    facts = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            s = draw(st.integers(0, len(text) - 1))
            evidence = text[s : draw(st.integers(s + 1, len(text)))]
        else:
            evidence = draw(st.text(min_size=1, max_size=30))
        if not evidence.strip():
            evidence = "新建学校3所"
        value = draw(st.one_of(st.integers(-10**6, 10**9).map(float), st.floats(allow_nan=False, allow_infinity=False)))
        start = draw(st.one_of(st.none(), st.integers(-5, len(text) + 5)))
        span = {} if start is None or start < 0 else {"start": start, "end": start + len(evidence)}
        facts.append(QuantifiedItem(status="achieved", value=value, unit=draw(st.sampled_from(["所", "%", "万元", "个"])),
                                    evidence=evidence, **span))
    return text, a, b, facts


@FAST
@given(grounding_cases())
def test_grounding_never_places_a_fact_outside_its_chunk_for_any_text(case):
    from tests.grounding.factories import chunk_of

    text, a, b, facts = case
    diag = Diagnostics()
    _, kept = ground_chunk(text, chunk_of(text, a, b), ChunkFacts(items=facts), diag)
    assert len(kept) + len(diag.ungrounded) == len(facts)
    for fact in kept:
        assert a <= fact.start < fact.end <= b
        assert text[fact.start : fact.end] == fact.evidence


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_rules_pipeline_on_any_text_gives_a_valid_grounded_line(text):
    doc = extract_text(text, doc_id="any")
    assert doc.diagnostics.failed_chunks == []
    for fact in [*doc.indicators, *doc.items]:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.evidence
    line = doc.to_json_line()
    assert "\n" not in line and Document.model_validate_json(line) == doc
