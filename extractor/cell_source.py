"""Where each table cell came from: a spreadsheet cell's address, an OCR'd cell's confidence.

The table interpreter works on the grid's text; what a reader needs to find one number (``Table
1!E6``) or to weigh it (OCR read it with 62% confidence) travels on the raw cells. These two
functions carry it across: onto the interpreted cells, then onto the figure read from a cell.
"""

from __future__ import annotations

from .models import Cell, Provenance, RawTable, TableRow


def _row_key(prov: Provenance) -> tuple[object, ...]:
    # a row joined to its continuation keeps the first row's page, sheet, cell, line and top edge
    return (prov.page, prov.sheet, prov.cell, prov.line, prov.bbox[1] if prov.bbox else None)


def attach_cells(rows: list[TableRow], raw: RawTable) -> list[TableRow]:
    """Each interpreted cell gets its raw cell's ``ref`` and ``confidence`` (when any raw cell has one)."""
    if not any(c.ref or c.confidence is not None for r in raw.rows for c in r.cells):
        return rows
    by_row = {_row_key(r.provenance): r.cells for r in raw.rows}
    out = []
    for row in rows:
        raw_cells = by_row.get(_row_key(row.provenance))
        if raw_cells is None:
            out.append(row)
            continue
        cells = [
            c.model_copy(update={"ref": raw_cells[c.col].ref, "confidence": raw_cells[c.col].confidence})
            if c.col < len(raw_cells)
            else c
            for c in row.cells
        ]
        out.append(row.model_copy(update={"cells": cells}))
    return out


def figure_provenance(row: TableRow, cell: Cell) -> Provenance:
    """A figure's provenance: its row's, narrowed to its cell and its cell's OCR confidence."""
    update: dict[str, object] = {}
    if cell.ref:
        update["cell"] = cell.ref
    if cell.confidence is not None:
        row_conf = row.provenance.confidence
        update["confidence"] = cell.confidence if row_conf is None else min(row_conf, cell.confidence)
    return row.provenance.model_copy(update=update) if update else row.provenance
