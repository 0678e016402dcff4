"""Documents that are a flow of styled elements (Word files, web pages) to blocks.

A reader of such a file sees headings, paragraphs, list items and tables in order; the DOCX and
HTML readers produce those as :class:`Item` values and this module makes the blocks, so both
forms reach the sections, tables and figures exactly as a PDF's blocks do.

Tables come as rows of :class:`SpanCell` (a cell's text and how many columns and rows it
spans) and are laid out on a grid (:func:`grid`) as the HTML table model does: a cell takes the
first free column, and a cell spanning rows leaves its text in its first row only (the table
interpreter reads an empty label cell as the label above). A cell spanning columns in the
table's header rows names every column under it ("2024/25" over Council and ICB); in the body it
stays in its first column.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..models import BlockKind, Provenance, RawBlock, RawCell, RawRow, RawTable
from .markup import clean_inline
from .text import is_heading_text

# a body cell's value: "1,234", "£5.2m", "(300)", "12.5%"; a year or period is a header's word
_VALUE_RE = re.compile(r"^[-–(]?\s?£?\s?\d[\d,]*(?:\.\d+)?\s?(?:%|m|k|bn)?\)?$", re.I)
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
# Word and web pages mark headings by style; a short paragraph set wholly in bold is a heading
# candidate too (the section splitter decides), as it is in a PDF
_BOLD_HEADING_WORDS = 14


@dataclass(frozen=True)
class SpanCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # <th>, or a Word table's repeated header row


@dataclass(frozen=True)
class Item:
    """One element of the flow: a heading, paragraph or list item (``text``), or a table (``rows``)."""

    kind: BlockKind
    provenance: Provenance
    text: str = ""
    rows: tuple[tuple[SpanCell, ...], ...] = ()
    bold: bool = False  # every run of the paragraph is bold
    method: str = ""  # a table's reader: docx, html


def grid(rows: list[list[SpanCell]] | tuple[tuple[SpanCell, ...], ...]) -> list[list[str]]:
    """Lay spanning cells out on a grid of text, one string per column of every row."""
    occupied: set[tuple[int, int]] = set()  # slots a cell from a row above spans into
    placed: list[dict[int, str]] = []
    spans: list[tuple[int, int, int]] = []  # row, first column, columns
    for r, row in enumerate(rows):
        cells: dict[int, str] = {}
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            span = max(1, cell.colspan)
            cells.update({c + k: cell.text if k == 0 else "" for k in range(span)})
            occupied.update((r + d, c + k) for d in range(1, max(1, cell.rowspan)) for k in range(span))
            if span > 1 and cell.text.strip():
                spans.append((r, c, span))
            c += span
        placed.append(cells)
    header_rows = _header_row_count(rows)
    for r, c, span in spans:
        below = placed[r + 1] if r + 1 < len(placed) else {}
        # a header spanning sub-columns names each ("2024/25" over Council and ICB); a title or a
        # note across the table names none
        if r + 1 < header_rows and sum(1 for k in range(span) if below.get(c + k, "").strip()) >= 2:
            placed[r].update({c + k: placed[r][c] for k in range(1, span)})
    width = max([c + 1 for cells in placed for c in cells] + [c + 1 for _, c in occupied], default=0)
    return [[cells.get(c, "") for c in range(width)] for cells in placed]


def _header_row_count(rows: list[list[SpanCell]] | tuple[tuple[SpanCell, ...], ...]) -> int:
    """Rows before the first one holding a value beyond its first cell: the header rows."""
    for r, row in enumerate(rows):
        values = [c.text.strip() for c in row[1:] if _VALUE_RE.match(c.text.strip())]
        if any(not _YEAR_RE.match(v) for v in values) and not all(c.header for c in row):
            return r
    return 0


def to_blocks(items: list[Item]) -> list[RawBlock]:
    """The blocks of a flow, in order; a one-column table (a box around text) gives paragraphs."""
    blocks: list[RawBlock] = []
    for item in items:
        if item.kind is BlockKind.TABLE:
            blocks.extend(_table_blocks(item))
            continue
        text = clean_inline(" ".join(item.text.split()))
        if not text:
            continue
        kind = item.kind
        if kind is BlockKind.PARAGRAPH and item.bold and len(text.split()) <= _BOLD_HEADING_WORDS:
            kind = BlockKind.HEADING if is_heading_text(text) else kind
        blocks.append(RawBlock(kind=kind, text=text, provenance=item.provenance))
    return blocks


def _table_blocks(item: Item) -> list[RawBlock]:
    rows = [[" ".join(t.split()) if "\n" not in t else t.strip() for t in r] for r in grid(item.rows)]
    rows = [r for r in rows if any(t.strip() for t in r)]
    if not rows:
        return []
    if max(sum(1 for t in r if t.strip()) for r in rows) <= 1:
        # a layout box: its text is paragraphs, not a table
        return [
            RawBlock(kind=BlockKind.PARAGRAPH, text=" ".join(part.split()), provenance=item.provenance)
            for r in rows
            for t in r
            for part in t.split("\n")
            if part.strip()
        ]
    raw_rows = [
        RawRow(cells=[RawCell(text=clean_inline(t)) for t in r], provenance=item.provenance) for r in rows
    ]
    text = "\n".join("\t".join(c.text.replace("\n", " ") for c in r.cells) for r in raw_rows)
    table = RawTable(rows=raw_rows, method=item.method or "flow")
    return [RawBlock(kind=BlockKind.TABLE, text=text, provenance=item.provenance, table=table)]
