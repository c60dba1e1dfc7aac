"""report.html: every error is on the page, in context, linked; markup is text."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from eval_builders import hostile_case

from extractor.evaluation.html_report import render_report
from extractor.evaluation.taxonomy import KIND_TEXT
from tests.helpers import PageElements


@pytest.fixture(scope="module")
def case():
    ev = hostile_case()
    return ev, render_report(ev)


def visible(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


def test_every_error_has_a_row_with_its_kind(case):
    ev, page = case
    listed = ev.errors["t1"]["indicators"] + ev.errors["t1"]["items_strict"]
    assert len(listed) >= 8
    rows = re.findall(r'<tr id="d0-r(\d+)" class="k-(\w+) l-(\w+)"', page)
    assert len(rows) == len(listed)
    assert Counter(kind for _, kind, _ in rows) == Counter(e.kind.value for e in listed)
    # Loose errors are the strict ones minus the strict-only kinds.
    loose = Counter(e.kind.value for e in ev.errors["t1"]["items_loose"])
    strict = Counter(e.kind.value for e in ev.errors["t1"]["items_strict"])
    assert loose == strict - Counter({"wrong_status": strict["wrong_status"], "wrong_subject": strict["wrong_subject"]})


def test_each_error_links_to_its_place_in_the_text_and_back(case):
    ev, page = case
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets <= ids, targets - ids
    text_pane = page[page.index('<div class="text"'):]
    for n in range(1, len(re.findall(r'<tr id="d0-r', page)) + 1):
        row = re.search(rf'<tr id="d0-r{n}".*?</tr>', page, re.S).group(0)
        if 'href="#d0-e' not in row:
            assert "not found in the report" in row  # only an ungrounded fact has no place
            continue
        marker = re.search(rf'<a class="emark[^"]*" id="d0-e{n}" href="#d0-r{n}"[^>]*>{n}</a>', text_pane)
        assert marker, n
        # The marker stands right before the error's evidence.
        after = visible(text_pane[marker.end():marker.end() + 600])
        quoted = visible(row.split('<td class="ctx">')[1])
        assert any(after.startswith(piece) for piece in re.findall(r"[^…↵]{4,}", quoted)[:3]) or after[:4] in quoted


def test_report_and_model_markup_render_as_text(case):
    _, page = case
    # Our own filter script is the only script element on the page.
    assert page.count("<script") == 1
    assert "PWNED'</script>" not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    assert "<b>图书馆" not in page and "&lt;b&gt;图书馆&lt;/b&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<i>某市" not in page and "&lt;i&gt;某市&lt;/i&gt;" in page
    assert "<u>" not in page and "&lt;u&gt;居民消费价格&lt;/u&gt;上涨9%" in page  # a dropped fact's quote


def test_page_is_self_contained(case):
    _, page = case
    parsed = PageElements(page)
    names = Counter(tag for tag, _ in parsed.tags)
    assert not {"link", "img", "iframe", "object", "embed"} & set(names)
    assert names["script"] == 1 and names["style"] == 1
    assert not [a for _, a in parsed.tags if "src" in a or any(k.startswith("on") for k in a)]
    assert all(a["href"].startswith("#") for _, a in parsed.tags if "href" in a)
    style = page[page.index("<style>"):page.index("</style>")]
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_markup_is_text_to_the_parser(case):
    _, page = case
    text = "".join(PageElements(page).text)
    assert "<script>document.title='PWNED'</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "新建<b>图书馆</b>2座" in text


def test_page_has_the_headline_and_the_tables(case):
    ev, page = case
    m = ev.metrics
    for layer in ("indicators", "items_loose", "items_strict"):
        assert f"{m.layer(layer).f1:.3f}" in page
    for anchor in ('id="overview"', 'id="documents"', 'id="indicators"', 'id="items"', 'id="attributes"', 'id="d0"'):
        assert anchor in page
    assert "Per indicator" in page and "Per sector (strict)" in page
    for kind, (label, _) in KIND_TEXT.items():
        if m.errors["items_strict"].get(kind.value) or m.errors["indicators"].get(kind.value):
            assert label in page


def test_highlights_show_outcomes_of_gold_and_prediction(case):
    _, page = case
    text_pane = page[page.index('<div class="text"'):]
    assert re.search(r'class="hl g-ok p-ok"[^>]*>新建污水处理厂3座<', text_pane)  # matched item
    assert "g-miss" in text_pane  # the gold 3 of 污水处理厂 ... and the missed facts
    assert "p-err" in text_pane and "g-err" in text_pane
