"""Words of a page without a usable text layer, read by Tesseract.

A scanned page (an image and no text), or one whose text is glyph codes with no Unicode mapping
(``(cid:12)``), has no words for the PDF reader. This module renders the page (pypdfium2, which
pdfplumber already installs), runs Tesseract on it (the Debian packages ``tesseract-ocr`` and
``tesseract-ocr-eng``, through pytesseract: it drives the installed program, needs nothing
compiled, and a missing program is one clear exception), and returns the same
:class:`~.pdf_words.Word` objects the text layer gives, in PDF points, so the word-geometry table
reader and the paragraph layout treat a scan like any page. Each word's confidence (Tesseract's,
0-100, as 0-1) is kept beside it and carried onto the blocks, rows and cells built from it.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import regex as re

from ..errors import IngestError
from ..models import Provenance, RawBlock, RawCell, RawDocument, RawRow
from .pdf_chars import Edge
from .pdf_words import Word

# Tesseract reads best at about 300 dpi (its documentation); scans are often 150-200 dpi, which
# rendering at 300 upsamples smoothly.
RENDER_DPI = 300
# a page whose characters are mostly unmapped glyph codes has no usable text layer
UNREADABLE_SHARE = 0.5
# A thin rule scanned at 150 dpi is grey, lighter than letters: ink for rules is below this grey
# level (0 black, 255 white)
_RULE_INK = 160
# pieces of a rule are at least this long (points): a letter's stroke is shorter only in small type
_RULE_PIECE_PT = 6.0
# a rule's pixels step this many rows from piece to piece (skew, thickness), and break off for at
# most this many pixels (a faint stretch)
_RULE_STEP = 3
_RULE_BREAK = 16
# Tesseract's confidence in the words of a clean 150 dpi scan is 0.85-0.97; what it reads in specks
# and smudges ("~", "sce", "ae") scores below 0.45, and a lone mark of punctuation it is unsure of
# ("_", "——.") below 0.8 (measured on the scanned sample paper)
MIN_WORD_CONFIDENCE = 0.45
MIN_MARK_CONFIDENCE = 0.80
_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng"
# a word whose strokes are this much wider than the page's usual word is bold (see stroke_widths)
BOLD_STROKE = 1.35
# how far below the paper's grey (0-255) the grain of a scan's paper reaches: see whitened()
PAPER_GRAIN = 25
# a page that is mostly dark (a shaded slide) has no paper to measure: stretch no further than this
_MIN_WHITE = 160
# grey level below which a pixel is ink (0 black, 255 white)
_DARK = 128
# a line this much shorter or taller than the page's usual line is set in another size (a
# heading, a footnote); within it the difference is Tesseract's estimate wavering
_SAME_SIZE = (0.85, 1.2)
# Tesseract's row height (hOCR x_size, descender line to ascender line) in em: on the scanned
# sample at 300 dpi 44-45 px on its 11pt body, 40-42 px on its 10pt tables and 35 px on its 9pt
# running head, 0.96 em (Arial and Helvetica: ascender 0.75 em, descender 0.21 em)
_ROW_HEIGHT_EM = 0.96
# how far a font's descent reaches below the baseline, in em (Arial and Helvetica 0.212): a
# text layer's word spans the em from there up, and so do OCR'd words
_DESCENT_EM = 0.212
# Tesseract reads letters best at a row height of 30-50 px (its documentation asks for an x-height
# of at least 20 px); a page whose median line is under SMALL_ROW_PX at RENDER_DPI (the sample's
# project plan, 8pt type shrunk onto a portrait page: 23 px) is read again enlarged so that its
# median line stands GOOD_ROW_PX tall, at MAX_RENDER_DPI at most (an A4 page at 600 dpi is 35 MB
# of grey)
SMALL_ROW_PX = 30
GOOD_ROW_PX = 42
MAX_RENDER_DPI = 600


class OcrMode(StrEnum):
    AUTO = "auto"  # pages with no usable text layer
    OFF = "off"
    FORCE = "force"  # every page, ignoring the text layer


class OcrUnavailableError(IngestError):
    """Tesseract is not installed."""


@dataclass(frozen=True)
class OcrWord:
    word: Word
    confidence: float


def needs_ocr(mode: OcrMode, chars: int, unreadable: int, has_images: bool) -> bool:
    """Whether a page is read by OCR: always with ``force``; with ``auto`` when it has an image
    and no text, or when most of its text is glyph codes."""
    if mode is OcrMode.FORCE:
        return True
    if mode is OcrMode.OFF:
        return False
    if not chars:
        return has_images
    return unreadable / chars > UNREADABLE_SHARE


def check_tesseract(path: Path | str) -> None:
    """Raises: OcrUnavailableError naming the packages to install."""
    import pytesseract

    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError):
        raise OcrUnavailableError(
            path, "the page has no text layer and Tesseract (OCR) is not installed", _INSTALL
        ) from None


@dataclass(frozen=True)
class ScannedPage:
    """What OCR reads on a page: its words, and the ruling lines painted out of the image before
    Tesseract saw it (as line objects, in points), which draw its ruled tables."""

    words: list[OcrWord]
    rules: list[dict[str, Any]]

    def edges(self) -> list[Edge]:
        """The scan's rules as ruling edges for the table finder (:func:`.pdf_tables.find_grids`)."""
        return [
            Edge(r["x0"], r["top"], r["x1"], r["bottom"], "h" if r["top"] == r["bottom"] else "v")
            for r in self.rules
        ]


