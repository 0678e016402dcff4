"""Two occurrences of one table, aligned cell by cell: which line of one is which line of the other,
and which column is which.

In the spirit of daff's table diff (align rows by key, columns by name, then compare cells) on our
table model, with two twists real papers need:

* Lines are matched by their name (a label with any amount the reader glued to it removed), the
  k-th "Total" of one table with the k-th of the other; a line renamed between versions
  ("Improved Better Care Fund (iBCF)" -> "Local Authority Better Care Grant") is matched only when
  its numbers prove it: the same non-zero values in the same columns.
* Columns are matched by header where both tables say what a column is (a period and header, an
  organisation), and otherwise by their numbers: a draft and its update agree on most cells, so the
  column of one that repeats the most non-zero values of a column of the other is that column. This
  is what lets a table continued on a second page without its header row be compared at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re
from rapidfuzz import fuzz

from ..models import ColumnKind, Document, RowRole, Table
from .common import Value, norm_label, rounding_tolerance, table_values

LABEL_MATCH = 90.0  # rapidfuzz ratio for two line names to be the same line
# A column matched by its numbers must repeat at least this many non-zero cells of the other (one
# shared amount can be chance, two in one column are not), and at least one for every two it
# contradicts: an update changes some cells of a column, not most of them.
COLUMN_AGREEMENT = 2

# amounts glued to a label by the reader ("27,481.5 Contributions to Reserves"), footnote marks
_AMOUNT_RE = re.compile(
    r"(?<![\w.])[-−(]?£?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?(?![\w])|(?<![\w.])-?\d+\.\d+(?![\w])"
)
_MARK_RE = re.compile(r"[*†‡]+")
_SCALE_WORD_RE = re.compile(r"^(?:\d+s?|m|k|bn|gbp)$")  # '£000s', '£m': how a column is written, not what


@dataclass
class Occurrence:
    """One table of one document with its values and the name of each value column."""

    doc: Document
    table: Table
    values: dict[tuple[int, int], Value]
    names: dict[int, str] = field(default_factory=dict)  # value column -> header (inherited if none)
    scale: float | None = None  # the scale its header (or the page before's) declares, if any
    title: str | None = None  # its printed title, or the title of the table it continues
    keys: dict[int, str] = field(default_factory=dict)  # value column -> what it stands for (column_key)
    unit: str | None = None  # a continued table's unit, from the table it continues


@dataclass(frozen=True)
class Alignment:
    rows: dict[int, int]  # row of a -> row of b, by name or (see relabelled) by numbers
    cols: dict[int, int]  # value column of a -> value column of b
    relabelled: frozenset[int]  # rows of a matched to a differently named row of b by their numbers
    by_header: bool  # every column pair was matched by what its header says
    # a table that declares no scale, printed at the other's ('9,570.4' under another page's
    # '£000s'): what its values are multiplied by to compare
    factors: tuple[float, float] = (1.0, 1.0)


def line_key(label: str) -> str:
    """A line's name for matching: without glued amounts or footnote marks, lower case."""
    return norm_label(_MARK_RE.sub(" ", _AMOUNT_RE.sub(" ", label)))


def lines(table: Table) -> list[tuple[int, str]]:
    """(row index, line key) for every row that holds a line (not a heading, not a note)."""
    out = []
    for r in table.rows:
        if r.role in (RowRole.GROUP, RowRole.NOTE):
            continue
        key = line_key(r.label)
        if key:
            out.append((r.index, key))
    return out


def _paths(table: Table) -> dict[int, tuple[str, ...]]:
    return {r.index: tuple(line_key(p) for p in r.path) for r in table.rows}


def value_columns(table: Table) -> list[int]:
    return [c.index for c in table.columns if c.kind is ColumnKind.VALUE]


def column_key(table: Table, index: int) -> str:
    """What a column stands for, from its header: '' when the header says nothing."""
    col = table.columns[index]
    header = norm_label(col.header)
    if col.organisation:
        return f"org:{col.organisation}|{header}"
    if col.period:
        # '2025-26 Core' and 'Core 2025-26' are one column: the period plus the header's other words
        rest = " ".join(sorted(w for w in header.split() if not _SCALE_WORD_RE.match(w)))
        return f"period:{col.period}|{rest}"
    return f"header:{header}" if header else ""


