"""Indicator facts (GUIDELINES.md, first layer) by pattern.

A chunk is read sentence by sentence.  Every indicator name in a sentence
(one scan with the whole vocabulary, ``vocabulary.MENTION_RE``) opens a
*chain*: the figures of its own clause, then those of the clauses that
carry on its predicate ("达286.4亿元，增长5.3%、高于全省0.4个百分点").  A
clause that starts anything else ends the chain.  分别/均 lists are read
apart: their values go, in order, to the subjects before the keyword, or to
the last indicators named when the keyword opens a clause of its own.

Every figure a chain or list reads is *claimed*, fact or not (a comparison
in 个百分点, a quoted milestone, an 年均 rate), so the item layer does not
report an indicator sentence's figures as items.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate

from ...chunking import Chunk
from ...meta import self_names
from ...schema import IndicatorFact, IndicatorId, Measure, Period, Qualifier
from ..base import DocContext
from .indicator_context import estimated, multi_year, multi_year_heading, self_kinds, timing, whole_region
from .indicator_figures import (
    MAGNITUDES,
    MILESTONE_ONLY_RE,
    Figure,
    figure_matches,
    fold_figures,
    milestone_figure,
    qualifier_before,
    read_figure,
)
from .vocabulary import (
    ELLIPTIC_RE,
    GROWTH_ONLY,
    LEVEL_UNITS,
    MENTION_RE,
    RATE_LEVEL,
    base_unit,
    elliptic_of,
    family_of,
    indicators_of,
)

# A sentence: anything up to its end mark, or a last stretch without one.
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]|[^。！？!?\n]+")
_CLAUSE_SEP = "，,；;：:、"
# "1,234.5亿元": a comma between a digit and a group of three is inside a number.
_THOUSANDS_COMMA = re.compile(r"\d,\d{3}(?!\d)")
_BOUNDARY = "，,；;：:。！？!?\n"  # where a 分别 list's subjects may begin
MASK = "○"
_OPEN_CLOSE = {"“": "”", "（": "）", "(": ")", "《": "》", "「": "」", "【": "】"}

# Words that carry a predicate on from one clause to the next.
_PRED = (
    r"同比|比上年度?|较上年度?|比去年|较去年|上年|同期|全年|年度|预计|分别|均|"
    r"同口径|可比价?|按(?:不变|可比)价格?计算|增长率为?|增长速度为?|增长了?|增速为?|增幅为?|涨幅为?|上涨|下降|降低|回落|减少|增加|提高|提升|上升|"
    r"达到了?|达|为|是|完成|实现|突破|超过|超出|超|逾|近|约|接近|跨越|迈上|跃上|跃升|攀升|增至|升至|站上|"
    r"稳定在|保持在|控制在|稳定|保持|控制|在|至|到|以上|不低于|不少于|不超过|不高于|首次|再次|"
    r"总量|总额|规模|年均|累计|以来|台阶|大关|关口|(?:比|较)(?:19|20)\d{2} ?年(?:同期)?|"
    r"(?:由|从|到|至)(?:19|20)\d{2} ?年(?:底|末)?的?|" + MASK + r"|\s"
)
_PRED_ONLY = re.compile(f"(?:{_PRED})*")
_PRED_PREFIX = re.compile(f"(?:{_PRED})*?(?=分别|均)")
_COMPARISON = re.compile(
    r"[○\s]*(?:高于|低于|快于|慢于|超出|领先|落后|比全|较全|居|位居|位列|位于|排名|排在|排|列|占全|增速居|增速位|增幅居)"
)
_LIST_KEY = re.compile(r"分别|(?<![年人平])均(?=增长|达|为|控制|保持|稳定|实现|下降|在)")
# Between the values of one list; a clause break ends the list.
_LIST_SEP = re.compile(r"\s*(?:、|和|及|与|以及)\s*")
# A subject clause must not hold these between the name and its figure.
_GAP_BLOCK = re.compile(r"占|比重|比例|项目|贡献|拉动|差距|结构|基数|其中|人均|平均|中的?$")
_MULTI_YEAR_LEAD = re.compile(r"年均|累计(?!同比)|五年|十[二三四五]五")
_GROWTH = re.compile(r"增长|增速|增幅|涨幅|上涨|上升|提高|提升|增加|下降|降低|回落|减少|下滑")
_FALL = re.compile(r"下降|降低|回落|减少|下滑")
_TO_LEVEL = re.compile(r"(?:增长|提高|提升|上升|攀升|跃升|增加|下降|降低|降|回落|减少)(?:至|到)|增至|升至")
# "完成年初确定的增长7%的目标": a goal recalled, not the result.
_GOAL_AFTER = re.compile(r"[左右以上内下]*的?(?:预期|年度|既定|奋斗)?目标")
_MILESTONE = re.compile(r"(?:突破|跨越|迈上|跃上|站上|超过|超|破)[○\s]*$")
_GAP_MAX = 20
# Where a subject left out may start: after a clause or list break.
_ELLIPSIS_AT = re.compile(r"[，,；;：:、和及与](?:全年|预计|力争|确保|实现|其中|\s)*")
_ONE_YEAR = re.compile(r"过去一年|一年来|去年|(?:19|20)\d{2} ?年(?!以来|前)")
# "由30亿元提高到36亿元": a change over a span.  The figure it starts from is
# no fact; the one it reaches is the level at the span's end, a fact where that
# end is known: a year named with it ("到2030年的…"), a span from the year
# before ("由上年的…"), or an annual review naming no year.
_FROM = re.compile(r"[由从](?:(?P<year>(?:19|20)\d{2}) ?年|(?P<last>上年|去年|上一年))?(?:底|末)?的?[○\s]*$")
# "较2025年增长31%": growth since a base year, annual only from the year before.
_BASE_YEAR = re.compile(r"(?:比|较)((?:19|20)\d{2}) ?年")
_TO = re.compile(r"(?:到|至)(?P<year>(?:19|20)\d{2} ?年(?:底|末)?的?)?[○\s]*$")


@dataclass
class _Mention:
    start: int  # chunk-relative
    end: int
    indicators: tuple[IndicatorId, ...]
    anchor: int  # where its evidence starts (an elliptic subject's antecedent)
    whole: bool  # the whole region's, not a part's
    family: frozenset[IndicatorId]  # what a later elliptic subject may take from it


@dataclass
class _Reading:
    """What a chunk gives: facts and claimed figure spans (chunk-relative)."""

    facts: list[IndicatorFact] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)
    # Facts read from a milestone ("突破3000亿元"), kept only where the chunk
    # states no exact figure for the same indicator key.
    milestones: list[IndicatorFact] = field(default_factory=list)

    def final(self) -> list[IndicatorFact]:
        exact = {f.key() for f in self.facts if f.qualifier is Qualifier.exact}
        return self.facts + [f for f in self.milestones if f.key() not in exact]


# A quoted or bracketed stretch: its opener, at most 40 characters with no
# closer and no sentence end, its closer.  One scan finds them all; the first
# closer decides, as a stretch runs to the first closer or not at all.
_MASKED = re.compile(
    "|".join(
        f"{re.escape(o)}[^{re.escape(c)}。！？!?\\n]{{0,40}}{re.escape(c)}" for o, c in {**_OPEN_CLOSE, '"': '"'}.items()
    )
)


def _mask(text: str) -> str:
    """``text`` with quoted and bracketed stretches blanked to MASK, same length.

    Milestones in quotes ("突破“五百亿”"), notes in brackets and names keep
    their characters out of the clause grammar but their offsets in place.
    A stretch is masked only when it closes within 40 characters and within
    its sentence.
    """
    return _MASKED.sub(lambda m: MASK * (m.end() - m.start()), text)


class _ChunkReader:
    def __init__(self, chunk: Chunk, context: DocContext) -> None:
        self.chunk = chunk
        self.context = context
        self.text = chunk.text
        self.folded = fold_figures(chunk.text)
        self.masked = _mask(self.folded)
        self.own = self_kinds(context.meta)
        self.names = self_names(context.meta.region)
        # A five-year review ("“十四五”时期工作回顾") speaks of several years
        # unless a sentence names the review year itself.
        self.multi_year_section = any(map(multi_year_heading, chunk.section_path))
        self.out = _Reading()

    # -- the scan -------------------------------------------------------------

    def read(self) -> _Reading:
        matches = list(MENTION_RE.finditer(self.masked))
        if not matches:
            return self.out
        # Sentences tile the text: their lengths (one C-level findall) give
        # every end, the text's own end last.
        ends = list(accumulate(map(len, _SENTENCE.findall(self.masked))))
        i = 0
        while i < len(matches):
            k = bisect_right(ends, matches[i].start())
            s, e = (ends[k - 1] if k else 0), ends[min(k, len(ends) - 1)]
            j = i
            while j < len(matches) and matches[j].start() < e:
                j += 1
            self._sentence(s, e, matches[i:j])
            i = j
        return self.out

    def _sentence(self, s: int, e: int, matches: list[re.Match[str]]) -> None:
        mentions: list[_Mention] = []
        for m in matches:
            mentions.append(self._mention(m, mentions[-1].end if mentions else s, s))
        mentions = self._add_elliptic(s, e, mentions)
        figures = self._figures(s, e)
        lists = [m for m in _LIST_KEY.finditer(self.masked, s, e)]
        for i, mention in enumerate(mentions):
            region_end = mentions[i + 1].start if i + 1 < len(mentions) else e
            self._chain(mention, region_end, figures, s)
        for key in lists:
            self._list(key, s, e, mentions, figures)

    def _mention(self, match: re.Match[str], after: int, s: int) -> _Mention:
        """A name found in the sentence starting at ``s``, and whether it is the
        whole region's; its leading words start after the clause break or the
        name before it (``after``), as in "城镇…收入和农民人均纯收入"."""
        start = match.start()
        clause = start
        while clause > after and self.masked[clause - 1] not in _BOUNDARY + "、":
            clause -= 1
        prefix = self.masked[clause:start]
        before = self.masked[s:start]
        whole = whole_region(prefix, self.own, self.names) and not multi_year(before)
        if whole and self.multi_year_section:
            whole = _ONE_YEAR.search(before) is not None
        return _Mention(start, match.end(), indicators_of(match), start, whole, family_of(match))

    def _add_elliptic(self, s: int, e: int, mentions: list[_Mention]) -> list[_Mention]:
        """Subjects a clause leaves to an earlier one: "…，产量稳定在41万吨以上"."""
        starts = {m.start for m in mentions}
        extra: list[_Mention] = []
        first = min(m.start for m in mentions)
        for sep in _ELLIPSIS_AT.finditer(self.masked, first, e):
            at = sep.end()
            if at in starts:
                continue
            m = ELLIPTIC_RE.match(self.masked, at, e)
            if m is None or MENTION_RE.match(self.masked, at) is not None:
                continue
            group, indicator = elliptic_of(m)
            antecedent = next((x for x in reversed(mentions) if x.start < at and x.family & group), None)
            if antecedent is None:
                continue
            extra.append(_Mention(m.start(), m.end(), (indicator,), antecedent.anchor, antecedent.whole, group))
        return sorted(mentions + extra, key=lambda m: m.start)

    def _figures(self, s: int, e: int) -> list[tuple[Figure, bool]]:
        """Figures of the sentence and whether each stands in a quote or bracket."""
        out = []
        for m in figure_matches(self.folded, s, e):
            fig = read_figure(m)
            if fig is not None:
                out.append((fig, self.masked[fig.start] == MASK))
        for m in MILESTONE_ONLY_RE.finditer(self.folded, s, e):
            fig = milestone_figure(m)
            if not any(f.start <= fig.start < f.end for f, _ in out):
                out.append((fig, self.masked[fig.start] == MASK))
        out.sort(key=lambda x: x[0].start)
        return out

    # -- chains -----------------------------------------------------------------

    def _chain(self, mention: _Mention, region_end: int, figures: list[tuple[Figure, bool]], s: int) -> None:
        """The figures a mention's predicate reads, clause by clause."""
        if not mention.indicators:
            return  # an antecedent only ("民生支出")
        if len(mention.indicators) != 1:
            self._pair(mention, region_end, figures, s)
            return
        indicator = mention.indicators[0]
        read: list[tuple[Figure, str]] = []
        pos = mention.end
        first = True
        while pos < region_end:
            seg_end = self._clause_end(pos, region_end)
            seg = self.masked[pos:seg_end]
            if _PRED_PREFIX.match(seg) and _LIST_KEY.search(seg):
                break  # a 分别 list: read by _list
            in_seg = self._in(figures, pos, seg_end)
            if not first and (_COMPARISON.match(seg) or (in_seg and all(f.points for f, _ in in_seg))):
                if mention.whole:
                    for fig, _ in in_seg:
                        self._claim(fig)
            elif not self._read_clause(mention, pos, seg_end, in_seg, first, read):
                break
            first = False
            pos = seg_end + 1
        self._emit_chain(mention, indicator, read, s)

    def _read_clause(
        self,
        mention: _Mention,
        pos: int,
        seg_end: int,
        in_seg: list[tuple[Figure, bool]],
        first: bool,
        read: list[tuple[Figure, str]],
    ) -> bool:
        """Add a clause's figures to the chain; False when the clause ends it.

        The mention's own clause may put a few words between name and figure
        ("首次迈上"), except words that make the figure another quantity
        ("占…比重", "项目").  A following clause carries the chain on only
        when nothing but predicate words lead to its figure ("同比增长3.2%").
        """
        cursor = pos
        for fig, quoted in in_seg:
            if quoted:
                if mention.whole:
                    self._claim(fig)
                continue
            lead = self.masked[cursor : fig.start]
            if first and cursor == pos:
                if _GAP_BLOCK.search(lead) or len(lead.replace(MASK, "")) > _GAP_MAX:
                    return False
            elif _PRED_ONLY.fullmatch(lead) is None:
                return False
            read.append((fig, lead))
            cursor = fig.end
        if cursor == pos and not first:
            # No figure: go on only over predicate words ("突破“五百亿”").
            return _PRED_ONLY.fullmatch(self.masked, pos, seg_end) is not None
        return True

    def _clause_end(self, pos: int, limit: int) -> int:
        text = self.masked
        while pos < limit and (text[pos] not in _CLAUSE_SEP or _THOUSANDS_COMMA.match(text, pos - 1)):
            pos += 1
        return pos

    @staticmethod
    def _in(figures: list[tuple[Figure, bool]], a: int, b: int) -> list[tuple[Figure, bool]]:
        return [(f, q) for f, q in figures if a <= f.start and f.end <= b]

    def _emit_chain(self, mention: _Mention, indicator: IndicatorId, read: list[tuple[Figure, str]], s: int) -> None:
        """Facts and claims of the figures a chain read."""
        pending = []
        span_from: re.Match[str] | None = None
        for fig, lead in read:
            if not mention.whole:
                continue  # a part's figure may well be an item
            span = _FROM.search(lead)
            if span is not None:
                span_from = span
                self._claim(fig)
                continue
            reached = _TO.search(lead) if span_from is not None else None
            if reached is not None:
                known = reached.group("year") or self._one_year_span(span_from, s, fig)
                span_from = None
                if not known:
                    self._claim(fig)
                    continue
            facts = self._facts(indicator, fig, lead, mention.anchor, s, None)
            if facts is not None:
                self._claim(fig)
                pending.extend(facts)
        for fact, milestone in pending:
            (self.out.milestones if milestone else self.out.facts).append(fact)

    def _one_year_span(self, span_from: re.Match[str] | None, s: int, fig: Figure) -> bool:
        """A change "由…到…" that runs over the one year the report reviews."""
        if span_from is None:
            return False
        if span_from.group("last"):
            return True
        if span_from.group("year"):
            review = self.context.meta.review_year
            return review is not None and int(span_from.group("year")) in (review - 1, review)
        return not self.multi_year_section and not multi_year(self.masked[s : fig.start])

    def _pair(self, mention: _Mention, region_end: int, figures: list[tuple[Figure, bool]], s: int) -> None:
        """A subject naming two indicators ("城乡居民…收入").

        It splits through a 分别/均 list (``_list``), or through runs of as
        many values as it names, clause by clause, that list them in its order
        without the keyword ("…收入35200元和14800元，增长5%和8%").  A bare
        figure after it is ambiguous, so it is claimed and left.
        """
        pos = mention.end
        first = True
        while pos < region_end:
            clause_end = self._clause_end(pos, region_end)
            if _LIST_KEY.search(self.masked, pos, clause_end):
                return  # a 分别 list: read by _list
            run = self._value_run(pos, clause_end, figures)
            in_clause = self._in(figures, pos, clause_end)
            if len(run) != len(mention.indicators) or len(in_clause) != len(run):
                if first and mention.whole:
                    for fig, _ in in_clause:
                        self._claim(fig)
                return
            cue, end = run[0][1], run[-1][0].end
            for i, (indicator, (fig, lead)) in enumerate(zip(mention.indicators, run)):
                if not mention.whole:
                    continue
                # The words before the first value ("增长") lead every value of the run.
                facts = self._facts(indicator, fig, cue + lead if i else lead, mention.anchor, s, end)
                if facts is not None:
                    self._claim(fig)
                    self.out.facts.extend(fact for fact, _ in facts)
            first = False
            pos = clause_end + 1

    # -- 分别 / 均 lists ---------------------------------------------------------

    def _list(
        self, key: re.Match[str], s: int, e: int, mentions: list[_Mention], figures: list[tuple[Figure, bool]]
    ) -> None:
        """A 分别/均 list: its values go, in order, to its subjects."""
        values = self._value_run(key.end(), e, figures)
        if not values:
            return
        zone = key.start()
        while zone > s and self.masked[zone - 1] not in _BOUNDARY:
            zone -= 1
        in_zone = [m for m in mentions if zone <= m.start < key.start()]
        slots: list[tuple[IndicatorId, _Mention]] = [(i, m) for m in in_zone for i in m.indicators]
        if not in_zone:
            # "…，分别增长5%和7%": a clause of its own takes the last subjects
            # named; one with subjects of its own ("客运、货运分别…") is not ours.
            if _PRED_ONLY.fullmatch(self.masked, zone, key.start()) is None:
                return
            before = [m for m in mentions if m.start < zone]
            slots = [(i, m) for m in before for i in m.indicators][-len(values):]
        if not slots:
            return
        if key.group() == "均" and len(values) == 1:
            pairs = [(slot, values[0]) for slot in slots]
        elif len(slots) == len(values):
            pairs = list(zip(slots, values))
        else:
            return
        cue_from = max(m.end for _, m in slots) if in_zone else zone
        cue = self.masked[cue_from : values[0][0].start]
        trailing = values[-1][0].qualifier
        start = min(m.anchor for _, m in slots)
        end = values[-1][0].end
        for (indicator, mention), (fig, lead) in pairs:
            if not mention.whole:
                continue
            if fig.qualifier is None and trailing is not None:
                fig = replace(fig, qualifier=trailing)  # "分别增长5%和7%以上"
            facts = self._facts(indicator, fig, cue + lead, start, s, end)
            if facts is not None:
                self._claim(fig)
                self.out.facts.extend(fact for fact, _ in facts)

    def _value_run(self, pos: int, e: int, figures: list[tuple[Figure, bool]]) -> list[tuple[Figure, str]]:
        """The figures after 分别: "增长5%和7.5%", "达到41280元、16530元"."""
        by_start = {f.start: f for f, q in figures if not q}
        run: list[tuple[Figure, str]] = []
        lead_m = _PRED_ONLY.match(self.masked, pos, e)
        at = lead_m.end() if lead_m else pos
        lead = self.masked[pos:at]
        while at in by_start:
            fig = by_start[at]
            run.append((fig, lead))
            sep = _LIST_SEP.match(self.masked, fig.end, e)
            if sep is None:
                break
            lead_m = _PRED_ONLY.match(self.masked, sep.end(), e)
            at = lead_m.end() if lead_m else sep.end()
            lead = self.masked[sep.end() : at]
            if _LIST_KEY.search(lead):
                break
        return run

    # -- facts --------------------------------------------------------------------

    def _facts(
        self, indicator: IndicatorId, fig: Figure, lead: str, ev_start: int, s: int, ev_end: int | None
    ) -> list[tuple[IndicatorFact, bool]] | None:
        """The facts one figure gives an indicator (two for a range), each with
        whether it is a milestone ("突破…") rather than the figure itself.

        An empty list is a figure of the indicator that is no fact by the
        guidelines (个百分点, 年均, a change in amount, another year): it is
        claimed all the same.  None is a figure in a unit the indicator is
        never stated in ("新增就业岗位3000个"): not the indicator's, so it
        stays free for the item layer.
        """
        if fig.points or _MULTI_YEAR_LEAD.search(lead) or _TO_LEVEL.search(lead) and indicator in GROWTH_ONLY:
            return []
        growth_word = _GROWTH.search(lead) is not None and not _TO_LEVEL.search(lead)
        if indicator in GROWTH_ONLY:
            measure = Measure.growth
        elif growth_word:
            if indicator in RATE_LEVEL:
                return []  # "失业率下降0.2%" reads two ways
            measure = Measure.growth
        else:
            measure = Measure.level
        unit = fig.unit
        if unit in MAGNITUDES:
            # "破万亿", "超四千万": the indicator's own unit completes it.
            unit += base_unit(indicator)
        if measure is Measure.growth:
            if unit != "%":
                return []  # "增加2133元": a change in amount, not a growth rate
        elif unit not in LEVEL_UNITS[indicator]:
            return None
        before = self.masked[s : fig.start]
        when = timing(before, self.chunk.section_kind, self.chunk.section_year, self.context.meta)
        if when is None:
            return []
        if when.period is Period.actual and _GOAL_AFTER.match(self.masked, fig.unit_end):
            return []
        base = _BASE_YEAR.search(lead) if measure is Measure.growth else None
        if base is not None and when.year is not None and int(base.group(1)) != when.year - 1:
            return []
        sign = -1.0 if measure is Measure.growth and _FALL.search(lead) else 1.0
        if len(fig.values) == 2:
            quals = [Qualifier.at_least, Qualifier.at_most]
        else:
            quals = [fig.qualifier or qualifier_before(lead) or Qualifier.exact]
        milestone = len(fig.values) == 1 and fig.qualifier is None and _MILESTONE.search(lead) is not None
        end = ev_end if ev_end is not None else fig.end
        evidence = self.text[ev_start:end]
        out = []
        for value, qual in zip(fig.values, quals):
            out.append(
                (
                    IndicatorFact(
                        indicator=indicator,
                        period=when.period,
                        year=when.year,
                        measure=measure,
                        value=sign * value,
                        unit=unit,
                        qualifier=qual,
                        estimated=estimated(before),
                        evidence=evidence,
                        start=self.chunk.start + ev_start,
                        end=self.chunk.start + end,
                    ),
                    milestone,
                )
            )
        return out

    def _claim(self, fig: Figure) -> None:
        self.out.claimed.append((fig.start, fig.unit_end))


def extract_indicators(chunk: Chunk, context: DocContext) -> tuple[list[IndicatorFact], list[tuple[int, int]]]:
    """Indicator facts of a chunk, and the absolute spans of every figure read."""
    reading = _ChunkReader(chunk, context).read()
    claimed = sorted({(chunk.start + a, chunk.start + b) for a, b in reading.claimed})
    return reading.final(), claimed
