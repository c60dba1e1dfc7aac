"""Engines run work items and hand back outcomes in input order.

Every engine takes items from a lazy iterator and keeps a bounded window of
them in flight, so memory holds a window of documents however long the
corpus; outcomes come back in input order so the output is written in that
order.  ``local`` runs them as asyncio tasks on the job's own pipeline (the
pipeline bounds backend calls across documents); ``ray`` (:mod:`.ray_engine`)
sends them to actors on a Ray cluster.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import Protocol

from ..errors import ConfigError
from ..pipeline import Pipeline
from .work import Outcome, WorkItem, process_item

ENGINES = ("local", "ray")


class Engine(Protocol):
    name: str
    # Whether items must carry the file's bytes (the worker may be elsewhere).
    ships_bytes: bool
    # Documents worth keeping in flight at once.
    window: int

    def submit(self, item: WorkItem) -> Awaitable[Outcome]: ...

    async def aclose(self) -> None: ...


class LocalEngine:
    name = "local"
    ships_bytes = False

    def __init__(self, pipeline: Pipeline, window: int | None = None) -> None:
        self.pipeline = pipeline
        # Twice the call bound keeps every call slot busy while the document
        # at the head of the line finishes.
        self.window = window or max(4, 2 * pipeline.settings.concurrency)

    def submit(self, item: WorkItem) -> Awaitable[Outcome]:
        return process_item(self.pipeline, item)

    async def aclose(self) -> None:
        return None


async def run_ordered(items: Iterable[WorkItem], engine: Engine) -> AsyncIterator[Outcome]:
    """Outcomes of ``items`` in their order, at most ``engine.window`` in flight."""
    pending: deque[asyncio.Future[Outcome]] = deque()
    try:
        for item in items:
            pending.append(asyncio.ensure_future(engine.submit(item)))
            if len(pending) >= engine.window:
                yield await pending.popleft()
        while pending:
            yield await pending.popleft()
    finally:
        for fut in pending:
            fut.cancel()


def create_engine(name: str, pipeline: Pipeline, *, ray_address: str | None = None, window: int | None = None) -> Engine:
    if name == "local":
        return LocalEngine(pipeline, window)
    if name == "ray":
        from .ray_engine import RayEngine

        return RayEngine(pipeline.settings, address=ray_address, window=window)
    raise ConfigError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
