"""Resume rules: what counts as done, what is re-done, and what is set aside."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from extractor.backends import ChunkFailed, register
from extractor.backends.rules import RulesBackend
from extractor.batch.store import OutputStore
from extractor.errors import ExtractorError
from extractor.jobs import run_job
from extractor.pipeline import Pipeline
from extractor.settings import Settings

from batch_helpers import doc_ids, generate_corpus, run_cli


class FlakyBackend(RulesBackend):
    """The rules backend, failing every chunk of the documents named in ``failing``."""

    failing: set[str] = set()

    async def extract(self, chunk, context):
        if context.doc_id in self.failing:
            raise ChunkFailed("the server answered 503 five times", chunk=chunk.index)
        return await super().extract(chunk, context)


register("flaky-test", FlakyBackend)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    generate_corpus(folder, 12, bad=False)
    return folder


def _run(paths: list[Path], out: Path):
    async def go():
        async with Pipeline(Settings(backend="flaky-test")) as pipeline:
            return await run_job(paths, out, pipeline)

    return asyncio.run(go())


def test_documents_with_failed_chunks_are_redone_on_the_next_run(small_corpus, tmp_path, monkeypatch):
    paths = sorted(small_corpus.rglob("*.txt"), key=lambda p: p.as_posix())
    clean = tmp_path / "clean.jsonl"
    _run(paths, clean)

    out = tmp_path / "results.jsonl"
    monkeypatch.setattr(FlakyBackend, "failing", {"report_0003", "report_0007"})
    first = _run(paths, out)
    assert (first.succeeded, first.incomplete, first.ok) == (12, 2, False)
    lines = {d["doc_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert lines["report_0003"]["diagnostics"]["failed_chunks"]

    monkeypatch.setattr(FlakyBackend, "failing", set())
    second = _run(paths, out)
    assert (second.skipped, second.succeeded, second.incomplete, second.ok) == (10, 2, 0, True)
    assert out.read_bytes() == clean.read_bytes()
    assert second.removed_lines == 2  # the incomplete versions, set aside


def test_cli_exit_status_is_1_while_chunks_failed(small_corpus, tmp_path, monkeypatch, capsys):
    out = tmp_path / "results.jsonl"
    monkeypatch.setattr(FlakyBackend, "failing", {"report_0005"})
    assert run_cli("extract", small_corpus, "--out", out, "--backend", "flaky-test") == 1
    assert "1 document(s) have failed chunks" in capsys.readouterr().err
    monkeypatch.setattr(FlakyBackend, "failing", set())
    assert run_cli("extract", small_corpus, "--out", out, "--backend", "flaky-test", "--quiet") == 0


def test_changed_configuration_redoes_every_document(small_corpus, tmp_path):
    out = tmp_path / "results.jsonl"
    summary = tmp_path / "summary.json"
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    before = out.read_bytes()
    assert run_cli("extract", small_corpus, "--out", out, "--quiet", "--chunk-size", "500", "--summary", summary) == 0
    s = json.loads(summary.read_text())
    assert (s["skipped"], s["succeeded"], s["removed_lines"]) == (0, 12, 12)
    assert out.with_name("results.removed.jsonl").read_bytes() == before
    assert len(set(doc_ids(out))) == 12


def test_lines_of_documents_no_longer_among_the_inputs_are_set_aside(small_corpus, tmp_path):
    out = tmp_path / "results.jsonl"
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    lines = out.read_bytes().splitlines(keepends=True)
    one = small_corpus / "batch0" / "report_0004.txt"
    assert run_cli("extract", one, "--out", out, "--quiet") == 0
    assert out.read_bytes() == lines[4]
    removed = out.with_name("results.removed.jsonl").read_bytes()
    assert removed == b"".join(lines[:4] + lines[5:])


def test_a_garbled_whole_line_is_set_aside_and_its_document_redone(small_corpus, tmp_path):
    out = tmp_path / "results.jsonl"
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    good = out.read_bytes()
    lines = good.splitlines(keepends=True)
    lines[6] = b"\x00" * 40 + b"\n"  # what a machine crash can leave in a file
    out.write_bytes(b"".join(lines))
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    assert out.read_bytes() == good


def test_lines_out_of_order_are_put_in_input_order(small_corpus, tmp_path):
    out = tmp_path / "results.jsonl"
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    good = out.read_bytes()
    out.write_bytes(b"".join(reversed(good.splitlines(keepends=True))))
    assert run_cli("extract", small_corpus, "--out", out, "--quiet") == 0
    assert out.read_bytes() == good
    assert not out.with_name("results.removed.jsonl").exists()


def test_two_jobs_cannot_write_one_output(tmp_path):
    out = tmp_path / "results.jsonl"
    with OutputStore(out, "cfg"):
        with pytest.raises(ExtractorError) as err:
            OutputStore(out, "cfg").open()
    assert "another extractor job" in err.value.message
    with OutputStore(out, "cfg"):  # free again once the first closed
        pass
