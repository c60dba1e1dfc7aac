"""Split a report into its sections: review, targets, plan, other.

Reports of the genre number their parts "一、", "（一）", "第一，", or put a
year title on its own line ("2023年工作回顾").  Each heading opens a section
that runs to the next heading; sections tile the text exactly, so every
character belongs to one section.  A section's kind comes from its own
heading or its nearest ancestor's; where no heading says (a fragment, a
report without headings) the section's wording decides, and failing that it
is ``other``.
"""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel

CN_NUM = "一二三四五六七八九十"


class SectionKind(str, Enum):
    review = "review"
    targets = "targets"
    plan = "plan"
    other = "other"

    def __str__(self) -> str:
        return self.value


class Section(BaseModel):
    start: int
    end: int
    level: int  # 0 preamble, 1 a title line, 2 "一、", 3 "（一）/第一，/——", 4 "1." / "(1)"
    heading: str  # "" for the preamble
    path: tuple[str, ...]  # headings from the top down to this one
    kind: SectionKind
    kind_source: str  # "heading" | "parent" | "content" | "none"
    year: int | None = None  # a year named by this heading or an ancestor's


# Headings, matched at the start of a stripped line.  A bare title line
# ("2023年工作回顾", "“十三五”和2020年工作回顾") sits above numbered parts: some
# reports put "一、…" parts under such a title, others number the titles
# themselves ("一、2023年工作回顾").  Scraped pages may leave a few stray
# Latin letters after a title.
_TITLE = re.compile(
    r"^(?:(?:19|20)\d{2}年|今年|过去[一五]年)?[^，,。；;]{0,14}?"
    r"(?:工作回顾|主要目标任务|主要预期目标|工作安排|重点工作|工作任务|目标任务)[:：]?[A-Za-z]{0,4}$"
)
_LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (2, re.compile(rf"^[{CN_NUM}]{{1,3}}[、，,．.]")),
    (2, re.compile(rf"^第[{CN_NUM}]{{1,3}}(?:部分|章)")),
    (1, _TITLE),
    (3, re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")),
    (3, re.compile(rf"^第[{CN_NUM}]{{1,3}}[，,、:：]")),
    (3, re.compile(r"^[—－-]{2}")),
    (4, re.compile(r"^\d{1,2}[、．.](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
# The longest line _TITLE can match: year 5, words 14, kind 6, colon 1, letters 4.
_TITLE_MAX = 30
# What every other heading opens with, besides a digit (str.isdecimal is \d).
_NUMBERED_OPEN = frozenset(CN_NUM + "第（(—－-")
# The levels whose heading may name the year a part is about.
PART_LEVELS = (1, 2)

_REVIEW = re.compile(r"回顾|过去一年|过去五年|一年来|主要工作|工作总结")
_TARGETS = re.compile(r"预期目标|主要目标|目标任务|总体要求")
_PLAN = re.compile(r"工作安排|重点工作|工作任务|工作部署|今年工作|做好以下|自身建设|(?:19|20)\d{2}年工作(?!回顾)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

# Wording that marks a stretch of text as looking back or looking ahead,
# for sections no heading classifies.
_PAST_CUES = re.compile(r"过去一年|一年来|去年|取得|实现了|完成了|建成了|累计|同比|较上年|荣获|获评|圆满完成")
_FUTURE_CUES = re.compile(r"今年|将|力争|确保|加快|推进|推动|持续|启动|谋划|全年|计划|预期目标|以上")

_MAX_HEADING_LINE = 400


def heading_level(line: str) -> int | None:
    """The level of a heading line, or None for body text."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADING_LINE:
        return None
    # Most lines are body text: one longer than any title line that opens
    # like no numbered heading is none, without trying the patterns.
    if len(stripped) > _TITLE_MAX and stripped[0] not in _NUMBERED_OPEN and not stripped[0].isdecimal():
        return None
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(stripped):
            return level
    return None


def _heading_text(line: str) -> str:
    stripped = line.strip()
    m = re.search(r"[。；;]", stripped)
    head = stripped[: m.start()] if m else stripped
    return head[:60]


def _kind_of(heading: str) -> SectionKind | None:
    # The review test runs first: "2023年工作回顾" names a year too.
    if _REVIEW.search(heading):
        return SectionKind.review
    if _TARGETS.search(heading):
        return SectionKind.targets
    if _PLAN.search(heading):
        return SectionKind.plan
    return None


def _kind_from_content(text: str) -> SectionKind | None:
    past = len(_PAST_CUES.findall(text))
    future = len(_FUTURE_CUES.findall(text))
    if past == future or past + future < 2:
        return None
    return SectionKind.review if past > future else SectionKind.plan


def _line_starts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        spans.append((pos, pos + len(content)))
        pos += len(line)
    return spans


def split_sections(text: str) -> list[Section]:
    """Sections tiling ``text`` from 0 to len(text), in order."""
    heads: list[tuple[int, int, str]] = []  # (offset, level, heading)
    for start, end in _line_starts(text):
        line = text[start:end]
        level = heading_level(line)
        if level is None:
            continue
        lead = len(line) - len(line.lstrip())
        heads.append((start + lead, level, _heading_text(line)))

    sections: list[Section] = []
    bounds = [(0, 0, "")] if not heads or heads[0][0] > 0 else []
    bounds += heads
    stack: list[tuple[int, str, SectionKind | None, int | None]] = []  # level, heading, kind, year
    for i, (start, level, heading) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        while stack and stack[-1][0] >= level:
            stack.pop()
        own_kind = _kind_of(heading) if level else None
        m = _YEAR.search(heading)
        own_year = int(m.group(1)) if m and level in PART_LEVELS else None
        parent_kind = next((k for _, _, k, _ in reversed(stack) if k is not None), None)
        parent_year = next((y for _, _, _, y in reversed(stack) if y is not None), None)
        if level:
            stack.append((level, heading, own_kind, own_year))
        if own_kind is not None:
            kind, source = own_kind, "heading"
        elif parent_kind is not None:
            kind, source = parent_kind, "parent"
        else:
            guessed = _kind_from_content(text[start:end])
            kind, source = (guessed, "content") if guessed else (SectionKind.other, "none")
        path = tuple(h for _, h, _, _ in stack) if level else ()
        sections.append(
            Section(
                start=start,
                end=end,
                level=level,
                heading=heading if level else "",
                path=path,
                kind=kind,
                kind_source=source,
                year=own_year if own_year is not None else parent_year,
            )
        )
    if not sections:
        sections.append(
            Section(start=0, end=len(text), level=0, heading="", path=(), kind=SectionKind.other, kind_source="none")
        )
    return sections


def section_at(sections: list[Section], offset: int) -> Section:
    """The section holding ``offset`` (binary search over the tiling)."""
    lo, hi = 0, len(sections) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sections[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return sections[lo]
