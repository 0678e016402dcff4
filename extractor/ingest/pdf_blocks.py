"""A PDF page's lines and tables to blocks: paragraphs by geometry, headings by typography.

Lines become paragraphs where the page shows a break: a wider gap, a change of font, a short last
line (the next word would have fitted), a bullet or paragraph number, an indent. A paragraph cut by
a page break is joined again, past any footnotes; a table carried on to the next page without its
header gets the header again. Each paragraph then goes through the text reader (numbering, list
items, heading wording, the flattened-table fallback), and its block gets page, bbox and
typography; short bold or large blocks are heading candidates.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import regex as re

from ..models import BlockKind, Issue, Provenance, RawBlock, TextStyle
from .pdf_tables import PlacedTable
from .pdf_words import BULLETS, TextLine, Word, dominant_style, is_list_marker, soft_wrap
from .pdf_wordtables import word_tables
from .text import Line, read_blocks

_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’)]*$")
_BULLET_GLYPHS = set(BULLETS)


@dataclass
class Para:
    """Lines read as one paragraph (possibly across a page break)."""

    lines: list[tuple[int, TextLine]] = field(default_factory=list)  # (page, line)
    alone: bool = False  # a table-like line: kept on its own for the flattened-table reader
    right: float = 0.0  # the right margin of the page the paragraph ends on

    @property
    def indent(self) -> float:
        """Where the paragraph's text lines start (after a bullet or number, on its first line)."""
        first = self.lines[0][1]
        if len(self.lines) > 1:
            return self.lines[-1][1].x0
        if len(first.words) > 1 and (_starts_item(first) or first.words[0].text in _BULLET_GLYPHS):
            return first.words[1].x0
        return first.x0

    @property
    def text(self) -> str:
        out = ""
        for _, line in self.lines:
            text = line.text
            if not out:
                out = text
            elif re.search(r"\p{L}-$", out) and text[:1].islower():
                out += text  # "in-" + "patient": a hyphen at a wrap joins the word
            else:
                out += " " + text
        return out


def layout_issue(step: str, page: int, exc: Exception) -> Issue:
    return Issue(
        code="layout_failed",
        message=f"finding {step} failed on this page ({type(exc).__name__}: {exc}); "
        "its text is kept as paragraphs",
        provenance=Provenance(page=page),
    )


def layout_page(
    number: int,
    lines: Sequence[TextLine],
    ruled: Sequence[PlacedTable],
    issues: list[Issue],
    carry: Sequence[tuple[float, float]] = (),
    carry_header: str = "",
) -> list[Para | PlacedTable]:
    """A page's lines and tables, in reading order, with lines grouped into paragraphs.

    Args:
        number: the page number.
        lines: the page's lines outside ruled tables, running headers and footers removed.
        ruled: the page's ruled tables.
        issues: where a page whose table finding failed is reported.
        carry: the columns of an unruled table that ended the previous page (and
            ``carry_header`` its header text), so that it can go on at the top of this one.
    """
    if ruled and lines and ruled[0].bbox[1] < lines[0].top:
        carry = ()  # the page opens with a ruled table: whatever ended the last page is over
    try:
        found = word_tables(lines, number, carry, carry_header)
    except Exception as exc:  # noqa: BLE001 - the page is still read, as plain text
        found = []
        issues.append(layout_issue("unruled tables", number, exc))
    taken: dict[int, PlacedTable] = {}
    skip: set[int] = set()
    for start, end, table in found:
        taken[start] = table
        skip.update(range(start, end))
    # tables and lines interleave by their top edge
    events: list[tuple[float, int, TextLine | PlacedTable]] = []
    for i, line in enumerate(lines):
        if i in taken:
            events.append((taken[i].bbox[1], 0, taken[i]))
        if i not in skip:
            events.append((line.top, 1, line))
    events.extend((t.bbox[1], 0, t) for t in ruled)
    events.sort(key=lambda e: (e[0], e[1]))
    right = _right_margin(lines)
    gap = _line_gap(lines)
    items: list[Para | PlacedTable] = []
    for _, _, thing in events:
        if isinstance(thing, PlacedTable):
            items.append(thing)
            continue
        last = items[-1] if items else None
        if (
            isinstance(last, Para)
            and not last.alone
            and not _breaks(last, thing, right, gap)
            and not _table_like(thing)
        ):
            last.lines.append((number, thing))
        else:
            items.append(Para([(number, thing)], alone=_table_like(thing), right=right))
    return items


def _right_margin(lines: Sequence[TextLine]) -> float:
    """Where the page's text wraps: the right edge of its full lines."""
    full = sorted(ln.x1 for ln in lines if len(ln.words) >= 6)
    if not full:
        return max((ln.x1 for ln in lines), default=0.0)
    return full[int(len(full) * 0.9)] if len(full) >= 10 else full[-1]


def _line_gap(lines: Sequence[TextLine]) -> float:
    """The usual gap between two lines of one paragraph (most consecutive lines are such)."""
    gaps = [
        b.top - a.bottom
        for a, b in pairwise(lines)
        if abs(a.size - b.size) < 0.6 and -1 < b.top - a.bottom < 1.5 * a.size
    ]
    return statistics.median(gaps) if len(gaps) >= 3 else 0.2 * (lines[0].size if lines else 10.0)


