"""Quantified items (GUIDELINES.md, second layer) by reading each sentence.

Every measured figure (figures.py) that the indicator layer did not claim
becomes an item, unless it only compares the region with others, sets a
threshold inside a noun phrase ("收入5万元以上的村"), is a multi-year rate or
belongs to an indicator.  Its subject and governing verb come from the
phrase shapes item_phrases.py reads; "分别" lists pair their members with
the figures in order, and "均" lists of rates give one item per member.
Status comes from the section (review → achieved, targets/plan → planned),
corrected by tense cues in the clause (计划, 力争 / 已, 去年).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ...chunking import Chunk, sentence_spans
from ...schema import AdminLevel, QuantifiedItem, Sector, Status
from ...sections import SectionKind
from ..base import DocContext
from .figures import Figure, scan_figures
from .item_phrases import (
    VERB_RE,
    clean_subject,
    distribute_head,
    inner_measure,
    is_modifier,
    right_phrase,
    split_members,
    strip_leading,
    strip_trailing,
    verb_chain,
    verbs_in,
)
from .lexicon_items import (
    ACHIEVED_CUES,
    ADVERBS,
    INDICATOR_NAMES,
    MONEY_NOUNS,
    PLANNED_CUES,
    REGION_SCOPES,
    WEAK_VERBS,
)
from .lexicon_sectors import classify_sector

_CLAUSE_BREAK_RE = re.compile(r"[，,：:；;]")
_LIST_GAP = re.compile(r"[、和及与,， ]*")
_BUNDLE = re.compile(r"分别|依次")
_EACH = re.compile(r"均|各")
_GROWTH_VERBS = ("增长", "下降", "降低", "减少", "增加", "提高", "提升")
_FALLING = ("下降", "降低", "减少")
_GROWTH_NOUNS = re.compile(r"^(?:增幅|增速|增长率|涨幅|降幅|同比增长|增长)$")
_MONEY_VERBS = ("投资", "投入", "安排", "统筹", "筹措", "争取")
_MULTI_YEAR = re.compile(r"年均|十[一二三四五六七八九]五|五年来|五年间|以来")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MEDALS = re.compile(r"(?P<g>\d+)金(?P<s>\d+)银(?:(?P<b>\d+)铜)?")
_MEDAL_VERB = re.compile(r"(?:荣获|获得|夺得|斩获)$")
_GLOSSARY = re.compile(r"名词解释")
_PLAN_VERB = re.compile(r"(?<![年度作动超])计划(?![的内中])")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
# Page furniture of compiled PDFs ("…汇编31篇(第73/88页)").
_PAGE_MARK = re.compile(r"第\s*\d+\s*(?:/\s*\d+\s*)?页")
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
_INDICATOR_ALT = "|".join(sorted((re.escape(n) for n in INDICATOR_NAMES), key=len, reverse=True))
# An indicator's name opening a subject ("地区生产总值突破“五百亿”"), after
# scope words and adverbs; what follows must not make it a share or a rate
# of something else.
_OPENING = "|".join(REGION_SCOPES + ADVERBS + ("、", "，", ",", " ", "城镇"))
_INDICATOR_HEAD = re.compile(rf"^(?:{_OPENING})*(?:{_INDICATOR_ALT})(?![^，,]*(?:占|比重|率|、))")
# An indicator's name as all the words before a figure ("城镇新增就业7000人",
# "城镇登记失业率控制在2.82%").
_INDICATOR_TAIL = re.compile(
    rf"^(?:{_OPENING})*(?:{_INDICATOR_ALT})(?:同比|全年|预计)?(?:{_PREDICATES})?[在到至为]? ?[“\"]?$"
)


@dataclass
class _Slot:
    fig: Figure
    clause_lo: int
    clause_hi: int
    left_lo: int
    claimed: bool = False
    skip: str | None = None
    action: tuple[int, int] | None = None
    subject: str = ""
    subject_span: tuple[int, int] | None = None
    fallback: bool = False  # subject is the verb itself ("存栏163.5万头")
    resolved: bool = False
    value_sign: float = 1.0
    extra: list[tuple[str, tuple[int, int]]] = field(default_factory=list)  # 均 lists
    source: "_Slot | None" = None  # the figure whose subject this one took
    group: list["_Slot"] = field(default_factory=list)  # the other members of its 分别 list


def extract_items(chunk: Chunk, context: DocContext, claimed: list[tuple[int, int]]) -> list[QuantifiedItem]:
    text = chunk.text
    if any(_GLOSSARY.search(h) for h in chunk.section_path):
        return []
    glossary = _GLOSSARY.search(text)
    stop = glossary.start() if glossary else len(text)
    rel_claims = [(a - chunk.start, b - chunk.start) for a, b in claimed]
    figures = [f for f in scan_figures(text[:stop]) if f.measured]
    base_status = _base_status(chunk)
    compare_re = _COMPARE.get(context.meta.admin_level, _COMPARE[None])

    items: list[QuantifiedItem] = []
    fi = 0
    for s, e in sentence_spans(text, 0, stop):
        sentence_figs = []
        while fi < len(figures) and figures[fi].num_start < e:
            if figures[fi].num_start >= s:
                sentence_figs.append(figures[fi])
            fi += 1
        if not sentence_figs or _PAGE_MARK.search(text, s, e):
            continue
        slots = _slots(text, s, e, sentence_figs, rel_claims)
        reader = _SentenceReader(text, s, e, slots)
        reader.read()
        for slot in slots:
            if slot.claimed or slot.skip:
                continue
            items.extend(_items_of(slot, text, s, chunk, base_status, compare_re))
    items.extend(_medals(text[:stop], chunk, base_status))
    return items


def _base_status(chunk: Chunk) -> Status:
    if chunk.section_kind is SectionKind.review:
        return Status.achieved
    if chunk.section_kind in (SectionKind.targets, SectionKind.plan):
        return Status.planned
    past = len(_PAST_CUES.findall(chunk.text))
    future = len(_FUTURE_CUES.findall(chunk.text))
    return Status.achieved if past > future else Status.planned


def _slots(text: str, s: int, e: int, figs: list[Figure], claims: list[tuple[int, int]]) -> list[_Slot]:
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(text, s, e)]
    slots: list[_Slot] = []
    for f in figs:
        k = bisect_left(breaks, f.start)
        clause_lo = breaks[k - 1] + 1 if k > 0 else s
        k = bisect_left(breaks, f.end)
        clause_hi = breaks[k] if k < len(breaks) else e
        slot = _Slot(f, clause_lo, clause_hi, clause_lo)
        slot.claimed = any(a < f.unit_end and f.num_start < b for a, b in claims)
        slots.append(slot)
    # A figure that qualifies a noun counted by a later figure of the same
    # clause is a threshold ("收入5万元以上的村达1250个"), not an item.
    for i, slot in enumerate(slots):
        f = slot.fig
        later = [o for o in slots[i + 1 :] if o.clause_lo == slot.clause_lo]
        if later and f.qualifier.value != "exact" and _qualifies_noun(text, f.end, slot.clause_hi):
            slot.skip = "threshold"
    prev: _Slot | None = None
    for slot in slots:
        if slot.skip:
            continue
        if prev is not None and prev.clause_lo == slot.clause_lo:
            slot.left_lo = max(slot.clause_lo, prev.fig.end)
        prev = slot
    return slots


def _qualifies_noun(text: str, pos: int, hi: int) -> bool:
    """True when a noun follows ``pos`` ("5万元以上的村", "超亿元企业")."""
    if pos < hi and text[pos] == "的":
        pos += 1
    if pos >= hi or not _CJK.match(text, pos) or text[pos] in "和及与":
        return False
    return VERB_RE.match(text, pos, hi) is None


class _SentenceReader:
    """Subjects and verbs of every figure of one sentence."""

    def __init__(self, text: str, s: int, e: int, slots: list[_Slot]) -> None:
        self.text, self.s, self.e = text, s, e
        self.slots = [x for x in slots if not x.skip]
        self.starts = frozenset(x.fig.start for x in self.slots)

    def read(self) -> None:
        for m in _BUNDLE.finditer(self.text, self.s, self.e):
            self._bundle(m.start(), m.end())
        for i, slot in enumerate(self.slots):
            if not slot.resolved:
                self._resolve(i, slot)

    # -- 分别 lists -------------------------------------------------------
    def _bundle(self, p: int, q: int) -> None:
        text = self.text
        group = [x for x in self.slots if x.fig.start > p and x.clause_lo <= p < x.clause_hi]
        run = group[:1]
        for nxt in group[1:]:
            gap = _LIST_GAP.fullmatch(text, run[-1].fig.end, nxt.fig.start)
            if gap is None:
                break
            run.append(nxt)
        if len(run) < 2:
            return
        verb = VERB_RE.match(text, q, run[0].fig.start)
        action = (verb.start(), verb.end()) if verb else None
        after = verb.end() if verb else q
        olo, ohi = clean_subject(text, after, run[0].fig.start)
        if ohi > olo:  # "分别完成自治区下达任务的137.5%、161.4%": one shared object
            for x in run:
                self._set(x, text[olo:ohi], (olo, ohi), action)
            return
        left_lo = run[0].left_lo
        for x in self.slots:
            if x.fig.end <= p and x.clause_lo == run[0].clause_lo:
                left_lo = max(left_lo, x.fig.end)
        lo = strip_leading(text, left_lo, p)
        chain = verb_chain(text, lo, p)
        if chain is not None:
            lo = chain[1]
        lo, hi = clean_subject(text, lo, p)
        if hi > lo:
            members = split_members(text, lo, hi)
            names = distribute_head([text[a:b] for a, b in members])
            if len(members) != len(run):
                names = [text[lo:hi]] * len(run)
            for x, name in zip(run, names):
                self._set(x, name, (lo, hi), action)
                x.group = [y for y in run if y is not x]
            return
        # "产值15.2亿元，分别增长90.7%、81.8%": pair with the figures before.
        before = [x for x in self.slots if x.fig.end <= run[0].clause_lo]
        if len(before) >= len(run):
            for x, src in zip(run, before[-len(run) :]):
                if not src.resolved:
                    self._resolve(self.slots.index(src), src)
                self._set(x, src.subject, src.subject_span, action)
                x.source = src

    def _set(self, slot: _Slot, subject: str, span: tuple[int, int] | None, action: tuple[int, int] | None) -> None:
        slot.subject, slot.subject_span, slot.action, slot.resolved = subject, span, action, True
        self._sign(slot)

    def _sign(self, slot: _Slot) -> None:
        if slot.action is None or slot.fig.unit != "%":
            return
        verb = self.text[slot.action[0] : slot.action[1]]
        after = self.text[slot.action[1] : slot.action[1] + 1]
        if verb.endswith(_FALLING) and after not in ("至", "到", "为"):
            slot.value_sign = -1.0

    # -- one figure ------------------------------------------------------
    def _resolve(self, i: int, slot: _Slot, window: tuple[int, int] | None = None) -> None:
        text, f = self.text, slot.fig
        slot.resolved = True
        prev = self.slots[i - 1] if i > 0 else None
        nxt = self.slots[i + 1] if i + 1 < len(self.slots) else None
        lo, hi = window or (slot.left_lo, f.start)
        lo = strip_leading(text, lo, hi)
        if f.range_part == 1 and nxt is not None and nxt.fig.range_part == 2:
            # "新增1—2个示范村": both ends read like the high end, with the
            # phrase before the low end.
            self._resolve(i + 1, nxt, (lo, hi))
            slot.subject, slot.subject_span, slot.action = nxt.subject, nxt.subject_span, nxt.action
            slot.fallback, slot.source = nxt.fallback, nxt
            self._sign(slot)
            return

        if self._right(slot, nxt, lo, hi):
            if nxt is not None and slot.subject_span and nxt.clause_lo == slot.clause_lo:
                # What this figure counted is not the next figure's subject.
                nxt.left_lo = min(max(nxt.left_lo, slot.subject_span[1]), nxt.fig.start)
            self._sign(slot)
            return
        chain = verb_chain(text, lo, hi)
        if chain is not None:
            slot.action = chain
            slo, shi = clean_subject(text, chain[1], hi)
            # "占一般公共预算支出的78%" is a share of the figure before, not of
            # what follows 占.
            if shi > slo and not (text[chain[0] : chain[1]] == "占" and f.unit == "%"):
                slot.subject, slot.subject_span = text[slo:shi], (slo, shi)
        else:
            verb = self._predicate(lo, hi)
            if verb is not None:
                slot.action = verb
                slo, shi = clean_subject(text, verb[1], hi)
                if shi <= slo and not text.startswith("用于", f.end):
                    # Subject, verb, figure ("红酒产值达2亿元"); an amount "用于"
                    # something is about that something, not its payer.
                    slo, shi = clean_subject(text, lo, verb[0])
                    inner = verb_chain(text, slo, shi)
                    if inner is not None and inner[1] < shi:
                        slo, shi = clean_subject(text, inner[1], shi)
                if shi > slo:
                    slot.subject, slot.subject_span = text[slo:shi], (slo, shi)
                if text[verb[0] : verb[1]] == "占" and f.unit == "%":
                    slo, shi = clean_subject(text, lo, verb[0])
                    if shi > slo:
                        slot.subject, slot.subject_span = text[slo:shi], (slo, shi)
            else:
                slo, shi = clean_subject(text, lo, hi)
                if shi > slo:
                    slot.subject, slot.subject_span = text[slo:shi], (slo, shi)
                if prev is not None and prev.clause_lo == slot.clause_lo:
                    slot.action = prev.action
        self._each(slot)
        if not slot.subject or _GROWTH_NOUNS.match(slot.subject):
            adjacent = prev is not None and prev.clause_lo == slot.clause_lo
            if adjacent:
                # Nothing but a list break between the two: "15条、45公里".
                prev_end = max(prev.fig.end, prev.subject_span[1] if prev.subject_span else 0)
                adjacent = prev_end <= f.start and _LIST_GAP.fullmatch(text, prev_end, f.start) is not None
            self._fallback(slot, prev, adjacent)
        self._sign(slot)

    def _right(self, slot: _Slot, nxt: _Slot | None, lo: int, hi: int) -> bool:
        """Subject read after the figure: "68个课题", "5个总装机180万千瓦的光伏项目"."""
        text, f = self.text, slot.fig
        pos = f.end
        paired = nxt is not None and nxt.clause_lo == slot.clause_lo and not nxt.resolved
        if paired and nxt.fig.start == pos:
            # "5个770万千瓦抽蓄电站": both count what follows the second.
            span = self._phrase(nxt.fig.end, slot.clause_hi)
            if span is None:
                return False
            self._take(slot, span, lo, hi)
            self._take(nxt, span, nxt.fig.start, nxt.fig.start)
            nxt.action = slot.action
            return True
        span = self._phrase(pos, slot.clause_hi, money=f.unit.endswith("元"))
        if span is None:
            return False
        a, b = span
        if paired and nxt.fig.start - b <= 1:
            cut = inner_measure(text, a, b)
            if cut is not None:
                # "5个总装机180万千瓦的光伏项目" / "10个县总装机超1000万千瓦的光伏项目"
                tail = self._phrase(nxt.fig.end, slot.clause_hi)
                own = (a, cut) if cut > a else tail
                if own is None:
                    return False
                self._take(slot, own, lo, hi)
                nxt.subject, nxt.subject_span, nxt.resolved = text[cut:b], (cut, b), True
                nxt.action = slot.action
                return True
        if text[a:b] == "时间":
            verb = VERB_RE.search(text, b, slot.clause_hi)
            inner = self._phrase(verb.end(), slot.clause_hi) if verb else None
            if inner is None:
                return False
            slot.action = (verb.start(), verb.end())
            span = inner
        return self._take(slot, span, lo, hi)

    def _phrase(self, pos: int, hi: int, money: bool = False) -> tuple[int, int] | None:
        span = right_phrase(self.text, pos, hi, self.starts)
        # An amount of money is not followed by what it counts: in "资金3亿元
        # 实施项目" the words after it are the next action, even "实施项目".
        if span is not None and money and VERB_RE.match(self.text, span[0], hi):
            return None
        return span

    def _take(self, slot: _Slot, span: tuple[int, int], lo: int, hi: int) -> bool:
        text = self.text
        a, b = clean_subject(text, *span)
        if b <= a:
            return False
        slot.subject, slot.subject_span = text[a:b], (a, b)
        if slot.action is None:
            chain = verb_chain(text, lo, hi) if hi > lo else None
            if chain is not None:
                slot.action = chain
            else:
                verb = VERB_RE.search(text, b, slot.clause_hi)
                if verb is not None:
                    slot.action = (verb.start(), verb.end())
        return True

    def _predicate(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The verb of "subject verb figure", or a governing verb inside the phrase."""
        text = self.text
        end = strip_trailing(text, lo, hi)
        best = None
        for m in verbs_in(text, lo, hi):
            if m.group() in WEAK_VERBS and m.end() < end or is_modifier(text, m.end(), hi):
                continue
            if m.group() == "占" and text.startswith("比", m.end()):
                continue  # "占比" is a share, a noun
            best = m
        if best is None:
            return None
        if best.group() in MONEY_NOUNS:
            # "配套农村公路完成投资2亿元": 投资 is what 完成 governs.
            for m in verbs_in(text, max(lo, best.start() - 4), best.start()):
                if m.end() == best.start():
                    return m.start(), m.end()
            return None
        start = best.start()
        # "报审", "开工建设": a verb right before the predicate joins it.
        for m in verbs_in(text, max(lo, start - 4), start):
            if m.end() == start and m.group() not in WEAK_VERBS:
                start = m.start()
        return start, best.end()

    def _each(self, slot: _Slot) -> None:
        """"办复率、满意率、见面率均达到100%": one item per rate."""
        if slot.subject_span is None:
            return
        a, b = slot.subject_span
        text = self.text
        has_each = _EACH.search(text, b, slot.fig.start) is not None
        members = split_members(text, a, b)
        if len(members) < 2:
            return
        names = [text[x:y] for x, y in members]
        rates = all(n.endswith(("率", "度")) for n in names[:-1]) and names[-1].endswith(("率", "度"))
        if not (has_each or rates):
            return
        names = distribute_head(names)
        slot.subject = names[0]
        slot.extra = [(n, (a, b)) for n in names[1:]]

    def _fallback(self, slot: _Slot, prev: _Slot | None, adjacent: bool) -> None:
        text, f = self.text, slot.fig
        verb = text[slot.action[0] : slot.action[1]] if slot.action else ""
        if prev is not None and prev.subject and (
            adjacent
            or (verb.endswith(_GROWTH_VERBS) or _GROWTH_NOUNS.match(slot.subject)) and f.unit == "%"
            or prev.fig.unit == f.unit and not prev.fallback
            or verb == "占"
        ):
            slot.subject, slot.subject_span, slot.source = prev.subject, prev.subject_span, prev
            if slot.action is None:
                slot.action = prev.action
            return
        if text.startswith("用于", f.end) and not slot.subject:
            # "安排2亿元用于欠发达县域发展": the money is for what follows.
            span = right_phrase(text, f.end + 2, slot.clause_hi, self.starts)
            if span is not None:
                a, b = clean_subject(text, *span)
                if b > a:
                    slot.subject, slot.subject_span = text[a:b], (a, b)
                    return
        gap = f.end
        while gap < self.e and text[gap] in "、，, ":
            gap += 1
        if verb.endswith(_MONEY_VERBS) and f.unit.endswith("元") and gap > f.end:
            nxt_lo = strip_leading(text, gap, self.e)
            chain = verb_chain(text, nxt_lo, self.e)
            if chain is not None:
                end = chain[1]
                while end < self.e and text[end] not in "，,。；;" and not text[end].isdigit():
                    end += 1
                a, b = clean_subject(text, chain[1], end)
                if b > a:
                    slot.subject, slot.subject_span = text[a:b], (a, b)
                    return
        if slot.subject:
            return
        if slot.action is not None:
            slot.subject, slot.subject_span, slot.fallback = verb, slot.action, True


