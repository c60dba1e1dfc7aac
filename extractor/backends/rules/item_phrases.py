"""The phrases around a figure: its governing verb and its subject.

Work reports state a quantified item in a few shapes, and these helpers read
each of them with offsets into the chunk text:

- verb, subject, figure: "新建5G基站1700个"
- subject, verb, figure: "红酒产值达2亿元", "光伏项目获批14个"
- figure, subject: "围绕42个课题开展调研", "260名医护人员支援"
- subject, figure: "筛查率94.89%"

All functions take the text and a window (lo, hi) and answer spans, so the
evidence of an item is always a verbatim slice.
"""

from __future__ import annotations

import re

from .lexicon_items import (
    ADVERBS,
    INNER_MEASURES,
    LEADING_NOISE,
    MEASURE_HEADS,
    MONEY_NOUNS,
    NOUN_AFTER_VERB,
    NOUN_SUFFIXES,
    RIGHT_STOPS,
    STRONG_VERBS,
    TRAILING_NOISE,
    WEAK_VERBS,
)
from .lexicon_regex import alternation, first_char_guard, search_branches


# Single-character verbs read only where they are not part of a word:
# 达 is not the 达 of 发达 or 达标.
_SINGLE = {"达": r"(?<![发到通表抵直传送])达(?![标成])", "占": "占"}
_VERB_WORDS = (*STRONG_VERBS, *_SINGLE, "新", "改", "扩", "续")
# Tried at many positions where no verb starts, so it opens on a guard of its first characters.
VERB_RE = re.compile(
    first_char_guard(_VERB_WORDS)
    # "新（扩）建", "改（扩）建": a verb with its variants in brackets.
    + r"(?:[新改扩续][（(][新改扩续、]{1,4}[）)]建|"
    + alternation(w for w in STRONG_VERBS if w not in _SINGLE)
    + "|"
    + "|".join(_SINGLE.values())
    + ")"
)
# The same verbs to search for: every branch opens on a literal (达's
# look-behind follows it), so the engine skips to candidate characters in C
# instead of trying the guard at every position of a clause.
_VERB_SEARCH_RE = re.compile(
    "|".join(rf"{c}[（(][新改扩续、]{{1,4}}[）)]建" for c in "新改扩续")
    + "|"
    + search_branches(w for w in STRONG_VERBS if w not in _SINGLE)
    + r"|达(?<![发到通表抵直传送]达)(?![标成])|占"
)
_LEADING_RE = re.compile(first_char_guard(LEADING_NOISE) + alternation(LEADING_NOISE))
_ADVERB_RE = re.compile(f"{first_char_guard(ADVERBS)}(?:{alternation(ADVERBS)})+")
# The hottest loops test a character against these before calling a regex at all.
_VERB_FIRST = frozenset(w[0] for w in _VERB_WORDS)
_LEADING_FIRST = frozenset(w[0] for w in LEADING_NOISE)
_STRIP_FIRST = _VERB_FIRST | _LEADING_FIRST | {w[0] for w in ADVERBS}
_TRAILING_RE = re.compile(rf"(?:{alternation(TRAILING_NOISE)})+$")
# A search for "…$" tries every position of the span; these patterns can only
# match when the span ends on one of these characters ($ also matches before
# a final newline), so a span that does not is answered without the search.
_TRAILING_LAST = frozenset(w[-1] for w in TRAILING_NOISE) | {"\n"}
_DURATION_LAST = frozenset("年月来\n")
_BASE_TAIL_LAST = frozenset("年期\n")
_CHAIN_JOIN = re.compile(r"(?:和|及|与|并|、)?")
_ASIDE_VERB = re.compile(r"[（(][^（()）]{1,4}[）)]")
_MONEY_NOUN_RE = re.compile(alternation(MONEY_NOUNS))
_RATE_PREFIX = re.compile(r"(?:每(?:人|户|年|月|天|亩|县|村|人每月|人每年|户每年|年每人)+)+")
_DURATION = re.compile(r"(?:连续|累计|持续)?\d+(?:个)?(?:年|月)(?:来|以来)?$")
# The base of a change ("税收收入较2023年增长6%") is no part of the subject.
_BASE_TAIL = re.compile(r"(?:比|较|同)(?:19|20)\d{2} ?年(?:同期)?$")
_ENUM_THEN_DENG = re.compile(r"、[^，。；：,;:！？!?\n\d０-９]{1,40}?等(?=[^，。；、,;]{2})")
_CLAUSE_END = set("，。；：,.;:！？!?\n")
_CLOSERS = set("”）)》】，。；、：,.;:！？!?\n")
_PUNCT = set("，。；、：,.;:！？!?\n（）()“”\"《》【】")
_RIGHT_STOP_RE = re.compile(alternation(RIGHT_STOPS))
_STOP_OR_VERB_FIRST = _VERB_FIRST | {w[0] for w in RIGHT_STOPS}
_INNER_MEASURE_RE = re.compile(rf"(?:{alternation(INNER_MEASURES)})$")
_HEAD_RE = re.compile(rf"(?:{alternation(MEASURE_HEADS)})$")
_NOUN_AFTER_VERB = re.compile(alternation(NOUN_AFTER_VERB))
_RATE_AFTER = re.compile(rf"[^，。、；,;\d]{{0,2}}率|[{NOUN_SUFFIXES}]|区(?!域)|人口")
# What _RATE_AFTER may open with; else only a 率 one or two characters on lets it match.
_RATE_AFTER_FIRST = frozenset(f"率区人{NOUN_SUFFIXES}")
_OPENERS = set("和及与、（(")
_LIST_SPLIT = re.compile(r"、|以及|和|及|与")
_LIST_SPLIT_FIRST = frozenset("、以和及与")
_LIST_CHAR = re.compile("[、和及与]")
_MAX_RIGHT = 24


