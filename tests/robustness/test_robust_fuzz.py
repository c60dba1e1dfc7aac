"""Fuzz the CLI with hostile files: no traceback, valid JSONL, verbatim evidence.

`extractor extract` over a folder of generated hostile reports (random and
truncated bytes, mixed encodings, huge numbers, nested headings, NUL and
control characters, bidi marks, emoji, a 100,000-digit run, punctuation-only
lines, bad UTF-16 surrogates, mutated reports) must exit 0 or 1 with a short
stderr, write one valid document per readable file and a one-line reason per
unreadable one, and every fact must quote its text at its offsets.  `extractor
eval` on malformed prediction files must answer with a short error.  The
generator is seeded (tests/robustness/fuzz_inputs.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.api import extract_text
from extractor.errors import InputError
from extractor.inputs import read_report, read_report_bytes
from extractor.schema import Document
from tests.robustness.fuzz_inputs import hostile_reports, malformed_predictions
from tests.robustness.helpers import REPORT, read_lines, run_cli
from tests.robustness.large import run_extractor


def write_all(folder: Path, files: list[tuple[str, bytes]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / name).write_bytes(data)


def check_job(folder: Path, out: Path, names: list[str]) -> None:
    """Every file is a valid, grounded line or a one-line failure; nothing is lost or doubled."""
    lines = out.read_text(encoding="utf-8").splitlines()
    docs = [Document.model_validate_json(line) for line in lines]
    side = out.with_name(out.stem + ".failures.jsonl")
    failures = read_lines(side) if side.exists() else []
    stems = sorted(Path(n).stem for n in names)
    assert sorted([d.doc_id for d in docs] + [f["doc_id"] for f in failures]) == stems
    for failure in failures:
        assert failure["error"] and "\n" not in failure["error"] and len(failure["error"]) < 300, failure
        assert not failure["error"].startswith("internal error"), failure
    by_stem = {Path(n).stem: folder / n for n in names}
    for doc in docs:
        text = read_report(by_stem[doc.doc_id]).text
        assert doc.diagnostics is not None
        for fact in [*doc.indicators, *doc.items]:
            assert 0 <= fact.start < fact.end <= len(text)
            assert text[fact.start : fact.end] == fact.evidence, (doc.doc_id, fact)
        assert "9999" not in json.dumps([f.value for f in [*doc.indicators, *doc.items]]) or doc.doc_id != "injection"


def test_a_child_process_over_hostile_files_exits_cleanly(tmp_path, sealed_home):
    files = hostile_reports(seed=0)
    folder = tmp_path / "hostile"
    write_all(folder, files)
    out = tmp_path / "out.jsonl"
    run = run_extractor("extract", folder, "-o", out)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert len(run.stderr.splitlines()) <= 12, run.stderr  # a warning per damaged file, and the summary
    assert all(len(line) < 400 for line in run.stderr.splitlines())
    check_job(folder, out, [n for n, _ in files])


@pytest.mark.parametrize("seed", [1, 2])
def test_in_process_jobs_over_hostile_files(tmp_path, seed, capsys, caplog):
    files = hostile_reports(seed, run=5_000)  # the 100,000-digit run is the child's
    folder = tmp_path / f"hostile{seed}"
    write_all(folder, files)
    out = tmp_path / "out.jsonl"
    code = run_cli("extract", folder, "-o", out)
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert captured.out == ""
    for stream in (captured.err, caplog.text):
        assert "Traceback" not in stream and "internal error" not in stream
    check_job(folder, out, [n for n, _ in files])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=1500).map(lambda t: t.encode("utf-8")),
        st.text(max_size=800).map(lambda t: t.encode("utf-16", "surrogatepass")),
        st.tuples(st.integers(0, len(REPORT.encode())), st.binary(max_size=40)).map(
            lambda p: REPORT.encode()[: p[0]] + p[1] + REPORT.encode()[p[0] :]
        ),
    ),
    st.sampled_from(["r.txt", "r.md", "r.html", "r.pdf"]),
)
def test_any_bytes_are_read_or_refused_and_then_extracted(data, name):
    try:
        loaded = read_report_bytes(data, name)
    except InputError as exc:
        assert "\n" not in str(exc) and len(exc.message) < 300
        return
    doc = extract_text(loaded.text, doc_id="fuzz")
    assert doc.diagnostics.failed_chunks == []
    for fact in [*doc.indicators, *doc.items]:
        assert loaded.text[fact.start : fact.end] == fact.evidence


# -- eval on malformed predictions ----------------------------------------------------------


@pytest.fixture
def eval_setup(tmp_path):
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir()
    gold.mkdir()
    (reports / "r.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "good.jsonl"
    assert run_cli("extract", reports / "r.txt", "-o", out, "--quiet") == 0
    good_line = out.read_text(encoding="utf-8").splitlines()[0]
    (gold / "r.json").write_text(json.dumps({"doc_id": "r", "indicators": [], "items": []}), encoding="utf-8")
    return reports, gold, good_line


@pytest.mark.parametrize("seed", [0, 1])
def test_eval_of_a_malformed_prediction_file_is_a_short_error(eval_setup, tmp_path, seed, capsys):
    reports, gold, good_line = eval_setup
    folder = tmp_path / f"preds{seed}"
    folder.mkdir()
    for name, data in malformed_predictions(seed, good_line):
        pred = folder / name
        pred.write_bytes(data)
        code = run_cli("eval", pred, "--gold", gold, "--reports", reports)
        err = capsys.readouterr().err
        assert code in (0, 1, 2), (name, code, err)
        assert "Traceback" not in err and "internal error" not in err, (name, err)
        if code == 2:
            lines = [line for line in err.splitlines() if not line.startswith("warning:")]
            assert 1 <= len(lines) <= 2 and lines[0].startswith("error:"), (name, err)
            assert all(len(line) < 400 for line in lines), (name, err)
