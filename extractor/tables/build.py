"""Raw grids to typed tables: the stages in order, and the joining of continued tables."""

from __future__ import annotations

import regex as re

from ..cell_source import attach_cells
from ..dates import period_of_date
from ..models import Block, BlockKind, ColumnKind, Provenance, RawBlock, RawDocument, RawTable, RowRole, Table
from ..numbers import parse_number
from ..periods import period_of
from ..units import unit_from_header
from .classify import classify_table
from .columns import _columns, _name_lone_column
from .context import TableContext
from .continuation import _continues, _merge_raw
from .doc_units import apply_document_unit
from .header import _column_headers, _first_only, column_paths, header_layout
from .panels import unfold_panels
from .rows import _merge_continuations, _rows, guess_stub, is_side_heading
from .totals import structure

_INTRODUCES_TABLE_RE = re.compile(
    r"(?i)^(?:table|figure|chart)\s*\d+|\b(?:set out|shown|given|listed|detailed|summarised|outlined|included)\s+(?:in the table\s+)?below\b|\bas follows\b|\bthe table below\b|\bin the following table\b|:\s*$"
)


def _drawn_header_rows(grid: list[list[str]], drawn: int) -> int:
    """The header rows the page drew (bold over plain), up to the first that is a line of amounts:
    a bold line over the rows it sums ("Overall Family Hub Budget | £7.3m | 100%") is data set
    first, not the names of its columns. Years and unit cells ("2024", "£000") stay names."""
    for r, row in enumerate(grid[:drawn]):
        cells = [c for c in row[1:] if c.strip()]
        if row[0].strip() and cells and all(_stated_amount(c) for c in cells):
            return r
    return drawn


def _stated_amount(text: str) -> bool:
    parsed = parse_number(text.strip().rstrip("*†"))
    return (
        parsed is not None
        and parsed.unit in ("GBP", "percent")
        and parsed.end == len(text.strip().rstrip("*†"))
    )


def interpret_tables(
    raw: RawDocument, blocks: list[Block], ctx: TableContext
) -> tuple[list[Table], list[Block]]:
    """Build a :class:`Table` for every table block; blocks get their ``table_id``.

    A table that continues the previous block's table (same columns, no new header, or the same
    header repeated) is appended to it, and its block points at the joined table.
    """
    tables: list[Table] = []
    out_blocks: list[Block] = []
    previous_raw: RawTable | None = None
    previous_index: int | None = None
    for index, (raw_block, block) in enumerate(zip(raw.blocks, blocks, strict=True)):
        if block.kind is not BlockKind.TABLE or raw_block.table is None:
            out_blocks.append(block)
            if block.kind is not BlockKind.TABLE:
                previous_raw = None
            continue
        raw_table = raw_block.table
        if (
            previous_raw is not None
            and previous_index is not None
            and _continues(previous_raw, raw_table, ctx)
        ):
            merged = _merge_raw(previous_raw, raw_table, ctx)
            prior = tables[-1]
            rebuilt = build_table(
                prior.id, merged, prior.section_id, prior.title, ctx, provenance_of(prior, raw_block)
            )
            tables[-1] = rebuilt.model_copy(update={"continued_from": prior.id})
            previous_raw = merged
            out_blocks.append(block.model_copy(update={"table_id": prior.id}))
            continue
        table_id = f"t{len(tables) + 1}"
        title = _title_for(raw.blocks, index, raw_table)
        table = build_table(table_id, raw_table, block.section_id, title, ctx, raw_block.provenance)
        tables.append(table)
        out_blocks.append(block.model_copy(update={"table_id": table_id}))
        previous_raw = raw_table
        previous_index = index
    return apply_document_unit(tables, ctx.rules), out_blocks


def provenance_of(prior: Table, raw_block: RawBlock) -> Provenance:
    a, b = prior.provenance, raw_block.provenance
    if a.line is not None and b.line_end is not None:
        return Provenance(line=a.line, line_end=b.line_end)
    if a.page is not None and b.page is not None:
        end = b.page_end or b.page
        return Provenance(page=a.page, page_end=end if end != a.page else None, bbox=a.bbox)
    return a


