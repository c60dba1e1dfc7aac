"""The pipeline with an in-process backend: grounding, merging, failures, limits."""

from __future__ import annotations

import asyncio
import json

from extractor.backends import ChunkFacts, ChunkFailed
from extractor.pipeline import Pipeline
from extractor.schema import ChunkAttempt, IndicatorFact, QuantifiedItem, Usage
from extractor.settings import Settings
from tests.helpers import ScriptedBackend

REPORT = (
    "一、2030年工作回顾\n"
    "过去一年，全市生产总值增长6.5%。新建学校3所。\n"
    "二、2031年工作安排\n"
    "今年新建医院2所，改造道路12公里。\n"
)


def _item(evidence, value, unit, subject, status="achieved"):
    return QuantifiedItem(status=status, subject=subject, value=value, unit=unit, evidence=evidence)


def _answer_by_sentence(chunk, context):
    facts = ChunkFacts(usage=Usage(calls=1, prompt_tokens=10, completion_tokens=5))
    if "新建学校3所" in chunk.text:
        facts.items.append(_item("新建学校3所", 3, "所", "学校"))
        # The same figure answered twice in one chunk is kept once.
        facts.items.append(_item("新建学校3所", 3, "所", "学校"))
    if "增长6.5%" in chunk.text:
        facts.indicators.append(
            IndicatorFact(
                indicator="gdp", period="actual", year=context.meta.review_year, measure="growth",
                value=6.5, unit="%", evidence="生产总值增长6.5%",
            )
        )
    if "新建医院2所" in chunk.text:
        facts.items.append(_item("新建医院2所", 2, "所", "医院", "planned"))
        # A real quote with a wrong value, and an invented quote: both dropped.
        facts.items.append(_item("新建医院2所", 9, "所", "医院", "planned"))
        facts.items.append(_item("扩建机场跑道4条", 4, "条", "跑道", "planned"))
    return facts


def _run(backend, text=REPORT, **settings):
    async def go():
        async with Pipeline(Settings(**settings), backend=backend) as p:
            return await p.extract(text, "demo")

    return asyncio.run(go())


def test_facts_are_grounded_with_offsets_and_meta():
    backend = ScriptedBackend(_answer_by_sentence)
    doc = _run(backend, chunk_size=40)
    assert doc.meta.review_year == 2030 and doc.meta.plan_year == 2031
    assert [(i.subject, i.value) for i in doc.items] == [("学校", 3), ("医院", 2)]
    for fact in [*doc.indicators, *doc.items]:
        assert REPORT[fact.start : fact.end] == fact.evidence
    assert doc.indicators[0].year == 2030
    assert doc.diagnostics.counts["ungrounded_value"] == 1
    assert doc.diagnostics.counts["ungrounded_evidence"] == 1
    assert len(doc.diagnostics.ungrounded) == 2
    assert doc.diagnostics.counts["duplicates_merged"] == 1
    assert doc.provenance.backend == "scripted" and doc.provenance.model == "scripted-1"
    assert backend.closed


def test_chunks_without_numerals_are_not_sent():
    text = "一、总体要求\n坚持稳中求进工作总基调。\n二、工作安排\n新建医院2所。\n"
    backend = ScriptedBackend(_answer_by_sentence)
    doc = _run(backend, text=text, chunk_size=20)
    assert doc.diagnostics.chunks_skipped >= 1
    assert len(backend.calls) == doc.diagnostics.chunks - doc.diagnostics.chunks_skipped


def test_a_failed_chunk_is_recorded_and_the_document_goes_on():
    def answer(chunk, context):
        if "医院" in chunk.text:
            raise ChunkFailed(
                "server kept failing",
                attempts=[ChunkAttempt(error="HTTP 500"), ChunkAttempt(error="HTTP 500")],
                usage=Usage(calls=2, retries=1),
            )
        return _answer_by_sentence(chunk, context)

    doc = _run(ScriptedBackend(answer), chunk_size=40)
    assert [i.subject for i in doc.items] == ["学校"]
    (failure,) = doc.diagnostics.failed_chunks
    assert failure.error == "server kept failing" and len(failure.attempts) == 2
    assert "医院" in REPORT[failure.start : failure.end]
    assert doc.usage.retries == 1  # usage of the failed chunk still counts


def test_a_backend_bug_fails_only_its_chunk():
    def answer(chunk, context):
        if "医院" in chunk.text:
            raise KeyError("oops")
        return _answer_by_sentence(chunk, context)

    doc = _run(ScriptedBackend(answer), chunk_size=40)
    assert "KeyError" in doc.diagnostics.failed_chunks[0].error
    assert doc.items


def test_concurrency_bounds_calls_in_flight():
    text = "".join(f"新建学校{i}所。" for i in range(10, 50))
    backend = ScriptedBackend(lambda c, ctx: ChunkFacts(), delay=0.01)
    doc = _run(backend, text=text, chunk_size=20, concurrency=3)
    assert doc.diagnostics.chunks == 20
    assert sorted(backend.calls) == list(range(20))
    assert backend.peak_in_flight == 3


def test_same_input_gives_identical_output():
    lines = {_run(ScriptedBackend(_answer_by_sentence), chunk_size=40).to_json_line() for _ in range(3)}
    assert len(lines) == 1
    assert "timestamp" not in json.loads(lines.pop())["provenance"]


def test_config_hash_follows_settings_that_change_output():
    b = ScriptedBackend(_answer_by_sentence)
    h1 = Pipeline(Settings(chunk_size=400), backend=b).config_hash
    h2 = Pipeline(Settings(chunk_size=400, concurrency=64), backend=b).config_hash
    h3 = Pipeline(Settings(chunk_size=800), backend=b).config_hash
    assert h1 == h2 != h3
