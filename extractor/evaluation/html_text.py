"""HTML pieces of the review page: facts as chips, report text with highlights.

Every string that comes from a report or a model passes through :func:`esc`
before it reaches the page, attribute values included.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..schema import IndicatorFact, QuantifiedItem


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def num(v: float | int | None) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


# --- facts -----------------------------------------------------------------

def fact_fields(f: IndicatorFact | QuantifiedItem | dict) -> list[tuple[str, str]]:
    """(field, shown text) in reading order; a dict is a fact grounding dropped."""
    get = f.get if isinstance(f, dict) else lambda k, d=None: getattr(f, k, d)

    def val(k: str) -> str:
        v = get(k)
        return "" if v is None else str(getattr(v, "value", v))

    figure = f"{num(get('value'))} {val('unit')}".strip()
    qualifier = val("qualifier")
    if qualifier and qualifier != "exact":
        figure += f" ({qualifier})"
    if get("indicator") is not None:
        out = [("indicator", val("indicator")), ("period", val("period")), ("year", val("year") or "?"),
               ("measure", val("measure")), ("figure", figure)]
        if get("estimated"):
            out.append(("estimated", "预计"))
        return out
    return [("status", val("status")), ("action", val("action") or "∅"), ("subject", val("subject") or "∅"),
            ("figure", figure), ("sector", val("sector"))]


def fact_html(f: Any, other: Any = None) -> str:
    """A fact as a row of chips; fields that differ from ``other`` stand out."""
    if f is None:
        return '<span class="none">—</span>'
    theirs = dict(fact_fields(other)) if other is not None else {}
    chips = []
    for name, shown in fact_fields(f):
        if not shown:  # a field a dropped fact lacks
            continue
        cls = "chip " + name + (" diff" if theirs and theirs.get(name) != shown else "")
        chips.append(f'<span class="{cls}">{esc(shown)}</span>')
    return '<span class="fact">' + "".join(chips) + "</span>"


def fact_plain(f: Any) -> str:
    return " · ".join(shown for _, shown in fact_fields(f) if shown)


# --- text with highlights --------------------------------------------------

_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")

# Worst first: a stretch of text shows the worst outcome of the facts on it.
SEVERITY = ("err", "miss", "spur", "dup", "ok")


@dataclass
class Mark:
    start: int
    end: int
    side: str  # "g" (gold: underline) or "p" (prediction: background)
    outcome: str  # one of SEVERITY
    title: str


def _segments(marks: list[Mark], cuts: Iterable[int], lo: int, hi: int) -> Iterable[tuple[int, int, list[Mark]]]:
    points = {lo, hi, *(c for c in cuts if lo <= c <= hi)}
    for m in marks:
        points.update(p for p in (m.start, m.end) if lo < p < hi)
    ordered = sorted(points)
    starts = sorted((m for m in marks if m.end > lo and m.start < hi), key=lambda m: m.start)
    active: list[Mark] = []
    k = 0
    for a, b in zip(ordered, ordered[1:]):
        while k < len(starts) and starts[k].start <= a:
            active.append(starts[k])
            k += 1
        active = [m for m in active if m.end > a]
        yield a, b, active


def _worst(marks: list[Mark], side: str) -> str | None:
    found = {m.outcome for m in marks if m.side == side}
    return next((o for o in SEVERITY if o in found), None)


def render_text(
    text: str,
    marks: list[Mark],
    anchors: dict[int, list[str]] | None = None,
    lo: int = 0,
    hi: int | None = None,
    *,
    inline: bool = False,
) -> str:
    """``text[lo:hi]`` as HTML, marked stretches wrapped in spans.

    ``anchors`` maps an offset to HTML inserted before the character there
    (markers that links point at).  ``inline`` is for a snippet: line breaks
    show as one ↵ and highlights carry no tooltips (the row says it all).
    """
    hi = len(text) if hi is None else hi
    anchors = anchors or {}
    out: list[str] = []
    for a, b, active in _segments(marks, anchors, lo, hi):
        out.extend(anchors.get(a, ()))
        chunk = esc(text[a:b])
        if inline:
            chunk = _LINE_BREAKS.sub('<span class="nl">↵</span>', chunk)
        if not active:
            out.append(chunk)
            continue
        classes = [f"{side}-{o}" for side in ("g", "p") if (o := _worst(active, side))]
        if inline:
            out.append(f'<span class="hl {" ".join(classes)}">{chunk}</span>')
            continue
        titles = list(dict.fromkeys(m.title for m in active))
        title = "\n".join(titles[:8]) + (f"\n… {len(titles) - 8} more" if len(titles) > 8 else "")
        out.append(f'<span class="hl {" ".join(classes)}" title="{esc(title)}">{chunk}</span>')
    if hi in anchors and hi != lo:
        out.extend(anchors[hi])
    return "".join(out)


def snippet(text: str, marks: list[Mark], start: int, end: int, context: int = 50) -> str:
    """The marked stretch with ``context`` characters either side, on one line."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    body = render_text(text, marks, None, lo, hi, inline=True)
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
