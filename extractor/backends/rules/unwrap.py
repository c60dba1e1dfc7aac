"""Hard-wrapped text read as running text.

A report's PDF text layer (and many pages copied from one) breaks every line
at the page width, in the middle of a name or a number ("居民人均可支配\\n收入",
"56.\\n8亿元"), and drops page numbers ("- 2 -") between two halves of a
sentence.  The rules read sentence by sentence and end a sentence at a line
break, so such a chunk is read through a view without those breaks; every
offset the rules answer in the view maps back to the text, so evidence stays
a verbatim slice of the report, breaks included.

A chunk counts as wrapped only when most of its lines stop mid-sentence at
a similar width; paragraphs that run to a full stop, headings and short last
lines keep their breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...sections import heading_level

# A line that is only a page number: "- 2 -", "—3—", "第 4 页".
_PAGE_NUMBER = re.compile(r"\s*(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d{1,3}\s*页)\s*")
# Characters a line ends with when its sentence (or heading) ends there.
_SENTENCE_END = frozenset("。！？；：:!?;")
_CLOSERS = frozenset("”’」』）)】》")
# A line opening a new paragraph or list member, whatever the line before.
_OPENS = re.compile(r"\s*(?:——|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d))")
_MAX_WIDTH = 90  # wider lines are paragraphs, not a page's lines
_MIN_LINES = 4


@dataclass(frozen=True, slots=True)
class View:
    text: str
    index: tuple[int, ...]  # index[i]: where text[i] stands in the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of view[start:end] (end exclusive, end > start)."""
        return self.index[start], self.index[end - 1] + 1


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip("".join(_CLOSERS))
    return not stripped or stripped[-1] in _SENTENCE_END


def unwrap(text: str) -> View | None:
    """The running-text view of a hard-wrapped ``text``; None when it is not wrapped."""
    if text.count("\n") < _MIN_LINES:
        return None
    lines = text.split("\n")
    body = [ln for ln in lines if ln.strip() and not _PAGE_NUMBER.fullmatch(ln)]
    open_ended = [ln for ln in body if not _ends_sentence(ln)]
    if len(open_ended) < 3 or 2 * len(open_ended) < len(body):
        return None
    widths = sorted(len(ln.strip()) for ln in open_ended)
    width = widths[len(widths) // 2]
    if width > _MAX_WIDTH:
        return None

    keep: list[int] = []
    pos = 0
    for i, line in enumerate(lines):
        end = pos + len(line)  # the newline after the line, if any, is at ``end``
        if _PAGE_NUMBER.fullmatch(line) and line.strip():
            pos = end + 1  # the page number and its line break go
            continue
        keep.extend(range(pos, end))
        if end < len(text) and not _joins(line, _next_text_line(lines, i + 1), width):
            keep.append(end)
        pos = end + 1
    if len(keep) == len(text):
        return None
    return View("".join(text[i] for i in keep), tuple(keep))


def _next_text_line(lines: list[str], i: int) -> str:
    while i < len(lines) and _PAGE_NUMBER.fullmatch(lines[i]) and lines[i].strip():
        i += 1
    return lines[i] if i < len(lines) else ""


def _joins(line: str, nxt: str, width: int) -> bool:
    """True when the break after ``line`` is a wrap inside a sentence."""
    if not line.strip() or not nxt.strip() or _ends_sentence(line):
        return False
    if len(line.strip()) < 0.6 * width:
        return False  # a short line ends its paragraph
    if heading_level(line) is not None and len(line.strip()) < width:
        return False
    return _OPENS.match(nxt) is None
