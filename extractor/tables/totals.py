"""Row hierarchy and totals: which heading each row sits under, which lines each total closes, and the
table's self-check.

A finance table is a tree printed flat: headings ("SPENDING") open groups, items follow, a total
("TOTAL SPENDING") closes them, and a later total may close totals ("TOTAL SAVINGS, INCOME & GRANT"
is the savings subtotal plus the grant line). Which lines a total closes is read from that structure
and *confirmed by the numbers*: walking down the table, every line not yet closed is kept in order;
a total is the sum of some run of them ending just above it, and the run that adds up in the most
columns is the one it closes (the structural guess — the lines since its heading or since the last
total — when none does). A line with figures and no label that adds up the lines above it is a total
too, labelled "Total", as a reader would call it; one that adds up nothing keeps the label above it.

Totals across a row are checked the same way: a "Total" column closes the columns of its header
group ("2025-26 › Core | External | Total"), or the run of columns before it that adds up in most
rows.

The self-check (``TableConsistency``) counts every printed total cell with parts to check it
against: within the rounding of the printed numbers it agrees, beyond it it disagrees. A misread
table (a column shifted, a row split or merged, a wrong scale) almost always breaks a total, so the
share that agree is a measure of the reading any user can see without a gold standard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex as re
from rapidfuzz import fuzz

from ..models import Cell, Column, ColumnKind, RowRole, TableConsistency, TableRow, TotalCheck
from ..nil import nil_is_zero
from ..rounding import column_rounding_step, precision_step, rounding_tolerance
from ..units import GBP, PERCENT

_TOTAL_LINES = (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET)
# a total's name matches its heading when, total words aside, they are this similar (rapidfuzz ratio):
# "TOTAL SPENDING" closes "SPENDING", "Highways & Transportation Total" closes "Highways and Transportation"
_NAMES_HEADING = 88.0
_TOTAL_WORDS_RE = re.compile(r"(?i)\b(?:grand\s+|sub[\s-]?)?totals?\b|\bnet\b|[:()]")
_TOTAL_COLUMN_RE = re.compile(r"(?i)^(?:grand\s+|sub[\s-]?)?totals?\b|\btotals?$")
_VARIANCE_COLUMN_RE = re.compile(r"(?i)\b(?:variance|difference|under\s*/\s*over|over\s*/\s*\(?under)")
# An unlabelled line is a total only when it adds up in most of the columns it can be checked in.
_UNLABELLED_AGREE_SHARE = 0.6


@dataclass(frozen=True)
class _Num:
    value: float
    step: float


def _stem(label: str) -> str:
    text = _TOTAL_WORDS_RE.sub(" ", label.lower().replace("&", " and "))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _values(rows: Sequence[TableRow], columns: Sequence[Column]) -> dict[tuple[int, int], _Num]:
    """(row position, column) -> the number printed there; a dash counts as nought."""
    out: dict[tuple[int, int], _Num] = {}
    rounded = _rounded_columns(rows, columns)
    for pos, row in enumerate(rows):
        for cell in row.cells:
            col = columns[cell.col]
            if col.kind is not ColumnKind.VALUE:
                continue
            if cell.value is not None and cell.col in rounded:
                out[(pos, cell.col)] = _Num(cell.value, rounded[cell.col])
                continue
            if cell.value is not None and cell.unit == PERCENT and col.unit != PERCENT:
                continue  # a row of percentages under money columns ("Net Change (%)") does not add up
            if cell.value is not None:
                out[(pos, cell.col)] = _Num(
                    cell.value, precision_step(cell.raw_number or cell.text, col.scale)
                )
            elif cell.nil and nil_is_zero(cell.text):
                out[(pos, cell.col)] = _Num(0.0, 0.0)
    return out


def _rounded_columns(rows: Sequence[TableRow], columns: Sequence[Column]) -> dict[int, float]:
    """Count columns whose figures all end in the same run of zeros: column -> the rounding step."""
    counted = {c.index for c in columns if c.kind is ColumnKind.VALUE and c.unit not in (GBP, PERCENT)}
    by_col: dict[int, list[Cell]] = {}
    for r in rows:
        for c in r.cells:
            if c.col in counted and c.value is not None:
                by_col.setdefault(c.col, []).append(c)
    out: dict[int, float] = {}
    for col, cells in by_col.items():
        step = column_rounding_step([c.raw_number or c.text for c in cells], [c.value or 0.0 for c in cells])
        if step is not None:
            out[col] = step
    return out


# Columns of averages, rates and lives do not add up down the table, whatever their unit
_AVERAGE_COLUMN_RE = re.compile(r"(?i)\b(?:average|avg|mean|median|rate|yield|yrs|years?\s+to\s+maturity)\b")


def _adds_up(col: Column) -> bool:
    return col.kind is ColumnKind.VALUE and col.unit != PERCENT and not _AVERAGE_COLUMN_RE.search(col.header)


def _summable(columns: Sequence[Column]) -> list[int]:
    """Value columns whose lines add up: money and counts (percentages and rates average)."""
    return [c.index for c in columns if _adds_up(c)]


@dataclass
class _Sum:
    agree: int = 0
    disagree: int = 0


def _column_sum(
    values: dict[tuple[int, int], _Num], total: int, parts: Sequence[int], col: int, less: bool = False
) -> tuple[_Num, float, float] | None:
    """(stated, computed, tolerance) for one column, or None when there is nothing to check.
    ``less``: the first part less the others (net current assets = assets less liabilities)."""
    stated = values.get((total, col))
    if stated is None:
        return None
    nums = [values[(p, col)] for p in parts if (p, col) in values]
    if not nums:
        return None
    computed = sum(n.value for n in nums)
    if less and (parts[0], col) in values:
        computed = 2 * values[(parts[0], col)].value - computed
    if stated.value == 0 and all(n.value == 0 for n in nums):
        return None  # nought = nought proves nothing
    return stated, computed, rounding_tolerance([stated.step, *(n.step for n in nums)])


def _score(
    values: dict[tuple[int, int], _Num],
    total: int,
    parts: Sequence[int],
    cols: Sequence[int],
    less: bool = False,
) -> _Sum:
    s = _Sum()
    for col in cols:
        found = _column_sum(values, total, parts, col, less)
        if found is None:
            continue
        stated, computed, tol = found
        if abs(stated.value - computed) <= tol + 1e-6:
            s.agree += 1
        else:
            s.disagree += 1
    return s


@dataclass
class _Scope:
    heading: int  # row position of the heading
    stem: str
    strength: tuple[int, int, float]
    start: int  # position in the list of open lines where the scope's lines begin
    side: bool = False  # a memorandum: its lines are closed when it ends


def _pop(scopes: list[_Scope], depth: int, open_lines: list[int]) -> None:
    """End the scopes from ``depth`` inwards; a memorandum's lines end with it."""
    for scope in scopes[depth:]:
        if scope.side:
            del open_lines[scope.start :]
            break
    del scopes[depth:]


