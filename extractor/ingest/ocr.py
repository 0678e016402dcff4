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
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

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
# grey level below which a pixel is ink (0 black, 255 white)
_DARK = 128
# a line this much shorter or taller than the page's usual line is set in another size (a
# heading, a footnote); within it the difference is ascenders and descenders
_SAME_SIZE = (0.85, 1.2)
# glyphs that reach below the baseline, and how tall a line without them is against one with them
# (Arial and Helvetica: cap height 0.716 em over ascent plus descent 0.93 em)
_DESCENDERS = set("gjpqyQJ,;()[]{}|_@$")
_NO_DESCENDER_SHARE = 0.77


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
    import pytesseract

    # documents are read in parallel by worker processes already; Tesseract's own threads would
    # fight them for the same cores (Tesseract's FAQ advises one thread when running several)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[page_index]
        scale = RENDER_DPI / 72
        image, rules = without_rules(page.render(scale=scale, grayscale=True).to_pil(), scale)
        image = despeckled(image)
        page.close()
    finally:
        document.close()
    try:
        data = pytesseract.image_to_data(image, lang="eng", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:
        raise IngestError(
            pdf_path, f"OCR failed on page {page_index + 1} ({exc.message or exc.status})", _INSTALL
        ) from None
    return ScannedPage(words_from_data(data, scale, stroke_widths(image, data)), rules)


def despeckled(image: Any) -> Any:
    """The image with the specks of a scan (toner dots, paper grain) taken out by a 3x3 median.

    On the scanned sample the specks near a table's figures made Tesseract read a bold "94,292"
    as "sce" and "-6,276" at 29% confidence; after the median it reads every figure of the page,
    and words under 60% confidence fall from 20 to 3. Text strokes at 300 dpi are wider than the
    filter, so letters and decimal points stay.
    """
    from PIL import ImageFilter

    return image.filter(ImageFilter.MedianFilter(3))


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


def stroke_widths(image: Any, data: dict[str, list[Any]]) -> list[float]:
    """Each word box's mean run of ink across a row of pixels: the width of its strokes.

    Tesseract does not say which words are bold, and the layout needs it (a table's header and
    totals are set in bold). Bold strokes are wider: on the scanned sample at 300 dpi a word's
    mean run is 4.2-6.2 px in regular type and 6.6-8.5 px in bold.
    """
    import numpy as np

    ink = np.asarray(image.convert("L")) < _DARK
    widths: list[float] = []
    for i, text in enumerate(data["text"]):
        left, top = int(data["left"][i]), int(data["top"][i])
        box = ink[top : top + int(data["height"][i]), left : left + int(data["width"][i])]
        if not str(text).strip() or not box.size:
            widths.append(0.0)
            continue
        edges = np.diff(np.pad(box.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        runs = int((edges == 1).sum())
        widths.append(float(box.sum()) / runs if runs else 0.0)
    return widths


def words_from_data(
    data: dict[str, list[Any]], scale: float, strokes: list[float] | None = None
) -> list[OcrWord]:
    """Tesseract's word boxes (``image_to_data``) as words in PDF points.

    A word's size is its line's height: Tesseract boxes a word tightly (an 'a' is shorter than an
    'h'), while the layout reads gaps and line breaks in units of the font size. Lines of body
    text differ in height by their ascenders and descenders alone, so every line near the page's
    usual height gets that height: a size that changes from line to line would read as a change
    of font, and break paragraphs into headings.
    """
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if _kept(str(text).strip(), float(data["conf"][i]) / 100):
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            lines.setdefault(key, []).append(i)
    heights = {key: _line_height(data, members, scale) for key, members in lines.items()}
    usual = statistics.median(heights.values()) if heights else 0.0
    kept = [i for members in lines.values() for i in members]
    stroke = statistics.median(strokes[i] for i in kept) if strokes and kept else 0.0
    out: list[OcrWord] = []
    for key, members in lines.items():
        height = heights[key]
        size = round(
            usual if _SAME_SIZE[0] * usual <= height <= _SAME_SIZE[1] * usual else max(height, 1.0), 1
        )
        # every word of a line spans the line's band, as a PDF's characters span their font's
        # ascent to descent: Tesseract's tight boxes ("was" shorter than "Health") would let the
        # words of two close lines, or a header's staggered lines, mix in one line
        top = min(int(data["top"][i]) for i in members) / scale
        bottom = top + height
        for i in members:
            x0 = int(data["left"][i]) / scale
            word = Word(
                text=str(data["text"][i]).strip(),
                x0=x0,
                x1=x0 + int(data["width"][i]) / scale,
                top=top,
                bottom=bottom,
                size=size,
                bold=strokes is not None and stroke > 0 and strokes[i] >= BOLD_STROKE * stroke,
            )
            out.append(OcrWord(word, float(data["conf"][i]) / 100))
    return out


def _line_height(data: dict[str, list[Any]], members: list[int], scale: float) -> float:
    """A line's height from ascender to descender, in points, as if it had both: a line of
    capitals, figures and ascenders only ("£'000", "Contributions to Pool") stands about 0.77 as
    tall as one that reaches below the baseline, and would read as set in a smaller size."""
    top = min(int(data["top"][i]) for i in members)
    bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in members)
    height = (bottom - top) / scale
    text = "".join(str(data["text"][i]) for i in members)
    return height if any(c in _DESCENDERS for c in text) else height / _NO_DESCENDER_SHARE


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
