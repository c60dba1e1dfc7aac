"""The bundled gold set through the Batch API path scores what the online path scores.

A perfect model (the gold facts whose evidence is in the chunk) answers the
batch; the collected documents are scored by `extractor eval` and must
match an online run's scores, and its facts, exactly.
"""

from __future__ import annotations

from tests.batch_api.helpers import read_jsonl, run
from tests.fakes import PerfectModel
from tests.fakes.batch_api import FakeBatchAPI
from tests.helpers import REPORTS_DIR


def score_table(capsys, predictions) -> str:
    capsys.readouterr()
    assert run("eval", predictions) == 0
    return capsys.readouterr().out


def test_collect_with_a_perfect_model_reproduces_the_online_gold_scores(tmp_path, server, capsys):
    server.responder = PerfectModel.bundled()
    FakeBatchAPI(server)
    out = tmp_path / "requests.jsonl"
    assert run("openai-batch", "prepare", REPORTS_DIR, "--model", "perfect", "--base-url", server.base_url, "-o", out) == 0
    job = tmp_path / "requests.job"
    assert run("openai-batch", "submit", job) == 0
    results = tmp_path / "results.jsonl"
    assert run("openai-batch", "collect", job, "-o", results, "--cache-dir", tmp_path / "cache", "--wait",
               "--poll-interval", "0", "-q") == 0
    assert server.count() == 0

    online = tmp_path / "online.jsonl"
    assert run("extract", REPORTS_DIR, "-o", online, "-q", "--backend", "openai", "--model", "perfect",
               "--base-url", server.base_url, "--no-cache") == 0
    batch_table, online_table = score_table(capsys, results), score_table(capsys, online)
    assert batch_table == online_table
    f1 = {row.split()[0]: float(row.split()[3]) for row in batch_table.splitlines()[1:] if row.strip()}
    assert f1["indicators"] >= 0.98 and f1["items_loose"] >= 0.98 and f1["items_strict"] >= 0.98
    strip = lambda path: [(d["doc_id"], d["indicators"], d["items"]) for d in read_jsonl(path)]  # noqa: E731
    assert strip(results) == strip(online)
