"""Reading gold sets, prediction files and the reports they refer to."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..errors import GoldError, InputError
from ..loading import load_text_file
from ..schema import Document


def _parse(raw: str, where: str) -> Document:
    try:
        return Document.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        raise GoldError(f"{where}: {loc}: {first.get('msg')}") from None


def load_documents(path: str | Path) -> dict[str, Document]:
    """Documents by doc_id from a JSONL file, one JSON file, or a folder of JSON files."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or folder", path=p)
    docs: dict[str, Document] = {}
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise GoldError("no .json files in this folder", path=p)
        for f in files:
            doc = _parse(f.read_text(encoding="utf-8-sig"), str(f))
            docs[doc.doc_id] = doc
        return docs
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix == ".json":
        doc = _parse(text, str(p))
        return {doc.doc_id: doc}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            json.loads(line)
        except json.JSONDecodeError:
            raise GoldError(f"line {n} is not JSON (a torn last line?)", path=p) from None
        doc = _parse(line, f"{p}:{n}")
        docs[doc.doc_id] = doc
    if not docs:
        raise GoldError("the file holds no documents", path=p)
    return docs


def load_reports(folder: str | Path, doc_ids: list[str]) -> dict[str, str]:
    """Report texts by doc_id (``<doc_id>.txt``); missing ones are left out."""
    base = Path(folder)
    texts = {}
    for doc_id in doc_ids:
        f = base / f"{doc_id}.txt"
        if f.exists():
            texts[doc_id] = load_text_file(f).text
    return texts
