"""Writing an evaluation to its folder: metrics.json, summary.md, report.html."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .harness import Evaluation
from .html_report import render_report
from .summary import summary_markdown

OUTPUT_FILES = ("metrics.json", "summary.md", "report.html")


def write_outputs(ev: Evaluation, out: str | Path, title: str = "Extraction review") -> list[Path]:
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in zip(
            OUTPUT_FILES, (ev.metrics.to_json(), summary_markdown(ev.metrics), render_report(ev, title))
        ):
            path = folder / name
            path.write_text(content, encoding="utf-8", newline="\n")
            written.append(path)
    except OSError as exc:
        raise InputError(f"cannot write the evaluation here ({exc.strerror or exc})", path=folder) from None
    return written
