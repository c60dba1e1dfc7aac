"""Scale: peak memory and documents per second of the CLI against the batch size.

The job streams (a bounded window of documents in flight, finished lines
appended), so its peak memory should not grow with the corpus.  Each size
runs ``extractor extract DIR`` (default rules backend) in its own child
process; its max RSS is that process's alone.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .common import check_child, corpus_bytes, figure, header, make_corpus, run_child
from .latency import read_summary
from .rules import rules_command

# Larger size against the smallest: the goal for the largest, and the check's for 400.
GOALS = {2000: 1.2, 400: 1.3}
SIZES: dict[str, dict[str, Any]] = {
    "full": {"sizes": "20,400,2000"},
    "quick": {"sizes": "2,4"},
}


def run(opts: Any) -> None:
    sizes = sorted({int(s) for s in str(opts.sizes).split(",") if s.strip()})
    header("scale: peak memory (max RSS of the CLI process) and documents/s against batch size")
    rss: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for n in sizes:
            corpus = make_corpus(Path(tmp) / f"corpus{n}", n)
            out = Path(tmp) / f"out{n}.jsonl"
            run_ = run_child(rules_command(corpus, out))
            check_child(run_, f"extractor extract ({n} documents)")
            elapsed = read_summary(out)["elapsed_s"]
            rss[n] = run_.max_rss_mb
            mb = corpus_bytes(corpus) / 1e6
            figure(
                f"{n} documents",
                f"peak memory {run_.max_rss_mb:.1f} MB, {n / elapsed:.1f} documents/s "
                f"({mb / elapsed:.2f} MB/s; job {elapsed:.2f} s, process wall {run_.wall_s:.2f} s)",
            )
    base = sizes[0]
    for n in sizes[1:]:
        ratio = rss[n] / rss[base]
        goal = GOALS.get(n)
        figure(
            f"peak memory {n} against {base} documents",
            f"{ratio:.3f}x",
            f"<= {goal}x" if goal else None,
            ratio <= goal if goal else None,
        )
