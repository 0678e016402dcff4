"""Excel workbooks (.xlsx, .xlsm) to blocks, with openpyxl.

Every sheet is read, hidden ones too (each noted as an issue), in workbook order. The steps:

1. ``_grid``: each non-empty cell's displayed text (:mod:`.numfmt`: ``£5,478,595``, ``7.6%``; a
   formula's cached value), and a merged cell's text spread over the columns it spans when the
   merge heads sub-columns (``Coastal West Sussex CCG`` over Male, Female, Total).
2. ``_lines``: rows become tab-separated lines, as a spreadsheet flattened to text reads: rows of
   two or more cells, with any one-cell row touching them (a table's title or a group row), are
   table rows from the region's first column; other one-cell rows are paragraphs, set apart by a
   blank line as separate cells are.
3. The text reader (:func:`.text.read_blocks`) turns the lines into blocks, so a BCF template
   saved as a workbook gives the same blocks, tables and records as the same template flattened
   to text; each block's line span is then mapped back to its sheet, rows and cells.

Provenance: ``page`` is the 1-based sheet index in workbook order (hidden sheets counted),
``sheet`` the tab's name, ``cell`` a block's cell range; every table cell keeps its address
(``ref``) and a figure read from it names that cell.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex as re
from openpyxl.utils import get_column_letter

from ..errors import EmptyDocumentError
from ..models import BlockKind, Issue, Provenance, RawBlock, RawDocument, RawRow, SourceInfo
from .numfmt import render
from .office import open_office
from .text import Line, read_blocks

# A formula saved without its value (by a program that does not calculate, such as a report
# generator) has nothing to show: <c><f>SUM(..)</f><v></v></c>. openpyxl reads it as empty.
_UNCACHED_FORMULA_RE = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>")
# A sheet heads its blocks with its tab's name unless one of its first few cells already says it
# (a BCF template's "2. National Conditions & s75 Pooled Budget" title row).
_TITLE_ROWS = 6


@dataclass(frozen=True)
class _Row:
    number: int  # the sheet's row number, 1-based
    cells: dict[int, str]  # column (1-based) -> displayed text, non-empty only


@dataclass(frozen=True)
class _Sheet:
    index: int  # 1-based, workbook order
    name: str
    rows: list[_Row]


def ingest_xlsx(
    path: Path, doc_id: str, data: bytes, source: SourceInfo, header_term: Callable[[str], bool] | None = None
) -> RawDocument:
    """Read a workbook into blocks, sheet after sheet.

    Raises:
        EncryptedDocumentError: the workbook is password protected (an encrypted OLE file).
        EmptyDocumentError: no sheet has a non-empty cell.
        IngestError: the file is not a readable workbook.
    """
    workbook = _open(path, data)
    issues: list[Issue] = []
    sheets: list[_Sheet] = []
    try:
        for index, ws in enumerate(workbook.worksheets, start=1):
            if ws.sheet_state != "visible":
                issues.append(
                    Issue(
                        code="hidden_sheet",
                        message=f"sheet {ws.title!r} is hidden in the workbook; it is read like the others",
                        provenance=Provenance(page=index, sheet=ws.title),
                    )
                )
            sheets.append(_Sheet(index, ws.title, _grid(ws)))
    finally:
        workbook.close()
    uncached = _uncached_formulas(data)
    if uncached:
        issues.append(
            Issue(
                code="formula_without_value",
                message=f"{uncached} formula cells were saved without their values and are read as empty; "
                "open and save the workbook in Excel or LibreOffice to fill them",
            )
        )
    blocks: list[RawBlock] = []
    for sheet in sheets:
        blocks.extend(_sheet_blocks(sheet, header_term))
    if not blocks:
        raise EmptyDocumentError(path, "the workbook has no filled cells", "check it is the right file")
    source = source.model_copy(update={"pages": len(sheets)})
    return RawDocument(doc_id=doc_id, source=source, blocks=blocks, issues=issues)


def _open(path: Path, data: bytes) -> Any:
    import openpyxl

    return open_office(
        path,
        data,
        lambda f: openpyxl.load_workbook(f, data_only=True, rich_text=False),
        "Excel workbook",
        ".xlsx",
    )


def _grid(ws: Any) -> list[_Row]:
    """The sheet's non-empty rows, each cell as the text Excel shows."""
    cells: dict[int, dict[int, str]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            text = render(cell.value, cell.number_format, is_date=bool(cell.is_date))
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if text:
                cells.setdefault(cell.row, {})[cell.column] = text
    for merged in ws.merged_cells.ranges:
        top, left, right, bottom = merged.min_row, merged.min_col, merged.max_col, merged.max_row
        head = cells.get(top, {}).get(left)
        if head is None or right == left:
            continue
        below = cells.get(bottom + 1, {})
        # a merge over sub-columns names each of them; a merged note or title row names nothing
        if sum(1 for c in range(left, right + 1) if c in below) >= 2:
            for c in range(left + 1, right + 1):
                cells[top].setdefault(c, head)
    return [_Row(r, dict(sorted(cells[r].items()))) for r in sorted(cells)]


def _uncached_formulas(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sum(
            len(_UNCACHED_FORMULA_RE.findall(zf.read(name)))
            for name in zf.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


# --------------------------------------------------------------------------- rows to lines


@dataclass(frozen=True)
class _Placed:
    """Where a line of the flattened sheet came from: its row, and its first column."""

    row: int
    first_col: int


def _lines(rows: list[_Row]) -> tuple[list[str], list[_Placed | None]]:
    """The sheet flattened to text lines, and where each line came from (None: a separator)."""
    multi = [len(r.cells) >= 2 for r in rows]
    adjacent = lambda i, j: 0 <= j < len(rows) and abs(rows[j].number - rows[i].number) == 1  # noqa: E731
    tabled = [multi[i] or any(adjacent(i, j) and multi[j] for j in (i - 1, i + 1)) for i in range(len(rows))]
    texts: list[str] = []
    places: list[_Placed | None] = []
    i = 0
    while i < len(rows):
        if not tabled[i]:
            for part in rows[i].cells[next(iter(rows[i].cells))].split("\n"):
                if part.strip():
                    texts += [part, ""]
                    places += [_Placed(rows[i].number, next(iter(rows[i].cells))), None]
            i += 1
            continue
        j = i
        while j + 1 < len(rows) and tabled[j + 1] and adjacent(j, j + 1):
            j += 1
        region = rows[i : j + 1]
        first = min(min(r.cells) for r in region)
        for k, row in enumerate(region):
            if k and row.number - region[k - 1].number > 1:
                texts.append("")
                places.append(None)
            last = max(row.cells)
            cells = [row.cells.get(c, "").replace("\n", " ") for c in range(first, last + 1)]
            texts.append("\t".join(cells) + ("\t" if len(cells) == 1 else ""))
            places.append(_Placed(row.number, first))
        texts.append("")
        places.append(None)
        i = j + 1
    return texts, places


def _sheet_blocks(sheet: _Sheet, header_term: Callable[[str], bool] | None) -> list[RawBlock]:
    texts, places = _lines(sheet.rows)
    lines = [Line(n, t) for n, t in enumerate(texts, start=1)]
    blocks = [_locate(b, sheet, places) for b in read_blocks(lines, header_term)]
    first_cells = [t for r in sheet.rows[:_TITLE_ROWS] for t in r.cells.values()]
    if blocks and not any(_same_title(t, sheet.name) for t in first_cells):
        heading = RawBlock(
            kind=BlockKind.HEADING,
            text=sheet.name.strip(),
            provenance=Provenance(page=sheet.index, sheet=sheet.name),
        )
        blocks.insert(0, heading)
    return blocks


def _same_title(text: str, name: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return bool(norm(name)) and norm(text).startswith(norm(name))


def _locate(block: RawBlock, sheet: _Sheet, places: list[_Placed | None]) -> RawBlock:
    """A block read from the flattened lines, pointed back at its sheet and cells."""

    def where(line: int | None, line_end: int | None) -> Provenance:
        placed = [p for p in places[(line or 1) - 1 : line_end or line or 1] if p is not None]
        if not placed:
            return Provenance(page=sheet.index, sheet=sheet.name)
        a, b = placed[0], placed[-1]
        start = f"{get_column_letter(a.first_col)}{a.row}"
        end = f"{get_column_letter(b.first_col)}{b.row}"
        return Provenance(
            page=sheet.index, sheet=sheet.name, cell=start if start == end else f"{start}:{end}"
        )

    prov = block.provenance
    if block.table is None:
        return block.model_copy(update={"provenance": where(prov.line, prov.line_end)})
    rows: list[RawRow] = []
    for row in block.table.rows:
        placed = places[(row.provenance.line or 1) - 1]
        if placed is None:
            rows.append(row.model_copy(update={"provenance": where(row.provenance.line, None)}))
            continue
        cells = [
            c.model_copy(update={"ref": f"{get_column_letter(placed.first_col + k)}{placed.row}"})
            for k, c in enumerate(row.cells)
        ]
        last = get_column_letter(placed.first_col + max(len(cells) - 1, 0))
        span = f"{get_column_letter(placed.first_col)}{placed.row}:{last}{placed.row}"
        rows.append(RawRow(cells=cells, provenance=Provenance(page=sheet.index, sheet=sheet.name, cell=span)))
    table = block.table.model_copy(update={"rows": rows, "method": "xlsx"})
    return block.model_copy(update={"provenance": where(prov.line, prov.line_end), "table": table})
