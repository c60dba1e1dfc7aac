"""The bundled gold set through the CLI, against a perfect model that fails every first try.

The fake server answers each chunk with the gold facts whose evidence is in
it, but spoils the first try at every request in rotation (HTTP 500, 429
with Retry-After, truncated JSON, schema-invalid JSON).  Retries and
re-asks must recover every chunk, the scores must stay near perfect, and a
second run must be answered from the cache alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evaluation.data import load_documents, load_reports
from extractor.evaluation.scoring import score_all
from tests.fakes import FailFirst, FakeOpenAIServer, PerfectModel
from tests.helpers import ROOT



def extract(server: FakeOpenAIServer, out: Path, cache: Path, mode: str) -> None:
    argv = ["extract", str(ROOT / "eval" / "reports"), "-o", str(out), "-q", "--backend", "openai",
            "--model", "perfect", "--base-url", server.base_url, "--mode", mode, "--cache-dir", str(cache)]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0


def facts(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        lines.append(json.dumps([doc["doc_id"], doc["indicators"], doc["items"]], ensure_ascii=False))
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["tools", "json"])
def test_every_report_recovers_from_faults_and_scores_near_perfect(tmp_path, mode):
    faulty = FailFirst(PerfectModel.bundled())
    out, again = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    with FakeOpenAIServer(faulty) as server:
        extract(server, out, tmp_path / "cache", mode)
        first_calls = server.count()
        extract(server, again, tmp_path / "cache", mode)
        assert server.count() == first_calls  # the second run is answered from the cache

    assert faulty.spoiled > 0
    preds = load_documents(out)
    golds = load_documents(ROOT / "eval" / "gold")
    texts = load_reports(ROOT / "eval" / "reports", sorted(golds))
    assert sorted(preds) == sorted(golds)
    for doc in preds.values():
        assert doc.diagnostics.failed_chunks == []
        assert doc.usage.retries > 0
        text = texts[doc.doc_id]
        for fact in [*doc.indicators, *doc.items]:
            assert fact.start is not None and text[fact.start : fact.end] == fact.evidence
    scores = score_all(preds, golds, texts)
    assert scores.indicators.f1 >= 0.98
    assert scores.items_loose.f1 >= 0.98
    assert scores.items_strict.f1 >= 0.98
    assert facts(again) == facts(out)
