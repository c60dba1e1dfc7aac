"""Fixtures for the LLM backend tests: a fake server, fast retries, clean env.

Nothing here reaches past 127.0.0.1: every test talks to
:class:`tests.fakes.FakeOpenAIServer` on an ephemeral port.
"""

from __future__ import annotations

import logging

import pytest

from extractor.backends.llm import retry
from extractor.settings import Settings
from tests.fakes import FakeOpenAIServer
from tests.llm.helpers import API_KEY


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No real key, server or cache folder leaks in; backoff waits are tiny."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXTRACTOR_API_KEY", "EXTRACTOR_CONFIG", "OPENAI_CUSTOM_HEADERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setattr(retry, "BACKOFF_INITIAL_S", 0.001)
    monkeypatch.setattr(retry, "BACKOFF_MAX_S", 0.004)
    monkeypatch.setattr(retry, "RETRY_AFTER_MAX_S", 0.01)
    root = logging.getLogger()
    level = root.level
    yield
    root.setLevel(level)  # the CLI's -v sets the root level


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.fixture
def make_settings(server, tmp_path):
    def make(**overrides) -> Settings:
        values = dict(
            backend="openai",
            model="fake-model",
            base_url=server.base_url,
            api_key=API_KEY,
            cache_dir=tmp_path / "cache",
            timeout_s=5.0,
        )
        values.update(overrides)
        return Settings(**values)

    return make
