"""Stage 3: raw grids to typed tables.

For each grid: rows that only continue the row above are merged; header rows are found (title
rows, column-name rows, a units row such as ``£'000``); each column gets a meaning (label, ref,
value, date, status, text) and, from its header, an organisation, a financial year, a role
(target, baseline ...) and a unit and scale; each body row gets a role (item, subtotal, total,
deduction, net, group). A table that continues the one before it (a page break, a repeated
header) is joined to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex as re

from .cell_source import attach_cells
from .dates import find_dates
from .gazetteer import Gazetteer
from .models import (
    Block,
    BlockKind,
    Cell,
    Column,
    ColumnKind,
    DateRole,
    FigureRole,
    Provenance,
    RawBlock,
    RawDocument,
    RawTable,
    RowRole,
    Table,
    TableRow,
)
from .numbers import is_financial_year, parse_number, unit_from_header
from .rules import HeaderRule, RowRoleRule, Rules, TableTypeRule

_PERIOD_RE = re.compile(
    r"(?<![\d/])(?:(?P<q>Q[1-4])\s*)?(?P<y1>(?:19|20)?\d{2})\s?[/\-–]\s?(?P<y2>(?:19|20)?\d{2})(?![\d/])(?:\s*(?P<q2>Q[1-4]))?",
    re.I,
)
_YEAR_RE = re.compile(r"(?<![\d/£,.])(?:19|20)\d{2}(?![\d/,])")
_SENTENCE_STARTERS = {
    "as", "an", "a", "the", "this", "these", "we", "in", "our", "it", "there", "following", "some",
    "recruitment", "research", "to", "from", "with", "funding", "investment",
}  # fmt: skip
_CONNECTORS = {"of", "and", "&", "the", "to", "in", "for", "a", "on", "at", "by", "with", "/", "-", "–"}
_REF_RE = re.compile(
    r"^(?:[A-Z]{1,4}[\s.-]?)?\d{1,3}(?:[.\-]\d{1,3}){0,3}[a-z]?(?:,[a-z])*(?:\s*[A-Za-z]{0,3})?$|^(?:chg|change|ref|id)\s*\d+$",
    re.I,
)
_UNIT_TOKEN_RE = re.compile(
    r"\(?£\s?['’‘`]?0{3}s?\)?|\(?£\s?(?:k|m|bn|millions?|thousands?)\)?(?![a-z])|\(\s*£\s*\)|(?<![\w£])£(?![\w\d])|\(%\)|(?<=\s|^)%(?=\s|$)",
    re.I,
)
_INTRODUCES_TABLE_RE = re.compile(
    r"(?i)^(?:table|figure|chart)\s*\d+|\b(?:set out|shown|given|listed|detailed|summarised|outlined|included)\s+(?:in the table\s+)?below\b|\bas follows\b|\bthe table below\b|\bin the following table\b|:\s*$"
)
_NIL_TEXT = {"n/a", "na", "tbc", "tba", "-", "–", "—", "nil", "none", "not applicable", "not available"}


@dataclass(frozen=True)
class TableContext:
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    header_term: Callable[[str], bool]


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
    return tables, out_blocks


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
    for back in range(index - 1, max(-1, index - 3), -1):
        block = blocks[back]
        if block.kind is BlockKind.TABLE:
            return None
        text = block.text.strip()
        if block.kind is BlockKind.HEADING or (len(text) <= 200 and _INTRODUCES_TABLE_RE.search(text)):
            return text
    return None


# --------------------------------------------------------------------------- building one table


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
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    n_header, strong_at = header_layout(grid, ctx)
    header_grid = grid[:n_header]
    body, body_provs = _merge_continuations(grid[n_header:], provs[n_header:])

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
    table_period = period_of(title or "")
    columns = _columns(headers, header_units, body, ctx, table_unit, table_scale, table_period)
    columns = _name_lone_column(columns, title if title_rows else None, ctx)
    label_col = next((c.index for c in columns if c.kind is ColumnKind.LABEL), 0)
    rows = attach_cells(_rows(body, body_provs, columns, label_col, ctx), raw_table)
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
        provenance=provenance,
    )


def classify_table(
    title: str | None, columns: list[Column], rows: list[TableRow], rules: Rules
) -> tuple[str | None, str | None]:
    """The table's type from the signatures in ``rules/table_types.jsonl``: weighted word hits in
    the title, the headers and the row labels. Returns ``(type, id of the strongest rule)``."""
    places = {
        "title": title or "",
        "header": " | ".join(c.header for c in columns),
        "label": " | ".join(r.label for r in rows),
    }
    scores: dict[str, float] = {}
    best_rule: dict[str, tuple[float, str]] = {}
    for rule, pattern in rules.compiled["table_types"]:
        assert isinstance(rule, TableTypeRule)
        where = [rule.where] if rule.where != "any" else list(places)
        hits = sum(1 for w in where if pattern.search(places[w]))
        if hits:
            score = rule.weight * hits
            scores[rule.table_type] = scores.get(rule.table_type, 0.0) + score
            if score > best_rule.get(rule.table_type, (0.0, ""))[0]:
                best_rule[rule.table_type] = (score, rule.id)
    if not scores:
        return None, None
    kind = max(scores, key=lambda k: scores[k])
    has_money = any(c.kind is ColumnKind.VALUE for c in columns)
    if kind in ("contribution", "allocation", "scheme") and not has_money:
        return None, None
    return kind, best_rule[kind][1]


def _first_only(row: list[str]) -> bool:
    return bool(row and row[0].strip()) and not any(c.strip() for c in row[1:])


def _is_value_cell(text: str) -> bool:
    t = text.strip()
    if not t or _UNIT_TOKEN_RE.fullmatch(t):
        return False  # "£000" names a unit, it is not a nought
    if t.lower() in _NIL_TEXT:
        return True
    return parse_number(t.rstrip("*†")) is not None or bool(find_dates(t))


def _is_unit_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(unit_from_header(c)[0] is not None and len(c) <= 12 for c in cells)


def _term_count(row: list[str], ctx: TableContext) -> int:
    count = 0
    for cell in row:
        text = " ".join(cell.split())
        if not text:
            continue
        if (
            ctx.header_term(text)
            or ctx.header_term(text.split("\n")[0])
            or ctx.header_term(_strip_units(text))
        ):
            count += 1
    return count


def _strip_units(text: str) -> str:
    return re.sub(r"\(?£\s?['’]?0{0,3}[km]?\)?|\(\s*£\s*\)|[*#]|\([*#a-z]\)", " ", text).strip()


def count_header_rows(grid: list[list[str]], ctx: TableContext) -> int:
    """How many leading rows are header (titles, column names, units)."""
    return header_layout(grid, ctx)[0]


def header_layout(grid: list[list[str]], ctx: TableContext) -> tuple[int, int | None]:
    """``(header rows, index of the row that names the columns)``; rows above that one are titles."""
    if not grid:
        return 0, None
    looks_header: list[bool] = []
    strong: list[bool] = []
    for row in grid[:6]:
        values = sum(_is_value_cell(c) for c in row[1:])
        terms = _term_count(row, ctx)
        is_strong = terms >= 3 or (terms >= 2 and terms >= values)
        strong.append(is_strong)
        looks_header.append(values == 0 or is_strong or _is_unit_row(row))
    strong_at = max((i for i, s in enumerate(strong) if s and i < 5), default=None)
    if strong_at is not None:
        n = strong_at + 1
    else:
        n = 0
        while n < len(looks_header) and looks_header[n]:
            if n > 0 and _first_only(grid[n]) and not _is_unit_row(grid[n]):
                break
            n += 1
        if n == len(grid):
            first = grid[0]
            short = all(len(c.split()) <= 8 for c in first if c)
            return (1 if len(grid) > 1 and short and not _first_only(first) else 0), None
    # header continues over wrapped name cells and a units row, but not over a group row
    while n < len(grid) and n < 6:
        row = grid[n]
        if _is_unit_row(row):
            n += 1
            continue
        if any(_is_value_cell(c) for c in row[1:]) or _first_only(row) or not any(c.strip() for c in row):
            break
        if not row[0].strip() or _term_count(row, ctx) >= 1 and not any(len(c.split()) > 8 for c in row):
            n += 1
            continue
        break
    return n, strong_at


def _column_headers(rows: list[list[str]], width: int) -> tuple[list[str], list[str]]:
    names: list[str] = []
    units: list[str] = []
    for c in range(width):
        parts: list[str] = []
        unit_parts: list[str] = []
        for row in rows:
            cell = " ".join(row[c].split()) if c < len(row) else ""
            if not cell:
                continue
            unit_text = _UNIT_TOKEN_RE.search(cell)
            if unit_text:
                unit_parts.append(unit_text.group(0))
                cell = (cell[: unit_text.start()] + " " + cell[unit_text.end() :]).strip(" ()")
                cell = " ".join(cell.split())
            if cell and cell not in parts:
                parts.append(cell)
        names.append(" ".join(parts))
        units.append(" ".join(unit_parts))
    return names, units


def _merge_continuations(
    body: list[list[str]], provs: list[Provenance]
) -> tuple[list[list[str]], list[Provenance]]:
    """A row that only carries on the row above (its label starts in lower case, or it has no
    label and no values) is part of that row: a wrapped label or a row cut by a page break."""
    rows: list[list[str]] = []
    out_provs: list[Provenance] = []
    for row, prov in zip(body, provs, strict=True):
        first = row[0].strip()
        has_values = any(_is_value_cell(c) for c in row[1:])
        continues = (
            bool(rows)
            and not has_values
            and (
                (
                    first[:1].islower()
                    and not re.match(r"^[a-z][.)]\s", first)
                    and not re.match(r"^[a-z]+[A-Z]", first)
                )
                or (not first and not has_values and any(c.strip() for c in row[1:]) and _looks_cut(rows[-1]))
            )
        )
        if continues:
            prev = rows[-1]
            for i, cell in enumerate(row):
                if cell.strip():
                    prev[i] = (prev[i] + " " + cell).strip() if prev[i] else cell
            out_provs[-1] = _span(out_provs[-1], prov)
            continue
        rows.append(list(row))
        out_provs.append(prov)
    return rows, out_provs


def _looks_cut(row: list[str]) -> bool:
    return any(c.strip() and not re.search(r"[.!?)]\s*$", c.strip()) for c in row[1:])


def _span(a: Provenance, b: Provenance) -> Provenance:
    if a.line is not None:
        return Provenance(line=a.line, line_end=b.line_end or b.line)
    if a.page is not None and b.page is not None and b.page != a.page:
        return Provenance(page=a.page, page_end=b.page, bbox=a.bbox)
    if a.bbox and b.bbox:
        return Provenance(
            page=a.page, bbox=(min(a.bbox[0], b.bbox[0]), a.bbox[1], max(a.bbox[2], b.bbox[2]), b.bbox[3])
        )
    return a


# --------------------------------------------------------------------------- columns


def _columns(
    headers: list[str],
    header_units: list[str],
    body: list[list[str]],
    ctx: TableContext,
    table_unit: str | None,
    table_scale: float,
    table_period: str | None,
) -> list[Column]:
    columns: list[Column] = []
    for c, header in enumerate(headers):
        cells = [row[c].strip() for row in body if c < len(row) and row[c].strip()]
        rule = _header_rule(header, ctx.rules)
        unit, scale = unit_from_header(header_units[c]) if header_units[c] else unit_from_header(header)
        if unit is None and table_unit is not None:
            unit, scale = table_unit, table_scale
        if unit is None and rule is not None and rule.unit:
            unit = rule.unit  # "Amount" over a spend list's 298,800.00
        kind = _column_kind(c, header, cells, rule)
        org = ctx.gazetteer.resolve(header, area=ctx.area) if header else None
        change = _names_a_change(header)
        period = period_of(header) if not change else None
        role = FigureRole(rule.role) if rule is not None and rule.role else None
        date_role = DateRole(rule.date_role) if rule is not None and rule.date_role else None
        if kind is ColumnKind.VALUE and period is None and table_period is not None and not change:
            period = table_period
        columns.append(
            Column(
                index=c,
                header=header,
                kind=kind,
                period=period,
                organisation=org.name if org is not None else None,
                role=role,
                unit=unit,
                scale=scale,
                date_role=date_role,
            )
        )
    _choose_label(columns, body)
    return columns


def _name_lone_column(columns: list[Column], title: str | None, ctx: TableContext) -> list[Column]:
    """'Kent County Council (*)' over the row labels (or on a title line of its own), then '£'000'
    over the one value column: that name is the value column's (its organisation, its year), as if
    it stood over it. A PDF or an export often moves a lone column heading into the first cell."""
    values = [c for c in columns if c.kind is ColumnKind.VALUE]
    if len(values) != 1 or values[0].header.strip():
        return columns
    label = next((c for c in columns if c.kind is ColumnKind.LABEL), None)
    name = None
    if label is not None and label.organisation and len(label.header.split()) <= 10:
        name = label.header
    elif (
        title
        and len(title.split()) <= 10
        and (ctx.gazetteer.resolve(title, area=ctx.area) or period_of(title))
    ):
        name = title
    if name is None:
        return columns
    col = values[0]
    org = ctx.gazetteer.resolve(name, area=ctx.area)
    named = col.model_copy(
        update={
            "header": name,
            "organisation": col.organisation or (org.name if org is not None else None),
            "period": period_of(name) or col.period,
        }
    )
    out = []
    for c in columns:
        if c.index == col.index:
            c = named
        elif label is not None and c.index == label.index and name == label.header:
            c = c.model_copy(update={"organisation": None})  # the rows are not that organisation's name
        out.append(c)
    return out


def _header_rule(header: str, rules: Rules) -> HeaderRule | None:
    """The most specific header rule: highest priority, then the longest matched phrase."""
    text = " ".join(header.split())
    if not text:
        return None
    best: tuple[int, int, HeaderRule] | None = None
    for rule, m in rules.all_matches("header_synonyms", text):
        assert isinstance(rule, HeaderRule)
        # the phrase must cover a fair part of the header: "Sub Types" is not a "Type" header
        covered = (m.end() - m.start()) / max(1, len(text))
        score = (rule.priority if covered >= 0.3 else -1, m.end() - m.start())
        if best is None or score > best[:2]:
            best = (score[0], score[1], rule)
    return best[2] if best and best[0] >= 0 else None


def _column_kind(c: int, header: str, cells: list[str], rule: HeaderRule | None) -> ColumnKind:
    if not cells:
        return ColumnKind.EMPTY
    numeric = sum(1 for t in cells if _numeric_cell(t))
    dated = sum(1 for t in cells if find_dates(t))
    nil = sum(1 for t in cells if t.lower() in _NIL_TEXT)
    share = lambda n: n / len(cells)  # noqa: E731
    hinted = rule.column_kind if rule is not None else None
    if hinted == "ref" or (c == 0 and all(_REF_RE.match(t) for t in cells) and len(cells) >= 2):
        if all(len(t) <= 12 for t in cells):
            return ColumnKind.REF
    if hinted == "date" or (share(dated) >= 0.5 and dated > numeric):
        if dated > 0 or all(_numeric_cell(t) for t in cells):
            return ColumnKind.DATE
    if (
        share(numeric + nil) >= 0.5
        and numeric > 0
        and (hinted not in ("label", "text") or share(numeric) >= 0.8)
    ):
        return ColumnKind.VALUE  # numbers win over a header word ("Risk share" holding 30%, 70%)
    if hinted == "status":
        return ColumnKind.STATUS
    if hinted == "label":
        return ColumnKind.LABEL
    if hinted == "text":
        return ColumnKind.TEXT
    words = [len(t.split()) for t in cells]
    if len(set(cells)) <= 6 and max(words) <= 4 and len(cells) >= 3 and c > 0:
        return ColumnKind.STATUS
    return ColumnKind.TEXT


def _numeric_cell(text: str) -> bool:
    return parse_number(text.rstrip("*†")) is not None


def _choose_label(columns: list[Column], body: list[list[str]]) -> None:
    """The row-label column: the one its header calls a label, else the first text column."""
    if any(c.kind is ColumnKind.LABEL for c in columns):
        labels = [c for c in columns if c.kind is ColumnKind.LABEL]
        for extra in labels[1:]:
            columns[extra.index] = extra.model_copy(update={"kind": ColumnKind.TEXT})
        return
    for col in columns:
        if col.kind is ColumnKind.TEXT:
            columns[col.index] = col.model_copy(update={"kind": ColumnKind.LABEL})
            return
    # a table of numbers with a first column of codes or years: that column labels the rows
    if columns and columns[0].kind in (ColumnKind.REF, ColumnKind.STATUS, ColumnKind.DATE, ColumnKind.VALUE):
        columns[0] = columns[0].model_copy(update={"kind": ColumnKind.LABEL})


def _names_a_change(header: str) -> bool:
    """'... uplift as a percentage change between 2017/18 and 2018/19': a column of changes from
    one year to the next is neither year's."""
    years = {period_of(m.group(0)) for m in _PERIOD_RE.finditer(header)}
    change = re.search(r"(?i)\b(?:change|uplift|increase|variance|difference|movement)\b", header)
    return len(years - {None}) >= 2 and bool(change)


