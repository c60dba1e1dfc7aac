"""What every benchmark prints beside its figures, and corpora to run on."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "eval" / "reports"


def machine_line() -> str:
    return (
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.machine()}, {platform.system()})"
    )


def peak_rss_mb_children() -> float:
    """Peak resident memory of the largest finished child process, in MB."""
    kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


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
    return sum(p.stat().st_size for p in folder.glob("*.txt"))