def _strength(row: TableRow) -> tuple[int, int, float]:
    """How strongly a heading is set: bold, capitals, less indent. Outer headings are stronger."""
    letters = [ch for ch in row.label if ch.isalpha()]
    caps = bool(letters) and all(ch.isupper() for ch in letters)
    return (int(bool(row.bold)), int(caps), -(row.indent or 0.0))


def structure(
    rows: list[TableRow], columns: list[Column], side: frozenset[int] = frozenset()
) -> tuple[list[TableRow], TableConsistency]:
    """Each row's path, each total's closed lines, unlabelled sums named "Total", and the self-check.

    Args:
        rows: the body rows with labels, roles from their words (total, subtotal, net, group,
            note, deduction, item) and parsed cells; an unlabelled row has an empty label.
        columns: the table's columns.
        side: indexes of headings that open a side calculation ("MEMORANDUM:", "Note"): the lines
            under them are not lines of the table's later totals.

    Returns:
        The rows with ``path``, ``closes`` and (for unlabelled sums) role and label filled in, and
        the table's consistency.
    """
    cols = _summable(columns)
    values = _values(rows, columns)
    open_lines: list[int] = []  # positions of lines not yet closed by a total
    scopes: list[_Scope] = []
    out: list[TableRow] = []
    checks: list[TotalCheck] = []
    unresolved: list[int] = []
    for pos, row in enumerate(rows):
        has_values = any((pos, c) in values for c in cols) or any(
            (pos, c.index) in values for c in columns if c.kind is ColumnKind.VALUE
        )
        if row.role is RowRole.GROUP and row.label:
            strength = _strength(row)
            depth = len(scopes)
            while depth and scopes[depth - 1].strength <= strength:
                depth -= 1  # a sibling or a weaker heading's group ends here
            _pop(scopes, depth, open_lines)
            scopes.append(_Scope(pos, _stem(row.label), strength, len(open_lines), row.index in side))
            out.append(row.model_copy(update={"path": [rows[s.heading].label for s in scopes[:-1]]}))
            continue
        path = [rows[s.heading].label for s in scopes]
        if row.role is RowRole.NOTE or not has_values:
            out.append(_labelled(row, path, out))
            continue
        unlabelled = not row.label.strip()
        totalish = row.role in _TOTAL_LINES or unlabelled
        if not totalish or not open_lines:
            open_lines.append(pos)
            out.append(_labelled(row, path, out))
            continue
        named = _named_scope(scopes, row.label) if row.label.strip() else None
        floor = scopes[named].start if named is not None else _side_floor(scopes)
        default = scopes[named].start if named is not None else (scopes[-1].start if scopes else 0)
        best_j, best, less = _best_run(values, pos, open_lines, floor, default, cols)
        if unlabelled and (
            best.agree == 0 or best.agree < _UNLABELLED_AGREE_SHARE * (best.agree + best.disagree)
        ):
            open_lines.append(pos)  # adds up nothing: an item whose label is the row above's
            out.append(_labelled(row, path, out))
            continue
        if best.agree == 0:
            # no run of the lines above adds up to it in any column: its lines are not (all) in the
            # table ("Total Other Receipts" on an annual return), or not next to each other; it
            # stays a total, unchecked, and is counted as such
            unresolved.append(row.index)
            open_lines.append(pos)
            out.append(row.model_copy(update={"path": path}))
            continue
        parts = open_lines[best_j:]
        del open_lines[best_j:]
        if named is not None:
            _pop(scopes, named, open_lines)
        open_lines.append(pos)
        if named is not None:
            path = [rows[s.heading].label for s in scopes]
        elif scopes and best_j <= scopes[-1].start and len(parts) > 1 and not scopes[-1].side:
            scopes.pop()  # "Total" closing everything under the last heading closes that heading
            path = [rows[s.heading].label for s in scopes]
        update: dict[str, object] = {"path": path, "closes": [rows[p].index for p in parts]}
        if unlabelled:
            update.update({"label": "Total", "role": RowRole.TOTAL})
        out.append(row.model_copy(update=update))
        checks.extend(_column_checks(values, pos, parts, cols, rows, less))
    checks.extend(_row_checks(out, columns, values))
    agree = sum(1 for c in checks if c.agree)
    return out, TableConsistency(
        checked=len(checks),
        agree=agree,
        disagree=len(checks) - agree,
        unresolved=len(unresolved),
        unresolved_rows=unresolved,
        checks=checks,
    )


