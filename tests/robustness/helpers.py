"""Helpers the robustness tests share: run the CLI, read its output, a fake model.

Every report text here is written for these tests; none is copied from
``eval/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from extractor.cli import main
from tests.fakes import Reply, Request

# A report of the genre, written for these tests: headings, a review and a
# plan, indicator sentences and counted items.
REPORT = (
    "政府工作报告\n"
    "一、2023年工作回顾\n"
    "过去一年，全市地区生产总值增长5.5%，一般公共预算收入完成86.4亿元。\n"
    "（一）城乡建设\n"
    "新建学校12所，改造老旧小区35个，建成污水处理厂3座。新增城镇就业2.1万人。\n"
    "二、2024年工作安排\n"
    "今年地区生产总值预期增长6%左右，城镇新增就业2万人以上。\n"
    "新建乡村公路120公里，新建公共停车位1500个。\n"
)


def run_cli(*args: object) -> int:
    """`extractor ARGS` in this process; its exit status."""
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL file, parsed (fails on a line that is not JSON)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def facts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [*doc.get("indicators", []), *doc.get("items", [])]


def assert_grounded(doc: dict[str, Any], text: str) -> None:
    """Every fact of an output line quotes ``text`` at its offsets."""
    for fact in facts(doc):
        assert 0 <= fact["start"] < fact["end"] <= len(text), fact
        assert text[fact["start"] : fact["end"]] == fact["evidence"], fact


def without_usage(doc: dict[str, Any]) -> dict[str, Any]:
    """A line as far as its content goes (calls and cache hits differ between runs)."""
    return {k: v for k, v in doc.items() if k != "usage"}


# -- a fake model that reads the chunk it is sent ------------------------------

_ITEM = re.compile(r"(新建|建成|改造)([\u4e00-\u9fff]{2,6}?)(\d+(?:\.\d+)?)(个|所|座|公里)")
_GDP = re.compile(r"地区生产总值(?:预期)?增长(\d+(?:\.\d+)?)%")


def chunk_of(request: Request) -> tuple[str, str]:
    """(context line, chunk text exactly as the chunk holds it) of a chunk request.

    The chunk's message is the last user message with a data block: a
    re-ask adds a user message after it, few-shot examples stand before it.
    """
    user = next(t for t in request.user_texts() if "<report>" in t)
    open_at = user.rindex("<report>")
    # The template puts the text on lines of its own: "<report>\n$text\n</report>".
    return user[:open_at], user[open_at + len("<report>\n") : user.rindex("</report>") - 1]


def reading_model(request: Request) -> Reply:
    """Answers with the items and GDP growths its patterns find in the chunk."""
    head, chunk = chunk_of(request)
    # The context line ends with the section's kind: "…｜回顾：一、2023年工作回顾".
    review = head.rsplit("｜", 1)[-1].startswith("回顾")
    items = [
        {"status": "achieved" if review else "planned", "action": m.group(1), "subject": m.group(2),
         "value": float(m.group(3)), "unit": m.group(4), "sector": "other", "evidence": m.group()}
        for m in _ITEM.finditer(chunk)
    ]
    indicators = [
        {"indicator": "gdp", "period": "actual" if review else "target", "measure": "growth",
         "value": float(m.group(1)), "unit": "%", "evidence": m.group()}
        for m in _GDP.finditer(chunk)
    ]
    return Reply({"indicators": indicators, "items": items})