def period_of(text: str) -> str | None:
    """The financial year a header names, normalised: '16/17' -> '2016/17', 'Q2 18/19' -> '2018/19 Q2'."""
    if not text:
        return None
    for m in _PERIOD_RE.finditer(text):
        y1, y2 = m.group("y1"), m.group("y2")
        if not is_financial_year(y1, y2):
            continue
        start = int(y1) if len(y1) == 4 else 2000 + int(y1)
        end = int(y2[-2:])
        period = f"{start}/{end:02d}" if (end - start % 100) % 100 == 1 else f"{start}-{end:02d}"
        quarter = m.group("q") or m.group("q2")
        return f"{period} {quarter.upper()}" if quarter else period
    m = _YEAR_RE.search(text)
    return m.group(0) if m else None


# --------------------------------------------------------------------------- rows


def _rows(
    body: list[list[str]], provs: list[Provenance], columns: list[Column], label_col: int, ctx: TableContext
) -> list[TableRow]:
    rows: list[TableRow] = []
    group: str | None = None
    after_gross = False  # the row above is a positive gross/total line or a deduction under one
    last_label = ""
    for index, (row, prov) in enumerate(zip(body, provs, strict=True)):
        label_text = row[label_col] if label_col < len(row) else ""
        label = row_label(label_text)
        if not label:
            label = _fallback_label(row, columns, label_col, last_label)
        else:
            last_label = label
        cells: list[Cell] = []
        for col in columns:
            text = row[col.index] if col.index < len(row) else ""
            cell = Cell(col=col.index, text=text)
            if col.kind is ColumnKind.VALUE:
                parsed = parse_number(text.rstrip("*†"), unit=col.unit, scale=col.scale)
                if parsed is not None:
                    cell = cell.model_copy(
                        update={"value": parsed.value, "unit": parsed.unit, "raw_number": parsed.raw}
                    )
            cells.append(cell)
        cells = _shared_row_unit(cells, columns)
        values = [c.value for c in cells if c.value is not None]
        others = [c for c in cells if c.col != label_col and c.text.strip()]
        role = _row_role(label, values, after_gross, ctx.rules)
        if (
            role is RowRole.ITEM
            and group is not None
            and _row_role(group, [], False, ctx.rules) is RowRole.DEDUCTION
        ):
            role = RowRole.DEDUCTION  # the lines under a "Less:" heading are what it takes away
        if not values and not others and label:
            role = RowRole.GROUP
            group = label
        elif role in (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET):
            group = None  # a total closes the group it sums
        if role in (RowRole.TOTAL, RowRole.SUBTOTAL):
            after_gross = any(v > 0 for v in values)
        elif role is not RowRole.DEDUCTION:
            after_gross = False
        rows.append(
            TableRow(
                index=index,
                label=label,
                role=role,
                cells=cells,
                group=group if role is not RowRole.GROUP else None,
                provenance=prov,
            )
        )
    return rows


