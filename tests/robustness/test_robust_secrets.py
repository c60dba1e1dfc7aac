"""The API key never leaves the request header.

A verbose job runs in a child process against a fake server that faults and,
worse, echoes the key back: in error bodies, in answer text, in a fact's
subject.  Afterwards the key is searched for in everything the run left: the
output and its side files, the job summary, the response cache, stdout and
stderr (the -v log), an evaluation's report.html, metrics and summary, and
every file under the run's HOME, XDG folders and temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fakes import (
    Action,
    CloseConnection,
    FakeOpenAIServer,
    HttpError,
    Reply,
    Request,
    ServerError,
)
from tests.robustness.helpers import REPORT, chunk_of, reading_model
from tests.robustness.large import run_extractor

KEY = "sk-leakcheck-0b9e4f2a6c1d8e73"


class EchoingServer:
    """Faults on first tries (unless ``faults`` is off); every answer and error carries the key it was sent."""

    def __init__(self, faults: bool = True) -> None:
        self.faults = faults
        self.seen: dict[str, int] = {}
        self.keys: list[str] = []

    def __call__(self, request: Request) -> Action:
        key = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.keys.append(key)
        _, chunk = chunk_of(request)
        tries = self.seen[chunk] = self.seen.get(chunk, 0) + 1
        if tries == 1 and self.faults:
            faults = [HttpError(401, f"Incorrect API key provided: {key}"), ServerError(), CloseConnection(),
                      HttpError(500, f"upstream rejected token {key}")]
            return faults[len(self.seen) % len(faults)]
        answer = reading_model(request).answer
        assert isinstance(answer, dict)
        for item in answer["items"]:
            item["subject"] = f"{item['subject']}{key}"  # the model repeats what the server told it
        return Reply(answer, content=None)


def every_file(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


@pytest.fixture
def child_env(tmp_path, sealed_home) -> dict[str, str]:
    """The child's environment: its own HOME, XDG folders and TMPDIR; the key in OPENAI_API_KEY."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXTRACTOR_"))}
    env.update(
        HOME=str(sealed_home),
        XDG_CACHE_HOME=str(sealed_home / ".cache"),
        XDG_CONFIG_HOME=str(sealed_home / ".config"),
        XDG_DATA_HOME=str(sealed_home / ".local/share"),
        XDG_STATE_HOME=str(sealed_home / ".local/state"),
        TMPDIR=str(tmp),
        OPENAI_API_KEY=KEY,
        EXTRACTOR_MAX_ATTEMPTS="2",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return env


def test_the_key_appears_in_no_log_output_cache_report_or_home_file(tmp_path, sealed_home, child_env):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        (folder / f"report{i}.txt").write_text(REPORT.replace("12所", f"{12 + i}所"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "run" / "results.jsonl"
    out.parent.mkdir()
    summary = tmp_path / "run" / "summary.json"
    echo = EchoingServer()
    with FakeOpenAIServer(echo) as server:
        run = run_extractor(
            "extract", folder, "-o", out, "-v", "--backend", "openai", "--model", "fake-model",
            "--base-url", server.base_url, "--chunk-size", "80", "--summary", summary, env=child_env,
        )
    assert echo.keys and set(echo.keys) == {KEY}  # the key was sent, and echoed back
    assert run.code == 1, run.stderr  # the empty file
    assert "request 1 to 127.0.0.1" in run.stderr  # -v logged the requests ...
    assert "HTTP 401" in run.stderr and "***" in run.stderr  # ... and the echoed errors, redacted
    assert out.stat().st_size > 0 and "***" in out.read_text(encoding="utf-8")  # subjects redacted too

    report_dir = tmp_path / "eval"
    gold = tmp_path / "gold"
    gold.mkdir()
    for i in range(3):
        (gold / f"report{i}.json").write_text('{"doc_id": "report%d", "items": [], "indicators": []}' % i, encoding="utf-8")
    evaluation = run_extractor(
        "eval", out, "--gold", gold, "--reports", folder, "--out", report_dir, env=child_env
    )
    assert evaluation.code == 0, evaluation.stderr
    assert (report_dir / "report.html").exists()

    places = {"extract stderr": run.stderr, "eval stderr": evaluation.stderr}
    for path in every_file(tmp_path / "run", report_dir, sealed_home, Path(child_env["TMPDIR"])):
        places[str(path)] = path.read_bytes().decode("utf-8", "replace")
    assert any("responses.sqlite3" in p for p in places)  # the cache is among them
    leaks = [where for where, content in places.items() if KEY in content or KEY[10:] in content]
    assert leaks == []


def test_a_server_that_echoes_the_key_cannot_make_it_a_fact(tmp_path):
    """In-process, the same echo: the answer's text is redacted before it is validated or cached."""
    from extractor.api import extract_text
    from extractor.settings import Settings

    echo = EchoingServer(faults=False)
    with FakeOpenAIServer(echo) as server:
        settings = Settings(backend="openai", model="m", base_url=server.base_url, api_key=KEY,
                            cache_dir=tmp_path / "cache", timeout_s=5)
        doc = extract_text(REPORT, doc_id="echo", settings=settings)
    assert doc.items and all(KEY not in item.subject for item in doc.items)
    assert KEY not in doc.model_dump_json() and "***" in doc.items[0].subject
