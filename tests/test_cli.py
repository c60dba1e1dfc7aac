"""The command line: help, the main job, and short errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.cli import main
from extractor.schema import Document
from tests.helpers import GOLD_DIR, REPORTS_DIR


def run_cli(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["eval", "--help"], []])
def test_help_explains_itself(args, capsys):
    code, out, err = run_cli(args, capsys)
    assert code == 0
    assert "Usage" in out


def test_version(capsys):
    code, out, _ = run_cli(["--version"], capsys)
    assert code == 0 and out.startswith("extractor ")


def _assert_short_error(code, err):
    assert code not in (0, None)
    assert "Traceback" not in err
    lines = [l for l in err.splitlines() if l.strip()]
    assert 1 <= len(lines) <= 2, err


def test_unknown_backend_is_a_short_error(tmp_path, capsys):
    code, _, err = run_cli(["extract", str(REPORTS_DIR), "--backend", "nope", "-o", str(tmp_path / "r.jsonl")], capsys)
    _assert_short_error(code, err)
    assert "unknown backend 'nope'" in err


def test_missing_file_is_a_short_error(tmp_path, capsys):
    code, _, err = run_cli(["extract", str(tmp_path / "absent.txt"), "-o", str(tmp_path / "r.jsonl")], capsys)
    _assert_short_error(code, err)
    assert "absent.txt" in err


def test_unknown_option_is_a_short_error(capsys):
    code, _, err = run_cli(["extract", "--frobnicate"], capsys)
    _assert_short_error(code, err)


def test_binary_file_fails_its_document_with_a_reason(tmp_path, capsys):
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "r.jsonl"
    code, _, err = run_cli(["extract", str(bad), "-o", str(out)], capsys)
    assert code == 1 and "Traceback" not in err
    assert out.read_text() == ""
    failure = json.loads((tmp_path / "r.failures.jsonl").read_text())
    assert failure["doc_id"] == "picture" and "PNG" in failure["error"]


def test_extract_writes_valid_documents_with_verbatim_evidence(tmp_path, capsys):
    out = tmp_path / "results.jsonl"
    code, _, err = run_cli(["extract", str(REPORTS_DIR), "-o", str(out), "-q"], capsys)
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(l)["doc_id"] for l in lines] == sorted(p.stem for p in REPORTS_DIR.glob("*.txt"))
    for line in lines:
        doc = Document.model_validate_json(line)
        text = (REPORTS_DIR / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        assert doc.provenance.backend == "rules"
        assert len(doc.provenance.source_sha256) == 64
        for fact in [*doc.indicators, *doc.items]:
            assert text[fact.start : fact.end] == fact.evidence


def test_extract_is_byte_identical_across_runs(tmp_path, capsys):
    outs = []
    for name in ("a.jsonl", "b.jsonl"):
        code, _, _ = run_cli(["extract", str(REPORTS_DIR), "-o", str(tmp_path / name), "-q"], capsys)
        assert code == 0
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


def test_gb18030_copies_give_the_same_facts_and_offsets(tmp_path, capsys):
    gbdir = tmp_path / "gb"
    gbdir.mkdir()
    for p in REPORTS_DIR.glob("*.txt"):
        (gbdir / p.name).write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    runs = []
    for src, name in ((REPORTS_DIR, "u.jsonl"), (gbdir, "g.jsonl")):
        assert run_cli(["extract", str(src), "-o", str(tmp_path / name), "-q"], capsys)[0] == 0
        runs.append([json.loads(l) for l in (tmp_path / name).read_text(encoding="utf-8").splitlines()])
    for u, g in zip(*runs):
        assert (u["indicators"], u["items"], u["meta"]) == (g["indicators"], g["items"], g["meta"])


def test_eval_prints_scores(tmp_path, capsys):
    code, out, _ = run_cli(["eval", str(GOLD_DIR)], capsys)
    assert code == 0
    assert "indicators" in out and "items_strict" in out
    assert "1.000" in out


def test_console_script_runs_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(tmp_path / "none.txt")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "none.txt" in proc.stderr
