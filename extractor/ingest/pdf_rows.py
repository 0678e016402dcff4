"""Rows of an unruled table: header rows from the header lines, body rows from the body lines.

Header lines become one header row per block of close lines (a units line such as ``£'000`` is a
row of its own); each header segment names the columns it lies over, or the group of sub-columns
it is centred over. Body lines are grouped into rows (a label wrapped over two lines is one row)
and each column's words are joined with :func:`~.pdf_words.join_lines`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from itertools import pairwise

import regex as re

from ..models import Provenance, RawCell, RawRow, RawTable
from ..periods import is_period
from .pdf_columns import Span, column_of, label_column, names_columns, spanned, split_header
from .pdf_tables import PlacedTable, is_figure, spreadable
from .pdf_words import Segment, TextLine, Word, dominant_style, join_lines, soft_wrap

Targets = list[list[int]]  # per segment of a line, the columns it names

_UNIT_RE = re.compile(r"^\(?(?:£\s?['’‘`]?0{3}s?|£\s?(?:k|m|bn)|£|%|€|\$|nos?\.?|number)\)?$", re.I)
_SENTENCE_END_RE = re.compile(r"[.;!?]['\"”’)]*$")
_CONTINUES_RE = re.compile(r"(?:[,&/(\-–]|\b(?:and|of|the|for|to|with|in|on|by|per|or)\s*)$", re.I)
_NIL = {"-", "–", "—", "n/a", "nil", "tbc", "tba", "na"}


def build_table(
    lines: Sequence[TextLine],
    body_from: int,
    cols: Sequence[Span],
    number: int,
    *,
    carried: str | None = None,
) -> PlacedTable | None:
    """Header and body rows from a table's lines.

    Args:
        carried: for a table carried over from the previous page, that table's header text; its
            lines only count as header here when they repeat it (or are set in bold over a plain
            body), since a continuation's first rows are usually body rows.
    """
    first_data = next(
        (
            k
            for k in range(body_from, len(lines))
            if has_value(lines[k], cols) and not _inside_header(lines, k, cols)
        ),
        None,
    )
    stub = label_column(lines[first_data if first_data is not None else body_from :], cols)
    head_end = body_from
    if first_data is not None:
        # lines of the region above its first row of figures are header when they name columns
        # (or give units); lone label lines just above the figures are group rows ("Contributions:")
        for k in range(body_from, first_data):
            if names_columns(lines[k], cols, stub) or is_units(lines[k]):
                head_end = k + 1
    if carried is not None and head_end:
        words = [w.text.lower() for ln in lines[:head_end] for w in ln.words]
        repeated = set(words) <= set(carried.lower().split())
        bold = (
            all(ln.bold for ln in lines[:head_end]) and first_data is not None and not lines[first_data].bold
        )
        if not (repeated or bold):
            head_end = 0
    header, body = split_header(lines[:head_end], cols), lines[head_end:]
    if not body:
        return None
    rights = [
        max((s.x1 for ln in lines for s in ln.segments if column_of(s, cols) == k), default=x1)
        for k, (_, x1) in enumerate(cols)
    ]
    label = label_column(body, cols)
    targets = dict(zip((id(ln) for ln in header), _header_targets(header, cols, label), strict=True))
    head = [_row(g, cols, rights, number, [targets[id(ln)] for ln in g]) for g in _header_groups(header)]
    body_rows = [_row(g, cols, rights, number, label=label) for g in _body_rows(body, cols, rights, label)]
    head = [r for r in head if any(c.text for c in r.cells)]
    body_rows = _indents([r for r in body_rows if any(c.text for c in r.cells)], label)
    rows = head + body_rows
    if len(rows) < 2:
        return None
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    bbox = (x0, lines[0].top, x1, lines[-1].bottom)
    table = RawTable(rows=rows, method="pdf-words", header_rows=len(head), stub=label)
    return PlacedTable(page=number, bbox=bbox, table=table, header_rows=len(head), columns=tuple(cols))


def _inside_header(lines: Sequence[TextLine], k: int, cols: Sequence[Span]) -> bool:
    """A line with one figure among column names ("Band D | Band D | £1,691.19", a rate quoted in a
    column's name) followed by more column names without figures is part of a tall header block,
    not the table's first row."""
    line = lines[k]
    cells = [seg for seg in line.segments if column_of(seg, cols) > 0]
    figures = sum(1 for seg in cells if is_value(seg.text))
    if figures != 1 or len(cells) - figures < 2:
        return False
    following = lines[k + 1 : k + 4]
    for nxt in following:
        if has_value(nxt, cols):
            return False
        if len(nxt.segments) >= 2 and names_columns(nxt, cols):
            return True
    return False


def is_value(text: str) -> bool:
    """A figure, or a nil marker that stands in a figure's place ("-", "n/a", "tbc")."""
    return text.strip().lower() in _NIL or is_figure(text)


def has_value(line: TextLine, cols: Sequence[Span]) -> bool:
    """Does the line hold a figure outside the first column (a data row, not a header or group)?
    A year ("2018" over "£ | Net Expenditure") names a column; it is not a figure of a row."""
    return any(
        column_of(seg, cols) > 0 and is_value(seg.text) and not is_period(seg.text) for seg in line.segments
    )


def is_units(line: TextLine) -> bool:
    """A line of units only: "£'000  £'000", "£m", "%"."""
    tokens = line.text.split()
    return bool(tokens) and all(_UNIT_RE.match(t) for t in tokens)


def _header_groups(header: Sequence[TextLine]) -> list[list[TextLine]]:
    """Header lines to header rows: a units line is a row of its own; a title over a gap too."""
    groups: list[list[TextLine]] = []
    for line in header:
        units = is_units(line)
        if (
            groups
            and not units
            and not is_units(groups[-1][-1])
            and line.top - groups[-1][-1].bottom <= 0.6 * line.size
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _body_rows(
    body: Sequence[TextLine], cols: Sequence[Span], rights: Sequence[float], label: int = 0
) -> list[list[TextLine]]:
    """Body lines to rows: a wrapped cell's lines are one row (see :func:`_same_row`)."""
    pair_gaps = [b.top - a.bottom for a, b in pairwise(body) if has_value(a, cols) and has_value(b, cols)]
    if not pair_gaps:
        pair_gaps = [b.top - a.bottom for a, b in pairwise(body)]
    row_gap = statistics.median(pair_gaps) if pair_gaps else 0.0
    # the tightest line spacing in the body: a wrapped cell's lines, if any sit closer than rows
    tight = min((b.top - a.bottom for a, b in pairwise(body)), default=row_gap)
    # in a right-aligned column every line ends at the edge, so line length says nothing of wraps
    ragged: set[int] = set()
    for k in range(len(cols)):
        segs = [seg for ln in body for seg in ln.segments if column_of(seg, cols) == k]
        if (
            len(segs) >= 3
            and max(s.x1 for s in segs) - min(s.x1 for s in segs)
            < 2
            < max(s.x0 for s in segs) - min(s.x0 for s in segs) - 8
        ):
            ragged.add(k)
    rows: list[list[TextLine]] = []
    for line in body:
        if rows and _same_row(rows[-1], line, row_gap, tight, cols, rights, ragged, label):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _by_column(line: TextLine, cols: Sequence[Span]) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for seg in line.segments:
        out.setdefault(column_of(seg, cols), []).extend(seg.words)
    return out


def _same_row(
    row: list[TextLine],
    line: TextLine,
    row_gap: float,
    tight: float,
    cols: Sequence[Span],
    rights: Sequence[float],
    ragged: set[int],
    label: int = 0,
) -> bool:
    """Does ``line`` carry on the row above (a cell wrapped onto a second line)?

    Two figures in one column are two rows. Past that, either spacing tells (the table's rows are
    further apart than the lines of a wrapped cell, ``tight`` the closest lines of the body) or
    the words do: in every column where both have text, the line's first word would not have
    fitted on the row's last line in that column (:func:`~.pdf_words.soft_wrap`), so the text was
    wrapped, not started anew.
    """
    gap = line.top - row[-1].bottom
    size = line.size
    above: dict[int, list[Word]] = {}
    for ln in row:
        above.update(_by_column(ln, cols))  # each column's last line of words in the row
    mine = _by_column(line, cols)
    texts = {k: " ".join(w.text for w in ws) for k, ws in mine.items()}
    if any(
        k != label and k in above and is_value(" ".join(w.text for w in above[k])) and t.strip()
        for k, t in texts.items()
    ):
        return False  # a figure never wraps: whatever sits under it in its column is another row
    if line.bold != row[-1].bold:
        return False  # a change of weight is a new row: a bold heading over plain rows, or under them
    if gap > row_gap + 0.3 * size:
        return False  # rows here are spaced closer than this: a new row
    if gap < 0.45 * size and row_gap > gap + 0.3 * size:
        return True  # wrapped lines sit tighter than the table's rows
    if tight < row_gap - 0.3 * size and gap >= row_gap - 0.15 * size:
        return False  # and this line is a row's spacing away: a new row, however short the last
    shared = [k for k in mine if k in above]
    if (
        shared
        and not ragged.intersection(shared)
        and all(soft_wrap(above[k], mine[k], rights[k]) for k in shared)
    ):
        return True
    label_above = " ".join(w.text for w in above.get(label, []))
    if set(mine) == {label} and label_above and not _SENTENCE_END_RE.search(label_above):
        return texts[label][:1].islower() or bool(_CONTINUES_RE.search(label_above))
    return False


def _row(
    lines: Sequence[TextLine],
    cols: Sequence[Span],
    rights: Sequence[float],
    number: int,
    targets: Sequence[Targets] = (),
    label: int | None = None,
) -> RawRow:
    """One row's cells: per column, its words line by line, joined as wrapped text.

    Args:
        targets: for header lines, the columns each segment names (:func:`_header_targets`); a
            body line's segments go to the column they sit in.
    """
    per_col: list[list[list[Word]]] = [[] for _ in cols]
    for n, line in enumerate(lines):
        on_line: dict[int, list[Word]] = {}
        for i, seg in enumerate(line.segments):
            for k in targets[n][i] if targets else [column_of(seg, cols)]:
                on_line.setdefault(k, []).extend(seg.words)
        for k, words in on_line.items():
            per_col[k].append(words)
    cells = [
        RawCell(
            text=join_lines(parts, right=rights[k]),
            bbox=_bbox([w for p in parts for w in p]) if parts else None,
        )
        for k, parts in enumerate(per_col)
    ]
    words = [w for ln in lines for w in ln.words]
    stub = [w for p in per_col[label] for w in p] if label is not None and label < len(per_col) else []
    return RawRow(
        cells=cells,
        provenance=Provenance(page=number, bbox=_bbox(words)),
        bold=dominant_style(stub or words)[1],
        indent=min(w.x0 for w in stub) if stub else None,
    )


def _indents(rows: list[RawRow], label: int) -> list[RawRow]:
    """Each row's label indent measured from the leftmost label (x positions are page points until
    here)."""
    starts = [r.indent for r in rows if r.indent is not None]
    if not starts:
        return rows
    left = min(starts)
    return [
        r.model_copy(update={"indent": round(r.indent - left, 1)}) if r.indent is not None else r
        for r in rows
    ]


def _bbox(words: Sequence[Word]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def _groups_columns(segs: Sequence[Segment], cols: Sequence[Span], label: int, below: set[int]) -> bool:
    """Do the line's cells stand over groups of the cells below, each over as many ("2024-25
    2025-26" over "Core External Total" twice)? A line with as many cells as below, or groups of
    unequal size ("Net" over one "Expenditure" of five), is a line of the column names wrapped."""
    mine = {k for seg in segs for k in spanned(seg, cols) if k != label}
    under = below - {label}
    if not mine or len(under) <= len(mine):
        return False
    return len(under) % len(mine) == 0


def _header_targets(header: Sequence[TextLine], cols: Sequence[Span], label: int) -> list[Targets]:
    """The columns each header segment names, line by line.

    * A segment names the columns it lies over; a title across the whole width, anything over the
      label column, and anything with figures in it names only the first (downstream reads a
      first-cell-only row as a title).
    * One unit alone on its line ("£m" centred over Budget | Forecast | Variance) is the unit of
      every figure column.
    * Group names set side by side and centred over sub-columns ("2024-25  2025-26" over
      "Core External Total" twice) each name the sub-columns nearer to them than to the next
      group name. A name flush with a cell edge below it names its own column only (a wrapped
      column name such as "Forecast / against / original").
    """
    edges: list[Span] = []  # header cells below, each over one column
    out: list[Targets] = []
    below_cells: list[tuple[float, float, list[int]]] = []  # the line below: each cell's x-range and columns
    for line in reversed(header):
        segs = line.segments
        figure_cols = [k for k in range(len(cols)) if k != label]
        if is_units(line) and len(segs) == 1 and len(cols) > 2:
            out.insert(0, [figure_cols])
            continue
        below = {k for seg_targets in (out[0] if out else []) for k in seg_targets}
        centres = [(seg.x0 + seg.x1) / 2 for seg in segs]
        grouping = _groups_columns(segs, cols, label, below)
        targets: Targets = []
        for i, seg in enumerate(segs):
            base = spanned(seg, cols)
            if len(base) == len(cols) or label in base or not spreadable(seg.text):
                targets.append(base[:1])
                continue
            flush = any(abs(seg.x0 - x0) <= 2.0 or abs(seg.x1 - x1) <= 2.0 for x0, x1 in edges)
            if len(segs) >= 2 and below and not flush and (grouping or is_period(seg.text)):
                lo = (centres[i - 1] + centres[i]) / 2 if i else float("-inf")
                hi = (centres[i] + centres[i + 1]) / 2 if i + 1 < len(segs) else float("inf")
                near = {k for k in figure_cols if k in below and lo < (cols[k][0] + cols[k][1]) / 2 < hi}
                # keep the run of columns that is unbroken around the segment's own column
                run = set(base)
                for step in (-1, 1):
                    k = base[0] + step if step < 0 else base[-1] + step
                    while k in near:
                        run.add(k)
                        k += step
                base = sorted(run)
            # a name over header cells below names all their columns: "INDICATIVE FOR PLANNING
            # PURPOSES" over "2026-27" and "2027-28" heads both years' Core | External | Total
            under = {k for x0, x1, cell in below_cells if seg.x0 <= (x0 + x1) / 2 <= seg.x1 for k in cell}
            if under - set(base):
                whole = set(base) | under
                base = list(range(min(whole), max(whole) + 1))
            targets.append(base)
        out.insert(0, targets)
        below_cells = [(seg.x0, seg.x1, t) for seg, t in zip(segs, targets, strict=True)]
        edges.extend((seg.x0, seg.x1) for seg in segs if len(spanned(seg, cols)) == 1)
    return out