def strip_leading(text: str, lo: int, hi: int) -> int:
    """``lo`` moved past scope words, connectors and the adverbs of a verb."""
    while lo < hi and text[lo] in _STRIP_FIRST:
        # A verb we keep may start like a noise word ("新增", "计划投资").
        ch = text[lo]
        v = VERB_RE.match(text, lo, hi) if ch in _VERB_FIRST else None
        m = _LEADING_RE.match(text, lo, hi) if ch in _LEADING_FIRST else None
        if m is not None and (v is None or v.end() < m.end()):
            lo = m.end()
            continue
        if v is None:
            a = _ADVERB_RE.match(text, lo, hi)
            if a is not None and verb_at(text, a.end(), hi):
                lo = a.end()
                continue
        break
    return lo


def strip_trailing(text: str, lo: int, hi: int) -> int:
    """``hi`` moved back over linking words (达, 为, 同比, 的 ...)."""
    if hi <= lo or text[hi - 1] not in _TRAILING_LAST:
        return hi
    m = _TRAILING_RE.search(text, lo, hi)
    if m is not None and m.start() >= lo:
        return m.start()
    return hi


def is_modifier(text: str, end: int, hi: int) -> bool:
    """True when the verb ending at ``end`` is part of a noun ("安置点", "参保率")."""
    if end >= hi or text[end] not in _RATE_AFTER_FIRST and text.find("率", end + 1, min(end + 3, hi)) < 0:
        return False
    return _RATE_AFTER.match(text, end, hi) is not None


def verb_at(text: str, pos: int, hi: int) -> re.Match[str] | None:
    """The verb starting at ``pos``, unless it only qualifies a noun."""
    if pos >= hi or text[pos] not in _VERB_FIRST:
        return None
    m = VERB_RE.match(text, pos, hi)
    if m is None or is_modifier(text, m.end(), hi):
        return None
    return m


