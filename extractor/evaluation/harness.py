"""From a prediction set and a gold set to an :class:`Evaluation`.

Which documents count: every gold document the prediction file has a line
for, and every one its run gave up on (the ``.failures.jsonl`` side file;
they score as all missed).  Gold documents the prediction never mentions are
left out with a warning, so a single gold file scores itself at 1.0; with
``all_gold`` they count as all missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import GoldError
from ..loading import text_sha256
from ..schema import Document
from ..version import __version__
from .attributes import agreement_dict, attribute_agreement
from .bootstrap import CONFIDENCE, RESAMPLES, SEED, bootstrap_ci, resamples
from .breakdowns import all_breakdowns, by_indicator
from .metrics import (
    AttributeScore,
    BootstrapInfo,
    Coverage,
    DocumentMetrics,
    LayerCounts,
    LayerScore,
    Metrics,
    RunInfo,
)
from .scoring import LAYERS, DocResult, Scores, score_document, total_scores
from .taxonomy import FactError, classify, count_kinds


@dataclass
class Evaluation:
    scores: Scores
    errors: dict[str, dict[str, list[FactError]]]  # doc_id → layer → errors
    metrics: Metrics

    @property
    def documents(self) -> list[DocResult]:
        return self.scores.documents


def _listing(ids: list[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _joined(values: Iterable[str | None]) -> str | None:
    seen = sorted({v for v in values if v})
    return ", ".join(seen) if seen else None


def run_info(preds: dict[str, Document], **paths: str | None) -> RunInfo:
    provs = [d.provenance for d in preds.values() if d.provenance is not None]
    return RunInfo(
        **paths,
        backend=_joined(p.backend for p in provs),
        model=_joined(p.model for p in provs),
        prompt_version=_joined(p.prompt_version for p in provs),
        extractor_version=_joined(p.extractor_version for p in provs),
        scored_with=__version__,
    )


def _text_warnings(docs: list[DocResult]) -> list[str]:
    """One line per kind of trouble with the report texts, naming the documents."""
    no_text, lost, other_text = [], [], []
    for doc in docs:
        if doc.text is None:
            no_text.append(doc.doc_id)
            continue
        n = sum(s is None for s in doc.gold_facts.indicator_spans + doc.gold_facts.item_spans)
        if n:
            lost.append(f"{doc.doc_id} ({n})")
        prov = doc.pred.provenance if doc.pred else None
        if prov is not None and prov.source_sha256 != text_sha256(doc.text):
            other_text.append(doc.doc_id)
    out = []
    if no_text:
        out.append(f"{len(no_text)} document(s) have no report text; items matched by evidence alone: {_listing(no_text)}")
    if lost:
        out.append(f"gold facts whose evidence is not in the report (gold errors?): {_listing(lost)}")
    if other_text:
        out.append(
            f"{len(other_text)} document(s) were extracted from another text than the report scored against; "
            f"offsets re-located: {_listing(other_text)}"
        )
    return out


def evaluate(
    preds: dict[str, Document],
    golds: dict[str, Document],
    texts: dict[str, str],
    *,
    failed: Iterable[str] = (),
    all_gold: bool = False,
    run: RunInfo | None = None,
    warnings: list[str] | None = None,
) -> Evaluation:
    warnings = list(warnings or [])
    failed_ids = set(failed) - set(preds)
    if not preds and not failed_ids and not all_gold:
        raise GoldError("the prediction holds no documents", hint="check that the extraction run wrote its output")
    not_in_gold = sorted(set(preds) - set(golds))
    if not_in_gold:
        warnings.append(f"{len(not_in_gold)} predicted doc_id(s) not in the gold set, left out: {_listing(not_in_gold)}")
    chosen = sorted(d for d in golds if all_gold or d in preds or d in failed_ids)
    unscored = sorted(set(golds) - set(chosen))
    if unscored:
        warnings.append(
            f"{len(unscored)} gold document(s) have no prediction and are not scored "
            f"(--all-gold counts them as missed): {_listing(unscored)}"
        )
    if not chosen:
        raise GoldError(
            "no predicted doc_id is in the gold set",
            hint="doc_ids are report file names without .txt; check --gold",
        )

    docs = []
    for doc_id in chosen:
        status = "scored" if doc_id in preds else "failed" if doc_id in failed_ids else "missing"
        doc = score_document(preds.get(doc_id), golds[doc_id], texts.get(doc_id), status)
        docs.append(doc)
    warnings.extend(_text_warnings(docs))
    errors = {d.doc_id: classify(d) for d in docs}
    scores = total_scores(docs)
    coverage = Coverage(
        gold_documents=len(golds),
        scored_documents=len(docs),
        failed=sorted(d for d in chosen if d in failed_ids),
        without_prediction=unscored if not all_gold else sorted(d.doc_id for d in docs if d.status == "missing"),
        not_in_gold=not_in_gold,
    )
    metrics = _metrics(scores, errors, run or run_info(preds), coverage, warnings)
    return Evaluation(scores, errors, metrics)


def _metrics(
    scores: Scores,
    errors: dict[str, dict[str, list[FactError]]],
    run: RunInfo,
    coverage: Coverage,
    warnings: list[str],
) -> Metrics:
    docs = scores.documents
    draws = resamples(len(docs))
    headline = {
        layer: LayerScore.of(scores.layer(layer), bootstrap_ci([d.counts(layer) for d in docs], draws))
        for layer in LAYERS
    }
    all_errors = {layer: [e for d in docs for e in errors[d.doc_id][layer]] for layer in LAYERS}
    documents = {
        d.doc_id: DocumentMetrics(
            status=d.status,
            **{layer: LayerScore.of(d.counts(layer)) for layer in LAYERS},
            errors={layer: count_kinds(errors[d.doc_id][layer]) for layer in LAYERS},
            by_indicator={k: LayerCounts.of(c) for k, c in by_indicator(d).items()},
        )
        for d in docs
    }
    breakdowns = {
        layer: {name: {value: LayerScore.of(c) for value, c in rows.items()} for name, rows in tables.items()}
        for layer, tables in all_breakdowns(docs).items()
    }
    attributes = {
        group: {name: AttributeScore(**a) for name, a in fields.items()}
        for group, fields in agreement_dict(attribute_agreement(docs)).items()
    }
    return Metrics(
        **headline,
        errors={layer: count_kinds(errs) for layer, errs in all_errors.items()},
        breakdowns=breakdowns,
        attributes=attributes,
        documents=documents,
        run=run,
        bootstrap=BootstrapInfo(resamples=RESAMPLES, seed=SEED, confidence=CONFIDENCE),
        coverage=coverage,
        warnings=warnings,
    )
