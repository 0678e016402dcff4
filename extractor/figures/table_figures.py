"""Table cells to figures: each value cell labelled by its row and column as a reader reads it, and
the numbers written in a row's words (a label's description, a comments column)."""

from __future__ import annotations

import regex as re

from ..cell_source import figure_provenance
from ..dates import period_of_date
from ..models import ColumnKind, Figure, FigureRole, RowRole, Table, TableRow
from ..numbers import GBP, ParsedNumber
from ..periods import financial_years_in
from ..prose import label_after, sentence_span
from ..rules import Rules
from ..tables.columns import header_rule, names_a_change, unit_from_words
from ..tables.rows import row_label
from .common import _cell_warnings, _numbers_in, _period, _prose_role, _unit_for
from .context import FigureContext

_ROLE_BY_TABLE_TYPE = {
    "contribution": FigureRole.CONTRIBUTION,
    "scheme": FigureRole.ALLOCATION,
    "allocation": FigureRole.ALLOCATION,
}


def _table_figures(table: Table, ctx: FigureContext, start: int) -> list[Figure]:
    out: list[Figure] = []
    section = ctx.sections[table.section_id]
    value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
    label_col = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    table_role = _ROLE_BY_TABLE_TYPE.get(table.table_type or "")
    table_period = _table_period(table, section.title, ctx.as_at or ctx.period, ctx.named_period)
    dating = {
        c.index
        for c in table.columns
        if c.kind is ColumnKind.DATE
        and (rule := header_rule(c.header, ctx.rules)) is not None
        and rule.dates_row
    }
    for row in table.rows:
        if row.role is RowRole.GROUP:
            continue
        row_period = _row_period(row, dating)
        row_text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
        row_values: list[float] = []
        for cell in row.cells:
            col = table.columns[cell.col]
            if col.kind is not ColumnKind.VALUE or cell.value is None:
                continue
            role = col.role or (
                FigureRole.TOTAL if row.role in (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET) else None
            )
            role = role or table_role or FigureRole.OTHER
            unit = _unit_for(cell.unit, row.label, ctx.rules)
            warnings = []
            parsed_warnings = _cell_warnings(cell.raw_number or cell.text)
            warnings.extend(parsed_warnings)
            row_values.append(cell.value)
            out.append(
                Figure(
                    id=f"f{start + len(out) + 1}",
                    value=cell.value,
                    unit=unit,
                    raw=cell.raw_number or cell.text,
                    label=_label_for(table, row, cell.col, label_col),
                    column=col.header or None,
                    period=_cell_period(
                        col.period, row_period, None if names_a_change(col.header) else table_period
                    ),
                    organisation=col.organisation,
                    role=role,
                    section_id=table.section_id,
                    section=section.title,
                    table_id=table.id,
                    row=row.index,
                    col=cell.col,
                    text=row_text,
                    provenance=figure_provenance(row, cell),
                    warnings=warnings,
                )
            )
        # numbers written inside the row's words: a label cell's description, a comments column
        for cell in row.cells:
            col = table.columns[cell.col]
            if (
                col.kind not in (ColumnKind.LABEL, ColumnKind.TEXT, ColumnKind.STATUS)
                or not cell.text.strip()
            ):
                continue
            lone_value_col = value_cols[0] if len(value_cols) == 1 else None
            defines = cell.col != label_col and _defines_measure(col.header, ctx.rules)
            for number in _numbers_in(cell.text, ctx.rules):
                if (
                    cell.col == label_col
                    and number.start < len(row.label)
                    and row.label
                    and number.raw in row.label
                ):
                    continue  # a number that is part of the label's own words ("65+", "per 100,000")
                if defines and number.unit != GBP:
                    continue  # "(65 and over) still at home 91 days after discharge": the measure's name
                if any(abs(number.value - v) < 1e-6 for v in row_values):
                    continue  # the cell says in words what the value column already holds
                if cell.col != label_col and not _stated_quantity(cell.text, number, ctx.rules):
                    continue  # "COVID19 COSTS - WHIPPS 3": a number in a category's name, not a figure
                into_col = (
                    lone_value_col is not None
                    and not row_values
                    and number.unit == GBP
                    and cell.col == label_col
                )
                s, e = sentence_span(cell.text, number.start)
                out.append(
                    Figure(
                        id=f"f{start + len(out) + 1}",
                        value=number.value,
                        unit=_unit_for(number.unit, cell.text, ctx.rules),
                        raw=number.raw,
                        label=row.label or label_after(cell.text, number.end),
                        column=(lone_value_col.header if into_col and lone_value_col else col.header) or None,
                        period=(lone_value_col.period if into_col and lone_value_col else None)
                        or _period(cell.text, number.start),
                        organisation=lone_value_col.organisation if into_col and lone_value_col else None,
                        role=(table_role if into_col and table_role else None)
                        or _prose_role(cell.text, number, ctx.rules),
                        comparator=number.comparator,
                        section_id=table.section_id,
                        section=section.title,
                        table_id=table.id,
                        row=row.index,
                        col=cell.col,
                        text=cell.text[s:e].replace("\n", " ").strip() or row_text,
                        provenance=figure_provenance(row, cell),
                        warnings=list(number.warnings),
                    )
                )
    return out


