"""Shared pieces of the audit checks: reading a table as a grid of values with their precision,
the rounding tolerance, and building findings with stable ids and plain-sentence messages."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import regex as re

from ..models import ColumnKind, Document, Figure, Finding, FindingValue, Severity, Table
from ..numbers import parse_number
from ..rounding import column_rounding_step, precision_step, rounding_tolerance, shared_rounding_step  # noqa: F401 - the checks import these


@dataclass(frozen=True)
class Value:
    """One number in a table with where it came from and how precisely it was written."""

    value: float
    step: float  # the smallest change the written form can show: 1000 for '9,734' in £'000
    figure: Figure | None
    row: int
    col: int


def norm_label(label: str) -> str:
    """A line's label for matching: lower case, punctuation as single spaces."""
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


def table_name(table: Table) -> str:
    """A table as a reader finds it: its printed title, else where it starts."""
    if table.title:
        return f"table '{table.title}'"
    p = table.provenance
    return f"the table on p.{p.page}" if p.page is not None else f"the table at line {p.line}"


def row_name(table: Table, label: str) -> str:
    """What a reader calls a line: its label, with the label column's header before a label too
    short to stand alone ("B" under "Band" is "Band B")."""
    header = next((c.header for c in table.columns if c.kind is ColumnKind.LABEL and c.header.strip()), "")
    if len(label.strip()) <= 3 and header and not label.lower().startswith(header.lower()):
        return f"{' '.join(header.split())} {label.strip()}"
    return label


def figure_step(f: Figure) -> float:
    """The precision of a figure's written form in its own unit: '0.5' read in a £m column ->
    £100,000; '9,734' in a £'000 column -> £1,000; '£1.2m' -> £100,000."""
    written = parse_number(f.raw)
    scale = abs(f.value or 0.0) / abs(written.value) if written is not None and written.value else 1.0
    return precision_step(f.raw, scale)


def spoken_date(iso: str) -> str:
    """'2017-12-01' -> '1 December 2017'; '2018-03' -> 'March 2018'; anything else as given."""
    try:
        if len(iso) == 7:
            return dt.date.fromisoformat(iso + "-01").strftime("%B %Y")
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def table_values(doc: Document, table: Table) -> dict[tuple[int, int], Value]:
    """(row, column) -> value for every value cell, filled from the figures read for that cell.

    A table can hold its amounts in words inside the label cell ("Improving Flow £1.2m ...") while
    the value column is blank; the figures stage files those under the value column, so they count.
    """
    figures = [f for f in doc.figures if f.table_id == table.id and f.row is not None]
    by_cell: dict[tuple[int, int], Figure] = {}
    header_to_col = {c.header: c.index for c in table.columns if c.kind is ColumnKind.VALUE and c.header}
    for f in figures:
        assert f.row is not None
        col = f.col if f.col is not None else -1
        if table.columns[col].kind is not ColumnKind.VALUE and f.column in header_to_col:
            col = header_to_col[f.column]
        if col >= 0 and table.columns[col].kind is ColumnKind.VALUE:
            by_cell.setdefault((f.row, col), f)
    values: dict[tuple[int, int], Value] = {}
    for row in table.rows:
        for cell in row.cells:
            column = table.columns[cell.col]
            if column.kind is not ColumnKind.VALUE:
                continue
            figure = by_cell.get((row.index, cell.col))
            if cell.value is not None:
                step = precision_step(cell.raw_number or cell.text, column.scale)
                values[(row.index, cell.col)] = Value(cell.value, step, figure, row.index, cell.col)
            elif figure is not None and figure.value is not None:
                step = precision_step(figure.raw, 1.0)
                values[(row.index, cell.col)] = Value(figure.value, step, figure, row.index, cell.col)
    return _rounded_counts(values)


