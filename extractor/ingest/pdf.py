"""PDF files to blocks.

The steps, each a function whose output the next one reads:

1. ``_read_pages``: per page, the character layer (:mod:`.pdf_chars`, pdfium) gives words with
   positions and typography, ruling edges and images; ruled tables are found in the edges and
   filled from those words (:mod:`.pdf_tables`); the rest grouped into lines. Each page's parsed
   objects are released as soon as it is read.
2. ``_drop_furniture``: running headers, footers and page numbers go (they repeat near the top or
   bottom edge of many pages).
3. ``layout_page``: unruled tables are rebuilt from word columns (:mod:`.pdf_wordtables`); the
   remaining lines become paragraphs by geometry (a wider gap, a change of font, a short last line,
   a list marker) and a paragraph cut by a page break is joined again.
4. ``to_blocks``: paragraphs go through the text reader (the same numbering, list and heading rules
   as text files); each block gets its page, bounding box and typography, and short bold or large
   blocks are marked as heading candidates (the section splitter decides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import regex as re

from ..errors import EmptyDocumentError, NoTextLayerError
from ..models import Issue, Provenance, RawDocument, SourceInfo
from .ocr import OcrMode, OcrWord, check_tesseract, needs_ocr, read_page, with_confidence
from .pdf_blocks import Para, append_page, layout_issue, layout_page, to_blocks
from .pdf_chars import PageLayer, metadata, opened, page_layers
from .pdf_tables import PlacedTable, ruled_tables
from .pdf_words import TextLine, dominant_style, group_lines

# Running headers and footers live in the top and bottom tenth of a page (the sample papers put
# them at 4-6% from the edge; a tenth leaves room for two-line headers and large margins).
_FURNITURE_BAND = 0.10
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}(?:\s+of\s+\d{1,3})?|-\s*\d{1,3}\s*-|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.I,
)


@dataclass
class _Page:
    number: int
    height: float
    lines: list[TextLine]  # outside ruled tables
    tables: list[PlacedTable]  # ruled


def ingest_pdf(
    path: Path,
    doc_id: str,
    data: bytes,
    source: SourceInfo,
    header_term: Callable[[str], bool] | None = None,
    ocr: OcrMode = OcrMode.AUTO,
) -> RawDocument:
    """Read a PDF into blocks.

    Args:
        ocr: which pages Tesseract reads (:mod:`.ocr`): those without a usable text layer
            (``auto``), none, or all.

    Raises:
        EncryptedDocumentError: the PDF needs a password.
        NoTextLayerError: no page has text (a scan) and OCR is off.
        OcrUnavailableError: a page needs OCR and Tesseract is not installed.
        EmptyDocumentError: no pages, or no text and no images.
        IngestError: the file is not a readable PDF.
    """
    ocr_words: dict[int, list[OcrWord]] = {}
    with opened(path, data) as document:
        pages, image_pages, issues = _read_pages(page_layers(path, document), path, ocr, ocr_words)
        meta = metadata(document)
    source = source.model_copy(update={"pages": len(pages), "pdf_metadata": meta})
    if not pages:
        raise EmptyDocumentError(path, "PDF has no pages")
    if not any(p.lines or p.tables for p in pages):
        if ocr_words:
            raise EmptyDocumentError(path, f"OCR found no text on {len(ocr_words)} pages", "check the scan")
        if image_pages:
            raise NoTextLayerError(
                path,
                f"no text layer on any of {len(pages)} pages (a scan?)",
                "OCR is off (--ocr off); use --ocr auto",
            )
        raise EmptyDocumentError(path, "PDF has no text")
    pages, dropped = _drop_furniture(pages)
    issues.extend(dropped)
    body_size, body_bold = dominant_style(w for p in pages for ln in p.lines for w in ln.words)
    items: list[Para | PlacedTable] = []
    for page in pages:
        last = items[-1] if items else None
        carry: tuple[tuple[float, float], ...] = ()
        head = ""
        if isinstance(last, PlacedTable) and last.table.method == "pdf-words":
            carry = last.columns
            head = " ".join(c.text for r in last.table.rows[: last.header_rows] for c in r.cells)
        append_page(items, layout_page(page.number, page.lines, page.tables, issues, carry, head), body_size)
    blocks = to_blocks(items, header_term, body_size, body_bold)
    raw = RawDocument(doc_id=doc_id, source=source, blocks=blocks, issues=issues)
    return with_confidence(raw, ocr_words)


def _read_pages(
    layers: Iterable[PageLayer], path: Path, ocr: OcrMode, ocr_words: dict[int, list[OcrWord]]
) -> tuple[list[_Page], int, list[Issue]]:
    """Each page's lines and ruled tables; a page OCR reads fills ``ocr_words[page]`` too."""
    pages: list[_Page] = []
    issues: list[Issue] = []
    image_pages = 0
    scanned: list[int] = []
    unreadable = 0
    total_chars = 0
    for layer in layers:
        number = layer.number
        total_chars += layer.chars
        unreadable += layer.unmapped
        if layer.images:
            image_pages += 1
        words, edges = layer.words, layer.edges
        if needs_ocr(ocr, layer.chars, layer.unmapped, bool(layer.images)):
            if not ocr_words:
                check_tesseract(path)
            scan = read_page(path, number - 1)
            ocr_words[number] = scan.words
            words = [w.word for w in scan.words]
            edges = [*edges, *scan.edges()]  # the scan's rules are pixels: drawn back as lines
        elif not layer.chars:
            if layer.images:
                scanned.append(number)
            pages.append(_Page(number, layer.height, [], []))
            continue
        try:
            tables, rest = ruled_tables(edges, words, number)
        except Exception as exc:  # noqa: BLE001 - one odd page must not cost the whole paper
            tables, rest = [], words
            issues.append(layout_issue("ruled tables", number, exc))
        pages.append(_Page(number, layer.height, group_lines(rest), tables))
    if scanned and len(scanned) < len(pages):
        issues.append(
            Issue(
                code="no_text_layer",
                message=f"page(s) {', '.join(map(str, scanned))} are images without text (scanned?); "
                "their content is missing",
                provenance=Provenance(page=scanned[0]),
            )
        )
    if ocr_words:
        confidences = [w.confidence for found in ocr_words.values() for w in found]
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        issues.append(
            Issue(
                code="ocr",
                message=f"{len(ocr_words)} page(s) read by OCR (Tesseract), mean word confidence {mean:.0%}",
                provenance=Provenance(page=min(ocr_words)),
            )
        )
    if total_chars and unreadable / total_chars > 0.05 and not ocr_words:
        issues.append(
            Issue(
                code="unreadable_text",
                message=f"{unreadable} characters have no text mapping (cid codes); text may be garbled",
            )
        )
    return pages, image_pages, issues


