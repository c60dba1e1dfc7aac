"""`extractor export`: an output file as tidy tables (CSV or Parquet)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..batch.export import FORMATS, export_file
from ..errors import ConfigError
from . import app


@app.command("export")
def export_command(
    results: Path = typer.Argument(..., help="Output JSONL of `extractor extract`."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or parquet (needs the [parquet] extra)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for the tables (default: next to RESULTS)."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV files with a UTF-8 BOM, for Excel."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Write one row per indicator fact and one row per quantified item.

    RESULTS.jsonl becomes RESULTS.indicators.csv and RESULTS.items.csv (or
    .parquet), with doc_id, region, admin level and years on every row.
    """
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    result = export_file(results, fmt, out, bom=bom)  # type: ignore[arg-type]
    if not quiet:
        typer.echo(
            f"{result.documents} documents: {result.indicator_rows} indicator rows → {result.indicators_path}, "
            f"{result.item_rows} item rows → {result.items_path}",
            err=True,
        )
