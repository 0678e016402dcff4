"""Stage 5: writing outputs. Every file is written to a temporary name and renamed into place, so a
killed run never leaves a half-written JSON or CSV behind.

The tidy exports (``figures.csv``, ``dates.csv`` and their Parquet twins) are rebuilt from every
document JSON in the output folder, so they always describe exactly the documents that are there.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .models import SCHEMA_NAME, Amount, Document, MetricValue, RecordBase, SchemeAllocation

FIGURE_COLUMNS = [
    "doc_id", "page", "line", "section", "table", "label", "column", "period", "organisation", "role",
    "value", "unit", "text", "raw", "comparator", "figure_id", "warnings", "measure", "rule_id", "confidence",
]  # fmt: skip
DATE_COLUMNS = [
    "doc_id",
    "page",
    "line",
    "section",
    "label",
    "role",
    "date",
    "text",
    "raw",
    "precision",
    "table",
    "date_id",
    "rule_id",
    "confidence",
]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_beside(path)
    try:
        tmp.write_bytes(data)
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
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


def read_document(out_dir: Path, doc_id: str) -> Document:
    """The document ``doc_id`` as written to ``out_dir`` by :func:`write_document`."""
    return Document.model_validate_json((out_dir / f"{doc_id}.json").read_bytes())


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
            "measure": f.measure,
            "rule_id": f.rule_id,
            "confidence": f.confidence,
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
            "rule_id": d.rule_id,
            "confidence": d.confidence,
        }


# --------------------------------------------------------------------------- record exports
# One row per amount (contributions, schemes), per metric, per milestone, per money statement;
# each row names its record, the rule that made it and how sure the pass was.

_PLACE = ["doc_id", "record_id", "page", "line", "section", "table"]
_WHY = ["rule_id", "confidence", "text"]
CONTRIBUTION_COLUMNS = _PLACE + [
    "pool", "label", "line_role", "partner", "period", "value", "unit", "raw", "column", "figure_id",
] + _WHY  # fmt: skip
SCHEME_COLUMNS = _PLACE + [
    "scheme_ref", "name", "scheme_type", "sub_type", "funding_source", "area_of_spend", "provider",
    "partner", "period", "value", "unit", "raw", "new_or_existing", "comments", "figure_id",
] + _WHY  # fmt: skip
METRIC_COLUMNS = _PLACE + [
    "ref", "measure", "direction", "national_metric", "status",
    "target_value", "target_unit", "target_comparator", "target_period", "target_date", "target_raw",
    "baseline_value", "baseline_unit", "baseline_period", "baseline_raw",
    "latest_actual_value", "latest_actual_period", "actuals", "figure_ids",
] + _WHY  # fmt: skip
MILESTONE_COLUMNS = _PLACE + [
    "workstream", "activity", "owner", "start_date", "end_date", "status",
    "allocation_value", "allocation_raw",
] + _WHY  # fmt: skip
MONEY_COLUMNS = _PLACE + [
    "value", "unit", "raw", "purpose", "organisation", "period", "duration", "figure_id",
] + _WHY  # fmt: skip
_NUMERIC = {
    "value",
    "confidence",
    "target_value",
    "baseline_value",
    "latest_actual_value",
    "allocation_value",
}


def _place(doc: Document, record: RecordBase, titles: dict[str, str]) -> dict:
    return {
        "doc_id": doc.doc_id,
        "record_id": record.id,
        "page": record.provenance.page,
        "line": record.provenance.line,
        "section": titles.get(record.section_id or "", None),
        "table": record.table_id,
        "rule_id": record.rule_id,
        "confidence": record.confidence,
        "text": record.text,
    }


def _amount(a: Amount | None) -> dict:
    if a is None:
        return {"partner": None, "period": None, "value": None, "unit": None, "raw": None, "figure_id": None}
    return {
        "partner": a.partner,
        "period": a.period,
        "value": a.value,
        "unit": a.unit,
        "raw": a.raw,
        "figure_id": a.figure_id,
    }


def contribution_rows(doc: Document) -> Iterator[dict]:
    titles = {s.id: s.title for s in doc.sections}
    for c in doc.records.contributions:
        for line in c.lines:
            for a in line.amounts:
                row = _place(doc, c, titles) | _amount(a)
                row.update(
                    pool=c.pool,
                    label=line.label,
                    line_role=line.role.value,
                    column=a.column,
                    period=a.period or c.period,
                )
                yield row


def scheme_rows(doc: Document) -> Iterator[dict]:
    titles = {s.id: s.title for s in doc.sections}
    for s in doc.records.schemes:
        fields = s.model_dump(include=set(SCHEME_COLUMNS) & set(SchemeAllocation.model_fields) - {"amounts"})
        amounts: list[Amount | None] = [*s.amounts] or [None]  # a scheme without money still gets its row
        for a in amounts:
            yield _place(doc, s, titles) | fields | _amount(a)


def _value(prefix: str, v: MetricValue | None) -> dict:
    keys = ("value", "unit", "comparator", "period", "date", "raw")
    return {f"{prefix}_{k}": (getattr(v, k) if v is not None else None) for k in keys}


def metric_rows(doc: Document) -> Iterator[dict]:
    titles = {s.id: s.title for s in doc.sections}
    for m in doc.records.metrics:
        latest = m.actuals[-1] if m.actuals else None
        dated = [a for a in m.actuals if a.period]
        if dated:
            latest = max(dated, key=lambda a: a.period or "")  # "2017/18 Q1" sorts after "2016/17"
        row = _place(doc, m, titles) | m.model_dump(
            include={"ref", "measure", "direction", "national_metric", "status"}
        )
        row |= _value("target", m.target) | _value("baseline", m.baseline)
        row.update(
            latest_actual_value=latest.value if latest else None,
            latest_actual_period=latest.period if latest else None,
            actuals="; ".join(f"{a.period or '?'}: {a.raw or a.value}" for a in m.actuals),
            figure_ids=" ".join(m.figure_ids),
        )
        yield row


def milestone_rows(doc: Document) -> Iterator[dict]:
    titles = {s.id: s.title for s in doc.sections}
    for m in doc.records.milestones:
        row = _place(doc, m, titles) | m.model_dump(
            include={"workstream", "activity", "owner", "start_date", "end_date", "status"}
        )
        row.update(
            allocation_value=m.allocation.value if m.allocation else None,
            allocation_raw=m.allocation.raw if m.allocation else None,
        )
        yield row


def money_rows(doc: Document) -> Iterator[dict]:
    titles = {s.id: s.title for s in doc.sections}
    for m in doc.records.money_statements:
        row = _place(doc, m, titles) | _amount(m.amount)
        row.update(
            purpose=m.purpose,
            organisation=m.organisation,
            period=m.period or m.amount.period,
            duration=m.duration,
        )
        yield row


_RECORD_EXPORTS = [
    ("contributions", contribution_rows, CONTRIBUTION_COLUMNS),
    ("schemes", scheme_rows, SCHEME_COLUMNS),
    ("metrics", metric_rows, METRIC_COLUMNS),
    ("milestones", milestone_rows, MILESTONE_COLUMNS),
    ("money_statements", money_rows, MONEY_COLUMNS),
]


def write_exports(out_dir: Path, docs: Iterable[Document] | None = None) -> dict[str, int]:
    """Rebuild the tidy exports from the document JSON files in ``out_dir``: figures and dates, and
    one file per record type (contributions, schemes, metrics, milestones, money statements).

    The documents stream through: rows are written as they are made, so memory stays flat however
    many documents the folder holds. Every file appears at once when all are complete."""
    documents = read_documents(out_dir) if docs is None else docs
    exports = [("figures", figure_rows, FIGURE_COLUMNS), ("dates", date_rows, DATE_COLUMNS), *_RECORD_EXPORTS]
    sinks = [(rows_of, _TableSink(out_dir, stem, columns)) for stem, rows_of, columns in exports]
    counts = {"documents": 0}
    try:
        for doc in documents:
            counts["documents"] += 1
            for rows_of, sink in sinks:
                sink.add(rows_of(doc))
        for _, sink in sinks:
            sink.commit()
    finally:
        for _, sink in sinks:
            sink.discard()
    counts.update({sink.stem: sink.rows for _, sink in sinks})
    return counts


class _TableSink:
    """One export (``STEM.csv`` and ``STEM.parquet``) written row by row into temporary files, which
    ``commit`` renames into place; ``discard`` removes whatever was not committed."""

    _GROUP = 2_000  # rows per Parquet row group: bounded memory, few enough groups to read fast

    def __init__(self, out_dir: Path, stem: str, columns: list[str]) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.stem, self.columns, self.rows = stem, columns, 0
        self._targets = (out_dir / f"{stem}.csv", out_dir / f"{stem}.parquet")
        self._temps = [_temp_beside(path) for path in self._targets]
        self._csv = open(self._temps[0], "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in commit/discard
        self._writer = csv.DictWriter(
            self._csv, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        self._writer.writeheader()
        self._schema = _parquet_schema(columns)
        self._parquet: Any = None
        self._pending: list[dict] = []

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self._writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
            self._pending.append(row)
            self.rows += 1
        if len(self._pending) >= self._GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(str(self._temps[1]), self._schema)
        self._parquet.write_table(_arrow_table(self._pending, self._schema))
        self._pending = []

    def commit(self) -> None:
        if self._pending or self._parquet is None:
            self._flush()  # a file with no rows still has its columns
        self._close()
        for temp, target in zip(self._temps, self._targets, strict=True):
            _fsync(temp)
            os.replace(temp, target)

    def discard(self) -> None:
        self._close()
        for temp in self._temps:
            temp.unlink(missing_ok=True)

    def _close(self) -> None:
        if not self._csv.closed:
            self._csv.close()
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


def _temp_beside(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _parquet_schema(columns: list[str]):
    """Page and line as nullable integers, amounts as doubles, everything else as text: one schema
    for every row group, whatever the first rows happen to hold."""
    import pyarrow as pa

    def kind(column: str):
        if column in ("page", "line"):
            return pa.int64()
        return pa.float64() if column in _NUMERIC else pa.string()

    return pa.schema([(column, kind(column)) for column in columns])


def _arrow_table(rows: list[dict], schema):
    import pyarrow as pa

    arrays = []
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if pa.types.is_floating(field.type):
            values = [None if v is None else float(v) for v in values]
        elif pa.types.is_string(field.type):
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_json(path: Path, data: object) -> None:
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False, default=str).encode("utf-8"))
