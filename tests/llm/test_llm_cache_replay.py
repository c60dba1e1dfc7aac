"""The response cache, replay and offline runs, the pre-filter, and secrecy of the key."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3

import pytest

from extractor.backends.llm import OpenAIBackend, ReplayBackend
from extractor.backends.llm.cache import CACHE_FILE, CachedAnswer, ResponseCache, default_cache_dir, request_key
from extractor.cli import main
from extractor.errors import ConfigError
from extractor.schema import Usage
from tests.fakes import HttpError, PerfectModel, Reply
from tests.llm.helpers import API_KEY, run_chunk, run_text

TEXT = (
    "一、2024年工作回顾\n过去一年，全市建成污水处理厂3座，新增城镇就业岗位8200个。\n"
    "二、2025年工作安排\n全年新建公共停车位1500个。\n"
)
ITEMS = {
    "污水处理厂": {"status": "achieved", "action": "建成", "subject": "污水处理厂", "value": 3, "unit": "座",
              "sector": "ecology", "evidence": "建成污水处理厂3座"},
    "公共停车位": {"status": "planned", "action": "新建", "subject": "公共停车位", "value": 1500, "unit": "个",
              "sector": "urban_rural", "evidence": "新建公共停车位1500个"},
}


def by_sentence(request):
    """A model that finds this file's items in whatever chunk it is sent."""
    chunk = request.messages[-1]["content"]
    return Reply({"indicators": [], "items": [item for key, item in ITEMS.items() if key in chunk]})


def facts_of(doc) -> str:
    return json.dumps(
        {"indicators": [f.model_dump(mode="json") for f in doc.indicators],
         "items": [i.model_dump(mode="json") for i in doc.items]},
        ensure_ascii=False,
    )


def test_a_second_run_makes_no_requests_and_gives_the_same_facts(server, make_settings):
    server.responder = by_sentence
    first = run_text(make_settings(), TEXT)
    calls = server.count()
    assert calls == 2 and len(first.items) == 2
    second = run_text(make_settings(), TEXT)
    assert server.count() == calls
    assert facts_of(second) == facts_of(first)
    assert second.usage.cache_hits == 2 and second.usage.calls == 0
    assert second.usage.prompt_tokens == 0


def test_no_cache_bypasses_the_cache(server, make_settings, tmp_path):
    server.responder = by_sentence
    run_text(make_settings(cache=False), TEXT)
    run_text(make_settings(cache=False), TEXT)
    assert server.count() == 4
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


def test_the_key_changes_with_what_determines_the_answer(server, make_settings):
    server.responder = by_sentence
    run_text(make_settings(), TEXT)
    run_text(make_settings(model="another-model"), TEXT)
    run_text(make_settings(temperature=0.7), TEXT)
    run_text(make_settings(mode="json"), TEXT)
    assert server.count() == 8
    # ... and not with the key or the server address.
    run_text(make_settings(api_key="sk-another-key-000"), TEXT)
    assert server.count() == 8


def test_the_default_cache_folder_honours_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    assert default_cache_dir().is_relative_to(tmp_path / "elsewhere")


def test_replay_answers_from_the_cache_only(server, make_settings):
    server.responder = by_sentence
    recorded = run_text(make_settings(), TEXT)
    server.stop()
    replayed = run_text(make_settings(backend="replay", base_url=None, api_key=None), TEXT)
    assert facts_of(replayed) == facts_of(recorded)
    assert replayed.provenance.backend == "replay"
    assert replayed.diagnostics.failed_chunks == []


def test_offline_openai_answers_from_the_cache_only(server, make_settings):
    server.responder = by_sentence
    recorded = run_text(make_settings(), TEXT)
    calls = server.count()
    offline = run_text(make_settings(offline=True), TEXT)
    assert server.count() == calls
    assert facts_of(offline) == facts_of(recorded)


def test_a_replay_miss_is_a_failed_chunk_with_a_reason(server, make_settings):
    server.responder = by_sentence
    run_text(make_settings(), TEXT)
    doc = run_text(make_settings(backend="replay"), TEXT + "三、附则\n另有新建公园2个。\n")
    assert len(doc.items) == 2
    [failure] = doc.diagnostics.failed_chunks
    assert "no cached answer" in failure.error and "model fake-model" in failure.error


def test_replay_needs_a_cache(make_settings, tmp_path):
    with pytest.raises(ConfigError, match="no response cache"):
        ReplayBackend(make_settings(backend="replay", cache_dir=tmp_path / "empty"))
    with pytest.raises(ConfigError, match="needs the cache"):
        ReplayBackend(make_settings(backend="replay", cache=False))


def test_an_llm_backend_needs_a_model(make_settings):
    with pytest.raises(ConfigError, match="model"):
        OpenAIBackend(make_settings(model=None))


def test_the_pre_filter_sends_no_boilerplate(server, make_settings):
    text = "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n请各位政协委员提出意见。\n"
    doc = run_text(make_settings(), text)
    assert server.count() == 0
    assert doc.diagnostics.chunks_skipped == doc.diagnostics.chunks >= 1


