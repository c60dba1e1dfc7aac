"""Word lists as trie regexes match like the plain alternation, longest word first."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.backends.rules.item_phrases import VERB_RE, verbs_in
from extractor.backends.rules.lexicon_regex import alternation, search_branches


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


@given(
    st.lists(st.text(alphabet="新建改造成增达到", min_size=1, max_size=4), min_size=1, max_size=12),
    st.text(alphabet="新建改造成增达到。", max_size=30),
)
def test_search_branches_search_like_the_trie(words, text):
    branches = re.compile(search_branches(words) + "|。")
    trie = re.compile(alternation(words) + "|。")
    assert [m.span() for m in branches.finditer(text)] == [m.span() for m in trie.finditer(text)]


def test_search_branches_let_the_engine_skip_ahead():
    # Every top-level branch opens on a literal: the compiled pattern's first
    # characters are known, which is what lets a search jump between them.
    parsed = re._parser.parse(search_branches(["新建", "改造", "达到"]) + "|占")
    assert re._compiler._get_charset_prefix(parsed, 0) is not None


def test_verb_search_finds_what_the_verb_match_reads():
    text = "全年新（扩）建学校3所，发达地区达标率达到95%，占比提高，达12亿元"
    found = [m.group() for m in verbs_in(text, 0, len(text))]
    matched = [m.group() for i in range(len(text)) if (m := VERB_RE.match(text, i))]
    assert found == matched
    assert "新（扩）建" in found and "达" in found
