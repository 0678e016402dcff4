"""Stage 4a: every number becomes a :class:`Figure` — table cells and the numbers in prose.

A table cell's figure is labelled by its row and column the way a reader would read it: the row
label, the column header, the column's financial year and organisation, and a role from the
column (target, baseline ...) or the row (total). A number in prose is labelled by the phrase it
measures ("£1.2m in *social work capacity*"), with the sentence kept as its text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .dates import find_dates
from .gazetteer import Gazetteer
from .models import Block, BlockKind, ColumnKind, Figure, FigureRole, RowRole, Section, Table
from .numbers import COUNT, GBP, PERCENT, ParsedNumber, find_numbers, parse_number
from .prose import label_after, label_before, period_near, role_near, sentence_span
from .rules import MetricRule, Rules
from .tables import period_of


@dataclass(frozen=True)
class FigureContext:
    doc_id: str
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    sections: dict[str, Section]


_ROLE_BY_TABLE_TYPE = {"contribution": FigureRole.CONTRIBUTION, "scheme": FigureRole.ALLOCATION, "allocation": FigureRole.ALLOCATION}


def extract_figures(blocks: list[Block], tables: list[Table], ctx: FigureContext) -> list[Figure]:
    """Every figure in document order: table cells, numbers in table text, numbers in prose."""
    figures: list[Figure] = []
    tables_by_id = {t.id: t for t in tables}
    done_tables: set[str] = set()
    for block in blocks:
        if block.kind is BlockKind.TABLE:
            if block.table_id and block.table_id not in done_tables and block.table_id in tables_by_id:
                done_tables.add(block.table_id)
                figures.extend(_table_figures(tables_by_id[block.table_id], ctx, len(figures)))
            continue
        text = _strip_number_prefix(block)
        figures.extend(_prose_figures(text, block, ctx, len(figures)))
    return figures


def _strip_number_prefix(block: Block) -> str:
    """Paragraph numbers ('12. ', '(a) ') are not quantities: blank them, keeping offsets."""
    text = block.text
    if block.numbered:
        m = re.match(r"^\s*\(?" + re.escape(block.numbered) + r"[.)]?\s", text)
        if m:
            return " " * m.end() + text[m.end() :]
    return text


# --------------------------------------------------------------------------- tables


def _table_figures(table: Table, ctx: FigureContext, start: int) -> list[Figure]:
    out: list[Figure] = []
    section = ctx.sections[table.section_id]
    value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
    label_col = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    table_role = _ROLE_BY_TABLE_TYPE.get(table.table_type or "")
    for row in table.rows:
        if row.role is RowRole.GROUP:
            continue
        row_text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
        row_values: list[float] = []
        for cell in row.cells:
            col = table.columns[cell.col]
            if col.kind is not ColumnKind.VALUE or cell.value is None:
                continue
            role = col.role or (FigureRole.TOTAL if row.role in (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET) else None)
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
                    label=row.label,
                    column=col.header or None,
                    period=col.period,
                    organisation=col.organisation,
                    role=role,
                    section_id=table.section_id,
                    section=section.title,
                    table_id=table.id,
                    row=row.index,
                    col=cell.col,
                    text=row_text,
                    provenance=row.provenance,
                    warnings=warnings,
                )
            )
        # numbers written inside the row's words: a label cell's description, a comments column
        for cell in row.cells:
            col = table.columns[cell.col]
            if col.kind not in (ColumnKind.LABEL, ColumnKind.TEXT, ColumnKind.STATUS) or not cell.text.strip():
                continue
            lone_value_col = value_cols[0] if len(value_cols) == 1 else None
            for number in _numbers_in(cell.text, ctx.rules):
                if cell.col == label_col and number.start < len(row.label) and row.label and number.raw in row.label:
                    continue  # a number that is part of the label's own words ("65+", "per 100,000")
                if any(abs(number.value - v) < 1e-6 for v in row_values):
                    continue  # the cell says in words what the value column already holds
                into_col = lone_value_col is not None and not row_values and number.unit == GBP and cell.col == label_col
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
                        provenance=row.provenance,
                        warnings=list(number.warnings),
                    )
                )
    return out


def _cell_warnings(text: str) -> list[str]:
    parsed = parse_number(text.rstrip("*†"))
    return list(parsed.warnings) if parsed else []


def _unit_for(unit: str | None, label: str, rules: Rules) -> str:
    """A pound figure whose row names a rate ('£ per contact hour') is a rate (GBP/hour)."""
    if unit == GBP:
        for rule, pattern in rules.compiled["metric_words"]:
            if isinstance(rule, MetricRule) and rule.kind == "rate_unit" and pattern.search(label):
                return rule.value
    return unit or COUNT


# --------------------------------------------------------------------------- prose


def _numbers_in(text: str, rules: Rules) -> list[ParsedNumber]:
    dates = [(d.start, d.end) for d in find_dates(text, default_year=2000)]
    return find_numbers(text, exclude=dates, reference_words=rules.reference_words)


def _prose_figures(text: str, block: Block, ctx: FigureContext, start: int) -> list[Figure]:
    out: list[Figure] = []
    section = ctx.sections[block.section_id]
    for number in _numbers_in(text, ctx.rules):
        s, e = sentence_span(text, number.start)
        sentence = text[s:e].strip()
        label = _prose_label(text, number, section.title)
        orgs = ctx.gazetteer.find(text[s:e])
        out.append(
            Figure(
                id=f"f{start + len(out) + 1}",
                value=number.value,
                unit=_unit_for(number.unit, sentence, ctx.rules),
                raw=number.raw,
                label=label,
                period=_period(text, number.start),
                organisation=orgs[0].org.name if len(orgs) == 1 else None,
                role=_prose_role(text, number, ctx.rules),
                comparator=number.comparator,
                section_id=block.section_id,
                section=section.title,
                text=sentence,
                provenance=block.provenance,
                warnings=list(number.warnings),
            )
        )
    return out


def _prose_label(text: str, number: ParsedNumber, section_title: str) -> str:
    if number.unit == GBP:
        label = label_after(text, number.end) if _money_then_phrase(text, number) else ""
        label = label or label_before(text, number.start) or label_after(text, number.end)
    elif number.unit == PERCENT:
        label = label_after(text, number.end) if re.match(r"\s*(?:of|in|on)\s", text[number.end : number.end + 5]) else ""
        label = label or label_before(text, number.start) or label_after(text, number.end)
    else:
        label = label_after(text, number.end) or label_before(text, number.start)
    return label or section_title


def _money_then_phrase(text: str, number: ParsedNumber) -> bool:
    return bool(re.match(r"\s*(?:in|on|for|towards|into|to fund|to purchase|to support|of\s+\w+\s+funding|[a-z])", text[number.end : number.end + 20]))


def _period(text: str, pos: int) -> str | None:
    near = period_near(text, pos)
    return period_of(near) if near else None


def _prose_role(text: str, number: ParsedNumber, rules: Rules) -> FigureRole:
    role = role_near(text, number.start, rules)
    return FigureRole(role) if role else FigureRole.OTHER