def _fallback_label(row: list[str], columns: list[Column], label_col: int, last_label: str) -> str:
    """A row with an empty label cell: 'Total' written in another text column (the ID column of a
    scheme table), or else the label of the row above — the label cell spans several rows."""
    for col in columns:
        if col.index == label_col or col.kind is ColumnKind.VALUE:
            continue
        text = row[col.index].strip() if col.index < len(row) else ""
        if text and _row_role_words(text):
            return row_label(text)
    return last_label


def _row_role_words(text: str) -> bool:
    return bool(re.match(r"(?i)^\s*(?:grand\s+|sub[\s-]?)?totals?\b|^\s*(?:gross|net)\b", text))


def _shared_row_unit(cells: list[Cell], columns: list[Column]) -> list[Cell]:
    """A target written '> 69%' and a baseline written '73.3' in one metric row measure the same
    thing: a bare number takes the unit its neighbours state. Only for target/baseline/actual
    columns, where every cell of a row is the same measure."""
    metric_cols = {
        c.index for c in columns if c.role in (FigureRole.TARGET, FigureRole.BASELINE, FigureRole.ACTUAL)
    }
    if len(metric_cols) < 2:
        return cells
    stated = {
        c.unit
        for c in cells
        if c.col in metric_cols and c.value is not None and c.raw_number and "%" in c.raw_number
    }
    if len(stated) != 1:
        return cells
    unit = stated.pop()
    return [
        c.model_copy(update={"unit": unit})
        if c.col in metric_cols and c.value is not None and c.unit in (None, "count")
        else c
        for c in cells
    ]