def _cell_period(column: str | None, row: str | None, table: str | None) -> str | None:
    """A cell's period: its column's; a date or year its row states ("Payment Date 22 April 2020",
    "2025-26 allocation") where the column says none or only that date's year; else the one period
    the whole table is for."""
    if row and (column is None or column in row):
        return row
    return column or table


def _row_period(row: TableRow, dating: set[int]) -> str | None:
    """The date in the row's column that dates it ("3 April 2020" under a payments list's "Payment
    Date"; not a bond's maturity date), or the one financial year its label names ("2025-26
    allocation"); not a span ("Total (2005/6 to 2013/14)")."""
    for cell in row.cells:
        if cell.col in dating:
            found = period_of_date(cell.text)
            if found:
                return found
    years = financial_years_in(row.label or "")
    if len(years) == 1 and not _SPAN_RE.search(row.label or ""):
        return years[0]
    return None


_SPAN_RE = re.compile(r"(?i)\b(?:to|until|and|through)\b|[–—]\s*\d")


def _table_period(table: Table, section_title: str, paper: str | None, named: str | None) -> str | None:
    """The one period a table is for when its columns do not each say one: a date or financial
    year in its title or caption ("Investments as at 30 September 2024") or its section's title, else
    the date or year the paper is about ("Investments as at 30 September 2024", "Budget Monitoring
    2024-25" for its savings table), or the one year
    a column states when it is the year the paper names most ("2024-25 Savings Target | Forecast |
    Variance"). ``None`` when a column names another period: then each column's period is its own."""
    stated = {c.period for c in table.columns if c.period}  # an empty year's column still says one
    for text in (table.title, table.caption, section_title):
        if not text:
            continue
        years = financial_years_in(text)
        found = period_of_date(text) or (years[0] if len(years) == 1 else None)
        if found:
            return found if stated <= {found} else None
    if paper and period_of_date(paper) == paper:
        return paper if stated <= {paper} else None  # the date the paper's figures stand at
    year = paper.split()[0] if paper and re.fullmatch(r"(?:19|20)\d{2}/\d{2}(?: Q[1-4])?", paper) else None
    if year is None and named and re.fullmatch(r"(?:19|20)\d{2}/\d{2}", named) and stated == {named}:
        year = named
    return year if year and stated <= {year} else None


# A cell this long is a sentence: its numbers read as prose does.
_SENTENCE_WORDS = 8


def _label_for(table: Table, row: TableRow, col: int, label_col: int) -> str:
    """The row's label for a figure in column ``col``: the main label, or, in a grid of two tables
    side by side, the label in the nearest label column to the figure's left."""
    stubs = [c.index for c in table.columns if c.kind is ColumnKind.LABEL and label_col < c.index < col]
    if not stubs:
        # no label column: each column's name is what its figures are
        return row.label or (
            table.columns[col].header if not any(c.kind is ColumnKind.LABEL for c in table.columns) else ""
        )
    text = row_label(row.cells[stubs[-1]].text) if stubs[-1] < len(row.cells) else ""
    return text or row.label


def _stated_quantity(text: str, number: ParsedNumber, rules: Rules) -> bool:
    """Is a number in a short text cell a quantity: with a unit ("£715", "5%"), before a counted
    noun ("3.4 FTE"), or in a sentence? Short category and description cells of payment lists hold
    numbers that name things."""
    if number.unit_explicit or len(text.split()) >= _SENTENCE_WORDS:
        return True
    after = text[number.end : number.end + 30].split()
    return bool(after) and unit_from_words(after[0], rules) == "count"


def _defines_measure(header: str, rules: Rules) -> bool:
    """A 'Definition' column spells out what its row measures ('per 100,000 population 65+');
    its numbers belong to that name, not to the row's results. Header words: ``record_fields``."""
    hits = rules.all_matches("record_fields", header or "")
    return any(getattr(rule, "field", None) == "definition" for rule, _ in hits)


