"""Hard-wrapped text (a PDF's text layer) read as running text.

Every text here is written for the test; none is taken from a report.
"""

from __future__ import annotations

from extractor.backends.base import DocContext
from extractor.backends.rules.backend import RulesBackend
from extractor.backends.rules.unwrap import unwrap
from extractor.chunking import Chunk
from extractor.schema import ReportMeta
from extractor.sections import SectionKind

# Lines broken at the page width, inside a name and inside a number, with a
# page number between two halves of a sentence.
WRAPPED = (
    "过去一年，全县上下团结一心，攻坚克难，经济社会发展取得\n"
    "新成效。全年完成地区生产总值 38.6 亿元，同比增长 5.2%；居\n"
    "民人均可支配收入 24510 元，增长 7.1%；一般公共预算收入达到 2.\n"
    "- 3 -\n"
    "35 亿元。新建通村公路 126 公里，改造农村危房 310 户，完成\n"
    "植树造林 4.2 万亩。\n"
)

PARAGRAPHS = (
    "一、2030年工作回顾\n"
    "过去一年，全县地区生产总值增长5.2%。\n"
    "全年新建通村公路126公里，改造农村危房310户。\n"
    "二、2031年工作安排\n"
    "今年地区生产总值增长6%左右。\n"
)


def test_wrapped_lines_are_joined_and_page_numbers_dropped():
    view = unwrap(WRAPPED)
    assert view is not None
    assert "居民人均可支配收入 24510 元" in view.text
    assert "一般公共预算收入达到 2.35 亿元" in view.text
    assert "- 3 -" not in view.text
    # Each view character is the original character at its mapped place.
    assert all(WRAPPED[j] == ch for ch, j in zip(view.text, view.index))


def test_paragraph_text_is_left_as_it_is():
    assert unwrap(PARAGRAPHS) is None


def test_short_text_is_left_as_it_is():
    assert unwrap("地区生产总值增长5%。\n新建公路3公里。") is None


def test_heading_and_short_last_line_keep_their_breaks():
    text = (
        "一、2030 年工作回顾\n"
        "过去一年，全县上下团结一心，攻坚克难，经济社会发展取得\n"
        "新的成效，各项事业全面进步，社会大局保持和谐稳定，群众\n"
        "满意度稳步提升。\n"
        "——生态文明建设取得新进展。全年完成植树造林 4.2 万亩，\n"
        "治理退化草原 12 万亩。\n"
    )
    view = unwrap(text)
    assert view is not None
    assert view.text.startswith("一、2030 年工作回顾\n过去一年")
    assert "取得新的成效" in view.text
    assert "稳步提升。\n——生态" in view.text


def test_rules_backend_reads_through_the_wraps_with_verbatim_evidence():
    text = "前文。\n" + WRAPPED
    chunk = Chunk(index=0, start=50, end=50 + len(text), text=text, section_kind=SectionKind.review, section_path=())
    meta = ReportMeta(admin_level="county", review_year=2030, plan_year=2031)
    facts = RulesBackend().extract_sync(chunk, DocContext(doc_id="t", meta=meta))
    document = " " * 50 + text
    by_key = {(f.indicator.value, f.measure.value): f for f in facts.indicators}
    income = by_key[("resident_income", "level")]
    assert income.value == 24510
    assert income.evidence == "居\n民人均可支配收入 24510 元"
    assert by_key[("budget_revenue", "level")].value == 2.35
    assert by_key[("budget_revenue", "level")].evidence == "一般公共预算收入达到 2.\n- 3 -\n35 亿元"
    for f in [*facts.indicators, *facts.items]:
        assert document[f.start : f.end] == f.evidence
    assert {(i.subject, i.value, i.unit) for i in facts.items} >= {("通村公路", 126, "公里"), ("农村危房", 310, "户")}
