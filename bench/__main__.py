"""``python -m bench {all,latency,cli-latency,tokens,rules,scale,cache} [--quick] [options]``.

Every benchmark prints its figures, one ``name: value`` per line, under a
line naming the machine (cores, Python, load).  ``--quick`` runs tiny sizes
(a smoke run); options override a benchmark's sizes.  ``--write FILE``
also writes what was printed, with the command, into a Markdown file
(``bench/RESULTS.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from . import cache, common, latency, rules, scale, tokens
from .common import ROOT

Bench = tuple[Callable[[Any], None], dict[str, dict[str, Any]], str]

BENCHES: dict[str, Bench] = {
    "latency": (latency.run_simulated, latency.SIMULATED_SIZES, "1. simulated backend through run_job"),
    "cli-latency": (latency.run_cli, latency.CLI_SIZES, "1. the real CLI against the fake server"),
    "tokens": (tokens.run, tokens.SIZES, "2. characters and tokens sent per report character"),
    "rules": (rules.run, rules.SIZES, "3. rules backend throughput, MB/s"),
    "scale": (scale.run, scale.SIZES, "4. peak memory and documents/s against batch size"),
    "cache": (cache.run, cache.SIZES, "5. a second run of an LLM job: calls and wall time"),
}
# Options a benchmark may take; each overrides that benchmark's size of the same name.
OPTIONS: dict[str, tuple[type, str]] = {
    "docs": (int, "documents in the corpus"),
    "concurrency": (int, "backend calls in flight (-j)"),
    "latency": (float, "seconds before each answer"),
    "jitter": (float, "± seconds around the latency (simulated backend)"),
    "repeat": (int, "timed runs; the median is the figure"),
    "sizes": (str, "comma-separated batch sizes (scale), e.g. 20,400,2000"),
    "mode": (str, "tools or json (tokens)"),
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmarks that print figures: how close the pipeline runs to its limits.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(f"  {name:12s} {help}" for name, (_, _, help) in BENCHES.items()),
    )
    parser.add_argument("bench", choices=["all", *BENCHES], help="which figures (all: every one)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run in seconds")
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the output, with the command, to FILE (Markdown)")
    for name, (kind, help) in OPTIONS.items():
        parser.add_argument(f"--{name}", type=kind, help=help)
    return parser.parse_args(argv)


def options_for(name: str, args: argparse.Namespace) -> SimpleNamespace:
    sizes = dict(BENCHES[name][1]["quick" if args.quick else "full"])
    for key in sizes:
        given = getattr(args, key, None)
        if given is not None:
            sizes[key] = given
    return SimpleNamespace(**sizes)


def run(args: argparse.Namespace) -> None:
    names = list(BENCHES) if args.bench == "all" else [args.bench]
    common.judge_goals = not args.quick
    for name in names:
        started = time.perf_counter()
        BENCHES[name][0](options_for(name, args))
        print(f"({name} took {time.perf_counter() - started:.1f} s)", flush=True)


class _Tee(io.TextIOBase):
    def __init__(self, *streams: Any) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            s.write(text)
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            s.flush()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.write is None:
        run(args)
        return
    captured = io.StringIO()
    with contextlib.redirect_stdout(_Tee(sys.stdout, captured)):
        run(args)
    command = "python -m bench " + " ".join(shlex.quote(a) for a in argv)
    args.write.write_text(results_markdown(command, captured.getvalue()), encoding="utf-8")
    print(f"wrote {args.write}")


def results_markdown(command: str, output: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    rev = _git_revision()
    return (
        "# Benchmark results\n\n"
        f"The latest figures, printed by `{command}` on {when}"
        + (f" at commit `{rev}`" if rev else "")
        + ". Re-run that command to refresh this file; `bench/README.md` says what each figure means.\n\n"
        "```text\n" + output.strip() + "\n```\n"
    )


def _git_revision() -> str | None:
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


if __name__ == "__main__":
    main()
