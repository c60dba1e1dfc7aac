"""A fake OpenAI Batch API (files and batches) on :class:`FakeOpenAIServer`.

    with FakeOpenAIServer(PerfectModel.bundled()) as server:
        api = FakeBatchAPI(server)  # registers its routes on the server
        ...  # upload, create, poll and download through server.base_url
        assert api.batches[batch_id]["status"] == "completed"

Endpoints, as the real API has them:

* ``POST /v1/files`` (multipart: ``file`` and ``purpose``, which must be
  ``batch``), ``GET /v1/files/{id}`` and ``GET /v1/files/{id}/content``;
* ``POST /v1/batches`` (``input_file_id``, ``endpoint``,
  ``completion_window``, ``metadata``) and ``GET /v1/batches/{id}``; an
  unknown id is a 404.

A batch checks its input file as the real one does (JSON lines with a
unique ``custom_id``, ``method`` POST, ``url`` equal to the batch's
endpoint and a ``body``); a file that breaks a rule makes the batch
``failed`` with the line's error.  Each retrieve moves a batch one step
(validating → in_progress → finalizing → ``end``); on leaving
``in_progress`` every request is answered by the server's chat responder
(a :class:`PerfectModel`, say) and the output and error files are written.
``end`` is ``completed``, ``expired`` or ``cancelled``; or ``failed``,
which a batch reaches from validating, with a batch-level error and no
files.

``spoil(custom_id, body)`` lets a test choose a request's fate: None (the
responder answers), an :class:`Action` answering in its place (an
``HttpError`` goes to the error file, a ``SchemaInvalid`` reply to the
output file), ``"expired"`` (an error line ``batch_expired``) or
``"missing"`` (no line anywhere).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from typing import Any

from .openai_server import CHAT_PATH, Action, FakeOpenAIServer, HttpError, JsonResponse, Request, Writer, _Capture

Fate = Action | str | None
Spoiler = Callable[[str, dict[str, Any]], Fate]


@dataclass
class RawResponse(Action):
    """Bytes with a status (a file's content)."""

    body: bytes
    status: int = 200
    content_type: str = "application/octet-stream"

    def respond(self, request: Request, writer: Writer) -> None:
        writer.send(self.status, self.body, {"Content-Type": self.content_type})


def _error(status: int, message: str) -> HttpError:
    return HttpError(status, message)


class FakeBatchAPI:
    def __init__(
        self,
        server: FakeOpenAIServer,
        *,
        end: str = "completed",
        spoil: Spoiler | None = None,
    ) -> None:
        self.server = server
        self.end = end
        self.spoil = spoil
        self.files: dict[str, dict[str, Any]] = {}
        self.contents: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.retrieves = 0
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        server.route("POST", "/v1/files", self._upload)
        server.route("POST", "/v1/batches", self._create)

    # -- files

    def add_file(self, content: bytes, *, purpose: str, filename: str) -> dict[str, Any]:
        file_id = f"file-{next(self._ids)}"
        record = {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        with self._lock:
            self.files[file_id] = record
            self.contents[file_id] = content
        self.server.route("GET", f"/v1/files/{file_id}", lambda r: JsonResponse(self.files[file_id]))
        self.server.route("GET", f"/v1/files/{file_id}/content", lambda r: RawResponse(self.contents[file_id]))
        return record

    def _upload(self, request: Request) -> Action:
        fields = _multipart(request)
        if fields.get("purpose", (None, b""))[1] != b"batch":
            return _error(400, "purpose must be 'batch' for a Batch API input file")
        if "file" not in fields:
            return _error(400, "no file in the upload")
        filename, content = fields["file"]
        return JsonResponse(self.add_file(content, purpose="batch", filename=filename or "upload.jsonl"))

    # -- batches

    def _create(self, request: Request) -> Action:
        body = request.json or {}
        file_id = body.get("input_file_id")
        if file_id not in self.files:
            return _error(404, f"no file with id {file_id!r}")
        if body.get("endpoint") != CHAT_PATH:
            return _error(400, f"unsupported endpoint {body.get('endpoint')!r}")
        if body.get("completion_window") != "24h":
            return _error(400, "completion_window must be 24h")
        batch_id = f"batch_{next(self._ids)}"
        now = int(time.time())
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": CHAT_PATH,
            "errors": None,
            "input_file_id": file_id,
            "completion_window": "24h",
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": now,
            "expires_at": now + 86400,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "metadata": body.get("metadata"),
        }
        with self._lock:
            self.batches[batch_id] = batch
        self.server.route("GET", f"/v1/batches/{batch_id}", lambda r: self._retrieve(batch_id))
        return JsonResponse(batch)

    def _retrieve(self, batch_id: str) -> Action:
        with self._lock:
            self.retrieves += 1
            batch = self.batches[batch_id]
            self._advance(batch)
            return JsonResponse(json.loads(json.dumps(batch)))

    def _advance(self, batch: dict[str, Any]) -> None:
        status = batch["status"]
        if status == "validating":
            problem = _validate(self.contents[batch["input_file_id"]])
            if problem is None and self.end == "failed":
                problem = {"code": "token_limit_exceeded", "message": "Enqueued token limit reached.", "line": None}
            if problem is not None:
                batch["status"] = "failed"
                batch["errors"] = {"object": "list", "data": [problem]}
            else:
                batch["status"] = "in_progress"
                total = sum(1 for raw in self.contents[batch["input_file_id"]].splitlines() if raw.strip())
                batch["request_counts"]["total"] = total
        elif status == "in_progress":
            self._run(batch)
            batch["status"] = "finalizing"
        elif status == "finalizing":
            batch["status"] = self.end

    def _run(self, batch: dict[str, Any]) -> None:
        """Answer every request; write the output and error files."""
        lines = [json.loads(raw) for raw in self.contents[batch["input_file_id"]].splitlines() if raw.strip()]
        output, errors = [], []
        for n, line in enumerate(lines, 1):
            fate = self.spoil(line["custom_id"], line["body"]) if self.spoil else None
            if fate == "missing":
                continue
            if fate == "expired":
                error = {"code": "batch_expired", "message": "This request could not be executed before the completion window expired."}
                errors.append({"id": f"batch_req_{n}", "custom_id": line["custom_id"], "response": None, "error": error})
                continue
            raw = json.dumps(line["body"], ensure_ascii=False).encode("utf-8")
            chat = Request("POST", CHAT_PATH, {}, raw, line["body"], n)
            action = fate if isinstance(fate, Action) else self.server.responder(chat)
            capture = _Capture()
            action.respond(chat, capture)  # type: ignore[arg-type]
            response = {"status_code": capture.status, "request_id": f"req_{n}", "body": json.loads(capture.body)}
            entry = {"id": f"batch_req_{n}", "custom_id": line["custom_id"], "response": response, "error": None}
            (output if capture.status == 200 else errors).append(entry)
        for name, entries in (("output_file_id", output), ("error_file_id", errors)):
            if entries:
                content = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8")
                batch[name] = self.add_file(content, purpose="batch_output", filename=f"{batch['id']}_{name}.jsonl")["id"]
        batch["request_counts"] = {"total": len(lines), "completed": len(output), "failed": len(errors)}


def _multipart(request: Request) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart body: name → (filename, bytes)."""
    head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=policy.default).parsebytes(head + request.body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return fields


def _validate(content: bytes) -> dict[str, Any] | None:
    """The first rule a Batch API input file breaks, as a batch error; None if none."""
    seen: set[str] = set()
    for n, raw in enumerate(content.splitlines(), 1):
        try:
            line = json.loads(raw)
        except ValueError:
            return {"code": "invalid_json_line", "message": "This line is not parseable as valid JSON.", "line": n}
        custom_id = line.get("custom_id") if isinstance(line, dict) else None
        if not isinstance(custom_id, str) or not custom_id:
            return {"code": "missing_required_parameter", "message": "Missing required parameter: 'custom_id'.", "line": n}
        if custom_id in seen:
            return {"code": "duplicate_custom_id", "message": "The custom_id for this request is a duplicate of another request.", "line": n}
        seen.add(custom_id)
        if line.get("method") != "POST" or line.get("url") != CHAT_PATH or not isinstance(line.get("body"), dict):
            return {"code": "invalid_request", "message": "method, url or body is not valid for this batch.", "line": n}
    if not seen:
        return {"code": "empty_file", "message": "The batch input file is empty.", "line": None}
    return None
