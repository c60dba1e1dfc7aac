"""`extractor eval` from the command line: outputs, modes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_builders import TEXT, doc, gold_doc, item

from extractor.cli import main
from extractor.evaluation.metrics import read_metrics

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_GOLD = ROOT / "eval" / "gold"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def f1s(table: str) -> dict[str, str]:
    return {line.split()[0]: line.split()[3] for line in table.splitlines()[1:] if line.strip()}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A gold folder with one report (t1) and its text."""
    (tmp_path / "gold").mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "gold" / "t1.json").write_text(gold_doc().model_dump_json(exclude_none=True), encoding="utf-8")
    (tmp_path / "reports" / "t1.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def write_jsonl(path: Path, *docs) -> Path:
    path.write_text("".join(d.model_dump_json(exclude_none=True) + "\n" for d in docs), encoding="utf-8")
    return path


def scored(capsys, ws: Path, pred: Path, *extra: str) -> tuple[int, str, str]:
    return cli(capsys, "eval", pred, "--gold", ws / "gold", "--reports", ws / "reports", *extra)


# --- the bundled gold set ------------------------------------------------------

def test_bundled_gold_folder_scores_itself_at_one(capsys):
    code, out, _ = cli(capsys, "eval", BUNDLED_GOLD)
    assert code == 0
    assert f1s(out) == {"indicators": "1.000", "items_loose": "1.000", "items_strict": "1.000"}


def test_one_bundled_gold_file_scores_itself_at_one(capsys):
    first = sorted(BUNDLED_GOLD.glob("*.json"))[0]
    code, out, err = cli(capsys, "eval", first)
    assert code == 0
    assert set(f1s(out).values()) == {"1.000"}
    assert "have no prediction and are not scored" in err


def test_eval_with_a_backend_extracts_the_gold_reports_and_scores_them(capsys, tmp_path):
    code, out, err = cli(capsys, "eval", "--backend", "rules", "--out", tmp_path)
    assert code == 0
    assert set(f1s(out)) == {"indicators", "items_loose", "items_strict"}
    lines = (tmp_path / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(list(BUNDLED_GOLD.glob("*.json")))
    metrics = read_metrics(tmp_path / "metrics.json")
    assert metrics.run.backend == "rules"
    assert metrics.coverage.scored_documents == len(lines)


# --- outputs -------------------------------------------------------------------

def test_out_folder_holds_metrics_summary_and_report(capsys, workspace):
    pred = write_jsonl(workspace / "pred.jsonl", gold_doc())
    code, out, err = scored(capsys, workspace, pred, "--out", workspace / "out")
    assert code == 0 and "wrote" in err
    raw = json.loads((workspace / "out" / "metrics.json").read_text(encoding="utf-8"))
    for layer in ("indicators", "items_loose", "items_strict"):
        assert {"precision", "recall", "f1", "tp", "n_pred", "n_gold", "ci"} <= set(raw[layer])
        assert raw[layer]["f1"] == 1.0
        assert raw["documents"]["t1"][layer]["tp"] == raw[layer]["tp"]
    assert raw["schema_version"] == 1
    assert raw["bootstrap"] == {"unit": "document", "resamples": 1000, "seed": 20240229, "confidence": 0.95}
    summary = (workspace / "out" / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Extraction scores") and "| indicator facts |" in summary
    assert (workspace / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_prediction_without_offsets_in_a_json_file_scores_like_jsonl(capsys, workspace):
    (workspace / "pred.json").write_text(gold_doc().model_dump_json(), encoding="utf-8")
    code, out, _ = scored(capsys, workspace, workspace / "pred.json")
    assert code == 0 and set(f1s(out).values()) == {"1.000"}


def test_failed_documents_of_the_run_count_as_missed(capsys, workspace):
    (workspace / "gold" / "t2.json").write_text(gold_doc("t2").model_dump_json(), encoding="utf-8")
    (workspace / "reports" / "t2.txt").write_text(TEXT, encoding="utf-8")
    pred = write_jsonl(workspace / "run.jsonl", gold_doc())
    (workspace / "run.failures.jsonl").write_text('{"doc_id": "t2", "path": "t2.txt", "error": "empty"}\n', encoding="utf-8")
    code, out, _ = scored(capsys, workspace, pred, "--out", workspace / "out")
    assert code == 0
    metrics = read_metrics(workspace / "out")
    assert metrics.documents["t2"].status == "failed"
    assert (metrics.items_loose.tp, metrics.items_loose.n_gold) == (4, 8)


# --- errors and warnings -----------------------------------------------------

def test_missing_prediction_file_is_a_short_error(capsys, workspace):
    code, out, err = scored(capsys, workspace, workspace / "nope.jsonl")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "nope.jsonl: no such file or folder" in err
    assert len(err.strip().splitlines()) <= 2


def test_a_line_that_is_not_json_is_named(capsys, workspace):
    pred = workspace / "pred.jsonl"
    pred.write_text(gold_doc().model_dump_json() + '\n{"doc_id": "t1", "indic\n', encoding="utf-8")
    code, _, err = scored(capsys, workspace, pred)
    assert code == 2 and "line 2 is not JSON" in err
    assert len(err.strip().splitlines()) <= 2


def test_a_line_not_in_the_gold_format_is_named_with_its_field(capsys, workspace):
    bad = json.loads(gold_doc().model_dump_json())
    bad["indicators"][0]["period"] = "someday"
    pred = workspace / "pred.jsonl"
    pred.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = scored(capsys, workspace, pred)
    assert code == 2
    assert "line 1: not in the gold format: indicators.0.period" in err


def test_a_doc_id_the_gold_lacks_is_a_warning(capsys, workspace):
    pred = write_jsonl(workspace / "pred.jsonl", gold_doc(), gold_doc("stranger"))
    code, out, err = scored(capsys, workspace, pred)
    assert code == 0
    assert "warning: 1 predicted doc_id(s) not in the gold set, left out: stranger" in err
    assert set(f1s(out).values()) == {"1.000"}


def test_no_predicted_doc_in_the_gold_is_an_error(capsys, workspace):
    pred = write_jsonl(workspace / "pred.jsonl", gold_doc("stranger"))
    code, _, err = scored(capsys, workspace, pred)
    assert code == 2 and "no predicted doc_id is in the gold set" in err


def test_one_mode_at_a_time(capsys, workspace):
    code, _, err = cli(capsys, "eval")
    assert code == 2 and "give one of PRED" in err
    pred = write_jsonl(workspace / "pred.jsonl", gold_doc())
    code, _, err = cli(capsys, "eval", pred, "--agreement", workspace / "gold", workspace / "gold")
    assert code == 2 and "PRED and --agreement" in err


# --- compare -------------------------------------------------------------------

def run_metrics(capsys, ws: Path, name: str, pred_doc) -> Path:
    pred = write_jsonl(ws / f"{name}.jsonl", pred_doc)
    code, _, _ = scored(capsys, ws, pred, "--out", ws / name)
    assert code == 0
    return ws / name / "metrics.json"


def test_compare_reports_changes_and_fails_on_a_regression(capsys, workspace):
    gold = gold_doc()
    good = run_metrics(capsys, workspace, "good", gold)
    worse = run_metrics(capsys, workspace, "worse", gold.model_copy(update={"items": gold.items[:2]}))

    code, out, _ = cli(capsys, "eval", "--compare", good, worse)
    assert code == 1
    assert "REGRESSION beyond tolerance: items_loose -0.333, items_strict -0.333" in out
    assert "t1" in out  # the document whose F1 changed

    code, out, _ = cli(capsys, "eval", "--compare", worse, good)
    assert code == 0 and "better" in out and "No layer regressed" in out

    code, _, _ = cli(capsys, "eval", "--compare", good, worse, "--tolerance", "0.5")
    assert code == 0

    code, _, _ = cli(capsys, "eval", "--compare", good.parent, good.parent, "--out", workspace / "cmp")
    assert code == 0
    saved = json.loads((workspace / "cmp" / "compare.json").read_text(encoding="utf-8"))
    assert saved["layers"]["indicators"]["delta"] == 0.0 and saved["regressions"] == []


def test_compare_rejects_a_file_that_is_not_metrics(capsys, workspace):
    other = workspace / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = cli(capsys, "eval", "--compare", other, other)
    assert code == 2 and "not a metrics.json of this tool" in err


# --- agreement -----------------------------------------------------------------

def test_agreement_of_two_annotation_sets(capsys, workspace):
    gold = gold_doc()
    b_dir = workspace / "annotator_b"
    b_dir.mkdir()
    other = gold.model_copy(update={"items": [*gold.items[:3], item("公路", 120, "公里", "新建乡村公路120公里")]})
    (b_dir / "t1.json").write_text(other.model_dump_json(), encoding="utf-8")
    code, out, _ = cli(
        capsys, "eval", "--agreement", workspace / "gold", b_dir, "--reports", workspace / "reports", "--out", workspace / "agr"
    )
    assert code == 0
    assert "Agreement on 1 shared document(s)" in out
    layers, fields = out.split("Fields on matched pairs")
    rows = {line.split()[0]: line.split() for line in layers.splitlines() if line.startswith(("indicators ", "items_"))}
    assert rows["indicators"][1] == "1.000"
    assert rows["items_loose"][1] == "1.000"  # same figures at the same places
    assert rows["items_strict"][1] == "0.750"  # one item achieved vs planned
    status = next(line.split() for line in fields.splitlines() if line.startswith("items") and " status " in line)
    assert status[2:4] == ["0.750", "0.000"]  # 3 of 4 pairs agree; kappa 0 (B says achieved throughout)
    assert (workspace / "agr" / "report.html").exists()


def test_agreement_without_shared_documents_is_an_error(capsys, workspace):
    b_dir = workspace / "b"
    b_dir.mkdir()
    (b_dir / "x.json").write_text(doc(doc_id="x").model_dump_json(), encoding="utf-8")
    code, _, err = cli(capsys, "eval", "--agreement", workspace / "gold", b_dir, "--reports", workspace / "reports")
    assert code == 2 and "share no doc_id" in err