def _status(text: str, slot: _Slot, base: Status) -> Status:
    before = text[slot.clause_lo : slot.fig.start]
    if base is Status.achieved and (any(c in before for c in PLANNED_CUES) or _PLAN_VERB.search(before)):
        return Status.planned
    if base is Status.planned and any(c in before for c in ACHIEVED_CUES):
        return Status.achieved
    return base


def _is_indicator(slot: _Slot, text: str) -> bool:
    """True when the figure, or one it took its subject from, is an indicator's.

    Indicator figures are the indicator layer's to claim; this keeps them out
    of the items when that layer passed them by (a target in the work plan,
    a wording it does not read).
    """
    if _INDICATOR_TAIL.match(text[slot.left_lo : slot.fig.start]):
        return True
    seen = 0
    nodes = [slot, *slot.group]
    while nodes and seen < 8:
        node = nodes.pop()
        action = text[node.action[0] : node.action[1]] if node.action else ""
        names = [node.subject, action + node.subject]
        if node.subject_span:
            names.append(text[node.subject_span[0] : node.subject_span[1]])
        if any(_INDICATOR_HEAD.match(n) for n in names):
            return True
        if node.source is not None:
            nodes.append(node.source)
        seen += 1
    return False


def _items_of(
    slot: _Slot, text: str, s: int, chunk: Chunk, base: Status, compare_re: re.Pattern[str]
) -> list[QuantifiedItem]:
    f = slot.fig
    before = text[slot.clause_lo : f.start]
    action = text[slot.action[0] : slot.action[1]] if slot.action else ""
    if compare_re.search(before[-12:]) or _BEYOND_PLAN.search(before[-6:]):
        return []
    if f.unit == "%" and _MULTI_YEAR.search(before):
        return []
    if _is_indicator(slot, text):
        return []
    spans = [(f.start, f.end)]
    if slot.subject_span:
        spans.append(slot.subject_span)
    if slot.action:
        spans.append(slot.action)
    start = max(s, min(a for a, _ in spans))
    end = max(b for _, b in spans)
    status = _status(text, slot, base)
    context = text[slot.clause_lo : slot.clause_hi]
    out = []
    for subject in [slot.subject] + [n for n, _ in slot.extra]:
        subject = _FOOTNOTE.sub("", subject)
        out.append(
            QuantifiedItem(
                status=status,
                action=action if not slot.fallback or action else "",
                subject=subject,
                value=f.value * slot.value_sign,
                unit=f.unit,
                qualifier=f.qualifier,
                sector=classify_sector(subject, action + context, chunk.section_path),
                evidence=text[start:end],
                start=chunk.start + start,
                end=chunk.start + end,
            )
        )
    return out


def _medals(text: str, chunk: Chunk, base: Status) -> list[QuantifiedItem]:
    """"荣获3金4银3铜": medals counted as 枚, one item per metal."""
    items = []
    for m in _MEDALS.finditer(text):
        verb = _MEDAL_VERB.search(text, max(0, m.start() - 2), m.start())
        for group, name in (("g", "金牌"), ("s", "银牌"), ("b", "铜牌")):
            if m.group(group) is None:
                continue
            items.append(
                QuantifiedItem(
                    status=base,
                    action=verb.group() if verb else "",
                    subject=name,
                    value=float(m.group(group)),
                    unit="枚",
                    sector=Sector.tourism_culture,
                    evidence=text[verb.start() if verb else m.start() : m.end()],
                    start=chunk.start + (verb.start() if verb else m.start()),
                    end=chunk.start + m.end(),
                )
            )
    return items
