"""Properties of the scorer over generated reports and annotation sets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.evaluation.breakdowns import all_breakdowns
from extractor.evaluation.harness import evaluate
from extractor.evaluation.scoring import LAYERS, Counts
from extractor.schema import Document, IndicatorFact, QuantifiedItem

# Clauses a generated report is made of; {n} is the figure.
CLAUSES = [
    ("新建", "污水处理厂", "座"),
    ("建成", "高标准农田", "亩"),
    ("改造", "老旧小区", "个"),
    ("培训", "农牧民", "人次"),
    ("新增", "城镇就业岗位", "个"),
    ("硬化", "乡村道路", "公里"),
]
INDICATORS = ["gdp", "retail_sales", "fixed_asset_investment", "budget_revenue"]
SUBJECT_VARIANTS = ["", "设施", "项目", "农田", "老旧小区改造", "道路"]

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def report(draw):
    """A text of clauses with distinct figures, and every fact it could hold."""
    n = draw(st.integers(min_value=1, max_value=6))
    values = draw(st.lists(st.integers(min_value=1, max_value=9999), min_size=n, max_size=n, unique=True))
    parts, items = [], []
    pos = 0
    for (action, subject, unit), value in zip(CLAUSES, values):
        clause = f"{action}{subject}{value}{unit}"
        items.append(
            QuantifiedItem(action=action, subject=subject, value=value, unit=unit, evidence=clause, status="achieved")
        )
        parts.append(clause + "。")
        pos += len(clause) + 1
    growths = draw(st.lists(st.integers(min_value=1, max_value=99), min_size=len(INDICATORS), max_size=len(INDICATORS)))
    indicators = []
    for name, g in zip(INDICATORS, growths):
        clause = f"指标{name}增长{g / 10:g}%"
        parts.append(clause + "。")
        indicators.append(
            IndicatorFact(indicator=name, period="actual", year=2023, measure="growth", value=g / 10, unit="%", evidence=clause)
        )
    return "".join(parts), indicators, items


@st.composite
def annotation(draw, facts):
    """One annotator's reading: a subset of the facts, some subjects and statuses changed."""
    _, indicators, items = facts
    chosen_ind = draw(st.lists(st.sampled_from(indicators), max_size=len(indicators))) if indicators else []
    chosen_items = []
    for it in items:
        if draw(st.booleans()):
            subject = draw(st.sampled_from([it.subject, *SUBJECT_VARIANTS]))
            status = draw(st.sampled_from(["achieved", "planned"]))
            chosen_items.append(QuantifiedItem.model_validate({**it.model_dump(), "subject": subject, "status": status}))
    return Document(doc_id="r1", indicators=chosen_ind, items=chosen_items)


@st.composite
def report_and_two_readings(draw):
    facts = draw(report())
    return facts[0], draw(annotation(facts)), draw(annotation(facts))


def run(pred: Document, gold: Document, text: str):
    return evaluate({pred.doc_id: pred}, {gold.doc_id: gold}, {gold.doc_id: text}, all_gold=True)


@FAST
@given(report_and_two_readings())
def test_gold_against_itself_is_perfect(case):
    text, a, _ = case
    m = run(a, a, text).metrics
    for layer in LAYERS:
        assert m.layer(layer).f1 == 1.0
    assert all(not kinds for kinds in m.errors.values())


@FAST
@given(report_and_two_readings())
def test_anything_against_empty_scores_zero(case):
    text, a, _ = case
    empty = Document(doc_id="r1")
    for pred, gold in ((a, empty), (empty, a)):
        m = run(pred, gold, text).metrics
        for layer in LAYERS:
            s = m.layer(layer)
            if s.n_pred or s.n_gold:
                assert s.f1 == 0.0


@FAST
@given(report_and_two_readings())
def test_f1_is_symmetric_when_every_figure_is_unique(case):
    # Each figure stands once in the report, so matching is a symmetric relation.
    text, a, b = case
    ab, ba = run(a, b, text).metrics, run(b, a, text).metrics
    for layer in LAYERS:
        assert ab.layer(layer).f1 == ba.layer(layer).f1
        assert ab.layer(layer).precision == ba.layer(layer).recall


@FAST
@given(report_and_two_readings())
def test_breakdowns_add_up_to_the_totals(case):
    text, a, b = case
    ev = run(a, b, text)
    for layer, tables in all_breakdowns(ev.documents).items():
        total = ev.scores.layer(layer)
        for rows in tables.values():
            summed = Counts.total(rows.values())
            assert (summed.tp, summed.tp_precision) == (total.tp, total.tp)
            assert (summed.n_pred, summed.n_gold) == (total.n_pred, total.n_gold)


@FAST
@given(report_and_two_readings())
def test_every_unmatched_fact_is_named_exactly_once(case):
    text, a, b = case
    ev = run(a, b, text)
    doc = ev.documents[0]
    for layer in LAYERS:
        errors = ev.errors["r1"][layer]
        m = doc.layer(layer)
        assert sorted(e.pred for e in errors if e.pred is not None) == sorted(m.unmatched_pred)
        assert sorted(e.gold for e in errors if e.gold is not None) == sorted(m.unmatched_gold)


@FAST
@given(report_and_two_readings())
def test_intervals_are_ordered_and_bounded(case):
    text, a, b = case
    m = run(a, b, text).metrics
    for layer in LAYERS:
        for lo, hi in (m.layer(layer).ci or {}).values():
            assert 0.0 <= lo <= hi <= 1.0
