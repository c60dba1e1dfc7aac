"""What a running job shows: a rich bar on a terminal, or a status line now and then.

Both read the job's running :class:`~extractor.jobs.JobSummary` after each
document and write to stderr, so stdout stays free for pipes.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..jobs import JobSummary

# How often a non-terminal reporter writes its line.
LOG_INTERVAL_S = 10.0


class Reporter(Protocol):
    def start(self, total: int) -> None: ...

    def update(self, summary: "JobSummary") -> None: ...

    def close(self, summary: "JobSummary") -> None: ...


def status_text(s: "JobSummary", elapsed: float) -> str:
    """Chunks, calls, tokens, cache hits, failures and rate, in one line."""
    finished = s.succeeded + s.failed + s.skipped
    rate = finished / elapsed if elapsed > 0 else 0.0
    tokens = s.usage.prompt_tokens + s.usage.completion_tokens
    parts = [
        f"{s.skipped} already done" if s.skipped else "",
        f"{s.chunks} chunks",
        f"{s.usage.calls} calls",
        f"{tokens} tokens",
        f"{s.usage.cache_hits} cache hits",
        f"{s.failed} failed" + (f", {s.incomplete} incomplete" if s.incomplete else ""),
        f"{rate:.1f} docs/s",
    ]
    return " · ".join(p for p in parts if p)


class NullReporter:
    def start(self, total: int) -> None:
        pass

    def update(self, summary: "JobSummary") -> None:
        pass

    def close(self, summary: "JobSummary") -> None:
        pass


class RichReporter:
    """A live bar for a person watching a terminal, the counters on a line below it."""

    def __init__(self) -> None:
        from rich.console import Console, Group
        from rich.live import Live
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("documents"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        self._stats = ""
        self._live = Live(Group(self._progress, self), console=Console(stderr=True), refresh_per_second=4)
        self._task = self._progress.add_task("extract", total=None)
        self._started = time.perf_counter()

    def __rich__(self) -> str:
        return self._stats

    def start(self, total: int) -> None:
        self._started = time.perf_counter()
        self._progress.update(self._task, total=total)
        self._live.start()

    def update(self, summary: "JobSummary") -> None:
        done = summary.succeeded + summary.failed + summary.skipped
        self._stats = status_text(summary, time.perf_counter() - self._started)
        self._progress.update(self._task, completed=done)

    def close(self, summary: "JobSummary") -> None:
        self.update(summary)
        self._live.refresh()
        self._live.stop()


class LineReporter:
    """A plain status line every few seconds, for logs of batch schedulers."""

    def __init__(self, interval_s: float = LOG_INTERVAL_S, stream=None) -> None:
        self.interval_s = interval_s
        self.stream = stream or sys.stderr
        self._total = 0
        self._started = self._last = time.perf_counter()

    def start(self, total: int) -> None:
        self._total = total
        self._started = self._last = time.perf_counter()

    def _write(self, summary: "JobSummary") -> None:
        now = time.perf_counter()
        done = summary.succeeded + summary.failed + summary.skipped
        line = f"progress: {done}/{self._total} documents · {status_text(summary, now - self._started)}"
        print(line, file=self.stream, flush=True)
        self._last = now

    def update(self, summary: "JobSummary") -> None:
        if time.perf_counter() - self._last >= self.interval_s:
            self._write(summary)

    def close(self, summary: "JobSummary") -> None:
        self._write(summary)


def choose_reporter(progress: bool | None, quiet: bool) -> Reporter:
    """``progress`` None means: a bar when stderr is a terminal, else nothing."""
    if quiet or progress is False:
        return NullReporter()
    if sys.stderr.isatty():
        return RichReporter()
    return LineReporter() if progress else NullReporter()
