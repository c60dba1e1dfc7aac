"""The bundled gold set through the whole pipeline, answered by a simulated backend.

A backend that answers each chunk with exactly the gold facts lying in it must
get the gold set back: F1 1.0 on both layers, at the chunk sizes the backends
use and at a small one.  With seeded noise (invented figures and quotes,
paraphrases, quotes from elsewhere, repeats, 万 dropped) the output must still
be the gold set, and the diagnostics must count each kind of noise exactly.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from extractor.evaluation.scoring import score_all
from extractor.grounding import check_value
from extractor.pipeline import Pipeline
from extractor.settings import Settings

from tests.grounding.gold_backend import GoldBackend, Noise

# (chunk size, overlap): the rules backend's, the LLM backend's, the
# chunker's defaults, and a small one that cuts long sentences.
CHUNKINGS = [(4000, 0), (3000, 200), (2000, 200), (300, 80)]


def _extract(backend, texts, size, overlap):
    async def go():
        settings = Settings(chunk_size=size, chunk_overlap=overlap)
        async with Pipeline(settings, backend=backend) as pipeline:
            return {doc_id: await pipeline.extract(text, doc_id) for doc_id, text in texts.items()}

    return asyncio.run(go())


def _assert_reproduces_gold(preds, gold_docs, texts):
    scores = score_all(preds, gold_docs, texts)
    for layer in (scores.indicators, scores.items_loose, scores.items_strict):
        assert layer.f1 == 1.0, layer.as_dict()
    for doc_id, doc in preds.items():
        text = texts[doc_id]
        for fact in [*doc.indicators, *doc.items]:
            assert text[fact.start : fact.end] == fact.evidence
            assert check_value(fact.value, fact.unit, fact.evidence).ok, fact
        # Verbatim: every output quote is the gold quote at its first place.
        gold_quotes = {f.evidence for f in [*gold_docs[doc_id].indicators, *gold_docs[doc_id].items]}
        assert {f.evidence for f in [*doc.indicators, *doc.items]} == gold_quotes
        assert all(text.find(f.evidence) == f.start for f in [*doc.indicators, *doc.items])


def _total(preds, key):
    return sum(doc.diagnostics.counts.get(key, 0) for doc in preds.values())


@pytest.mark.parametrize(("size", "overlap"), CHUNKINGS, ids=lambda v: str(v))
def test_gold_answers_come_back_as_the_gold_set(gold_docs, report_texts, size, overlap):
    backend = GoldBackend(gold_docs, report_texts)
    preds = _extract(backend, report_texts, size, overlap)
    _assert_reproduces_gold(preds, gold_docs, report_texts)
    assert all(not doc.diagnostics.ungrounded and not doc.diagnostics.failed_chunks for doc in preds.values())
    # Facts seen by two overlapping chunks are merged, and nothing else is.
    assert _total(preds, "duplicates_merged") == backend.overlap_repeats()
    assert _total(preds, "conflicts") == 0
    n_gold = sum(len(g.indicators) + len(g.items) for g in gold_docs.values())
    assert _total(preds, "aligned_exact") == n_gold + backend.overlap_repeats()


NOISE = Noise(
    invented_value=0.5, invented_quote=0.3, paraphrase=0.1, reformat=0.1,
    outside_quote=0.3, repeat=0.3, drop_wan=0.5,
)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("size", "overlap"), CHUNKINGS[2:], ids=lambda v: str(v))
def test_noisy_gold_answers_are_cleaned_and_counted(gold_docs, report_texts, size, overlap, seed):
    backend = GoldBackend(gold_docs, report_texts, replace(NOISE, seed=seed))
    preds = _extract(backend, report_texts, size, overlap)
    injected = backend.injected
    # Each kind of noise was injected, so each count below is tested.
    assert all(injected[k] > 0 for k in ("invented_value", "invented_quote", "paraphrase", "reformat",
                                          "outside_quote", "repeat", "drop_wan"))

    _assert_reproduces_gold(preds, gold_docs, report_texts)
    assert _total(preds, "ungrounded_value") == injected["invented_value"]
    assert _total(preds, "ungrounded_evidence") == injected["invented_quote"]
    assert _total(preds, "ungrounded_outside_chunk") == injected["outside_quote"]
    assert _total(preds, "aligned_fuzzy") == injected["paraphrase"]
    assert _total(preds, "aligned_normalized") == injected["reformat"]
    assert _total(preds, "unit_repaired") == injected["drop_wan"]
    assert _total(preds, "duplicates_merged") == injected["repeat"] + backend.overlap_repeats()
    dropped = sum(len(doc.diagnostics.ungrounded) for doc in preds.values())
    assert dropped == injected["invented_value"] + injected["invented_quote"] + injected["outside_quote"]