def _row_role(label: str, values: list[float], after_gross: bool, rules: Rules) -> RowRole:
    text = label.strip()
    for rule, m in rules.all_matches("row_roles", text):
        assert isinstance(rule, RowRoleRule)
        if rule.anchor == "start" and m.start() > 0:
            continue
        return RowRole(rule.role)
    # straight after a positive gross line, a line of negatives is a deduction ("iBCF Grant
    # Funding -6,276 0"); further down, or in a table of savings where every line is negative,
    # it is just an item
    if after_gross and values and all(v <= 0 for v in values) and any(v < 0 for v in values):
        return RowRole.DEDUCTION
    return RowRole.ITEM


def row_label(text: str) -> str:
    """The label a reader gives a row: a cell's title line, without list dashes or footnote marks."""
    text = text.strip()
    if not text:
        return ""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        rest = " ".join(lines[1:])
        if len(lines[0].split()) <= 8 and len(rest.split()) >= 10 and re.search(r"[.!?]\s*$|\.\s", rest):
            label = lines[0]
        else:
            label = " ".join(lines)
    else:
        label = split_lead_title(lines[0])[0]
    label = re.sub(r"^[-–•*]\s+", "", label)
    return re.sub(r"\s+", " ", label).strip()


def split_lead_title(text: str) -> tuple[str, str]:
    """'Market Resilience As a result of ...' -> ('Market Resilience', 'As a result of ...').

    A long cell that opens with a short Title Case phrase followed by the start of a sentence (or a
    sum of money) has that phrase as its title. Short cells are returned whole.
    """
    words = text.split()
    if len(words) < 12:
        return text, ""
    for i in range(1, min(8, len(words) - 4) + 1):
        lead = words[:i]
        nxt = words[i]
        if not all(w[:1].isupper() or w.lower() in _CONNECTORS or w[:1].isdigit() for w in lead):
            break
        if lead[-1].lower() in _CONNECTORS:
            continue
        if nxt.startswith("£") or (nxt.lower() in _SENTENCE_STARTERS and nxt[:1].isupper()):
            return " ".join(lead), " ".join(words[i:])
    return text, ""