def test_concurrent_coroutines_share_one_cache(tmp_path):
    cache = ResponseCache(tmp_path)

    async def one(n: int) -> CachedAnswer | None:
        await cache.put(f"k{n % 7}", CachedAnswer(answer=f'{{"n":{n}}}', usage=Usage(calls=1)), model="m", prompt="p", mode="tools")
        return await cache.get(f"k{n % 7}")

    async def many():
        return await asyncio.gather(*(one(n) for n in range(60)))

    results = asyncio.run(many())
    assert all(r is not None for r in results)
    assert len(cache) == 7
    cache.close()


def test_request_key_ignores_dict_order_but_not_content():
    body = {"model": "m", "messages": [{"role": "user", "content": "a"}], "temperature": 0}
    same = {"temperature": 0, "messages": [{"content": "a", "role": "user"}], "model": "m"}
    assert request_key(body, prompt="p@1", answer_schema="s") == request_key(same, prompt="p@1", answer_schema="s")
    assert request_key(body, prompt="p@2", answer_schema="s") != request_key(body, prompt="p@1", answer_schema="s")


def test_provenance_records_prompt_model_host_and_params(server, make_settings):
    server.responder = by_sentence
    doc = run_text(make_settings(), TEXT)
    prov = doc.provenance
    assert prov.backend == "openai" and prov.model == "fake-model"
    assert prov.prompt_version == "extract@1.0"
    assert prov.base_url_host == f"127.0.0.1:{server.port}"
    assert prov.schema_hash and prov.config_hash


def test_the_key_never_leaves_the_client(server, make_settings, tmp_path, caplog, capsys):
    """Not in the output, the cache, the logs or error messages, even when a server echoes it."""
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"

    def echo_the_key(request):
        if "公共停车位" in request.messages[-1]["content"]:
            return HttpError(401, f"Incorrect API key provided: {API_KEY}")
        return by_sentence(request)

    server.responder = echo_the_key
    caplog.set_level(logging.DEBUG)
    argv = ["extract", str(report), "-o", str(out), "--backend", "openai", "--model", "fake-model",
            "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache"), "-v"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPENAI_API_KEY", API_KEY)
        with pytest.raises(SystemExit) as exited:
            main(argv)
    assert exited.value.code == 1  # a document with a failed chunk asks for a re-run
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"  # the key was used
    written = out.read_text(encoding="utf-8")
    assert "HTTP 401" in written and "***" in written  # the failure is there, redacted
    printed = capsys.readouterr()
    cache_bytes = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    for place in (written, printed.out, printed.err, caplog.text, cache_bytes.decode("utf-8", "replace")):
        assert API_KEY not in place
    assert "request 1" in caplog.text  # -v logged the requests


def test_verbose_logs_requests_retries_and_failures(server, make_settings, caplog):
    from tests.fakes import SchemaInvalid, ServerError

    server.script(ServerError(), SchemaInvalid(), Reply({"indicators": [], "items": [ITEMS["公共停车位"]]}))
    caplog.set_level(logging.INFO, logger="extractor.llm")
    run_chunk(OpenAIBackend(make_settings(cache=False)), "全年新建公共停车位1500个。")
    text = caplog.text
    assert "request 1" in text and "request 3" in text
    assert "retrying in" in text and "HTTP 500" in text
    assert "re-asking" in text


def corrupt(cache_dir) -> None:
    db = sqlite3.connect(cache_dir / CACHE_FILE)
    with db:
        db.execute("UPDATE answers SET answer = '{\"broken\": true}'")
    db.close()


def test_a_corrupt_cache_entry_is_asked_again_or_fails_a_replay(server, make_settings, tmp_path):
    server.responder = by_sentence
    run_text(make_settings(), TEXT)
    corrupt(tmp_path / "cache")
    replayed = run_text(make_settings(backend="replay"), TEXT)
    assert {f.error for f in replayed.diagnostics.failed_chunks} == {
        "the cached answer is invalid (invalid answer: indicators: Field required; items: Field required)"
    }
    doc = run_text(make_settings(), TEXT)
    assert len(doc.items) == 2 and server.count() == 4


def test_one_backend_serves_several_runs(server, make_settings):
    from extractor.api import extract_text

    server.responder = by_sentence
    backend = OpenAIBackend(make_settings())
    first = extract_text(TEXT, backend=backend, settings=make_settings())
    second = extract_text(TEXT, backend=backend, settings=make_settings())  # after the first run closed it
    assert facts_of(first) == facts_of(second) and server.count() == 2


def test_the_perfect_model_answers_only_from_its_report(server, make_settings):
    """The fake's gold mode only answers a chunk of a bundled report (used by the e2e run)."""
    server.responder = PerfectModel.bundled()
    doc = run_text(make_settings(cache=False), TEXT)
    assert doc.items == [] and server.count() == 2
