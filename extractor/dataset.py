"""The queryable dataset: ``OUT/bcf.duckdb``, one table per kind of thing, joined by ``doc_id``.

DuckDB is embedded (a file, no server), reads the Parquet exports too, and speaks SQL that
researchers already know. The file is rebuilt from the document JSON after every run, written
under a temporary name and renamed into place, so a reader never sees half a dataset.

Tables (one row per ...): ``documents`` (document), ``sections`` (section), ``figures`` (number),
``dates`` (date), ``contributions`` (amount in a contribution-table line), ``schemes`` (scheme and
amount), ``metrics`` (metric and value: target, baseline or actual), ``milestones`` (milestone),
``findings`` (audit finding and document it concerns).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from .errors import ExtractorError, QueryError
from .models import Amount, Document, Finding, MetricValue

T = TypeVar("T")
DATASET_NAME = "bcf.duckdb"
_BATCH = 25  # documents per insert: bounded memory for large corpora

_V, _I, _D, _F, _L, _DATE = "VARCHAR", "BIGINT", "DOUBLE", "DOUBLE", "VARCHAR[]", "DATE"
_PROV = [("page", _I), ("line", _I)]
_RECORD = [("rule_id", _V), ("confidence", _F), ("section_id", _V), ("table_id", _V)]
_AMOUNT = [
    ("partner", _V),
    ("period", _V),
    ("column", _V),
    ("value", _D),
    ("unit", _V),
    ("raw", _V),
    ("figure_id", _V),
]

SCHEMA: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", _V),
        ("path", _V),
        ("format", _V),
        ("sha256", _V),
        ("size_bytes", _I),
        ("pages", _I),
        ("lines", _I),
        ("doc_type", _V),
        ("title", _V),
        ("body", _V),
        ("meeting", _V),
        ("meeting_date", _DATE),
        ("area", _V),
        ("organisations", _L),
        ("period", _V),
        ("paper_ref", _V),
        ("tool_version", _V),
        ("n_sections", _I),
        ("n_tables", _I),
        ("n_figures", _I),
        ("n_dates", _I),
        ("n_warnings", _I),
        ("totals_checked", _I),
        ("totals_agree", _I),
        ("totals_disagree", _I),
    ],
    # one row per table: what it is, where, its unit, and its self-check (do its printed totals add up?)
    "tables": [
        ("doc_id", _V),
        ("table_id", _V),
        *_PROV,
        ("section_id", _V),
        ("title", _V),
        ("method", _V),
        ("table_type", _V),
        ("unit", _V),
        ("scale", _F),
        ("n_rows", _I),
        ("n_columns", _I),
        ("continued_from", _V),
        ("totals_checked", _I),
        ("totals_agree", _I),
        ("totals_disagree", _I),
        ("totals_unresolved", _I),
    ],
    "sections": [
        ("doc_id", _V),
        ("section_id", _V),
        ("title", _V),
        ("number", _V),
        ("level", _I),
        ("parent_id", _V),
        ("kind", _V),
        *_PROV,
    ],
    "figures": [
        ("doc_id", _V),
        ("figure_id", _V),
        *_PROV,
        ("section_id", _V),
        ("section", _V),
        ("table_id", _V),
        ("row", _I),
        ("col", _I),
        ("label", _V),
        ("column", _V),
        ("period", _V),
        ("organisation", _V),
        ("role", _V),
        ("value", _D),
        ("unit", _V),
        ("comparator", _V),
        ("raw", _V),
        ("text", _V),
        ("warnings", _V),
        ("measure", _V),
        ("rule_id", _V),
        ("confidence", _F),
    ],
    "dates": [
        ("doc_id", _V),
        ("date_id", _V),
        *_PROV,
        ("section_id", _V),
        ("section", _V),
        ("table_id", _V),
        ("label", _V),
        ("role", _V),
        ("date", _V),
        ("precision", _V),
        ("raw", _V),
        ("text", _V),
        ("rule_id", _V),
        ("confidence", _F),
    ],
    "contributions": [
        ("doc_id", _V),
        ("record_id", _V),
        ("pool", _V),
        ("table_period", _V),
        ("label", _V),
        ("line_role", _V),
        *_AMOUNT,
        *_PROV,
        *_RECORD,
    ],
    "schemes": [
        ("doc_id", _V),
        ("record_id", _V),
        ("scheme_ref", _V),
        ("name", _V),
        ("scheme_type", _V),
        ("sub_type", _V),
        ("funding_source", _V),
        ("area_of_spend", _V),
        ("provider", _V),
        ("new_or_existing", _V),
        *_AMOUNT,
        *_PROV,
        *_RECORD,
    ],
    "metrics": [
        ("doc_id", _V),
        ("record_id", _V),
        ("ref", _V),
        ("measure", _V),
        ("national_metric", _V),
        ("direction", _V),
        ("status", _V),
        ("value_kind", _V),
        ("value", _D),
        ("unit", _V),
        ("comparator", _V),
        ("period", _V),
        ("date", _V),
        ("raw", _V),
        ("figure_id", _V),
        *_PROV,
        *_RECORD,
    ],
    "milestones": [
        ("doc_id", _V),
        ("record_id", _V),
        ("workstream", _V),
        ("activity", _V),
        ("owner", _V),
        ("start_date", _V),
        ("end_date", _V),
        ("status", _V),
        ("value", _D),
        ("unit", _V),
        ("raw", _V),
        *_PROV,
        *_RECORD,
    ],
    "findings": [
        ("finding_id", _V),
        ("doc_id", _V),
        ("kind", _V),
        ("severity", _V),
        ("check", _V),
        ("rule_id", _V),
        ("confidence", _D),
        ("label", _V),
        ("column", _V),
        ("group", _V),
        ("expected", _D),
        ("delta", _D),
        ("tolerance", _D),
        ("message", _V),
        ("docs", _L),
        ("values", _V),
    ],
}


def build_dataset(documents: Iterable[Document], findings: Iterable[Finding], path: Path) -> dict[str, int]:
    """Write the dataset to ``path`` (atomically: a temporary file renamed into place).

    Returns:
        The number of rows in each table.

    Raises:
        ExtractorError: DuckDB is not installed.
    """
    duckdb = _duckdb()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts = dict.fromkeys(SCHEMA, 0)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for table, columns in SCHEMA.items():
                ddl = ", ".join(f'"{name}" {kind}' for name, kind in columns)
                con.execute(f'CREATE TABLE "{table}" ({ddl})')
            for batch in _batches(documents, _BATCH):
                for table, rows in _document_rows(batch).items():
                    counts[table] += _insert(con, table, rows)
            counts["findings"] += _insert(con, "findings", [row for f in findings for row in finding_rows(f)])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    return counts


def consistency_rate(path: Path) -> dict[str, int | float | None]:
    """The collection's self-check from the dataset at ``path``: printed totals checked against the
    lines they close, how many agree, and the share that agree (``None`` when none was checked)."""
    duckdb = _duckdb()
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute(
            "SELECT coalesce(sum(totals_checked), 0), coalesce(sum(totals_agree), 0), "
            "coalesce(sum(totals_disagree), 0) FROM documents"
        ).fetchone()
    finally:
        con.close()
    checked, agree, disagree = (int(x) for x in row) if row else (0, 0, 0)
    return {
        "checked": checked,
        "agree": agree,
        "disagree": disagree,
        "rate": round(agree / checked, 4) if checked else None,
    }


# A query reads the dataset and nothing else: no file, extension or other database (COPY ... TO,
# ATTACH, read_csv('/etc/passwd'), INSTALL), and the setting cannot be turned back on (locked).
QUERY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
# what a question is: SELECT (with SHOW, DESCRIBE, SUMMARIZE, FROM-first), EXPLAIN, PRAGMA table_info
QUERY_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA"})


def query(path: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement against the dataset: read-only, with external access off.

    Raises:
        ExtractorError: no dataset at ``path``.
        QueryError: the SQL fails, holds more or less than one statement, or is not a question
            (the message is DuckDB's, or says what is allowed).
    """
    duckdb = _duckdb()
    if not path.is_file():
        raise ExtractorError(f"no dataset at {path} (run `bcf-extract run ... -o {path.parent}` first)")
    con = duckdb.connect(str(path), read_only=True, config=QUERY_CONFIG)
    try:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            raise QueryError(f"query takes one SQL statement, not {len(statements)}")
        kind = statements[0].type.name
        if kind not in QUERY_STATEMENTS:
            raise QueryError(f"query only reads: {kind} statements are not allowed (use SELECT)")
        cursor = con.execute(statements[0])
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def format_rows(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """Rows as an aligned text table, CSV, a JSON array or JSON Lines (``jsonl``)."""
    if fmt == "csv":
        import csv
        import io

        from .emit import csv_cell

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    records = (dict(zip(columns, row, strict=True)) for row in rows)
    if fmt == "json":
        return json.dumps(list(records), default=str, ensure_ascii=False, indent=1)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, default=str, ensure_ascii=False) for r in records)
    from .show import grid

    # an id is what a reader copies into the next query: never cut
    ids = frozenset(i for i, c in enumerate(columns) if c == "id" or c.endswith(("_id", "_ids")))
    lines = [
        line[2:] for line in grid(columns, [[_show(v) for v in row] for row in rows], keep=ids, width=60)
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:g}"
    return str(value)


