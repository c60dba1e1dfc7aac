"""Fixtures for the robustness tests: a sealed environment and fast retries.

Every test runs with HOME, the XDG folders and the cache in its own temporary
folder (so a test can search everything the tool wrote), no real key or
server in the environment, and backoff waits shrunk to milliseconds.
"""

from __future__ import annotations

import logging

import pytest

from extractor.backends.llm import retry

_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXTRACTOR_API_KEY", "EXTRACTOR_CONFIG", "EXTRACTOR_BACKEND",
        "EXTRACTOR_MODEL", "EXTRACTOR_BASE_URL", "EXTRACTOR_CACHE_DIR", "OPENAI_CUSTOM_HEADERS", "EXTRACTOR_DEBUG")


@pytest.fixture(autouse=True)
def sealed_home(monkeypatch, tmp_path):
    """The test's own HOME and XDG folders; returns the HOME folder."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    for sub in ("", ".cache", ".config", ".local/share", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setattr(retry, "BACKOFF_INITIAL_S", 0.001)
    monkeypatch.setattr(retry, "BACKOFF_MAX_S", 0.004)
    monkeypatch.setattr(retry, "RETRY_AFTER_MAX_S", 0.01)
    root = logging.getLogger()
    level = root.level
    yield home
    root.setLevel(level)  # the CLI's -v sets the root level
