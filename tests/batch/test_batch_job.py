"""The batch job end to end through the CLI: kill and resume, torn lines, shards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from extractor.loading import text_sha256

from batch_helpers import ROOT, cli_command, doc_ids, run_cli

N_GOOD = 300


def _wait_for_lines(path: Path, proc: subprocess.Popen, at_least: int, limit_s: float = 120.0) -> int:
    """Poll until ``path`` holds ``at_least`` whole lines (or the process ends)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= at_least:
            break
        time.sleep(0.005)
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_uninterrupted_run_writes_every_readable_report_in_order(corpus, reference):
    ids = doc_ids(reference)
    assert len(ids) == N_GOOD
    assert ids == sorted(ids)  # the corpus names sort as the job reads them
    failures = [json.loads(line) for line in reference.with_name("results.failures.jsonl").read_text().splitlines()]
    assert {f["doc_id"]: f["error"] for f in failures} == {
        "report_0000a_empty": "the file is empty",
        "report_0000b_image": "this is a PNG image, not a text report",
    }


def test_sigkill_then_resume_equals_uninterrupted_run(corpus, reference, tmp_path):
    out = tmp_path / "results.jsonl"
    proc = subprocess.Popen(
        cli_command("extract", corpus, "--out", out, "--quiet"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_lines(out, proc, at_least=40)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the job ended before it could be killed"
    written = out.read_bytes()
    assert 40 <= written.count(b"\n") < N_GOOD

    summary_file = tmp_path / "summary.json"
    assert run_cli("extract", corpus, "--out", out, "--quiet", "--summary", summary_file) == 1
    assert out.read_bytes() == reference.read_bytes()
    ids = doc_ids(out)
    assert len(ids) == len(set(ids)) == N_GOOD
    summary = json.loads(summary_file.read_text())
    done_before = written.count(b"\n")
    assert summary["skipped"] == done_before
    assert summary["succeeded"] == N_GOOD - done_before
    assert summary["failed"] == 2
    assert not summary["rewritten"]


def test_torn_last_line_is_cut_off_and_its_document_redone(corpus, reference, tmp_path):
    out = tmp_path / "results.jsonl"
    data = reference.read_bytes()
    lines = data.splitlines(keepends=True)
    kept = b"".join(lines[:120])
    out.write_bytes(kept + lines[120][: len(lines[120]) // 2])  # the 121st line half written
    summary_file = tmp_path / "summary.json"
    assert run_cli("extract", corpus, "--out", out, "--quiet", "--summary", summary_file) == 1
    assert out.read_bytes() == data
    summary = json.loads(summary_file.read_text())
    assert summary["torn_line_repaired"] is True
    assert summary["skipped"] == 120


def test_rerun_of_a_finished_job_extracts_nothing_and_changes_nothing(corpus, reference, tmp_path):
    out = tmp_path / "results.jsonl"
    shutil.copyfile(reference, out)
    summary_file = tmp_path / "summary.json"
    assert run_cli("extract", corpus, "--out", out, "--quiet", "--summary", summary_file) == 1
    assert out.read_bytes() == reference.read_bytes()
    summary = json.loads(summary_file.read_text())
    assert (summary["skipped"], summary["succeeded"], summary["chunks"]) == (N_GOOD, 0, 0)


def test_changed_report_text_is_extracted_again(corpus, reference, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    target = folder / "batch1" / "report_0150.txt"
    target.write_text(target.read_text(encoding="utf-8") + "新建公园12个。\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    shutil.copyfile(reference, out)
    summary_file = tmp_path / "summary.json"
    assert run_cli("extract", folder, "--out", out, "--quiet", "--summary", summary_file) == 1
    summary = json.loads(summary_file.read_text())
    assert (summary["skipped"], summary["succeeded"]) == (N_GOOD - 1, 1)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == N_GOOD
    changed = json.loads(lines[150])
    assert changed["doc_id"] == "report_0150"
    assert changed["provenance"]["source_sha256"] == text_sha256(target.read_text(encoding="utf-8"))
    # The old version of the line is set aside, not lost.
    assert summary["rewritten"] and summary["removed_lines"] == 1
    removed = out.with_name("results.removed.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in removed] == ["report_0150"]


def test_shards_are_disjoint_and_concatenate_to_the_whole(corpus, reference, tmp_path):
    parts = []
    for i in range(3):
        out = tmp_path / f"part{i}.jsonl"
        run_cli("extract", corpus, "--out", out, "--quiet", "--shard", f"{i}/3")
        parts.append(out.read_bytes())
    assert b"".join(parts) == reference.read_bytes()
    shard_ids = [set(doc_ids(tmp_path / f"part{i}.jsonl")) for i in range(3)]
    assert all(shard_ids) and not (shard_ids[0] & shard_ids[1] or shard_ids[1] & shard_ids[2])


def test_sharded_failures_go_to_each_shards_side_file(corpus, tmp_path):
    out = tmp_path / "part0.jsonl"
    # The two unreadable files sort first, so they belong to shard 0 of 2.
    assert run_cli("extract", corpus, "--out", out, "--quiet", "--shard", "0/2") == 1
    assert len(out.with_name("part0.failures.jsonl").read_text().splitlines()) == 2
    out1 = tmp_path / "part1.jsonl"
    assert run_cli("extract", corpus, "--out", out1, "--quiet", "--shard", "1/2") == 0
    assert not out1.with_name("part1.failures.jsonl").exists()


def test_bad_shard_is_a_usage_error(corpus, tmp_path, capsys):
    assert run_cli("extract", corpus, "--out", tmp_path / "r.jsonl", "--shard", "3/3") == 2
    assert "--shard" in capsys.readouterr().err


def test_no_resume_redoes_everything_and_keeps_the_old_lines_aside(corpus, reference, tmp_path):
    out = tmp_path / "results.jsonl"
    shutil.copyfile(reference, out)
    summary_file = tmp_path / "summary.json"
    assert run_cli("extract", corpus, "--out", out, "--quiet", "--no-resume", "--summary", summary_file) == 1
    assert out.read_bytes() == reference.read_bytes()
    summary = json.loads(summary_file.read_text())
    assert (summary["skipped"], summary["succeeded"], summary["removed_lines"]) == (0, N_GOOD, N_GOOD)


def test_summary_counts_the_job(corpus, reference, tmp_path):
    out = tmp_path / "results.jsonl"
    summary_file = tmp_path / "s" / "summary.json"
    assert run_cli("extract", corpus / "batch2", "--out", out, "--quiet", "--summary", summary_file) == 0
    summary = json.loads(summary_file.read_text())
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary["documents"] == summary["succeeded"] == len(docs) == 100
    assert summary["indicators"] == sum(len(d["indicators"]) for d in docs)
    assert summary["items"] == sum(len(d["items"]) for d in docs)
    assert summary["chunks"] == sum(d["diagnostics"]["chunks"] for d in docs)
    assert summary["failed"] == 0 and summary["engine"] == "local"
    assert summary["config_hash"] == docs[0]["provenance"]["config_hash"]


def test_progress_on_request_writes_status_lines_to_stderr(corpus, tmp_path):
    out = tmp_path / "results.jsonl"
    proc = subprocess.run(
        cli_command("extract", corpus / "batch2", "--out", out, "--progress"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    status = [line for line in proc.stderr.splitlines() if line.startswith("progress:")]
    assert status and status[-1].startswith("progress: 100/100 documents")
    for word in ("chunks", "calls", "tokens", "cache hits", "failed", "docs/s"):
        assert word in status[-1]


def test_quiet_prints_nothing_on_success(corpus, tmp_path, capsys):
    assert run_cli("extract", corpus / "batch2", "--out", tmp_path / "r.jsonl", "--quiet") == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