def _table_like(line: TextLine) -> bool:
    """A line of label and figures that no table took: kept alone for the text path's table reader."""
    segs = line.segments
    return (
        len(segs) >= 2
        and not is_list_marker(segs[0].text)
        and bool(re.search(r"\d", segs[-1].text))
        and len(segs[-1].words) <= 2
    )


def _starts_item(line: TextLine) -> bool:
    first = line.words[0].text
    if first in _BULLET_GLYPHS:
        return True
    return is_list_marker(first) and (len(line.segments) > 1 and line.segments[0].words[-1] is line.words[0])


_RUNS_ON_RE = re.compile(
    r"(?i)\b(?:the|a|an|of|to|and|or|is|are|was|were|in|on|at|by|for|with|from|than|its|their|our)$"
)


def _breaks(para: Para, line: TextLine, right: float, usual_gap: float) -> bool:
    """Does ``line`` start a new paragraph after ``para``?"""
    prev = para.lines[-1][1]
    size = max(prev.size, line.size)
    if line.top - prev.bottom > usual_gap + 0.35 * size or line.top < prev.top:
        return True  # a paragraph gap (or a new column)
    if abs(prev.size - line.size) >= 0.6 or prev.bold != line.bold:
        return True  # a change of font: a heading and its text
    if line.words[0].text in _BULLET_GLYPHS or _starts_item(line):
        return True
    if is_list_marker(line.words[0].text) and _SENTENCE_END_RE.search(prev.text):
        return True
    if not soft_wrap(prev.words, line.words, right) and not _RUNS_ON_RE.search(prev.text):
        # the line above stopped short: the writer ended the paragraph, unless it stopped on a word
        # no sentence ends on ("... and the median is" / "15.46%, both in favour ...": a word
        # processor keeps what a no-break space joins on the next line)
        return True
    first = para.lines[0][1]
    hanging = _starts_item(first) and len(first.segments) > 1 and abs(line.x0 - first.segments[1].x0) < 2
    if line.x0 > prev.x0 + 1.5 * size and not hanging:
        return True  # an indented first line
    return len(para.lines) >= 2 and line.x0 < prev.x0 - 1.5 * size


def append_page(
    items: list[Para | PlacedTable], page_items: list[Para | PlacedTable], body_size: float
) -> None:
    """Add a page's items, mending what the page break cut.

    A paragraph cut in two is joined again; footnotes (smaller than the body text) may sit
    between the halves, and the joined paragraph goes before them. A table carried on from the
    previous page without its header gets the header again (see :func:`_carry_header`).
    """
    if items and page_items:
        k = len(items) - 1
        while k > 0 and isinstance(items[k], Para) and _is_footnote(items[k], body_size):  # type: ignore[arg-type]
            k -= 1
        last, first = items[k], page_items[0]
        if isinstance(last, Para) and isinstance(first, Para) and _continues(last, first):
            last.lines.extend(first.lines)
            page_items = page_items[1:]
        elif isinstance(last, PlacedTable) and isinstance(first, PlacedTable) and k == len(items) - 1:
            page_items = [_carry_header(last, first), *page_items[1:]]
    items.extend(page_items)


def _carry_header(prev: PlacedTable, nxt: PlacedTable) -> PlacedTable:
    """A table that goes on at the top of the next page, in the same columns, without a header of
    its own, is the same table: it gets a copy of the header rows (their provenance still points at
    the page they are on), so it reads on its own and the table reader can join the parts.
    """
    if (
        prev.header_rows == 0
        or nxt.header_rows > 0
        or not prev.columns
        or len(prev.columns) != len(nxt.columns)
    ):
        return nxt
    for (a0, a1), (b0, b1) in zip(prev.columns, nxt.columns, strict=True):
        if min(a1, b1) - max(a0, b0) < 0.5 * min(a1 - a0, b1 - b0):
            return nxt
    head = prev.table.rows[: prev.header_rows]
    words = {w for r in head for c in r.cells for w in c.text.lower().split()}
    first = {w for c in nxt.table.rows[0].cells for w in c.text.lower().split()}
    if first <= words:
        return nxt  # the header is repeated already (perhaps in part)
    table = nxt.table.model_copy(update={"rows": [*head, *nxt.table.rows], "header_rows": len(head)})
    return replace(nxt, table=table, header_rows=len(head))


def _is_footnote(para: Para, body_size: float) -> bool:
    return all(line.size <= body_size - 1.0 for _, line in para.lines)


def _continues(last: Para, first: Para) -> bool:
    if last.alone or first.alone:
        return False
    prev = last.lines[-1][1]
    line = first.lines[0][1]
    if _SENTENCE_END_RE.search(prev.text) or prev.bold != line.bold or abs(prev.size - line.size) >= 0.6:
        return False
    if line.words[0].text in _BULLET_GLYPHS or _starts_item(line):
        return False
    # the sentence plainly goes on in lower case, or the last line ran to the margin and the
    # next page's first line starts where the paragraph's lines start
    if line.text[:1].islower():
        return True
    return soft_wrap(prev.words, line.words, last.right) and abs(last.indent - line.x0) < 2


