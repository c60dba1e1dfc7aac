"""A fake OpenAI-compatible HTTP server on 127.0.0.1, for tests and benchmarks.

It speaks ``POST /v1/chat/completions`` (tool calling and JSON answers),
records and counts every request, and answers each one with an *action*:
the next scripted action if any, else the action its *responder* picks.

    from tests.fakes import FakeOpenAIServer, PerfectModel, RateLimited, ServerError

    with FakeOpenAIServer(responder=PerfectModel.bundled()) as server:
        server.script(RateLimited(retry_after="2"), ServerError())  # the next two requests
        ...  # point a client at server.base_url ("http://127.0.0.1:<port>/v1")
        assert server.count() == 3

Actions (each answers one request):

* :class:`Reply` — a completion carrying ``answer`` (a dict or JSON text) as
  a tool call when the request offers tools, else as the message text;
  ``content=`` sends a plain text message instead (prose); ``usage=`` and
  ``finish_reason=`` override the defaults.
* :class:`TruncatedAnswer`, :class:`SchemaInvalid`, :class:`Prose`,
  :class:`EmptyChoices` — 200 answers that are wrong in one way.
* :class:`HttpError`, :class:`RateLimited` (429 + Retry-After),
  :class:`ServerError` (500), :class:`TruncatedBody` (a 200 whose JSON body
  is cut), :class:`CloseConnection` (no response at all), :class:`Delay`
  (wait, then another action: a timeout when the client gives up first).

Responders (``request -> action``) answer when the script is empty:
:func:`empty_answer` (the default), :class:`PerfectModel` (the gold facts
whose evidence is in the request's chunk), :class:`FailFirst` (wraps another
responder and spoils the first try of every request in a rotation of
faults, letting retries and re-asks through).

Extend it with :meth:`FakeOpenAIServer.route` (more endpoints, e.g. a Batch
API, answering with :class:`JsonResponse` or any new :class:`Action`);
``latency_s`` delays every answer.  :meth:`FakeOpenAIServer.requests` holds
every :class:`Request` (headers in lower case, parsed JSON body).

On its own, for runs of the real CLI::

    python -m tests.fakes --perfect --fail-first --port 8765

prints its base URL and serves until interrupted; ``GET /_fake/stats``
returns ``{"chat_requests": n, "spoiled": m}``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHAT_PATH = "/v1/chat/completions"
EMPTY_ANSWER = {"indicators": [], "items": []}


# -- requests ----------------------------------------------------------------


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    json: Any = None
    number: int = 0  # 1-based, in arrival order

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.json or {}).get("messages", []))

    @property
    def wants_tool(self) -> bool:
        return bool((self.json or {}).get("tools"))

    @property
    def tool_name(self) -> str:
        body = self.json or {}
        choice = body.get("tool_choice")
        if isinstance(choice, dict):
            return choice.get("function", {}).get("name", "")
        tools = body.get("tools") or [{}]
        return tools[0].get("function", {}).get("name", "")

    def user_texts(self) -> list[str]:
        """Text of every user message, last first."""
        out = []
        for m in reversed(self.messages):
            if m.get("role") == "user":
                content = m.get("content")
                if isinstance(content, list):
                    content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
                out.append(content or "")
        return out


# -- actions -------------------------------------------------------------------


class Action:
    """What the server does with one request."""

    def respond(self, request: Request, writer: "Writer") -> None:
        raise NotImplementedError


class Writer:
    """Low-level response writing, for actions."""

    def __init__(self, handler: BaseHTTPRequestHandler) -> None:
        self._h = handler

    def send(self, status: int, body: bytes | str | dict, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._h.send_response(status)
        self._h.send_header("Content-Type", (headers or {}).pop("Content-Type", "application/json"))
        for k, v in (headers or {}).items():
            self._h.send_header(k, v)
        self._h.send_header("Content-Length", str(len(body)))
        self._h.end_headers()
        self._h.wfile.write(body)
        self._h.wfile.flush()

    def close(self) -> None:
        self._h.close_connection = True


def completion_body(
    request: Request,
    *,
    arguments: str | None = None,
    content: str | None = None,
    usage: tuple[int, int] | None = None,
    finish_reason: str = "stop",
) -> dict[str, Any]:
    """A chat-completion body: a tool call with ``arguments``, or a text ``content``."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        message["tool_calls"] = [
            {
                "id": f"call_{request.number}",
                "type": "function",
                "function": {"name": request.tool_name or "record_facts", "arguments": arguments},
            }
        ]
    if usage is None:
        prompt = sum(len(json.dumps(m, ensure_ascii=False)) for m in request.messages)
        usage = (prompt, len(arguments or content or ""))
    return {
        "id": f"chatcmpl-{request.number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": (request.json or {}).get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": usage[0] + usage[1]},
    }


