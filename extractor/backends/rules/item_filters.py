"""What is not a quantified item, and whether an item is done or planned.

A figure read by item_reader.py is dropped when it only compares the region
with a larger area ("占全省总量的35%", "高于全省0.6个百分点" is never read
at all), states an excess over a plan, is a multi-year rate, or belongs to
an indicator fact (GUIDELINES.md "What counts").  Status comes from the
section (review → achieved, targets/plan → planned), corrected by tense cues
in the clause (计划, 力争 / 已, 去年).
"""

from __future__ import annotations

import re

from ...chunking import Chunk
from ...schema import AdminLevel, ReportMeta, Status
from ...sections import SectionKind
from .item_reader import Slot
from .lexicon_items import ACHIEVED_CUES, ADVERBS, INDICATOR_NAMES, PLANNED_CUES, REGION_SCOPES
from .lexicon_regex import alternation, search_branches

_MULTI_YEAR = re.compile(r"年均|十[一二三四五六七八九]五|五年来|五年间|以来")
# "较2025年增长31%": a change over the years since a base year, annual only
# when the base is the year before the one reviewed.
_BASE_YEAR = re.compile(r"(?:比|较|同)((?:19|20)\d{2}) ?年")
# "是2025年的2.1倍", "是上一个五年的1.6倍": a ratio to a baseline, a comparison.
_RATIO_TO_BASE = re.compile(r"(?:是|为|相当于)[^，,；;。]*?的")
# The look-behind follows the literal so the engine only tries it where 计划 stands.
_PLAN_VERB = r"计划(?<![年度作动超]计划)(?![的内中])"
# One search for any planned cue or 计划 as a verb; one for any achieved cue.
_PLANNED_RE = re.compile(f"{search_branches(PLANNED_CUES)}|{_PLAN_VERB}")
_ACHIEVED_RE = re.compile(alternation(ACHIEVED_CUES))
_PAST_CUES = re.compile(r"过去一年|一年来|去年|取得|实现了|完成了|建成了|累计|同比|较上年|荣获|获评")
_FUTURE_CUES = re.compile(r"今年|力争|确保|计划|全年|将")
_HIGHER_SCOPES = {
    AdminLevel.province: ("全国",),
    AdminLevel.prefecture: ("全国", "全省", "全区", "全自治区"),
    AdminLevel.county: ("全国", "全省", "全区", "全自治区", "全市", "全州", "全盟"),
}
_PREDICATES = "保持|稳定|控制|维持|提高|提升|达到|达|实现|完成|增长|下降|突破"
# "超计划16项": an excess over a plan, not a figure of its own.
_BEYOND_PLAN = re.compile(r"(?:超|超出|超过|比|较)(?:计划|目标|预期|年度计划)[^，,]{0,2}$")
_COMPARE_VERBS = "占|高于|低于|快于|慢于|超过|超出|相当于|优于|居|比|较|位列|位居|排名"
# "占全省新批53%", "高于全国平均": a figure set against a larger area.
# "在全省91个县中排名第一", "在全国占比超过90%": the larger area's own figures.
_COMPARE = {
    level: re.compile(
        rf"(?:{_COMPARE_VERBS})(?:{'|'.join(scopes)})"
        rf"|(?:{'|'.join(scopes)})$"
        rf"|在(?:{'|'.join(scopes)})[^，,]{{0,6}}?(?:占比|排名|中)"
    )
    for level, scopes in [*_HIGHER_SCOPES.items(), (None, ("全国", "全省"))]
}
_INDICATOR_ALT = alternation(INDICATOR_NAMES)
# An indicator's name opening a subject ("地区生产总值突破“五百亿”"), after
# scope words and adverbs; what follows must not make it a share or a rate
# of something else.
# Part of a year ("一季度地区生产总值增长4%"): an indicator's figure all the same,
# neither an annual fact nor an item.
_PART_OF_YEAR = r"第?[一二三四1-4]季度|前三季度|[上下]半年|\d{1,2}[-—至]\d{1,2}月"
_OPENING = "|".join(REGION_SCOPES + ADVERBS + ("、", "，", ",", " ", "城镇", _PART_OF_YEAR))
_INDICATOR_HEAD = re.compile(rf"^(?:{_OPENING})*(?:{_INDICATOR_ALT})(?![^，,]*(?:占|比重|率|、))")
# An indicator's name as all the words before a figure ("城镇新增就业8500人",
# "城镇登记失业率控制在3.1%").
_INDICATOR_TAIL = re.compile(
    rf"^(?:{_OPENING})*(?:{_INDICATOR_ALT})(?:同比|全年|预计)?(?:{_PREDICATES})?[在到至为]? ?[“\"]?$"
)
# Characters either pattern may open with (a digit too, for "1-11月"): most
# subjects open with none, and are answered without a call.
_INDICATOR_FIRST = frozenset(
    w[0] for w in (*REGION_SCOPES, *ADVERBS, *INDICATOR_NAMES, "、", "，", ",", " ", "城", "第", *"一二三四前上下")
)


