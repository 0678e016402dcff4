"""Ruled tables: pdfplumber's table finder draws the grid, our words fill it.

pdfplumber finds ruled tables well (``edges -> intersections -> cells -> tables``), and its table
module needs nothing but the edges: the character layer (:mod:`.pdf_chars`) gives them, and
:func:`find_grids` runs pdfplumber's steps on them exactly as ``page.find_tables`` would. Reading
each cell with ``page.crop(cell).extract_text()`` would re-cluster the page's characters once per
cell, which is slow, and a crop keeps characters that only *touch* the cell, so text leaks in from
the row above. Here every word is put in the one cell that holds its centre, once, and each cell's lines
are joined with :func:`~.pdf_words.join_lines`. A form with a small table set inside it (a metric's
name | answer rows, "Previous performance" over a table of periods) is read as its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import regex as re
from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

from ..models import Provenance, RawCell, RawRow, RawTable
from ..numbers import parse_number
from .pdf_chars import Edge
from .pdf_words import TextLine, Word, dominant_style, group_lines, join_lines, page_vocabulary

BBox = tuple[float, float, float, float]

# Ruling lines closer than 3pt are one line (pdfplumber's default snap); a stroked cell border is
# usually drawn as a thin filled rectangle, which the "lines" strategy also reads as edges.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_SETTINGS = plumber_table.TableSettings.resolve(TABLE_SETTINGS)
# An empty column narrower than this is the gap between a double rule, not a column.
_SLIVER = 6.0
_CHECKED = {"☑", "☒", "✓", "✔", "\uf0fe", "\uf0fd", "\uf052"}
_UNCHECKED = {"☐", "□", "\uf0a8", "\uf06f", "\uf071"}


@dataclass(frozen=True)
class Grid:
    """A ruled table's cells as pdfplumber's table finder groups them: rows top to bottom, each a
    cell box per column (``None`` where a merged cell from the left covers the column)."""

    bbox: BBox
    rows: list[list[BBox | None]]


def find_grids(edges: Sequence[Edge]) -> list[Grid]:
    """pdfplumber's ``TableFinder`` on the page's ruling edges ("lines" strategies, TABLE_SETTINGS):
    edges shorter than 1pt dropped, the rest snapped and joined, intersections, cells, tables."""
    if not edges:
        return []
    objs = [
        {
            "x0": e.x0,
            "x1": e.x1,
            "top": e.top,
            "bottom": e.bottom,
            "doctop": e.top,
            "width": e.x1 - e.x0,
            "height": e.bottom - e.top,
            "orientation": e.orientation,
            "object_type": "edge",
        }
        for e in edges
    ]
    settings = _SETTINGS
    found = filter_edges(objs, "v", min_length=settings.edge_min_length_prefilter)
    found += filter_edges(objs, "h", min_length=settings.edge_min_length_prefilter)
    merged = plumber_table.merge_edges(
        found,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    merged = filter_edges(merged, min_length=settings.edge_min_length)
    intersections = plumber_table.edges_to_intersections(
        merged, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    cells = plumber_table.intersections_to_cells(intersections)
    grids = []
    for group in plumber_table.cells_to_tables(cells):
        table = plumber_table.Table(None, group)  # type: ignore[arg-type]  # rows and bbox need no page
        x0, top, x1, bottom = table.bbox
        grids.append(Grid((x0, top, x1, bottom), [list(row.cells) for row in table.rows]))
    return grids


@dataclass(frozen=True)
class PlacedTable:
    """A table read from a page, with where it sits."""

    page: int
    bbox: BBox
    table: RawTable
    header_rows: int = 0  # leading rows known to be the header (set in bold over plain rows)
    columns: tuple[tuple[float, float], ...] = ()  # each column's x-range, to match a continuation


def ruled_tables(
    edges: Sequence[Edge], words: list[Word], number: int
) -> tuple[list[PlacedTable], list[Word]]:
    """Find ruled tables in the page's ruling edges and fill them with the page's words.

    Returns:
        ``(tables, rest)``: the tables in top-to-bottom order and the words in no table cell. A
        "table" with text in only one column (a box drawn round a paragraph, a bar chart's bars)
        is not a table: its words stay in ``rest``.
    """
    found = find_grids(edges)
    if not found:
        return [], words
    tables: list[PlacedTable] = []
    taken: set[int] = set()
    known = page_vocabulary(words)
    for table in found:
        grid = table.rows
        if not grid:
            continue
        pieces, origin = split_at_rules(words, grid, table.bbox)
        members = _assign(pieces, grid, table.bbox)
        grid, members = _unstack(grid, members)
        built = _build(grid, members, table, number, known)
        if built is None:
            continue
        placed, released = built
        tables.extend(placed)
        for (r, _), cell_words in members.items():
            if r not in released:
                taken.update(origin.get(id(w), id(w)) for w in cell_words)
    rest = [w for w in words if id(w) not in taken]
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables, rest


# A word must cross a rule by this much on each side to be two cells' text run together, not a
# word touching its border.
_RULE_OVERLAP = 1.5


def split_at_rules(
    words: list[Word], grid: list[list[BBox | None]], bbox: BBox, chars: list[dict[str, Any]] | None = None
) -> tuple[list[Word], dict[int, int]]:
    """Words cut where a column rule runs through them.

    Spend lists printed from spreadsheets leave no space between cells: "85,400.00654924414" is an
    amount and a VAT number either side of a rule, and pdfplumber's word grouping joins them.
    The cut falls between the characters either side of the rule (from the page's characters, when
    given), else where the rule does in proportion to the word's width (figures are set in
    equal-width digits).

    Returns:
        The words (cut ones replaced by their pieces) and, for each piece, the id of the word it was
        cut from.
    """
    x0, top, x1, bottom = bbox
    edges = sorted(
        {round(c[0], 1) for row in grid for c in row if c}
        | {round(c[2], 1) for row in grid for c in row if c}
    )
    edges = [e for e in edges if x0 + 1 < e < x1 - 1]
    out: list[Word] = []
    origin: dict[int, int] = {}
    for word in words:
        cy = (word.top + word.bottom) / 2
        crossing = (
            [e for e in edges if word.x0 + _RULE_OVERLAP < e < word.x1 - _RULE_OVERLAP]
            if top <= cy <= bottom
            else []
        )
        if not crossing or len(word.text) < 2:
            out.append(word)
            continue
        for piece in _cut(word, crossing, _char_edges(word, chars)):
            origin[id(piece)] = id(word)
            out.append(piece)
    return out, origin


def _char_edges(word: Word, chars: list[dict[str, Any]] | None) -> list[float] | None:
    """The right edge of each of the word's characters, when the page's characters say so."""
    if not chars:
        return None
    mine = sorted(
        (
            c
            for c in chars
            if abs(c["top"] - word.top) < 1.0 and word.x0 - 0.5 <= c["x0"] and c["x1"] <= word.x1 + 0.5
        ),
        key=lambda c: c["x0"],
    )
    text = "".join(c["text"] for c in mine)
    return [float(c["x1"]) for c in mine] if text == word.text else None


def _cut(word: Word, edges: list[float], char_x1: list[float] | None = None) -> list[Word]:
    pieces: list[Word] = []
    start = 0  # index in word.text where the remaining piece starts
    x0 = word.x0
    for edge in edges:
        if char_x1 is not None:
            # the last character that ends before the rule (with a point of slack) ends the piece
            k = max((i + 1 for i, x in enumerate(char_x1) if x <= edge + 1.0), default=0)
        else:
            width = (word.x1 - word.x0) / len(word.text)
            k = round((edge - word.x0) / width)
        if not start < k < len(word.text):
            continue
        cut_x = char_x1[k - 1] if char_x1 is not None else word.x0 + k * (word.x1 - word.x0) / len(word.text)
        pieces.append(replace(word, text=word.text[start:k], x0=x0, x1=cut_x))
        start, x0 = k, cut_x
    pieces.append(replace(word, text=word.text[start:], x0=x0))
    return pieces


def _assign(
    words: list[Word], grid: list[list[BBox | None]], bbox: BBox
) -> dict[tuple[int, int], list[Word]]:
    """Each word to the cell holding its centre (the smallest, where merged cells overlap)."""
    x0, top, x1, bottom = bbox
    members: dict[tuple[int, int], list[Word]] = {}
    row_bands = [
        (min(c[1] for c in row if c), max(c[3] for c in row if c)) if any(row) else (0.0, -1.0)
        for row in grid
    ]
    for word in words:
        cx = (word.x0 + word.x1) / 2
        cy = (word.top + word.bottom) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        best: tuple[int, int] | None = None
        best_area = float("inf")
        for r, (band_top, band_bottom) in enumerate(row_bands):
            if not band_top <= cy <= band_bottom:
                continue
            for c, cell in enumerate(grid[r]):
                if cell and cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                    area = (cell[2] - cell[0]) * (cell[3] - cell[1])
                    if area < best_area:
                        best, best_area = (r, c), area
        if best is not None:
            members.setdefault(best, []).append(word)
    return members


# Lines of neighbouring cells within this many points of each other sit on one row of the table.
_SAME_LINE = 2.0


def _unstack(
    grid: list[list[BBox | None]], members: dict[tuple[int, int], list[Word]]
) -> tuple[list[list[BBox | None]], dict[tuple[int, int], list[Word]]]:
    """Grid rows whose cells each hold a stack of lines at the same heights, with figures among them,
    split into one row per line: a table ruled round groups of rows ("Long-term | Short-term |
    Cash" and their balances under one rule) has rows finer than its rules."""
    out_grid: list[list[BBox | None]] = []
    out_members: dict[tuple[int, int], list[Word]] = {}
    for r, row in enumerate(grid):
        lines = {c: group_lines(members.get((r, c), [])) for c in range(len(row))}
        # the columns of figures set the rows: each holds one figure per line
        stacks = [
            c
            for c, ls in lines.items()
            if len(ls) >= 2 and all(any(is_figure(w.text) for w in ln.words) for ln in ls)
        ]
        centres = [(ln.top + ln.bottom) / 2 for ln in lines[stacks[0]]] if stacks else []
        aligned = len(stacks) >= 2 and all(
            len(lines[c]) == len(centres)
            and all(
                abs((ln.top + ln.bottom) / 2 - y) <= _SAME_LINE
                for ln, y in zip(lines[c], centres, strict=True)
            )
            for c in stacks
        )
        if not aligned:
            for c in range(len(row)):
                if (r, c) in members:
                    out_members[(len(out_grid), c)] = members[(r, c)]
            out_grid.append(row)
            continue
        # every other cell's lines go to the row whose figures they sit nearest (a label wrapped over
        # two lines beside one figure centred on them)
        first = len(out_grid)
        bounds = [(centres[k - 1] + centres[k]) / 2 for k in range(1, len(centres))]
        for k in range(len(centres)):
            new_row: list[BBox | None] = []
            for cell in row:
                if cell is None:
                    new_row.append(None)
                    continue
                y0 = cell[1] if k == 0 else bounds[k - 1]
                y1 = cell[3] if k == len(centres) - 1 else bounds[k]
                new_row.append((cell[0], y0, cell[2], y1))
            out_grid.append(new_row)
        for c in range(len(row)):
            for ln in lines[c]:
                y = (ln.top + ln.bottom) / 2
                k = min(range(len(centres)), key=lambda i: abs(centres[i] - y))
                out_members.setdefault((first + k, c), []).extend(ln.words)
    return out_grid, out_members


def _build(
    grid: list[list[BBox | None]],
    members: dict[tuple[int, int], list[Word]],
    table: Grid,
    number: int,
    known: frozenset[str] = frozenset(),
) -> tuple[list[PlacedTable], set[int]] | None:
    """The grid's table (or, for a form with a table inside, its parts) and the grid rows whose
    words are left to the page's text (a form's title, read as the heading it is)."""
    lines = {key: group_lines(words) for key, words in members.items()}
    if _under_ruled(
        lines, sum(1 for r in range(len(grid)) if any((r, c) in lines for c in range(len(grid[r]))))
    ) or _frame(lines):
        return None
    texts = [
        [
            RawCell(text="") if cell is None else _cell(lines.get((r, c), []), cell, known)
            for c, cell in enumerate(row)
        ]
        for r, row in enumerate(grid)
    ]
    col_x = sorted({cell[0] for row in grid for cell in row if cell})  # pdfplumber's column starts
    keep = _kept_columns(grid, texts)
    rows: list[RawRow] = []
    spans: list[list[BBox | None]] = []
    bold: list[bool] = []
    at: list[int] = []  # each row's index in the grid
    for r, row in enumerate(grid):
        cells = [texts[r][c] for c in keep]
        if not any(c.text for c in cells):
            continue
        at.append(r)
        row_bold = dominant_style(w for c in range(len(row)) for w in members.get((r, c), []))[1]
        rows.append(
            RawRow(cells=cells, provenance=Provenance(page=number, bbox=_row_bbox(row)), bold=row_bold)
        )
        spans.append([row[c] for c in keep])
        bold.append(row_bold)
    filled_cols = {i for row in rows for i, c in enumerate(row.cells) if c.text}
    if not rows or len(filled_cols) < 2:
        return None  # one filled column: a box drawn round a paragraph or a list, not a table
    if len(rows) == 1 and all(is_figure(t) for c in rows[0].cells[1:] for t in c.text.split()):
        # a box round one line of figures (a grand total ruled off under an unruled statement) is
        # that table's last row, not a table of its own: its words go back to the page
        return None
    aligned = len(col_x) == len(grid[0])
    rows = _spread_header_spans(rows, spans, [col_x[c] for c in keep] if aligned else [])
    # the header is the run of bold rows at the top, when the body below it is plain
    head = next((k for k, b in enumerate(bold) if not b), 0)
    columns: tuple[tuple[float, float], ...] = ()
    if aligned:
        edges = [col_x[c] for c in keep] + [float(table.bbox[2])]
        columns = tuple((edges[k], edges[k + 1]) for k in range(len(keep)))
    nested = _nested_block(spans)
    if nested is not None:
        # the form's title (one cell across the width) is also left to the page's text, where it
        # reads as the heading over the form, as in a text export of the paper
        titled = nested[0] > 1 and all(c is None for c in spans[0][1:])
        return _split_form(rows, bold, columns, nested, number, titled), {at[0]} if titled else set()
    placed = PlacedTable(
        page=number,
        bbox=table.bbox,
        table=RawTable(rows=rows, method="pdf-ruled", header_rows=head or None),
        header_rows=head,
        columns=columns,
    )
    return [placed], set()


def _nested_block(spans: list[list[BBox | None]]) -> tuple[int, int] | None:
    """The rows of a table set inside a form, as ``(first, end)``, or None.

    A metric or scheme form is a ruled two-column grid of name | answer rows ("Target | 83%"), each
    answer one cell merged across the width; one answer may be a small table of its own ("Previous
    performance" over "Period | Performance" and a row per year), whose name cell is merged down
    its rows. Only those rows have a cell in every column. Read as one grid, the form's rows
    become a header and the small table's rows lose their name; read apart, each is a table.
    """
    if not spans or len(spans[0]) < 3:
        return None
    whole = lambda row: all(c is not None for c in row[1:])  # noqa: E731
    for first, row in enumerate(spans):
        if row[0] is None or not whole(row):
            continue
        end = first + 1
        while end < len(spans) and spans[end][0] is None and whole(spans[end]):
            end += 1
        if end - first < 3:
            return None  # a column-name row and at least two rows under the merged name
        rest = spans[:first] + spans[end:]
        answers = [r for r in rest if r[0] is not None and r[1] is not None and all(c is None for c in r[2:])]
        if answers and all(r in answers or all(c is None for c in r[1:]) for r in rest):
            return first, end
        return None
    return None


def _split_form(
    rows: list[RawRow],
    bold: list[bool],
    columns: tuple[tuple[float, float], ...],
    nested: tuple[int, int],
    number: int,
    titled: bool,
) -> list[PlacedTable]:
    """The form's rows above and below the small table (name | answer), and the small table itself
    (its own columns, titled by its merged name cell). ``titled``: the form's title row is also
    the page's text, so the first part is placed below it (the heading reads first)."""
    first, end = nested
    out: list[PlacedTable] = []

    def part(
        part_rows: list[RawRow], head: int, cols: tuple[tuple[float, float], ...], caption: str | None
    ) -> None:
        placed_rows = part_rows[1:] if titled and not out and len(part_rows) > 1 else part_rows
        boxes = [r.provenance.bbox for r in placed_rows if r.provenance.bbox]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        table = RawTable(rows=part_rows, method="pdf-ruled", caption=caption, header_rows=head or None)
        out.append(PlacedTable(page=number, bbox=bbox, table=table, header_rows=head, columns=cols))

    def form(part_rows: list[RawRow]) -> list[RawRow]:
        return [r.model_copy(update={"cells": r.cells[:2]}) for r in part_rows]

    if first:
        part(form(rows[:first]), 0, columns[:1] + ((columns[1][0], columns[-1][1]),) if columns else (), None)
    caption = " ".join(rows[first].cells[0].text.split()) or None
    inner = [r.model_copy(update={"cells": r.cells[1:]}) for r in rows[first:end]]
    head = 1 if bold[first] and not all(bold[first + 1 : end]) else 0
    part(inner, head, columns[1:], caption)
    if end < len(rows):
        part(form(rows[end:]), 0, columns[:1] + ((columns[1][0], columns[-1][1]),) if columns else (), None)
    return out


# A grid cell holding this many lines that line up with the lines of a neighbouring cell is a box
# drawn round a group of columns, not one cell: the rows are finer than the rules.
_FRAME_LINES = 4


def _frame(lines: dict[tuple[int, int], list[TextLine]]) -> bool:
    """Rules drawn round groups of columns (a year's Core | External | Total boxed together, a
    frame round the whole table) make pdfplumber see a few tall cells, each holding a column's
    worth of rows. Their lines sit at the same heights from cell to cell, as a table's rows do;
    the lines of a real cell's wrapped text do not. Such a grid is read by the word-column reader
    (:mod:`.pdf_wordtables`) instead. Column names wrapped over as many lines ("0-19 Year / Olds /
    (to nearest / 10,000)" beside "Total / Family / Hub / Sites") line up too, but hold words: a
    frame's cells hold a column of figures, most of their lines one."""
    by_row: dict[int, list[list[TextLine]]] = {}
    for (r, _), cell_lines in lines.items():
        by_row.setdefault(r, []).append(cell_lines)
    for cells in by_row.values():
        tall = [c for c in cells if len(c) >= _FRAME_LINES]
        if len(tall) < 2 or not any(_mostly_figures(c) for c in tall):
            continue
        tops = [{round(ln.top) for ln in c} for c in tall]
        shared = set.intersection(*tops[:2])
        if len(shared) >= _FRAME_LINES - 1:
            return True
    return False


def _mostly_figures(cell_lines: list[TextLine]) -> bool:
    with_figure = sum(1 for ln in cell_lines if any(is_figure(seg.text) for seg in ln.segments))
    return 2 * with_figure > len(cell_lines)


def _under_ruled(lines: dict[tuple[int, int], list[TextLine]], filled_rows: int) -> bool:
    """Rules drawn between rows only (or shaded bands) make pdfplumber see one wide cell where
    the eye sees several columns: "0.6   1.0   0.3" in one cell. When rows like that are common,
    the grid is wrong and the word-column reader (:mod:`.pdf_wordtables`) reads the area instead.
    """
    rows = {
        r
        for (r, _), cell_lines in lines.items()
        if any(sum(1 for seg in ln.segments if is_figure(seg.text)) >= 2 for ln in cell_lines)
    }
    return len(rows) >= max(2, 0.3 * filled_rows)


def _cell(lines: list[TextLine], bbox: BBox, known: frozenset[str] = frozenset()) -> RawCell:
    if not lines:
        return RawCell(text="", bbox=bbox)
    # text is inset from the border by the same padding on both sides: the wrap edge is the
    # right border less the left inset
    pad = max(0.0, min(ln.x0 for ln in lines) - bbox[0])
    text = join_lines([ln.words for ln in lines], right=bbox[2] - min(pad, 8.0), vocabulary=known)
    stripped = text.strip()
    if stripped in _CHECKED:
        return RawCell(text="[x]", checked=True, bbox=bbox)
    if stripped in _UNCHECKED:
        return RawCell(text="[ ]", checked=False, bbox=bbox)
    return RawCell(text=text, bbox=bbox)


def _kept_columns(grid: list[list[BBox | None]], texts: list[list[RawCell]]) -> list[int]:
    """All columns but empty slivers (the space between the two strokes of a double rule)."""
    width = max(len(r) for r in grid)
    keep: list[int] = []
    for c in range(width):
        filled = any(c < len(row) and row[c].text for row in texts)
        widths = [cell[2] - cell[0] for row in grid if c < len(row) and (cell := row[c]) is not None]
        if filled or not widths or min(widths) >= _SLIVER:
            keep.append(c)
    return keep


def _row_bbox(row: Sequence[BBox | None]) -> BBox:
    cells = [c for c in row if c is not None]
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _spread_header_spans(
    rows: list[RawRow], grid: list[list[BBox | None]], col_x: list[float]
) -> list[RawRow]:
    """In the header rows, a merged cell over some (not all) columns names each of them.

    pdfplumber reports a merged cell once, in its first column, and ``None`` for the columns it
    covers. "2017/18" over "Plan | Actual" is the year of both, so both get it; a title merged
    across the whole width stays in the first cell only (downstream reads it as a title row).
    """
    if not rows or not col_x:
        return rows
    table_x0 = col_x[0]
    table_x1 = max(cell[2] for row in grid for cell in row if cell)
    out = list(rows)
    for r, (row, cells) in enumerate(zip(rows, grid, strict=True)):
        if any(is_figure(c.text) for c in row.cells[1:]):
            break  # header rows come before the first row of figures
        texts = [c.text for c in row.cells]
        for c, cell in enumerate(cells):
            if (
                cell is None
                or not spreadable(texts[c])
                or (cell[0] <= table_x0 + 1 and cell[2] >= table_x1 - 1)
            ):
                continue
            for j in range(c + 1, len(cells)):
                if cells[j] is not None or col_x[j] >= cell[2] - 1:
                    break
                texts[j] = texts[j] or texts[c]
        if texts != [c.text for c in row.cells]:
            new_cells = [
                cell.model_copy(update={"text": t}) for cell, t in zip(row.cells, texts, strict=True)
            ]
            out[r] = row.model_copy(update={"cells": new_cells})
    return out


_PERIOD_RE = re.compile(
    r"\b(?:Q[1-4]\s*)?(?:19|20)\d{2}(?:\s*[/\-–]\s*(?:19|20)?\d{2})?\b|£\s?['’]?000s?|\bQ[1-4]\b", re.I
)


def spreadable(text: str) -> bool:
    """A short column name ("2017/18", "Plan", "£'000") may name every column it spans; a cell
    with figures in it ("60,502 – 2017/18") must not be copied, or its figures would count twice."""
    return bool(text) and len(text.split()) <= 6 and not re.search(r"\d", _PERIOD_RE.sub(" ", text))


@lru_cache(maxsize=8192)
def is_figure(text: str) -> bool:
    """A number as a table cell holds it: '1,234', '-5.5', '£6.3m', '> 81%' (a footnote mark aside).

    Cached, and a figure has a digit within its first few characters, so most words are turned
    away before the number parser sees them (tables repeat '0.0' and '£'000' many times).
    """
    t = text.strip().rstrip("*†#")
    if not t or not re.search(r"\d", t[:4]):
        return False
    try:
        return parse_number(t) is not None
    except (ValueError, ArithmeticError):  # a malformed token ('1.429.5') is no figure, not a crash
        return False
