"""Who and what each figure of a sentence is about: subject, verb, lists.

One :class:`Slot` per measured figure of a sentence; :func:`read_sentence`
fills in its subject and governing verb from the phrase shapes
item_phrases.py reads, pairs "分别" lists with their figures in order,
gives "均"/"各" lists and lists of rates one subject per member, and lets a
figure without a subject of its own take the one before it ("实现产值320亿元、
增长19%").  Deciding whether a slot is an item at all is item_filters.py's job.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .figures import Figure
from .item_phrases import (
    VERB_RE,
    clean_subject,
    distribute_head,
    find_verb,
    inner_measure,
    is_modifier,
    right_phrase,
    split_members,
    strip_leading,
    strip_trailing,
    verb_chain,
    verbs_in,
)
from .lexicon_items import MONEY_NOUNS, WEAK_VERBS

_CLAUSE_BREAK_RE = re.compile(r"[，,：:；;]")
_LIST_GAP = re.compile(r"[、和及与,， ]*")
_BUNDLE = re.compile(r"分别|依次")
_EACH = re.compile(r"均|各")
_GROWTH_VERBS = ("增长", "下降", "降低", "减少", "增加", "提高", "提升")
_FALLING = ("下降", "降低", "减少")
_GROWTH_NOUN_SET = frozenset(("增幅", "增速", "增长率", "涨幅", "降幅", "同比增长", "增长"))
_MONEY_VERBS = ("投资", "投入", "安排", "统筹", "筹措", "争取")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_growth_noun(subject: str) -> bool:
    """The subject only names a change ("增幅"); like ^…$, a final newline is allowed."""
    return subject in _GROWTH_NOUN_SET or subject[-1:] == "\n" and subject[:-1] in _GROWTH_NOUN_SET


@dataclass(slots=True)
class Slot:
    """One figure of a sentence and what has been read about it (offsets in the chunk)."""

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
    # Tuples by default: two lists built for every figure cost more than the
    # few lists a 均 or 分别 reading assigns.
    extra: Sequence[tuple[str, tuple[int, int]]] = ()  # 均 lists
    source: "Slot | None" = None  # the figure whose subject this one took
    group: Sequence["Slot"] = ()  # the other members of its 分别 list


def read_sentence(text: str, s: int, e: int, figures: list[Figure], claims: list[tuple[int, int]]) -> list[Slot]:
    """Slots of the figures of text[s:e], read; ``claims`` are the indicator layer's figures."""
    slots = _slots(text, s, e, figures, claims)
    _SentenceReader(text, s, e, slots).read()
    return slots


