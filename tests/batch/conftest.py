"""Session fixtures for the batch tests (helpers live in batch_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from batch_helpers import generate_corpus, run_cli


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """A few hundred generated reports and two unreadable files."""
    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus(folder, 300)
    return folder


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> Path:
    """The corpus extracted in one uninterrupted run."""
    out = tmp_path_factory.mktemp("reference") / "results.jsonl"
    assert run_cli("extract", corpus, "--out", out, "--quiet") == 1  # the two unreadable files
    return out
