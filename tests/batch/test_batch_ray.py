"""`--engine ray` on a local Ray instance with 2 CPUs gives the default engine's output."""

from __future__ import annotations

import json
import sys

import pytest
import ray

from batch_helpers import generate_corpus, make_pdf, run_cli


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_ray_engine_output_equals_the_default_engine(local_ray, tmp_path):
    folder = tmp_path / "in"
    generate_corpus(folder, 40)
    (folder / "paper.pdf").write_bytes(make_pdf(["2023年工作回顾", "全市地区生产总值增长5.5%。"]))
    default_out, ray_out = tmp_path / "default.jsonl", tmp_path / "ray.jsonl"
    assert run_cli("extract", folder, "--out", default_out, "--quiet") == 1
    summary = tmp_path / "summary.json"
    assert run_cli("extract", folder, "--out", ray_out, "--quiet", "--engine", "ray", "--summary", summary) == 1
    assert ray_out.read_bytes() == default_out.read_bytes()
    failures = ray_out.with_name("ray.failures.jsonl").read_text()
    assert failures == default_out.with_name("default.failures.jsonl").read_text()
    s = json.loads(summary.read_text())
    assert (s["engine"], s["succeeded"], s["failed"]) == ("ray", 41, 2)


def test_ray_engine_resumes_like_the_default_engine(local_ray, tmp_path):
    folder = tmp_path / "in"
    generate_corpus(folder, 20, bad=False)
    reference = tmp_path / "reference.jsonl"
    assert run_cli("extract", folder, "--out", reference, "--quiet") == 0
    out = tmp_path / "results.jsonl"
    lines = reference.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:7]) + lines[7][:50])
    summary = tmp_path / "summary.json"
    assert run_cli("extract", folder, "--out", out, "--quiet", "--engine", "ray", "--summary", summary) == 0
    assert out.read_bytes() == reference.read_bytes()
    assert json.loads(summary.read_text())["skipped"] == 7


def test_missing_ray_says_how_to_install_it(monkeypatch):
    from extractor.batch.ray_engine import import_ray
    from extractor.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "ray", None)  # what an environment without the extra sees
    with pytest.raises(MissingDependencyError) as err:
        import_ray()
    assert "[ray]" in err.value.hint


def test_unknown_engine_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "r.txt").write_text("全市地区生产总值增长5.5%。", encoding="utf-8")
    assert run_cli("extract", tmp_path / "r.txt", "--out", tmp_path / "o.jsonl", "--engine", "spark") == 2
    assert "local, ray" in capsys.readouterr().err
