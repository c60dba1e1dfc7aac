"""Every benchmark runs at tiny sizes and prints its figures (their values are not judged)."""

from __future__ import annotations

import re

import pytest

from bench.__main__ import BENCHES, main, results_markdown

# Figures each benchmark must print, by name (``name: value`` lines).
FIGURES = {
    "latency": [
        "calls (N)",
        "ideal ceil(N/C) x latency",
        "wall",
        "wall/ideal",
        "where the wall goes",
        "max calls in flight",
        "runner CPU",
    ],
    "cli-latency": [
        "calls (N, seen by the server)",
        "ideal ceil(N/C) x latency",
        "job time/ideal",
        "process wall/ideal",
        "where the process wall goes",
        "first request to last answer/ideal",
        "max requests in flight at the server",
        "client CPU",
    ],
    "tokens": [
        "chunks",
        "  system+user message characters per report character",
        "  tool schema characters per report character",
        "  all-messages characters per report character",
        "static part first (identical leading messages in every request)",
        "static prefix",
    ],
    "rules": ["documents", "throughput", "throughput in characters", "peak memory (max RSS)"],
    "scale": ["2 documents", "4 documents", "peak memory 4 against 2 documents"],
    "cache": [
        "first run",
        "second run, --no-resume (the response cache answers)",
        "third run, resume (the job skips finished documents)",
    ],
}


def sections(output: str) -> dict[str, str]:
    """The output of each benchmark, by name, from its closing '(name took ...)' line."""
    parts: dict[str, str] = {}
    start = 0
    for m in re.finditer(r"^\((?P<name>[\w-]+) took [\d.]+ s\)$", output, re.M):
        parts[m.group("name")] = output[start : m.start()]
        start = m.end()
    return parts


@pytest.mark.slow
def test_every_benchmark_prints_its_figures_at_quick_sizes(capsys, tmp_path):
    results = tmp_path / "RESULTS.md"
    main(["all", "--quick", "--write", str(results)])
    out = capsys.readouterr().out
    printed = sections(out)
    assert set(printed) == set(BENCHES) == set(FIGURES)
    for name, figures in FIGURES.items():
        text = printed[name]
        assert re.search(r"^machine: \d+ cores, Python \d+\.\d+", text, re.M), name
        for fig in figures:
            assert re.search(rf"^{re.escape(fig)}: \S", text, re.M), f"{name}: no '{fig}' figure"
        # At smoke sizes goals are shown, not judged.
        assert "MISSED" not in text and ": met)" not in text
    written = results.read_text(encoding="utf-8")
    assert "`python -m bench all --quick --write" in written and "runner CPU:" in written


def test_results_file_names_the_command_and_keeps_the_output():
    text = results_markdown("python -m bench tokens", "== token economy ==\nchunks: 3")
    assert "`python -m bench tokens`" in text
    assert "```text\n== token economy ==\nchunks: 3\n```" in text