def qualify_repeated_labels(
    figures: list[Figure], tables: list[Table], sections: dict[str, str]
) -> list[Figure]:
    """Give a reader's label to rows that share a label but not their numbers.

    Two rows of one table called "Integrated Care and Support" with different amounts are told
    apart the way a reader would: by the column that differs between them ("... (Community
    Health)" / "... (Social Care)"). Rows in different tables that still clash are told apart by
    their table (its title, its row header, its section). Rows that repeat a label with the same
    numbers (one scheme listed in two tables) keep it as it is.
    """
    by_id = {t.id: t for t in tables}
    qualifier: dict[tuple[str, int], str] = {}
    # 1. inside one table: the column that tells the rows apart
    for rows in _label_groups(figures, by_id, qualifier).values():
        per_table: dict[str, list[int]] = {}
        for table_id, row_index in rows:
            per_table.setdefault(table_id, []).append(row_index)
        for table_id, indexes in per_table.items():
            if len(indexes) < 2 or not _disagree([rows[(table_id, i)] for i in indexes]):
                continue
            for i in indexes:
                cell = _distinguishing_cell(by_id[table_id], i, indexes)
                if cell:
                    qualifier[(table_id, i)] = cell
    # 2. across tables: a label that still means different numbers in different tables gets the
    #    first kind of table context that differs
    for rows in _label_groups(figures, by_id, {}).values():
        table_ids = sorted({t for t, _ in rows})
        if len(table_ids) < 2 or not _disagree(list(rows.values())):
            continue
        contexts = {
            t: [
                by_id[t].title or "",
                next((c.header for c in by_id[t].columns if c.kind is ColumnKind.LABEL), ""),
                sections.get(by_id[t].section_id, ""),
            ]
            for t in table_ids
        }
        for level in range(3):
            names = [contexts[t][level] for t in table_ids]
            if all(names) and len(set(names)) == len(names):
                for table_id, row_index in rows:
                    extra = " ".join(contexts[table_id][level].split()[:10]).rstrip(" –-:")
                    before = qualifier.get((table_id, row_index))
                    qualifier[(table_id, row_index)] = f"{before}; {extra}" if before else extra
                break
    if not qualifier:
        return figures
    out = []
    for f in figures:
        q = qualifier.get((f.table_id or "", f.row if f.row is not None else -1))
        if q and f.table_id and f.col is not None and q.lower() not in f.label.lower():
            f = f.model_copy(update={"label": f"{f.label} ({q})"})
        out.append(f)
    return out


def _label_groups(
    figures: list[Figure], by_id: dict[str, Table], qualifier: dict[tuple[str, int], str]
) -> dict[str, dict[tuple[str, int], dict[str, float | None]]]:
    """Table rows grouped by their (qualified so far) label: row -> {column meaning: value}."""
    groups: dict[str, dict[tuple[str, int], dict[str, float | None]]] = {}
    for f in figures:
        if f.table_id is None or f.row is None or f.col is None:
            continue
        if by_id[f.table_id].columns[f.col].kind is not ColumnKind.VALUE:
            continue
        row_key = (f.table_id, f.row)
        key = _norm_label(f.label + " " + qualifier.get(row_key, ""))
        if not key:
            continue
        # compare rows by what a column means (its year, else its name), not by its position
        # (the column's own period: a row's date or the table's one year is the same across columns)
        column = by_id[f.table_id].columns[f.col]
        column_key = column.period or _norm_label(f.column or "") or str(f.col)
        groups.setdefault(key, {}).setdefault(row_key, {})[column_key] = f.value
    return {k: v for k, v in groups.items() if len(v) > 1}


def _disagree(rows: list[dict[str, float | None]]) -> bool:
    """Do any two rows give different values for the same column meaning?"""
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if any(k in b and b[k] != v for k, v in a.items()):
                return True
    return False


def _distinguishing_cell(table: Table, row_index: int, same_label_rows: list[int]) -> str | None:
    """The short text cell that differs between rows sharing a label (e.g. an 'Area of Spend')."""
    rows = {r.index: r for r in table.rows}
    for col in table.columns:
        if col.kind not in (ColumnKind.TEXT, ColumnKind.STATUS, ColumnKind.REF):
            continue
        texts = [" ".join(rows[i].cells[col.index].text.split()) for i in same_label_rows if i in rows]
        if len(set(texts)) == len(texts) and all(0 < len(t.split()) <= 6 for t in texts):
            return " ".join(rows[row_index].cells[col.index].text.split())
    return None


def _norm_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()
