"""Rules backend throughput: MB of report text per second, end to end, in one process.

A directory job of the default (rules) backend in a child process:
``extractor extract DIR -o OUT`` — read, split into sections and chunks,
extract, ground, merge and write.  MB are 10^6 UTF-8 bytes of the report
files as they lie on disk (a Chinese character is 3 bytes); characters per
second are printed beside them.  The job time is the job's own (the
summary's ``elapsed_s``, without the process start); the CPU figure (user +
system time of the whole process) is the one least moved by other load on
a shared machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .common import (
    check_child,
    corpus_bytes,
    corpus_chars,
    extractor_command,
    figure,
    header,
    make_corpus,
    median,
    run_child,
    runs_text,
    startup_cost,
)
from .latency import read_summary

GOAL_MB_S = 1.0
SIZES: dict[str, dict[str, Any]] = {
    "full": {"docs": 400, "repeat": 3},
    "quick": {"docs": 3, "repeat": 1},
}


def rules_command(corpus: Path, out: Path) -> list[str]:
    summary = out.with_suffix(".summary.json")
    return [*extractor_command(), "extract", str(corpus), "-o", str(out), "-q", "--no-resume", "--summary", str(summary)]


def run(opts: Any) -> None:
    header("rules backend throughput: `extractor extract DIR` (default rules backend), one process")
    job_s, wall_s, cpu_s, rss = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", opts.docs)
        size, chars = corpus_bytes(corpus), corpus_chars(corpus)
        for i in range(opts.repeat):
            out = Path(tmp) / f"out{i}.jsonl"
            run_ = run_child(rules_command(corpus, out))
            check_child(run_, "extractor extract")
            job_s.append(read_summary(out)["elapsed_s"])
            wall_s.append(run_.wall_s)
            cpu_s.append(run_.cpu_s)
            rss.append(run_.max_rss_mb)
    mb = size / 1e6
    figure("documents", f"{opts.docs}, {mb:.2f} MB (UTF-8 bytes of the files), {chars} characters")
    figure("job time", f"{runs_text(job_s)} s; process wall {runs_text(wall_s)} s")
    rates = [mb / s for s in job_s]
    figure("throughput", f"{runs_text(rates)} MB/s", f">= {GOAL_MB_S:g} MB/s", median(rates) >= GOAL_MB_S)
    figure("throughput in characters", f"{runs_text([chars / s / 1e6 for s in job_s])} M characters/s")
    _, startup_cpu = startup_cost("extractor.cli.extract", runs=opts.repeat)
    job_cpu = median(cpu_s) - startup_cpu
    figure("throughput per CPU second", f"{mb / job_cpu:.2f} MB per CPU-second (process CPU less {startup_cpu:.2f} s of start-up)")
    figure("cores used", f"{median(cpu_s) / median(wall_s):.2f} (process CPU time / process wall)")
    figure("documents per second", f"{runs_text([opts.docs / s for s in job_s], '{:.1f}')}")
    figure("peak memory (max RSS)", f"{runs_text(rss, '{:.1f}')} MB")
