"""The bundled gold set through the rules backend: indicators and meta.

A regression check of the whole pipeline on the five bundled reports; the
held-out reports are what measures generalisation, so this only guards
against the rules getting worse where they are known to work.
"""

from __future__ import annotations

from extractor.api import extract_text
from extractor.evaluation.scoring import score_all


def test_bundled_indicator_f1_and_meta(gold_docs, report_texts):
    preds = {d: extract_text(report_texts[d], d, backend="rules") for d in gold_docs}
    scores = score_all(preds, gold_docs, report_texts)
    assert scores.indicators.f1 >= 0.95
    for d, gold in gold_docs.items():
        assert preds[d].meta == gold.meta, d


def test_every_indicator_evidence_is_the_text_at_its_offsets(gold_docs, report_texts):
    for d in gold_docs:
        doc = extract_text(report_texts[d], d, backend="rules")
        for fact in doc.indicators:
            assert report_texts[d][fact.start : fact.end] == fact.evidence
