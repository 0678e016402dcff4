"""PDF files to blocks, with pdfplumber.

Per page: ruled tables come from pdfplumber's table finder; the rest of the page is read as text
lines (with their positions), stripped of running headers, footers and page numbers, and handed to
the same paragraph and flattened-table reader the text path uses. Every block keeps its page and
bounding box.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import regex as re
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ..errors import EmptyDocumentError, EncryptedDocumentError, IngestError, NoTextLayerError
from ..models import BlockKind, Issue, Provenance, RawBlock, RawCell, RawDocument, RawRow, RawTable, SourceInfo
from .markup import clean_inline
from .text import Line, read_blocks

_FURNITURE_BAND = 0.08  # share of the page height, top and bottom, where running headers live
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}|-\s*\d{1,3}\s*-)\s*$", re.I)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}


@dataclass(frozen=True)
class _Placed:
    """A line of page text (or a table) with where it sits."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    table: RawTable | None = None


def ingest_pdf(
    path: Path, doc_id: str, data: bytes, source: SourceInfo, header_term: Callable[[str], bool] | None = None
) -> RawDocument:
    issues: list[Issue] = []
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedDocumentError(path, "PDF is encrypted (password protected)", "save an unprotected copy") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise IngestError(path, f"corrupt or truncated PDF ({type(exc).__name__})", "re-download the file") from None
    except Exception as exc:  # pdfminer raises many types for broken files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedDocumentError(path, "PDF is encrypted (password protected)", "save an unprotected copy") from None
        raise IngestError(path, f"cannot open PDF ({type(exc).__name__}: {exc})", "re-download the file") from None
    with pdf:
        try:
            placed, pages, image_pages = _read_pages(pdf)
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise EncryptedDocumentError(path, "PDF is encrypted (password protected)", "save an unprotected copy") from None
        except RecursionError:
            raise IngestError(path, "PDF structure is malformed (page tree loops)", "re-save the file") from None
        except Exception as exc:
            raise IngestError(path, f"corrupt or truncated PDF ({type(exc).__name__})", "re-download the file") from None
        meta = {str(k): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, int, float))}
    source = source.model_copy(update={"pages": pages, "pdf_metadata": meta})
    if pages == 0:
        raise EmptyDocumentError(path, "PDF has no pages")
    if not placed:
        if image_pages:
            raise NoTextLayerError(
                path, f"no text layer on any of {pages} pages (a scan?)", "OCR is not enabled; use a text PDF"
            )
        raise EmptyDocumentError(path, "PDF has no text")
    placed, dropped = _drop_furniture(placed, pages)
    issues.extend(dropped)
    blocks = _to_blocks(placed, header_term)
    return RawDocument(doc_id=doc_id, source=source, blocks=blocks, issues=issues)


def _read_pages(pdf: pdfplumber.PDF) -> tuple[list[_Placed], int, int]:
    placed: list[_Placed] = []
    image_pages = 0
    for number, page in enumerate(pdf.pages, start=1):
        if page.images:
            image_pages += 1
        if not page.chars:
            continue
        tables = page.find_tables(_TABLE_SETTINGS)
        boxes = [t.bbox for t in tables]
        for table in tables:
            rows = _table_rows(table, number)
            if rows:
                x0, top, x1, bottom = table.bbox
                text = "\n".join("\t".join(c.text for c in r.cells) for r in rows)
                placed.append(_Placed(number, top, bottom, x0, x1, text, RawTable(rows=rows, method="pdf-ruled")))
        outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
        for line in outside.extract_text_lines(layout=False, strip=True, return_chars=False):
            text = line["text"]
            if text.strip():
                placed.append(_Placed(number, line["top"], line["bottom"], line["x0"], line["x1"], text))
    placed.sort(key=lambda p: (p.page, p.top, p.x0))
    return placed, len(pdf.pages), image_pages


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _table_rows(table, page: int) -> list[RawRow]:
    rows: list[RawRow] = []
    for row in table.rows:
        texts = []
        for cell in row.cells:
            if cell is None:
                texts.append(RawCell(text=""))
                continue
            crop = table.page.crop(cell, strict=False)
            texts.append(RawCell(text=_cell_text(crop.extract_text() or ""), bbox=tuple(cell)))
        if not any(c.text for c in texts):
            continue
        x0, top, x1, bottom = row.bbox
        rows.append(RawRow(cells=texts, provenance=Provenance(page=page, bbox=(x0, top, x1, bottom))))
    return rows


