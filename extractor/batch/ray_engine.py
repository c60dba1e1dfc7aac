"""``--engine ray``: the same per-document work, run by actors on a Ray cluster.

Each actor holds one :class:`~extractor.pipeline.Pipeline` built from the
job's settings and runs several documents at once on its own event loop.  The
job's call bound (``concurrency``) and rate limits are shared out among the
actors, so the cluster as a whole keeps to them.  Items carry the file's bytes,
so workers need no view of the driver's disk; they do need this package
installed (or shipped with a Ray ``runtime_env``), and backends registered by
``extractor.backends.register`` in the driver are not seen by workers: register
those through the ``govreport_extractor.backends`` entry point.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable
from typing import Any

from ..errors import MissingDependencyError
from ..pipeline import Pipeline
from ..settings import Settings
from .work import Outcome, WorkItem, process_item

log = logging.getLogger(__name__)


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingDependencyError(
            "--engine ray needs Ray, which is not installed",
            hint="pip install 'govreport-extractor[ray]' (or: pip install -e '.[ray]')",
        ) from None
    return ray


class ExtractorActor:
    """Runs work items on a pipeline of its own (one per actor, reused)."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = Pipeline(settings)

    async def process(self, item: WorkItem) -> Outcome:
        return await process_item(self.pipeline, item)

    async def aclose(self) -> None:
        await self.pipeline.aclose()


def _share(value: int | None, parts: int) -> int | None:
    return None if value is None else max(1, math.ceil(value / parts))


class RayEngine:
    name = "ray"
    ships_bytes = True

    def __init__(self, settings: Settings, *, address: str | None = None, window: int | None = None) -> None:
        self.ray = import_ray()
        self._started_here = not self.ray.is_initialized()
        if self._started_here:
            # No address (and no RAY_ADDRESS) starts a local instance.
            self.ray.init(
                address=address,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
                ignore_reinit_error=True,
            )
        cpus = int(self.ray.cluster_resources().get("CPU", 1)) or 1
        n_actors = max(1, min(cpus, settings.concurrency))
        actor_settings = settings.model_copy(
            update={
                "concurrency": _share(settings.concurrency, n_actors),
                "requests_per_minute": _share(settings.requests_per_minute, n_actors),
                "tokens_per_minute": _share(settings.tokens_per_minute, n_actors),
            }
        )
        slots = max(2, 2 * (actor_settings.concurrency or 1))
        remote_cls = self.ray.remote(num_cpus=1, max_concurrency=slots, max_restarts=1, max_task_retries=1)(
            ExtractorActor
        )
        self.actors = [remote_cls.remote(actor_settings) for _ in range(n_actors)]
        self._in_flight = [0] * n_actors
        self.window = window or n_actors * slots
        log.info("ray engine: %d actors, %d documents in flight", n_actors, self.window)

    def submit(self, item: WorkItem) -> Awaitable[Outcome]:
        return self._run(item)

    async def _run(self, item: WorkItem) -> Outcome:
        # The least busy actor takes the next document.
        i = min(range(len(self.actors)), key=self._in_flight.__getitem__)
        self._in_flight[i] += 1
        try:
            ref = self.actors[i].process.remote(item)
            return await asyncio.wrap_future(ref.future())
        except self.ray.exceptions.RayError as exc:
            return Outcome(
                position=item.position,
                doc_id=item.doc_id,
                path=item.path,
                status="failed",
                error=f"ray worker failed: {type(exc).__name__}: {exc}",
            )
        finally:
            self._in_flight[i] -= 1

    async def aclose(self) -> None:
        try:
            closing = [asyncio.wrap_future(actor.aclose.remote().future()) for actor in self.actors]
            await asyncio.gather(*closing, return_exceptions=True)
        finally:
            for actor in self.actors:
                self.ray.kill(actor)
            if self._started_here:
                self.ray.shutdown()
