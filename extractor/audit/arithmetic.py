"""Check 1: totals that do not add up.

In every table with a stated total: items against their subtotal or total down each column, net
against gross less deductions, parts against a total column across each row, and percentage
shares against 100. A difference within what rounding the shown numbers can explain is ``info``
("rounding"); beyond it, ``error``. Tables with nothing marked as a total are not checked, and a
total is skipped when any of its items is blank (nothing to check it against).

Which lines a total covers is read from the table's structure (items since the last subtotal, a
"Highways Total" closing the "Highways" heading above it, net after gross and deductions) and then
*confirmed by the numbers*: a total that adds up in at least one of its columns shows the structure
was read right, so a column where it does not add up is an error. A total that adds up in none of
its columns says as much about our reading of a long, page-broken council table as about the
paper, so it is a single ``warning`` for the row rather than an error per column. Across a row the
parts of a total column are the columns that make it add up in most rows ("Total Forecast" after
three forecast columns, a two-year total after its two years); rows where they do not are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re
from rapidfuzz import fuzz

from ..models import (
    ColumnKind,
    Document,
    Finding,
    FindingKind,
    FindingValue,
    RowRole,
    Severity,
    Table,
    TableRow,
)
from ..rules import Rules
from .common import Value, finding_id, finding_value, money, rounding_tolerance, rule_id, table_values, where

_TOTALISH = (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET)
_GROUP_MATCH = 90.0  # rapidfuzz ratio of a heading to the name of the total that closes it
_PLAUSIBLE_SLIP = 0.25  # a lone unconfirmed total this far off its parts is more likely misread
_TOTAL_WORDS_RE = re.compile(r"(?i)\b(?:grand\s+|sub[\s-]?)?totals?\b|[:()]")


def check_document(doc: Document, rules: Rules) -> list[Finding]:
    findings: list[Finding] = []
    for table in doc.tables:
        values = table_values(doc, table)
        if not values:
            continue
        additive = _additive_columns(table, rules)
        findings.extend(_down_columns(doc, table, {k: v for k, v in values.items() if k[1] in additive}))
        findings.extend(_across_rows(doc, table, values, rules))
    return findings


def _additive_columns(table: Table, rules: Rules) -> set[int]:
    """Value columns whose lines add up to a total: not averages, rates or yields ("Value Weighted
    Average Life yrs", "Interest Rate"), which a total line states for the whole, not as a sum."""
    words = [p for r in rules.audit if r.kind == "non_additive" and (p := r.pattern()) is not None]
    out = set()
    for col in table.columns:
        header = " ".join([*col.header_path, col.header])
        if col.kind is ColumnKind.VALUE and not any(p.search(header) for p in words):
            out.add(col.index)
    return out


# --------------------------------------------------------------------------- which lines a total covers


@dataclass(frozen=True)
class Claim:
    """A line that states the sum of other lines: ``parts`` (with ``check``) add up to ``total``."""

    total: TableRow
    parts: tuple[TableRow, ...]
    check: str  # column-total | column-subtotal | net


@dataclass
class _Scope:
    """Lines gathered under one heading (or the whole table) while walking down it."""

    name: str | None
    items: list[TableRow] = field(default_factory=list)  # since the last subtotal/total
    subtotals: list[TableRow] = field(default_factory=list)  # since the last total
    deductions: list[TableRow] = field(default_factory=list)
    last_gross: TableRow | None = None


def _stem(label: str) -> str:
    """'Highways & Transportation Total' -> 'highways and transportation': the name a total gives
    the heading it closes."""
    text = _TOTAL_WORDS_RE.sub(" ", label.lower().replace("&", " and "))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def claims(table: Table) -> list[Claim]:
    """Every total, subtotal and net line of ``table`` with the lines it should be the sum of.

    The table reader decides which lines each total closes (``TableRow.closes``: its own group,
    never a sibling subtotal, confirmed by the numbers); the audit takes that. A table read without
    that hierarchy (every ``closes`` empty) is walked here: headings open a scope only when a later
    total names them ("Finance" ... "Finance Total"); that total covers everything under the
    heading and itself counts as one line of the scope around it.
    """
    if any(r.closes for r in table.rows):
        return _closed_by_reader(table)
    rows = [r for r in table.rows if r.role is not RowRole.NOTE]
    closing = {_stem(r.label) for r in rows if r.role in (RowRole.TOTAL, RowRole.SUBTOTAL) and _stem(r.label)}
    scopes = [_Scope(None)]
    found: list[Claim] = []
    for row in rows:
        if row.role is RowRole.GROUP:
            stem = _stem(row.label)
            if stem and any(fuzz.ratio(stem, name) >= _GROUP_MATCH for name in closing):
                scopes.append(_Scope(stem))
            continue
        if row.role is RowRole.ITEM:
            scopes[-1].items.append(row)
            continue
        if row.role is RowRole.DEDUCTION:
            scopes[-1].deductions.append(row)
            continue
        if row.role is RowRole.NET:
            scope = scopes[-1]
            # a net line with nothing taken off since the gross is a restatement, not a sum
            if scope.last_gross is not None and scope.deductions:
                found.append(Claim(row, (scope.last_gross, *scope.deductions), "net"))
            scope.deductions, scope.items = [], []
            continue
        depth = _closed_scope(scopes, row)
        if depth is not None:
            parts = [p for s in scopes[depth:] for p in _pending(s, row.role)]
            del scopes[depth:]
            if parts:
                found.append(Claim(row, tuple(parts), _check_name(row)))
            scopes[-1].items.append(row)
            continue
        scope = scopes[-1]
        parts = _pending(scope, row.role)
        if scope.deductions and scope.last_gross is not None and not scope.items:
            parts = [scope.last_gross, *scope.deductions]  # gross, less ..., then a total of what is left
        if parts:
            found.append(Claim(row, tuple(parts), _check_name(row)))
        if row.role is RowRole.SUBTOTAL:
            scope.subtotals.append(row)
        else:
            scope.subtotals = []
        scope.last_gross = row
        scope.items, scope.deductions = [], []
    return found


def _closed_by_reader(table: Table) -> list[Claim]:
    by_index = {r.index: r for r in table.rows}
    found = []
    for row in table.rows:
        parts = tuple(by_index[i] for i in row.closes if i in by_index)
        if row.role is RowRole.NET and parts and all(p.role is RowRole.DEDUCTION for p in parts):
            # "Net expenditure" closing only the lines under "Less:": what they are taken from is
            # the gross line above them
            gross = [
                r
                for r in table.rows
                if r.index < parts[0].index and r.role in (RowRole.TOTAL, RowRole.SUBTOTAL)
            ]
            parts = (gross[-1], *parts) if gross else parts
        if row.role in _TOTALISH and parts:
            found.append(Claim(row, parts, "net" if row.role is RowRole.NET else _check_name(row)))
    return found


def _closed_scope(scopes: list[_Scope], row: TableRow) -> int | None:
    """Index of the open heading scope this total names, innermost first."""
    stem = _stem(row.label)
    if not stem:
        return None
    for depth in range(len(scopes) - 1, 0, -1):
        name = scopes[depth].name
        if name and fuzz.ratio(stem, name) >= _GROUP_MATCH:
            return depth
    return None


def _pending(scope: _Scope, role: RowRole) -> list[TableRow]:
    """The lines a total closes in this scope: its items (with any deductions among them, "Income:
    fees and charges" in a list of savings), after the subtotals before them for a total."""
    if scope.items:
        lines = sorted(scope.items + scope.deductions, key=lambda r: r.index)
        return lines if role is RowRole.SUBTOTAL or not scope.subtotals else scope.subtotals + lines
    if scope.subtotals and role is RowRole.TOTAL:
        return list(scope.subtotals)
    return []


def _check_name(row: TableRow) -> str:
    return "column-total" if row.role is RowRole.TOTAL else "column-subtotal"


# --------------------------------------------------------------------------- down each column


@dataclass(frozen=True)
class _Sum:
    """One claim worked out in one column."""

    col: int
    stated: Value
    parts: tuple[Value, ...]
    expected: float
    tolerance: float

    @property
    def delta(self) -> float:
        return self.stated.value - self.expected

    @property
    def exact(self) -> bool:
        return abs(self.delta) < 1e-9 * max(1.0, abs(self.expected)) + 1e-6  # binary noise only

    @property
    def within_rounding(self) -> bool:
        return abs(self.delta) <= self.tolerance + 1e-9

    @property
    def confirms(self) -> bool:
        """It adds up, and not merely as nothing = nothing."""
        return self.within_rounding and (self.stated.value != 0 or any(p.value != 0 for p in self.parts))


def _down_columns(doc: Document, table: Table, values: dict[tuple[int, int], Value]) -> list[Finding]:
    if not any(r.role in _TOTALISH for r in table.rows):
        return []
    value_cols = [c.index for c in table.columns if c.kind is ColumnKind.VALUE]
    findings: list[Finding] = []
    for claim in claims(table):
        sums = [s for col in value_cols if (s := _work_out(claim, values, col)) is not None]
        if not sums:
            continue
        confirmed = any(s.confirms for s in sums)
        wrong = [s for s in sums if not s.within_rounding]
        for s in sums:
            if s.exact:
                continue
            if s.within_rounding:
                findings.append(_column_finding(doc, table, claim, s, Severity.INFO))
            elif confirmed:
                # headerless: perhaps the second half of a table cut by a page break, whose total
                # covers rows we cannot see — worth a look, not proof
                severity = Severity.ERROR if table.header_rows or claim.check == "net" else Severity.WARNING
                findings.append(_column_finding(doc, table, claim, s, severity))
        if wrong and not confirmed:
            findings.append(_unconfirmed_finding(doc, table, claim, wrong, len(sums)))
    return findings


def _work_out(claim: Claim, values: dict[tuple[int, int], Value], col: int) -> _Sum | None:
    stated = values.get((claim.total.index, col))
    if stated is None:
        return None
    found = [values.get((r.index, col)) for r in claim.parts]
    if any(v is None for v in found):
        return None  # a blank item: the total cannot be checked, and a guess would be a false alarm
    parts = tuple(v for v in found if v is not None)
    if any(_unit(p, None) != _unit(stated, None) for p in parts if p.figure is not None and stated.figure):
        return None  # "Net Change (%)" under a line of pounds: a share stated beside the sum, not one
    # deductions written as negatives are added; written as positives ("Less income 5,502") they
    # are subtracted
    signed = [
        v.value if r.role is not RowRole.DEDUCTION or v.value <= 0 else -v.value
        for r, v in zip(claim.parts, parts, strict=True)
    ]
    added = [v for r, v in zip(claim.parts, signed, strict=True) if r.role is not RowRole.DEDUCTION]
    if claim.check != "net" and added and all(v >= 0 for v in added) and stated.value < 0.5 * max(added):
        return None  # smaller than one of its own parts: whatever this line is, it is not their sum
    expected = sum(signed)
    tolerance = rounding_tolerance([v.step for v in parts] + [stated.step])
    if claim.check != "net" and abs(stated.value - sum(v.value for v in parts)) <= tolerance + 1e-9:
        # among a total's items a line that opens like a deduction ("Income from penalties 100")
        # may simply be an item: if the total adds it as written, so do we
        expected = sum(v.value for v in parts)
    s = _Sum(col, stated, parts, expected, tolerance)
    return None if _rates_not_shares(s) else s


def _rates_not_shares(s: _Sum) -> bool:
    """Percentages that neither are nor add up to 100: rates of each line and of the whole (62.7% of
    all people against 80% of the over-85s), which are not meant to sum. A 100% split is checked."""
    if _unit(s.stated) != "percent" or s.within_rounding:
        return False
    return abs(s.stated.value - 100.0) > s.tolerance + 1e-9 and abs(s.expected - 100.0) > s.tolerance + 1e-9


def _unit(value: Value, fallback: str | None = None) -> str:
    return (value.figure.unit if value.figure is not None else None) or fallback or "GBP"


def _column_finding(
    doc: Document, table: Table, claim: Claim, s: _Sum, severity: Severity, confidence: float | None = None
) -> Finding:
    head = _head(table, s.col)
    unit = _unit(s.stated, table.columns[s.col].unit)
    place = where(_stated_value(doc, table, claim, s))
    stated, expected, delta = (money(v, unit) for v in (s.stated.value, s.expected, s.delta))
    if severity is Severity.INFO:
        message = (
            f"{claim.total.label} for {head} is {stated} against {expected} from its parts: a difference "
            f"of {delta}, within rounding of the figures shown ({place})."
        )
    else:
        message = (
            f"{claim.total.label} for {head} is stated as {stated} but its parts ({_names(claim.parts)}) "
            f"come to {expected}, a difference of {delta} ({place})."
        )
        if severity is Severity.WARNING:
            message += " The table has no header row, so its total may cover lines on an earlier page."
    if confidence is None:
        # a difference inside rounding is sure; a total that adds up in another column shows we read
        # its lines right; without a header row the total may cover lines on an earlier page
        confidence = {Severity.INFO: 0.9, Severity.ERROR: 0.95, Severity.WARNING: 0.6}[severity]
    return _finding(doc, table, claim, s, severity, message, s.col, confidence)


def _unconfirmed_finding(
    doc: Document, table: Table, claim: Claim, wrong: list[_Sum], checked: int
) -> Finding:
    """A total that adds up in none of its columns: one finding for the row. An error when the
    total has one column and misses by a slip's width; otherwise a warning, because a total that
    disagrees everywhere more often covers other lines than the ones read (a page-broken table, a
    heading we did not see) than it is wrong in every column."""
    first = wrong[0]
    slip = abs(first.delta) <= _PLAUSIBLE_SLIP * max(abs(first.stated.value), abs(first.expected))
    if checked == 1 and slip and table.header_rows:
        return _column_finding(doc, table, claim, first, Severity.ERROR, 0.85)
    # wrong in every one of several columns, or in its one column by more than a slip, says more
    # about our reading of the table (a total over lines on another page, a heading we did not
    # see: Kent's 'Total Change in Net Spending' £101.4m against -£78.2m) than about the paper; a
    # slip in a table without a header may be a total over lines on an earlier page
    severity, confidence = (Severity.WARNING, 0.5) if checked == 1 and slip else (Severity.INFO, 0.4)
    s = max(wrong, key=lambda w: abs(w.delta))
    unit = _unit(s.stated, table.columns[s.col].unit)
    span = "its only column" if checked == 1 else f"any of its {checked} columns"
    stated, expected, delta = (money(v, unit) for v in (s.stated.value, s.expected, s.delta))
    message = (
        f"{claim.total.label} does not equal the lines read above it ({_names(claim.parts)}) in {span}: "
        f"for {_head(table, s.col)} it is {stated} against {expected}, a difference of {delta} "
        f"({where(_stated_value(doc, table, claim, s))}). Either the total covers other lines than these "
        "or it was not updated; check the table."
    )
    return _finding(doc, table, claim, s, severity, message, "unconfirmed", confidence)


def _head(table: Table, col: int) -> str:
    column = table.columns[col]
    return column.organisation or column.period or column.header or f"column {col + 1}"


def _stated_value(doc: Document, table: Table, claim: Claim, s: _Sum) -> FindingValue:
    return finding_value(doc, table, s.stated, label=claim.total.label, column=table.columns[s.col].header)


def _finding(
    doc: Document,
    table: Table,
    claim: Claim,
    s: _Sum,
    severity: Severity,
    message: str,
    key: object,
    confidence: float,
) -> Finding:
    column = table.columns[s.col]
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, table.id, claim.total.index, key),
        kind=FindingKind.ARITHMETIC,
        severity=severity,
        docs=[doc.doc_id],
        label=claim.total.label,
        column=column.header or _head(table, s.col),
        values=[_stated_value(doc, table, claim, s)]
        + [
            finding_value(doc, table, v, label=r.label, column=column.header)
            for r, v in zip(claim.parts, s.parts, strict=True)
        ],
        unit=_unit(s.stated, column.unit),
        expected=round(s.expected, 6),
        delta=round(s.delta, 6),
        tolerance=round(s.tolerance, 6),
        message=message,
        check=claim.check,
        rule_id=rule_id(claim.check),
        confidence=confidence,
        group=table.id,
    )


