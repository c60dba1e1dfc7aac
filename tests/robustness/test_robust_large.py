"""A 50 MB report through the rules backend: one grounded line, memory a small multiple of the file.

The report is generated at test time (prose with a figure every few hundred
paragraphs, so the run measures reading, sectioning and chunking at scale).
No time is asserted; ``tests/robustness/bench_large.py`` prints the figures.
"""

from __future__ import annotations

import json

from tests.robustness.large import run_extractor, sparse_report


def test_a_50_mb_report_is_one_grounded_line_in_bounded_memory(tmp_path):
    report = tmp_path / "huge report.txt"
    text = sparse_report(report, 50)
    size_mib = report.stat().st_size / 2**20
    out = tmp_path / "out.jsonl"
    run = run_extractor("extract", report, "-o", out, "--quiet")
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    diag = doc["diagnostics"]
    assert diag["failed_chunks"] == [] and diag["chunks"] > 1000
    facts = [*doc["indicators"], *doc["items"]]
    assert facts
    for fact in facts:
        assert text[fact["start"] : fact["end"]] == fact["evidence"]
    # The text is held a few times over (bytes, string, chunks); nothing grows past that.
    assert run.peak_rss_mib < 8 * size_mib, f"peak {run.peak_rss_mib:.0f} MiB for a {size_mib:.0f} MiB report"
