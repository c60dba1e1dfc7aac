"""From command-line inputs to report files and their text.

Inputs are files, folders (searched recursively) and glob patterns.  A
report's ``doc_id`` is its file name without the extension.  Reports are
plain text, HTML pages (their main text) or PDFs (their text layer).
"""

from __future__ import annotations

import glob
from pathlib import Path

from .errors import InputError
from .loading import HTML_SUFFIXES, PDF_SUFFIXES, LoadedText, decode_report, load_report_file

# What a folder search picks up; a file named explicitly is read whatever its name.
REPORT_SUFFIXES = (".txt", ".text", ".md") + HTML_SUFFIXES + PDF_SUFFIXES


def doc_id_for(path: str | Path) -> str:
    return Path(path).stem


def _is_report(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith(".")


def resolve_inputs(inputs: list[str | Path]) -> list[Path]:
    """Report files in the order given; folders sorted by path, duplicates dropped.

    A missing path is an :class:`InputError` (nothing is started).
    """
    files: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted((f for f in p.rglob("*") if _is_report(f)), key=lambda f: f.as_posix()))
        elif p.exists():
            files.append(p)
        elif glob.has_magic(str(raw)):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True))
            hits = [m for m in matches if m.is_file()]
            if not hits:
                raise InputError("the pattern matches no file", path=raw)
            files.extend(hits)
        else:
            raise InputError("no such file or folder", path=p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        raise InputError("no report files found (looked for " + ", ".join(REPORT_SUFFIXES) + ")", path=" ".join(map(str, inputs)))
    return unique


def read_report(path: str | Path) -> LoadedText:
    """A report's text, whatever its format; :class:`InputError` if unreadable."""
    return load_report_file(path)


def read_report_bytes(data: bytes, path: str | Path) -> LoadedText:
    """A report's text from bytes already read (a worker that has no disk of its own)."""
    return decode_report(data, path=path)