def _names(rows: tuple[TableRow, ...]) -> str:
    return ", ".join(r.label for r in rows[:6]) + (" ..." if len(rows) > 6 else "")


# --------------------------------------------------------------------------- across each row


def _across_rows(
    doc: Document, table: Table, values: dict[tuple[int, int], Value], rules: Rules
) -> list[Finding]:
    """A value column whose header says total ("Total", "2017-19 Total", "Total Forecast") against
    the columns that make it up in each row: CCG + OCC = Total, 16/17 + 17/18 = two-year total."""
    value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
    findings: list[Finding] = []
    for total_col in [c for c in value_cols if _is_total_header(c.header, rules)]:
        parts = _row_parts(table, values, value_cols, total_col.index, rules)
        if parts is None:
            continue
        part_cols, rows_ok = parts
        for row in table.rows:
            s = _row_sum(values, row.index, total_col.index, part_cols)
            if s is None or s.exact:
                continue
            if not s.within_rounding and not rows_ok:
                continue
            findings.append(_row_finding(doc, table, row, total_col.index, part_cols, s))
    return findings


def _row_parts(
    table: Table, values: dict[tuple[int, int], Value], value_cols: list, total_index: int, rules: Rules
) -> tuple[list[int], bool] | None:
    """The columns a total column adds up, chosen by the rows: of every plausible set (all the other
    value columns; the two or more just before it; the two or more just after it), the one that adds
    up in the most rows. Returns the set and whether it is trusted enough to call a row wrong (it
    adds up in at least as many rows as it fails); None when no set adds up in any row."""
    others = [c.index for c in value_cols if c.index != total_index and not _is_total_header(c.header, rules)]
    if len(others) < 2:
        return None
    position = [c.index for c in value_cols].index(total_index)
    ordered = [c.index for c in value_cols]
    candidates: list[list[int]] = [others]
    for k in range(2, len(ordered)):
        before = ordered[max(0, position - k) : position]
        after = ordered[position + 1 : position + 1 + k]
        for run in (before, after):
            if len(run) == k and all(i in others for i in run) and run not in candidates:
                candidates.append(run)
    best: tuple[int, int, list[int]] | None = None
    for cols in candidates:
        # every row counts here, shares too: a set of columns is the total's parts only when it
        # adds up in most rows, and "Male % + Female %" of a column of shares (each of its own
        # whole) matching "Total %" in one age band out of twenty is chance, not the structure
        sums = [
            s
            for row in table.rows
            if (s := _row_sum(values, row.index, total_index, cols, shares=True)) is not None
        ]
        sums = [s for s in sums if s.stated.value != 0 or any(p.value != 0 for p in s.parts)]
        holds = sum(1 for s in sums if s.within_rounding)
        fails = len(sums) - holds
        if holds and (best is None or holds > best[0]):
            best = (holds, fails, cols)
    if best is None:
        return None
    holds, fails, cols = best
    return cols, holds >= fails


