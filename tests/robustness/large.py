"""Large inputs made at run time, and a child-process runner that measures them.

Used by the large-input test (correctness, a memory bound) and by
``bench_large.py`` (figures).  Text is generated from phrases written here.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PHRASES = (
    "坚持稳中求进", "推动高质量发展", "深化重点领域改革", "扩大高水平开放", "持续改善民生福祉",
    "加强生态环境保护", "全面推进乡村振兴", "优化营商环境", "强化科技创新", "促进城乡融合发展",
    "提升基层治理能力", "统筹发展和安全", "繁荣发展文化事业", "推进产业转型升级", "加快数字政府建设",
)


def sparse_report(path: Path, megabytes: float, *, seed: int = 7, figure_every: int = 200) -> str:
    """A report of prose with a figure sentence every ``figure_every`` paragraphs; returns its text.

    Most chunks hold no figure, so a run measures reading, sectioning and
    chunking at scale rather than the backend.
    """
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts = ["政府工作报告\n一、2023年工作回顾\n"]
    size = len(parts[0].encode("utf-8"))
    n = 0
    while size < target:
        n += 1
        para = "，".join(rng.choice(_PHRASES) for _ in range(12)) + "。"
        if n % figure_every == 0:
            para += f"全年新建学校{n % 97 + 3}所，地区生产总值增长{n % 9 + 1}.5%。"
        if n % 5000 == 0:
            para = f"（{'一二三四五六七八九十'[n // 5000 % 10]}）重点工作\n" + para
        parts.append(para + "\n")
        size += len(parts[-1].encode("utf-8"))
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    return text


@dataclass
class ChildRun:
    code: int
    seconds: float
    peak_rss_mib: float
    stderr: str


# The child records its own high-water mark (VmHWM) as it exits.  wait4's
# ru_maxrss would not do: on Linux it keeps the resident size the child had
# before exec, which is the whole test process's when forked from pytest.
_RECORD_PEAK = """
import atexit, os, sys
def _peak():
    try:
        with open("/proc/self/status") as f:
            kib = next(line for line in f if line.startswith("VmHWM")).split()[1]
        with open(os.environ["ROBUSTNESS_PEAK_FILE"], "w") as out:
            out.write(kib)
    except (OSError, StopIteration, KeyError):
        pass
atexit.register(_peak)
from extractor.cli import main
main(sys.argv[1:])
"""


def run_extractor(*args: object, env: dict[str, str] | None = None) -> ChildRun:
    """`extractor ARGS` in a child process; its exit status, time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="peak-") as tmp:
        peak_file = Path(tmp) / "peak"
        child_env = dict(os.environ if env is None else env, ROBUSTNESS_PEAK_FILE=str(peak_file))
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _RECORD_PEAK, *map(str, args)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=child_env,
        )
        assert proc.stderr is not None
        stderr = proc.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if peak_file.exists():
            kib = float(peak_file.read_text())
        else:  # no /proc: the kernel's figure, an upper bound
            kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return ChildRun(proc.returncode, seconds, kib / 1024, stderr)
