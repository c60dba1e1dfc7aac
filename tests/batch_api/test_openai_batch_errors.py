"""Every user mistake and server failure ends in one or two plain lines and exit status 2."""

from __future__ import annotations

import json
import socket

import pytest

from tests.batch_api.helpers import manifest, run, write_reports
from tests.fakes import ServerError
from tests.fakes.batch_api import FakeBatchAPI


def short_error(capsys, *argv) -> str:
    capsys.readouterr()
    assert run(*argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 2 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return err


@pytest.fixture
def job(tmp_path, server):
    reports = write_reports(tmp_path / "reports")
    out = tmp_path / "requests.jsonl"
    assert run("openai-batch", "prepare", reports, "--model", "m1", "--base-url", server.base_url, "-o", out) == 0
    return tmp_path / "requests.job"


def test_prepare_without_a_model(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports")
    err = short_error(capsys, "openai-batch", "prepare", reports, "-o", tmp_path / "r.jsonl")
    assert "needs a model name" in err and "--model" in err


def test_prepare_of_a_missing_input(tmp_path, capsys):
    err = short_error(capsys, "openai-batch", "prepare", tmp_path / "nowhere", "--model", "m1")
    assert "no such file" in err


def test_a_folder_that_is_no_job(tmp_path, capsys):
    err = short_error(capsys, "openai-batch", "status", tmp_path)
    assert "no OpenAI batch job" in err and "REQUESTS.job" in err


def test_the_requests_file_names_its_job_too(job, capsys):
    capsys.readouterr()
    assert run("openai-batch", "status", job.parent / "requests.jsonl") == 0
    assert "not submitted" in capsys.readouterr().out


def test_collect_before_submit(job, capsys):
    err = short_error(capsys, "openai-batch", "collect", job, "-o", job.parent / "results.jsonl")
    assert "no batch yet" in err and "openai-batch submit" in err


def test_collect_of_an_unfinished_batch(job, server, capsys):
    FakeBatchAPI(server)
    assert run("openai-batch", "submit", job) == 0
    err = short_error(capsys, "openai-batch", "collect", job, "-o", job.parent / "results.jsonl")
    assert "has not finished: in_progress" in err and "--wait" in err


def test_an_unknown_batch(job, server, capsys):
    FakeBatchAPI(server)
    assert run("openai-batch", "submit", job) == 0
    data = manifest(job)
    data["parts"][0]["batch_id"] = "batch_nowhere"
    (job / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    err = short_error(capsys, "openai-batch", "status", job)
    assert "unknown batch batch_nowhere" in err and "--base-url" in err


def test_a_server_error_on_upload(job, server, capsys):
    FakeBatchAPI(server)
    server.route("POST", "/v1/files", lambda request: ServerError(500))
    err = short_error(capsys, "openai-batch", "submit", job)
    assert "answered HTTP 500 while uploading requests.jsonl" in err


def test_a_refused_key(job, server, capsys):
    from tests.fakes import HttpError

    server.route("POST", "/v1/files", lambda request: HttpError(401, "Incorrect API key provided"))
    err = short_error(capsys, "openai-batch", "submit", job)
    assert "refused the API key" in err and "OPENAI_API_KEY" in err


def test_a_server_that_is_not_there(job, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    err = short_error(capsys, "openai-batch", "submit", job, "--base-url", f"http://127.0.0.1:{port}/v1")
    assert f"cannot reach 127.0.0.1:{port}" in err


def test_no_key_for_openai_itself(job, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY")
    data = manifest(job)
    data["base_url"] = None
    (job / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    # Refused before any connection is made: the job's server is api.openai.com.
    err = short_error(capsys, "openai-batch", "submit", job)
    assert "no API key for api.openai.com" in err


def test_a_re_prepare_over_a_submitted_job(job, server, capsys, tmp_path):
    FakeBatchAPI(server)
    assert run("openai-batch", "submit", job) == 0
    argv = ["openai-batch", "prepare", tmp_path / "reports", "--model", "m1", "-o", tmp_path / "requests.jsonl"]
    err = short_error(capsys, *argv)
    assert "already submitted" in err and "--force" in err
    assert run(*argv, "--force") == 0
    assert manifest(job)["parts"][0]["batch_id"] is None


def test_a_request_file_edited_after_prepare(job, server, capsys):
    FakeBatchAPI(server)
    requests = job.parent / "requests.jsonl"
    requests.write_bytes(requests.read_bytes()[:-10])
    err = short_error(capsys, "openai-batch", "submit", job)
    assert "changed since it was prepared" in err


def test_a_job_whose_reports_hold_no_figure(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", {"plain": "政府工作报告\n坚持依法行政，持续改进作风。\n"})
    assert run("openai-batch", "prepare", reports, "--model", "m1", "-o", tmp_path / "requests.jsonl") == 0
    err = short_error(capsys, "openai-batch", "submit", tmp_path / "requests.job")
    assert "no requests" in err
    assert run("openai-batch", "collect", tmp_path / "requests.job", "-o", tmp_path / "results.jsonl", "-q") == 0
