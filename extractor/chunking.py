"""Cut sections into chunks a backend can read in one go.

A chunk is a run of whole sentences (ending in 。！？； or a line break) of at
most ``size`` characters, inside one section, with ``overlap`` characters of
the previous chunk's trailing sentences repeated so a fact at a border is
seen whole at least once.  A sentence longer than the budget is cut at a
clause border (，、,) — never inside a number, its unit or a 分别 list — and
only as a last resort at any character that is not part of a figure.
"""

from __future__ import annotations

import re
from itertools import accumulate

from pydantic import BaseModel

from .sections import Section, SectionKind

DEFAULT_SIZE = 2000
DEFAULT_OVERLAP = 200

_SENTENCE_END = r"[。！？；!?;]+[”’\"')）]*|\n+"
# A sentence: anything up to its end mark, or a last stretch without one.
_SENTENCE = re.compile(rf"[^。！？；!?;\n]*(?:{_SENTENCE_END})|[^。！？；!?;\n]+")
_BUNDLE = re.compile(r"分别|依次|均为|均达")
_LIST_END = re.compile(r"[，,；;。]")
# Characters that may belong to a figure; a cut never falls between two of them.
_FIGURE_CHARS = set("0123456789０１２３４５６７８９.．,，%％万亿千百十零〇一二两三四五六七八九元人次吨亩个项户米瓦")
_BUNDLE_LOOKBACK = 120  # how far before 分别 a list's subjects may start


class Chunk(BaseModel):
    index: int
    start: int
    end: int
    text: str
    section_kind: SectionKind
    section_path: tuple[str, ...]
    section_year: int | None = None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], terminators included."""
    end = len(text) if end is None else end
    # Sentences tile the range, so their lengths alone (one C-level findall)
    # give every border without a Python step per match.
    bounds = list(accumulate(map(len, _SENTENCE.findall(text, start, end)), initial=start))
    return list(zip(bounds, bounds[1:]))


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans an oversized sentence must not be cut inside: 分别/均 lists.

    A list's subjects come before the keyword ("城镇、农村居民收入分别增长…")
    and its values after it, up to the next clause break that is not 、.
    """
    spans = []
    for m in _BUNDLE.finditer(text, start, end):
        stop = _LIST_END.search(text, m.end(), end)
        # Subjects start after the last clause break before the keyword; a
        # fixed look-back alone would protect a whole cut window and force the
        # cut into the list.
        lo = max(start, m.start() - _BUNDLE_LOOKBACK)
        clause = max(text.rfind(c, lo, m.start()) for c in "，,；;：:。")
        spans.append((clause + 1 if clause >= lo else lo, stop.start() if stop else end))
    return spans


def _safe_cut(text: str, lo: int, hi: int, protected: list[tuple[int, int]]) -> int:
    """A cut position in (lo, hi]: a clause end if one is free, never inside a figure."""

    def outside_figure(p: int) -> bool:
        return not (text[p - 1] in _FIGURE_CHARS and p < len(text) and text[p] in _FIGURE_CHARS)

    def unprotected(p: int) -> bool:
        return not any(a < p < b for a, b in protected)

    tests = (
        lambda p: text[p - 1] in "，,、：:" and unprotected(p) and outside_figure(p),
        lambda p: unprotected(p) and outside_figure(p),
        outside_figure,
    )
    for test in tests:
        for p in range(hi, lo, -1):
            if test(p):
                return p
    return hi  # a run of figure characters longer than the budget: cut anyway


def _units(text: str, start: int, end: int, size: int, overlap: int = 0) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence over ``size`` cut into pieces.

    Pieces of one long sentence overlap: each repeats the previous piece's
    last clause (within the overlap budget), since whole-sentence overlap
    between chunks cannot help inside a sentence.
    """
    units = []
    back_limit = min(overlap, size // 4)
    for s, e in sentence_spans(text, start, end):
        if e - s <= size:
            units.append((s, e))
            continue
        protected = _protected(text, s, e)
        pos = s
        while e - pos > size:
            cut = _safe_cut(text, pos + size // 2, pos + size, protected)
            units.append((pos, cut))
            nxt = cut
            if back_limit:
                clause = max(text.rfind(c, cut - back_limit, cut - 1) for c in "，,；;：:")
                if clause + 1 > pos + 1:
                    nxt = clause + 1
            pos = nxt
        units.append((pos, e))
    return units


def _chunk_run(text: str, run: list[Section], size: int, overlap: int, first_index: int) -> list[Chunk]:
    """Chunks over consecutive sections of one kind; each chunk is labelled
    with the section it starts in."""
    units: list[tuple[int, int]] = []
    owner: list[Section] = []
    for section in run:
        for unit in _units(text, section.start, section.end, size, overlap):
            units.append(unit)
            owner.append(section)
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= size:
            j += 1
        start, end = units[i][0], units[j][1]
        section = owner[i]
        chunks.append(
            Chunk(
                index=first_index + len(chunks),
                start=start,
                end=end,
                text=text[start:end],
                section_kind=section.kind,
                section_path=section.path,
                section_year=section.year,
            )
        )
        if j + 1 >= len(units):
            break
        # Step back over trailing sentences that fit in the overlap budget,
        # but always move forward by at least one unit.
        k = j + 1
        while k - 1 > i and end - units[k - 1][0] <= overlap:
            k -= 1
        i = k
    return chunks


def chunk_section(
    text: str, section: Section, size: int, overlap: int, first_index: int = 0
) -> list[Chunk]:
    return _chunk_run(text, [section], size, overlap, first_index)


def _runs(sections: list[Section], pack: bool) -> list[list[Section]]:
    """Sections grouped into runs a chunk may span.

    Without packing every section is its own run.  With packing, consecutive
    sections share a run while they have the same kind, year and top-level
    heading: short sections ("（三）…" of a few lines) then share one chunk
    instead of costing a request each, and no chunk mixes results with goals.
    """
    runs: list[list[Section]] = []
    for section in sections:
        if section.end <= section.start:
            continue
        if pack and runs:
            last = runs[-1][-1]
            if (last.kind, last.year, last.path[:1]) == (section.kind, section.year, section.path[:1]):
                runs[-1].append(section)
                continue
        runs.append([section])
    return runs


def chunk_text(
    text: str,
    sections: list[Section],
    size: int = DEFAULT_SIZE,
    overlap: int = DEFAULT_OVERLAP,
    *,
    pack: bool = False,
) -> list[Chunk]:
    """Chunks of every section, numbered in document order.

    ``pack`` lets a chunk run on into the next section of the same kind and
    top-level part (see :func:`_runs`).
    """
    if size < 20:
        raise ValueError("chunk size must be at least 20 characters")
    if overlap < 0 or overlap >= size:
        raise ValueError("chunk overlap must be between 0 and the chunk size")
    chunks: list[Chunk] = []
    for run in _runs(sections, pack):
        chunks.extend(_chunk_run(text, run, size, overlap, first_index=len(chunks)))
    return chunks
