"""Unruled tables: columns rebuilt from where the words sit.

A table without ruling lines is still a grid to the eye: its rows are lines cut into *segments* by
wide gaps (:mod:`.pdf_words`), and the segments of its rows line up in columns with white space
between them. Finding one takes four small steps, each feeding the next:

1. ``_grow``: from a line with two or more segments, take the lines below while none of them runs
   across a column gap (prose does) and the spacing stays that of a table;
2. :func:`~.pdf_columns.columns_of`: the columns are the x-ranges the segments cover, read from
   the bottom up so body rows decide them and a header cell spanning two columns ("2017/18" over
   "Plan | Actual") does not merge them;
3. ``_header_start``: header lines above the body (column names wrapped over two or three lines,
   right-aligned over their figures, then a units line such as ``£'000``) are taken while they are
   close and sit in the columns;
4. :func:`~.pdf_rows.build_table`: header rows and body rows (a label wrapped over two lines is
   one row), each column's text joined with :func:`~.pdf_words.join_lines`.

A table that ended the previous page may go on at the top of this one with a single row and no
header (``_carried``). Packed tables whose cells sit closer than the segment gap are re-cut first
(:func:`~.pdf_columns.cut_tight`).

The models are doc 000's Appendix 4 (pooled budget contributions), the label/description tables of
narrative plans and the budget statements of the Kent papers in ``corpus/real``; the tests in
``tests/test_pdf_ingest.py`` build the first two shapes.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import regex as re

from .pdf_columns import (
    Span,
    bridges,
    column_of,
    columns_of,
    cut_tight,
    label_column,
    merge_spans,
    names_columns,
    overlaps,
    resplit,
    spanned,
    split_at_edges,
)
from .pdf_rows import build_table, has_value
from .pdf_tables import PlacedTable, is_figure
from .pdf_words import Segment, TextLine, is_list_marker

_SENTENCE_END_RE = re.compile(r"[.;!?]['\"”’)]*$")


def word_tables(
    lines: Sequence[TextLine], number: int, carry: Sequence[Span] = (), carry_header: str = ""
) -> list[tuple[int, int, PlacedTable]]:
    """Find unruled tables among a page's lines (ruled tables already taken out).

    Args:
        lines: the page's lines, top to bottom.
        number: the page number, for provenance.
        carry: the columns of an unruled table that ended the previous page; lines at the top of
            this page that sit in those columns carry it on (even a single row, with no header).
        carry_header: that table's header text, to recognise it when it is repeated.

    Returns:
        ``(first, end, table)`` for each table: ``lines[first:end]`` are its lines (header
        included), in page order.
    """
    lines = cut_tight(lines)  # lines may also be re-cut at column edges later (see resplit)
    found: list[tuple[int, int, PlacedTable]] = []
    floor = i = 0
    if carry:
        end = _carried(lines, carry)
        table = build_table(lines[:end], 0, carry, number, carried=carry_header) if end else None
        if table is not None:
            found.append((0, end, table))
            floor = i = end
    while i < len(lines):
        if not _is_multi(lines[i]):
            i += 1
            continue
        end = _grow(lines, i)
        end = _second_header(lines, i, end)
        cols = columns_of(lines[i:end])
        if not _is_table(lines[i:end], cols):
            i += 1
            continue
        start = _header_start(lines, i, floor, cols)
        table = build_table(lines[start:end], i - start, cols, number)
        if table is None:
            i += 1
            continue
        found.append((start, end, table))
        floor = i = end
    return found


def _carried(lines: list[TextLine], cols: Sequence[Span]) -> int:
    """How many lines at the top of a page sit in a carried-over table's columns.

    As in :func:`_grow`, a lone line in another size (a group heading) is taken only when rows
    follow it.
    """
    x0, x1 = cols[0][0], cols[-1][1]
    end = 0
    multi = False
    size = None
    gaps: list[float] = []  # between the lines taken so far
    for j in range(len(lines)):
        if len(lines[j].segments) == 1 and bridges(lines[j], cols):
            break  # one phrase across the columns: a title or a sentence, not a row carried over
        line = lines[j] = resplit(lines[j], cols)
        limit = (2.5 if any(has_value(ln, cols) for ln in lines[:j]) else 4.0) * line.size
        if j and line.top - lines[j - 1].bottom > limit:
            break
        if line.x0 < x0 - line.size or line.x1 > x1 + 2 * line.size or bridges(line, cols):
            break
        spread = len({column_of(seg, cols) for seg in line.segments})
        if spread < 2 and is_list_marker(line.segments[0].text):
            break
        if spread >= 2:
            if size is not None and abs(line.size - size) > 1.5:
                break
            size = line.size
            multi = True
            end = j + 1
        elif end == j and (size is None or abs(line.size - size) <= 1.5):
            # a lone line in the body's size, right after a row (a wrapped label, a group row),
            # unless it is a sentence or set off by a paragraph gap: the text after the table
            gap = line.top - lines[j - 1].bottom if j else 0.0
            if _SENTENCE_END_RE.search(line.text) and len(line.words) > 8:
                break
            row_gap = statistics.median(gaps) if gaps else 0.2 * line.size
            if gap <= 1.5 * row_gap + 0.3 * line.size:
                end = j + 1
        if j and end == j + 1:
            gaps.append(line.top - lines[j - 1].bottom)
    return end if multi else 0


def _is_multi(line: TextLine) -> bool:
    """Two or more segments, and not a paragraph number or bullet before its text (however the
    justified text after it is spaced). A first figure that looks like a paragraph number ("0.0",
    "2.5") followed by more figures is a row of a table, not a numbered paragraph."""
    segs = line.segments
    if len(segs) < 2:
        return False
    if not is_list_marker(segs[0].text):
        return True
    return len(segs) >= 3 and (len(segs[1].words) < 6 or sum(is_figure(s.text) for s in segs[1:]) >= 2)


def _sentence(seg: Segment) -> bool:
    """A whole sentence in one segment is prose that happens to sit beside a gap."""
    return len(seg.words) >= 6 and bool(_SENTENCE_END_RE.search(seg.text))


def _grow(lines: list[TextLine], i: int) -> int:
    """The end (exclusive) of the run of table-like lines that starts at ``lines[i]``.

    Lines with two or more segments carry the table on while none runs across a column gap. A
    lone line (one segment) is a group row or a wrapped cell when more rows follow it, even set
    larger (a directorate's name over its services in a budget statement); after the last row,
    lone lines stay only at the table's own size and row spacing (the label-only rows of a list
    of schemes under a subtotal), not after a paragraph gap.
    """
    spans = merge_spans([], lines[i].segments)
    size = lines[i].size
    last = lines[i]
    gaps: list[float] = []
    end = i + 1
    pending: list[tuple[float, float]] = []  # (gap above, size) of lone lines after the last row
    j = i + 1
    while j < len(lines):
        line = lines[j] = resplit(lines[j], spans)
        gap = line.top - last.bottom
        # a table's rows are never further apart than a blank line or two (a little more between
        # the column names and the first row, where tables often leave an empty row)
        limit = (2.5 if any(has_value(ln, spans) for ln in lines[i:j]) else 4.0) * size
        if gap > limit and gap <= _SECTION_GAP * size and _section_follows(lines, j, spans, size):
            pass  # a blank space before the next section of the same table
        elif gap > limit or gap < -0.5 * size or bridges(line, spans):
            break
        if _is_multi(line):
            if abs(line.size - size) > 1.5:
                break  # a row in another size is another table (or a footnote)
            end = j + 1
            pending = []
        else:
            if is_list_marker(line.segments[0].text) or len(pending) >= 8:
                break
            if _SENTENCE_END_RE.search(line.text) and len(line.words) > 8:
                break
            pending.append((gap, line.size))
        spans = merge_spans(spans, line.segments)
        gaps.append(gap)
        last = line
        j += 1
    if pending and gaps:
        row_gap = statistics.median(gaps)
        for gap, line_size in pending:
            if gap > 1.5 * row_gap + 0.3 * size or abs(line_size - size) > 1.5:
                break
            end += 1
    return end


# Budget statements leave up to about four blank lines between a section's last row and the next
# section's heading; the rows after it sit in the same columns.
_SECTION_GAP = 6.0


def _section_follows(
    lines: list[TextLine], j: int, spans: Sequence[tuple[float, float]], size: float
) -> bool:
    """After a wide gap, does the table go on: a heading line, or none, then a row in the same columns
    (two or more cells, each in a column already seen, none across a column gap)?"""
    for k in range(j, min(len(lines), j + 3)):
        line = lines[k]
        if abs(line.size - size) > 1.5 or bridges(line, spans):
            return False
        if _is_multi(line):
            known = sum(1 for seg in line.segments if any(overlaps(seg, sp) for sp in spans))
            return known == len(line.segments) and known >= 2
        if k > j and line.top - lines[k - 1].bottom > 2.5 * size:
            return False
    return False


def _second_header(lines: list[TextLine], i: int, end: int) -> int:
    """Where a second table starts inside a run of table-like lines: after rows of figures, a line
    that names figure columns without figures of its own ("Balance April 2017 | Movement for Year |
    Balance March 2018") and is followed by rows of figures is the next table's header; it and a
    title line right above it ("Reserve Movements") belong to the next table."""
    region = lines[i:end]
    cols = columns_of(region)
    if len(cols) < 3:
        return end
    valued = [ln for ln in region if has_value(ln, cols)]
    if len(valued) < 2:
        return end
    figure_cols: dict[int, int] = {}
    for ln in valued:
        for seg in ln.segments:
            if is_figure(seg.text):
                k = column_of(seg, cols)
                figure_cols[k] = figure_cols.get(k, 0) + 1
    figure_set = {k for k, n in figure_cols.items() if n * 2 >= len(valued)}
    # the run of lines without figures between two rows of figures: if one of them names figure
    # columns, the run (from its title line, if any, or that line) starts the next table
    last_value = None
    rows_above = 0  # one figure in a header block ("Precept @ £1,691.19") is not a table's rows
    for k in range(i, end):
        if has_value(lines[k], cols):
            if last_value is not None and k - last_value > 1 and rows_above >= 2:
                block = range(last_value + 1, k)
                named = next((m for m in block if _names_figure_columns(lines[m], cols, figure_set)), None)
                if named is not None:
                    first = named
                    while first - 1 > last_value and len(lines[first - 1].segments) == 1:
                        first -= 1  # a title over it ("Reserve Movements")
                    return first
            last_value = k
            rows_above += 1
    return end


def _names_figure_columns(line: TextLine, cols: Sequence[Span], figure_set: set[int]) -> bool:
    """Column names over two or more figure columns, and no figures."""
    over = {column_of(seg, cols) for seg in line.segments}
    return (
        len(line.segments) >= 2
        and len(over & figure_set) >= 2
        and not any(is_figure(seg.text) for seg in line.segments)
    )


def _is_table(region: Sequence[TextLine], cols: Sequence[Span]) -> bool:
    """At least two lines put text in two or more of the same columns."""
    if len(cols) < 2:
        return False
    multi = [ln for ln in region if _is_multi(ln)]
    if len(multi) < 2:
        return False
    shared = 0
    for line in multi:
        used = {column_of(seg, cols) for seg in line.segments}
        if len(used) >= 2 and not any(_sentence(seg) for seg in line.segments):
            shared += 1
    return shared >= 2


def _header_start(lines: list[TextLine], i: int, floor: int, cols: Sequence[Span]) -> int:
    """Walk up from the body's first line over header lines; return the first one's index."""
    body = lines[i]
    below = body
    start = i
    label = label_column(lines[i : i + 12], cols)
    # does a header line below already name a figure column? (the region may open with one)
    named = names_columns(body, cols, label) and not has_value(body, cols)
    j = i - 1
    edges: list[Span] = list(cols)  # where header cells end: the columns, then the header's own cells
    while j >= floor and i - j <= 6:
        if _crosses_label(lines[j], cols, label):
            break  # a title across the table ("for the year ended 31 March 2018"), before any cutting
        line = lines[j] = split_at_edges(lines[j], cols, edges)
        gap = below.top - line.bottom
        # the header sits close over the body (at most a blank line), its own lines closer still
        limit = (2.5 if below is body else 1.2) * body.size
        if gap > limit or gap < -0.5 * body.size or line.size > body.size + 1.5:
            break
        if is_list_marker(line.segments[0].text) or _crosses_label(line, cols, label):
            break
        if not names_columns(line, cols, label):
            # a line only over the label column is a title, if a column-name line is below it
            if not named or _SENTENCE_END_RE.search(line.text) or gap > 0.8 * body.size:
                break
        else:
            named = True
        edges.extend((seg.x0, seg.x1) for seg in line.segments if len(spanned(seg, cols)) == 1)
        start = j
        below = line
        j -= 1
    return start


def _crosses_label(line: TextLine, cols: Sequence[Span], label: int = 0) -> bool:
    """A segment over the label column and a figure column is prose, not a header cell."""
    return any(label in (hit := spanned(seg, cols)) and len(hit) > 1 for seg in line.segments)
