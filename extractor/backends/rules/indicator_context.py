"""Whose figure, which year, result or goal: the context around an indicator.

The section a chunk sits in says most (工作回顾 → actual, 预期目标/工作安排 →
target); cue words in the sentence decide where the section does not, and an
explicit year in the sentence beats both.  Years come from the report's own
meta (its headings and dates), never from anything outside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...meta import suffix_char
from ...schema import Period, ReportMeta
from ...sections import SectionKind

_FUTURE = re.compile(r"预期目标|主要目标|目标是|力争|确保|争取|今年|明年|计划|努力实现|(?<!主)要(?:实现|达到|确保)|将(?!近)")
_PAST = re.compile(r"过去一年|一年来|去年|上年|同比|比上年|较上年|实现了|完成了|达到了|预计")
# Time expressions; the last one before a figure says when it is.
_WHEN = re.compile(
    r"(?P<pre>比|较|与|同|到|至|是|由|从)?(?P<year>(?:19|20)\d{2}) ?年(?P<post>以来|前|底|末|初)?"
    r"|(?<![比较同与])(?P<word>去年|过去一年|上年度|今年|明年)"
)
# Sentences about several years or part of one: five-year reviews, plan
# periods, quarters, month ranges.  Only annual figures are indicator facts.
# Asked only whether it occurs, so every branch opens on a literal (what
# precedes 季 and 月 is looked behind): the engine then skips ahead to the
# few characters that can open one instead of trying every position.
_MULTI_YEAR = re.compile(
    r"五年来|过去五年|五年间|五年累计|近五年|这五年|十[二三四五]五(?:[”\"○]?(?:期间|时期|以来|累计)|末)|"
    r"季(?<=[一二三四1-4]季)度|上半年|下半年|月(?<=\d[-—至]\d月)|月(?<=\d[-—至]\d\d月)"
)
_OTHER_SCOPE = re.compile(r"全国|国内|全(?P<kind>地区|州|市|区|县|省|盟|旗)")
# Words that may lead a whole-region mention in its clause: the region's
# own name for itself, time words, and the verbs and adverbs of the genre.
# Anything else ("X县", "牧区", "招商引资") makes the figure a part's.
_LEAD_WORDS = re.compile(
    r"(?:[全我本](?:地区|州|市|区|县|省|盟|旗)|(?:19|20)\d{2}年度?|全年|今年|去年|当年|年内|本年度|年度|"
    r"预计|预期|实现|完成|力争|确保|争取|推动|带动|促进|保持|努力|力求|计划|目标|使|让|推进|全力|着力|"
    r"其中|同时|此外|另外|我们|是|为|将|要|和|及|与|以及|共|总计|合计|了|的|○|[“”\"\s])+"
)
# A goal or result set out as a list item: "——", "1.", "（2）", "③".
_LIST_MARK = re.compile(r"^\s*(?:[—－\-]+|\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}是)")
# "主要预期目标是：" opens a list of goals wherever the headings put it.
_GOALS_LIST = re.compile(r"(?:预期目标|主要目标)(?:任务)?(?:是|为|[:：])")
# "…经济社会发展主要预期目标是地区生产总值…": the list of goals opens here.
_GOALS_OPEN = re.compile(r"(?:目标|指标)(?:任务)?(?:是|为)$")


@dataclass(frozen=True, slots=True)
class Timing:
    period: Period
    year: int | None


def self_kinds(meta: ReportMeta) -> frozenset[str]:
    """The 全X words that mean the reporting region itself (全州, 全市 ...)."""
    return _self_kinds(meta.region)


@lru_cache(maxsize=256)  # asked once per chunk, of a handful of region names
def _self_kinds(region: str | None) -> frozenset[str]:
    if not region:
        return frozenset()
    kind = suffix_char(region)
    # A 地区 also calls itself 全区 at times.
    return frozenset({kind, "区"}) if kind == "地区" else frozenset({kind})


def whole_region(prefix: str, own: frozenset[str], names: tuple[str, ...] = ()) -> bool:
    """True when the words leading a mention leave it the whole region's figure.

    ``prefix`` runs from the clause start to the mention.  "全州"/"我市" or
    the name of the reporting region pass; another scope (全国, 全省 in a
    prefecture) and a leading place or sector noun ("X县", "牧区", "园区")
    do not.
    """
    prefix = _LIST_MARK.sub("", prefix)
    for name in names:
        prefix = prefix.replace(name, "")
    for m in _OTHER_SCOPE.finditer(prefix):
        kind = m.group("kind")
        if kind is None or (own and kind not in own):
            return False
    return not prefix or _LEAD_WORDS.fullmatch(prefix) is not None or _GOALS_OPEN.search(prefix) is not None


def multi_year(text: str) -> bool:
    return _MULTI_YEAR.search(text) is not None


@lru_cache(maxsize=1024)  # asked once per chunk, of a report's few headings
def multi_year_heading(heading: str) -> bool:
    """A heading over several years ("“十四五”时期工作回顾", "过去五年工作回顾")."""
    return multi_year(heading) or "五年" in heading


def timing(before: str, section_kind: SectionKind, section_year: int | None, meta: ReportMeta) -> Timing | None:
    """Period and year of a figure; ``before`` is its sentence up to the figure.

    None when the sentence ties the figure to a year that is neither the
    review nor the plan year (a target for 2025 in a 2023 plan).
    """
    review, plan = meta.review_year, meta.plan_year
    explicit = None
    relative = None
    for m in _WHEN.finditer(before):
        word = m.group("word")
        if word is not None:
            relative = word
            explicit = None
            continue
        if m.group("pre") in ("比", "较", "与", "同", "是", "由", "从") or m.group("post") in ("以来", "前"):
            continue  # a base ("比2022年", "由2025年的…", "是2025年的2倍"), not the figure's year
        explicit, relative = int(m.group("year")), None
    if explicit is not None:
        if explicit == review:
            return Timing(Period.actual, explicit)
        if explicit == plan:
            return Timing(Period.target, explicit)
        if review is not None or plan is not None:
            return None
    if relative in ("去年", "过去一年", "上年度"):
        return Timing(Period.actual, review if review is not None else (plan - 1 if plan is not None else None))
    if relative in ("今年", "明年") and section_kind is not SectionKind.review:
        return Timing(Period.target, plan if plan is not None else (review + 1 if review is not None else None))

    if section_kind is SectionKind.review:
        # A goal list left inside the review by its headings still sets goals.
        period = Period.target if _GOALS_LIST.search(before) else Period.actual
    elif section_kind in (SectionKind.targets, SectionKind.plan):
        period = Period.target
    else:
        future = len(_FUTURE.findall(before))
        past = len(_PAST.findall(before))
        period = Period.target if future > past else Period.actual

    if explicit is not None:
        return Timing(period, explicit)
    if period is Period.actual:
        year = review if review is not None else (plan - 1 if plan is not None else None)
    else:
        year = plan if plan is not None else (review + 1 if review is not None else None)
    if year is None and section_year is not None:
        year = section_year
    return Timing(period, year)


def estimated(before: str) -> bool:
    """The sentence marks its figures as estimates ("预计…", "（预计数）")."""
    return "预计" in before
