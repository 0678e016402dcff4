"""The character layer: each PDF page's words, ruling lines and images, read with pdfium.

pdfium (the PDF engine of Chrome, through pypdfium2) parses a page in C and hands over every
character with its box, font and text object, and every path with its points. Reading them costs
a few C calls per character, against the Python object pdfminer builds for each one and the dict
pdfplumber makes of that (two thirds of our time when pdfplumber read the characters).

The geometry is pdfplumber's, so the steps after this one read the same numbers: coordinates from
the top-left corner of the page as displayed (``/Rotate`` applied, y pointing down, from the
MediaBox's corner), a character's box from its font's descent to one em above it and as wide as
its advance, its size the height of that box, and ruling edges decomposed from paths the way
pdfminer and pdfplumber decompose them (a single segment is a line, an axis-aligned closed
four-point path a rectangle with four edges, anything else a curve whose straight steps are
edges). :func:`page_layers` is the one place page content comes from: the seam where another
source of words (OCR of a scanned page) can stand in.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedDocumentError, IngestError
from .pdf_words import BLANK, Char, Word, is_bold_font, words_from_chars


class Edge(NamedTuple):
    """A straight piece of a ruling line: horizontal (``"h"``) or vertical (``"v"``)."""

    x0: float
    top: float
    x1: float
    bottom: float
    orientation: str


@dataclass(frozen=True, slots=True)
class PageLayer:
    """What the later steps read of one page: its words, ruling edges and whether it has images."""

    number: int
    width: float
    height: float
    words: list[Word]
    edges: list[Edge]
    images: int
    chars: int  # characters in the text layer (spaces included, pdfium's inserted ones not)
    unmapped: int  # characters whose font has no Unicode for them: shown as "(cid:N)"


def _fast(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same C function with handles as plain integers: a call skips ctypes' pointer type
    checks, and a returned handle can key a dict. Used for the calls made once per character."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None  # pypdfium2 binds every function it exports
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_HANDLE, _INT = ctypes.c_void_p, ctypes.c_int
_char_box = _fast(pdfium_c.FPDFText_GetLooseCharBox, _INT, _HANDLE, _INT, ctypes.POINTER(pdfium_c.FS_RECTF))
_text_object = _fast(pdfium_c.FPDFText_GetTextObject, _HANDLE, _HANDLE, _INT)
_unicode = _fast(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _HANDLE, _INT)
_is_generated = _fast(pdfium_c.FPDFText_IsGenerated, _INT, _HANDLE, _INT)
_map_error = _fast(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _HANDLE, _INT)

# pdfium marks a hyphen it takes for a break at a line end with these code points; the page shows "-"
_HYPHEN_MARKS = {0x02, 0xFFFE}
# Bold is read from the font's name first ("Arial-BoldMT"): the sample and real papers' bold
# fonts all say so, while their descriptors give weight 400 and set ForceBold only sometimes. A
# font named only by a subset tag may still declare itself bold by either of these.
_FORCE_BOLD = 1 << 18  # PDF 1.7 table 123, flag 19
_BOLD_WEIGHT = 700
_GEOMETRY = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_TEXT)
# The page's rotation (clockwise, in quarter turns) as the linear part of pdfminer's display matrix
_ROTATIONS = {0: (1, 0, 0, 1), 1: (0, -1, 1, 0), 2: (-1, 0, 0, -1), 3: (0, 1, -1, 0)}


# pdfium is not thread-safe: one document is read at a time in a process (a Dask worker may run
# several task threads; the process pool and a one-thread Dask worker never wait on this).
_PDFIUM = threading.Lock()


@contextmanager
def opened(path: Path, data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document, open while the block runs, and only this thread in pdfium meanwhile.

    Raises:
        EncryptedDocumentError: the PDF needs a password (or a security handler pdfium lacks).
        IngestError: the file is not a readable PDF (truncated, corrupt).
    """
    with _PDFIUM:
        document = open_pdf(path, data)
        try:
            yield document
        finally:
            document.close()


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    """The document, or the error to report for a file pdfium cannot open (see :func:`opened`,
    which the readers use: it closes the document and keeps other threads out)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedDocumentError(
                path, "PDF is encrypted (password protected)", "save an unprotected copy"
            ) from None
        raise IngestError(
            path, "corrupt or truncated PDF (pdfium cannot parse it)", "re-download the file"
        ) from None


def metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    """The document information dictionary's standard entries that are set (Title, Author, ...)."""
    return {key: value for key, value in document.get_metadata_dict().items() if value}


