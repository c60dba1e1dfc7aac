"""The garbage collector's pace during a job.

Extraction builds and drops many small container objects per chunk (figures,
slots, regex matches, pydantic models).  At CPython's default thresholds a
young-generation collection runs every 700 allocations and the older
generations follow, re-walking every long-lived object (compiled patterns,
validators, lexicons) again and again: about 15% of a rules job's time.
Almost nothing a job makes is cyclic, so collecting less often frees the
same memory a little later and costs nothing measurable in peak size
(``python -m bench scale`` prints it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young generation every 50,000 net allocations instead of 700; the older
# ones after 20 young (or middle) collections instead of 10.
JOB_THRESHOLDS = (50_000, 20, 20)


@contextmanager
def collector_paced_for_jobs() -> Iterator[None]:
    """Run a job with fewer, larger collections; the caller's settings come back after."""
    before = gc.get_threshold()
    # What was loaded before the job (modules, patterns, schemas) lives until
    # the process ends: keep it out of every later full collection.
    gc.freeze()
    gc.set_threshold(*JOB_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
