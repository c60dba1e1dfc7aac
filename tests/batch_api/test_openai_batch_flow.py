"""prepare → submit → status → collect against the fake Batch API, and the online re-run of failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch_api.helpers import API_KEY, manifest, read_jsonl, run, write_reports
from tests.fakes import Reply, SchemaInvalid, ServerError
from tests.fakes.batch_api import FakeBatchAPI

# The items of tests/batch_api/helpers.REPORTS, as a model would answer them.
_ITEMS = [
    ("achieved", "新建", "公共停车位", 1500, "个", "urban_rural", "新建公共停车位1500个"),
    ("achieved", "改造", "老旧小区", 32, "个", "urban_rural", "改造老旧小区32个"),
    ("planned", "新增", "城镇就业岗位", 8000, "个", "social_security_employment", "新增城镇就业岗位8000个"),
    ("planned", "建成", "高标准农田", 2.5, "万亩", "agriculture", "建成高标准农田2.5万亩"),
    ("achieved", "新修", "农村公路", 126, "公里", "infrastructure_transport", "新修农村公路126公里"),
    ("achieved", "新增", "污水管网", 40, "公里", "urban_rural", "新增污水管网40公里"),
    ("planned", "新建", "幼儿园", 6, "所", "education", "新建幼儿园6所"),
    ("achieved", "植树造林", "", 3, "万亩", "ecology", "植树造林3万亩"),
    ("achieved", "建成", "5G基站", 420, "个", "digital_science", "建成5G基站420个"),
]
ITEMS = [
    dict(zip(("status", "action", "subject", "value", "unit", "sector", "evidence"), item)) for item in _ITEMS
]


def own_model(request):
    """Answers a chunk with the items whose evidence is in it."""
    chunk = request.user_texts()[0]
    return Reply({"indicators": [], "items": [i for i in ITEMS if i["evidence"] in chunk]})


@pytest.fixture
def reports(tmp_path) -> Path:
    return write_reports(tmp_path / "reports")


def facts(path: Path) -> list[tuple]:
    return [(d["doc_id"], d["indicators"], d["items"]) for d in read_jsonl(path)]


def prepare_and_submit(tmp_path, reports, server, *more) -> Path:
    out = tmp_path / "requests.jsonl"
    assert run("openai-batch", "prepare", reports, "--model", "m1", "--base-url", server.base_url, "-o", out, *more) == 0
    assert run("openai-batch", "submit", tmp_path / "requests.job") == 0
    return tmp_path / "requests.job"


def collect(job: Path, out: Path, *more) -> int:
    return run("openai-batch", "collect", job, "-o", out, "--cache-dir", job.parent / "cache", "--wait",
               "--poll-interval", "0", "-q", *more)


def online(reports: Path, out: Path, server, *more) -> int:
    return run("extract", reports, "-o", out, "-q", "--backend", "openai", "--model", "m1",
               "--base-url", server.base_url, "--cache-dir", out.parent / "cache", *more)


def test_the_whole_flow_gives_the_online_documents(tmp_path, reports, server, capsys):
    server.responder = own_model
    api = FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    assert server.count("/v1/files") == 1 and server.count("/v1/batches") == 1
    (upload,) = api.files.values()
    assert upload["purpose"] == "batch" and upload["filename"] == "requests.jsonl"
    (create,) = [r.json for r in server.requests if r.path == "/v1/batches"]
    assert create["endpoint"] == "/v1/chat/completions" and create["completion_window"] == "24h"
    assert create["input_file_id"] == upload["id"]
    capsys.readouterr()

    assert run("openai-batch", "status", job) == 0
    assert "in_progress" in capsys.readouterr().out
    assert collect(job, tmp_path / "results.jsonl") == 0
    assert server.count() == 0  # every answer came from the batch
    (batch_id,) = api.batches
    assert api.batches[batch_id]["status"] == "completed"

    assert online(reports, tmp_path / "online.jsonl", server, "--no-cache") == 0
    assert facts(tmp_path / "results.jsonl") == facts(tmp_path / "online.jsonl")
    docs = read_jsonl(tmp_path / "results.jsonl")
    assert [d["doc_id"] for d in docs] == [d["doc_id"] for d in read_jsonl(tmp_path / "online.jsonl")]
    assert sum(len(d["items"]) for d in docs) == len(ITEMS)
    for doc in docs:
        assert doc["provenance"]["backend"] == "openai-batch"
        assert doc["provenance"]["batches"] == [batch_id]
        assert doc["provenance"]["model"] == "m1"
        assert doc["diagnostics"]["failed_chunks"] == []


def test_collected_answers_fill_the_response_cache(tmp_path, reports, server):
    server.responder = own_model
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    assert collect(job, tmp_path / "results.jsonl") == 0
    replay = ["extract", reports, "-o", tmp_path / "replay.jsonl", "-q", "--backend", "replay", "--model", "m1",
              "--cache-dir", tmp_path / "cache"]
    assert run(*replay) == 0
    assert online(reports, tmp_path / "online.jsonl", server) == 0
    assert server.count() == 0  # the online run was answered from the cache too
    assert facts(tmp_path / "replay.jsonl") == facts(tmp_path / "online.jsonl") == facts(tmp_path / "results.jsonl")


def test_a_re_collect_is_answered_from_the_job_folder(tmp_path, reports, server):
    server.responder = own_model
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    assert collect(job, tmp_path / "results.jsonl") == 0
    calls = len(server.requests)
    assert collect(job, tmp_path / "again.jsonl") == 0
    assert len(server.requests) == calls
    assert facts(tmp_path / "again.jsonl") == facts(tmp_path / "results.jsonl")


def spoil_by_evidence(fates: dict[str, object]):
    """A request's fate by the evidence its chunk holds."""

    def spoil(custom_id, body):
        text = body["messages"][-1]["content"]
        return next((fate for evidence, fate in fates.items() if evidence in text), None)

    return spoil