def _cell_text(text: str) -> str:
    return "\n".join(clean_inline(line) for line in text.split("\n") if line.strip())


def _drop_furniture(placed: list[_Placed], pages: int) -> tuple[list[_Placed], list[Issue]]:
    """Running headers/footers repeat near the page edge; page numbers sit alone at the bottom."""
    issues: list[Issue] = []

    def key(p: _Placed) -> str:
        return re.sub(r"\d+", "#", p.text.strip().lower())

    heights: dict[int, float] = {}
    for p in placed:
        heights[p.page] = max(heights.get(p.page, 0.0), p.bottom)
    in_band = [p for p in placed if p.table is None and _in_band(p, heights)]
    repeats = Counter(key(p) for p in in_band)
    threshold = max(2, int(pages * 0.3))
    kept: list[_Placed] = []
    for p in placed:
        if p.table is None and _in_band(p, heights):
            if repeats[key(p)] >= threshold or _PAGE_NUMBER_RE.match(p.text):
                issues.append(
                    Issue(code="furniture", message=f"dropped page header/footer {p.text.strip()!r}", provenance=Provenance(page=p.page))
                )
                continue
        kept.append(p)
    # keep the issue list short: one entry per distinct dropped text
    seen: set[str] = set()
    unique = []
    for issue in issues:
        if issue.message not in seen:
            seen.add(issue.message)
            unique.append(issue)
    return kept, unique


def _in_band(p: _Placed, heights: dict[int, float]) -> bool:
    height = max(heights.get(p.page, 842.0), 1.0)
    return p.top < height * _FURNITURE_BAND + 40 or p.bottom > height * (1 - _FURNITURE_BAND)


def _to_blocks(placed: list[_Placed], header_term: Callable[[str], bool] | None) -> list[RawBlock]:
    """Hand text lines to the text reader; keep tables as they are; map lines back to pages."""
    blocks: list[RawBlock] = []
    lines: list[Line] = []
    where: dict[int, _Placed] = {}
    counter = 0

    def flush() -> None:
        nonlocal lines
        if lines:
            for block in read_blocks(lines, header_term):
                blocks.append(_locate(block, where))
            lines = []

    previous: _Placed | None = None
    for p in placed:
        if p.table is not None:
            flush()
            prov = Provenance(page=p.page, bbox=(p.x0, p.top, p.x1, p.bottom))
            blocks.append(RawBlock(kind=BlockKind.TABLE, text=p.text, provenance=prov, table=p.table))
            previous = p
            continue
        counter += 1
        # a vertical gap wider than a line reads as a blank line between paragraphs
        if previous is not None and previous.page == p.page and p.top - previous.bottom > (p.bottom - p.top) * 0.9:
            counter += 1
            lines.append(Line(counter - 1, ""))
        where[counter] = p
        lines.append(Line(counter, p.text))
        previous = p
    flush()
    return blocks


def _locate(block: RawBlock, where: dict[int, _Placed]) -> RawBlock:
    """Replace the reader's running line numbers with page and bbox."""

    def prov_for(first: int | None, last: int | None) -> Provenance:
        items = [where[n] for n in range(first or 0, (last or first or 0) + 1) if n in where]
        if not items:
            return Provenance()
        pages = {i.page for i in items}
        same = [i for i in items if i.page == items[0].page]
        bbox = (min(i.x0 for i in same), min(i.top for i in same), max(i.x1 for i in same), max(i.bottom for i in same))
        return Provenance(page=min(pages), page_end=max(pages) if len(pages) > 1 else None, bbox=bbox)

    prov = prov_for(block.provenance.line, block.provenance.line_end)
    table = block.table
    if table is not None:
        rows = [r.model_copy(update={"provenance": prov_for(r.provenance.line, r.provenance.line_end)}) for r in table.rows]
        table = table.model_copy(update={"rows": rows})
    return block.model_copy(update={"provenance": prov, "table": table})
