"""The schema of metrics.json (documented in eval/README.md).

Version 1.  Fields are only ever added within a version; a consumer reads
``indicators``, ``items_loose`` and ``items_strict`` at the top level and,
for a comparison, the per-document counts under ``documents``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ..errors import InputError
from .scoring import Counts

SCHEMA_VERSION = 1


class LayerCounts(BaseModel):
    tp: int = Field(ge=0)
    n_pred: int = Field(ge=0)
    n_gold: int = Field(ge=0)

    def counts(self) -> Counts:
        return Counts(self.tp, self.n_pred, self.n_gold)

    @classmethod
    def of(cls, c: Counts) -> "LayerCounts":
        return cls(tp=c.tp, n_pred=c.n_pred, n_gold=c.n_gold)


class LayerScore(BaseModel):
    precision: float
    recall: float
    f1: float
    tp: int = Field(ge=0)
    n_pred: int = Field(ge=0)
    n_gold: int = Field(ge=0)
    # Breakdowns by an item attribute only: matched predictions in this row
    # when they differ from ``tp`` (matched gold facts in this row).
    tp_pred: int | None = None
    # 95% bootstrap intervals over documents: {"precision": [lo, hi], ...}
    ci: dict[str, tuple[float, float]] | None = None

    @classmethod
    def of(cls, c: Counts, ci: dict[str, tuple[float, float]] | None = None) -> "LayerScore":
        return cls(**c.as_dict(), ci=ci)

    def counts(self) -> Counts:
        return Counts(self.tp, self.n_pred, self.n_gold, self.tp_pred)


class DocumentMetrics(BaseModel):
    # "scored"; "failed" (the run gave up on it); "missing" (no prediction line).
    status: str = "scored"
    indicators: LayerScore
    items_loose: LayerScore
    items_strict: LayerScore
    errors: dict[str, dict[str, int]] = Field(default_factory=dict)
    # Indicator counts per indicator id, for paired bootstraps per indicator.
    by_indicator: dict[str, LayerCounts] = Field(default_factory=dict)

    def layer(self, name: str) -> LayerScore:
        return getattr(self, name)


class AttributeScore(BaseModel):
    accuracy: float | None = None
    agree: int
    total: int
    kappa: float | None = None
    # The most frequent disagreements: [gold, predicted, count].
    confusions: list[tuple[str, str, int]] = Field(default_factory=list)


class RunInfo(BaseModel):
    predictions: str | None = None
    gold: str | None = None
    reports: str | None = None
    # From the predictions' provenance; several values joined with ", ".
    backend: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    extractor_version: str | None = None
    scored_with: str | None = None  # version of the scorer


class BootstrapInfo(BaseModel):
    unit: str = "document"
    resamples: int
    seed: int
    confidence: float


class Coverage(BaseModel):
    gold_documents: int
    scored_documents: int
    failed: list[str] = Field(default_factory=list)
    without_prediction: list[str] = Field(default_factory=list)
    not_in_gold: list[str] = Field(default_factory=list)


class Metrics(BaseModel):
    schema_version: int = SCHEMA_VERSION
    indicators: LayerScore
    items_loose: LayerScore
    items_strict: LayerScore
    errors: dict[str, dict[str, int]]
    breakdowns: dict[str, dict[str, dict[str, LayerScore]]]
    attributes: dict[str, dict[str, AttributeScore]]
    documents: dict[str, DocumentMetrics]
    run: RunInfo
    bootstrap: BootstrapInfo
    coverage: Coverage
    warnings: list[str] = Field(default_factory=list)

    def layer(self, name: str) -> LayerScore:
        return getattr(self, name)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True) + "\n"


def read_metrics(path: str | Path) -> Metrics:
    p = Path(path)
    hint = "give a metrics.json written by `extractor eval --out DIR`"
    if p.is_dir():
        p = p / "metrics.json"
    if not p.is_file():
        raise InputError("no such metrics file", path=p, hint=hint)
    try:
        raw: Any = p.read_text(encoding="utf-8")
        metrics = Metrics.model_validate_json(raw)
    except (ValidationError, UnicodeDecodeError) as exc:
        detail = ""
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            detail = f" ({'.'.join(str(x) for x in first.get('loc', ()))}: {first.get('msg')})"
        raise InputError(f"not a metrics.json of this tool{detail}", path=p, hint=hint) from None
    if metrics.schema_version > SCHEMA_VERSION:
        raise InputError(
            f"written by a newer version (schema {metrics.schema_version})", path=p, hint="upgrade govreport-extractor"
        )
    return metrics