def _may_open_indicator(text: str, pos: int, end: int) -> bool:
    return pos < end and (text[pos] in _INDICATOR_FIRST or text[pos].isdecimal())


def not_an_item(slot: Slot, text: str, meta: ReportMeta) -> str | None:
    """Why a read figure is not a quantified item, or None when it is one."""
    f = slot.fig
    before = text[slot.clause_lo : f.start]
    if _COMPARE.get(meta.admin_level, _COMPARE[None]).search(before[-12:]):
        return "comparison"
    if f.unit == "倍" and _RATIO_TO_BASE.search(before):
        return "comparison"
    if _BEYOND_PLAN.search(before[-6:]):
        return "excess over a plan"
    if f.unit == "%" and (_MULTI_YEAR.search(before) or _older_base(before, meta.review_year)):
        return "multi-year rate"
    if _is_indicator(slot, text):
        return "indicator"
    return None


def _older_base(before: str, review_year: int | None) -> bool:
    """The clause measures a change from a base year other than the one before the review."""
    m = _BASE_YEAR.search(before)
    return m is not None and review_year is not None and int(m.group(1)) != review_year - 1


def base_status(chunk: Chunk) -> Status:
    """The status a chunk's items have unless a cue in their clause says otherwise."""
    if chunk.section_kind is SectionKind.review:
        return Status.achieved
    if chunk.section_kind in (SectionKind.targets, SectionKind.plan):
        return Status.planned
    past = len(_PAST_CUES.findall(chunk.text))
    future = len(_FUTURE_CUES.findall(chunk.text))
    return Status.achieved if past > future else Status.planned


def status_of(text: str, slot: Slot, base: Status) -> Status:
    """``base`` turned by a tense cue before the figure ("计划总投资", "已建成")."""
    before = text[slot.clause_lo : slot.fig.start]
    if base is Status.achieved and _PLANNED_RE.search(before):
        return Status.planned
    if base is Status.planned and _ACHIEVED_RE.search(before):
        return Status.achieved
    return base


def _is_indicator(slot: Slot, text: str) -> bool:
    """True when the figure, or one it took its subject from, is an indicator's.

    Indicator figures are the indicator layer's to claim; this keeps them out
    of the items when that layer passed them by (a target in the work plan,
    a wording it does not read).
    """
    lo, fs = slot.left_lo, slot.fig.start
    if _may_open_indicator(text, lo, fs) and _INDICATOR_TAIL.match(text[lo:fs]):
        return True
    seen = 0
    nodes = [slot, *slot.group]
    while nodes and seen < 8:
        node = nodes.pop()
        action = text[node.action[0] : node.action[1]] if node.action else ""
        names = {node.subject, action + node.subject}  # a set: most are the same string
        if node.subject_span:
            names.add(text[node.subject_span[0] : node.subject_span[1]])
        for name in names:
            if name and (name[0] in _INDICATOR_FIRST or name[0].isdecimal()) and _INDICATOR_HEAD.match(name):
                return True
        if node.source is not None:
            nodes.append(node.source)
        seen += 1
    return False
