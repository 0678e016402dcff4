"""Pooled-budget and BCF funding-contribution tables -> :class:`ContributionTable`.

A contribution table has lines (a row label and an amount per partner or per year) and says which
lines are gross, which are deductions ("Less service user income", "iBCF Grant Funding") and which
are net; ``tables.py`` already gave each row that role from ``rules/row_roles.jsonl``. The pool is
named by the label column's header or the title ("Pool 2: Better Care Fund (BCF) Pool"); partners
are the organisations the value columns stand for, periods their financial years.
"""

from __future__ import annotations

import regex as re

from ..models import Amount, ContributionLine, ContributionTable, RowRole, Table
from .common import (
    PassContext,
    amount,
    clean,
    label_col,
    previous_table,
    row_text,
    span,
    value_cols,
    value_figure,
)
from .kinds import record_kind

RULE_ID = "pass.contribution.table"
_POOL_RE = re.compile(r"(?i)\bpool(?:ed\s+budget)?\b")


def run(ctx: PassContext) -> list[ContributionTable]:
    """One record per contribution table, in document order."""
    out: list[ContributionTable] = []
    for table in ctx.doc.tables:
        kind, rule_id, confidence = record_kind(ctx, table)
        if kind != "contribution":
            continue
        record = _record(ctx, table, rule_id, confidence)
        if record is not None:
            out.append(record)
    return out


def _record(
    ctx: PassContext, table: Table, rule_id: str | None, confidence: float
) -> ContributionTable | None:
    cols = value_cols(table)
    lines: list[ContributionLine] = []
    figure_ids: list[str] = []
    for row in table.rows:
        if row.role is RowRole.GROUP:
            continue
        amounts: list[Amount] = []
        for c in cols:
            fig = value_figure(ctx, table, row, c)
            if fig is None:
                continue
            column = table.columns[c]
            amounts.append(amount(fig, partner=column.organisation, period=column.period))
            figure_ids.append(fig.id)
        if not amounts:
            continue
        lines.append(
            ContributionLine(label=row.label, role=row.role, amounts=amounts, provenance=row.provenance)
        )
    if not lines:
        return None
    partners = list(dict.fromkeys(o for c in cols if (o := table.columns[c].organisation)))
    periods = list(dict.fromkeys(p for c in cols if (p := table.columns[c].period)))
    period = periods[0] if len(periods) == 1 else None
    if not periods:
        # "Pool 2" printed under "Pool 1" with one title for both: the year is the title's
        sibling = previous_table(ctx, table)
        if sibling is not None and sibling.table_type == "contribution":
            years = {c.period for c in sibling.columns if c.period}
            period = years.pop() if len(years) == 1 else None
    units = {a.unit for line in lines for a in line.amounts}
    # a table whose columns stand for nobody and no year is a weaker reading of "contributions"
    if not partners and not periods:
        confidence = min(confidence, 0.6)
    return ContributionTable(
        id="",
        rule_id=rule_id or RULE_ID,
        confidence=round(confidence, 2),
        section_id=table.section_id,
        table_id=table.id,
        text=" / ".join(row_text(r) for r in table.rows[:2]),
        provenance=span([table.provenance]),
        figure_ids=figure_ids,
        pool=_pool(ctx, table),
        partners=partners,
        periods=periods,
        period=period,
        unit=units.pop() if len(units) == 1 else "GBP",
        lines=lines,
    )


def _pool(ctx: PassContext, table: Table) -> str | None:
    """The pool's name: the label column's header when it names a pool, else the title when it
    does, else the section title when it does."""
    header = clean(table.columns[label_col(table)].header) if table.columns else ""
    section = ctx.sections.get(table.section_id)
    for text in (header, clean(table.title), clean(section.title if section else "")):
        if text and _POOL_RE.search(text):
            return text
    return None
