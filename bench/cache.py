"""Cache: a second run of the same LLM job against the fake server.

Three runs of ``extractor extract --backend openai`` with one response cache
folder, against the fake server in another process:

1. first run: every chunk is a call (and is written to the cache);
2. the same command with ``--no-resume``: every document is extracted again,
   so every chunk asks the response cache; calls made should be 0;
3. the same command as run 1 (resume on): the job skips every document
   already in the output before any chunk is asked.

The corpus is the bundled reports, each once: copies of a report would share
their chunks, and the first run would already answer them from the cache.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .common import bundled_reports, check_child, child_env, figure, header, make_corpus, run_child
from .fake_server import ServerProcess
from .latency import cli_args, read_summary

SIZES: dict[str, dict[str, Any]] = {
    "full": {"docs": 5, "concurrency": 16, "latency": 0.25},
    "quick": {"docs": 1, "concurrency": 4, "latency": 0.02},
}


def run(opts: Any) -> None:
    header("cache: a second run of the same LLM job (`extractor extract --backend openai`) against the fake server")
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp, ServerProcess(opts.latency) as server:
        docs = min(opts.docs, len(bundled_reports()))
        corpus = make_corpus(Path(tmp) / "corpus", docs)
        out = Path(tmp) / "out.jsonl"
        cmd = cli_args(corpus, out, server.base_url, opts.concurrency, cache_dir=Path(tmp) / "cache")
        env = child_env(XDG_CACHE_HOME=str(Path(tmp) / "xdg"))
        figure(
            "documents",
            f"{docs} distinct reports, concurrency {opts.concurrency}, server latency {opts.latency * 1000:.0f} ms",
        )
        first = None
        for label, extra in (("first run", []), ("second run, --no-resume (the response cache answers)", ["--no-resume"]),
                             ("third run, resume (the job skips finished documents)", [])):  # fmt: skip
            server.reset()
            run_ = run_child([*cmd, *extra], env=env)
            check_child(run_, f"extractor extract ({label})")
            calls = server.stats().chat_requests
            summary = read_summary(out)
            usage = summary["usage"]
            job = summary["elapsed_s"]
            line = (
                f"calls {calls}, cache hits {usage['cache_hits']}, documents skipped {summary['skipped']}; "
                f"job {job:.2f} s, process wall {run_.wall_s:.2f} s"
            )
            if first is None:
                first = (job, run_.wall_s)
                figure(label, line)
                continue
            line += f"; against the first: job {job / first[0]:.3f}x, process wall {run_.wall_s / first[1]:.3f}x"
            figure(label, line, "0 calls", calls == 0)