def test_failed_requests_complete_after_the_online_re_run(tmp_path, reports, server, capsys):
    server.responder = own_model
    fates = {"新建公共停车位": ServerError(), "新修农村公路": SchemaInvalid(), "新建幼儿园": "expired", "植树造林": "missing"}
    FakeBatchAPI(server, spoil=spoil_by_evidence(fates))
    job = prepare_and_submit(tmp_path, reports, server)
    results = tmp_path / "results.jsonl"
    capsys.readouterr()

    assert collect(job, results) == 1
    err = capsys.readouterr().err
    assert "4 request(s) failed" in err and "--rerun-failed" in err
    failed = read_jsonl(job / "failed-requests.jsonl")
    assert sorted(f["kind"] for f in failed) == ["error", "invalid", "unanswered", "unanswered"]
    assert all(f["doc_id"] and f["custom_id"] for f in failed)
    first = read_jsonl(results)
    assert sum(len(d["diagnostics"]["failed_chunks"]) for d in first) == 4
    assert server.count() == 0

    assert collect(job, results, "--rerun-failed") == 0
    assert server.count() == 4  # only the failed chunks went online
    assert not (job / "failed-requests.jsonl").exists()
    assert online(reports, tmp_path / "online.jsonl", server, "--no-cache") == 0
    assert facts(results) == facts(tmp_path / "online.jsonl")  # complete, in order, nothing twice
    assert all(not d["diagnostics"]["failed_chunks"] for d in read_jsonl(results))


def test_an_expired_batch_leaves_its_unrun_requests_for_the_re_run(tmp_path, reports, server):
    server.responder = own_model
    api = FakeBatchAPI(server, end="expired", spoil=spoil_by_evidence({"2.5万亩": "missing", "420个": "expired"}))
    job = prepare_and_submit(tmp_path, reports, server)
    assert collect(job, tmp_path / "results.jsonl") == 1
    failed = read_jsonl(job / "failed-requests.jsonl")
    assert [f["kind"] for f in failed] == ["unanswered", "unanswered"]
    (batch_id,) = api.batches
    assert any(f"batch {batch_id} expired before answering it" in f["error"] for f in failed)
    assert collect(job, tmp_path / "results.jsonl", "--rerun-failed") == 0
    assert server.count() == 2


def test_a_failed_batch_is_re_run_online_whole(tmp_path, reports, server, capsys):
    server.responder = own_model
    FakeBatchAPI(server, end="failed")
    job = prepare_and_submit(tmp_path, reports, server)
    capsys.readouterr()
    assert run("openai-batch", "status", job, "--wait", "--poll-interval", "0") == 0
    out = capsys.readouterr().out
    assert "failed" in out and "token_limit_exceeded" in out
    assert collect(job, tmp_path / "results.jsonl") == 1
    assert all("token_limit_exceeded" in f["error"] for f in read_jsonl(job / "failed-requests.jsonl"))
    assert collect(job, tmp_path / "results.jsonl", "--rerun-failed") == 0
    assert server.count() == 5


def test_the_split_job_runs_one_batch_per_file(tmp_path, reports, server):
    server.responder = own_model
    api = FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server, "--max-requests", "2")
    assert len(api.batches) == 3
    assert collect(job, tmp_path / "results.jsonl") == 0
    assert online(reports, tmp_path / "online.jsonl", server, "--no-cache") == 0
    assert facts(tmp_path / "results.jsonl") == facts(tmp_path / "online.jsonl")
    batches = {d["doc_id"]: d["provenance"]["batches"] for d in read_jsonl(tmp_path / "results.jsonl")}
    assert set().union(*batches.values()) == set(api.batches)