def _furniture_key(text: str) -> str:
    """A running line's words, its digits and punctuation aside: OCR reads the same header's dash
    as "—", "-" or nothing from page to page (the scanned sample), and page numbers change."""
    return " ".join(re.sub(r"[^\w#]+", " ", re.sub(r"\d+", "#", text.lower())).split())


def _drop_furniture(pages: list[_Page]) -> tuple[list[_Page], list[Issue]]:
    """Lines near the top or bottom edge that repeat on many pages (digits aside) or are page numbers.

    A repeated line that sits close against the page's content (a table's column names repeated
    at the top of each page) belongs to that content and stays; a running header or footer is set
    apart from the text by a margin.
    """

    def in_band(page: _Page, line: TextLine) -> bool:
        return line.bottom < page.height * _FURNITURE_BAND or line.top > page.height * (1 - _FURNITURE_BAND)

    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if in_band(page, line):
                seen.setdefault(_furniture_key(line.text), set()).add(page.number)
    threshold = max(2, round(len(pages) * 0.3))
    issues: dict[str, Issue] = {}
    out: list[_Page] = []
    for page in pages:
        lines = page.lines
        number_like = [in_band(page, ln) and bool(_PAGE_NUMBER_RE.match(ln.text.strip())) for ln in lines]
        drop = [
            number_like[i] or (in_band(page, ln) and len(seen[_furniture_key(ln.text)]) >= threshold)
            for i, ln in enumerate(lines)
        ]
        tops = [t.bbox[1] for t in page.tables]
        bottoms = [t.bbox[3] for t in page.tables]
        for i in range(len(lines) - 1, -1, -1):  # top band: attached to what is below
            ln = lines[i]
            if drop[i] and not number_like[i] and ln.bottom < page.height / 2:
                below = [lines[i + 1].top] if i + 1 < len(lines) and not drop[i + 1] else []
                below += [t for t in tops if t >= ln.bottom - 1]
                drop[i] = not any(t - ln.bottom < 1.2 * ln.size for t in below)
        for i, ln in enumerate(lines):  # bottom band: attached to what is above
            if drop[i] and not number_like[i] and ln.top > page.height / 2:
                above = [lines[i - 1].bottom] if i > 0 and not drop[i - 1] else []
                above += [b for b in bottoms if b <= ln.top + 1]
                drop[i] = not any(ln.top - b < 1.2 * ln.size for b in above)
        kept: list[TextLine] = []
        for line, dropped in zip(lines, drop, strict=True):
            if dropped:
                text = line.text.strip()
                issues.setdefault(
                    _furniture_key(text),
                    Issue(
                        code="furniture",
                        message=f"dropped page header/footer {text!r}",
                        provenance=Provenance(page=page.number),
                    ),
                )
                continue
            kept.append(line)
        out.append(_Page(page.number, page.height, kept, page.tables))
    return out, list(issues.values())
