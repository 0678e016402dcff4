"""``bcf-extract show DOC``: one document's tables and figures as plain text for a terminal.

A reader checking a number wants to see the table it came from, as the extractor understood it
(header, row labels, roles, values), next to the figures it emitted; this renders both from the
document JSON without a browser or SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .errors import ExtractorError
from .models import Document, Figure, Table

# a cell wider than this is cut on screen (the JSON keeps it whole); ids are never cut
CELL_CHARS = 40


def find_document(ref: str, out_dir: Path) -> Path:
    """The document JSON that ``ref`` names: a doc id in ``out_dir``, or a path to a JSON file.

    Raises:
        ExtractorError: there is no such document (the message lists how to find the ids).
    """
    as_path = Path(ref)
    if as_path.suffix == ".json" and as_path.is_file():
        return as_path
    candidate = out_dir / f"{ref}.json"
    if candidate.is_file():
        return candidate
    stem = out_dir / f"{as_path.stem}.json"  # the paper's own path: its doc id is its stem
    if as_path.stem and stem.is_file():
        return stem
    raise ExtractorError(
        f"no document {ref!r} in {out_dir} (give a doc id from "
        f'`bcf-extract query "SELECT doc_id, title FROM documents" -o {out_dir}`, or -o the run\'s folder)'
    )


def render(doc: Document, *, tables: bool = True, figures: bool = True) -> Iterator[str]:
    """Lines describing ``doc``: a heading, then each table as an aligned grid, then its figures."""
    meta = doc.metadata
    yield f"{doc.doc_id}  {meta.title or ''}".rstrip()
    facts = [
        ("source", doc.source.path),
        ("type", meta.doc_type.value),
        ("area", meta.area),
        ("meeting", meta.meeting_date),
        ("period", meta.period),
    ]
    yield "  " + ", ".join(f"{k} {v}" for k, v in facts if v)
    yield f"  {len(doc.tables)} tables, {len(doc.figures)} figures, {len(doc.dates)} dates"
    if tables:
        for table in doc.tables:
            yield ""
            yield from table_lines(table)
    if figures:
        yield ""
        yield f"figures ({len(doc.figures)})"
        yield from figure_lines(doc.figures)


def table_lines(table: Table) -> Iterator[str]:
    where = _where(table.provenance.page, table.provenance.line)
    title = " - ".join(t for t in (table.title, table.caption) if t)
    kind = f" [{table.table_type}]" if table.table_type else ""
    yield f"table {table.id}{kind} {where}  {title}".rstrip()
    header = ["row", "role", *(c.header or f"col {c.index}" for c in table.columns[1:])]
    body = []
    for row in table.rows:
        cells = {c.col: c for c in row.cells}
        values = [cells[c.index].text if c.index in cells else "" for c in table.columns[1:]]
        body.append([row.label, row.role.value, *values])
    yield from grid(header, body)


def figure_lines(figures: list[Figure]) -> Iterator[str]:
    header = ["figure_id", "where", "label", "column", "period", "value", "unit", "raw"]
    rows = [
        [
            f.id,
            _where(f.provenance.page, f.provenance.line),
            f.label,
            f.column or "",
            f.period or "",
            "" if f.value is None else f"{f.value:,.2f}".rstrip("0").rstrip("."),
            f.unit,
            f.raw,
        ]
        for f in figures
    ]
    yield from grid(header, rows, keep=frozenset({0}))


def grid(
    header: list[str], rows: list[list[str]], keep: frozenset[int] = frozenset(), width: int = CELL_CHARS
) -> Iterator[str]:
    """An aligned text grid, indented two spaces; a cell over ``width`` characters is cut with
    "...", except in the columns in ``keep`` (ids, which a reader copies into a query)."""
    shown = [[_fit(str(v), width, i in keep) for i, v in enumerate(r)] for r in [header, *rows]]
    widths = [max(len(r[i]) if i < len(r) else 0 for r in shown) for i in range(len(header))]
    for n, r in enumerate(shown):
        yield "  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)).rstrip()
        if n == 0:
            yield "  " + "  ".join("-" * w for w in widths)


def _fit(text: str, width: int, keep: bool) -> str:
    text = " ".join(text.split())
    return text if keep or len(text) <= width else text[: width - 3] + "..."


def _where(page: int | None, line: int | None) -> str:
    return f"p{page}" if page is not None else (f"l{line}" if line is not None else "")
