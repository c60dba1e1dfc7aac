"""Small hand-built reports, gold sets and predictions for the scorer's tests.

Every sentence here is written for the tests; none comes from eval/reports.
"""

from __future__ import annotations

from extractor.evaluation.harness import Evaluation, evaluate
from extractor.evaluation.scoring import DocResult, score_document
from extractor.schema import Diagnostics, Document, IndicatorFact, QuantifiedItem, UngroundedFact

TEXT = (
    "一、2023年工作回顾\n"
    "全市地区生产总值达到812.5亿元，增长6.1%。接待游客4.77万人次。\n"
    "城镇和农村居民人均可支配收入分别增长4.5%和8.2%。\n"
    "新建污水处理厂3座、垃圾转运站12个。建成高标准农田7200亩。\n"
    "二、2024年主要预期目标\n"
    "地区生产总值增长6%左右。新建乡村公路120公里。\n"
)


def evidence_span(text: str, evidence: str) -> tuple[int, int]:
    at = text.index(evidence)
    return at, at + len(evidence)


def ind(
    indicator: str,
    value: float,
    evidence: str,
    *,
    unit: str = "%",
    period: str = "actual",
    year: int | None = 2023,
    measure: str = "growth",
    **kw,
) -> IndicatorFact:
    return IndicatorFact(
        indicator=indicator, value=value, unit=unit, evidence=evidence, period=period, year=year, measure=measure, **kw
    )


def item(subject: str, value: float, unit: str, evidence: str, *, status: str = "achieved", **kw) -> QuantifiedItem:
    return QuantifiedItem(subject=subject, value=value, unit=unit, evidence=evidence, status=status, **kw)


def doc(indicators=(), items=(), doc_id: str = "t1", **kw) -> Document:
    return Document(doc_id=doc_id, indicators=list(indicators), items=list(items), **kw)


def gold_doc(doc_id: str = "t1") -> Document:
    """A gold document for TEXT: 4 indicator facts, 4 items."""
    return doc(
        [
            ind("gdp", 812.5, "全市地区生产总值达到812.5亿元", unit="亿元", measure="level"),
            ind("gdp", 6.1, "全市地区生产总值达到812.5亿元，增长6.1%"),
            ind("tourist_arrivals", 4.77, "接待游客4.77万人次", unit="万人次", measure="level"),
            ind("gdp", 6, "地区生产总值增长6%左右", period="target", year=2024, qualifier="approx"),
        ],
        [
            item("污水处理厂", 3, "座", "新建污水处理厂3座", action="新建", sector="ecology"),
            item("垃圾转运站", 12, "个", "垃圾转运站12个", action="新建", sector="ecology"),
            item("高标准农田", 7200, "亩", "建成高标准农田7200亩", action="建成", sector="agriculture"),
            item("乡村公路", 120, "公里", "新建乡村公路120公里", status="planned", action="新建",
                 sector="infrastructure_transport"),
        ],
        doc_id=doc_id,
    )


def score(pred: Document | None, gold: Document, text: str | None = TEXT) -> DocResult:
    return score_document(pred, gold, text)


def evaluate_one(pred: Document | None, gold: Document, text: str | None = TEXT) -> Evaluation:
    preds = {pred.doc_id: pred} if pred is not None else {}
    texts = {gold.doc_id: text} if text is not None else {}
    return evaluate(preds, {gold.doc_id: gold}, texts, all_gold=True)


def kinds(ev: Evaluation, layer: str) -> dict[str, int]:
    return ev.metrics.errors.get(layer, {})


HOSTILE_TEXT = TEXT + "新建<b>图书馆</b>2座。<script>document.title='PWNED'</script>\n"


def hostile_case() -> Evaluation:
    """One error of each kind, with markup in the report, the gold and the prediction."""
    gold = gold_doc()
    gold = gold.model_copy(update={"items": [*gold.items, item("<b>图书馆</b>", 2, "座", "新建<b>图书馆</b>2座")]})
    pred_items = [
        gold.items[0],  # matched
        item("垃圾转运站", 13, "个", "垃圾转运站12个"),  # wrong value
        item("农田", 7200, "万亩", "建成高标准农田7200亩"),  # wrong unit scale
        item("<img src=x onerror=alert(1)>", 120, "公里", "新建乡村公路120公里", status="planned"),  # strict: subject
        item("图书馆", 2, "座", "新建<b>图书馆</b>2座", status="planned"),  # strict: status
        item("体育馆", 1, "座", "</script><script>alert('x')</script>"),  # ungrounded
    ]
    pred_ind = [
        gold.indicators[0],
        ind("gdp", 6.3, "全市地区生产总值达到812.5亿元，增长6.1%"),  # wrong value
        ind("gdp", 6, "地区生产总值增长6%左右", period="actual", year=2023),  # wrong period
    ]
    dropped = UngroundedFact(  # a fact grounding dropped, as a run's diagnostics list it
        layer="indicators", chunk=3, reason="value 9 is not in its evidence",
        fact={"indicator": "cpi", "value": 9, "unit": "%", "evidence": "<u>居民消费价格</u>上涨9%"},
    )
    pred = doc(pred_ind, pred_items, meta={"region": "<i>某市</i>"}, diagnostics=Diagnostics(ungrounded=[dropped]))
    return evaluate_one(pred, gold, HOSTILE_TEXT)