def verb_chain(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The verbs opening text[lo:hi], joined ("新建和改造", "加快推进"), if any."""
    m = verb_at(text, lo, hi)
    if m is None:
        return None
    end = m.end()
    while end < hi:
        aside = _ASIDE_VERB.match(text, end, hi)  # "新建（改扩建）"
        if aside is not None:
            end = aside.end()
            continue
        j = _CHAIN_JOIN.match(text, end, hi)
        nxt = verb_at(text, j.end(), hi)
        if nxt is None or _MONEY_NOUN_RE.match(text, j.end(), hi):
            break
        # A verb that is really the head of the object ("完成投资", "完成造林面积")
        # ends the chain.
        if nxt.group() in WEAK_VERBS and (nxt.end() == hi or _NOUN_AFTER_VERB.match(text, nxt.end(), hi)):
            break
        end = nxt.end()
    return lo, end


def verbs_in(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return list(_VERB_SEARCH_RE.finditer(text, lo, hi))


def find_verb(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first verb in text[lo:hi]."""
    return _VERB_SEARCH_RE.search(text, lo, hi)


def clean_subject(text: str, lo: int, hi: int) -> tuple[int, int]:
    """A subject span trimmed to its noun phrase.

    Enumerated names before 等 are dropped ("甲县、乙县等重点县城项目" →
    "重点县城项目"), as are rates per head ("每人每月") and durations
    ("连续5年").
    """
    stable = False  # lo is then strip_leading's answer for (lo, hi) already
    for _ in range(3):  # until nothing more comes off (rarely more than once)
        before = (lo, hi)
        lo = strip_leading(text, lo, hi)
        if lo < hi and text[lo] == "每":
            m = _RATE_PREFIX.match(text, lo, hi)
            if m is not None:
                lo = m.end()
        hi = strip_trailing(text, lo, hi)
        if hi > lo and text[hi - 1] in _BASE_TAIL_LAST:
            base = _BASE_TAIL.search(text, lo, hi)
            if base is not None:
                hi = strip_trailing(text, lo, base.start())
        if hi > lo and text[hi - 1] in _DURATION_LAST:
            d = _DURATION.search(text, lo, hi)
            if d is not None:
                hi = strip_trailing(text, lo, d.start())
        if (lo, hi) == before:
            stable = True
            break
    at = text.rfind("等", lo, hi)
    if at >= 0 and hi - (at + 1) >= 2:
        lo, stable = at + 1, False
    if not stable:
        lo = strip_leading(text, lo, hi)
    # A whole subject in quotes reads without them ("“四旁植树”").
    if hi - lo > 2 and text[lo] in "“\"" and text[hi - 1] in "”\"" and text.count("“", lo, hi) <= 1:
        lo, hi = lo + 1, hi - 1
    return lo, hi


def right_phrase(text: str, pos: int, hi: int, figure_starts: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The noun phrase a figure counts when it stands before it ("68个课题").

    It runs to a clause break, the next measured figure (``figure_starts``),
    a verb or a word that ends a noun phrase; a number that measures nothing
    ("330千伏") is part of it.
    """
    if pos < hi and text[pos] == "的":
        pos += 1
    if (
        pos >= hi
        or text[pos] in _CLOSERS
        or text[pos] in _OPENERS
        or _verb_opens(text, pos, hi)
        or _RIGHT_STOP_RE.match(text, pos, hi)
    ):
        return None
    start = end = pos
    while end < hi and end - start < _MAX_RIGHT:
        ch = text[end]
        if ch == "、":
            # "A治理、B防控等三江源工程": the examples give way to what 等 names.
            deng = _ENUM_THEN_DENG.match(text, end, hi)
            if deng is not None:
                start = end = deng.end()
                continue
        if ch in _PUNCT and ch not in "“”\"（）()":
            break
        if end in figure_starts:
            break
        if (
            end > start
            and ch in _STOP_OR_VERB_FIRST
            and (_RIGHT_STOP_RE.match(text, end, hi) or _verb_at(text, end, hi))
        ):
            break
        end += 1
    # Connectors and open quotes or brackets at the end belong to what follows.
    while end > start and text[end - 1] in "“（(和及与、":
        end -= 1
    if end <= start:
        return None
    return start, end


def _verb_opens(text: str, pos: int, hi: int) -> bool:
    """A verb at ``pos`` that is not a modifier of a noun ("安置点", "续建项目")."""
    m = verb_at(text, pos, hi)
    return m is not None and _NOUN_AFTER_VERB.match(text, m.end(), hi) is None


def _verb_at(text: str, pos: int, hi: int) -> bool:
    """A verb that ends a noun phrase read rightwards.

    A verb that also names a work ("治理", "建设") ends it only before a
    clause break: in "黑土滩治理、湿地保护等工程" it is one item of a list.
    """
    m = VERB_RE.match(text, pos, hi)
    if m is None:
        return False
    return m.group() not in WEAK_VERBS or m.end() >= hi or text[m.end()] in _CLAUSE_END


def inner_measure(text: str, lo: int, hi: int) -> int | None:
    """Start of a measure noun ending text[lo:hi] ("县总装机" → at 总装机)."""
    m = _INNER_MEASURE_RE.search(text, lo, hi)
    return m.start() if m is not None else None


def split_members(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Members of an enumerated subject ("肉、蛋、奶产量"), quotes kept whole."""
    # Most subjects hold no list word at all (以及 holds 及): one member.
    if _LIST_CHAR.search(text, lo, hi) is None:
        return [(lo, hi)] if hi > lo else []
    members = []
    start = lo
    depth = 0
    pos = lo
    while pos < hi:
        ch = text[pos]
        if ch in "“（(《":
            depth += 1
        elif ch in "”）)》":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _LIST_SPLIT_FIRST:
            m = _LIST_SPLIT.match(text, pos, hi)
            if m is not None:
                members.append((start, pos))
                start = pos = m.end()
                continue
        pos += 1
    members.append((start, hi))
    return [(a, b) for a, b in members if b > a]


def measure_head(member: str) -> str:
    m = _HEAD_RE.search(member)
    return m.group() if m is not None else ""


def distribute_head(members: list[str]) -> list[str]:
    """Give the last member's head to members that lack one.

    Short parallel modifiers share the rest of the last member ("省级、市级
    示范村" → 省级示范村, 市级示范村; "肉、蛋、奶产量" → 肉产量 ...); longer
    members share its measure head ("A收入、B收入增幅" → A收入增幅).
    """
    if len(members) < 2:
        return members
    width = len(members[0])
    if width <= 2 and all(len(m) == width for m in members[:-1]) and len(members[-1]) > width + 1:
        rest = members[-1][width:]
        return [m + rest for m in members[:-1]] + [members[-1]]
    head = measure_head(members[-1])
    if not head or len(members[-1]) <= len(head):
        return members
    out = []
    for m in members[:-1]:
        out.append(m if measure_head(m) else m + head)
    return out + [members[-1]]
