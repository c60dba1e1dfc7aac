"""Paths and small helpers shared by the tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "eval" / "gold"
REPORTS_DIR = ROOT / "eval" / "reports"


class ScriptedBackend:
    """An in-process backend for pipeline tests: answers chunks from a function.

    ``answer(chunk, context)`` returns ChunkFacts, or raises (ChunkFailed to
    simulate a backend giving up).  Records calls and the peak number in flight.
    """

    name = "scripted"
    default_chunk_size = 400
    default_chunk_overlap = 0

    def __init__(self, answer, delay: float = 0.0) -> None:
        self.answer = answer
        self.delay = delay
        self.calls: list[int] = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self.closed = False

    def info(self):
        from extractor.backends import BackendInfo

        return BackendInfo(name=self.name, model="scripted-1")

    async def extract(self, chunk, context):
        import asyncio

        self.calls.append(chunk.index)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            return self.answer(chunk, context)
        finally:
            self.in_flight -= 1

    async def aclose(self):
        self.closed = True


class PageElements(HTMLParser):
    """Every element and the text of an HTML page, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)