def read_page(pdf_path: Path | str, page_index: int) -> ScannedPage:
    """Tesseract's words on one page (0-based index), in PDF points from the top left, and the
    page's ruling lines."""
    import pypdfium2

    # documents are read in parallel by worker processes already; Tesseract's own threads would
    # fight them for the same cores (Tesseract's FAQ advises one thread when running several)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[page_index]
        scale = RENDER_DPI / 72
        image, rules = without_rules(page.render(scale=scale, grayscale=True).to_pil(), scale)
        image = whitened(despeckled(image))
        page.close()
    finally:
        document.close()
    lines = _recognised(image, RENDER_DPI, pdf_path, page_index)
    rows = sorted(line.row_height for line in lines)
    middle = rows[len(rows) // 2] if rows else GOOD_ROW_PX
    if middle < SMALL_ROW_PX:
        # small print: read again enlarged, as Tesseract wants it (see SMALL_ROW_PX). The cleaned
        # image is enlarged rather than the page rendered again: a scan has no more detail than
        # its own resolution, and painting rules out of a 600 dpi image takes 2.5x the memory
        dpi = min(MAX_RENDER_DPI, round(RENDER_DPI * GOOD_ROW_PX / max(middle, 1.0)))
        from PIL import Image

        factor = dpi / RENDER_DPI
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)), Image.Resampling.BICUBIC
        )
        lines = _recognised(image, dpi, pdf_path, page_index)
        scale = dpi / 72
    return ScannedPage(words_from_lines(lines, scale, stroke_widths(image, lines)), rules)


def _recognised(image: Any, dpi: int, pdf_path: Path | str, page_index: int) -> list[OcrLine]:
    """Tesseract's lines on a page image rendered at ``dpi``."""
    import pytesseract

    try:
        # the image carries no resolution, and Tesseract assumes 70 dpi without one, which sizes
        # its filters for specks and small text wrongly
        hocr = pytesseract.image_to_pdf_or_hocr(image, lang="eng", extension="hocr", config=f"--dpi {dpi}")
        return hocr_lines(hocr)
    except pytesseract.TesseractError as exc:
        raise IngestError(
            pdf_path, f"OCR failed on page {page_index + 1} ({exc.message or exc.status})", _INSTALL
        ) from None
    except ValueError as exc:
        raise IngestError(pdf_path, f"OCR gave unreadable output on page {page_index + 1} ({exc})") from None


def despeckled(image: Any) -> Any:
    """The image with the specks of a scan (toner dots, paper grain) taken out by a 3x3 median.

    On the scanned sample the specks near a table's figures made Tesseract read a bold "94,292"
    as "sce" and "-6,276" at 29% confidence; after the median it reads every figure of the page,
    and words under 60% confidence fall from 20 to 3. Text strokes at 300 dpi are wider than the
    filter, so letters and decimal points stay.
    """
    from PIL import ImageFilter

    return image.filter(ImageFilter.MedianFilter(3))


