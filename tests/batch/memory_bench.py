"""Peak memory of `extractor extract` over 20 and over 2,000 documents.

Not a test (no timed or sized assertions in the suite): a script that prints
figures.  Run it from the repository root:

    .venv/bin/python tests/batch/memory_bench.py [--large 2000] [--small 20]

Each job runs in its own process; its peak resident set size comes from
wait4(2).  A streaming job's peak should not grow with the corpus.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_helpers import ROOT, cli_command, generate_corpus  # noqa: E402


def peak_rss_mib(cmd: list[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    return usage.ru_maxrss / 1024, elapsed, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--paragraphs", type=int, default=4, help="paragraphs drawn per document (size)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as tmp:
        figures = {}
        for n in (args.small, args.large):
            folder = Path(tmp) / f"corpus{n}"
            files = generate_corpus(folder, n, paragraphs=args.paragraphs, bad=False)
            size = sum(f.stat().st_size for f in files)
            out = Path(tmp) / f"out{n}.jsonl"
            rss, elapsed, code = peak_rss_mib(cli_command("extract", folder, "--out", out, "--quiet", "--engine", args.engine))
            lines = out.read_bytes().count(b"\n")
            figures[n] = rss
            print(
                f"{n:>6} documents ({size / 2**20:.1f} MiB in, {out.stat().st_size / 2**20:.1f} MiB out, "
                f"{lines} lines, exit {code}): peak RSS {rss:.1f} MiB in {elapsed:.1f}s"
            )
        print(f"ratio {args.large}/{args.small}: {figures[args.large] / figures[args.small]:.3f}")


if __name__ == "__main__":
    main()