def _title_for(blocks: list[RawBlock], index: int, raw_table: RawTable) -> str | None:
    if raw_table.caption:
        return raw_table.caption
    sentence: str | None = None
    for back in range(index - 1, max(-1, index - 3), -1):
        block = blocks[back]
        if block.kind is BlockKind.TABLE:
            break
        text = block.text.strip()
        if block.kind is BlockKind.HEADING:
            # a heading over the sentence that introduces the table names it ("Prudential Indicator 3:
            # Gross Debt (£m)" over "… are shown below"), and often gives its unit
            return text
        if sentence is None and len(text) <= 200 and _INTRODUCES_TABLE_RE.search(text):
            sentence = text
    return sentence


def build_table(
    table_id: str,
    raw_table: RawTable,
    section_id: str,
    title: str | None,
    ctx: TableContext,
    provenance: Provenance,
) -> Table:
    grid = [[c.text for c in row.cells] for row in raw_table.rows]
    provs = [row.provenance for row in raw_table.rows]
    styles = [(row.bold, row.indent) for row in raw_table.rows]
    header_hint, stub_hint = raw_table.header_rows, raw_table.stub
    panels = unfold_panels(grid, provs, title)
    if panels is not None:
        grid, provs = panels
        styles = [(None, None)] * len(grid)
        header_hint, stub_hint = 1, 0
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    n_header, strong_at = header_layout(grid, ctx)
    if header_hint:
        header_hint = _drawn_header_rows(grid, header_hint)
    if header_hint:
        # the page's layout drew the header (bold over plain rows, lines over the first row of figures)
        n_header = header_hint
        strong_at = strong_at if strong_at is not None and strong_at < n_header else None
    header_grid = grid[:n_header]
    stub = stub_hint if stub_hint is not None else guess_stub(grid[n_header:])
    body, body_provs, body_styles = _merge_continuations(
        grid[n_header:], provs[n_header:], stub, styles[n_header:]
    )

    title_rows = [r for r in header_grid[:-1] if _first_only(r) and width > 2] if header_grid else []
    if strong_at:
        # rows above the row that names the columns are titles ("iBCF Project Plan", "Last Updated: ...")
        title_rows = [r for r in header_grid[:strong_at] if r[0].strip()]
    caption = raw_table.caption
    if title_rows:
        # the table's own title row names it better than the sentence before it
        caption = caption or title
        title = " ".join(r[0] for r in title_rows)
    name_rows = [r for r in header_grid if r not in title_rows]
    if strong_at:
        name_rows = [[""] + r[1:] for r in header_grid[:strong_at]] + header_grid[strong_at:]
    headers, header_units = _column_headers(name_rows, width)
    if len(body) == 1 and not body[0][0].strip() and headers and headers[0]:
        body[0][0] = headers[0]  # "Y on Y reduction | 2013/14 ..." then one unlabelled row of values

    table_unit, table_scale = unit_from_header(
        " ".join(filter(None, [title or ""] + [r[0] for r in title_rows]))
    )
    table_period = period_of_date(title or "") or period_of(title or "")
    columns = _columns(headers, header_units, body, ctx, table_unit, table_scale, table_period)
    columns = _name_lone_column(columns, title if title_rows else None, ctx)
    paths = column_paths(name_rows, width)
    columns = [
        c.model_copy(update={"header_path": paths[c.index] or ([c.header] if c.header else [])})
        for c in columns
    ]
    label_col = next((c.index for c in columns if c.kind is ColumnKind.LABEL), 0)
    rows = attach_cells(_rows(body, body_provs, columns, label_col, ctx, body_styles), raw_table)
    side = frozenset(r.index for r in rows if r.role is RowRole.GROUP and is_side_heading(r.label, ctx.rules))
    rows, consistency = structure(rows, columns, side)
    table_type, type_rule = classify_table(title, columns, rows, ctx.rules)
    return Table(
        id=table_id,
        section_id=section_id,
        title=title,
        caption=caption,
        method=raw_table.method,
        header_rows=header_grid,
        columns=columns,
        rows=rows,
        unit=table_unit,
        scale=table_scale,
        table_type=table_type,
        table_type_rule=type_rule,
        consistency=consistency,
        provenance=provenance,
    )
