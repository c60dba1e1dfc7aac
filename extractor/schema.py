"""The data contract: pydantic models mirroring eval/GUIDELINES.md.

A gold file loads into :class:`Document` unchanged; an extracted document is
the same model with offsets, canonical units, provenance and diagnostics
filled in.  Every stage of the pipeline speaks these models.
"""

from __future__ import annotations

import hashlib
import json
import math
from enum import Enum
from operator import attrgetter
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, PlainSerializer, field_validator, model_validator


class _StrEnum(str, Enum):
    # The JSON serialiser reads ``.value`` of every enum field; Enum's own
    # property runs two Python frames per read, this one none.
    value = property(attrgetter("_value_"))  # type: ignore[assignment]

    def __str__(self) -> str:  # so f-strings and tables show the bare id
        return self.value


class IndicatorId(_StrEnum):
    gdp = "gdp"
    gdp_per_capita = "gdp_per_capita"
    industrial_value_added = "industrial_value_added"
    industrial_output = "industrial_output"
    fixed_asset_investment = "fixed_asset_investment"
    retail_sales = "retail_sales"
    budget_revenue = "budget_revenue"
    foreign_trade = "foreign_trade"
    resident_income = "resident_income"
    urban_income = "urban_income"
    rural_income = "rural_income"
    cpi = "cpi"
    registered_unemployment = "registered_unemployment"
    surveyed_unemployment = "surveyed_unemployment"
    new_urban_jobs = "new_urban_jobs"
    grain_output = "grain_output"
    grain_area = "grain_area"
    tourist_arrivals = "tourist_arrivals"
    tourism_revenue = "tourism_revenue"
    forest_coverage = "forest_coverage"
    grassland_cover = "grassland_cover"
    energy_intensity = "energy_intensity"
    livelihood_spending_share = "livelihood_spending_share"


class Period(_StrEnum):
    actual = "actual"
    target = "target"


class Measure(_StrEnum):
    level = "level"
    growth = "growth"


class Qualifier(_StrEnum):
    exact = "exact"
    approx = "approx"
    at_least = "at_least"
    at_most = "at_most"


class Status(_StrEnum):
    achieved = "achieved"
    planned = "planned"


class Sector(_StrEnum):
    economy = "economy"
    industry_energy = "industry_energy"
    agriculture = "agriculture"
    tourism_culture = "tourism_culture"
    infrastructure_transport = "infrastructure_transport"
    digital_science = "digital_science"
    urban_rural = "urban_rural"
    education = "education"
    health = "health"
    social_security_employment = "social_security_employment"
    ecology = "ecology"
    safety_governance = "safety_governance"
    other = "other"


class AdminLevel(_StrEnum):
    province = "province"
    prefecture = "prefecture"
    county = "county"


class Alignment(_StrEnum):
    """How a fact's evidence was found in the source text (grounding)."""

    exact = "exact"
    normalized = "normalized"
    fuzzy = "fuzzy"


def _compact_number(v: float) -> float | int:
    # 7000 rather than 7000.0, as the gold files write it.
    # is_integer() is False for inf and nan, so no finiteness check is needed.
    if isinstance(v, float) and v.is_integer() and -(2**53) < v < 2**53:
        return int(v)
    return v


Number = Annotated[float, PlainSerializer(_compact_number, when_used="json")]


class ReportMeta(BaseModel):
    region: str | None = None
    admin_level: AdminLevel | None = None
    review_year: int | None = None
    plan_year: int | None = None


class Fact(BaseModel):
    """Fields every fact shares: the figure, its evidence and where it is."""

    value: Number
    unit: str = Field(min_length=1)
    qualifier: Qualifier = Qualifier.exact
    evidence: str = Field(min_length=1)
    # Absolute character offsets of ``evidence`` in the loaded source text.
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    alignment: Alignment | None = None
    canonical_value: Number | None = None
    canonical_unit: str | None = None

    @field_validator("unit", mode="before")
    @classmethod
    def _unit_width(cls, v: object) -> object:
        # "％" and " %" are how models and PDFs write "%"; one spelling for validators and comparison.
        return v.strip().replace("％", "%") if isinstance(v, str) else v

    def with_fields(self, update: dict[str, Any]) -> Self:
        """``model_copy(update=update)``: a shallow copy with ``update`` set, not validated.

        Grounding copies every fact it keeps; model_copy's generic path (extra
        and private attributes, which facts never have) costs twice as much.
        """
        copied = self.__class__.__new__(self.__class__)
        _set = object.__setattr__
        _set(copied, "__dict__", {**self.__dict__, **update})
        _set(copied, "__pydantic_extra__", None)
        _set(copied, "__pydantic_fields_set__", self.__pydantic_fields_set__ | update.keys())
        _set(copied, "__pydantic_private__", None)
        return copied

    @model_validator(mode="after")
    def _offsets_consistent(self) -> "Fact":
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must be given together")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        if not math.isfinite(self.value):
            raise ValueError("value must be a finite number")
        return self


