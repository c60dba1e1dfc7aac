"""The Python API runs the same pipeline as the CLI."""

from __future__ import annotations

import asyncio

from extractor import Document, Settings, aextract_text, extract_file, extract_text
from tests.helpers import REPORTS_DIR, ScriptedBackend

TEXT = "一、2030年工作回顾\n全市地区生产总值增长6.5%，新建学校3所。\n"


def test_extract_text_returns_a_document():
    doc = extract_text(TEXT, doc_id="demo")
    assert isinstance(doc, Document)
    assert doc.doc_id == "demo" and doc.meta.review_year == 2030
    assert doc.provenance.backend == "rules"


def test_extract_file_uses_the_file_name_as_doc_id():
    path = sorted(REPORTS_DIR.glob("*.txt"))[0]
    doc = extract_file(path)
    assert doc.doc_id == path.stem
    text = path.read_text(encoding="utf-8")
    assert all(text[f.start : f.end] == f.evidence for f in doc.items)


def test_backend_instance_and_settings_are_arguments():
    backend = ScriptedBackend(lambda chunk, ctx: __import__("extractor.backends", fromlist=["ChunkFacts"]).ChunkFacts())
    doc = extract_text(TEXT, backend=backend, settings=Settings(chunk_size=100))
    assert doc.provenance.backend == "scripted" and backend.calls


def test_sync_api_works_inside_a_running_loop():
    async def notebook_cell():
        return extract_text(TEXT)

    assert asyncio.run(notebook_cell()).doc_id == "document"


def test_async_api():
    doc = asyncio.run(aextract_text(TEXT, doc_id="a"))
    assert doc.doc_id == "a"
