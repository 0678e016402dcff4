"""Check 1: totals that do not add up.

In every table with a stated total: items against their subtotal or total down each column, net
against gross less deductions, parts against a total column across each row, and percentage
shares against 100 when a row says 100%. A difference within what rounding the shown numbers can
explain is ``info`` ("rounding"); beyond it, ``error``. Tables with nothing marked as a total are
not checked, and a total is skipped when any of its items is blank (nothing to check it against).
"""

from __future__ import annotations

from ..models import ColumnKind, Document, Finding, FindingKind, RowRole, Severity, Table, TableRow
from ..rules import Rules
from .common import Value, finding_id, finding_value, money, rounding_tolerance, table_values, where

_TOTALISH = (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET)


def check_document(doc: Document, rules: Rules) -> list[Finding]:
    findings: list[Finding] = []
    for table in doc.tables:
        values = table_values(doc, table)
        if not values:
            continue
        findings.extend(_down_columns(doc, table, values))
        findings.extend(_across_rows(doc, table, values, rules))
    return findings


# --------------------------------------------------------------------------- down each column


def _down_columns(doc: Document, table: Table, values: dict[tuple[int, int], Value]) -> list[Finding]:
    if not any(r.role in _TOTALISH for r in table.rows):
        return []
    findings: list[Finding] = []
    value_cols = [c.index for c in table.columns if c.kind is ColumnKind.VALUE]
    for col in value_cols:
        items: list[TableRow] = []  # items since the last subtotal/total
        subtotals: list[TableRow] = []  # subtotals since the last total
        deductions: list[TableRow] = []
        last_gross: TableRow | None = None
        for row in table.rows:
            if row.role is RowRole.GROUP or row.role is RowRole.NOTE:
                continue
            if row.role in (RowRole.ITEM,):
                items.append(row)
                continue
            if row.role is RowRole.DEDUCTION:
                deductions.append(row)
                continue
            if row.role is RowRole.NET:
                if last_gross is not None:
                    parts = [last_gross] + deductions
                    findings.extend(_compare(doc, table, values, col, row, parts, "net", signs=_deduction_signs(values, col, last_gross, deductions)))
                deductions = []
                items = []
                continue
            if row.role in (RowRole.SUBTOTAL, RowRole.TOTAL):
                if items:
                    parts = items if row.role is RowRole.SUBTOTAL or not subtotals else subtotals + items
                elif subtotals and row.role is RowRole.TOTAL:
                    parts = subtotals
                else:
                    parts = []
                if deductions and last_gross is not None and not items:
                    parts = [last_gross] + deductions
                if parts:
                    check = "column-total" if row.role is RowRole.TOTAL else "column-subtotal"
                    findings.extend(_compare(doc, table, values, col, row, parts, check))
                if row.role is RowRole.SUBTOTAL:
                    subtotals.append(row)
                    last_gross = row
                else:
                    subtotals = []
                    last_gross = row
                items = []
                deductions = []
    return findings


def _deduction_signs(values: dict[tuple[int, int], Value], col: int, gross: TableRow, deductions: list[TableRow]) -> list[float]:
    """Deductions written as negatives are added; written as positives ("Less income 5,502") they
    are subtracted."""
    signs = [1.0]
    for row in deductions:
        v = values.get((row.index, col))
        signs.append(1.0 if v is None or v.value <= 0 else -1.0)
    return signs


