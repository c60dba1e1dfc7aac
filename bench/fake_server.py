"""The fake OpenAI server (``tests.fakes``) in its own process, counting requests in flight.

``python -m bench.fake_server --latency 0.25`` prints its base URL and
serves the bundled gold facts (``PerfectModel``) after the given latency
until terminated.  ``GET /_bench/stats`` answers ``{"chat_requests": n,
"max_in_flight": m, "in_flight": k, "first_request_at": t0,
"last_answer_at": t1}`` (times as ``time.time()``); ``POST /_bench/reset``
starts the counts afresh.  A request is in flight from the moment the
server has read it until its answer is written, the latency wait included.

:class:`ServerProcess` starts and stops one from a benchmark.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

from .common import ROOT, child_env

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class InFlight:
    """A responder wrapper that counts the requests being answered at once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._lock = threading.Lock()
        self.now = 0
        self.max = 0
        self.total = 0
        self.first_at: float | None = None
        self.last_done_at: float | None = None

    def __call__(self, request: Any) -> Any:
        with self._lock:
            if self.first_at is None:
                self.first_at = time.time()
            self.now += 1
            self.total += 1
            self.max = max(self.max, self.now)
        try:
            action = self.inner(request)
        except BaseException:
            self._done()
            raise
        return _Counted(action, self._done)

    def _done(self) -> None:
        with self._lock:
            self.now -= 1
            self.last_done_at = time.time()

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "chat_requests": self.total,
                "max_in_flight": self.max,
                "in_flight": self.now,
                "first_request_at": self.first_at,
                "last_answer_at": self.last_done_at,
            }

    def reset(self) -> None:
        with self._lock:
            self.total = 0
            self.max = self.now
            self.first_at = self.last_done_at = None


class _Counted:
    """The inner action; the request leaves the count once its answer is written."""

    def __init__(self, action: Any, done: Any) -> None:
        self.action = action
        self.done = done

    def respond(self, request: Any, writer: Any) -> None:
        try:
            self.action.respond(request, writer)
        finally:
            self.done()


def main(argv: list[str] | None = None) -> None:
    import argparse

    from tests.fakes import FakeOpenAIServer, JsonResponse, PerfectModel, empty_answer

    parser = argparse.ArgumentParser(description="The fake OpenAI server, counting requests in flight.")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every answer")
    parser.add_argument("--empty", action="store_true", help="answer every chunk with no facts")
    args = parser.parse_args(argv)

    tracker = InFlight(empty_answer if args.empty else PerfectModel.bundled())
    server = FakeOpenAIServer(tracker, latency_s=args.latency)

    def reset(request: Any) -> Any:
        tracker.reset()
        return JsonResponse(tracker.stats())

    server.route("GET", "/_bench/stats", lambda request: JsonResponse(tracker.stats()))
    server.route("POST", "/_bench/reset", reset)
    server.serve_until_terminated()


@dataclass
class ServerStats:
    chat_requests: int
    max_in_flight: int
    first_request_at: float | None  # time.time()
    last_answer_at: float | None


class ServerProcess:
    """``with ServerProcess(latency_s=0.25) as server:`` … ``server.base_url``, ``server.stats()``."""

    def __init__(self, latency_s: float, *, empty: bool = False) -> None:
        self.latency_s = latency_s
        self.empty = empty
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> "ServerProcess":
        cmd = [sys.executable, "-m", "bench.fake_server", "--latency", str(self.latency_s)]
        if self.empty:
            cmd.append("--empty")
        self._proc = subprocess.Popen(cmd, cwd=str(ROOT), env=child_env(), stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        self.base_url = self._proc.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            self.__exit__()
            raise SystemExit("the fake server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def _call(self, method: str, path: str) -> dict[str, Any]:
        root = self.base_url.removesuffix("/v1")
        req = urllib.request.Request(root + path, method=method, data=b"" if method == "POST" else None)
        with _DIRECT.open(req, timeout=30) as resp:
            return json.loads(resp.read())

    def stats(self) -> ServerStats:
        raw = self._call("GET", "/_bench/stats")
        return ServerStats(raw["chat_requests"], raw["max_in_flight"], raw["first_request_at"], raw["last_answer_at"])

    def reset(self) -> None:
        self._call("POST", "/_bench/reset")


if __name__ == "__main__":
    main()