def to_blocks(
    items: list[Para | PlacedTable],
    header_term: Callable[[str], bool] | None,
    body_size: float,
    body_bold: bool,
) -> list[RawBlock]:
    """Paragraphs through the text reader, tables as they are.

    Each paragraph is read on its own: its bounds are already decided by geometry, and the text
    reader's own joining rules (made for text exports with lost paragraph breaks) would undo that.
    The exception is a run of short lines among label-and-figure lines that no table took: the run
    is read together so the flattened-table reader (``layout``) can still rebuild it.
    """
    blocks: list[RawBlock] = []
    where: dict[int, Para] = {}
    run: list[Para] = []
    counter = 0

    def read(paras: list[Para]) -> None:
        nonlocal counter
        lines: list[Line] = []
        for para in paras:
            if lines:
                counter += 1
                lines.append(Line(counter, ""))  # paragraphs are apart: a blank line between them
            counter += 1
            where[counter] = para
            lines.append(Line(counter, para.text))
        for block in read_blocks(lines, header_term):
            blocks.append(_locate(block, where, body_size, body_bold))

    def flush() -> None:
        if any(p.alone for p in run):
            read(run)
        else:
            for para in run:
                read([para])
        run.clear()

    for item in items:
        if isinstance(item, PlacedTable):
            flush()
            text = "\n".join("\t".join(c.text.replace("\n", " ") for c in r.cells) for r in item.table.rows)
            prov = Provenance(page=item.page, bbox=item.bbox)
            blocks.append(RawBlock(kind=BlockKind.TABLE, text=text, provenance=prov, table=item.table))
            continue
        if item.alone or (len(item.lines) == 1 and len(item.lines[0][1].words) <= 10):
            run.append(item)
            continue
        flush()
        read([item])
    flush()
    return blocks


def _locate(block: RawBlock, where: dict[int, Para], body_size: float, body_bold: bool) -> RawBlock:
    """Replace the text reader's line numbers with page and bbox; add typography and heading marks."""

    def placed(first: int | None, last: int | None) -> list[tuple[int, TextLine]]:
        out: list[tuple[int, TextLine]] = []
        for n in range(first or 0, (last or first or 0) + 1):
            if n in where:
                out.extend(where[n].lines)
        return out

    def prov_for(items: list[tuple[int, TextLine]]) -> Provenance:
        if not items:
            return Provenance()
        page = items[0][0]
        last = max(p for p, _ in items)
        same = [ln for p, ln in items if p == page]
        bbox = (
            min(ln.x0 for ln in same),
            min(ln.top for ln in same),
            max(ln.x1 for ln in same),
            max(ln.bottom for ln in same),
        )
        return Provenance(page=page, page_end=last if last != page else None, bbox=bbox)

    items = placed(block.provenance.line, block.provenance.line_end)
    update: dict[str, Any] = {"provenance": prov_for(items)}
    if block.table is not None:
        rows = [
            r.model_copy(update={"provenance": prov_for(placed(r.provenance.line, r.provenance.line_end))})
            for r in block.table.rows
        ]
        update["table"] = block.table.model_copy(update={"rows": rows})
    elif items:
        words: list[Word] = [w for _, ln in items for w in ln.words]
        size, bold = dominant_style(words)
        update["style"] = TextStyle(size=size, bold=bold)
        kind = _heading_kind(block, len(items), size, bold, body_size, body_bold)
        if kind is not block.kind:
            update["kind"] = kind
    return block.model_copy(update=update)


def _heading_kind(
    block: RawBlock, n_lines: int, size: float, bold: bool, body_size: float, body_bold: bool
) -> BlockKind:
    """Short text set larger or bolder than the body is a heading candidate; body-set text is not.

    The text reader guesses headings from wording alone ("Summary", "Report by ..."); the type
    settles it where it can: a body-style line ending a sentence fragment is a paragraph.
    """
    text = block.text.strip()
    styled = size >= body_size + 1.0 or (bold and not body_bold)
    short = n_lines <= 3 and len(text.split()) <= 20 and len(text) <= 160
    if block.kind is BlockKind.PARAGRAPH and styled and short and not re.search(r"[.;,]['\"”’)]?$", text):
        return BlockKind.HEADING
    if block.kind is BlockKind.HEADING and not styled:
        # a heading is never set smaller than the body (that is a footnote or a caption); a long
        # body-style line is a sentence the wording rules took for a title; and a numbered line in
        # body type ("61. Health and Wellbeing Board is asked to:") is a numbered paragraph, which
        # papers with typographic headings set apart from their numbered section titles
        plain = size <= body_size + 0.2
        numbered = plain and block.numbered is not None and (text.endswith(":") or len(text.split()) > 5)
        if size < body_size - 0.5 or (plain and len(text.split()) > 8) or numbered:
            lettered = block.numbered is not None and not block.numbered[:1].isdigit()
            return BlockKind.LIST_ITEM if lettered else BlockKind.PARAGRAPH
    return block.kind