# Levels that are rates (always %) and levels that are amounts (never %),
# per the vocabulary table of GUIDELINES.md.
_RATE_LEVELS = frozenset(
    {
        IndicatorId.registered_unemployment,
        IndicatorId.surveyed_unemployment,
        IndicatorId.forest_coverage,
        IndicatorId.grassland_cover,
        IndicatorId.livelihood_spending_share,
    }
)
_AMOUNT_LEVELS = frozenset(
    {
        IndicatorId.gdp,
        IndicatorId.gdp_per_capita,
        IndicatorId.industrial_output,
        IndicatorId.fixed_asset_investment,
        IndicatorId.retail_sales,
        IndicatorId.budget_revenue,
        IndicatorId.foreign_trade,
        IndicatorId.resident_income,
        IndicatorId.urban_income,
        IndicatorId.rural_income,
        IndicatorId.new_urban_jobs,
        IndicatorId.grain_output,
        IndicatorId.grain_area,
        IndicatorId.tourist_arrivals,
        IndicatorId.tourism_revenue,
    }
)


class IndicatorFact(Fact):
    indicator: IndicatorId
    period: Period
    year: int | None = None
    measure: Measure
    estimated: bool = False
    # Set by merging when the same indicator key got two different values.
    conflict: bool | None = None

    @model_validator(mode="after")
    def _growth_in_percent(self) -> "IndicatorFact":
        if self.measure is Measure.growth and self.unit != "%":
            raise ValueError(f"a growth must be in %, got unit {self.unit!r}")
        if self.measure is Measure.level:
            if self.indicator in _RATE_LEVELS and self.unit != "%":
                raise ValueError(f"the level of {self.indicator} is a rate in %, got unit {self.unit!r}")
            if self.indicator in _AMOUNT_LEVELS and self.unit == "%":
                raise ValueError(f"the level of {self.indicator} is an amount, not a %; is it a growth?")
        return self

    def key(self) -> tuple:
        """What makes two indicator facts 'the same fact' (GUIDELINES.md)."""
        return (self.indicator, self.period, self.year, self.measure)


class QuantifiedItem(Fact):
    status: Status
    action: str = ""
    subject: str = ""
    sector: Sector = Sector.other


class ChunkAttempt(BaseModel):
    """One try at a chunk: what came back and what went wrong."""

    error: str
    response: str | None = None


class ChunkFailure(BaseModel):
    chunk: int
    start: int
    end: int
    error: str
    attempts: list[ChunkAttempt] = Field(default_factory=list)


class UngroundedFact(BaseModel):
    """A fact a backend returned that grounding could not tie to the text."""

    layer: str  # "indicators" | "items"
    chunk: int
    reason: str
    fact: dict[str, Any]


class Diagnostics(BaseModel):
    chunks: int = 0
    chunks_skipped: int = 0
    failed_chunks: list[ChunkFailure] = Field(default_factory=list)
    ungrounded: list[UngroundedFact] = Field(default_factory=list)
    # Counters by kind: aligned_exact, aligned_normalized, aligned_fuzzy,
    # ungrounded_evidence, ungrounded_value, duplicates_merged, conflicts ...
    counts: dict[str, int] = Field(default_factory=dict)

    def bump(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


class Usage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    cache_hits: int = 0
    cost_usd: float | None = None

    def add(self, other: "Usage") -> None:
        # Each assignment goes through BaseModel.__setattr__, and most chunks
        # (every chunk of a local backend) add nothing: set only what changes.
        if other.calls:
            self.calls += other.calls
        if other.prompt_tokens:
            self.prompt_tokens += other.prompt_tokens
        if other.completion_tokens:
            self.completion_tokens += other.completion_tokens
        if other.retries:
            self.retries += other.retries
        if other.cache_hits:
            self.cache_hits += other.cache_hits
        if other.cost_usd is not None:
            self.cost_usd = round((self.cost_usd or 0.0) + other.cost_usd, 6)


class Provenance(BaseModel):
    backend: str
    model: str | None = None
    prompt_version: str | None = None
    schema_hash: str
    extractor_version: str
    source_sha256: str
    base_url_host: str | None = None
    # Hash of every setting that can change the output; a batch job skips a
    # document only when both this and source_sha256 match.
    config_hash: str | None = None
    # The OpenAI Batch API batches whose answers the document was built from.
    batches: list[str] | None = None


class Document(BaseModel):
    doc_id: str
    meta: ReportMeta = Field(default_factory=ReportMeta)
    indicators: list[IndicatorFact] = Field(default_factory=list)
    items: list[QuantifiedItem] = Field(default_factory=list)
    provenance: Provenance | None = None
    diagnostics: Diagnostics | None = None
    usage: Usage | None = None

    def to_json_line(self) -> str:
        """One JSONL line; deterministic for the same content."""
        return self.model_dump_json(exclude_none=True)


def schema_hash() -> str:
    """A short hash of the output schema, recorded in provenance."""
    blob = json.dumps(Document.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