def occurrences(doc: Document) -> list[Occurrence]:
    """Every table of ``doc`` that holds values, with a name for each value column. A table without
    a header that has the columns of the headed table before it in the same paper is that table
    continued over a page break: it takes its column names and, where it declared none, its scale
    ("£000s")."""
    out: list[Occurrence] = []
    previous: Occurrence | None = None
    for table in doc.tables:
        values = table_values(doc, table)
        names = {c: _name(table, c) for c in value_columns(table)}
        headed = any(names.values())
        scale = declared_scale(table)
        title = table.title
        unit = None
        keys = {c: column_key(table, c) for c in names}
        if not headed and previous is not None and len(previous.table.columns) == len(table.columns):
            names = {c: previous.names.get(c, "") for c in names}
            keys = {c: previous.keys.get(c, "") for c in names}
            title = title or (f"{previous.title} (continued)" if previous.title else None)
            if scale is None and previous.scale is not None:
                scale = previous.scale
                values = {k: _scaled(v, scale) for k, v in values.items()}
            unit = previous.unit or _unit(previous)
        occ = Occurrence(doc, table, values, names, scale, title, keys, unit)
        if values and names:
            out.append(occ)
        if headed or any(names.values()):
            previous = occ
    return out


def _unit(occ: Occurrence) -> str | None:
    units = [v.figure.unit for v in occ.values.values() if v.figure is not None]
    return max(set(units), key=units.count) if units else None


def declared_scale(table: Table) -> float | None:
    """The scale the table's header declares for its value columns ('£000s' -> 1000), or None when
    it declares none (every column at 1: pounds, or a scale we did not read; the numbers decide)."""
    cols = value_columns(table)
    scales = {table.columns[c].scale for c in cols}
    if scales <= {1.0}:
        return None
    return max(scales, key=lambda s: sum(table.columns[c].scale == s for c in cols), default=1.0)


def _scaled(v: Value, factor: float) -> Value:
    return Value(v.value * factor, v.step * factor, v.figure, v.row, v.col)


def rescaled(occ: Occurrence, factor: float) -> Occurrence:
    if factor == 1.0:
        return occ
    values = {k: _scaled(v, factor) for k, v in occ.values.items()}
    return Occurrence(
        occ.doc, occ.table, values, occ.names, (occ.scale or 1.0) * factor, occ.title, occ.keys, occ.unit
    )


def _name(table: Table, index: int) -> str:
    col = table.columns[index]
    header = " ".join(col.header.split())
    if col.organisation and col.organisation.lower() not in header.lower():
        return f"{col.organisation} {header}".strip()
    return header


# --------------------------------------------------------------------------- rows


def match_rows(a: Table, b: Table) -> dict[int, int]:
    """Rows of ``a`` to rows of ``b`` by name: equal names under the same headings (the row path:
    "Contributions to Reserves" under RESERVES and again under MEMORANDUM), then equal names in
    order (the k-th 'Total' to the k-th), then near names (rapidfuzz ratio >= LABEL_MATCH)."""
    la, lb = lines(a), lines(b)
    path_a, path_b = _paths(a), _paths(b)
    taken: set[int] = set()
    out: dict[int, int] = {}
    for same_path in (True, False):
        for ia, ka in la:
            if ia in out:
                continue
            hit = next(
                (
                    ib
                    for ib, kb in lb
                    if kb == ka and ib not in taken and (not same_path or path_a[ia] == path_b[ib] != ())
                ),
                None,
            )
            if hit is not None:
                out[ia] = hit
                taken.add(hit)
    for ia, ka in la:
        if ia in out:
            continue
        best = max(
            ((fuzz.ratio(ka, kb), ib) for ib, kb in lb if ib not in taken),
            default=(0.0, -1),
            key=lambda t: t[0],
        )
        if best[0] >= LABEL_MATCH:
            out[ia] = best[1]
            taken.add(best[1])
    return out


# --------------------------------------------------------------------------- columns


def agrees(x: Value, y: Value) -> bool:
    return abs(x.value - y.value) <= rounding_tolerance([x.step, y.step]) + 1e-9


def match_columns(a: Occurrence, b: Occurrence, rows: dict[int, int]) -> tuple[dict[int, int], bool]:
    """Value columns of ``a`` to those of ``b``: by header key where both have one that is unique in
    its table, then by numbers (see COLUMN_AGREEMENT). Returns the map and whether it came from the
    headers alone."""
    cols_a, cols_b = value_columns(a.table), value_columns(b.table)
    keys_a = _unique_keys(a, cols_a)
    keys_b = _unique_keys(b, cols_b)
    out: dict[int, int] = {}
    by_key_b = {k: c for c, k in keys_b.items()}
    for ca, key in keys_a.items():
        if key in by_key_b:
            out[ca] = by_key_b[key]
    by_header = bool(out)
    scored = []
    for ca in cols_a:
        if ca in out:
            continue
        for cb in cols_b:
            if cb in out.values() or (keys_a.get(ca) and keys_b.get(cb) and keys_a[ca] != keys_b[cb]):
                continue
            same, differ = _column_agreement(a, b, rows, ca, cb)
            # a column named alike at its lowest header level ('Core' under a period the reader
            # did not carry down) needs one shared value, not two
            needed = 1 if _leaf(a, ca) and _leaf(a, ca) == _leaf(b, cb) else COLUMN_AGREEMENT
            if same >= needed and 2 * same >= differ:
                scored.append((same, -differ, -abs(ca - cb), ca, cb))
    for _, _, _, ca, cb in sorted(scored, reverse=True):
        if ca not in out and cb not in out.values():
            out[ca] = cb
            by_header = False
    return dict(sorted(out.items())), by_header and len(out) > 0


