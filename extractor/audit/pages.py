"""Page regions for the report: the part of each PDF page a finding's evidence sits on, as a PNG
with the compared cells boxed, so an auditor checks a finding in seconds without opening the paper.

pdfplumber renders the page (its ``to_image``, which draws with pypdfium2); the character layer
(:mod:`extractor.ingest.pdf_chars`, pdfium, the same geometry as pdfplumber's) finds the printed
number inside the row or passage the evidence came from (``FindingValue.bbox``): the word whose text
is the number as printed (``FindingValue.raw``). pdfplumber's own words would parse the page again
with pdfminer, which cost the main process 10 s of a 75 s run of the real PDFs, after every worker
had finished. Each page is rendered and read once per run however many findings point at it;
papers read from text have no pages and get links only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ingest.pdf_words import Char, words_from_chars
from ..models import Finding, FindingValue, Severity

log = logging.getLogger(__name__)

RESOLUTION = 110  # dpi: the digits of a £000s table read clearly at about this size
MARGIN = 28.0  # points above and below the evidence: the lines around it, and the header if close
# A national run may raise thousands of warnings; rendering beyond this many regions would cost
# minutes for pages nobody opens first. The rest keep their links to the paper.
MAX_REGIONS = 400
FOLDER = "audit-pages"
_MARK = (200, 30, 30)  # the compared cells
_ROW = (255, 200, 0)  # the row or passage they were read from


@dataclass(frozen=True)
class Region:
    """One rendered page region of one finding."""

    doc_id: str
    page: int
    image: str  # path relative to the report's folder
    cells: int  # how many printed numbers were found and boxed


def render_regions(
    findings: list[Finding], sources: dict[str, str], out_dir: Path
) -> dict[str, list[Region]]:
    """Finding id -> its page regions, rendered into ``out_dir/audit-pages``. Only errors and
    warnings get regions (an ``info`` is rounding or a note), worst first, up to MAX_REGIONS."""
    wanted: list[tuple[Finding, str, int, list[FindingValue]]] = []
    for f in findings:
        if f.severity is Severity.INFO:
            continue
        by_page: dict[tuple[str, int], list[FindingValue]] = defaultdict(list)
        for v in f.values:
            if (
                v.page is not None
                and v.bbox is not None
                and str(sources.get(v.doc_id, "")).lower().endswith(".pdf")
            ):
                by_page[(v.doc_id, v.page)].append(v)
        wanted.extend((f, doc_id, page, values) for (doc_id, page), values in by_page.items())
    wanted = wanted[:MAX_REGIONS]
    out: dict[str, list[Region]] = defaultdict(list)
    if not wanted:
        return out
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    by_doc: dict[str, list[tuple[Finding, int, list[FindingValue]]]] = defaultdict(list)
    for f, doc_id, page, values in wanted:
        by_doc[doc_id].append((f, page, values))
    for doc_id, items in by_doc.items():
        try:
            regions = _render_doc(Path(sources[doc_id]), doc_id, items, folder)
        except Exception as exc:  # a paper moved or unreadable since extraction: links only
            log.warning("page regions for %s not drawn: %s", doc_id, exc)
            continue
        for finding_id, region in regions:
            out[finding_id].append(region)
    return out


def _render_doc(
    path: Path, doc_id: str, items: list[tuple[Finding, int, list[FindingValue]]], folder: Path
) -> list[tuple[str, Region]]:
    import pdfplumber  # only when a report has PDF evidence to show

    from ..ingest.pdf_chars import opened

    out: list[tuple[str, Region]] = []
    with pdfplumber.open(path) as pdf, opened(path, path.read_bytes()) as document:
        # one page held at a time: (number, page, image, characters)
        rendered: tuple[int, Any, Any, list[Char]] | None = None
        for f, page_no, values in sorted(items, key=lambda item: item[1]):
            if not 1 <= page_no <= len(pdf.pages):
                continue
            if rendered is None or rendered[0] != page_no:
                page = pdf.pages[page_no - 1]
                image = page.to_image(resolution=RESOLUTION).original
                rendered = (page_no, page, image, _chars(document, page_no))
            region = _draw(rendered[1], rendered[2], rendered[3], f, doc_id, page_no, values, folder)
            out.append((f.id, region))
    return out


def _chars(document, page_no: int) -> list[Char]:
    from ..ingest.pdf_chars import page_chars

    page = document[page_no - 1]
    try:
        return page_chars(page)
    finally:
        page.close()


def _draw(
    page,
    image,
    chars: list[Char],
    f: Finding,
    doc_id: str,
    page_no: int,
    values: list[FindingValue],
    folder: Path,
) -> Region:
    from PIL import ImageDraw

    k = RESOLUTION / 72.0
    rows = [v.bbox for v in values if v.bbox is not None]
    cells = [box for v in values if (box := _cell_box(page, chars, v)) is not None]
    top = max(0.0, min(b[1] for b in rows) - MARGIN)
    bottom = min(float(page.height), max(b[3] for b in rows) + MARGIN)
    crop = image.crop((0, int(top * k), image.width, int(bottom * k))).convert("RGB")
    draw = ImageDraw.Draw(crop)
    for x0, t, x1, b in rows:
        draw.rectangle(_px(x0 - 2, t - 1, x1 + 2, b + 1, top, k), outline=_ROW, width=1)
    for x0, t, x1, b in cells:
        draw.rectangle(_px(x0 - 3, t - 2, x1 + 3, b + 2, top, k), outline=_MARK, width=3)
    name = f"{f.id}-{_slug(doc_id)}-p{page_no}.png"
    # zlib's default level: ``optimize`` (level 9 and a search) made the 124 regions of the real
    # PDFs 6% smaller (657 against 695 KB) for 1.9 s against 0.4 s of the main process
    crop.save(folder / name)
    return Region(doc_id, page_no, f"{FOLDER}/{name}", len(cells))


def _px(x0: float, t: float, x1: float, b: float, top: float, k: float) -> tuple[int, int, int, int]:
    return int(x0 * k), int((t - top) * k), int(x1 * k), int((b - top) * k)


def _cell_box(page, chars: list[Char], v: FindingValue) -> tuple[float, float, float, float] | None:
    """The printed number inside the evidence's row or passage: the word that reads as ``raw``,
    made of the characters wholly inside the row's box (a point around it, within the page)."""
    if not v.raw or v.bbox is None:
        return None
    x0, top, x1, bottom = v.bbox
    left, up = max(0, x0 - 1), max(0, top - 1)
    right, down = min(page.width, x1 + 1), min(page.height, bottom + 1)
    inside = [c for c in chars if c[0] >= left and c[1] <= right and c[2] >= up and c[3] <= down]
    want = _squash(v.raw)
    words = words_from_chars(inside)
    exact = [w for w in words if _squash(w.text) == want]
    near = exact or [
        w
        for w in words
        if want and (want in _squash(w.text) or _squash(w.text) in want and len(_squash(w.text)) >= 3)
    ]
    if not near:
        return None
    hit = near[0]
    return float(hit.x0), float(hit.top), float(hit.x1), float(hit.bottom)


def _squash(text: str) -> str:
    return "".join(text.split()).strip("().,;:").replace("−", "-")


def _slug(doc_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in doc_id)[:60]