def _labelled(row: TableRow, path: list[str], above: list[TableRow]) -> TableRow:
    """An item with no label of its own is the row above's continued (its label cell spans both):
    it takes that label."""
    update: dict[str, object] = {"path": path}
    if not row.label.strip():
        update["label"] = next((r.label for r in reversed(above) if r.label.strip()), "")
    return row.model_copy(update=update)


def _side_floor(scopes: list[_Scope]) -> int:
    """A total inside a memorandum adds up the memorandum's lines only."""
    return next((s.start for s in reversed(scopes) if s.side), 0)


def _named_scope(scopes: list[_Scope], label: str) -> int | None:
    stem = _stem(label)
    if not stem:
        return None
    for depth in range(len(scopes) - 1, -1, -1):
        if scopes[depth].stem and fuzz.ratio(stem, scopes[depth].stem) >= _NAMES_HEADING:
            return depth
    return None


def _best_run(
    values: dict[tuple[int, int], _Num],
    pos: int,
    open_lines: list[int],
    floor: int,
    default: int,
    cols: Sequence[int],
) -> tuple[int, _Sum, bool]:
    """The start (in ``open_lines``) of the run of lines ending above ``pos`` that adds up to it in
    the most columns, and whether it does so as its first line less the others; ties go to the
    structural guess."""
    best_j = max(floor, min(default, len(open_lines) - 1))
    best_less = False
    best = _score(values, pos, open_lines[best_j:], cols)
    for j in range(len(open_lines) - 1, floor - 1, -1):
        for less in (False, True) if len(open_lines) - j >= 2 else (False,):
            s = _score(values, pos, open_lines[j:], cols, less)
            # only agreement counts as evidence: a run that merely leaves fewer columns to check
            # is not better than the structural guess
            if s.agree > best.agree or (s.agree == best.agree > 0 and s.disagree < best.disagree):
                best_j, best, best_less = j, s, less
    return best_j, best, best_less