def page_layers(path: Path, document: pdfium.PdfDocument) -> Iterator[PageLayer]:
    """Each page's layer in order; a page's parsed objects are freed before the next is read.

    Raises:
        IngestError: a page pdfium cannot load (a broken page tree).
    """
    for index in range(len(document)):
        try:
            page = document[index]
            try:
                layer = read_page(page, index + 1)
            finally:
                page.close()
        except pdfium.PdfiumError:
            raise IngestError(
                path, f"corrupt PDF (page {index + 1} cannot be read)", "re-save or re-download the file"
            ) from None
        yield layer


class _Frame(NamedTuple):
    """From PDF user space (y up) to the displayed page (y down, from its top-left corner)."""

    rotation: int  # quarter turns clockwise
    x0: float  # MediaBox
    y0: float
    x1: float
    y1: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x - self.x0, self.y1 - y
        if r == 1:
            return y - self.y0, x - self.x0
        if r == 2:
            return self.x1 - x, y - self.y0
        return self.y1 - y, self.x1 - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A user-space rectangle as display ``(x0, x1, top, bottom)``."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)

    def linear(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """A matrix's linear part as displayed (pdfminer puts the page rotation in its CTM)."""
        p, q, r, s = _ROTATIONS[self.rotation]
        return a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.x1 - self.x0, self.y1 - self.y0
        return (h, w) if self.rotation % 2 else (w, h)


def read_page(page: pdfium.PdfPage, number: int) -> PageLayer:
    """One page's words, ruling edges and images (see the module's notes for the geometry)."""
    frame, chars, edges, images, count, unmapped = _read(page)
    width, height = frame.size
    return PageLayer(number, width, height, words_from_chars(chars), edges, images, count, unmapped)


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """One page's characters, the blanks pdfium leaves out of its text after them, in the
    geometry of :func:`read_page` (for a caller that picks the characters inside a box first)."""
    return _read(page)[1]


def _read(page: pdfium.PdfPage) -> tuple[_Frame, list[Char], list[Edge], int, int, int]:
    x0, y0, x1, y1 = page.get_mediabox()
    frame = _Frame(
        pdfium_c.FPDFPage_GetRotation(page.raw) % 4, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    )
    textpage = page.get_textpage()
    try:
        edges: list[Edge] = []
        blanks: list[Char] = []
        images = _walk_objects(page, frame, edges, blanks)
        chars, count, unmapped = _page_chars(textpage, frame)
    finally:
        textpage.close()
    return frame, chars + blanks, edges, images, count, unmapped


# ------------------------------------------------------------------------------------------- text


class _Style(NamedTuple):
    """What the characters of one text object share."""

    bold: bool
    upright: bool
    size: float  # the font size as displayed: pdfminer's character height
    # (top, bottom) when every character of the object sits on one level baseline (upright,
    # unskewed): pdfminer's box, from the font's descent to one em above it
    level: tuple[float, float] | None


def _page_chars(textpage: pdfium.PdfTextPage, frame: _Frame) -> tuple[list[Char], int, int]:
    """The page's characters in drawing order, with the number of characters and of unmapped ones.

    The loop makes three C calls a character (code point, box, text object); what a character
    shares with its text object (font, size, baseline) is read once per object.
    """
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    styles: dict[int | None, _Style] = {}
    chars: list[Char] = []
    append = chars.append
    unicode, char_box, text_object, map_error = _unicode, _char_box, _text_object, _map_error
    count = unmapped = 0
    last_object: int | None = -1
    style = _Style(False, True, 0.0, None)
    level_only = frame.rotation == 0
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        code = unicode(handle, index)
        text = "-" if code in _HYPHEN_MARKS else chr(code)
        if text.isspace() and _is_generated(handle, index):
            if text == " " and chars:
                # pdfium saw a word gap where the PDF has no space character (its spaces are
                # drawn by positioning alone): a space where the previous character ends splits
                # the word there; a line break needs nothing, lines are found by geometry
                append((*chars[-1][:4], " ", chars[-1][5], False, 0.0))
            continue
        count += 1
        if map_error(handle, index):
            unmapped += 1
            text = f"(cid:{code})"  # what pdfminer shows for a glyph its font maps to no text
        char_box(handle, index, rect_ref)
        obj = text_object(handle, index)
        if obj != last_object:
            last_object = obj
            found = styles.get(obj)
            if found is None:
                found = styles[obj] = _style(textpage, index, frame)
            style = found
        if style.level is not None:
            if level_only:
                x0, x1 = rect.left - frame.x0, rect.right - frame.x0
            else:
                x0, x1, _, _ = frame.box(rect.left, rect.bottom, rect.right, rect.top)
            top, bottom = style.level
            size = style.size
        else:
            x0, x1, top, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
            size = style.size if style.upright else bottom - top
        append((x0, x1, top, bottom, text, style.upright, style.bold, size))
    return chars, count, unmapped


def _style(textpage: pdfium.PdfTextPage, index: int, frame: _Frame) -> _Style:
    """The style of the text object character ``index`` belongs to."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
    a, b, c, d = frame.linear(matrix.a, matrix.b, matrix.c, matrix.d)
    upright = a * d > 0 and b * c <= 0  # pdfminer's test, on the matrix as displayed
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * abs(d) if upright else 0.0
    level = None
    if upright and b == 0 and size > 0:
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        _, baseline = frame.point(x.value, y.value)
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
        descent = _font_descent(pdfium_c.FPDFTextObj_GetFont(obj))
        level = (baseline - (descent + 1) * size, baseline - descent * size)
    name, flags = _font_info(textpage, index)
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    bold = is_bold_font(name) or bool(flags & _FORCE_BOLD) or weight >= _BOLD_WEIGHT
    return _Style(bold, upright, size, level)


def _font_info(textpage: pdfium.PdfTextPage, index: int) -> tuple[str, int]:
    """The font's base name ("ABCDEF+Arial-BoldMT") and its descriptor's flags."""
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, None, 0, ctypes.byref(flags))
    if not length:
        return "", 0
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, length, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace"), flags.value


def _font_descent(font: Any) -> float:
    """The font's descent in em (negative below the baseline), as its descriptor gives it."""
    value = ctypes.c_float()
    if not font or not pdfium_c.FPDFFont_GetDescent(font, 1.0, ctypes.byref(value)):
        return 0.0
    return float(value.value)


# ---------------------------------------------------------------------------- paths and images


def _walk_objects(page: pdfium.PdfPage, frame: _Frame, edges: list[Edge], blanks: list[Char]) -> int:
    """Ruling edges of every path (inside forms too) into ``edges``, and the spaces pdfium leaves
    out of its text into ``blanks``; returns the number of images."""
    images = 0
    matrix = pdfium_c.FS_MATRIX()
    stack: list[tuple[Any, int, tuple[float, ...]]] = [(page.raw, -1, (1, 0, 0, 1, 0, 0))]
    while stack:
        parent, kind, outer = stack.pop()
        if kind == -1:
            count = pdfium_c.FPDFPage_CountObjects(parent)
            children = (pdfium_c.FPDFPage_GetObject(parent, i) for i in range(count))
        else:
            count = pdfium_c.FPDFFormObj_CountObjects(parent)
            children = (pdfium_c.FPDFFormObj_GetObject(parent, i) for i in range(count))
        for obj in children:
            kind_of = pdfium_c.FPDFPageObj_GetType(obj)
            if kind_of == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind_of in _GEOMETRY:
                if kind_of == pdfium_c.FPDF_PAGEOBJ_TEXT and not _blank_object(obj):
                    continue
                pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
                m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                if kind_of == pdfium_c.FPDF_PAGEOBJ_FORM:
                    stack.append((obj, 0, m))
                elif kind_of == pdfium_c.FPDF_PAGEOBJ_TEXT:
                    blanks.extend(_blank(obj, m, frame))
                else:
                    for points in _subpaths(obj, m, frame):
                        edges.extend(_path_edges(points))
    return images


def _blank_object(obj: Any) -> bool:
    """Has the text object no ink (pdfium leaves such objects out of the page's text)?"""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    return bool(pdfium_c.FPDFPageObj_GetBounds(obj, *refs)) and abs(right.value - left.value) < 0.01


def _blank(obj: Any, m: tuple[float, ...], frame: _Frame) -> list[Char]:
    """A space drawn as a text object of its own (a Word export often sets spaces in another font
    subset): pdfium leaves ink-less objects out of its text, but pdfplumber splits words at them
    ("6.1 Option", whose space overlaps the "O"), so each is put back as a blank at the object's
    origin. (pdfium gives no text for an object it left out; no ink means blank.)"""
    a, b, c, d = frame.linear(*m[:4])
    if not (a * d > 0 and b * c <= 0):
        return []  # not upright: nothing to split at
    font_size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(font_size))
    size = font_size.value * abs(d)
    e, f = m[4], m[5]
    x, baseline = frame.point(e, f)
    descent = _font_descent(pdfium_c.FPDFTextObj_GetFont(obj))
    top, bottom = baseline - (descent + 1) * size, baseline - descent * size
    return [(x, x + 0.25 * size, top, bottom, BLANK, True, False, size)]


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """``inner`` then ``outer`` (PDF matrices, row-vector convention)."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _subpaths(obj: Any, m: tuple[float, ...], frame: _Frame) -> Iterator[list[tuple[str, float, float]]]:
    """A path's subpaths as pdfminer records them: ``("m" | "l" | "c" | "h", x, y)`` in display
    coordinates; a Bézier segment is its end point only and a closed subpath ends in ``h`` at its
    start."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[str, float, float]] = []
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        px, py = frame.point(x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if current:
                yield current
            current = [("m", px, py)]
            bezier = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # a control point
            current.append(("c", px, py))
        else:
            bezier = 0
            current.append(("l", px, py))
        if current and pdfium_c.FPDFPathSegment_GetClose(segment):
            current.append(("h", current[0][1], current[0][2]))
    if current:
        yield current


def _path_edges(path: list[tuple[str, float, float]]) -> list[Edge]:
    """pdfminer's reading of one subpath (``converter.paint_path``) turned into pdfplumber's edges
    (``Page.edges``: a line's own edge, a rectangle's four, a curve's straight steps)."""
    shape = "".join(p[0] for p in path)
    pts = [(p[1], p[2]) for p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant "l" back to the start of a closed path
        pts.pop(-2)
    if shape in ("ml", "mlh"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        return [Edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), "h" if ay == by else "v")]
    if shape in ("mlllh", "mllll"):
        (ax, ay), (bx, by), (cx, cy), (dx, dy), end = pts
        square = (ax == bx and by == cy and cx == dx and dy == ay) or (
            ay == by and bx == cx and cy == dy and dx == ax
        )
        if end == pts[0] and square:
            left, right, top, bottom = min(ax, cx), max(ax, cx), min(ay, cy), max(ay, cy)
            return [
                Edge(left, top, right, top, "h"),
                Edge(left, bottom, right, bottom, "h"),
                Edge(left, top, left, bottom, "v"),
                Edge(right, top, right, bottom, "v"),
            ]
    edges = []
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        if ax == bx or ay == by:
            orientation = "v" if ax == bx else "h"
            edges.append(Edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), orientation))
    return edges
