"""`extractor export`: tidy tables read back with the csv module, pandas and pyarrow."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from extractor.batch.export import INDICATOR_COLUMNS, ITEM_COLUMNS

from batch_helpers import run_cli

SPEC_INDICATOR_COLUMNS = {
    "doc_id", "region", "admin_level", "year", "period", "indicator", "measure", "value", "unit",
    "canonical_value", "canonical_unit", "qualifier", "estimated", "evidence", "start", "end",
}
SPEC_ITEM_COLUMNS = {
    "doc_id", "region", "admin_level", "status", "action", "subject", "value", "unit", "canonical_value",
    "canonical_unit", "qualifier", "sector", "evidence", "start", "end",
}


@pytest.fixture(scope="module")
def results(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "results.jsonl"
    assert run_cli("extract", corpus / "batch1", "--out", out, "--quiet") == 0
    return out


def _docs(results: Path) -> list[dict]:
    return [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]


def test_columns_hold_what_the_issue_asks():
    assert SPEC_INDICATOR_COLUMNS <= {name for name, _ in INDICATOR_COLUMNS}
    assert SPEC_ITEM_COLUMNS <= {name for name, _ in ITEM_COLUMNS}


def test_csv_has_one_row_per_fact_and_reads_back(results, tmp_path):
    assert run_cli("export", results, "--format", "csv", "--out", tmp_path, "--quiet") == 0
    docs = _docs(results)
    with (tmp_path / "results.indicators.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = [(d["doc_id"], f["indicator"], f["value"], f["evidence"], f["start"]) for d in docs for f in d["indicators"]]
    assert [(r["doc_id"], r["indicator"], float(r["value"]), r["evidence"], int(r["start"])) for r in rows] == expected
    first_doc = docs[0]
    first_row = next(r for r in rows if r["doc_id"] == first_doc["doc_id"])
    assert first_row["review_year"] == str(first_doc["meta"].get("review_year", ""))

    items = pd.read_csv(tmp_path / "results.items.csv")
    assert len(items) == sum(len(d["items"]) for d in docs)
    assert list(items["evidence"]) == [i["evidence"] for d in docs for i in d["items"]]
    assert set(items["status"]) <= {"achieved", "planned"}


def test_csv_defaults_to_the_results_folder_and_can_start_with_a_bom(results):
    assert run_cli("export", results, "--bom", "--quiet") == 0
    path = results.with_name("results.indicators.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfdoc_id,")
    assert list(pd.read_csv(path, encoding="utf-8-sig").columns)[0] == "doc_id"


def test_parquet_reads_back_with_pandas(results, tmp_path):
    assert run_cli("export", results, "--format", "parquet", "--out", tmp_path, "--quiet") == 0
    docs = _docs(results)
    ind = pd.read_parquet(tmp_path / "results.indicators.parquet")
    items = pd.read_parquet(tmp_path / "results.items.parquet")
    assert len(ind) == sum(len(d["indicators"]) for d in docs)
    assert len(items) == sum(len(d["items"]) for d in docs)
    assert list(items["value"]) == [i["value"] for d in docs for i in d["items"]]
    assert ind["estimated"].dtype == bool
    assert str(items["start"].dtype) == "int64"
    assert list(ind.columns) == [name for name, _ in INDICATOR_COLUMNS]


def test_a_torn_line_is_reported_with_its_number(results, tmp_path, capsys):
    bad = tmp_path / "torn.jsonl"
    data = results.read_bytes()
    bad.write_bytes(data[: len(data) - 100])
    assert run_cli("export", bad, "--out", tmp_path) == 2
    err = capsys.readouterr().err
    last = data.count(b"\n")  # the cut-off line is the last one
    assert f"line {last} is not a document" in err
    assert "re-running the extract command" in err


def test_unknown_format_is_a_usage_error(results, capsys):
    assert run_cli("export", results, "--format", "xlsx") == 2
    assert "csv, parquet" in capsys.readouterr().err


def test_missing_pyarrow_says_how_to_install_it(results, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert run_cli("export", results, "--format", "parquet", "--out", tmp_path) == 2
    assert "[parquet]" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing half-written