def _column_checks(
    values: dict[tuple[int, int], _Num],
    pos: int,
    parts: Sequence[int],
    cols: Sequence[int],
    rows: list[TableRow],
    less: bool = False,
) -> list[TotalCheck]:
    out: list[TotalCheck] = []
    for col in cols:
        found = _column_sum(values, pos, parts, col, less)
        if found is None:
            continue
        stated, computed, tol = found
        out.append(
            TotalCheck(
                row=rows[pos].index,
                col=col,
                kind="column",
                stated=stated.value,
                computed=round(computed, 6),
                tolerance=round(tol, 6),
                parts=[rows[p].index for p in parts],
                agree=abs(stated.value - computed) <= tol + 1e-6,
            )
        )
    return out


# --------------------------------------------------------------------------- across rows


def _row_checks(
    rows: list[TableRow], columns: list[Column], values: dict[tuple[int, int], _Num]
) -> list[TotalCheck]:
    """A total column against the columns of its group, row by row."""
    value_cols = [c for c in columns if _adds_up(c)]
    out: list[TotalCheck] = []
    for k, col in enumerate(value_cols):
        name = (col.header_path[-1] if col.header_path else col.header).strip()
        if not _TOTAL_COLUMN_RE.search(name):
            continue
        group = col.header_path[:-1]
        if group:
            parts = [c.index for c in value_cols[:k] if c.header_path[:-1] == group]
        else:
            parts = []
            for c in reversed(value_cols[:k]):
                last = (c.header_path[-1] if c.header_path else c.header).strip()
                if _TOTAL_COLUMN_RE.search(last) or c.unit != col.unit:
                    break
                parts.insert(0, c.index)
            parts = _best_columns(values, rows, col.index, parts)
        if not parts:
            continue
        for pos, row in enumerate(rows):
            stated = values.get((pos, col.index))
            nums = [values[(pos, p)] for p in parts if (pos, p) in values]
            if stated is None or not nums or (stated.value == 0 and all(n.value == 0 for n in nums)):
                continue
            computed = sum(n.value for n in nums)
            tol = rounding_tolerance([stated.step, *(n.step for n in nums)])
            out.append(
                TotalCheck(
                    row=row.index,
                    col=col.index,
                    kind="row",
                    stated=stated.value,
                    computed=round(computed, 6),
                    tolerance=round(tol, 6),
                    parts=list(parts),
                    agree=abs(stated.value - computed) <= tol + 1e-6,
                )
            )
    return out


def _best_columns(
    values: dict[tuple[int, int], _Num], rows: list[TableRow], total: int, before: list[int]
) -> list[int]:
    """Of the columns before a total column, the run ending next to it that adds up in most rows."""
    best: list[int] = []
    best_agree = 0
    for j in range(len(before) - 1, -1, -1):
        run = before[j:]
        if len(run) < 2:
            continue
        agree = 0
        for pos in range(len(rows)):
            stated = values.get((pos, total))
            nums = [values[(pos, p)] for p in run if (pos, p) in values]
            if stated is None or not nums:
                continue
            tol = rounding_tolerance([stated.step, *(n.step for n in nums)])
            agree += abs(stated.value - sum(n.value for n in nums)) <= tol + 1e-6
        if agree > best_agree:
            best, best_agree = run, agree
    return best
