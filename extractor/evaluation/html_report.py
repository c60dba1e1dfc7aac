"""report.html: one self-contained page for reviewing a run against the gold.

Headline scores with their intervals, the error taxonomy, tables per
document, indicator, sector and field, then every document: its errors, each
with its evidence in context and a link to its place in the text, and the
text itself with gold facts underlined and predicted facts shaded by outcome.
The style and the (optional) filter script are inlined; nothing is fetched.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources

from ..schema import IndicatorFact
from .harness import Evaluation
from .html_text import Mark, esc, fact_html, fact_plain, render_text, snippet
from .metrics import LayerScore, Metrics
from .scoring import LAYERS, DocResult, Span, indicator_key
from .summary import LAYER_TEXT
from .taxonomy import KIND_TEXT, ErrorKind, FactError

_OUTCOME = {
    ErrorKind.missed: "miss",
    ErrorKind.spurious: "spur",
    ErrorKind.duplicate: "dup",
    ErrorKind.ungrounded: "spur",
}
LAYER_SHORT = {"indicators": "indicator", "items_loose": "item", "items_strict": "item"}


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    # The script is ours, but never let a "</" in it close the element early.
    return code.replace("</", "<\\/")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def _bar(v: float) -> str:
    level = "low" if v < 0.5 else "mid" if v < 0.8 else ""
    return f'<span class="barbox"><span class="bar {level}" style="width:{round(v * 100)}%"></span></span>'


def _score_cells(s: LayerScore) -> str:
    return (
        f'<td class="n">{_pct(s.precision)}</td><td class="n">{_pct(s.recall)}</td>'
        f'<td class="n"><b>{_pct(s.f1)}</b>{_bar(s.f1)}</td>'
        f'<td class="n">{_tp(s)}</td><td class="n">{s.n_pred}</td><td class="n">{s.n_gold}</td>'
    )


def _tp(s: LayerScore) -> str:
    if s.tp_pred is None:
        return str(s.tp)
    return f'<span title="matched gold facts of this row / matched predictions of this row">{s.tp} / {s.tp_pred}</span>'


_SCORE_HEAD = '<th class="n">precision</th><th class="n">recall</th><th class="n">F1</th><th class="n">tp</th><th class="n">pred</th><th class="n">gold</th>'


def _score_table(title: str, rows: dict[str, LayerScore], first: str) -> str:
    if not rows:
        return ""
    body = "".join(f"<tr><td>{esc(k)}</td>{_score_cells(s)}</tr>" for k, s in rows.items())
    return f"<h3>{esc(title)}</h3><table class=\"sortable\"><thead><tr><th>{esc(first)}</th>{_SCORE_HEAD}</tr></thead><tbody>{body}</tbody></table>"


# --- top of the page -------------------------------------------------------

def _cards(m: Metrics) -> str:
    out = []
    for layer in LAYERS:
        s = m.layer(layer)
        ci = s.ci or {}
        f1_ci = f"<small> 95% CI {ci['f1'][0]:.3f}–{ci['f1'][1]:.3f}</small>" if "f1" in ci else ""
        out.append(
            f'<div class="card"><div class="name">{esc(layer)}</div><div class="desc">{esc(LAYER_TEXT[layer])}</div>'
            f'<div class="f1">{s.f1:.3f}{f1_ci}</div>'
            f'<div class="pr">precision {s.precision:.3f} · recall {s.recall:.3f}</div>'
            f'<div class="muted small">{s.tp} matched · {s.n_pred} predicted · {s.n_gold} gold</div></div>'
        )
    return '<div class="cards">' + "".join(out) + "</div>"


def _taxonomy_table(m: Metrics) -> str:
    rows = []
    for kind, (label, desc) in KIND_TEXT.items():
        counts = [m.errors.get(layer, {}).get(kind.value, 0) for layer in LAYERS]
        if not any(counts):
            continue
        cells = "".join(f'<td class="n">{c or ""}</td>' for c in counts)
        rows.append(f'<tr><td><span class="badge k-{kind.value}">{esc(label)}</span></td>{cells}<td class="muted">{esc(desc)}</td></tr>')
    if not rows:
        return "<p>No errors.</p>"
    head = "".join(f'<th class="n">{esc(layer)}</th>' for layer in LAYERS)
    return f"<table><thead><tr><th>kind</th>{head}<th>meaning</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _filters() -> str:
    kinds = "".join(
        f'<label><input type="checkbox" checked disabled data-hide="hide-k-{k.value}"><span class="badge k-{k.value}">{esc(label)}</span></label>'
        for k, (label, _) in KIND_TEXT.items()
    )
    layers = "".join(
        f'<label><input type="checkbox" checked disabled data-hide="hide-l-{layer}">{layer}</label>'
        for layer in ("indicators", "items")
    )
    matched = '<label><input type="checkbox" disabled data-hide="hide-ok" data-inverse>hide matched highlights</label>'
    return f'<div class="filters"><span class="muted">show:</span>{kinds}<span class="muted">|</span>{layers}<span class="muted">|</span>{matched}</div>'


def _legend() -> str:
    items = [
        ('g-ok', "gold, matched"), ('g-miss', "gold, missed"), ('g-err', "gold, read wrongly"),
        ('p-ok', "predicted, matched"), ('p-spur', "predicted, spurious"), ('p-err', "predicted, wrong"),
        ('p-dup', "predicted, duplicate"),
    ]
    spans = "".join(f'<span><span class="hl {c}">示例 42</span> {esc(t)}</span>' for c, t in items)
    return (
        f'<div class="legend">{spans}<span>underline = gold, shading = prediction; '
        f'numbered marks link to the error list; hover a highlight for its facts</span></div>'
    )


def _documents_table(ev: Evaluation, ids: dict[str, str]) -> str:
    rows = []
    for doc in ev.documents:
        d = ev.metrics.documents[doc.doc_id]
        meta = doc.gold.meta
        n_err = sum(d.errors.get("indicators", {}).values()) + sum(d.errors.get("items_strict", {}).values())
        status = "" if d.status == "scored" else f' <span class="badge k-missed">{esc(d.status)}</span>'
        cells = "".join(f'<td class="n">{_pct(d.layer(layer).f1)}{_bar(d.layer(layer).f1)}</td>' for layer in LAYERS)
        rows.append(
            f'<tr><td><a href="#{ids[doc.doc_id]}"><code>{esc(doc.doc_id)}</code></a>{status}</td>'
            f"<td>{esc(meta.region or '')}</td><td>{esc(meta.review_year or '')}</td>{cells}"
            f'<td class="n">{d.indicators.n_gold}</td><td class="n">{d.items_loose.n_gold}</td><td class="n">{n_err}</td></tr>'
        )
    head = "".join(f'<th class="n">{esc(layer)} F1</th>' for layer in LAYERS)
    return (
        f'<table class="sortable"><thead><tr><th>document</th><th>region</th><th>year</th>{head}'
        f'<th class="n">gold ind.</th><th class="n">gold items</th><th class="n">errors</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _attributes_table(m: Metrics) -> str:
    rows = []
    for group, fields in m.attributes.items():
        for name, a in fields.items():
            kappa = "" if a.kappa is None else f"{a.kappa:.3f}"
            conf = ", ".join(f"{esc(g)} → {esc(p)} ×{n}" for g, p, n in a.confusions[:4])
            rows.append(
                f'<tr><td>{esc(group)}</td><td>{esc(name)}</td><td class="n">{_pct(a.accuracy)}'
                f'{_bar(a.accuracy or 0.0)}</td><td class="n">{a.agree}/{a.total}</td><td class="n">{kappa}</td>'
                f'<td class="small">{conf}</td></tr>'
            )
    return (
        '<table><thead><tr><th>layer</th><th>field</th><th class="n">accuracy</th><th class="n">agree</th>'
        f'<th class="n">kappa</th><th>most frequent disagreements (gold → predicted)</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


# --- one document ----------------------------------------------------------

class _DocView:
    """Outcomes, marks and numbered errors of one document."""

    def __init__(self, doc: DocResult, errors: dict[str, list[FactError]], prefix: str) -> None:
        self.doc = doc
        self.prefix = prefix
        self.errors = sorted(errors["indicators"] + errors["items_strict"], key=self._position)
        G, P = doc.gold_facts, doc.pred_facts
        self.outcome: dict[tuple[str, str, int], tuple[str, str]] = {}  # (side, layer, idx) → (class, label)
        for layer, m in (("indicators", doc.indicators), ("items", doc.items_strict)):
            for pi, gi in m.pairs:
                self.outcome[("p", layer, pi)] = ("ok", "matched")
                self.outcome[("g", layer, gi)] = ("ok", "matched")
        for e in self.errors:
            layer = "indicators" if e.layer == "indicators" else "items"
            cls = _OUTCOME.get(e.kind, "err")
            label = KIND_TEXT[e.kind][0]
            if e.gold is not None:
                self.outcome[("g", layer, e.gold)] = (cls, label)
            if e.pred is not None:
                self.outcome[("p", layer, e.pred)] = (cls, label)
        self._inherit_repeats("g", G.indicators)
        self._inherit_repeats("p", P.indicators)

    def _inherit_repeats(self, side: str, facts: list[IndicatorFact]) -> None:
        # A repeated indicator fact counts once; it shows as its first does.
        first: dict[tuple, int] = {}
        for i, f in enumerate(facts):
            k = indicator_key(f)
            if k in first and (side, "indicators", i) not in self.outcome:
                cls, label = self.outcome.get((side, "indicators", first[k]), ("ok", "matched"))
                self.outcome[(side, "indicators", i)] = (cls, label + " (repeated)")
            first.setdefault(k, i)

    def spans(self, side: str, layer: str) -> list[Span | None]:
        placed = self.doc.gold_facts if side == "g" else self.doc.pred_facts
        return placed.indicator_spans if layer == "indicators" else placed.item_spans

    def facts(self, side: str, layer: str) -> list:
        placed = self.doc.gold_facts if side == "g" else self.doc.pred_facts
        return placed.indicators if layer == "indicators" else placed.items

    def _position(self, e: FactError) -> tuple:
        return (self.error_span(e) or (1 << 62, 0), e.layer != "indicators")

    def error_span(self, e: FactError) -> Span | None:
        layer = "indicators" if e.layer == "indicators" else "items"
        if e.gold is not None and (span := self.spans("g", layer)[e.gold]) is not None:
            return span
        if e.pred is not None:
            return self.spans("p", layer)[e.pred]
        return None

    def _mark(self, side: str, layer: str, i: int, outcome: tuple[str, str] | None = None) -> Mark | None:
        span = self.spans(side, layer)[i]
        if span is None:
            return None
        cls, label = outcome or self.outcome.get((side, layer, i), ("ok", "matched"))
        who = "gold" if side == "g" else "predicted"
        title = f"{who} {LAYER_SHORT.get(layer, 'item')}: {fact_plain(self.facts(side, layer)[i])} — {label}"
        return Mark(span[0], span[1], side, cls, title)

    def marks(self) -> list[Mark]:
        out = []
        for side in ("g", "p"):
            for layer in ("indicators", "items"):
                out += [m for i in range(len(self.facts(side, layer))) if (m := self._mark(side, layer, i))]
        return out

    def error_marks(self, e: FactError) -> list[Mark]:
        layer = "indicators" if e.layer == "indicators" else "items"
        out = []
        if e.gold is not None:
            out.append(self._mark("g", layer, e.gold))
        if e.pred is not None:
            out.append(self._mark("p", layer, e.pred))
        return [m for m in out if m is not None]


def _error_row(view: _DocView, n: int, e: FactError) -> str:
    doc, p = view.doc, view.prefix
    layer = "indicators" if e.layer == "indicators" else "items"
    gold = view.facts("g", layer)[e.gold] if e.gold is not None else None
    pred = view.facts("p", layer)[e.pred] if e.pred is not None else (e.dropped.fact if e.dropped else None)
    span = view.error_span(e)
    if span is not None and doc.text is not None:
        marks = view.error_marks(e)
        lo = min(m.start for m in marks) if marks else span[0]
        hi = max(m.end for m in marks) if marks else span[1]
        context = snippet(doc.text, marks, lo, hi)
        number = f'<a href="#{p}-e{n}" title="show in the text">{n}</a>'
    else:
        evidence = (pred.get("evidence") if isinstance(pred, dict) else getattr(pred, "evidence", None)) or ""
        where = "not found in the report" if doc.text is not None else "no report text"
        context = f'<q class="quote">{esc(evidence)}</q> <span class="muted">({where})</span>'
        number = str(n)
    note = f'<div class="note">{esc(e.note)}</div>' if e.note else ""
    strict = " (strict)" if e.kind in (ErrorKind.wrong_status, ErrorKind.wrong_subject) else ""
    return (
        f'<tr id="{p}-r{n}" class="k-{e.kind.value} l-{layer}" data-kind="{e.kind.value}">'
        f'<td class="num">{number}</td>'
        f'<td class="kind"><span class="badge k-{e.kind.value}">{esc(KIND_TEXT[e.kind][0])}</span>'
        f'<div class="layer">{esc(LAYER_SHORT[e.layer])}{strict}</div></td>'
        f'<td class="fact-cell">{fact_html(gold, pred)}</td><td class="fact-cell">{fact_html(pred, gold)}</td>'
        f'<td class="ctx">{context}{note}</td></tr>'
    )


def _meta_line(doc: DocResult) -> str:
    parts = []
    for name in ("region", "admin_level", "review_year", "plan_year"):
        g = getattr(doc.gold.meta, name)
        shown = f"{name}: {esc(getattr(g, 'value', g) if g is not None else '—')}"
        if doc.pred is not None:
            pv = getattr(doc.pred.meta, name)
            if pv != g:
                shown += f' <span class="bad">(predicted {esc(getattr(pv, "value", pv) if pv is not None else "—")})</span>'
        parts.append(f"<span>{shown}</span>")
    return '<div class="docmeta">' + "".join(parts) + "</div>"


def _diagnostics_line(doc: DocResult) -> str:
    diag = doc.pred.diagnostics if doc.pred else None
    if diag is None:
        return ""
    failed = ", ".join(f"chunk {c.chunk} ({c.start}–{c.end}): {c.error}" for c in diag.failed_chunks[:5])
    text = f"run: {diag.chunks} chunks, {diag.chunks_skipped} skipped, {len(diag.failed_chunks)} failed, {len(diag.ungrounded)} facts dropped by grounding"
    return f'<p class="diag">{esc(text)}{"<br>failed: " + esc(failed) if failed else ""}</p>'


def _document_section(doc: DocResult, ev: Evaluation, prefix: str) -> str:
    view = _DocView(doc, ev.errors[doc.doc_id], prefix)
    d = ev.metrics.documents[doc.doc_id]
    scores = " · ".join(
        f"{layer} P {d.layer(layer).precision:.3f} R {d.layer(layer).recall:.3f} <b>F1 {d.layer(layer).f1:.3f}</b>"
        for layer in LAYERS
    )
    status = "" if doc.status == "scored" else f' <span class="badge k-missed">{esc(doc.status)}</span>'
    tally = Counter(e.kind for e in view.errors)
    badges = "".join(
        f'<span class="badge k-{k.value}">{esc(KIND_TEXT[k][0])} {tally[k]}</span> ' for k in KIND_TEXT if tally[k]
    )
    jump = f'<a href="#{prefix}-errors">errors</a> · <a href="#{prefix}-text">text</a>'
    rows = "".join(_error_row(view, n, e) for n, e in enumerate(view.errors, 1))
    errors = (
        '<p class="chipkey">Facts read: indicator · period · year · measure · figure (qualifier) · 预计 if estimated; '
        "item: status · action · subject · figure (qualifier) · sector. Fields that differ between gold and "
        "prediction are marked; ∅ is an empty field.</p>"
        '<table class="errors"><thead><tr><th>#</th><th>kind</th><th>gold</th><th>predicted</th>'
        f"<th>evidence in context</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows else "<p>No errors.</p>"
    )
    text_html = '<p class="muted">No report text was given for this document.</p>'
    if doc.text is not None:
        anchors: dict[int, list[str]] = {}
        for n, e in enumerate(view.errors, 1):
            span = view.error_span(e)
            if span is not None:
                layer = "indicators" if e.layer == "indicators" else "items"
                anchors.setdefault(span[0], []).append(
                    f'<a class="emark k-{e.kind.value} l-{layer}" id="{prefix}-e{n}" href="#{prefix}-r{n}" '
                    f'title="error {n}: {esc(KIND_TEXT[e.kind][0])}">{n}</a>'
                )
        text_html = f'<div class="text" lang="zh">{render_text(doc.text, view.marks(), anchors)}</div>'
    return (
        f'<section class="doc" id="{prefix}"><h2><code>{esc(doc.doc_id)}</code>{status}</h2>'
        f"{_meta_line(doc)}<div class=\"docscores small\">{scores}</div>{_diagnostics_line(doc)}"
        f'<p class="doctally">{badges}<span class="small">{jump}</span></p>'
        f'<h3 id="{prefix}-errors">Errors ({len(view.errors)})</h3>{errors}'
        f'<h3 id="{prefix}-text">Text</h3>{_legend()}{text_html}</section>'
    )


# --- the page --------------------------------------------------------------

def _run_line(m: Metrics) -> str:
    r = m.run
    parts = [
        ("backend", r.backend), ("model", r.model), ("prompt", r.prompt_version), ("extracted with", r.extractor_version),
        ("predictions", r.predictions), ("gold", r.gold), ("scored with", r.scored_with),
    ]
    spans = "".join(f"<span>{esc(k)} <b>{esc(v)}</b></span>" for k, v in parts if v)
    cov = m.coverage
    spans += f"<span>{cov.scored_documents} of {cov.gold_documents} gold documents scored</span>"
    return f'<p class="runinfo">{spans}</p>'


def render_report(ev: Evaluation, title: str = "Extraction review") -> str:
    m = ev.metrics
    who = ", ".join(x for x in (m.run.backend, m.run.model) if x)
    tab = f"{title} — {who}" if who else title
    ids = {doc.doc_id: f"d{i}" for i, doc in enumerate(ev.documents)}
    warnings = (
        '<div class="warnings"><b>Warnings</b><ul>' + "".join(f"<li>{esc(w)}</li>" for w in m.warnings) + "</ul></div>"
        if m.warnings else ""
    )
    bd = m.breakdowns
    ci = f"{int(m.bootstrap.confidence * 100)}% bootstrap intervals over documents ({m.bootstrap.resamples} resamples, seed {m.bootstrap.seed})"
    body = (
        f'<nav class="top"><strong>{esc(title)}</strong><a href="#overview">overview</a><a href="#documents">documents</a>'
        f'<a href="#indicators">indicators</a><a href="#items">items</a><a href="#attributes">attributes</a>'
        f'<a href="#review">documents one by one</a></nav><main>'
        f'<h1 id="overview">{esc(title)}</h1>{_run_line(m)}{warnings}{_cards(m)}'
        f'<p class="muted small">{esc(ci)}. Matching rules: eval/README.md.</p>'
        f"<h3>Errors by kind</h3>{_taxonomy_table(m)}"
        f'<h2 id="documents">Documents</h2>{_documents_table(ev, ids)}'
        f'<h2 id="indicators">Indicator facts</h2><div class="grid2"><div>'
        f'{_score_table("Per indicator", bd["indicators"]["by_indicator"], "indicator")}</div><div>'
        f'{_score_table("Per period", bd["indicators"]["by_period"], "period")}'
        f'{_score_table("Per measure", bd["indicators"]["by_measure"], "measure")}</div></div>'
        f'<h2 id="items">Quantified items</h2><div class="grid2"><div>'
        f'{_score_table("Per sector (strict)", bd["items_strict"]["by_sector"], "sector")}</div><div>'
        f'{_score_table("Per sector (loose)", bd["items_loose"]["by_sector"], "sector")}'
        f'{_score_table("Per status (strict)", bd["items_strict"]["by_status"], "status")}</div></div>'
        f'<h2 id="attributes">Fields on matched pairs</h2>'
        f'<p class="muted small">Indicator pairs from indicator matching, item pairs from loose matching; meta per document.</p>'
        f"{_attributes_table(m)}"
        f'<h2 id="review">Documents one by one</h2>'
        f'<p class="muted small">Each error links to its place in the text and back. Item errors are listed under the strict rule; '
        f"kinds marked (strict) do not count against the loose scores.</p>{_filters()}"
        + "".join(_document_section(doc, ev, ids[doc.doc_id]) for doc in ev.documents)
        + f'<footer>metrics.json holds every figure on this page. {esc(m.run.scored_with and "govreport-extractor " + m.run.scored_with)}</footer></main>'
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(tab)}</title><style>{_asset('report.css')}</style></head>"
        f"<body>{body}<script>{_inline_script(_asset('report.js'))}</script></body></html>\n"
    )

