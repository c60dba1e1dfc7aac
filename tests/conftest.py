"""Shared fixtures: the bundled gold set and reports."""

from __future__ import annotations

import pytest

from extractor.evaluation.data import load_documents
from extractor.schema import Document
from tests.helpers import GOLD_DIR, REPORTS_DIR


@pytest.fixture(scope="session")
def gold_docs() -> dict[str, Document]:
    return load_documents(GOLD_DIR)


@pytest.fixture(scope="session")
def report_texts(gold_docs) -> dict[str, str]:
    return {d: (REPORTS_DIR / f"{d}.txt").read_text(encoding="utf-8") for d in gold_docs}
