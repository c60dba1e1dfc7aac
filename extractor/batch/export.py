"""Tidy tables from an output file: one row per indicator fact, one per item.

Rows are written as documents are read, one line at a time, so an output of
any size exports in flat memory.  CSV goes through the csv module; Parquet
through pyarrow (the ``[parquet]`` extra), in row groups.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..errors import InputError, MissingDependencyError
from ..schema import Document, IndicatorFact, QuantifiedItem

Format = Literal["csv", "parquet"]
FORMATS = ("csv", "parquet")
_ROW_GROUP = 10_000

# (column, type) in table order; types name the Parquet column type.
_DOC_COLUMNS = [("doc_id", "str"), ("region", "str"), ("admin_level", "str"), ("review_year", "int"), ("plan_year", "int")]
_FACT_COLUMNS = [
    ("value", "float"),
    ("unit", "str"),
    ("canonical_value", "float"),
    ("canonical_unit", "str"),
    ("qualifier", "str"),
]
_WHERE_COLUMNS = [("evidence", "str"), ("start", "int"), ("end", "int"), ("alignment", "str")]

INDICATOR_COLUMNS = (
    _DOC_COLUMNS
    + [("year", "int"), ("period", "str"), ("indicator", "str"), ("measure", "str")]
    + _FACT_COLUMNS
    + [("estimated", "bool"), ("conflict", "bool")]
    + _WHERE_COLUMNS
)
ITEM_COLUMNS = (
    _DOC_COLUMNS
    + [("status", "str"), ("action", "str"), ("subject", "str")]
    + _FACT_COLUMNS
    + [("sector", "str")]
    + _WHERE_COLUMNS
)


@dataclass
class ExportResult:
    indicators_path: Path
    items_path: Path
    documents: int = 0
    indicator_rows: int = 0
    item_rows: int = 0


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _row(doc: Document, fact: IndicatorFact | QuantifiedItem, columns: list[tuple[str, str]]) -> list[Any]:
    doc_fields = {
        "doc_id": doc.doc_id,
        "region": doc.meta.region,
        "admin_level": doc.meta.admin_level,
        "review_year": doc.meta.review_year,
        "plan_year": doc.meta.plan_year,
    }
    return [_plain(doc_fields[name] if name in doc_fields else getattr(fact, name)) for name, _ in columns]


def iter_documents(path: Path) -> Iterator[Document]:
    """Documents of an output file, one line at a time."""
    try:
        fh = path.open("r", encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Document.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first.get("loc", ()))
                torn = not line.endswith("\n") or first.get("type") == "json_invalid"
                raise InputError(
                    f"line {n} is not a document ({where}: {first.get('msg')})",
                    path=path,
                    hint="a torn last line is repaired by re-running the extract command" if torn else None,
                ) from None


class _CsvTable:
    def __init__(self, path: Path, columns: list[tuple[str, str]], bom: bool) -> None:
        self._fh = path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow([name for name, _ in columns])

    def add(self, row: list[Any]) -> None:
        self._writer.writerow(["" if v is None else v for v in row])

    def close(self) -> None:
        self._fh.close()


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError(
            "--format parquet needs pyarrow, which is not installed",
            hint="pip install 'govreport-extractor[parquet]' (or: pip install -e '.[parquet]'), or use --format csv",
        ) from None
    return pa, pq


class _ParquetTable:
    def __init__(self, path: Path, columns: list[tuple[str, str]]) -> None:
        pa, pq = _import_pyarrow()
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
        self._pa = pa
        self._schema = pa.schema([(name, types[kind]) for name, kind in columns])
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._rows: list[list[Any]] = []

    def add(self, row: list[Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        arrays = [
            self._pa.array([row[i] for row in self._rows], type=field.type) for i, field in enumerate(self._schema)
        ]
        self._writer.write_table(self._pa.Table.from_arrays(arrays, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def table_paths(src: Path, fmt: Format, out_dir: Path | None = None) -> tuple[Path, Path]:
    """results.jsonl → results.indicators.csv and results.items.csv (in out_dir)."""
    folder = out_dir if out_dir is not None else src.parent
    return folder / f"{src.stem}.indicators.{fmt}", folder / f"{src.stem}.items.{fmt}"


def export_file(src: Path, fmt: Format, out_dir: Path | None = None, *, bom: bool = False) -> ExportResult:
    """Write the indicator and item tables of ``src``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if not src.is_file():
        raise InputError("no such file", path=src)
    ind_path, item_path = table_paths(src, fmt, out_dir)
    ind_path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        _import_pyarrow()  # fail before creating any file
    result = ExportResult(ind_path, item_path)
    tables = []
    try:
        for path, columns in ((ind_path, INDICATOR_COLUMNS), (item_path, ITEM_COLUMNS)):
            tables.append(_ParquetTable(path, columns) if fmt == "parquet" else _CsvTable(path, columns, bom))
        indicators, items = tables
        for doc in iter_documents(src):
            result.documents += 1
            for fact in doc.indicators:
                indicators.add(_row(doc, fact, INDICATOR_COLUMNS))
                result.indicator_rows += 1
            for item in doc.items:
                items.add(_row(doc, item, ITEM_COLUMNS))
                result.item_rows += 1
    finally:
        for table in tables:
            table.close()
    return result


def summary_json(result: ExportResult) -> str:
    return json.dumps(
        {
            "documents": result.documents,
            "indicator_rows": result.indicator_rows,
            "item_rows": result.item_rows,
            "indicators": str(result.indicators_path),
            "items": str(result.items_path),
        },
        ensure_ascii=False,
    )
