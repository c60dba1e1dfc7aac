"""Word lists compiled into regular expressions that match fast.

A plain alternation of a few hundred words ("新建|新增|...") makes the regex
engine try each word in turn at every position; the same words folded into
a trie ("新(?:建|增|...)") try each character once.  The trie keeps the
semantics the lexicons rely on: at a given position the longest word wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, as a trie."""
    return _source(_trie(words)) or "(?!)"


def search_branches(words: Iterable[str]) -> str:
    """``alternation(words)`` as top-level branches, to join with others by "|".

    Searched for, a pattern whose every top-level branch opens on a literal
    lets the regex engine skip ahead to those characters in C; the group
    ``alternation`` wraps its trie in hides them, and the engine then tries a
    match at every position.
    """
    return "|".join(_branches(_trie(words))) or "(?!)"


def _trie(words: Iterable[str]) -> dict:
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _branches(node: dict) -> list[str]:
    return [re.escape(ch) + _tail(node[ch]) for ch in sorted(k for k in node if k)]


def _source(node: dict) -> str:
    branches = _branches(node)
    if not branches:
        return ""
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _tail(node: dict) -> str:
    rest = _source(node)
    if not rest:
        return ""
    # A word may end here: the longer words are tried first (greedy "?").
    return f"(?:{rest})?" if "" in node else rest


def first_char_guard(words: Iterable[str]) -> str:
    """A look-ahead for the first characters of ``words``, to open a pattern with.

    A pattern of a few hundred words matched at a position walks the trie's
    top branches one by one; the look-ahead rejects a position whose
    character opens no word in one set lookup.  (A pattern searched for
    rather than matched gains nothing: a plain trie lets the engine skip to
    its first characters already.)
    """
    chars = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])" if chars else "(?!)"
