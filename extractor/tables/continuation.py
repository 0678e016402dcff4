"""Tables continued over a page break (or after a repeated header) joined into one."""

from __future__ import annotations

from ..models import RawTable
from .columns import _REF_RE
from .context import TableContext
from .header import _column_headers, _term_count, count_header_rows


def _continues(prev: RawTable, nxt: RawTable, ctx: TableContext) -> bool:
    """Does ``nxt`` carry on ``prev`` (a page break, or a header repeated after a gap)?"""
    a = [[c.text for c in r.cells] for r in prev.rows]
    b = [[c.text for c in r.cells] for r in nxt.rows]
    if not a or not b:
        return False
    width = max(len(r) for r in a)
    if max(len(r) for r in b) != width:
        # an export trims trailing empty cells: a narrower part continues if it fits the columns
        if max(len(r) for r in b) > width or count_header_rows(b, ctx) > 0:
            return False
        b = [r + [""] * (width - len(r)) for r in b]
        a = [r + [""] * (width - len(r)) for r in a]
    na = count_header_rows(a, ctx)
    nb = count_header_rows(b, ctx)
    if nb and na and _coded_rows_continue(a[na:], b[:nb], ctx):
        # rows without figures at the top of a part ("6.3 | Reduce the use of s136 ...") look like
        # a header, but coded like the first part's rows and naming no columns they are its body
        nb = 0
    if nb == 0:
        # no header of its own: it continues only if the rows look alike (same filled columns)
        filled_a = [i for i, c in enumerate(a[-1]) if c.strip()]
        filled_b = [i for i, c in enumerate(b[0]) if c.strip()]
        return (
            na > 0
            and bool(filled_b)
            and set(filled_b) <= set(range(len(b[0])))
            and len(filled_a) >= 2
            and len(filled_b) >= 2
        )
    if _repeats_header(a, na, b):
        return True  # the whole header repeated (a page break), however few columns it names
    head_a = [" ".join(c.split()).lower() for c in _column_headers(a[:na], len(a[0]))[0]]
    head_b = [" ".join(c.split()).lower() for c in _column_headers(b[:nb], len(b[0]))[0]]
    same = sum(1 for x, y in zip(head_a, head_b, strict=False) if x == y and x)
    clash = sum(1 for x, y in zip(head_a, head_b, strict=False) if x and y and x != y)
    return clash == 0 and same >= max(2, len([h for h in head_b if h]) - 1)


def _repeats_header(a: list[list[str]], na: int, b: list[list[str]]) -> bool:
    """Does ``b`` open with ``a``'s header rows, word for word, and go on with rows of its own?
    Rows after the repeated header are body even when they look like header (a row cut by the
    page break, its text carried over without figures)."""
    norm = lambda rows: [[" ".join(c.split()).lower() for c in r] for r in rows]  # noqa: E731
    head = norm(a[:na])
    return 0 < na < len(b) and any(c for r in head for c in r) and norm(b[:na]) == head


def _coded_rows_continue(body_a: list[list[str]], head_b: list[list[str]], ctx: TableContext) -> bool:
    """True when the first part's rows start with codes ("6.2") and so do the second part's
    would-be header rows, which name no columns (no header words in them)."""
    codes_a = [r[0].strip() for r in body_a if r and r[0].strip()]
    codes_b = [r[0].strip() for r in head_b if r and r[0].strip()]
    if not codes_a or not codes_b:
        return False
    coded = lambda cells: all(_REF_RE.match(c) and len(c) <= 12 for c in cells)  # noqa: E731
    return coded(codes_a) and coded(codes_b) and not any(_term_count(r, ctx) >= 2 for r in head_b)


def _merge_raw(prev: RawTable, nxt: RawTable, ctx: TableContext) -> RawTable:
    a = [[c.text for c in r.cells] for r in prev.rows]
    b = [[c.text for c in r.cells] for r in nxt.rows]
    width = max(len(r) for r in a)
    b = [r + [""] * (width - len(r)) for r in b]
    na = count_header_rows(a, ctx)
    nb = count_header_rows(b, ctx)
    if nb and na and _coded_rows_continue(a[na:], b[:nb], ctx):
        nb = 0
    if _repeats_header(a, na, b):
        nb = na
    rows = list(prev.rows)
    if nb and na:
        # fill header cells left blank in the first part from the repeated header
        head_a = _column_headers(a[:na], len(a[0]))[0]
        head_b = _column_headers(b[:nb], len(b[0]))[0]
        last = rows[na - 1]
        cells = list(last.cells)
        for i, (x, y) in enumerate(zip(head_a, head_b, strict=False)):
            if not x and y:
                cells[i] = cells[i].model_copy(update={"text": y})
        rows[na - 1] = last.model_copy(update={"cells": cells})
    width = max(len(r.cells) for r in rows)
    for row in nxt.rows[nb:]:
        missing = width - len(row.cells)
        if missing > 0:
            row = row.model_copy(
                update={
                    "cells": list(row.cells)
                    + [row.cells[0].model_copy(update={"text": "", "checked": None})] * missing
                }
            )
        rows.append(row)
    return prev.model_copy(update={"rows": rows})
