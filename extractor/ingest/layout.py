"""Rebuilding tables that a PDF-to-text step flattened into lines.

Such text keeps each table row on one line (``Mental Health 9,683 46,555``) but spreads the header
over several lines, one cell fragment per line, column by column::

    Pool 1: Adults with Care &
    Support Needs
    Oxfordshire
    County Council
    OCCG
    £'000 £'000

We find runs of lines that end in the same number of values, read the header lines above them,
and share those lines out among the columns: a line of units (``£'000 £'000``) gives each column
its unit; column names are taken from the bottom up, preferring groups of lines that read as one
known name (an organisation, a financial year, a header word); what is left is the row-label
header and, above it, the caption.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import regex as re

from ..models import BlockKind, Provenance, RawBlock, RawCell, RawRow, RawTable
from ..numbers import parse_number

_NIL_WORDS = {"n/a", "na", "tbc", "tba", "-", "–", "—", "nil", "none", "0"}
_UNIT_TOKEN_RE = re.compile(r"^(?:£\s?['’‘`]?000s?|£k|£m|£bn|£|%|\(£\)|\(£k\)|\(£m\)|£'000s|£000s?)$", re.I)
_SENTENCE_END_RE = re.compile(r"[.;!?]['\"”’)]*\s*$")
_NUMBERED_PARA_RE = re.compile(r"^\s*(?:\d{1,2}\.\s+|\(?[a-z]\)\s+)\S.{40,}")
_BULLET_RE = re.compile(r"^\s*(?:[•●▪◦○■➢►]|\uf0b7|\uf0a7)\s+")
_CONTINUES_RE = re.compile(r"(?:[&,/(\-–]|\b(?:and|of|the|for|to|with|in|on|by|per)\s*)$", re.I)

HeaderTerm = Callable[[str], bool]


@dataclass
class FoundTable:
    first_line: int
    line_numbers: set[int]
    block: RawBlock
    caption_block: RawBlock | None = None


@dataclass
class _Row:
    number: int
    text: str
    label: str
    values: list[str] = field(default_factory=list)


def split_values(text: str) -> tuple[str, list[str]]:
    """Split a line into its label and the values that end it: 'Mental Health 9,683 46,555'."""
    tokens = text.split()
    # glue "£ 20.00" and "> 81%" back into single tokens
    glued: list[str] = []
    for tok in tokens:
        # a spaced "–" is a nil value in its own column ("Carers – 1,234"); negatives are written
        # "-1,234" without the space, so only currency signs and comparators glue
        if glued and glued[-1] in ("£", ">", "<", ">=", "<=", "≥", "≤") and re.match(r"^[\d(£.]", tok):
            glued[-1] = glued[-1] + tok
        else:
            glued.append(tok)
    values: list[str] = []
    while glued and _is_value_token(glued[-1]):
        values.insert(0, glued.pop())
    return " ".join(glued), values


def _is_value_token(tok: str) -> bool:
    if tok.lower() in _NIL_WORDS:
        return True
    if re.match(r"^(?:19|20)\d{2}(?:/\d{2})?$", tok):  # a year is a label ("2016/17"), not a value
        return False
    return parse_number(tok.rstrip("*†")) is not None


def find_tables(
    lines: list[tuple[int, str]], width: int, is_header_term: HeaderTerm | None = None
) -> list[FoundTable]:
    """Find flattened tables in a run of prose lines.

    Args:
        lines: ``(line_number, text)`` in order, blank lines included.
        width: the text's wrap width (0 when unknown); lines much longer are prose.
        is_header_term: says whether a text is a known column name (an organisation, a year).
    """
    term = is_header_term or _default_header_term
    limit = max(width, 100) if width else 130
    rows = [_analyse(n, t, limit) for n, t in lines]
    found: list[FoundTable] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row is None or not row.values:
            i += 1
            continue
        k = len(row.values)
        end, data = _run(rows, i, k)
        enough = (k >= 2 and len(data) >= 2) or (k == 1 and len(data) >= 3)
        if not enough:
            i += 1
            continue
        header = _header_lines(rows, lines, i, limit)
        if k == 1 and not header:
            i = end
            continue
        table = _build(rows[i:end], header, k, term)
        if table is not None:
            found.append(table)
        i = end
    return found


def _analyse(number: int, text: str, limit: int) -> _Row | None:
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > limit or _NUMBERED_PARA_RE.match(stripped) or _BULLET_RE.match(stripped):
        return _Row(number, stripped, stripped)
    label, values = split_values(stripped)
    if values and (
        not re.search(r"[A-Za-z]", label) or len(label.split()) > 12 or _CONTINUES_RE.search(label)
    ):
        # "to 11", "baseline of 7,036": a sentence that ends in a number, not a row
        if label and re.search(r"[A-Za-z]", label):
            return _Row(number, stripped, stripped)
        if not label:
            return _Row(number, stripped, "", values)
    return _Row(number, stripped, label, values)


def _is_group(row: _Row) -> bool:
    return (
        not row.values
        and 0 < len(row.label.split()) <= 8
        and not _SENTENCE_END_RE.search(row.label)
        and not _is_unit_line(row.label)
    )


def _run(rows: list[_Row | None], start: int, k: int) -> tuple[int, list[_Row]]:
    data: list[_Row] = []
    i = start
    last = start
    blanks = 0
    while i < len(rows):
        row = rows[i]
        if row is None:
            blanks += 1
            # PDF text puts blank lines between rows and around page breaks; a longer gap ends the table
            if blanks > 6:
                break
            i += 1
            continue
        blanks = 0
        if row.values and len(row.values) == k and row.label:
            data.append(row)
            last = i
            i += 1
            continue
        if row.values and not row.label:
            # a lone number between labelled rows is a page number the text kept
            i += 1
            continue
        if _is_group(row) and _followed_by_data(rows, i, k):
            i += 1
            continue
        break
    return last + 1, data


def _followed_by_data(rows: list[_Row | None], i: int, k: int) -> bool:
    seen = 0
    for row in rows[i + 1 : i + 6]:
        if row is None:
            continue
        if row.values and len(row.values) == k and row.label:
            return True
        if _is_unit_line(row.text) or not _is_group(row):
            return False
        seen += 1
        if seen > 1:
            return False
    return False


def _header_lines(
    rows: list[_Row | None], lines: list[tuple[int, str]], start: int, limit: int
) -> list[_Row]:
    header: list[_Row] = []
    i = start - 1
    while i >= 0 and len(header) < 8:
        row = rows[i]
        if row is None:
            i -= 1
            continue
        if row.values and row.label:
            break
        text = row.text
        if _SENTENCE_END_RE.search(text) or len(text) > min(limit, 90) or _NUMBERED_PARA_RE.match(text):
            break
        if len(text.split()) > 8:
            break
        if _BULLET_RE.match(text):
            break
        header.insert(0, row)
        i -= 1
    return header


def _is_unit_line(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and all(_UNIT_TOKEN_RE.match(t) for t in tokens)


def _default_header_term(text: str) -> bool:
    return bool(
        re.match(r"^(?:(?:19|20)?\d{2}/\d{2}|total|target|baseline|actual|plan)$", text.strip(), re.I)
    )


def _token_line(text: str, k: int, term: HeaderTerm) -> bool:
    """'CCG OCC Total': one line naming every column, word by word."""
    tokens = text.split()
    return k >= 2 and len(tokens) in (k, k + 1) and all(term(t) and not t[:1].islower() for t in tokens[-k:])


def _build(body: list[_Row | None], header: list[_Row], k: int, term: HeaderTerm) -> FoundTable | None:
    units: list[str] = [""] * k
    header = list(header)
    all_header_numbers = {h.number for h in header}
    # Lines under the units line (or under a one-line column header) are group rows of the body.
    cut = next((i for i in range(len(header) - 1, -1, -1) if _is_unit_line(header[i].text)), None)
    if cut is None:
        cut = next((i for i in range(len(header) - 1, -1, -1) if _token_line(header[i].text, k, term)), None)
    if cut is not None and cut < len(header) - 1:
        body = [*header[cut + 1 :], *body]
        header = header[: cut + 1]
    unit_rows = [h for h in header if _is_unit_line(h.text)]
    for h in unit_rows:
        tokens = h.text.split()
        if len(tokens) == k:
            units = tokens
        header.remove(h)

    columns: list[str] = [""] * k
    label_header = ""
    caption_rows: list[_Row] = []
    if header:
        last = header[-1].text.split()
        if _token_line(header[-1].text, k, term):
            columns = last[-k:]
            if len(last) == k + 1:
                label_header = last[0]
            header = header[:-1]
            if not label_header and header and len(header[-1].text.split()) <= 4:
                label_header = header.pop().text
            # anything higher up is prose that happened to be short, not part of this table
            header = []
        else:
            columns, header = _allocate(header, k, term)
        phrases = _phrases(header)
        if phrases and not label_header:
            label_rows = phrases.pop()
            if phrases and len(" ".join(r.text for r in label_rows).split()) == 1:
                label_rows = phrases.pop() + label_rows
            label_header = " ".join(r.text for r in label_rows)
        caption_rows = [r for phrase in phrases for r in phrase]

    raw_rows: list[RawRow] = []
    header_numbers = sorted(
        n for n in all_header_numbers if n not in {r.number for r in body if r is not None}
    )
    head_prov = Provenance(line=header_numbers[0], line_end=header_numbers[-1]) if header_numbers else None
    if any(columns) or label_header:
        raw_rows.append(
            RawRow(
                cells=[RawCell(text=label_header)] + [RawCell(text=c) for c in columns],
                provenance=head_prov or Provenance(),
            )
        )
    if any(units):
        raw_rows.append(
            RawRow(
                cells=[RawCell(text="")] + [RawCell(text=u) for u in units],
                provenance=head_prov or Provenance(),
            )
        )
    numbers: set[int] = set(header_numbers)
    for row in body:
        if row is None:
            continue
        numbers.add(row.number)
        if row.values and not row.label:
            continue
        values = row.values if len(row.values) == k else [""] * k
        raw_rows.append(
            RawRow(
                cells=[RawCell(text=row.label)] + [RawCell(text=v) for v in values],
                provenance=Provenance(line=row.number, line_end=row.number),
            )
        )
    if not raw_rows:
        return None
    numbers -= {r.number for r in caption_rows}
    first = min(numbers)
    last_line = max(numbers)
    table = RawTable(rows=raw_rows, method="layout", caption=" ".join(r.text for r in caption_rows) or None)
    text = "\n".join("\t".join(c.text for c in r.cells) for r in raw_rows)
    block = RawBlock(
        kind=BlockKind.TABLE, text=text, provenance=Provenance(line=first, line_end=last_line), table=table
    )
    caption_block = None
    if caption_rows:
        caption_block = RawBlock(
            kind=BlockKind.HEADING,
            text=" ".join(r.text for r in caption_rows),
            provenance=Provenance(line=caption_rows[0].number, line_end=caption_rows[-1].number),
        )
        numbers |= {r.number for r in caption_rows}
    first = min(numbers)
    return FoundTable(first_line=first, line_numbers=numbers, block=block, caption_block=caption_block)


def _allocate(header: list[_Row], k: int, term: HeaderTerm) -> tuple[list[str], list[_Row]]:
    """Share header lines out among k columns from the bottom up; return the rest for the label."""
    columns: list[str] = []
    rest = list(header)
    for _ in range(k):
        if not rest:
            columns.insert(0, "")
            continue
        taken = 1
        for size in (3, 2, 1):
            if size > len(rest):
                continue
            joined = " ".join(r.text for r in rest[-size:])
            if term(joined):
                taken = size
                break
        columns.insert(0, " ".join(r.text for r in rest[-taken:]))
        rest = rest[:-taken]
    return columns, rest


def _phrases(rows: list[_Row]) -> list[list[_Row]]:
    phrases: list[list[_Row]] = []
    for row in rows:
        if phrases and (_CONTINUES_RE.search(phrases[-1][-1].text) or row.text[:1].islower()):
            phrases[-1].append(row)
        else:
            phrases.append([row])
    return phrases
