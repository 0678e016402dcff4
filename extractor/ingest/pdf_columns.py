"""Column geometry for unruled tables: segments, the x-ranges they cover, and where to cut them.

A *span* is a column's x-range. The functions here measure segments against spans (does one
overlap a column, run across a gap between two?), grow spans from rows, and re-cut segments where
a packed table leaves less than the usual gap between cells.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from ..nil import is_nil
from ..periods import is_period
from .pdf_tables import is_figure
from .pdf_words import Segment, TextLine, Word

Span = tuple[float, float]


def overlaps(seg: Segment | Span, span: Span, slack: float = 0.5) -> bool:
    """Do the two x-ranges share more than ``slack`` points (touching is not overlapping)?"""
    x0, x1 = (seg.x0, seg.x1) if isinstance(seg, Segment) else seg
    return x0 < span[1] - slack and x1 > span[0] + slack


def bridges_one(seg: Segment, spans: Sequence[Span]) -> bool:
    """Does the segment cover parts of two columns?"""
    return sum(1 for s in spans if overlaps(seg, s)) >= 2


def bridges(line: TextLine, spans: Sequence[Span]) -> bool:
    """Does a segment of the line run across a column gap (cover parts of two columns)? A figure
    does not count: it is one cell, so two columns it covers are one column (a header word set
    left and a dash set right under it, then a wide figure across both)."""
    return any(bridges_one(seg, spans) and not _is_cell_figure(seg.text) for seg in line.segments)


def _is_cell_figure(text: str) -> bool:
    return is_figure(text) and not is_period(text)


def merge_spans(spans: Sequence[Span], segments: Sequence[Segment]) -> list[Span]:
    """Widen the columns by a row's segments; a segment over two columns (a spanning cell) is
    left out rather than merging them, and one over none starts a new column."""
    out = sorted(spans)
    for seg in segments:
        hits = [k for k, s in enumerate(out) if overlaps(seg, s)]
        if len(hits) >= 2 and _is_cell_figure(seg.text):
            merged = (min(seg.x0, *(out[k][0] for k in hits)), max(seg.x1, *(out[k][1] for k in hits)))
            out = [s for k, s in enumerate(out) if k not in hits] + [merged]
            out.sort()
            continue
        if len(hits) >= 2:
            continue
        if hits:
            x0, x1 = out[hits[0]]
            out[hits[0]] = (min(x0, seg.x0), max(x1, seg.x1))
        else:
            out.append((seg.x0, seg.x1))
            out.sort()
    return out


def columns_of(region: Sequence[TextLine]) -> list[Span]:
    """Column x-ranges from the region's segments, bottom row first: body rows decide the columns,
    and a header cell spanning two of them ("2017/18" over "Plan | Actual") does not merge them."""
    spans: list[Span] = []
    for line in reversed(region):
        spans = merge_spans(spans, line.segments)
    return spans


def column_of(seg: Segment, cols: Sequence[Span]) -> int:
    """The column a segment overlaps most (the nearest one when it overlaps none)."""
    best, best_overlap = 0, -1.0
    for k, (x0, x1) in enumerate(cols):
        overlap = min(x1, seg.x1) - max(x0, seg.x0)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


def spanned(seg: Segment, cols: Sequence[Span]) -> list[int]:
    """The columns a segment lies over (the nearest one when it lies over none)."""
    hits = [k for k, s in enumerate(cols) if overlaps(seg, s)]
    return hits or [column_of(seg, cols)]


def names_columns(line: TextLine, cols: Sequence[Span], label: int = 0) -> bool:
    """Does the line put text over a column other than the label column?"""
    return any(k != label for seg in line.segments for k in spanned(seg, cols))


def label_column(lines: Sequence[TextLine], cols: Sequence[Span]) -> int:
    """The column of row labels: the one holding the most words that are not figures (usually the
    first; a budget statement may put it between its years)."""
    text = [0] * len(cols)
    for line in lines:
        for seg in line.segments:
            if not (is_figure(seg.text) or is_nil(seg.text)):
                text[column_of(seg, cols)] += len(seg.words)
    return max(range(len(cols)), key=lambda k: (text[k], -k)) if cols else 0


def resplit(line: TextLine, spans: Sequence[Span]) -> TextLine:
    """Cut a segment where a word starts exactly at a known column's left edge after a gap wider
    than a space (half an em): a label that runs close to the next column ("Joining up the
    information Development of ..."), which the plain gap rule leaves in one piece.
    """
    starts = [x0 for x0, _ in spans[1:]]
    if not starts or not any(bridges_one(seg, spans) for seg in line.segments):
        return line
    segments: list[Segment] = []
    for seg in line.segments:
        current: list[Word] = [seg.words[0]]
        for prev, word in pairwise(seg.words):
            if word.x0 - prev.x1 >= 0.5 * word.size and any(abs(word.x0 - x) <= 1.0 for x in starts):
                segments.append(Segment(tuple(current)))
                current = []
            current.append(word)
        segments.append(Segment(tuple(current)))
    return replace(line, segments=tuple(segments))


def cut_tight(lines: Sequence[TextLine]) -> list[TextLine]:
    """Cut segments where a packed table puts a figure a space away from its neighbour.

    Budget statements squeeze columns until "1,315,610.6 Revised Base" or "0.0 1,429,506.8" sit
    closer than the segment gap. The page itself shows the columns: figures that end at the same x
    on three or more lines (a right-aligned column), segments that start at the same x on three or
    more lines (a left-aligned one). A figure ending on such an edge, or a word starting on one next
    to a figure, is a cell boundary. Prose has no such figures, so its lines are left alone.
    """
    # right edges of figures, word by word: a figure glued to the label after it ("27,481.5 Contributions
    # to Reserves") still ends on its column's edge
    rights = Counter(round(w.x1) for ln in lines for w in ln.words if is_figure(w.text))
    lefts = Counter(round(seg.x0) for ln in lines if len(ln.segments) >= 2 for seg in ln.segments)
    strong_right = {x for x, n in rights.items() if n >= 3}
    strong_left = {x for x, n in lefts.items() if n >= 3}
    if not strong_right and not strong_left:
        return list(lines)

    def on(x: float, edges: set[int]) -> bool:
        return any(round(x) + d in edges for d in (-1, 0, 1))

    out: list[TextLine] = []
    for line in lines:
        segments: list[Segment] = []
        for seg in line.segments:
            current: list[Word] = [seg.words[0]]
            for prev, word in pairwise(seg.words):
                gap = word.x0 - prev.x1
                figure = is_figure(prev.text) or is_nil(prev.text)  # a dash stands in a figure's place
                if gap >= 0.15 * word.size and (
                    (figure and on(prev.x1, strong_right))
                    or (on(word.x0, strong_left) and (figure or is_figure(word.text)))
                ):
                    segments.append(Segment(tuple(current)))
                    current = []
                current.append(word)
            segments.append(Segment(tuple(current)))
        out.append(line if len(segments) == len(line.segments) else replace(line, segments=tuple(segments)))
    return out


def split_at_edges(line: TextLine, cols: Sequence[Span], edges: Sequence[Span]) -> TextLine:
    """Cut a header segment that runs over two columns where its words meet a cell's edge (a
    column's, or a header cell's below): bottom-aligned headers put "2024-25" (right-aligned over
    "Savings Target") a space away from "against original" (over Forecast), closer than the
    segment gap."""
    if not any(bridges_one(seg, cols) for seg in line.segments):
        return line
    segments: list[Segment] = []
    for seg in line.segments:
        current: list[Word] = [seg.words[0]]
        for prev, word in pairwise(seg.words):
            # the word before ends where a column ends (right-aligned), or the word after starts
            # where a column starts (left-aligned)
            aligned = any(abs(prev.x1 - x1) <= 2.0 or abs(word.x0 - x0) <= 2.0 for x0, x1 in edges)
            if bridges_one(seg, cols) and aligned:
                segments.append(Segment(tuple(current)))
                current = []
            current.append(word)
        segments.append(Segment(tuple(current)))
    return replace(line, segments=tuple(segments))


def split_header(header: Sequence[TextLine], cols: Sequence[Span]) -> list[TextLine]:
    """:func:`split_at_edges` over header lines, bottom line first (its cells guide the ones above)."""
    edges: list[Span] = list(cols)
    out: list[TextLine] = []
    for line in reversed(header):
        line = split_at_edges(line, cols, edges)
        edges.extend((seg.x0, seg.x1) for seg in line.segments if len(spanned(seg, cols)) == 1)
        out.insert(0, line)
    return out
