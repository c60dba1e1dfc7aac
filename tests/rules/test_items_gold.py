"""The bundled gold set run through the rules pipeline: the item layer's quality bar.

Reads eval/ on purpose (GUIDELINES.md scoring); nothing from it is copied here.
"""

from __future__ import annotations

import pytest

from extractor.api import extract_text
from extractor.evaluation.scoring import score_all
from extractor.settings import Settings


@pytest.fixture(scope="module")
def predictions(gold_docs, report_texts):
    settings = Settings(backend="rules")
    return {d: extract_text(report_texts[d], doc_id=d, settings=settings) for d in gold_docs}


def _totals(predictions, gold_docs, report_texts, strict):
    scores = score_all(predictions, gold_docs, report_texts)
    return scores.items_strict if strict else scores.items_loose


def test_items_loose_f1_meets_the_bar(predictions, gold_docs, report_texts):
    assert _totals(predictions, gold_docs, report_texts, strict=False).f1 >= 0.93


def test_items_strict_f1_meets_the_bar(predictions, gold_docs, report_texts):
    assert _totals(predictions, gold_docs, report_texts, strict=True).f1 >= 0.75


def test_every_item_is_grounded_at_its_offsets(predictions, report_texts):
    for d, doc in predictions.items():
        for it in doc.items:
            assert report_texts[d][it.start : it.end] == it.evidence
