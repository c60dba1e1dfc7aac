"""Word lists as trie regexes match like the plain alternation, longest word first."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.backends.rules.lexicon_regex import alternation


def test_longest_word_wins_at_a_position():
    rx = re.compile(alternation(["新", "新建", "新建和改造", "建成"]))
    assert rx.match("新建和改造公路").group() == "新建和改造"
    assert rx.match("新建公路").group() == "新建"
    assert rx.match("新增").group() == "新"


def test_no_words_matches_nothing():
    assert re.compile(alternation([])).search("任何文字") is None


@given(
    st.lists(st.text(alphabet="新建改造成增达到", min_size=1, max_size=4), min_size=1, max_size=12),
    st.text(alphabet="新建改造成增达到。", max_size=30),
)
def test_trie_matches_like_the_plain_alternation(words, text):
    trie = re.compile(alternation(words))
    plain = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    for i in range(len(text)):
        a, b = trie.match(text, i), plain.match(text, i)
        assert (a and a.group()) == (b and b.group())
