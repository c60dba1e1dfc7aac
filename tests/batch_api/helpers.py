"""Reports written for these tests, and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main

API_KEY = "sk-batch-test-5d1e8a0c93f7"

# Each report: a review section, a plan section and one without any figure
# (the pre-filter keeps it out of the requests).
REPORTS = {
    "县甲_2024": (
        "政府工作报告\n一、2024年工作回顾\n全年新建公共停车位1500个，改造老旧小区32个。\n"
        "二、2025年工作安排\n计划新增城镇就业岗位8000个，建成高标准农田2.5万亩。\n"
        "三、加强政府自身建设\n坚持依法行政，持续改进作风，提高服务群众的水平。\n"
    ),
    "county-b 2024": (
        "政府工作报告\n一、过去一年的工作\n新修农村公路126公里，新增污水管网40公里。\n"
        "二、今年的主要任务\n力争完成固定资产投资85亿元，新建幼儿园6所。\n"
    ),
    "county_c": "政府工作报告\n一、2024年工作回顾\n全年植树造林3万亩，建成5G基站420个。\n",
}


def write_reports(folder: Path, reports: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in (reports or REPORTS).items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def run(*argv: Any) -> int:
    """The CLI in process; its exit status."""
    with pytest.raises(SystemExit) as exited:
        main([str(a) for a in argv])
    return exited.value.code


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def request_lines(job_folder: Path) -> list[dict[str, Any]]:
    """Every request line of a prepared job, over all its files."""
    manifest = json.loads((job_folder / "manifest.json").read_text(encoding="utf-8"))
    return [line for part in manifest["parts"] for line in read_jsonl(Path(part["path"]))]


def manifest(job_folder: Path) -> dict[str, Any]:
    return json.loads((job_folder / "manifest.json").read_text(encoding="utf-8"))