def _compare(
    doc: Document,
    table: Table,
    values: dict[tuple[int, int], Value],
    col: int,
    total_row: TableRow,
    parts: list[TableRow],
    check: str,
    signs: list[float] | None = None,
) -> list[Finding]:
    stated = values.get((total_row.index, col))
    if stated is None:
        return []
    part_values = [values.get((r.index, col)) for r in parts]
    if any(v is None for v in part_values):
        return []  # a blank item: the total cannot be checked, and a guess would be a false alarm
    present = [v for v in part_values if v is not None]
    if check != "net" and present and all(v.value >= 0 for v in present) and stated.value < 0.5 * max(v.value for v in present):
        return []  # smaller than one of its own parts: whatever this line is, it is not their sum
    signs = signs or [1.0] * len(present)
    expected = sum(s * v.value for s, v in zip(signs, present, strict=True))
    tolerance = rounding_tolerance([v.step for v in present] + [stated.step])
    delta = stated.value - expected
    if abs(delta) < 1e-9 * max(1.0, abs(expected)) + 1e-6:  # binary noise only
        return []
    column = table.columns[col]
    severity = Severity.INFO if abs(delta) <= tolerance + 1e-9 else Severity.ERROR
    if severity is Severity.ERROR and not table.header_rows and total_row.role is not RowRole.NET:
        # a headerless table may be the second half of one cut by a page break: its total covers
        # rows we cannot see, so the gap is worth a look but is not proof of an error
        severity = Severity.WARNING
    unit = stated.figure.unit if stated.figure is not None else (column.unit or "GBP")
    head = column.organisation or column.period or column.header or f"column {col + 1}"
    parts_text = ", ".join(r.label for r in parts[:6]) + (" ..." if len(parts) > 6 else "")
    stated_value = finding_value(doc, table, stated, label=total_row.label, column=column.header)
    if severity is Severity.ERROR:
        message = (
            f"{total_row.label} for {head} is stated as {money(stated.value, unit)} but its parts "
            f"({parts_text}) come to {money(expected, unit)}, a difference of {money(delta, unit)} ({where(stated_value)})."
        )
    else:
        message = (
            f"{total_row.label} for {head} is {money(stated.value, unit)} against {money(expected, unit)} from its parts: "
            f"a difference of {money(delta, unit)}, within rounding of the figures shown ({where(stated_value)})."
        )
    return [
        Finding(
            id=finding_id("arithmetic", doc.doc_id, table.id, total_row.index, col),
            kind=FindingKind.ARITHMETIC,
            severity=severity,
            docs=[doc.doc_id],
            label=total_row.label,
            column=column.header or head,
            values=[stated_value] + [finding_value(doc, table, v, label=r.label, column=column.header) for r, v in zip(parts, present, strict=True)],
            unit=unit,
            expected=round(expected, 6),
            delta=round(delta, 6),
            tolerance=round(tolerance, 6),
            message=message,
            check=check,
            group=table.id,
        )
    ]


# --------------------------------------------------------------------------- across each row


def _across_rows(doc: Document, table: Table, values: dict[tuple[int, int], Value], rules: Rules) -> list[Finding]:
    """A value column whose header says total ("Total", "2017-19 Total") against the other value
    columns of the same unit in each row: CCG + OCC = Total, 16/17 + 17/18 = two-year total."""
    value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
    total_cols = [c for c in value_cols if _is_total_header(c.header, rules)]
    if len(total_cols) != 1 or len(value_cols) < 3:
        return []
    total_col = total_cols[0]
    part_cols = [c for c in value_cols if c.index != total_col.index and not _is_total_header(c.header, rules)]
    findings: list[Finding] = []
    for row in table.rows:
        stated = values.get((row.index, total_col.index))
        parts = [values.get((row.index, c.index)) for c in part_cols]
        if stated is None or any(p is None for p in parts):
            continue
        present = [p for p in parts if p is not None]
        units = {p.figure.unit for p in present if p.figure is not None} | ({stated.figure.unit} if stated.figure else set())
        if len(units) > 1:
            continue
        expected = sum(p.value for p in present)
        delta = stated.value - expected
        if abs(delta) < 1e-9 * max(1.0, abs(expected)) + 1e-6:  # binary noise only
            continue
        tolerance = rounding_tolerance([p.step for p in present] + [stated.step])
        severity = Severity.INFO if abs(delta) <= tolerance + 1e-9 else Severity.ERROR
        unit = next(iter(units)) if units else "GBP"
        stated_value = finding_value(doc, table, stated, label=row.label, column=total_col.header)
        names = " + ".join(c.organisation or c.period or c.header for c in part_cols)
        message = (
            f"{row.label}: {total_col.header} is {money(stated.value, unit)} but {names} come to {money(expected, unit)}"
            + (" (within rounding)" if severity is Severity.INFO else f", a difference of {money(delta, unit)}")
            + f" ({where(stated_value)})."
        )
        findings.append(
            Finding(
                id=finding_id("arithmetic", doc.doc_id, table.id, row.index, "row"),
                kind=FindingKind.ARITHMETIC,
                severity=severity,
                docs=[doc.doc_id],
                label=row.label,
                column=total_col.header,
                values=[stated_value] + [finding_value(doc, table, p, label=row.label, column=c.header) for c, p in zip(part_cols, present, strict=True)],
                unit=unit,
                expected=round(expected, 6),
                delta=round(delta, 6),
                tolerance=round(tolerance, 6),
                message=message,
                check="row-total",
                group=table.id,
            )
        )
    return findings


def _is_total_header(header: str, rules: Rules) -> bool:
    text = " ".join(header.split())
    for rule, m in rules.all_matches("row_roles", text):
        if getattr(rule, "role", None) == "total":
            return True
    return False
