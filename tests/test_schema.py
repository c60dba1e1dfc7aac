"""The data contract: gold files load, invalid facts are rejected, output is stable."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from extractor.schema import Document, IndicatorFact, QuantifiedItem, schema_hash

from tests.helpers import GOLD_DIR


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_every_gold_file_loads_and_round_trips(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    doc = Document.model_validate(raw)
    assert doc.doc_id == path.stem
    assert len(doc.indicators) == len(raw["indicators"])
    assert len(doc.items) == len(raw["items"])
    # Dumping a gold document gives back the gold JSON, numbers written the same way.
    assert json.loads(doc.to_json_line()) == raw


def _indicator(**kw):
    base = dict(
        indicator="gdp", period="actual", year=2023, measure="growth", value=6.5,
        unit="%", qualifier="exact", estimated=False, evidence="生产总值增长6.5%",
    )
    base.update(kw)
    return IndicatorFact.model_validate(base)


def test_growth_must_be_in_percent():
    with pytest.raises(ValidationError, match="growth must be in %"):
        _indicator(unit="亿元")


def test_unknown_indicator_id_is_rejected():
    with pytest.raises(ValidationError):
        _indicator(indicator="gross_happiness")


def test_offsets_come_in_pairs_and_in_order():
    with pytest.raises(ValidationError):
        _indicator(start=3)
    with pytest.raises(ValidationError):
        _indicator(start=9, end=3)
    assert _indicator(start=3, end=9).end == 9


def test_integral_values_are_written_without_decimal_point():
    item = QuantifiedItem(status="planned", subject="基站", value=1700.0, unit="个", evidence="新建基站1700个")
    assert '"value":1700' in item.model_dump_json()
    assert '"value":2.5' in item.model_copy(update={"value": 2.5}).model_dump_json()


def test_output_lines_leave_out_unset_fields():
    doc = Document(doc_id="x")
    assert json.loads(doc.to_json_line()) == {"doc_id": "x", "meta": {}, "indicators": [], "items": []}


def test_schema_hash_is_stable():
    assert schema_hash() == schema_hash()
    assert len(schema_hash()) == 16