def _rounded_counts(values: dict[tuple[int, int], Value]) -> dict[tuple[int, int], Value]:
    """Values of a count column every figure of which ends in zeros, with the step of the place
    they share ('13,600', '800', '235,400': hundreds). A population or activity table rounded to
    the nearest 100 misses its totals by a hundred or two, which is rounding, not an error. Money is
    left as written: a grant of £5,000 is exact."""
    by_col: dict[int, list[Value]] = {}
    for v in values.values():
        by_col.setdefault(v.col, []).append(v)
    out = dict(values)
    for col, column in by_col.items():
        if any(
            v.figure is None or v.figure.unit != "count" or v.value != int(v.value) or v.step != 1.0
            for v in column
        ):
            continue
        step = column_rounding_step(
            [v.figure.raw if v.figure else "" for v in column], [v.value for v in column]
        )
        if step is None:
            continue
        for v in column:
            out[(v.row, col)] = Value(v.value, step, v.figure, v.row, v.col)
    return out


def finding_value(
    doc: Document,
    table: Table | None,
    value: Value | None,
    *,
    figure: Figure | None = None,
    label: str | None = None,
    column: str | None = None,
    number: float | None = None,
) -> FindingValue:
    fig = figure or (value.figure if value is not None else None)
    prov = fig.provenance if fig is not None else None
    if prov is None and table is not None and value is not None:
        prov = next((r.provenance for r in table.rows if r.index == value.row), table.provenance)
    text = fig.text if fig is not None else ""
    row = next((r for r in table.rows if r.index == value.row), None) if table is not None and value else None
    if not text and row is not None:
        text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
    raw = fig.raw if fig is not None else None
    if raw is None and row is not None and value is not None:
        cell = next((c for c in row.cells if c.col == value.col), None)
        raw = (cell.raw_number or cell.text.strip() or None) if cell is not None else None
    return FindingValue(
        doc_id=doc.doc_id,
        value=number
        if number is not None
        else (value.value if value is not None else (fig.value if fig else None)),
        unit=fig.unit if fig is not None else None,
        page=prov.page if prov else None,
        line=prov.line if prov else None,
        raw=raw,
        bbox=prov.bbox if prov else None,
        text=text,
        label=label,
        column=column,
        table_id=table.id if table is not None else (fig.table_id if fig else None),
        figure_id=fig.id if fig is not None else None,
    )


# An error says the paper is wrong. Below this confidence in our own reading of the evidence (which
# lines a total closes, which line a sentence names, which table is a version of which) the finding
# is a warning: the auditor should look, but the tool does not claim the paper is wrong.
ERROR_CONFIDENCE = 0.8


def settled(finding: Finding) -> Finding:
    """The finding with severity ``error`` only where its evidence is complete enough."""
    if finding.severity is Severity.ERROR and finding.confidence < ERROR_CONFIDENCE:
        return finding.model_copy(update={"severity": Severity.WARNING})
    return finding


def clusters(n: int, joined: list[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of ``range(n)`` under the ``joined`` pairs (union-find), each in
    ascending order, groups ordered by their first member."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in joined:
        parent[find(j)] = find(i)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return sorted(out.values(), key=lambda g: g[0])


def rule_id(check: str) -> str:
    """The id of the rule in ``rules/audit_checks.jsonl`` that describes ``check``."""
    return f"audit.{check}"


def finding_id(kind: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join([kind, *map(str, parts)]).encode("utf-8")).hexdigest()[:10]
    return f"{kind[:3]}-{digest}"


def money(value: float | None, unit: str | None = "GBP") -> str:
    """A number as a reader would say it: £94.292m, £549,660, 95%."""
    if value is None:
        return "blank"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "days":
        return f"{value:,.0f} day{'' if abs(value) == 1 else 's'}"
    if unit and unit.startswith("GBP"):
        sign = "-" if value < 0 else ""
        v = abs(value)
        if v >= 1e6:
            text = f"£{v / 1e6:,.3f}".rstrip("0").rstrip(".") + "m"
        elif v >= 1e3 and v % 1 == 0:
            text = f"£{v:,.0f}"
        else:
            text = f"£{v:,.2f}".replace(".00", "")
        return sign + text
    return f"{value:,.2f}".rstrip("0").rstrip(".")  # counts: '102,610', '12,965.4', never '1.03e+05'


def where(v: FindingValue) -> str:
    if v.page is not None:
        return f"{v.doc_id} p.{v.page}"
    if v.line is not None:
        return f"{v.doc_id} line {v.line}"
    return v.doc_id
