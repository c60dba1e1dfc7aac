"""Prompts as files: loading, validation, versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor import paths
from extractor.backends.llm.prompts import load_prompt
from extractor.errors import PromptError
from tests.helpers import ROOT



@pytest.fixture
def prompt_dir(tmp_path) -> Path:
    """A copy of the bundled prompt to break."""
    folder = tmp_path / "myprompt"
    shutil.copytree(paths.prompts_dir() / "extract", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_bundled_prompt_loads_with_its_version():
    prompt = load_prompt("extract")
    assert prompt.id == f"extract@{prompt.version}"
    assert prompt.system and "$text" in prompt.user_template
    assert prompt.examples


def test_a_prompt_folder_can_be_given_as_a_path(prompt_dir):
    edit(prompt_dir / "prompt.toml", 'version = "1.0"', 'version = "7.2"')
    assert load_prompt(str(prompt_dir)).id == "extract@7.2"


def test_an_unknown_prompt_names_the_bundled_ones():
    with pytest.raises(PromptError, match="bundled prompts: extract"):
        load_prompt("nonexistent")


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("prompt.toml", 'version = "1.0"', 'version = "latest"', "is not like 1"),
        ("prompt.toml", 'version = "1.0"\n', "", "needs a string 'version'"),
        ("prompt.toml", 'user = "user.md"', 'user = "missing.md"', "not found"),
        ("prompt.toml", 'name = "extract"', 'name = "extract', "not valid TOML"),
        ("user.md", "$region", "$province", "unknown placeholder"),
        ("user.md", "<report>\n", "", "must end with <report>"),
        ("user.md", "$text\n</report>", "$text\n</report>\n$region", "must end with"),
        ("system.md", "数字事实", "数字事实$region", "takes no"),
        ("prompt.toml", '"evidence": "新建5G基站800个"', '"evidence": "新建5G基站900个"', "not a verbatim quote"),
        ("prompt.toml", '"value": 800', '"value": 8000', "is not in its evidence"),
        ("prompt.toml", '"sector": "digital_science"', '"sector": "digital_science", "status": "someday"', "status"),
    ],
)
def test_a_broken_prompt_is_refused_on_load(prompt_dir, file, old, new, message):
    edit(prompt_dir / file, old, new)
    with pytest.raises(PromptError, match=message):
        load_prompt(str(prompt_dir))


def test_an_edited_prompt_is_reloaded(prompt_dir):
    first = load_prompt(str(prompt_dir))
    edit(prompt_dir / "system.md", "数字事实", "数字事实（修订）")
    assert load_prompt(str(prompt_dir)).system != first.system


def test_prompts_copy_nothing_from_the_gold_set():
    """Examples and instructions are written for the prompt, not lifted from eval/."""
    folder = paths.prompts_dir() / "extract"
    prompt_text = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file())
    evidence = set()
    for gold in sorted((ROOT / "eval" / "gold").glob("*.json")):
        doc = json.loads(gold.read_text(encoding="utf-8"))
        evidence |= {f["evidence"] for f in doc["indicators"] + doc["items"] if len(f["evidence"]) >= 8}
    assert not [e for e in evidence if e in prompt_text]
    reports = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "eval" / "reports").glob("*.txt")))
    for example in load_prompt().examples:
        assert example.text not in reports