def _row_sum(
    values: dict[tuple[int, int], Value], row: int, total_col: int, part_cols: list[int], shares: bool = False
) -> _Sum | None:
    """The row's total against its parts; None where a part is blank, units differ, or (unless
    ``shares``) the parts are percentages that neither are nor make 100."""
    stated = values.get((row, total_col))
    found = [values.get((row, c)) for c in part_cols]
    if stated is None or any(p is None for p in found):
        return None
    parts = tuple(p for p in found if p is not None)
    if len({_unit(p) for p in (*parts, stated)}) > 1:
        return None
    expected = sum(p.value for p in parts)
    s = _Sum(total_col, stated, parts, expected, rounding_tolerance([p.step for p in parts] + [stated.step]))
    return None if not shares and _rates_not_shares(s) else s


def _row_finding(
    doc: Document, table: Table, row: TableRow, total_col: int, part_cols: list[int], s: _Sum
) -> Finding:
    column = table.columns[total_col]
    unit = _unit(s.stated)
    stated_value = finding_value(doc, table, s.stated, label=row.label, column=column.header)
    names = " + ".join(
        table.columns[c].organisation or table.columns[c].period or table.columns[c].header for c in part_cols
    )
    severity = Severity.INFO if s.within_rounding else Severity.ERROR
    stated, expected = money(s.stated.value, unit), money(s.expected, unit)
    message = (
        f"{row.label}: {column.header} is {stated} but {names} come to {expected}"
        + (" (within rounding)" if severity is Severity.INFO else f", a difference of {money(s.delta, unit)}")
        + f" ({where(stated_value)})."
    )
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, table.id, row.index, "row", total_col),
        kind=FindingKind.ARITHMETIC,
        severity=severity,
        docs=[doc.doc_id],
        label=row.label,
        column=column.header,
        values=[stated_value]
        + [
            finding_value(doc, table, p, label=row.label, column=table.columns[c].header)
            for c, p in zip(part_cols, s.parts, strict=True)
        ],
        unit=unit,
        expected=round(s.expected, 6),
        delta=round(s.delta, 6),
        tolerance=round(s.tolerance, 6),
        message=message,
        check="row-total",
        rule_id=rule_id("row-total"),
        confidence=0.9,  # the part columns were chosen because they add up in most rows
        group=table.id,
    )


def _is_total_header(header: str, rules: Rules) -> bool:
    text = " ".join(header.split())
    for rule, _m in rules.all_matches("row_roles", text):
        if getattr(rule, "role", None) == "total":
            return True
    return False
