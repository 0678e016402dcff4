"""A column that states a change between two others: "Increase" = 2025-26 - 2024-25 on each row.

Which two columns it is the difference of is read from the rows, as the row-total check reads a
total column's parts: of every ordered pair of other value columns in the unit, the one whose
difference the column equals in the most rows, when it holds in at least ``MIN_ROWS`` of them and in
at least twice as many rows as it fails. A row where it fails beyond the rounding of the three
printed numbers is an error (Kent's council tax bands: "Band B ... Increase 65.21" where 1,315.37 -
1,252.86 is 62.51). Which headers state a change is a rule (``rules/audit.jsonl``, kind
``change_column``).
"""

from __future__ import annotations

import regex as re

from ..models import ColumnKind, Document, Finding, FindingKind, Severity, Table
from ..rules import Rules
from .common import (
    Value,
    finding_id,
    finding_value,
    money,
    rounding_tolerance,
    row_name,
    rule_id,
    table_values,
    where,
)

MIN_ROWS = 3  # rows that must agree before the pair is taken to be what the column means


def check_document(doc: Document, rules: Rules) -> list[Finding]:
    cues: list[re.Pattern[str]] = []
    for r in rules.audit:
        pattern = r.pattern() if r.kind == "change_column" else None
        if pattern is not None:
            cues.append(pattern)
    findings: list[Finding] = []
    for table in doc.tables:
        value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
        changes = [c for c in value_cols if any(cue.search(c.header) for cue in cues)]
        if not changes:
            continue
        values = table_values(doc, table)
        for change in changes:
            pair = _pair(
                table, values, change.index, [c.index for c in value_cols if c.index != change.index]
            )
            if pair is not None:
                findings.extend(_rows(doc, table, values, change.index, pair))
    return findings


def _gap(
    values: dict[tuple[int, int], Value], row: int, col: int, pair: tuple[int, int]
) -> tuple[float, float] | None:
    """(stated change - worked-out change, rounding tolerance) on one row, or None if a cell is blank."""
    stated, a, b = (values.get((row, c)) for c in (col, *pair))
    if stated is None or a is None or b is None:
        return None
    return stated.value - (b.value - a.value), rounding_tolerance([stated.step, a.step, b.step])


def _pair(
    table: Table, values: dict[tuple[int, int], Value], col: int, others: list[int]
) -> tuple[int, int] | None:
    best: tuple[int, tuple[int, int]] | None = None
    for a in others:
        for b in others:
            if a == b:
                continue
            gaps = [g for r in table.rows if (g := _gap(values, r.index, col, (a, b))) is not None]
            holds = sum(1 for d, tol in gaps if abs(d) <= tol + 1e-9)
            if holds >= MIN_ROWS and holds >= 2 * (len(gaps) - holds) and (best is None or holds > best[0]):
                best = (holds, (a, b))
    return best[1] if best else None


def _rows(
    doc: Document, table: Table, values: dict[tuple[int, int], Value], col: int, pair: tuple[int, int]
) -> list[Finding]:
    findings = []
    column, (a, b) = table.columns[col], pair
    for row in table.rows:
        gap = _gap(values, row.index, col, pair)
        if gap is None or abs(gap[0]) <= gap[1] + 1e-9:
            continue
        stated, first, second = values[(row.index, col)], values[(row.index, a)], values[(row.index, b)]
        unit = (stated.figure.unit if stated.figure else None) or "GBP"
        expected = second.value - first.value
        head_a, head_b = (" ".join(table.columns[c].header.split()) for c in (a, b))
        name = row_name(table, row.label)
        shown = finding_value(doc, table, stated, label=name, column=column.header)
        message = (
            f"{name}: {' '.join(column.header.split())} is {money(stated.value, unit)} but {head_b} "
            f"less {head_a} is {money(expected, unit)}, a difference of {money(gap[0], unit)} ({where(shown)})."
        )
        findings.append(
            Finding(
                id=finding_id("arithmetic", doc.doc_id, table.id, row.index, "difference", col),
                kind=FindingKind.ARITHMETIC,
                severity=Severity.ERROR,
                docs=[doc.doc_id],
                label=name,
                column=column.header,
                values=[shown]
                + [
                    finding_value(doc, table, v, label=row.label, column=table.columns[v.col].header)
                    for v in (second, first)
                ],
                unit=unit,
                expected=round(expected, 6),
                delta=round(gap[0], 6),
                tolerance=round(gap[1], 6),
                message=message,
                check="row-difference",
                rule_id=rule_id("row-difference"),
                confidence=0.9,  # the pair of columns was chosen because the other rows agree with it
                group=table.id,
            )
        )
    return findings