def _slots(text: str, s: int, e: int, figs: list[Figure], claims: list[tuple[int, int]]) -> list[Slot]:
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(text, s, e)]
    slots: list[Slot] = []
    # Only the claims that reach into this sentence's figures are worth testing per figure.
    if claims and figs:
        # Figures come in text order and never overlap: the first opens, the last closes.
        lo, hi = figs[0].num_start, figs[-1].unit_end
        claims = [(a, b) for a, b in claims if a < hi and lo < b]
    for f in figs:
        k = bisect_left(breaks, f.start)
        clause_lo = breaks[k - 1] + 1 if k > 0 else s
        k = bisect_left(breaks, f.end)
        clause_hi = breaks[k] if k < len(breaks) else e
        slot = Slot(f, clause_lo, clause_hi, clause_lo)
        if claims:
            slot.claimed = any(a < f.unit_end and f.num_start < b for a, b in claims)
        slots.append(slot)
    # A figure that qualifies a noun counted by a later figure of the same
    # clause is a threshold ("收入10万元以上的村达860个"), not an item.
    for i, slot in enumerate(slots):
        f = slot.fig
        later = i + 1 < len(slots) and slots[i + 1].clause_lo == slot.clause_lo
        if later and f.qualifier.value != "exact" and _qualifies_noun(text, f.end, slot.clause_hi):
            slot.skip = "threshold"
    prev: Slot | None = None
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

    def __init__(self, text: str, s: int, e: int, slots: list[Slot]) -> None:
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
        if ohi > olo:  # "分别完成上级下达任务的121.4%、108.9%": one shared object
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
        # "产值9.8亿元，分别增长36.5%、22.1%": pair with the figures before.
        before = [x for x in self.slots if x.fig.end <= run[0].clause_lo]
        if len(before) >= len(run):
            for x, src in zip(run, before[-len(run) :]):
                if not src.resolved:
                    self._resolve(self.slots.index(src), src)
                self._set(x, src.subject, src.subject_span, action)
                x.source = src

    def _set(self, slot: Slot, subject: str, span: tuple[int, int] | None, action: tuple[int, int] | None) -> None:
        slot.subject, slot.subject_span, slot.action, slot.resolved = subject, span, action, True
        self._sign(slot)

    def _sign(self, slot: Slot) -> None:
        if slot.action is None or slot.fig.unit != "%":
            return
        verb = self.text[slot.action[0] : slot.action[1]]
        after = self.text[slot.action[1] : slot.action[1] + 1]
        if verb.endswith(_FALLING) and after not in ("至", "到", "为"):
            slot.value_sign = -1.0

    # -- one figure ------------------------------------------------------
    def _resolve(self, i: int, slot: Slot, window: tuple[int, int] | None = None) -> None:
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
        if not slot.subject or _is_growth_noun(slot.subject):
            adjacent = prev is not None and prev.clause_lo == slot.clause_lo
            if adjacent:
                # Nothing but a list break between the two: "15条、45公里".
                prev_end = max(prev.fig.end, prev.subject_span[1] if prev.subject_span else 0)
                adjacent = prev_end <= f.start and _LIST_GAP.fullmatch(text, prev_end, f.start) is not None
            self._fallback(slot, prev, adjacent)
        self._sign(slot)

    def _right(self, slot: Slot, nxt: Slot | None, lo: int, hi: int) -> bool:
        """Subject read after the figure: "42个课题", "3个总装机60万千瓦的风电项目"."""
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
                # "3个总装机60万千瓦的风电项目" / "6个县总装机超500万千瓦的风电项目"
                tail = self._phrase(nxt.fig.end, slot.clause_hi)
                own = (a, cut) if cut > a else tail
                if own is None:
                    return False
                self._take(slot, own, lo, hi)
                nxt.subject, nxt.subject_span, nxt.resolved = text[cut:b], (cut, b), True
                nxt.action = slot.action
                return True
        if text[a:b] == "时间":
            verb = find_verb(text, b, slot.clause_hi)
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

    def _take(self, slot: Slot, span: tuple[int, int], lo: int, hi: int) -> bool:
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
                verb = find_verb(text, b, slot.clause_hi)
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
            # "配套乡村道路完成投资3亿元": 投资 is what 完成 governs.
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

    def _each(self, slot: Slot) -> None:
        """"达标率、覆盖率、满意率均达到100%": one item per rate."""
        if slot.subject_span is None:
            return
        a, b = slot.subject_span
        text = self.text
        members = split_members(text, a, b)
        if len(members) < 2:
            return
        has_each = _EACH.search(text, b, slot.fig.start) is not None
        names = [text[x:y] for x, y in members]
        rates = all(n.endswith(("率", "度")) for n in names[:-1]) and names[-1].endswith(("率", "度"))
        if not (has_each or rates):
            return
        names = distribute_head(names)
        slot.subject = names[0]
        slot.extra = [(n, (a, b)) for n in names[1:]]

    def _fallback(self, slot: Slot, prev: Slot | None, adjacent: bool) -> None:
        text, f = self.text, slot.fig
        verb = text[slot.action[0] : slot.action[1]] if slot.action else ""
        if prev is not None and prev.subject and (
            adjacent
            or (verb.endswith(_GROWTH_VERBS) or _is_growth_noun(slot.subject)) and f.unit == "%"
            or prev.fig.unit == f.unit and not prev.fallback
            or verb == "占"
        ):
            slot.subject, slot.subject_span, slot.source = prev.subject, prev.subject_span, prev
            if slot.action is None:
                slot.action = prev.action
            return
        if text.startswith("用于", f.end) and not slot.subject:
            # "安排5亿元用于县域经济发展": the money is for what follows.
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
