"""What an LLM answers for one chunk: the two layers of GUIDELINES.md.

The answer is one object ``{"indicators": [...], "items": [...]}`` whose
entries carry exactly the field names of the guidelines, so any server that
answers in the guidelines' format is understood.  Validation is strict where
a wrong value would change a fact (ids, periods, measures, qualifiers,
numbers) and lenient where it cannot (a sector id the model garbled becomes
``other``): a re-ask costs a whole call, so it is spent only on what matters.

The JSON schema sent to the model is kept lean (no titles, short
descriptions): it is part of every request.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

from ...schema import (
    IndicatorFact,
    IndicatorId,
    Measure,
    Period,
    QuantifiedItem,
    Qualifier,
    ReportMeta,
    Sector,
    Status,
)

TOOL_NAME = "record_facts"

F = TypeVar("F", IndicatorFact, QuantifiedItem)

_NUMBER_NOISE = re.compile(r"[,，\s]")
_YEAR = re.compile(r"(?:19|20)\d{2}")


def _number(v: Any) -> Any:
    # "1,700" and " 4.77 " are numbers as models write them; anything else
    # is left for pydantic to reject (and instructor to re-ask).
    if isinstance(v, str):
        return _NUMBER_NOISE.sub("", v)
    return v


def _year(v: Any) -> Any:
    if isinstance(v, str):
        if not v.strip() or v.strip().lower() in {"null", "none"}:
            return None
        m = _YEAR.search(v)
        return int(m.group()) if m else v
    return v


def _sector(v: Any) -> Any:
    # The sector is not part of any fact's identity; a garbled one is not
    # worth a re-ask.  "digital" → digital_science, unknown → other.
    if isinstance(v, Sector):
        return v
    if not isinstance(v, str):
        return Sector.other
    key = v.strip().lower()
    if key in Sector._value2member_map_:
        return key
    matches = [s for s in Sector if s.value.startswith(key) or key.startswith(s.value)] if key else []
    return matches[0] if len(matches) == 1 else Sector.other


def _text(v: Any) -> Any:
    return "" if v is None else v


Value = Annotated[float, BeforeValidator(_number), Field(description="原文数字;万、亿留在unit;下降为负")]
Unit = Annotated[str, Field(min_length=1, description="原文单位,如亿元、万人次、%、个")]
QualifierField = Annotated[
    Qualifier, Field(description="exact;approx=左右;at_least=以上/不低于/超过;at_most=以内/以下/不超过")
]
Evidence = Annotated[str, Field(min_length=1, description="含名称与数字的最短原文,逐字照抄")]


class IndicatorEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    indicator: Annotated[
        IndicatorId,
        Field(
            description="industrial_value_added=规上工业增加值;industrial_output=规上工业总产值;"
            "budget_revenue=一般公共预算收入;resident_income=全体居民人均可支配收入;rural_income=农村(牧区)居民;"
            "grain_area=粮食播面;grassland_cover=草原综合植被盖度;energy_intensity=单位GDP能耗;"
            "livelihood_spending_share=民生支出占比"
        ),
    ]
    period: Annotated[Period, Field(description="actual=回顾年实绩;target=计划年目标")]
    year: Annotated[int | None, BeforeValidator(_year), Field(description="数字所属年份")] = None
    measure: Annotated[Measure, Field(description="level=量或比重;growth=同比增速%")]
    value: Value
    unit: Unit
    qualifier: QualifierField = Qualifier.exact
    estimated: Annotated[bool, Field(description="原文标明预计")] = False
    evidence: Evidence


class ItemEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Annotated[Status, Field(description="achieved=已完成;planned=计划")]
    action: Annotated[str, BeforeValidator(_text), Field(description="支配数字的动词,如新建、完成")] = ""
    subject: Annotated[str, BeforeValidator(_text), Field(description="所计量事物的最短名词短语")] = ""
    value: Value
    unit: Unit
    qualifier: QualifierField = Qualifier.exact
    sector: Annotated[Sector, BeforeValidator(_sector)] = Sector.other
    evidence: Evidence


class _LeanJsonSchema(GenerateJsonSchema):
    """Pydantic's schema without the titles it puts on every field and type."""

    def generate(self, schema: Any, mode: JsonSchemaMode = "validation") -> dict[str, Any]:
        out = super().generate(schema, mode)
        title = out.get("title")
        _drop_titles(out)
        if title is not None:
            out["title"] = title  # instructor names the tool after it
        return out


def _drop_titles(node: Any) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            del node["title"]
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop in value.values():
                    _drop_titles(prop)
            else:
                _drop_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_titles(value)


class ChunkAnswer(BaseModel):
    """记录报告片段中的数字事实"""

    model_config = ConfigDict(title=TOOL_NAME, extra="ignore")

    indicators: list[IndicatorEntry]
    items: list[ItemEntry]

    @classmethod
    def model_json_schema(  # type: ignore[override]
        cls,
        by_alias: bool | None = None,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = _LeanJsonSchema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        kwargs.setdefault("union_format", "primitive_type_array")
        return super().model_json_schema(by_alias, ref_template, schema_generator, mode, **kwargs)


EMPTY_ANSWER = '{"indicators":[],"items":[]}'


def answer_schema_hash() -> str:
    """A short hash of the schema the model answers in (recorded in provenance)."""
    blob = json.dumps(ChunkAnswer.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def to_facts(answer: ChunkAnswer, meta: ReportMeta) -> tuple[list[IndicatorFact], list[QuantifiedItem], int]:
    """The answer as pipeline facts, and how many entries had to be dropped.

    A year the model left out is the report's: the review year for an actual,
    the plan year for a target.  An entry the guidelines rule out (a growth
    not in %, e.g. 个百分点) is dropped rather than re-asked.  Offsets stay
    unset: grounding finds them.
    """

    def fill_year(fields: dict[str, Any]) -> dict[str, Any]:
        if fields["year"] is None:
            fields["year"] = meta.review_year if fields["period"] == Period.actual else meta.plan_year
        return fields

    indicators, dropped_indicators = _convert(answer.indicators, IndicatorFact, fill_year)
    items, dropped_items = _convert(answer.items, QuantifiedItem, lambda fields: fields)
    return indicators, items, dropped_indicators + dropped_items


def _convert(entries: list[Any], fact_type: type[F], adjust: Callable[[dict[str, Any]], dict[str, Any]]) -> tuple[list[F], int]:
    facts: list[F] = []
    dropped = 0
    for entry in entries:
        # Text fields trimmed (enums are str too: left alone); evidence is a quote, kept as given.
        fields = {k: v.strip() if type(v) is str and k != "evidence" else v for k, v in entry.model_dump().items()}
        try:
            facts.append(fact_type(**adjust(fields)))
        except ValueError:
            dropped += 1
    return facts, dropped