# --------------------------------------------------------------------------- continued tables


def _continues(prev: RawTable, nxt: RawTable, ctx: TableContext) -> bool:
    """Does ``nxt`` carry on ``prev`` (a page break, or a header repeated after a gap)?"""
    a = [[c.text for c in r.cells] for r in prev.rows]
    b = [[c.text for c in r.cells] for r in nxt.rows]
    if not a or not b:
        return False
    width = max(len(r) for r in a)
    if max(len(r) for r in b) != width:
        # an export trims trailing empty cells: a narrower part continues if it fits the columns
        if max(len(r) for r in b) > width or count_header_rows(b, ctx) > 0:
            return False
        b = [r + [""] * (width - len(r)) for r in b]
        a = [r + [""] * (width - len(r)) for r in a]
    na = count_header_rows(a, ctx)
    nb = count_header_rows(b, ctx)
    if nb and na and _coded_rows_continue(a[na:], b[:nb], ctx):
        # rows without figures at the top of a part ("6.3 | Reduce the use of s136 ...") look like
        # a header, but coded like the first part's rows and naming no columns they are its body
        nb = 0
    if nb == 0:
        # no header of its own: it continues only if the rows look alike (same filled columns)
        filled_a = [i for i, c in enumerate(a[-1]) if c.strip()]
        filled_b = [i for i, c in enumerate(b[0]) if c.strip()]
        return (
            na > 0
            and bool(filled_b)
            and set(filled_b) <= set(range(len(b[0])))
            and len(filled_a) >= 2
            and len(filled_b) >= 2
        )
    if _repeats_header(a, na, b):
        return True  # the whole header repeated (a page break), however few columns it names
    head_a = [" ".join(c.split()).lower() for c in _column_headers(a[:na], len(a[0]))[0]]
    head_b = [" ".join(c.split()).lower() for c in _column_headers(b[:nb], len(b[0]))[0]]
    same = sum(1 for x, y in zip(head_a, head_b, strict=False) if x == y and x)
    clash = sum(1 for x, y in zip(head_a, head_b, strict=False) if x and y and x != y)
    return clash == 0 and same >= max(2, len([h for h in head_b if h]) - 1)


