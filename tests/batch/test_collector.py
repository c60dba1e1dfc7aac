"""A job runs with fewer garbage collections and gives the caller's settings back."""

from __future__ import annotations

import asyncio
import gc

import pytest

from extractor.backends.base import BackendInfo, ChunkFacts
from extractor.batch.collector import JOB_THRESHOLDS, collector_paced_for_jobs
from extractor.jobs import JobOptions, run_job
from extractor.pipeline import Pipeline
from extractor.settings import Settings


@pytest.fixture
def caller_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(600, 9, 8)  # a caller's own choice, not the default
    yield (600, 9, 8)
    gc.set_threshold(*before)


def test_thresholds_raised_inside_and_restored_after(caller_thresholds):
    with collector_paced_for_jobs():
        assert gc.get_threshold() == JOB_THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == caller_thresholds
    assert gc.get_freeze_count() == 0


def test_restored_when_the_job_fails(caller_thresholds):
    with pytest.raises(RuntimeError), collector_paced_for_jobs():
        raise RuntimeError("boom")
    assert gc.get_threshold() == caller_thresholds


class _SeesThresholds:
    """A backend that notes the collector's pace while it extracts."""

    name = "sees-thresholds"
    default_chunk_size = 4000
    default_chunk_overlap = 0
    seen: list[tuple[int, int, int]] = []

    def __init__(self, settings=None) -> None:
        pass

    def info(self) -> BackendInfo:
        return BackendInfo(name=self.name)

    async def extract(self, chunk, context) -> ChunkFacts:
        self.seen.append(gc.get_threshold())
        return ChunkFacts()

    async def aclose(self) -> None:
        return None


def test_a_job_extracts_at_the_job_pace(tmp_path, caller_thresholds):
    report = tmp_path / "r.txt"
    report.write_text("政府工作报告\n去年全市生产总值增长5%。\n", encoding="utf-8")
    pipeline = Pipeline(Settings(), backend=_SeesThresholds())
    summary = asyncio.run(run_job([report], tmp_path / "out.jsonl", pipeline, options=JobOptions()))
    assert summary.succeeded == 1
    assert _SeesThresholds.seen and set(_SeesThresholds.seen) == {JOB_THRESHOLDS}
    assert gc.get_threshold() == caller_thresholds