def whitened(image: Any) -> Any:
    """The image with its paper made white: every grey lighter than the paper's grain is white, and
    the darker greys are stretched to match.

    A scan's paper is not white but a grain of light greys (the scanned sample: 243-249, with
    specks to 200), and Tesseract's recogniser reads the grey image, not its black and white one:
    the grain beside a figure made it read "1.7" as "2 WY A" and "2,282" as "BY Or: 74". A fixed
    threshold to black and white cures those but thins small print to nothing (the project plan's
    7pt dates were lost at 160); stretching keeps the letters' grey edges. The white point is the
    paper's grey (the page's median: most of a page is paper) less :data:`PAPER_GRAIN`; on the
    sample the figures Tesseract reads rise from 280 to 298 of 312 on its table pages, with any
    white point from 215 to 225.
    """
    import numpy as np

    pixels = np.asarray(image.convert("L"))
    white = max(int(np.median(pixels)) - PAPER_GRAIN, _MIN_WHITE)
    stretched = np.minimum(pixels.astype(np.uint16) * 255 // white, 255).astype(np.uint8)
    from PIL import Image

    return Image.fromarray(stretched)


def without_rules(image: Any, scale: float = 1.0) -> tuple[Any, list[dict[str, Any]]]:
    """The page image with its ruled lines painted out, and those lines (in points: pixels / scale).

    Tesseract reads a table's rules as letters ('|', '[', 'l') glued to the cells' words; the
    table finder wants them as lines. A scanned rule is faint and broken (a thin grey line, a
    little skewed), so pieces of it are found first, joined where they continue one another, and
    a rule is what comes out longer than any letter's stroke: a twenty-fifth of the page's
    width, a thirtieth of its height.
    """
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image.convert("L"))
    ink = pixels < _RULE_INK
    height, width = pixels.shape
    piece = max(8, int(_RULE_PIECE_PT * scale))
    across = _rules(_in_runs(ink, piece), max(20, width // 25))
    down = _rules(_in_runs(ink.T, piece), max(20, height // 30))
    if not (across or down):
        return image, []
    cleaned = pixels.copy()
    for _, _, runs in across:
        for y, x0, x1 in runs:
            cleaned[max(0, y - 1) : y + 2, x0:x1] = 255
    for _, _, runs in down:
        for x, y0, y1 in runs:
            cleaned[y0:y1, max(0, x - 1) : x + 2] = 255
    lines = [_line(at, a, b, scale, across=True) for at, (a, b), _ in across]
    lines += [_line(at, a, b, scale, across=False) for at, (a, b), _ in down]
    return Image.fromarray(cleaned), lines


def _rules(mask: Any, length: int) -> list[tuple[float, tuple[int, int], list[tuple[int, int, int]]]]:
    """Horizontal runs of a mask joined into rules at least ``length`` long: ``(row, (start, end),
    runs)``, the row the rule's middle.

    A run that starts where another ends (or inside it, or a small gap after), a row or two away,
    continues it: the pixels of a skewed rule step from row to row along it.
    """
    import numpy as np

    runs: list[tuple[int, int, int]] = []
    for row in np.flatnonzero(mask.any(axis=1)).tolist():
        edges = np.flatnonzero(np.diff(np.concatenate([[0], mask[row].astype(np.int8), [0]]))).tolist()
        runs.extend((row, a, b) for a, b in zip(edges[::2], edges[1::2], strict=True))
    runs.sort(key=lambda r: (r[1], r[0]))
    open_rules: list[tuple[list[int], list[tuple[int, int, int]]]] = []  # [last row, start, end], runs
    for run in runs:
        y, a, b = run
        for head, members in reversed(open_rules):
            if abs(y - head[0]) <= _RULE_STEP and head[1] <= a <= head[2] + _RULE_BREAK:
                head[0], head[2] = y, max(b, head[2])
                members.append(run)
                break
        else:
            open_rules.append(([y, a, b], [run]))
    out = []
    for head, members in open_rules:
        if head[2] - head[1] >= length:
            middle = sum(r[0] * (r[2] - r[1]) for r in members) / sum(r[2] - r[1] for r in members)
            out.append((middle, (head[1], head[2]), members))
    return out


def _line(at: float, start: int, end: int, scale: float, *, across: bool) -> dict[str, Any]:
    """A pdfplumber line object."""
    at, a, b = at / scale, start / scale, end / scale
    if across:
        return {
            "object_type": "line",
            "x0": a,
            "x1": b,
            "top": at,
            "bottom": at,
            "width": b - a,
            "height": 0.0,
        }
    return {"object_type": "line", "x0": at, "x1": at, "top": a, "bottom": b, "width": 0.0, "height": b - a}


def _in_runs(dark: Any, length: int) -> Any:
    """Which pixels lie in a horizontal run of at least ``length`` dark pixels."""
    import numpy as np

    height, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    sums = np.concatenate([np.zeros((height, 1), np.int32), np.cumsum(dark, axis=1, dtype=np.int32)], axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length  # window starting at i is all dark
    starts = np.concatenate(
        [np.zeros((height, 1), np.int32), np.cumsum(full, axis=1, dtype=np.int32)], axis=1
    )
    j = np.arange(width)
    hi = np.minimum(j, full.shape[1] - 1) + 1
    lo = np.clip(j - length + 1, 0, full.shape[1])
    return (starts[:, hi] - starts[:, lo]) > 0


@dataclass(frozen=True)
class OcrLine:
    """One line as Tesseract's hOCR gives it, in pixels of the rendered page.

    ``row_height`` is Tesseract's ``x_size``: the height from its letters' descender line to their
    ascender line, which Tesseract fits to the whole line's glyphs. It is the same on a line of
    capitals and figures ("£'000") as on one with a "g" or a "y", where the ink box of either is
    not. ``baseline`` is where the line's letters stand, at the middle of the line.
    """

    row_height: float
    baseline: float
    words: tuple[OcrBox, ...]


@dataclass(frozen=True)
class OcrBox:
    text: str
    confidence: float  # 0-1
    left: int
    top: int
    right: int
    bottom: int


_BBOX_RE = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE_RE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_X_SIZE_RE = re.compile(r"x_size ([\d.]+)")
_WCONF_RE = re.compile(r"x_wconf (-?[\d.]+)")
# the hOCR classes of a line of text (Tesseract calls a line in a heading or a caption by its role)
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


def hocr_lines(hocr: bytes | str) -> list[OcrLine]:
    """The lines of Tesseract's hOCR output, in reading order.

    Raises:
        ValueError: the text is not hOCR (well-formed XHTML).
    """
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(hocr)
    except ElementTree.ParseError as exc:
        raise ValueError(f"not hOCR: {exc}") from None
    lines = []
    for element in root.iter():
        if element.get("class") not in _LINE_CLASSES:
            continue
        title = element.get("title", "")
        box = _bbox(title)
        if box is None:
            continue
        words = tuple(_box(w) for w in element.iter() if w.get("class") == "ocrx_word")
        if not words:
            continue
        x_size, baseline = _X_SIZE_RE.search(title), _BASELINE_RE.search(title)
        left, _, right, bottom = box
        # hOCR's baseline is "slope offset" from the box's bottom left corner
        slope, offset = (float(baseline[1]), float(baseline[2])) if baseline else (0.0, 0.0)
        lines.append(
            OcrLine(
                row_height=float(x_size[1]) if x_size else float(bottom - box[1]),
                baseline=bottom + offset + slope * (right - left) / 2,
                words=words,
            )
        )
    return lines


def _bbox(title: str) -> tuple[int, int, int, int] | None:
    found = _BBOX_RE.search(title)
    return (int(found[1]), int(found[2]), int(found[3]), int(found[4])) if found else None


def _box(element: Any) -> OcrBox:
    title = element.get("title", "")
    left, top, right, bottom = _bbox(title) or (0, 0, 0, 0)
    conf = _WCONF_RE.search(title)
    text = "".join(element.itertext()).strip()
    return OcrBox(text, float(conf[1]) / 100 if conf else 0.0, left, top, right, bottom)


def stroke_widths(image: Any, lines: Sequence[OcrLine]) -> list[list[float]]:
    """Each word box's mean run of ink across a row of pixels: the width of its strokes.

    Tesseract does not say which words are bold, and the layout needs it (a table's header and
    totals are set in bold). Bold strokes are wider: on the scanned sample at 300 dpi a word's
    mean run is 4.2-6.2 px in regular type and 6.6-8.5 px in bold.

    Returns:
        per line, per word, the mean run in pixels (0 for a word with no ink).
    """
    import numpy as np

    ink = np.asarray(image.convert("L")) < _DARK
    widths: list[list[float]] = []
    for line in lines:
        row: list[float] = []
        for w in line.words:
            box = ink[max(w.top, 0) : w.bottom, max(w.left, 0) : w.right]
            if not w.text or not box.size:
                row.append(0.0)
                continue
            edges = np.diff(np.pad(box.astype(np.int8), ((0, 0), (1, 1))), axis=1)
            runs = int((edges == 1).sum())
            row.append(float(box.sum()) / runs if runs else 0.0)
        widths.append(row)
    return widths


def words_from_lines(
    lines: Sequence[OcrLine], scale: float, strokes: Sequence[Sequence[float]] | None = None
) -> list[OcrWord]:
    """Tesseract's lines as words in PDF points, shaped like a text layer's.

    A text layer's word spans its font's ascent to descent around the baseline, and its size is
    the font's: the same for every word of a line, whatever letters it has. So here: a line's
    size is its row height over the share of the em that row height is in common fonts, and every
    word of the line spans one band set on the line's baseline. Tesseract's own word boxes are
    tight to the ink ("was" shorter than "Health"), and a line's ink box is taller or shorter by
    its descenders, which read as changes of font and broke paragraphs and table headers.

    Lines whose size is near the page's usual size get the usual size: the row height wavers by a
    pixel or two from line to line (38-42 px on the sample's 10pt table), and a size that changes
    from line to line would read as a change of font.
    """
    kept = [
        (i, [j for j, w in enumerate(line.words) if _kept(w.text, w.confidence)])
        for i, line in enumerate(lines)
    ]
    kept = [(i, members) for i, members in kept if members]
    sizes = {i: lines[i].row_height / scale / _ROW_HEIGHT_EM for i, _ in kept}
    usual = statistics.median(sizes.values()) if sizes else 0.0
    all_strokes = [strokes[i][j] for i, members in kept for j in members] if strokes else []
    stroke = statistics.median(all_strokes) if all_strokes else 0.0
    out: list[OcrWord] = []
    for i, members in kept:
        line = lines[i]
        size = sizes[i]
        size = round(usual if _SAME_SIZE[0] * usual <= size <= _SAME_SIZE[1] * usual else max(size, 1.0), 1)
        baseline = line.baseline / scale
        top, bottom = baseline - (1 - _DESCENT_EM) * size, baseline + _DESCENT_EM * size
        for j in members:
            box = line.words[j]
            word = Word(
                text=box.text,
                x0=box.left / scale,
                x1=box.right / scale,
                top=top,
                bottom=bottom,
                size=size,
                bold=strokes is not None and stroke > 0 and strokes[i][j] >= BOLD_STROKE * stroke,
            )
            out.append(OcrWord(word, box.confidence))
    return out


def _kept(text: str, confidence: float) -> bool:
    if not text or confidence < MIN_WORD_CONFIDENCE:
        return False
    return confidence >= MIN_MARK_CONFIDENCE or any(c.isalnum() for c in text)


# --------------------------------------------------------------------------- confidence onto blocks


def with_confidence(raw: RawDocument, words: dict[int, list[OcrWord]]) -> RawDocument:
    """Each block, table row and cell on an OCR'd page gets the lowest confidence of its words.

    Args:
        words: page number (1-based) -> the words OCR read there.
    """
    if not words:
        return raw
    return raw.model_copy(update={"blocks": [_block(b, words) for b in raw.blocks]})


def _lowest(words: Iterable[OcrWord], bbox: tuple[float, float, float, float] | None) -> float | None:
    if bbox is None:
        return None
    x0, top, x1, bottom = bbox
    inside = [
        w.confidence
        for w in words
        if x0 - 1 <= (w.word.x0 + w.word.x1) / 2 <= x1 + 1
        and top - 1 <= (w.word.top + w.word.bottom) / 2 <= bottom + 1
    ]
    return round(min(inside), 3) if inside else None


def _with(prov: Provenance, words: dict[int, list[OcrWord]]) -> Provenance:
    if prov.page not in words:
        return prov
    conf = _lowest(words[prov.page], prov.bbox)
    return prov.model_copy(update={"confidence": conf}) if conf is not None else prov


def _block(block: RawBlock, words: dict[int, list[OcrWord]]) -> RawBlock:
    prov = _with(block.provenance, words)
    if block.table is None:
        return block.model_copy(update={"provenance": prov})
    rows: list[RawRow] = []
    for row in block.table.rows:
        row_prov = _with(row.provenance, words)
        page_words = words.get(row_prov.page or -1, [])
        cells: list[RawCell] = [
            c.model_copy(update={"confidence": _lowest(page_words, c.bbox)}) if c.bbox and page_words else c
            for c in row.cells
        ]
        rows.append(row.model_copy(update={"provenance": row_prov, "cells": cells}))
    table = block.table.model_copy(update={"rows": rows})
    return block.model_copy(update={"provenance": prov, "table": table})