def _leaf(occ: Occurrence, col: int) -> str:
    """The lowest header cell over a column ('Core' of '2025-26 / Core'), without scale words."""
    column = occ.table.columns[col]
    name = column.header_path[-1] if column.header_path else (occ.names.get(col) or column.header)
    return " ".join(w for w in norm_label(name).split() if not _SCALE_WORD_RE.match(w))


def _unique_keys(occ: Occurrence, cols: list[int]) -> dict[int, str]:
    keys = {c: occ.keys.get(c) or column_key(occ.table, c) for c in cols}
    counts: dict[str, int] = {}
    for k in keys.values():
        counts[k] = counts.get(k, 0) + 1
    return {c: k for c, k in keys.items() if k and counts[k] == 1}


def _column_agreement(
    a: Occurrence, b: Occurrence, rows: dict[int, int], ca: int, cb: int
) -> tuple[int, int]:
    """How many matched lines give the two columns the same non-zero value, and how many differ."""
    same = differ = 0
    for ra, rb in rows.items():
        va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
        if va is None or vb is None or (va.value == 0 and vb.value == 0):
            continue
        if agrees(va, vb):
            same += 1
        else:
            differ += 1
    return same, differ


# --------------------------------------------------------------------------- relabelled lines


def relabelled(a: Occurrence, b: Occurrence, rows: dict[int, int], cols: dict[int, int]) -> dict[int, int]:
    """Lines left unmatched by name in both tables that the numbers show are one line renamed: they
    share a non-zero value in a matched column, agree in more such cells than they differ (or one
    name holds the other), and each is the other's only such partner."""
    left_a = [i for i, _ in lines(a.table) if i not in rows]
    left_b = [i for i, _ in lines(b.table) if i not in rows.values()]
    names_a, names_b = dict(lines(a.table)), dict(lines(b.table))
    candidates: dict[int, list[int]] = {}
    back: dict[int, list[int]] = {}
    for ra in left_a:
        for rb in left_b:
            same = differ = 0
            for ca, cb in cols.items():
                va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
                if va is None or vb is None or (va.value == 0 and vb.value == 0):
                    continue
                same, differ = (same + 1, differ) if agrees(va, vb) else (same, differ + 1)
            contained = fuzz.token_set_ratio(names_a[ra], names_b[rb]) >= 95
            if same >= 1 and (same > differ or contained):
                candidates.setdefault(ra, []).append(rb)
                back.setdefault(rb, []).append(ra)
    return {ra: rbs[0] for ra, rbs in candidates.items() if len(rbs) == 1 and len(back[rbs[0]]) == 1}


def align(a: Occurrence, b: Occurrence) -> Alignment:
    """Lines, columns and scale of ``b`` against ``a``. Diff ``rescaled(a, factors[0])`` against
    ``rescaled(b, factors[1])``."""
    rows = match_rows(a.table, b.table)
    best: tuple[int, dict[int, int], bool, tuple[float, float]] | None = None
    for fa, fb in _factor_choices(a, b):
        ra, rb = rescaled(a, fa), rescaled(b, fb)
        cols, by_header = match_columns(ra, rb, rows)
        same = sum(_column_agreement(ra, rb, rows, ca, cb)[0] for ca, cb in cols.items())
        if best is None or same > best[0]:
            best = (same, cols, by_header, (fa, fb))
    assert best is not None
    _, cols, by_header, factors = best
    renamed = relabelled(rescaled(a, factors[0]), rescaled(b, factors[1]), rows, cols)
    return Alignment({**rows, **renamed}, cols, frozenset(renamed), by_header, factors)


def _factor_choices(a: Occurrence, b: Occurrence) -> list[tuple[float, float]]:
    """As printed; and, when one table declares no scale and the other does, the first at the
    other's scale."""
    sa, sb = a.scale, b.scale
    choices = [(1.0, 1.0)]
    if sa is None and sb not in (None, 1.0):
        choices.append((sb or 1.0, 1.0))
    if sb is None and sa not in (None, 1.0):
        choices.append((1.0, sa or 1.0))
    return choices
