"""Fixtures for the OpenAI Batch API tests: a fake server with the Batch API, a clean env.

Nothing here reaches past 127.0.0.1: the CLI talks to
:class:`tests.fakes.FakeOpenAIServer` (chat completions) extended with
:class:`tests.fakes.batch_api.FakeBatchAPI` (files and batches).  The LLM
tests' fixtures are shared: ``_isolated`` (no real key, server, config or
cache folder leaks in; retries do not wait) and ``server``.
"""

from __future__ import annotations

import pytest

from extractor.batch import openai_batch_client
from tests.batch_api.helpers import API_KEY
from tests.llm.conftest import _isolated, server  # noqa: F401  (fixtures, shared)


@pytest.fixture(autouse=True)
def _batch_env(_isolated, monkeypatch):  # noqa: F811
    """A key in the environment, as users give it; the client does not retry."""
    monkeypatch.delenv("EXTRACTOR_MODEL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setattr(openai_batch_client, "CLIENT_RETRIES", 0)
