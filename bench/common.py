"""What every benchmark prints beside its figures, corpora to run on, and child processes.

Timed figures come from child processes where the question is "what does a
user's command cost" (wall time, CPU time and peak memory of that process
alone, read with ``os.wait4``), and from the running process where the
question is the job runner's own overhead.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "eval" / "reports"
# Environment variables that would point a child run at a real server,
# a config file or a shared cache.
_FOREIGN_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_CUSTOM_HEADERS")


def machine_line() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.machine()}, {platform.system()}), load average {load:.2f}"
    )


def header(title: str) -> None:
    print(f"\n== {title} ==")
    print(machine_line(), flush=True)


# Goals are judged at full sizes only; ``--quick`` sizes are a smoke run.
judge_goals = True


def figure(name: str, value: str, goal: str | None = None, met: bool | None = None) -> None:
    """One figure per line: ``name: value`` and, where there is one, the goal."""
    line = f"{name}: {value}"
    if goal is not None:
        verdict = ("met" if met else "MISSED") if judge_goals else "not judged at --quick sizes"
        line += f"  (goal {goal}: {verdict})"
    print(line, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def runs_text(values: Sequence[float], fmt: str = "{:.2f}") -> str:
    """'7.31 (runs 7.28 7.31 7.40)': the median and every run, for noisy machines."""
    shown = " ".join(fmt.format(v) for v in values)
    return fmt.format(median(values)) + (f" (runs {shown})" if len(values) > 1 else "")


# -- corpora ------------------------------------------------------------------


def bundled_reports() -> list[Path]:
    return sorted(REPORTS.glob("*.txt"))


def make_corpus(folder: Path, n_docs: int) -> Path:
    """``n_docs`` report files made by cycling through the bundled reports."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    sources = bundled_reports()
    for i in range(n_docs):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"doc{i:05d}_{src.stem}.txt")
    return folder


def corpus_bytes(folder: Path) -> int:
    """UTF-8 bytes of the report files, as they lie on disk."""
    return sum(p.stat().st_size for p in folder.glob("*.txt"))


def corpus_chars(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))


# -- child processes ------------------------------------------------------------


@dataclass
class ChildRun:
    returncode: int
    started_at: float  # time.time() when it was started
    wall_s: float
    cpu_s: float  # user + system
    max_rss_mb: float  # of this child alone
    stdout: str
    stderr: str


def extractor_command() -> list[str]:
    """The installed ``extractor`` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "extractor"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from extractor.cli import main; main()"]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV and not k.startswith("EXTRACTOR_")}
    # Benchmarks talk to 127.0.0.1 only, never through a proxy.
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra)
    return env


# Linux counts the memory of the process that forks into the child's peak
# RSS (ru_maxrss keeps the high-water mark of the address space exec
# replaced), so a benchmark that has loaded the LLM stack would inflate
# every child's figure.  Children are started from this small interpreter
# instead, which reports their wall time and rusage in a file.
_SPAWN = """
import json, os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
at, started = time.time(), time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(out, "w") as fh:
    json.dump({"at": at, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss": ru.ru_maxrss}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> ChildRun:
    """Run ``cmd`` to its end; its own wall time, CPU time and peak memory."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp:
        report = Path(tmp) / "rusage.json"
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _SPAWN, str(report), *cmd],
            capture_output=True,
            env=env if env is not None else child_env(),
            cwd=str(cwd or ROOT),
        )
        if not report.exists():
            raise SystemExit(f"could not run {cmd[0]}: {done.stderr.decode('utf-8', 'replace').strip()}")
        usage = json.loads(report.read_text())
    rss_kb = usage["maxrss"] if sys.platform != "darwin" else usage["maxrss"] / 1024
    return ChildRun(
        returncode=done.returncode,
        started_at=usage["at"],
        wall_s=usage["wall"],
        cpu_s=usage["cpu"],
        max_rss_mb=rss_kb / 1024,
        stdout=done.stdout.decode("utf-8", "replace"),
        stderr=done.stderr.decode("utf-8", "replace"),
    )


def startup_cost(*modules: str, runs: int = 3) -> tuple[float, float]:
    """Median (wall, CPU) seconds of a child that only imports ``modules``: a command's start-up."""
    code = "import " + ", ".join(modules)
    measured = [run_child([sys.executable, "-c", code]) for _ in range(runs)]
    for m in measured:
        check_child(m, f"python -c {code!r}")
    return median([m.wall_s for m in measured]), median([m.cpu_s for m in measured])


def check_child(run: ChildRun, what: str) -> None:
    """A child that failed makes its figures meaningless: say why and stop."""
    if run.returncode != 0:
        tail = "\n".join(run.stderr.strip().splitlines()[-5:])
        raise SystemExit(f"{what} exited {run.returncode}:\n{tail}")