# --------------------------------------------------------------------------- rows


def _document_rows(documents: list[Document]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {name: [] for name in SCHEMA if name != "findings"}
    for doc in documents:
        out["documents"].append(document_row(doc))
        out["sections"] += [
            {
                "doc_id": doc.doc_id,
                "section_id": s.id,
                "title": s.title,
                "number": s.number,
                "level": s.level,
                "parent_id": s.parent_id,
                "kind": s.kind,
                **_prov(s.provenance),
            }
            for s in doc.sections
        ]
        out["figures"] += [
            {
                "doc_id": doc.doc_id,
                "figure_id": f.id,
                **_prov(f.provenance),
                "section_id": f.section_id,
                "section": f.section,
                "table_id": f.table_id,
                "row": f.row,
                "col": f.col,
                "label": f.label,
                "column": f.column,
                "period": f.period,
                "organisation": f.organisation,
                "role": f.role.value,
                "value": f.value,
                "unit": f.unit,
                "comparator": f.comparator,
                "raw": f.raw,
                "text": f.text,
                "warnings": "; ".join(f.warnings) or None,
                "measure": f.measure,
                "rule_id": f.rule_id,
                "confidence": f.confidence,
            }
            for f in doc.figures
        ]
        out["tables"] += [
            {
                "doc_id": doc.doc_id,
                "table_id": t.id,
                **_prov(t.provenance),
                "section_id": t.section_id,
                "title": t.title,
                "method": t.method,
                "table_type": t.table_type,
                "unit": t.unit,
                "scale": t.scale,
                "n_rows": len(t.rows),
                "n_columns": len(t.columns),
                "continued_from": t.continued_from,
                "totals_checked": t.consistency.checked,
                "totals_agree": t.consistency.agree,
                "totals_disagree": t.consistency.disagree,
                "totals_unresolved": t.consistency.unresolved,
            }
            for t in doc.tables
        ]
        out["dates"] += [
            {
                "doc_id": doc.doc_id,
                "date_id": d.id,
                **_prov(d.provenance),
                "section_id": d.section_id,
                "section": d.section,
                "table_id": d.table_id,
                "label": d.label,
                "role": d.role.value,
                "date": d.date,
                "precision": d.precision.value,
                "raw": d.raw,
                "text": d.text,
                "rule_id": d.rule_id,
                "confidence": d.confidence,
            }
            for d in doc.dates
        ]
        out["contributions"] += list(_contribution_rows(doc))
        out["schemes"] += list(_scheme_rows(doc))
        out["metrics"] += list(_metric_rows(doc))
        out["milestones"] += list(_milestone_rows(doc))
    return out


def document_row(doc: Document) -> dict:
    m, s = doc.metadata, doc.source
    return {
        "doc_id": doc.doc_id,
        "path": s.path,
        "format": s.format.value,
        "sha256": s.sha256,
        "size_bytes": s.size_bytes,
        "pages": s.pages,
        "lines": s.lines,
        "doc_type": m.doc_type.value,
        "title": m.title,
        "body": m.body,
        "meeting": m.meeting,
        "meeting_date": _date(m.meeting_date),
        "area": m.area,
        "organisations": list(m.organisations),
        "period": m.period,
        "paper_ref": m.paper_ref,
        "tool_version": doc.tool_version,
        "n_sections": len(doc.sections),
        "n_tables": len(doc.tables),
        "n_figures": len(doc.figures),
        "n_dates": len(doc.dates),
        "n_warnings": len(doc.warnings),
        "totals_checked": sum(t.consistency.checked for t in doc.tables),
        "totals_agree": sum(t.consistency.agree for t in doc.tables),
        "totals_disagree": sum(t.consistency.disagree for t in doc.tables),
    }


def _contribution_rows(doc: Document) -> Iterator[dict]:
    for rec in doc.records.contributions:
        for line in rec.lines:
            for amount in _or_none(line.amounts):
                yield {
                    "doc_id": doc.doc_id,
                    "record_id": rec.id,
                    "pool": rec.pool,
                    "table_period": rec.period,
                    "label": line.label,
                    "line_role": line.role.value,
                    **_amount(amount, rec.period),
                    **_prov(line.provenance),
                    **_record(rec),
                }


def _scheme_rows(doc: Document) -> Iterator[dict]:
    for rec in doc.records.schemes:
        for amount in _or_none(rec.amounts):
            yield {
                "doc_id": doc.doc_id,
                "record_id": rec.id,
                "scheme_ref": rec.scheme_ref,
                "name": rec.name,
                "scheme_type": rec.scheme_type,
                "sub_type": rec.sub_type,
                "funding_source": rec.funding_source,
                "area_of_spend": rec.area_of_spend,
                "provider": rec.provider,
                "new_or_existing": rec.new_or_existing,
                **_amount(amount, None),
                **_prov(rec.provenance),
                **_record(rec),
            }


def _metric_rows(doc: Document) -> Iterator[dict]:
    for rec in doc.records.metrics:
        values: list[tuple[str | None, MetricValue | None]] = []
        if rec.target is not None:
            values.append(("target", rec.target))
        if rec.baseline is not None:
            values.append(("baseline", rec.baseline))
        values += [("actual", v) for v in rec.actuals]
        for kind, value in values or [(None, None)]:
            yield {
                "doc_id": doc.doc_id,
                "record_id": rec.id,
                "ref": rec.ref,
                "measure": rec.measure,
                "national_metric": rec.national_metric,
                "direction": rec.direction,
                "status": rec.status,
                "value_kind": kind,
                "value": value.value if value else None,
                "unit": value.unit if value else None,
                "comparator": value.comparator if value else None,
                "period": value.period if value else None,
                "date": value.date if value else None,
                "raw": value.raw if value else None,
                "figure_id": value.figure_id if value else None,
                **_prov(rec.provenance),
                **_record(rec),
            }


def _milestone_rows(doc: Document) -> Iterator[dict]:
    for rec in doc.records.milestones:
        a = rec.allocation
        yield {
            "doc_id": doc.doc_id,
            "record_id": rec.id,
            "workstream": rec.workstream,
            "activity": rec.activity,
            "owner": rec.owner,
            "start_date": rec.start_date,
            "end_date": rec.end_date,
            "status": rec.status,
            "value": a.value if a else None,
            "unit": a.unit if a else None,
            "raw": a.raw if a else None,
            **_prov(rec.provenance),
            **_record(rec),
        }


def finding_rows(f: Finding) -> Iterator[dict]:
    values = json.dumps([v.model_dump(exclude_none=True) for v in f.values], ensure_ascii=False)
    for doc_id in _or_none(f.docs):
        yield {
            "finding_id": f.id,
            "doc_id": doc_id,
            "kind": f.kind.value,
            "severity": f.severity.value,
            "check": f.check,
            "rule_id": f.rule_id,
            "confidence": f.confidence,
            "label": f.label,
            "column": f.column,
            "group": f.group,
            "expected": f.expected,
            "delta": f.delta,
            "tolerance": f.tolerance,
            "message": f.message,
            "docs": list(f.docs),
            "values": values,
        }


def _or_none(items: list[T]) -> list[T | None]:
    """The items, or one ``None`` so that a record without any still gets its row."""
    return [*items] if items else [None]


def _amount(a: Amount | None, default_period: str | None) -> dict:
    if a is None:
        return {
            "partner": None,
            "period": default_period,
            "column": None,
            "value": None,
            "unit": None,
            "raw": None,
            "figure_id": None,
        }
    return {
        "partner": a.partner,
        "period": a.period or default_period,
        "column": a.column,
        "value": a.value,
        "unit": a.unit,
        "raw": a.raw,
        "figure_id": a.figure_id,
    }


def _record(rec) -> dict:
    return {
        "rule_id": rec.rule_id,
        "confidence": rec.confidence,
        "section_id": rec.section_id,
        "table_id": rec.table_id,
    }


def _prov(p) -> dict:
    return {"page": p.page, "line": p.line}


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- writing


def _insert(con, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    import pyarrow as pa

    columns, types = SCHEMA[table], _arrow_types()
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    arrow = pa.Table.from_pylist(
        [{name: row.get(name) for name, _ in columns} for row in rows], schema=schema
    )
    con.register("_rows", arrow)
    try:
        con.execute(f'INSERT INTO "{table}" SELECT * FROM _rows')
    finally:
        con.unregister("_rows")
    return len(rows)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _duckdb():
    try:
        import duckdb
    except ImportError:  # pragma: no cover - a declared dependency
        raise ExtractorError("the dataset needs DuckDB: pip install duckdb") from None
    return duckdb


def _arrow_types() -> dict[str, object]:
    import pyarrow as pa

    return {_V: pa.string(), _I: pa.int64(), _D: pa.float64(), _L: pa.list_(pa.string()), _DATE: pa.date32()}
