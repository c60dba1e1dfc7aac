"""`extractor extract --backend openai` configured from options, environment and a config file."""

from __future__ import annotations

import json

import pytest

from extractor.cli import main
from tests.fakes import Reply

TEXT = "二、2025年工作安排\n全年新建公共停车位1500个。\n"
ANSWER = {"indicators": [], "items": [{"status": "planned", "action": "新建", "subject": "公共停车位", "value": 1500,
                                       "unit": "个", "sector": "urban_rural", "evidence": "新建公共停车位1500个"}]}


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    return exited.value.code


def test_settings_from_a_config_file(server, report, tmp_path, capsys):
    server.responder = lambda request: Reply(ANSWER)
    config = tmp_path / "extractor.toml"
    config.write_text(
        f'[extractor]\nbackend = "openai"\nmodel = "from-config"\nbase_url = "{server.base_url}"\n'
        f'mode = "json"\ncache_dir = "{tmp_path / "cache"}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert run(["extract", str(report), "-o", str(out), "--config", str(config)]) == 0
    body = server.chat_bodies()[0]
    assert body["model"] == "from-config" and "response_format" in body
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["provenance"]["model"] == "from-config" and doc["items"][0]["value"] == 1500
    assert "1 calls, 0 cache hits" in capsys.readouterr().err


def test_settings_from_the_environment(server, report, tmp_path, monkeypatch):
    server.responder = lambda request: Reply(ANSWER)
    monkeypatch.setenv("EXTRACTOR_BACKEND", "openai")
    monkeypatch.setenv("EXTRACTOR_MODEL", "from-env")
    monkeypatch.setenv("EXTRACTOR_BASE_URL", server.base_url)
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    assert run(["extract", str(report), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert server.chat_bodies()[0]["model"] == "from-env"


def test_options_win_and_a_rerun_is_served_from_the_cache(server, report, tmp_path, capsys):
    server.responder = lambda request: Reply(ANSWER)
    argv = ["extract", str(report), "-o", str(tmp_path / "out.jsonl"), "--backend", "openai", "--model", "m",
            "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache"), "--concurrency", "2"]
    assert run(argv) == 0
    # A plain re-run skips the finished document; without resume the cache serves it.
    assert run(argv) == 0 and "1 already done" in capsys.readouterr().err
    assert run([*argv, "--no-resume"]) == 0
    assert server.count() == 1
    assert "0 calls, 1 cache hits" in capsys.readouterr().err


def test_a_missing_model_is_a_clear_error(report, tmp_path, capsys):
    assert run(["extract", str(report), "-o", str(tmp_path / "out.jsonl"), "--backend", "openai"]) == 2
    err = capsys.readouterr().err
    assert "needs a model name" in err and "--model" in err


def test_prices_option_reports_the_cost(server, report, tmp_path, capsys):
    server.responder = lambda request: Reply(ANSWER, usage=(1000, 200))
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."m"]\nprompt = 1.0\ncompletion = 5.0\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["extract", str(report), "-o", str(out), "--backend", "openai", "--model", "m",
            "--base-url", server.base_url, "--no-cache", "--prices", str(prices)]
    assert run(argv) == 0
    # 1000 prompt tokens at $1/M and 200 completion tokens at $5/M.
    assert json.loads(out.read_text(encoding="utf-8"))["usage"]["cost_usd"] == 0.002
    assert "$0.0020" in capsys.readouterr().err
