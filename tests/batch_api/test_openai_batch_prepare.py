"""`extractor openai-batch prepare`: well-formed request lines, the online path's bodies, stable ids, splits."""

from __future__ import annotations

import json
import re
from pathlib import Path

from extractor.backends.llm import build_chat_request
from extractor.pipeline import Pipeline
from extractor.settings import Settings
from tests.batch_api.helpers import REPORTS, manifest, read_jsonl, request_lines, run, write_reports

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Chunks of REPORTS past the pre-filter: two, two and one.
REQUESTS = 5


def canonical(body: dict) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def prepare(tmp_path, *more, base_url=None) -> tuple[int, object]:
    reports = write_reports(tmp_path / "reports")
    out = tmp_path / "requests.jsonl"
    argv = ["openai-batch", "prepare", reports, "--model", "m1", "-o", out, *more]
    if base_url:
        argv += ["--base-url", base_url]
    return run(*argv), out


def test_request_lines_are_well_formed_with_unique_ids(tmp_path):
    code, out = prepare(tmp_path)
    assert code == 0
    lines = read_jsonl(out)
    assert len(lines) == REQUESTS
    for line in lines:
        assert set(line) == {"custom_id", "method", "url", "body"}
        assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        assert ID_PATTERN.match(line["custom_id"])
        assert line["body"]["model"] == "m1" and line["body"]["messages"][-1]["role"] == "user"
        assert line["body"]["tools"] and line["body"]["tool_choice"]  # instructor's tool schema
    ids = [line["custom_id"] for line in lines]
    assert len(set(ids)) == len(ids)


def test_custom_ids_map_back_to_document_and_chunk(tmp_path):
    code, out = prepare(tmp_path)
    assert code == 0
    job = manifest(tmp_path / "requests.job")
    refs = {r["custom_id"]: (doc["doc_id"], r["chunk"]) for doc in job["inputs"] for r in doc["requests"]}
    assert sorted(refs) == sorted(line["custom_id"] for line in read_jsonl(out))
    assert sorted(refs.values()) == sorted([("county-b 2024", 1), ("county-b 2024", 2), ("county_c", 1),
                                             ("县甲_2024", 1), ("县甲_2024", 2)])
    for custom_id, (doc_id, chunk) in refs.items():
        assert f"-c{chunk}-" in custom_id
    assert any(cid.startswith("county-b_2024-c1-") for cid in refs)  # readable where the name allows


def test_bodies_equal_what_the_online_backend_sends(tmp_path, server):
    code, out = prepare(tmp_path, base_url=server.base_url)
    assert code == 0
    online = ["extract", tmp_path / "reports", "-o", tmp_path / "online.jsonl", "--backend", "openai",
              "--model", "m1", "--base-url", server.base_url, "--cache-dir", tmp_path / "cache", "-q"]
    assert run(*online) == 0
    sent = sorted(canonical(b) for b in server.chat_bodies())
    assert len(sent) == REQUESTS
    assert sorted(canonical(line["body"]) for line in read_jsonl(out)) == sent


def test_bodies_equal_build_chat_request_for_each_chunk(tmp_path):
    code, out = prepare(tmp_path, "--mode", "json")
    assert code == 0
    settings = Settings(backend="openai", model="m1", mode="json")
    pipeline = Pipeline(settings, backend=_NoCalls())
    expected = []
    for doc_id, text in REPORTS.items():
        context, todo = pipeline.plan(pipeline.prepare(text, doc_id))
        expected += [canonical(build_chat_request(chunk, context, settings)) for chunk in todo]
    bodies = [line["body"] for line in read_jsonl(out)]
    assert all("response_format" in b and "tools" not in b for b in bodies)
    assert sorted(canonical(b) for b in bodies) == sorted(expected)


class _NoCalls:
    """A backend that only lends the LLM backend's chunking to a pipeline."""

    name = "none"
    default_chunk_size = 3000
    default_chunk_overlap = 200

    def info(self):
        from extractor.backends import BackendInfo

        return BackendInfo(name=self.name)

    async def aclose(self):
        pass


def test_a_re_prepare_gives_the_same_ids_and_bytes(tmp_path):
    code, out = prepare(tmp_path)
    first = out.read_bytes()
    code2, _ = prepare(tmp_path)
    assert code == code2 == 0
    assert out.read_bytes() == first


def test_chunks_without_a_figure_get_no_request(tmp_path):
    code, out = prepare(tmp_path)
    assert code == 0
    prompts = " ".join(line["body"]["messages"][-1]["content"] for line in read_jsonl(out))
    assert "持续改进作风" not in prompts  # the figure-free section of 县甲_2024
    docs = {d["doc_id"]: d for d in manifest(tmp_path / "requests.job")["inputs"]}
    assert docs["县甲_2024"]["chunks"] == 4 and docs["县甲_2024"]["chunks_skipped"] == 2


def test_over_the_request_limit_the_job_is_split_into_numbered_files(tmp_path, capsys):
    code, out = prepare(tmp_path)
    whole = sorted(line["custom_id"] for line in read_jsonl(out))
    capsys.readouterr()
    code, out = prepare(tmp_path, "--max-requests", "2")
    assert code == 0
    assert not out.exists()
    files = [tmp_path / f"requests-00{n}.jsonl" for n in (1, 2, 3)]
    assert [len(read_jsonl(f)) for f in files] == [2, 2, 1]
    assert sorted(line["custom_id"] for line in request_lines(tmp_path / "requests.job")) == whole
    err = capsys.readouterr().err
    assert "split" in err and "3 files" in err and "requests-003.jsonl" in err


def test_over_the_size_limit_each_file_stays_under_it(tmp_path):
    code, out = prepare(tmp_path)
    sizes = [len(line) for line in out.read_bytes().splitlines(keepends=True)]
    limit = max(sizes) * 2 + 1  # two requests fit, three do not
    code, _ = prepare(tmp_path, "--max-mb", str(limit / 1e6))
    assert code == 0
    parts = manifest(tmp_path / "requests.job")["parts"]
    assert len(parts) >= 3
    for part in parts:
        assert part["bytes"] <= limit and Path(part["path"]).stat().st_size == part["bytes"]


def test_a_smaller_re_prepare_removes_the_old_numbered_files(tmp_path):
    prepare(tmp_path, "--max-requests", "2")
    code, out = prepare(tmp_path)
    assert code == 0 and out.exists()
    assert not list(tmp_path.glob("requests-0*.jsonl"))


def test_an_unreadable_report_is_recorded_without_requests(tmp_path, capsys):
    write_reports(tmp_path / "reports")
    (tmp_path / "reports" / "empty.txt").write_bytes(b"")
    code = run("openai-batch", "prepare", tmp_path / "reports", "--model", "m1", "-o", tmp_path / "requests.jsonl")
    assert code == 0
    docs = {d["doc_id"]: d for d in manifest(tmp_path / "requests.job")["inputs"]}
    assert docs["empty"]["error"] and docs["empty"]["requests"] == []
    assert "could not be read" in capsys.readouterr().err