def test_a_changed_report_is_named_and_its_chunks_go_online_on_re_run(tmp_path, reports, server, capsys):
    server.responder = own_model
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    changed = reports / "county_c.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("420", "460"), encoding="utf-8")
    capsys.readouterr()
    assert collect(job, tmp_path / "results.jsonl") == 1
    assert "changed since prepare" in capsys.readouterr().err
    assert [f["kind"] for f in read_jsonl(job / "failed-requests.jsonl")] == ["unprepared"]
    assert collect(job, tmp_path / "results.jsonl", "--rerun-failed") == 0
    assert server.count() == 1


def test_the_key_is_sent_and_never_written(tmp_path, reports, server):
    server.responder = own_model
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    assert collect(job, tmp_path / "results.jsonl") == 0
    sent = [r.headers.get("authorization") for r in server.requests]
    assert sent and all(h == f"Bearer {API_KEY}" for h in sent)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert API_KEY.encode() not in path.read_bytes(), path


def test_a_key_echoed_into_an_answer_is_redacted_before_it_is_written(tmp_path, reports, server):
    def echo(request):
        chunk = request.user_texts()[0]
        items = [{**i, "subject": f"{i['subject']} {API_KEY}"} for i in ITEMS if i["evidence"] in chunk]
        return Reply({"indicators": [], "items": items})

    server.responder = echo
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    collect(job, tmp_path / "results.jsonl")
    assert "***" in (tmp_path / "results.jsonl").read_text(encoding="utf-8")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert API_KEY.encode() not in path.read_bytes(), path


def test_an_interrupted_submit_goes_on_without_a_second_upload(tmp_path, reports, server, capsys):
    api = FakeBatchAPI(server)
    server.route("POST", "/v1/batches", lambda request: ServerError(503))
    out = tmp_path / "requests.jsonl"
    assert run("openai-batch", "prepare", reports, "--model", "m1", "--base-url", server.base_url, "-o", out) == 0
    assert run("openai-batch", "submit", tmp_path / "requests.job") == 2
    assert "HTTP 503" in capsys.readouterr().err
    part = manifest(tmp_path / "requests.job")["parts"][0]
    assert part["file_id"] and not part["batch_id"]
    server.route("POST", "/v1/batches", api._create)
    assert run("openai-batch", "submit", tmp_path / "requests.job") == 0
    assert server.count("/v1/files") == 1 and len(api.batches) == 1
    assert run("openai-batch", "submit", tmp_path / "requests.job") == 0  # nothing left to submit
    assert len(api.batches) == 1


def test_the_manifest_keeps_inputs_hashes_and_ids(tmp_path, reports, server):
    FakeBatchAPI(server)
    job = prepare_and_submit(tmp_path, reports, server)
    data = manifest(job)
    assert data["base_url"] == server.base_url
    assert all(Path(doc["path"]).is_absolute() and len(doc["sha256"]) == 64 for doc in data["inputs"])
    (part,) = data["parts"]
    assert part["file_id"].startswith("file-") and part["batch_id"].startswith("batch_")
    assert Path(part["path"]).is_absolute() and part["sha256"]
    assert json.loads((job / "manifest.json").read_text(encoding="utf-8"))["settings"]["model"] == "m1"


def test_a_prompt_changed_since_prepare_is_named_and_its_chunks_fail(tmp_path, reports, server, capsys):
    import shutil

    from tests.helpers import ROOT

    server.responder = own_model
    FakeBatchAPI(server)
    prompt = tmp_path / "prompt"
    shutil.copytree(ROOT / "prompts" / "extract", prompt)
    config = tmp_path / "extractor.toml"
    config.write_text(f'prompt = "{prompt}"\n', encoding="utf-8")
    out = tmp_path / "requests.jsonl"
    assert run("openai-batch", "prepare", reports, "--model", "m1", "--base-url", server.base_url, "-o", out,
               "--config", config) == 0
    assert run("openai-batch", "submit", tmp_path / "requests.job") == 0
    toml = prompt / "prompt.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('version = "', 'version = "9.', 1), encoding="utf-8")
    capsys.readouterr()
    assert collect(tmp_path / "requests.job", tmp_path / "results.jsonl") == 1
    err = capsys.readouterr().err
    assert "changed since the job was prepared: prompt extract@" in err and "→ extract@9." in err
    assert {f["kind"] for f in read_jsonl(tmp_path / "requests.job" / "failed-requests.jsonl")} == {"unprepared"}
