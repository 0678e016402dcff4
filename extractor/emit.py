"""Stage 5: writing outputs. Every file is written to a temporary name and renamed into place, so a
killed run never leaves a half-written JSON or CSV behind.

The tidy exports (``figures.csv``, ``dates.csv`` and their Parquet twins) are rebuilt from every
document JSON in the output folder, so they always describe exactly the documents that are there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .models import SCHEMA_NAME, Document

FIGURE_COLUMNS = [
    "doc_id", "page", "line", "section", "table", "label", "column", "period", "organisation", "role",
    "value", "unit", "text", "raw", "comparator", "figure_id", "warnings",
]  # fmt: skip
DATE_COLUMNS = ["doc_id", "page", "line", "section", "label", "role", "date", "text", "raw", "precision", "table", "date_id"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_document(doc: Document, out_dir: Path) -> Path:
    path = out_dir / f"{doc.doc_id}.json"
    write_atomic(path, doc.model_dump_json(indent=1).encode("utf-8"))
    return path


def read_documents(out_dir: Path) -> Iterator[Document]:
    """Every document JSON in ``out_dir`` that matches our schema, in name order."""
    for path in sorted(out_dir.glob("*.json")):
        if path.name.startswith(".") or path.name in ("findings.json", "run.json"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if not isinstance(data, dict) or data.get("schema_name") != SCHEMA_NAME:
            continue
        try:
            yield Document.model_validate(data)
        except ValidationError:
            continue


def figure_rows(doc: Document) -> Iterator[dict]:
    for f in doc.figures:
        yield {
            "doc_id": doc.doc_id,
            "page": f.provenance.page,
            "line": f.provenance.line,
            "section": f.section,
            "table": f.table_id,
            "label": f.label,
            "column": f.column,
            "period": f.period,
            "organisation": f.organisation,
            "role": f.role.value,
            "value": f.value,
            "unit": f.unit,
            "text": f.text,
            "raw": f.raw,
            "comparator": f.comparator,
            "figure_id": f.id,
            "warnings": "; ".join(f.warnings),
        }


def date_rows(doc: Document) -> Iterator[dict]:
    for d in doc.dates:
        yield {
            "doc_id": doc.doc_id,
            "page": d.provenance.page,
            "line": d.provenance.line,
            "section": d.section,
            "label": d.label,
            "role": d.role.value,
            "date": d.date,
            "text": d.text,
            "raw": d.raw,
            "precision": d.precision.value,
            "table": d.table_id,
            "date_id": d.id,
        }


def write_exports(out_dir: Path, docs: Iterable[Document] | None = None) -> dict[str, int]:
    """Rebuild the tidy exports from the document JSON files in ``out_dir``."""
    documents = list(docs) if docs is not None else list(read_documents(out_dir))
    figures = [row for doc in documents for row in figure_rows(doc)]
    dates = [row for doc in documents for row in date_rows(doc)]
    _write_table(out_dir, "figures", figures, FIGURE_COLUMNS)
    _write_table(out_dir, "dates", dates, DATE_COLUMNS)
    return {"documents": len(documents), "figures": len(figures), "dates": len(dates)}


def _write_table(out_dir: Path, stem: str, rows: list[dict], columns: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    write_atomic(out_dir / f"{stem}.csv", buffer.getvalue().encode("utf-8"))
    write_parquet(out_dir / f"{stem}.parquet", rows, columns)


def write_parquet(path: Path, rows: list[dict], columns: list[str]) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    for column in ("page", "line"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    if "value" in frame:
        frame["value"] = frame["value"].astype("float64")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    write_atomic(path, buffer.getvalue())


def write_json(path: Path, data: object) -> None:
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False, default=str).encode("utf-8"))
