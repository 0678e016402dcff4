"""Text and Markdown files to blocks.

Three shapes of text occur in practice, often in one file:

* Markdown-like exports (one paragraph per line, ``- `` list items, tab-separated or ``|`` tables,
  HTML inside cells);
* text pulled out of a PDF with its hard line wraps, flattened tables and stray page numbers;
* plain Markdown (``#`` headings, ``|`` tables, backslash escapes).

The reader keeps every block's line span, so a figure found later points at the line it came from.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import regex as re

from ..errors import EmptyDocumentError, IngestError
from ..models import (
    BlockKind,
    Issue,
    Provenance,
    RawBlock,
    RawCell,
    RawDocument,
    RawRow,
    RawTable,
    SourceInfo,
)
from ..periods import MONTH_WORDS
from . import layout
from .markup import clean_cell, clean_inline, has_html

BULLET_RE = re.compile(r"^\s*(?:[-*+•●▪◦○■□➢➤►◆✓\u2010-\u2015\u2212]|o(?=\s)|\uf0b7|\uf0a7|\uf076|\uf0d8)\s+")
NUMBER_RE = re.compile(
    r"^\s*(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=\S)|\((?P<paren>[a-z]{1,3}|\d{1,2})\)\s+|(?P<letter>[a-z]|[ivx]{1,4})[.)]\s+|(?P<upper>[A-Z])\)\s+)"
)
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
SEPARATOR_ROW_RE = re.compile(r"^[\s|:+\-=_—–]*$")
PAGE_MARK_RE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}|-\s*\d{1,3}\s*-)\s*$", re.I)
SENTENCE_END_RE = re.compile(r"[.!?;:]['\"”’)]*\s*$")
DAY_MONTH_RE = re.compile(r"(?i)^(?:" + MONTH_WORDS + r")\b(?!\s+\d{1,2}\b)")
CONTINUATION_END_RE = re.compile(
    r"(?:[,&/(\-–]|\b(?:the|of|and|or|to|in|for|a|an|with|by|on|from|under|at|as|that|which|is|are|be|their|our|its|this|these|between|into|per|including)\s*)$",
    re.I,
)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def decode(path: Path, data: bytes) -> tuple[str, list[Issue]]:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252 with a warning; binary is refused.

    Raises:
        EmptyDocumentError: nothing but whitespace.
        IngestError: the bytes are not text.
    """
    issues: list[Issue] = []
    if not data.strip():
        raise EmptyDocumentError(path, "file is empty", "nothing to extract")
    if b"\x00" in data[:65536]:
        raise IngestError(
            path, "not a text file (binary content)", "check the file type; PDFs must end in .pdf"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        issues.append(Issue(code="encoding", message="not valid UTF-8; read as Windows-1252 (cp1252)"))
    sample = text[:200000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    odd = sum(1 for ch in sample if ch == "\ufffd" or 0x80 <= ord(ch) < 0xA0)
    if sample and (controls + odd) / len(sample) > 0.02:
        raise IngestError(
            path, "not a text file (mostly unreadable bytes)", "check the file is a text or PDF paper"
        )
    # The checks above look at the head only; a control character further on (a NUL after the first
    # 64 KiB) is no text either and would reach every output (CSV, HTML, the dataset): dropped, said.
    text, dropped = _CONTROL_RE.subn("", text)
    if dropped:
        issues.append(
            Issue(code="control-characters", message=f"{dropped} control characters (such as NUL) removed")
        )
    return text, issues


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def ingest_text(
    path: Path, doc_id: str, data: bytes, source: SourceInfo, header_term: Callable[[str], bool] | None = None
) -> RawDocument:
    text, issues = decode(path, data)
    lines = [Line(i, raw.rstrip("\r")) for i, raw in enumerate(text.split("\n"), start=1)]
    source = source.model_copy(update={"lines": len(lines)})
    lines, dropped = _drop_page_furniture(lines)
    issues.extend(dropped)
    blocks = read_blocks(lines, header_term)
    if not blocks:
        raise EmptyDocumentError(path, "no text found", "the file holds only whitespace or markup")
    return RawDocument(doc_id=doc_id, source=source, blocks=blocks, issues=issues)


# --------------------------------------------------------------------------- furniture


def _drop_page_furniture(lines: list[Line]) -> tuple[list[Line], list[Issue]]:
    """Running headers, footers and page numbers that a PDF-to-text step left in the flow.

    A short line repeated on many "pages" is a running header or a watermark ("DRAFT"); a bare
    "Page 7 of 44" or a lone small integer between prose lines is a page number.
    """
    issues: list[Issue] = []
    counts = Counter(line.text.strip() for line in lines if 0 < len(line.text.strip()) <= 60)
    positions: dict[str, list[int]] = {}
    for line in lines:
        positions.setdefault(line.text.strip(), []).append(line.number)
    # a running header recurs page after page; a column name ("OCCG") recurs table after table,
    # close together, so only lines whose repeats are all far apart count
    spread = {
        t
        for t, at in positions.items()
        if len(at) >= 3 and min(b - a for a, b in zip(at, at[1:], strict=False)) >= 40
    }
    repeated = {
        text
        for text, n in counts.items()
        if n >= 3
        and text in spread
        and not PAGE_MARK_RE.match(text)
        and "\t" not in text
        and not re.search(r"\d[\d,]*\s*$", text)
        and len(text.split()) <= 8
        and not BULLET_RE.match(text)
        and text.upper() == text
    }
    kept: list[Line] = []
    for i, line in enumerate(lines):
        stripped = line.text.strip()
        if stripped in repeated:
            issues.append(
                Issue(
                    code="furniture",
                    message=f"dropped repeated line {stripped!r}",
                    provenance=Provenance(line=line.number),
                )
            )
            continue
        if PAGE_MARK_RE.match(stripped) and stripped and _is_page_number(lines, i):
            continue
        kept.append(line)
    return kept, issues


def _is_page_number(lines: list[Line], i: int) -> bool:
    stripped = lines[i].text.strip()
    if stripped.lower().startswith("page") or stripped.startswith("-"):
        return True
    prev = next((ln.text for ln in reversed(lines[max(0, i - 3) : i]) if not ln.blank), "")
    nxt = next((ln.text for ln in lines[i + 1 : i + 4] if not ln.blank), "")
    if "\t" in prev or "\t" in nxt or "|" in prev:
        return False
    # A number that sits inside a sentence ("That\n41\nmitigation is") or between two labelled
    # rows of a flattened table is a page number; a row label ("2.2") has a dot and stays.
    prose_like = lambda s: bool(re.search(r"[A-Za-z]{3,}", s))  # noqa: E731
    return prose_like(prev) and prose_like(nxt)


# --------------------------------------------------------------------------- blocks


def read_blocks(lines: list[Line], header_term: Callable[[str], bool] | None = None) -> list[RawBlock]:
    """Split lines into table segments and prose segments, then read each."""
    blocks: list[RawBlock] = []
    i = 0
    prose: list[Line] = []
    width = _wrap_width(lines)
    while i < len(lines):
        if _is_table_line(lines[i].text):
            j = _table_end(lines, i)
            if prose:
                blocks.extend(_prose_blocks(prose, width, header_term))
                prose = []
            table = _delimited_table(lines[i:j])
            if table is not None:
                blocks.append(table)
            i = j
            continue
        prose.append(lines[i])
        i += 1
    if prose:
        blocks.extend(_prose_blocks(prose, width, header_term))
    return blocks


def _is_table_line(text: str) -> bool:
    if "\t" in text.strip("\n") and text.strip():
        return True
    return bool(PIPE_ROW_RE.match(text)) and text.count("|") >= 3


def _table_end(lines: list[Line], start: int) -> int:
    """The end (exclusive) of a delimited table, which may run across blank lines or page breaks.

    A blank line ends the table unless the next non-blank line is also delimited and either the
    rows so far are all header (no data yet) or the next line continues the last row.
    """
    j = start
    last_row = start
    while j < len(lines):
        text = lines[j].text
        if _is_table_line(text) or (SEPARATOR_ROW_RE.match(text) and text.strip() and "-" in text):
            last_row = j
            j += 1
            continue
        if not text.strip():
            k = j
            while k < len(lines) and not lines[k].text.strip():
                k += 1
            if k < len(lines) and k - j <= 2 and _is_table_line(lines[k].text):
                rows_so_far = [ln.text for ln in lines[start : last_row + 1] if _is_table_line(ln.text)]
                if _starts_new_table(rows_so_far, lines[k].text):
                    break
                if not any(_row_has_value(r) for r in rows_so_far) or _continues_row(lines[k].text):
                    j = k
                    continue
            break
        break
    return last_row + 1


def _starts_new_table(rows_so_far: list[str], nxt: str) -> bool:
    """After a blank line, a template's next question opens a table of its own: a title alone in
    the first cell ("Confirmation of s75 Pooled Budget") or a full row of column names of another
    width ("Metric | Definition | Assessment of progress ...")."""
    if len(rows_so_far) < 2:
        return False
    cells = [c.strip() for c in nxt.split("\t")]
    if cells[0] and not any(cells[1:]) and len(cells) > 1:
        return True
    width = len([c for c in rows_so_far[0].split("\t")])
    names = [c for c in cells if c]
    return (
        len(names) == len(cells) >= 3
        and len(cells) != width
        and not any(re.search(r"\d", c) for c in names)
        and all(len(c.split()) <= 12 for c in names)
    )


def _row_has_value(text: str) -> bool:
    cells = [c.strip() for c in text.split("\t")[1:]]
    return any(re.search(r"\d", c) for c in cells)


def _continues_row(text: str) -> bool:
    first = text.split("\t")[0].strip()
    return bool(first) and first[0].islower()


def _split_row(text: str) -> list[str]:
    if PIPE_ROW_RE.match(text) and "\t" not in text:
        inner = text.strip()
        inner = inner[1:-1] if inner.endswith("|") else inner[1:]
        return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]
    return text.split("\t")


def _delimited_table(lines: list[Line]) -> RawBlock | None:
    rows: list[RawRow] = []
    html = any(has_html(ln.text) for ln in lines)
    for line in lines:
        text = line.text
        if not text.strip() or (SEPARATOR_ROW_RE.match(text) and "-" in text):
            continue
        cells = []
        for raw in _split_row(text):
            cleaned, checked = clean_cell(raw)
            cells.append(RawCell(text=cleaned, checked=checked))
        while cells and not cells[-1].text and cells[-1].checked is None and len(cells) > 1:
            cells.pop()
        if not any(c.text for c in cells):
            continue
        rows.append(RawRow(cells=cells, provenance=Provenance(line=line.number, line_end=line.number)))
    if not rows:
        return None
    if (
        len(rows) == 1
        and len(rows[0].cells) <= 2
        and not _row_has_value("\t".join(c.text for c in rows[0].cells))
    ):
        # a lone "label<TAB>text" line is a paragraph with a stray tab, not a table
        text = " ".join(c.text for c in rows[0].cells if c.text)
        return RawBlock(kind=BlockKind.PARAGRAPH, text=text, provenance=rows[0].provenance)
    width = max(len(r.cells) for r in rows)
    for r in rows:
        r.cells.extend(RawCell(text="") for _ in range(width - len(r.cells)))
    prov = Provenance(line=rows[0].provenance.line, line_end=rows[-1].provenance.line_end)
    table = RawTable(rows=rows, method="html" if html else "tsv")
    text = "\n".join("\t".join(c.text.replace("\n", " ") for c in r.cells) for r in rows)
    return RawBlock(kind=BlockKind.TABLE, text=text, provenance=prov, table=table)


# --------------------------------------------------------------------------- prose


def _wrap_width(lines: list[Line]) -> int:
    lengths = [len(ln.text.rstrip()) for ln in lines if ln.text.strip() and "\t" not in ln.text]
    if len(lengths) < 20:
        return 0
    return int(statistics.quantiles(lengths, n=20)[-1])


def hard_wrapped(width: int) -> bool:
    """Text whose long lines stop near one margin was wrapped by a PDF-to-text step."""
    return 40 <= width <= 130


def _prose_blocks(lines: list[Line], width: int, header_term: Callable[[str], bool] | None) -> list[RawBlock]:
    tables = layout.find_tables([(ln.number, ln.text) for ln in lines], width, header_term)
    blocks: list[RawBlock] = []
    taken: set[int] = set()
    by_start = {t.first_line: t for t in tables}
    for t in tables:
        taken.update(t.line_numbers)
    pending: list[Line] = []
    for line in lines:
        if line.number in by_start:
            blocks.extend(_paragraphs(pending, width))
            pending = []
            found = by_start[line.number]
            if found.caption_block is not None:
                blocks.append(found.caption_block)
            blocks.append(found.block)
        if line.number in taken:
            continue
        pending.append(line)
    blocks.extend(_paragraphs(pending, width))
    return blocks


def _paragraphs(lines: list[Line], width: int) -> list[RawBlock]:
    """Join wrapped lines into paragraphs and classify each as heading, list item or paragraph."""
    wrapped = hard_wrapped(width)
    groups: list[list[Line]] = []
    current: list[Line] = []
    blank_run = 0
    for line in lines:
        if line.blank:
            blank_run += 1
            continue
        if current and _joins(current, line, width, wrapped, blank_run):
            current.append(line)
        else:
            if current:
                groups.append(current)
            current = [line]
        blank_run = 0
    if current:
        groups.append(current)
    return [b for g in groups if (b := _block_from_lines(g, width)) is not None]


def _starts_item(text: str) -> bool:
    return bool(BULLET_RE.match(text) or NUMBER_RE.match(text) or MD_HEADING_RE.match(text))


# a run of dates a PDF column squeezed onto narrow lines: "29/09/20171" / "3/10/201727" / "/10/2017"
DATE_SHARD_RE = re.compile(r"^[\d/.]*/[\d/.]*$")


def _joins(current: list[Line], nxt: Line, width: int, wrapped: bool, blank_run: int) -> bool:
    prev = current[-1].text.rstrip()
    text = nxt.text.strip()
    if DATE_SHARD_RE.match(prev.strip()) and DATE_SHARD_RE.match(text) and blank_run <= 2:
        return True
    if SENTENCE_END_RE.search(prev):
        return False
    if _starts_item(nxt.text) and not _continues_word(prev, text):
        # A page break in an export can turn the rest of a long paragraph into a new bullet:
        # "... under the" / "- BCF Joint Management Group, as laid out ...".
        body = BULLET_RE.sub("", nxt.text, count=1).strip()
        cut_paragraph = len(" ".join(ln.text for ln in current)) >= 80 and not NUMBER_RE.match(body)
        return (
            bool(BULLET_RE.match(nxt.text))
            and cut_paragraph
            and (bool(CONTINUATION_END_RE.search(prev)) or body[:1].islower())
        )
    first = text[:1]
    starts_lower = first.islower() or first in "(£%,;)"
    ends_open = bool(CONTINUATION_END_RE.search(prev))
    so_far = " ".join(ln.text.strip() for ln in current)
    if re.search(r"[a-z]{2,}\W+\d{1,3}$", prev) and len(so_far.split()) >= 4 and not _heading_like(so_far):
        # "... reviewed at the Board on 8" / "September and ...", "a programme of 20" / "local
        # authority areas": a sentence cut after a number goes on with a month or a lower-case word
        ends_open = starts_lower or bool(DAY_MONTH_RE.match(text))
        starts_lower = starts_lower or ends_open
    if blank_run:
        # across a blank line only a sentence that plainly goes on is joined (a page break); a line
        # that opens with a sum after a finished phrase is the next item of a list whose bullets
        # were lost ("£8,725,000 to fund care home placements" / "£6,338,000 to purchase ...")
        if first == "£" and not ends_open:
            return False
        return starts_lower and (wrapped or ends_open) or (ends_open and blank_run <= 2 and wrapped)
    if not wrapped:
        # one paragraph per line, unless the line was cut mid-sentence
        return starts_lower and ends_open
    if starts_lower or ends_open:
        return True
    if len(current) == 1 and _heading_like(prev):
        return False
    return len(prev) >= 0.6 * width


def _continues_word(prev: str, text: str) -> bool:
    """'... from a' + '- ...': a hyphenated line break, not a list item."""
    return prev.endswith("-") and not prev.endswith(" -")


def _heading_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not SENTENCE_END_RE.search(text) and text[:1].isupper()


def _block_from_lines(lines: list[Line], width: int) -> RawBlock | None:
    parts = [lines[0].text.strip()]
    for ln in lines[1:]:
        part = BULLET_RE.sub("", ln.text, count=1).strip()
        # date shards go back together with nothing between: "29/09/20171" + "3/10/2017"
        glue = "" if DATE_SHARD_RE.match(parts[-1].split(" ")[-1]) and DATE_SHARD_RE.match(part) else " "
        parts.append(glue + part)
    raw = "".join([parts[0]] + parts[1:])
    raw = re.sub(r"(\w)- (\w)", lambda m: m.group(1) + "-" + m.group(2), raw)  # keep "in-\npatient" joined
    prov = Provenance(line=lines[0].number, line_end=lines[-1].number)
    md = MD_HEADING_RE.match(raw)
    if md:
        text = clean_inline(md.group(2))
        return (
            RawBlock(kind=BlockKind.HEADING, text=text, provenance=prov, numbered=_number_of(text))
            if text
            else None
        )
    bullet = BULLET_RE.match(raw)
    body = raw[bullet.end() :] if bullet else raw
    # HTML left in running text (an export's <p>, <b>): keep what a reader sees
    text = clean_cell(body)[0].replace("\n", " ") if has_html(body) else clean_inline(body)
    if not text or SEPARATOR_ROW_RE.match(text):
        return None
    numbered = _number_of(text)
    if bullet:
        return RawBlock(kind=BlockKind.LIST_ITEM, text=text, provenance=prov, numbered=numbered)
    if len(lines) == 1 and is_heading_text(text):
        return RawBlock(kind=BlockKind.HEADING, text=text, provenance=prov, numbered=numbered)
    kind = BlockKind.PARAGRAPH
    if numbered and not re.match(r"^\d", numbered) and not re.match(r"^\d", text):
        kind = BlockKind.LIST_ITEM
    return RawBlock(kind=kind, text=text, provenance=prov, numbered=numbered)


def _number_of(text: str) -> str | None:
    m = NUMBER_RE.match(text)
    if not m:
        return None
    return m.group("num") or m.group("paren") or m.group("letter") or m.group("upper")


def is_heading_text(text: str) -> bool:
    """A short, title-like line that is not a sentence: a heading candidate (sections decide)."""
    text = text.strip()
    if not text or len(text) > 120:
        return False
    if re.fullmatch(r"[£$€\d\s,.%/:()+-]+", text) and not re.fullmatch(
        r"(?:19|20)\d{2}(?:\s?[/-]\s?\d{2,4})?:?", text
    ):
        return False  # a value on a line of its own ("£ 5,478,595", "18,871") names nothing; a year may
    body = NUMBER_RE.sub("", text, count=1) if NUMBER_RE.match(text) else text
    words = body.split()
    if not words or len(words) > 14:
        return False
    if text.endswith(":"):
        return len(words) <= 8
    if re.search(r"[.;!?,]['\"”’)]?$", text) and not re.search(r"\.\.+$", text):
        return False
    first = body[:1]
    if not (first.isupper() or first.isdigit() or first in "£'\"‘“"):
        return False
    # a heading has few function words: "Reduce the number of people placed out of county" is not one
    if len(words) >= 9 and sum(w.islower() for w in words) > len(words) * 0.6:
        return False
    return True
