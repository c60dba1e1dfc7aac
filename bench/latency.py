"""Pipeline efficiency under latency: wall time against the ideal ceil(N/C) x latency.

Two ways, each over many documents:

* ``latency`` — in this process, the real job runner (:func:`extractor.jobs.run_job`)
  with a simulated backend that answers every chunk after ``latency ± jitter``
  seconds with the bundled gold facts of that chunk (so grounding and merging
  do their real work).  What it measures is the runner's own overhead.
* ``cli-latency`` — the real command ``extractor extract --backend openai
  --concurrency C --no-cache`` in a child process, against the fake
  OpenAI-compatible server in another process answering after ``latency``
  seconds.  It adds the HTTP client, instructor and the process start.

N is the number of backend calls (chunks the pre-filter lets through) and C
the concurrency; with calls answered after a fixed latency no schedule can
beat ceil(N/C) x latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from .common import (
    bundled_reports,
    check_child,
    child_env,
    extractor_command,
    figure,
    header,
    make_corpus,
    median,
    run_child,
    runs_text,
    startup_cost,
)

GOAL_SIMULATED = 1.10
GOAL_CLI = 1.30


# -- in-process: a simulated backend through run_job ----------------------------------


class SimulatedBackend:
    """Answers a chunk after a fixed latency (± jitter) with the gold facts in it.

    Answers are worked out before the clock starts, keyed by chunk text, so
    the timed run spends its CPU on the pipeline and job runner alone.
    """

    name: ClassVar[str] = "simulated"
    default_chunk_size: ClassVar[int] = 3000
    default_chunk_overlap: ClassVar[int] = 200

    def __init__(self, answers: dict[str, Any], latency_s: float, jitter_s: float, seed: int = 7) -> None:
        self.answers = answers
        self.latency_s = latency_s
        self.jitter_s = jitter_s
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.calls = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.first_call_at: float | None = None  # time.perf_counter()
        self.last_answer_at: float | None = None

    def info(self) -> Any:
        from extractor.backends import BackendInfo

        return BackendInfo(name=self.name, params={"latency_s": str(self.latency_s)})

    async def extract(self, chunk: Any, context: Any) -> Any:
        from extractor.backends import ChunkFacts
        from extractor.schema import Usage

        with self._lock:
            if self.first_call_at is None:
                self.first_call_at = time.perf_counter()
            self.calls += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            delay = self.latency_s + self._rng.uniform(-self.jitter_s, self.jitter_s)
        try:
            await asyncio.sleep(max(0.0, delay))
        finally:
            with self._lock:
                self.in_flight -= 1
                self.last_answer_at = time.perf_counter()
        facts = self.answers.get(chunk.text)
        if facts is None:
            return ChunkFacts(usage=Usage(calls=1))
        return ChunkFacts(indicators=facts.indicators, items=facts.items, usage=Usage(calls=1))

    async def aclose(self) -> None:
        return None


def gold_answers(chunk_size: int, overlap: int) -> dict[str, Any]:
    """Chunk text → the facts a perfect model gives, for every chunk of the bundled reports."""
    from extractor.backends import DocContext
    from extractor.backends.llm.backend import protocol_for
    from extractor.backends.llm.response_model import ChunkAnswer
    from extractor.pipeline import PreparedText
    from extractor.settings import Settings
    from tests.fakes import CHAT_PATH, PerfectModel, Request

    model = PerfectModel.bundled()
    protocol = protocol_for(Settings(backend="openai", model="simulated", cache=False))
    answers: dict[str, Any] = {}
    for path in bundled_reports():
        text = path.read_text(encoding="utf-8")
        doc = PreparedText(path.stem, text, chunk_size, overlap)
        context = DocContext(doc_id=path.stem, meta=doc.meta, chunks=len(doc.chunks))
        for chunk in doc.chunks:
            message = {"role": "user", "content": f"<report>\n{chunk.text}\n</report>"}
            request = Request("POST", CHAT_PATH, {}, b"", {"messages": [message]})
            answer = ChunkAnswer.model_validate(model.answer(request))
            answers[chunk.text] = protocol.facts(answer, context)
    return answers


@dataclass
class SimulatedRun:
    wall: float
    cpu: float
    before_first_call: float
    after_last_answer: float
    summary: Any


async def _simulated_run(paths: list[Path], out: Path, backend: SimulatedBackend, concurrency: int) -> SimulatedRun:
    from extractor.jobs import JobOptions, run_job
    from extractor.pipeline import Pipeline
    from extractor.settings import Settings

    pipeline = Pipeline(Settings(concurrency=concurrency, cache=False), backend=backend)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    summary = await run_job(paths, out, pipeline, options=JobOptions(resume=False))
    wall1 = time.perf_counter()
    first = backend.first_call_at or wall0
    last = backend.last_answer_at or wall1
    return SimulatedRun(wall1 - wall0, time.process_time() - cpu0, first - wall0, wall1 - last, summary)


def run_simulated(args: argparse.Namespace) -> None:
    docs, concurrency, latency, jitter = args.docs, args.concurrency, args.latency, args.jitter
    header("pipeline efficiency under latency: simulated backend in process, through run_job")
    answers = gold_answers(SimulatedBackend.default_chunk_size, SimulatedBackend.default_chunk_overlap)
    walls, ratios, cpus, befores, afters = [], [], [], [], []
    calls = max_in_flight = 0
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", docs)
        paths = sorted(corpus.glob("*.txt"))
        for _ in range(args.repeat):
            backend = SimulatedBackend(answers, latency, jitter)
            run = asyncio.run(_simulated_run(paths, Path(tmp) / "out.jsonl", backend, concurrency))
            if run.summary.failed or run.summary.chunks_failed:
                raise SystemExit(f"the simulated job failed: {run.summary.failures[:1]}")
            calls, max_in_flight = backend.calls, max(max_in_flight, backend.max_in_flight)
            ideal = math.ceil(calls / concurrency) * latency
            walls.append(run.wall)
            ratios.append(run.wall / ideal)
            cpus.append(run.cpu)
            befores.append(run.before_first_call)
            afters.append(run.after_last_answer)
    ideal = math.ceil(calls / concurrency) * latency
    figure("documents", f"{docs}")
    figure("calls (N)", f"{calls} ({calls / docs:.1f} per document)")
    figure("concurrency (C)", f"{concurrency}")
    figure("latency", f"{latency * 1000:.0f} ms ± {jitter * 1000:.0f} ms")
    figure("ideal ceil(N/C) x latency", f"{ideal:.2f} s")
    figure("wall", f"{runs_text(walls)} s")
    ratio = median(ratios)
    figure("wall/ideal", runs_text(ratios, "{:.3f}"), f"<= {GOAL_SIMULATED:.2f} at C=32, N>=1000", ratio <= GOAL_SIMULATED)
    figure(
        "where the wall goes",
        f"{median(befores):.2f} s from the job's start to its first call, {median(afters):.2f} s from the last answer to its end",
    )
    figure("max calls in flight", f"{max_in_flight} (bound {concurrency})")
    cpu = median(cpus)
    figure("runner CPU", f"{cpu:.2f} s, {cpu / calls * 1000:.2f} ms per call, {cpu / median(walls):.0%} of the wall time")


# -- the real CLI against the fake server in another process -----------------------------


def cli_args(corpus: Path, out: Path, base_url: str, concurrency: int, *, cache_dir: Path | None = None) -> list[str]:
    cmd = [
        *extractor_command(), "extract", str(corpus), "-o", str(out), "-q",
        "--backend", "openai", "--model", "fake-model", "--base-url", base_url,
        "--concurrency", str(concurrency), "--summary", str(out.with_suffix(".summary.json")),
    ]  # fmt: skip
    if cache_dir is None:
        cmd.append("--no-cache")
    else:
        cmd += ["--cache-dir", str(cache_dir)]
    return cmd


def read_summary(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".summary.json").read_text(encoding="utf-8"))


def run_cli(args: argparse.Namespace) -> None:
    from .fake_server import ServerProcess

    docs, concurrency, latency = args.docs, args.concurrency, args.latency
    header("pipeline efficiency under latency: `extractor extract --backend openai --no-cache` against the fake server")
    runs: dict[str, list[float]] = {k: [] for k in ("wall", "job", "job_ratio", "wall_ratio", "span_ratio", "cpu", "before", "after")}
    calls = max_in_flight = 0
    with tempfile.TemporaryDirectory(prefix="bench-cli-latency-") as tmp, ServerProcess(latency) as server:
        corpus = make_corpus(Path(tmp) / "corpus", docs)
        env = child_env(XDG_CACHE_HOME=str(Path(tmp) / "xdg"))
        for i in range(args.repeat):
            out = Path(tmp) / f"out{i}.jsonl"
            server.reset()
            run = run_child(cli_args(corpus, out, server.base_url, concurrency), env=env)
            check_child(run, "extractor extract")
            stats = server.stats()
            calls = stats.chat_requests
            max_in_flight = max(max_in_flight, stats.max_in_flight)
            ideal = math.ceil(calls / concurrency) * latency
            job = read_summary(out)["elapsed_s"]
            first, last = stats.first_request_at or run.started_at, stats.last_answer_at or run.started_at
            for key, value in (
                ("wall", run.wall_s), ("job", job), ("job_ratio", job / ideal), ("wall_ratio", run.wall_s / ideal),
                ("span_ratio", (last - first) / ideal), ("cpu", run.cpu_s), ("before", first - run.started_at),
                ("after", run.started_at + run.wall_s - last),
            ):  # fmt: skip
                runs[key].append(value)
    startup, startup_cpu = startup_cost("extractor.cli.extract", "extractor.backends.llm", runs=args.repeat)
    ideal = math.ceil(calls / concurrency) * latency
    figure("documents", f"{docs}")
    figure("calls (N, seen by the server)", f"{calls}")
    figure("concurrency (C)", f"{concurrency}")
    figure("server latency", f"{latency * 1000:.0f} ms")
    figure("ideal ceil(N/C) x latency", f"{ideal:.2f} s")
    figure("job time (summary elapsed_s)", f"{runs_text(runs['job'])} s")
    figure("job time/ideal", runs_text(runs["job_ratio"], "{:.3f}"), f"<= {GOAL_CLI:.2f}", median(runs["job_ratio"]) <= GOAL_CLI)
    figure("process wall", f"{runs_text(runs['wall'])} s")
    figure("process wall/ideal", runs_text(runs["wall_ratio"], "{:.3f}"))
    figure(
        "where the process wall goes",
        f"{median(runs['before']):.2f} s before the first request reached the server (imports alone: {startup:.2f} s), "
        f"{median(runs['after']):.2f} s after the last answer",
    )
    figure("first request to last answer/ideal", runs_text(runs["span_ratio"], "{:.3f}"))
    figure("max requests in flight at the server", f"{max_in_flight}", f"<= {concurrency}", max_in_flight <= concurrency)
    needed = concurrency / latency
    cpu = median(runs["cpu"])
    per_call = (cpu - startup_cpu) / calls if calls else float("nan")
    figure("client CPU", f"{cpu:.2f} s for the whole process; less {startup_cpu:.2f} s of imports, {per_call * 1000:.1f} ms per call")
    figure(
        "client CPU the ideal needs",
        f"{needed:.0f} calls/s x {per_call * 1000:.1f} ms = {needed * per_call:.0%} of one core",
    )


SIMULATED_SIZES = {
    "full": {"docs": 100, "concurrency": 32, "latency": 0.2, "jitter": 0.02, "repeat": 3},
    "quick": {"docs": 6, "concurrency": 8, "latency": 0.02, "jitter": 0.002, "repeat": 1},
}
CLI_SIZES = {
    "full": {"docs": 40, "concurrency": 16, "latency": 0.25, "repeat": 3},
    "quick": {"docs": 2, "concurrency": 4, "latency": 0.02, "repeat": 1},
}
