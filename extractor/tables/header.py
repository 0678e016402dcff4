"""The header block: which leading rows are titles, column names and units, and each column's name.

A table's header may take several rows: a title across the width, group names spanning sub-columns
("2025-26" over "Core | External | Total"), the sub-columns' names, and a units row (``£000s``).
"""

from __future__ import annotations

import regex as re

from ..dates import find_dates
from ..nil import is_nil
from ..numbers import parse_number
from ..units import declared_unit, is_unit_only, strip_units, unit_from_header
from .context import TableContext


def _first_only(row: list[str]) -> bool:
    return bool(row and row[0].strip()) and not any(c.strip() for c in row[1:])


def _is_value_cell(text: str) -> bool:
    t = text.strip()
    if not t or is_unit_only(t):
        return False  # "£000" names a unit, it is not a nought
    if is_nil(t):
        return True
    return parse_number(t.rstrip("*†")) is not None or bool(find_dates(t))


def _is_unit_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(unit_from_header(c)[0] is not None and len(c) <= 12 for c in cells)


def _term_count(row: list[str], ctx: TableContext) -> int:
    count = 0
    for cell in row:
        text = " ".join(cell.split())
        if not text:
            continue
        if (
            ctx.header_term(text)
            or ctx.header_term(text.split("\n")[0])
            or ctx.header_term(_strip_units(text))
        ):
            count += 1
    return count


def _strip_units(text: str) -> str:
    return re.sub(r"[*#]|\([*#a-z]\)", " ", strip_units(text)).strip()


def count_header_rows(grid: list[list[str]], ctx: TableContext) -> int:
    """How many leading rows are header (titles, column names, units)."""
    return header_layout(grid, ctx)[0]


def header_layout(grid: list[list[str]], ctx: TableContext) -> tuple[int, int | None]:
    """``(header rows, index of the row that names the columns)``; rows above that one are titles."""
    if not grid:
        return 0, None
    looks_header: list[bool] = []
    strong: list[bool] = []
    for row in grid[:6]:
        values = sum(_is_value_cell(c) for c in row[1:])
        terms = _term_count(row, ctx)
        is_strong = terms >= 3 or (terms >= 2 and terms >= values)
        strong.append(is_strong)
        looks_header.append(values == 0 or is_strong or _is_unit_row(row))
    strong_at = max((i for i, s in enumerate(strong) if s and i < 5), default=None)
    if strong_at is not None:
        n = strong_at + 1
    else:
        n = 0
        while n < len(looks_header) and looks_header[n]:
            if n > 0 and _first_only(grid[n]) and not _is_unit_row(grid[n]):
                break
            n += 1
        if n == len(grid):
            first = grid[0]
            short = all(len(c.split()) <= 8 for c in first if c)
            if len(grid) <= 1 or not short or _first_only(first):
                return 0, None
            # a table of words: its first row names the columns, with any rows under it that name
            # parts of a spanning name and leave the row-name column empty ("| | Most Likely |
            # Best Case" under "Source | Sensitivity over medium term")
            n = 1
            while n < len(grid) - 1 and not grid[n][0].strip() and _names_only(grid[n][1:]):
                n += 1
            return n, None
    # header continues over wrapped name cells and a units row, but not over a group row
    while n < len(grid) and n < 6:
        row = grid[n]
        if _is_unit_row(row):
            n += 1
            continue
        if any(_is_value_cell(c) for c in row[1:]) or _first_only(row) or not any(c.strip() for c in row):
            break
        if not row[0].strip() or _term_count(row, ctx) >= 1 and not any(len(c.split()) > 8 for c in row):
            n += 1
            continue
        break
    return n, strong_at


def _names_only(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(len(c.split()) <= 4 for c in filled)


def _column_headers(rows: list[list[str]], width: int) -> tuple[list[str], list[str]]:
    names: list[str] = []
    units: list[str] = []
    for c in range(width):
        parts: list[str] = []
        unit_parts: list[str] = []
        for row in rows:
            cell = " ".join(row[c].split()) if c < len(row) else ""
            if not cell:
                continue
            unit_text = declared_unit(cell)
            if unit_text:
                unit_parts.append(unit_text.raw)
                cell = (cell[: unit_text.start] + " " + cell[unit_text.end :]).strip(" ()")
                cell = " ".join(cell.split())
            if cell and cell not in parts:
                parts.append(cell)
        names.append(" ".join(parts))
        units.append(" ".join(unit_parts))
    return names, units


def column_paths(rows: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header path: the header cells over it, top to bottom, one entry per line of a
    cell, units taken out and repeats dropped: ``["2025-26", "Total"]``."""
    paths: list[list[str]] = []
    for c in range(width):
        path: list[str] = []
        for row in rows:
            for line in (row[c] if c < len(row) else "").split("\n"):
                name = " ".join(strip_units(" ".join(line.split())).split())
                if name and name not in path:
                    path.append(name)
        paths.append(path)
    return paths
