"""Prompts are data: a folder of template files with a version, checked on load.

A prompt folder (``prompts/<name>/``) holds ``prompt.toml`` (name, version,
the file names of the system and user parts, few-shot examples), the system
text and the user template.  The user template wraps the chunk text in
``<report>``…``</report>`` so the model reads it as data, and may use the
placeholders of :data:`USER_FIELDS`.  Every example is checked like a model
answer: it must validate, and each fact's evidence must be a verbatim quote
of the example text holding the fact's figure.
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from string import Template

from pydantic import BaseModel, ValidationError

from ... import paths
from ...chunking import Chunk
from ...errors import PromptError
from ...grounding import value_in_evidence
from ...schema import ReportMeta
from ...sections import SectionKind
from ..base import DocContext
from .response_model import ChunkAnswer

DATA_OPEN = "<report>"
DATA_CLOSE = "</report>"
USER_FIELDS = frozenset({"region", "review_year", "plan_year", "section", "section_kind", "text"})
_VERSION = re.compile(r"^\d+(?:\.\d+){0,2}$")
_KIND_LABEL = {
    SectionKind.review: "回顾",
    SectionKind.targets: "目标",
    SectionKind.plan: "部署",
    SectionKind.other: "其他",
}
_HEADING_CHARS = 14  # a heading's start says what the section is about
_UNKNOWN = "未知"


class PromptExample(BaseModel):
    """A few-shot example: a chunk with its context, and the right answer."""

    text: str
    region: str | None = None
    review_year: int | None = None
    plan_year: int | None = None
    section: list[str] = []
    section_kind: SectionKind = SectionKind.other
    answer: ChunkAnswer


class Prompt(BaseModel):
    name: str
    version: str
    description: str = ""
    system: str
    user_template: str
    examples: list[PromptExample] = []

    @property
    def id(self) -> str:
        """What provenance records: name and version."""
        return f"{self.name}@{self.version}"

    def render_user(self, text: str, meta: ReportMeta, section: tuple[str, ...] | list[str], kind: SectionKind) -> str:
        values = {
            "region": meta.region or _UNKNOWN,
            "review_year": str(meta.review_year) if meta.review_year else _UNKNOWN,
            "plan_year": str(meta.plan_year) if meta.plan_year else _UNKNOWN,
            "section": _section_label(section),
            "section_kind": _KIND_LABEL.get(kind, _KIND_LABEL[SectionKind.other]),
            "text": _as_data(text),
        }
        return Template(self.user_template).substitute(values)

    def render_chunk(self, chunk: Chunk, context: DocContext) -> str:
        return self.render_user(chunk.text, context.meta, chunk.section_path, chunk.section_kind)

    def render_example(self, example: PromptExample) -> str:
        meta = ReportMeta(region=example.region, review_year=example.review_year, plan_year=example.plan_year)
        return self.render_user(example.text, meta, example.section, example.section_kind)


def _section_label(path: tuple[str, ...] | list[str]) -> str:
    # The top heading says review or plan, the deepest one the topic; the
    # levels between add characters, not meaning.
    headings = [h.strip() for h in path if h.strip()]
    if not headings:
        return "无"
    picked = headings if len(headings) <= 2 else [headings[0], headings[-1]]
    return " > ".join(h if len(h) <= _HEADING_CHARS else h[:_HEADING_CHARS] + "…" for h in picked)


def _as_data(text: str) -> str:
    # A report cannot close the data block early and talk to the model.
    return text.replace(DATA_CLOSE, "</ report>").replace(DATA_OPEN, "< report>")


def resolve_prompt_dir(name: str) -> Path:
    """A bundled prompt by name (``extract``) or a folder given as a path."""
    candidate = Path(name).expanduser()
    if candidate.is_dir() and (candidate / "prompt.toml").exists():
        return candidate
    if "/" in name or "\\" in name:
        raise PromptError(f"prompt folder {name!r} has no prompt.toml", path=candidate)
    folder = paths.prompts_dir() / name
    if not (folder / "prompt.toml").exists():
        available = sorted(p.parent.name for p in paths.prompts_dir().glob("*/prompt.toml"))
        raise PromptError(f"unknown prompt {name!r}; bundled prompts: {', '.join(available) or 'none'}")
    return folder


@lru_cache(maxsize=16)
def _load_cached(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> Prompt:
    return _load(Path(folder))


def load_prompt(name: str = "extract") -> Prompt:
    """Load and validate a prompt; a :class:`PromptError` says what is wrong.

    Loaded once per version of its files (a batch builds many requests).
    """
    folder = resolve_prompt_dir(name)
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.iterdir()) if f.is_file())
    return _load_cached(str(folder.resolve()), stamp)


def _load(folder: Path) -> Prompt:
    manifest_path = folder / "prompt.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"prompt.toml is not valid TOML ({exc})", path=manifest_path) from None

    for key in ("name", "version", "system", "user"):
        if not isinstance(manifest.get(key), str) or not manifest[key].strip():
            raise PromptError(f"prompt.toml needs a string {key!r}", path=manifest_path)
    if not _VERSION.match(manifest["version"]):
        raise PromptError(f"version {manifest['version']!r} is not like 1, 1.2 or 1.2.3", path=manifest_path)

    system = _read_part(folder, manifest["system"])
    user = _read_part(folder, manifest["user"])
    _check_system(system, folder / manifest["system"])
    _check_user(user, folder / manifest["user"])

    raw_examples = manifest.get("examples", [])
    if not isinstance(raw_examples, list):
        raise PromptError("examples must be an array of tables ([[examples]])", path=manifest_path)
    examples = [_example(raw, i, manifest_path) for i, raw in enumerate(raw_examples, 1)]
    return Prompt(
        name=manifest["name"],
        version=manifest["version"],
        description=manifest.get("description", ""),
        system=system.strip(),
        user_template=user.strip(),
        examples=examples,
    )


def _read_part(folder: Path, name: str) -> str:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError("prompt part not found", path=path) from None
    if not text.strip():
        raise PromptError("prompt part is empty", path=path)
    return text


def _check_system(text: str, path: Path) -> None:
    # The system part is the same for every chunk (so providers can cache it):
    # it takes no placeholders.
    template = Template(text)
    if not template.is_valid() or template.get_identifiers():
        raise PromptError("the system part takes no $placeholders (write $$ for a dollar sign)", path=path)


def _check_user(text: str, path: Path) -> None:
    template = Template(text)
    if not template.is_valid():
        raise PromptError("invalid $placeholder in the user template (write $$ for a dollar sign)", path=path)
    names = set(template.get_identifiers())
    unknown = names - USER_FIELDS
    if unknown:
        raise PromptError(
            f"unknown placeholder(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(USER_FIELDS))}", path=path
        )
    at = text.find("$text")
    if at < 0 or text.count("$text") != 1:
        raise PromptError("the user template must place the chunk text once, as $text", path=path)
    # The chunk text comes last, so everything before it can be cached by
    # providers across the chunks of a document.
    if text.rfind(DATA_OPEN, 0, at) < 0 or text[at + len("$text") :].strip() != DATA_CLOSE:
        raise PromptError(
            f"the user template must end with {DATA_OPEN}$text{DATA_CLOSE} (report text is data, and comes last)",
            path=path,
        )


def _example(raw: object, number: int, path: Path) -> PromptExample:
    where = f"example {number}"
    if not isinstance(raw, dict):
        raise PromptError(f"{where} is not a table", path=path)
    data = dict(raw)
    answer = data.get("answer")
    if isinstance(answer, str):
        try:
            data["answer"] = json.loads(answer)
        except json.JSONDecodeError as exc:
            raise PromptError(f"{where}: answer is not JSON ({exc})", path=path) from None
    try:
        example = PromptExample.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PromptError(f"{where}: {loc}: {first['msg']}", path=path) from None
    facts = [*example.answer.indicators, *example.answer.items]
    for fact in facts:
        if fact.evidence not in example.text:
            raise PromptError(f"{where}: evidence {fact.evidence!r} is not a verbatim quote of its text", path=path)
        if not value_in_evidence(fact.value, fact.unit, fact.evidence):
            raise PromptError(f"{where}: value {fact.value:g} is not in its evidence {fact.evidence!r}", path=path)
    return example