def _repeats_header(a: list[list[str]], na: int, b: list[list[str]]) -> bool:
    """Does ``b`` open with ``a``'s header rows, word for word, and go on with rows of its own?
    Rows after the repeated header are body even when they look like header (a row cut by the
    page break, its text carried over without figures)."""
    norm = lambda rows: [[" ".join(c.split()).lower() for c in r] for r in rows]  # noqa: E731
    head = norm(a[:na])
    return 0 < na < len(b) and any(c for r in head for c in r) and norm(b[:na]) == head


def _coded_rows_continue(body_a: list[list[str]], head_b: list[list[str]], ctx: TableContext) -> bool:
    """True when the first part's rows start with codes ("6.2") and so do the second part's
    would-be header rows, which name no columns (no header words in them)."""
    codes_a = [r[0].strip() for r in body_a if r and r[0].strip()]
    codes_b = [r[0].strip() for r in head_b if r and r[0].strip()]
    if not codes_a or not codes_b:
        return False
    coded = lambda cells: all(_REF_RE.match(c) and len(c) <= 12 for c in cells)  # noqa: E731
    return coded(codes_a) and coded(codes_b) and not any(_term_count(r, ctx) >= 2 for r in head_b)


def _merge_raw(prev: RawTable, nxt: RawTable, ctx: TableContext) -> RawTable:
    a = [[c.text for c in r.cells] for r in prev.rows]
    b = [[c.text for c in r.cells] for r in nxt.rows]
    width = max(len(r) for r in a)
    b = [r + [""] * (width - len(r)) for r in b]
    na = count_header_rows(a, ctx)
    nb = count_header_rows(b, ctx)
    if nb and na and _coded_rows_continue(a[na:], b[:nb], ctx):
        nb = 0
    if _repeats_header(a, na, b):
        nb = na
    rows = list(prev.rows)
    if nb and na:
        # fill header cells left blank in the first part from the repeated header
        head_a = _column_headers(a[:na], len(a[0]))[0]
        head_b = _column_headers(b[:nb], len(b[0]))[0]
        last = rows[na - 1]
        cells = list(last.cells)
        for i, (x, y) in enumerate(zip(head_a, head_b, strict=False)):
            if not x and y:
                cells[i] = cells[i].model_copy(update={"text": y})
        rows[na - 1] = last.model_copy(update={"cells": cells})
    width = max(len(r.cells) for r in rows)
    for row in nxt.rows[nb:]:
        missing = width - len(row.cells)
        if missing > 0:
            row = row.model_copy(
                update={
                    "cells": list(row.cells)
                    + [row.cells[0].model_copy(update={"text": "", "checked": None})] * missing
                }
            )
        rows.append(row)
    return prev.model_copy(update={"rows": rows})
