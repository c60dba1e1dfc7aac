"""Faults of an OpenAI-compatible server: the job finishes, and a re-run makes it whole.

A share of requests is answered with 429, 500, a timeout, a dropped
connection, a truncated body, a truncated answer, schema-invalid JSON or an
empty choice list.  Some chunks are spoiled on their first try only (the
retries and re-asks get through); others on every try, so they end failed,
each with its reason.  A re-run against the healed server asks only for the
failed chunks and takes the rest from the cache, and its output equals that
of a run that never saw a fault.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes import (
    Action,
    CloseConnection,
    Delay,
    EmptyChoices,
    FakeOpenAIServer,
    RateLimited,
    Reply,
    Request,
    SchemaInvalid,
    ServerError,
    TruncatedAnswer,
    TruncatedBody,
)
from tests.robustness.helpers import chunk_of, read_lines, reading_model, run_cli, without_usage

KEY = "sk-robustness-5d1e0c7a9b3f4e28"
TIMEOUT_S = 0.3

FAULTS: dict[str, Callable[[Request], Action]] = {
    "429": lambda r: RateLimited("0"),
    "500": lambda r: ServerError(),
    "timeout": lambda r: Delay(TIMEOUT_S * 3, Reply()),
    "closed": lambda r: CloseConnection(),
    "truncated_body": lambda r: TruncatedBody(reading_model(r)),
    "truncated_json": lambda r: TruncatedAnswer(answer=reading_model(r).answer),
    "schema_invalid": lambda r: SchemaInvalid(),
    "no_choices": lambda r: EmptyChoices(),
}


class FaultPlan:
    """Spoils chunks in a rotation of faults; every fourth chunk on every try.

    Chunks are told apart by their text, so retries and re-asks of one chunk
    meet the same fault.  ``healed`` turns every fault off.
    """

    def __init__(self) -> None:
        self.healed = False
        self._faults = itertools.cycle(FAULTS)
        self._lock = threading.Lock()
        self.fault_of: dict[str, str] = {}
        self.persistent: set[str] = set()
        self.spoiled: Counter[str] = Counter()

    def __call__(self, request: Request) -> Action:
        _, chunk = chunk_of(request)
        with self._lock:
            first = chunk not in self.fault_of
            if first:
                self.fault_of[chunk] = next(self._faults)
                if len(self.fault_of) % 4 == 0:
                    self.persistent.add(chunk)
            spoil = not self.healed and (first or chunk in self.persistent)
            if spoil:
                self.spoiled[self.fault_of[chunk]] += 1
        return FAULTS[self.fault_of[chunk]](request) if spoil else reading_model(request)


def report(i: int) -> str:
    """Report ``i``: the same sentences, figures of its own (so no two chunks are equal)."""
    return (
        "一、2023年工作回顾\n"
        f"过去一年，全市地区生产总值增长{i + 3}.{i % 9 + 1}%。\n"
        f"新建学校{10 + i}所，改造老旧小区{30 + i}个。\n"
        f"建成污水处理厂{i + 2}座，新建乡村公路{100 + i}公里。\n"
        "二、2024年工作安排\n"
        f"今年地区生产总值预期增长{i % 4 + 5}%左右。\n"
        f"新建公共停车位{1500 + i}个，改造农贸市场{i + 4}个。\n"
    )


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "reports"
    folder.mkdir()
    texts = {f"r{i:02d}": report(i) for i in range(6)}
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder, texts


@pytest.fixture
def plan_server(monkeypatch):
    plan = FaultPlan()
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("EXTRACTOR_TIMEOUT_S", str(TIMEOUT_S))
    monkeypatch.setenv("EXTRACTOR_MAX_ATTEMPTS", "3")
    with FakeOpenAIServer(plan) as server:
        yield plan, server


def extract(folder: Path, out: Path, server: FakeOpenAIServer, cache: Path, *extra: str) -> int:
    return run_cli(
        "extract", folder, "-o", out, "--backend", "openai", "--model", "fake-model", "--base-url", server.base_url,
        "--cache-dir", cache, "--chunk-size", "60", "--chunk-overlap", "0", "--concurrency", "4", *extra,
    )


def test_faults_end_in_facts_or_recorded_failures_and_a_rerun_makes_the_output_whole(
    corpus, plan_server, tmp_path, capsys
):
    folder, texts = corpus
    plan, server = plan_server

    # What a fault-free run gives (its own cache, so nothing is shared).
    plan.healed = True
    reference = tmp_path / "reference.jsonl"
    assert extract(folder, reference, server, tmp_path / "reference-cache") == 0
    expected = {d["doc_id"]: without_usage(d) for d in read_lines(reference)}
    assert sum(len(d["items"]) for d in expected.values()) >= 6 * 4
    plan.fault_of.clear()
    server.reset()

    # The faulty run finishes; each chunk ends extracted or failed with its reason.
    plan.healed = False
    out, cache = tmp_path / "out.jsonl", tmp_path / "cache"
    assert extract(folder, out, server, cache) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "have failed chunks; re-run the same command" in err
    assert set(plan.spoiled) == set(FAULTS)  # every kind of fault was served
    first = read_lines(out)
    assert [d["doc_id"] for d in first] == sorted(texts)
    failed_texts, extracted_chunks = [], 0
    for doc in first:
        text, want = texts[doc["doc_id"]], expected[doc["doc_id"]]
        diag = doc["diagnostics"]
        failed = [(f["start"], f["end"]) for f in diag["failed_chunks"]]
        for f in diag["failed_chunks"]:
            assert f["error"] and "\n" not in f["error"] and f["attempts"]
            failed_texts.append(text[f["start"] : f["end"]])
        sent = diag["chunks"] - diag["chunks_skipped"]
        extracted_chunks += sent - len(failed)
        # Facts of the chunks that got through are all there; none is invented or repeated.
        # (Conflict flags depend on which facts a document has, so they are left out.)
        outside = lambda fact: not any(a <= fact["start"] < b for a, b in failed)  # noqa: E731
        for layer in ("indicators", "items"):
            assert _plain(doc[layer]) == _plain(f for f in want[layer] if outside(f))
    assert sorted(failed_texts) == sorted(plan.persistent)
    assert len(plan.persistent) >= 4

    # The healed re-run asks only for the failed chunks and ends equal to the reference.
    plan.healed = True
    server.reset()
    assert extract(folder, out, server, cache) == 0
    assert server.count() == len(plan.persistent)
    second = read_lines(out)
    assert [without_usage(d) for d in second] == [expected[d["doc_id"]] for d in second]
    assert [d["doc_id"] for d in second] == sorted(texts)
    redone = [d for d in first if d["diagnostics"]["failed_chunks"]]
    redone_ids = {d["doc_id"] for d in redone}
    cache_hits = sum(d["usage"]["cache_hits"] for d in second if d["doc_id"] in redone_ids)
    successes_of_redone = sum(
        d["diagnostics"]["chunks"] - d["diagnostics"]["chunks_skipped"] - len(d["diagnostics"]["failed_chunks"])
        for d in redone
    )
    assert cache_hits == successes_of_redone
    assert extracted_chunks > 0
    complete = len(first) - len(redone)
    err = capsys.readouterr().err
    # Complete documents are not redone; the incomplete ones' old lines are set aside.
    assert (f"({complete} already done)" in err) == (complete > 0)
    assert f"{len(redone)} line(s) no longer part of this output moved to" in err


def _plain(facts) -> list[dict]:
    return [{k: v for k, v in f.items() if k != "conflict"} for f in facts]


def test_every_failure_names_its_fault(corpus, plan_server, tmp_path):
    """Each persistent fault leaves a reason a user can act on."""
    folder, _ = corpus
    plan, server = plan_server
    out = tmp_path / "out.jsonl"
    assert extract(folder, out, server, tmp_path / "cache", "--no-cache") == 1
    reasons = {}
    for doc in read_lines(out):
        text = (folder / f"{doc['doc_id']}.txt").read_text(encoding="utf-8")
        for f in doc["diagnostics"]["failed_chunks"]:
            reasons[plan.fault_of[text[f["start"] : f["end"]]]] = f["error"]
    expected_words = {
        "429": "HTTP 429", "500": "HTTP 500", "timeout": "timed out", "closed": "connection failed",
        "truncated_body": "not valid JSON", "truncated_json": "no valid answer",
        "schema_invalid": "no valid answer", "no_choices": "no choices",
    }
    assert reasons, "no chunk failed"
    for fault, error in reasons.items():
        assert expected_words[fault] in error, (fault, error)
