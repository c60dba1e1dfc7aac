"""Reading gold sets, prediction files and the reports they refer to."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..errors import GoldError, InputError
from ..jobs import failures_path
from ..loading import load_text_file
from ..schema import Document


def _parse(raw: str, where: str) -> Document:
    try:
        return Document.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or "document"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise GoldError(f"{where}: not in the gold format: {loc}: {first.get('msg')}{more}") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GoldError("is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=path) from None


def _keep(docs: dict[str, Document], doc: Document, where: str, warnings: list[str] | None) -> None:
    if doc.doc_id in docs and warnings is not None:
        warnings.append(f"{where}: doc_id {doc.doc_id} appears again; the later one is used")
    docs[doc.doc_id] = doc


def load_documents(path: str | Path, warnings: list[str] | None = None, *, allow_empty: bool = False) -> dict[str, Document]:
    """Documents by doc_id from a JSONL file, one JSON file, or a folder of JSON files.

    ``allow_empty``: an empty JSONL is no error (a run whose every document
    failed writes one).
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or folder", path=p, hint="give a JSONL of documents, a gold-format JSON file or a folder of them")
    docs: dict[str, Document] = {}
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise GoldError("no .json files in this folder", path=p)
        for f in files:
            _keep(docs, _parse(_read(f), str(f)), str(f), warnings)
        return docs
    text = _read(p)
    if p.suffix == ".json":
        doc = _parse(text, str(p))
        return {doc.doc_id: doc}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"line {n} is not JSON ({exc.msg} at column {exc.colno}; a torn last line?)", path=p) from None
        _keep(docs, _parse(line, f"{p}: line {n}"), f"{p}: line {n}", warnings)
    if not docs and not allow_empty:
        raise GoldError("the file holds no documents", path=p)
    return docs


def load_failures(predictions: str | Path) -> list[str]:
    """doc_ids an extraction run gave up on (its ``.failures.jsonl`` side file)."""
    p = Path(predictions)
    side = failures_path(p)
    if p.is_dir() or not side.is_file():
        return []
    failed = []
    for line in side.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            doc_id = json.loads(line).get("doc_id")
        except (json.JSONDecodeError, AttributeError):
            continue
        if isinstance(doc_id, str):
            failed.append(doc_id)
    return failed


def load_reports(folder: str | Path, doc_ids: list[str]) -> dict[str, str]:
    """Report texts by doc_id (``<doc_id>.txt``); missing ones are left out."""
    base = Path(folder)
    if not base.is_dir():
        raise InputError("no such folder of reports", path=base, hint="--reports takes the folder of <doc_id>.txt report texts")
    texts = {}
    for doc_id in doc_ids:
        f = base / f"{doc_id}.txt"
        if f.exists():
            texts[doc_id] = load_text_file(f).text
    return texts
