"""The Python API: the same pipeline as the CLI, for notebooks and programs.

>>> from extractor import extract_text
>>> doc = extract_text("2023年工作回顾\\n地区生产总值增长6.2%。", doc_id="demo")
>>> [(f.indicator.value, f.value) for f in doc.indicators]
[('gdp', 6.2)]
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any, Coroutine, TypeVar

from .backends import Backend
from .inputs import doc_id_for, read_report
from .pipeline import Pipeline
from .schema import Document
from .settings import Settings

T = TypeVar("T")


def _settings(settings: Settings | None, backend: str | None, overrides: dict[str, Any]) -> Settings:
    if settings is None:
        settings = Settings.load(backend=backend, **overrides)
    elif backend is not None or overrides:
        settings = settings.model_copy(update={"backend": backend or settings.backend, **overrides})
    return settings


async def _into(coro: Coroutine[Any, Any, Any], box: dict[str, Any]) -> None:
    box["value"] = await coro


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, also from inside a running loop (Jupyter).

    The result comes back through a box, not as the main task's result:
    Python 3.11's ``asyncio.run`` formats the main task, result included,
    when it restores the SIGINT handler, and the repr of a long report's
    Document costs seconds and hundreds of MB.
    """
    result: dict[str, Any] = {}
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_into(coro, result))
        return result["value"]

    def target() -> None:
        try:
            asyncio.run(_into(coro, result))
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


async def aextract_text(
    text: str,
    doc_id: str = "document",
    *,
    backend: str | Backend | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> Document:
    """Async form of :func:`extract_text`."""
    instance = backend if backend is not None and not isinstance(backend, str) else None
    name = backend if isinstance(backend, str) else None
    async with Pipeline(_settings(settings, name, overrides), backend=instance) as pipeline:
        return await pipeline.extract(text, doc_id)


def extract_text(
    text: str,
    doc_id: str = "document",
    *,
    backend: str | Backend | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> Document:
    """Extract one report's facts from its text.

    ``backend`` is a registered name ("rules", "openai", ...) or a backend
    instance; ``settings`` and keyword overrides (``model=...``,
    ``concurrency=...``) configure the run as the CLI options do.
    """
    return _run(aextract_text(text, doc_id, backend=backend, settings=settings, **overrides))


def extract_file(
    path: str | Path,
    *,
    backend: str | Backend | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> Document:
    """Extract one report file; its ``doc_id`` is the file name without extension."""
    loaded = read_report(path)
    return extract_text(loaded.text, doc_id_for(path), backend=backend, settings=settings, **overrides)