@dataclass
class Reply(Action):
    """A normal answer: ``answer`` in the place the request asks for."""

    answer: dict[str, Any] | str | None = None
    content: str | None = None
    usage: tuple[int, int] | None = None
    finish_reason: str = "stop"

    def text(self) -> str:
        answer = EMPTY_ANSWER if self.answer is None else self.answer
        return answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)

    def respond(self, request: Request, writer: Writer) -> None:
        if self.content is not None:
            body = completion_body(request, content=self.content, usage=self.usage, finish_reason=self.finish_reason)
        elif request.wants_tool:
            body = completion_body(request, arguments=self.text(), usage=self.usage, finish_reason=self.finish_reason)
        else:
            body = completion_body(request, content=self.text(), usage=self.usage, finish_reason=self.finish_reason)
        writer.send(200, body)


@dataclass
class Prose(Reply):
    """An answer in words, not JSON (what a model says when a chunk has nothing)."""

    content: str | None = "这段文字里没有可以抽取的数字事实。"


@dataclass
class TruncatedAnswer(Reply):
    """A 200 whose answer JSON stops half-way (the HTTP body itself is whole)."""

    def respond(self, request: Request, writer: Writer) -> None:
        text = self.text()
        Reply(answer=text[: max(1, len(text) // 2)], usage=self.usage, finish_reason=self.finish_reason).respond(
            request, writer
        )


@dataclass
class SchemaInvalid(Reply):
    """Well-formed JSON that breaks the answer schema."""

    answer: dict[str, Any] | str | None = field(
        default_factory=lambda: {
            "indicators": [{"indicator": "not_an_indicator", "period": "sometime", "value": "many"}],
            "items": "none",
        }
    )


@dataclass
class EmptyChoices(Action):
    def respond(self, request: Request, writer: Writer) -> None:
        body = completion_body(request, content="")
        body["choices"] = []
        writer.send(200, body)


@dataclass
class HttpError(Action):
    status: int = 400
    message: str = "bad request"
    headers: dict[str, str] = field(default_factory=dict)

    def respond(self, request: Request, writer: Writer) -> None:
        error = {"error": {"message": self.message, "type": "fake_error", "code": self.status}}
        writer.send(self.status, error, dict(self.headers))


def RateLimited(retry_after: str | float | None = "1", *, retry_after_ms: str | None = None) -> HttpError:
    """429 with Retry-After (seconds) and/or retry-after-ms."""
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return HttpError(429, "rate limit reached", headers)


def ServerError(status: int = 500) -> HttpError:
    return HttpError(status, "the server had an error")


@dataclass
class TruncatedBody(Action):
    """A 200 whose JSON body is cut (Content-Length matches the cut body)."""

    inner: Action = field(default_factory=Reply)
    keep: float = 0.5

    def respond(self, request: Request, writer: Writer) -> None:
        capture = _Capture()
        self.inner.respond(request, capture)  # type: ignore[arg-type]
        cut = capture.body[: max(1, int(len(capture.body) * self.keep))]
        writer.send(capture.status, cut, capture.headers)


@dataclass
class CloseConnection(Action):
    """Hang up without answering."""

    def respond(self, request: Request, writer: Writer) -> None:
        writer.close()


@dataclass
class Delay(Action):
    """Wait ``seconds``, then answer with ``then`` (a timeout if the client gave up)."""

    seconds: float = 1.0
    then: Action = field(default_factory=Reply)

    def respond(self, request: Request, writer: Writer) -> None:
        time.sleep(self.seconds)
        self.then.respond(request, writer)


class _Capture:
    def __init__(self) -> None:
        self.status, self.body, self.headers = 200, b"", {}

    def send(self, status: int, body: bytes | str | dict, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False)
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.headers = dict(headers or {})

    def close(self) -> None:
        pass


# -- responders ------------------------------------------------------------------

Responder = Callable[[Request], Action]


def empty_answer(request: Request) -> Action:
    return Reply()


class PerfectModel:
    """Answers with the gold facts whose evidence lies in the request's chunk.

    The chunk is the last user message that shares a line with one of the
    reports (so few-shot examples and re-ask notes are passed over); only
    that report's gold facts are considered, and only the text between
    ``<report>`` and ``</report>`` when the message has them.
    """

    def __init__(self, gold_dir: Path, reports_dir: Path) -> None:
        from extractor.loading import load_text_file

        self.gold: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, str] = {}
        for path in sorted(Path(gold_dir).glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            report = Path(reports_dir) / f"{doc['doc_id']}.txt"
            if report.exists():
                self.gold[doc["doc_id"]] = doc
                self.reports[doc["doc_id"]] = load_text_file(report).text

    @classmethod
    def bundled(cls) -> "PerfectModel":
        root = Path(__file__).resolve().parents[2] / "eval"
        return cls(root / "gold", root / "reports")

    def find_chunk(self, request: Request) -> tuple[str, str] | None:
        """(doc_id, chunk text) of the request, or None."""
        for text in request.user_texts():
            chunk = _between(text, "<report>", "</report>")
            lines = sorted((ln.strip() for ln in chunk.splitlines()), key=len, reverse=True)
            for line in lines:
                if len(line) < 8:
                    break
                owners = [d for d, r in self.reports.items() if line in r]
                if len(owners) == 1:
                    return owners[0], chunk
        return None

    def answer(self, request: Request) -> dict[str, Any]:
        found = self.find_chunk(request)
        if found is None:
            return dict(EMPTY_ANSWER)
        doc_id, chunk = found
        gold = self.gold[doc_id]
        return {
            layer: [_guideline_fields(f) for f in gold.get(layer, []) if f["evidence"] in chunk]
            for layer in ("indicators", "items")
        }

    def __call__(self, request: Request) -> Action:
        return Reply(self.answer(request))


def _between(text: str, open_tag: str, close_tag: str) -> str:
    start = text.rfind(open_tag)
    end = text.rfind(close_tag)
    if start >= 0 and end > start:
        return text[start + len(open_tag) : end]
    return text


_GUIDELINE_FIELDS = (
    "indicator", "period", "year", "measure", "status", "action", "subject",
    "value", "unit", "qualifier", "estimated", "sector", "evidence",
)


def _guideline_fields(fact: dict[str, Any]) -> dict[str, Any]:
    return {k: fact[k] for k in _GUIDELINE_FIELDS if k in fact}


def default_faults() -> list[Callable[[], Action]]:
    """The rotation :class:`FailFirst` uses: 500, 429, truncated JSON, schema-invalid."""
    return [ServerError, lambda: RateLimited("1"), TruncatedAnswer, SchemaInvalid]


class FailFirst:
    """Spoil the first try of every distinct request, in a rotation of faults.

    A retry of the same request, or a re-ask continuing it (its messages
    start with the spoiled request's messages), goes to ``inner``.
    """

    def __init__(self, inner: Responder, faults: Iterable[Callable[[], Action]] | None = None) -> None:
        self.inner = inner
        self._faults = itertools.cycle(list(faults) if faults is not None else default_faults())
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self.spoiled = 0

    def __call__(self, request: Request) -> Action:
        prefixes = _prefix_hashes(request.messages)
        with self._lock:
            known = any(h in self._seen for h in prefixes)
            if known:
                self._seen.add(prefixes[-1])
                spoil = None
            else:
                self._seen.add(prefixes[-1])
                spoil = next(self._faults)()
                self.spoiled += 1
        if spoil is None:
            return self.inner(request)
        if isinstance(spoil, Reply) and not isinstance(spoil, SchemaInvalid) and spoil.answer is None:
            # A truncated answer spoils what the model would have said.
            inner = self.inner(request)
            if isinstance(inner, Reply):
                spoil.answer = inner.answer
        return spoil


def _prefix_hashes(messages: list[dict[str, Any]]) -> list[str]:
    out, h = [], hashlib.sha256()
    for m in messages:
        h.update(json.dumps(m, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        out.append(h.copy().hexdigest())
    return out or [h.hexdigest()]


# -- the server ------------------------------------------------------------------


class FakeOpenAIServer:
    """The server; start it with ``with`` (or :meth:`start` / :meth:`stop`)."""

    def __init__(self, responder: Responder | None = None, *, latency_s: float = 0.0, port: int = 0) -> None:
        self.responder: Responder = responder or empty_answer
        self.latency_s = latency_s
        self._wanted_port = port
        self.requests: list[Request] = []
        self._script: list[Action] = []
        self._lock = threading.Lock()
        self._routes: dict[tuple[str, str], Callable[[Request], Action]] = {("POST", CHAT_PATH): self._chat}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # -- control

    def start(self) -> "FakeOpenAIServer":
        handler = _make_handler(self)
        self._httpd = _HTTPServer(("127.0.0.1", self._wanted_port), handler)
        self._port = self._httpd.server_address[1]
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        httpd = self._httpd
        # A short poll keeps stop() quick (shutdown waits for the next poll).
        self._thread = threading.Thread(
            target=lambda: httpd.serve_forever(poll_interval=0.02), name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_until_terminated(self) -> None:
        """Start, print the base URL, and serve until SIGTERM or Ctrl-C (a server in its own process)."""
        import signal

        self.start()
        print(self.base_url, flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port it listens (or, once stopped, listened) on."""
        assert self._port is not None, "the server was never started"
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *actions: Action) -> None:
        """Answer the next requests with these actions, in order, then the responder."""
        with self._lock:
            self._script.extend(actions)

    def route(self, method: str, path: str, handler: Callable[[Request], Action]) -> None:
        """Serve another endpoint (``handler(request) -> Action``)."""
        self._routes[(method.upper(), path)] = handler

    def count(self, path: str | None = CHAT_PATH) -> int:
        """Requests received (to ``path``; all when None)."""
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def chat_bodies(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.json for r in self.requests if r.path == CHAT_PATH]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._script.clear()

    # -- serving

    def _chat(self, request: Request) -> Action:
        with self._lock:
            scripted = self._script.pop(0) if self._script else None
        return scripted if scripted is not None else self.responder(request)

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        path = handler.path.split("?", 1)[0]
        try:
            parsed = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            parsed = None
        with self._lock:
            headers = {k.lower(): v for k, v in handler.headers.items()}
            request = Request(method, path, headers, raw, parsed, len(self.requests) + 1)
            self.requests.append(request)
        writer = Writer(handler)
        route = self._routes.get((method, path))
        action = route(request) if route else HttpError(404, f"no route for {method} {path}")
        if self.latency_s:
            time.sleep(self.latency_s)
        try:
            action.respond(request, writer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


class _HTTPServer(ThreadingHTTPServer):
    # The default listen backlog (5) drops the SYNs of a client opening more
    # connections at once; each dropped one waits out a 1 s retransmit.
    request_queue_size = 128


def _make_handler(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are written separately: with Nagle's algorithm the
        # body waits for the client's delayed ACK, some 40 ms per answer.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # noqa: N802
            server._handle(self, "POST")

        def do_GET(self) -> None:  # noqa: N802
            server._handle(self, "GET")

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    return Handler


# -- running it on its own ---------------------------------------------------------


@dataclass
class JsonResponse(Action):
    """Any JSON body with a status (for extra routes)."""

    body: dict[str, Any]
    status: int = 200

    def respond(self, request: Request, writer: Writer) -> None:
        writer.send(self.status, self.body)


def _stats(server: FakeOpenAIServer, responder: Responder) -> Callable[[Request], Action]:
    def stats(request: Request) -> Action:
        return JsonResponse({"chat_requests": server.count(), "spoiled": getattr(responder, "spoiled", 0)})

    return stats


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.fakes [--perfect] [--fail-first] [--port N]``

    Serves until interrupted; ``GET /_fake/stats`` tells how many chat
    requests came and how many first tries were spoiled.
    """
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--perfect", action="store_true", help="answer with the bundled gold facts")
    parser.add_argument("--fail-first", action="store_true", help="spoil every first try (500, 429, truncated, invalid)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to wait before every answer")
    args = parser.parse_args(argv)

    responder: Responder = PerfectModel.bundled() if args.perfect else empty_answer
    if args.fail_first:
        responder = FailFirst(responder)
    server = FakeOpenAIServer(responder, latency_s=args.latency, port=args.port)
    server.route("GET", "/_fake/stats", _stats(server, responder))
    server.serve_until_terminated()
