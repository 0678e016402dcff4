"""Scheme tables and allocation tables -> :class:`SchemeAllocation`.

A scheme table (planning template style: "Scheme ID | Scheme Name | Scheme Type | Sub Types |
Source of Funding | Area of Spend | 2017/18 Expenditure | New/ Existing Scheme | Comments") gives
one record per scheme line. An allocation table ("Use of the improved Better Care Fund | 2017/18
£m", "how the BCF element of the pool will be utilised") gives one per line too, with the funding
source read from the words that introduce it. Columns are matched by meaning
(``rules/record_fields.jsonl``), never by position, so another council's column order reads the
same. Total lines are not schemes and make no record.
"""

from __future__ import annotations

from ..models import Amount, ColumnKind, RowRole, SchemeAllocation, Table, TableRow
from .common import (
    PassContext,
    Segment,
    amount,
    cell_text,
    clean,
    context_text,
    field_col,
    funding_source,
    none_if_blank,
    row_text,
    segments,
    value_cols,
    value_figure,
)
from .kinds import record_kind

RULE_SCHEME = "pass.scheme.row"
RULE_ALLOCATION = "pass.allocation.row"
_NOT_SCHEMES = (RowRole.GROUP, RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET)
_PROVIDER_KINDS = ("provider", "trust")


def run(ctx: PassContext) -> list[SchemeAllocation]:
    """One record per scheme or allocation line, in document order."""
    out: list[SchemeAllocation] = []
    for table in ctx.doc.tables:
        kind, rule_id, confidence = record_kind(ctx, table)
        if kind not in ("scheme", "allocation"):
            continue
        parts = segments(table, ctx.rules)
        if not parts:
            continue
        segment = parts[0]
        default_source = funding_source(
            context_text(ctx, table) + " | " + " | ".join(segment.headers), ctx.rules
        )
        for row in segment.rows:
            if row.role in _NOT_SCHEMES or not row.label:
                continue
            record = _record(
                ctx,
                table,
                segment,
                row,
                kind,
                rule_id,
                confidence,
                default_source.name if default_source else None,
            )
            if record is not None:
                out.append(record)
    return out


def _record(
    ctx: PassContext,
    table: Table,
    segment: Segment,
    row: TableRow,
    kind: str,
    rule_id: str | None,
    confidence: float,
    default_source: str | None,
) -> SchemeAllocation | None:
    amounts: list[Amount] = []
    for c in value_cols(table):
        fig = value_figure(ctx, table, row, c)
        if fig is not None:
            column = table.columns[c]
            amounts.append(amount(fig, partner=column.organisation, period=column.period))
    described = _description(table, segment, row)
    if not amounts and not described and kind == "allocation":
        return None  # a heading line inside an allocation table, not an allocation
    source_text = cell_text(row, field_col(segment, "funding_source"))
    source_rule = funding_source(source_text, ctx.rules) if source_text else None
    source = source_rule.name if source_rule else (source_text or default_source)
    ref_col = field_col(segment, "ref")
    if ref_col is None:
        ref_col = next((c.index for c in table.columns if c.kind is ColumnKind.REF), None)
    provider = none_if_blank(cell_text(row, field_col(segment, "provider")))
    score = confidence
    if provider is None:
        named = [m.org.name for m in ctx.gazetteer.find(row.label) if m.org.kind in _PROVIDER_KINDS]
        provider = named[0] if named else None
    if not amounts:
        score *= 0.7  # a scheme without money is still a scheme, but a thinner reading
    return SchemeAllocation(
        id="",
        rule_id=rule_id or (RULE_SCHEME if kind == "scheme" else RULE_ALLOCATION),
        confidence=round(score, 2),
        section_id=table.section_id,
        table_id=table.id,
        text=row_text(row),
        provenance=row.provenance,
        figure_ids=[a.figure_id for a in amounts if a.figure_id],
        scheme_ref=none_if_blank(cell_text(row, ref_col))
        if ref_col is not None and ref_col != _label(table)
        else None,
        name=row.label,
        scheme_type=none_if_blank(cell_text(row, field_col(segment, "scheme_type"))),
        sub_type=none_if_blank(cell_text(row, field_col(segment, "sub_type"))),
        funding_source=source,
        area_of_spend=none_if_blank(cell_text(row, field_col(segment, "area_of_spend"))),
        provider=provider,
        amounts=amounts,
        new_or_existing=none_if_blank(cell_text(row, field_col(segment, "new_or_existing"))),
        comments=described,
    )


def _label(table: Table) -> int:
    return next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)


def _description(table: Table, segment: Segment, row: TableRow) -> str | None:
    """The comments column, else the words that describe the line: the rest of a label cell after
    its title ("Improving Flow £1.2m investment in ...") and unnamed text columns ("iBCF proposals")."""
    parts: list[str] = []
    comments = cell_text(row, field_col(segment, "comments"))
    if comments:
        parts.append(comments)
    label_index = _label(table)
    label_cell = cell_text(row, label_index)
    if label_cell and label_cell != clean(row.label) and label_cell.startswith(clean(row.label)):
        parts.append(label_cell[len(clean(row.label)) :].strip())
    for col in table.columns:
        if col.kind is ColumnKind.TEXT and col.index not in segment.fields and col.index != label_index:
            text = cell_text(row, col.index)
            if text:
                parts.append(text)
    return " ".join(parts) or None
