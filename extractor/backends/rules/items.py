"""Quantified items (GUIDELINES.md, second layer) by reading each sentence.

Every measured figure (figures.py) that the indicator layer did not claim
is read for its subject and verb (item_reader.py) and kept as an item unless
item_filters.py rules it out; medals ("3金4银3铜") are counted apart.  The
evidence of an item runs from its verb or subject to its figure, always a
verbatim slice of the report with absolute offsets.
"""

from __future__ import annotations

import re

from ...chunking import Chunk, sentence_spans
from ...schema import QuantifiedItem, Sector, Status
from ..base import DocContext
from .figures import scan_figures
from .item_filters import base_status, not_an_item, status_of
from .item_reader import Slot, read_sentence
from .lexicon_sectors import classify_sector

_MEDALS = re.compile(r"(?P<g>\d+)金(?P<s>\d+)银(?:(?P<b>\d+)铜)?")
# Opens on a character class, so the engine skips to candidates: most texts have no medals.
_MEDAL_HINT = re.compile(r"\d金")
_MEDAL_VERB = re.compile(r"(?:荣获|获得|夺得|斩获)$")
_GLOSSARY = re.compile(r"名词解释")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
# Page furniture of compiled PDFs ("…汇编31篇(第73/88页)").
_PAGE_MARK = re.compile(r"第\s*\d+\s*(?:/\s*\d+\s*)?页")
# Items are validated in full, straight through pydantic's validator: the
# keyword constructor only adds a Python frame and a dict of keywords.
_validate_item = QuantifiedItem.__pydantic_validator__.validate_python


def extract_items(chunk: Chunk, context: DocContext, claimed: list[tuple[int, int]]) -> list[QuantifiedItem]:
    """The items of one chunk; ``claimed`` holds the absolute spans of indicator figures."""
    text = chunk.text
    if any(_GLOSSARY.search(h) for h in chunk.section_path):
        return []
    glossary = _GLOSSARY.search(text)
    stop = glossary.start() if glossary else len(text)
    rel_claims = [(a - chunk.start, b - chunk.start) for a, b in claimed]
    figures = [f for f in scan_figures(text[:stop]) if f.measured]
    status = base_status(chunk)

    items: list[QuantifiedItem] = []
    fi, nfig = 0, len(figures)
    for s, e in sentence_spans(text, 0, stop):
        # Most sentences hold no figure, and none after the last one does.
        if fi == nfig:
            break
        if figures[fi].num_start >= e:
            continue
        sentence_figs = []
        while fi < nfig and figures[fi].num_start < e:
            if figures[fi].num_start >= s:
                sentence_figs.append(figures[fi])
            fi += 1
        if not sentence_figs or _PAGE_MARK.search(text, s, e):
            continue
        for slot in read_sentence(text, s, e, sentence_figs, rel_claims):
            if not (slot.claimed or slot.skip or not_an_item(slot, text, context.meta)):
                items.extend(_items_of(slot, text, s, chunk, status))
    items.extend(_medals(text[:stop], chunk, status))
    return _first_statements(items)


def _first_statements(items: list[QuantifiedItem]) -> list[QuantifiedItem]:
    """The same figure for the same thing stated again is kept once, first."""
    seen: set[tuple] = set()
    kept = []
    for it in items:
        key = (it.value, it.unit, it.subject, it.status)
        if it.subject and key in seen:
            continue
        seen.add(key)
        kept.append(it)
    return kept


def _items_of(slot: Slot, text: str, s: int, chunk: Chunk, base: Status) -> list[QuantifiedItem]:
    f = slot.fig
    action = text[slot.action[0] : slot.action[1]] if slot.action else ""
    start, end = f.start, f.end
    for span in (slot.subject_span, slot.action):
        if span:
            if span[0] < start:
                start = span[0]
            if span[1] > end:
                end = span[1]
    if start < s:
        start = s
    status = status_of(text, slot, base)
    contexts = (action + text[slot.clause_lo : slot.clause_hi], text[s : slot.clause_lo])
    evidence, value = text[start:end], f.value * slot.value_sign
    out = []
    subjects = [slot.subject, *(n for n, _ in slot.extra)] if slot.extra else (slot.subject,)
    for subject in subjects:
        if "[" in subject:
            subject = _FOOTNOTE.sub("", subject)
        out.append(
            _validate_item(
                {
                    "status": status,
                    "action": action,
                    "subject": subject,
                    "value": value,
                    "unit": f.unit,
                    "qualifier": f.qualifier,
                    "sector": classify_sector(subject, contexts, chunk.section_path),
                    "evidence": evidence,
                    "start": chunk.start + start,
                    "end": chunk.start + end,
                }
            )
        )
    return out


def _medals(text: str, chunk: Chunk, base: Status) -> list[QuantifiedItem]:
    """"荣获3金4银3铜": medals counted as 枚, one item per metal."""
    items: list[QuantifiedItem] = []
    if _MEDAL_HINT.search(text) is None:
        return items
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
