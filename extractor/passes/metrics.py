"""Metric tables -> :class:`MetricRecord`; prose and "Target ..." lines are in ``metric_prose``.

Three table shapes are read:

* one metric per row ("Ref | Measure | Target | Baseline", "Measure | Trajectory | Comments",
  a template's "Metric | Definition | Assessment of progress"): target, baseline and actuals come
  from the value columns' roles, and from numbers in the row's words whose role the words give
  ("the baseline figure is 65. Quarter 2 figure is 41");
* one metric per value column when the rows are roles ("Baseline Q4 2016/17 | September 2017
  trajectory" by "NHS | Social Care | Total");
* a series (rows are periods: "Q1 2017/18 | 15,737"), read with the measure named before it by
  ``metric_prose``.
"""

from __future__ import annotations

import regex as re

from ..dates import find_dates
from ..models import ColumnKind, Figure, FigureRole, MetricRecord, MetricValue, RowRole, Table, TableRow
from ..periods import QUARTER_MENTION_RE, period_of, quarter_number
from ..rules import MetricRule
from . import metric_prose
from .common import (
    PassContext,
    Segment,
    cell_text,
    clean,
    field_col,
    find_raw,
    metric_value,
    metric_word,
    row_text,
    segments,
    status_word,
    text_figures,
    value_figure,
)
from .kinds import record_kind

RULE_ROW = "pass.metric.row"
RULE_COLUMN = "pass.metric.role-rows"


def run(ctx: PassContext) -> list[MetricRecord]:
    """Metrics from tables in document order, then the ones written in prose."""
    out: list[MetricRecord] = []
    series: list[Table] = []
    for table in ctx.doc.tables:
        kind, rule_id, confidence = record_kind(ctx, table)
        for seg in segments(table, ctx.rules):
            if not ((seg.first and kind == "metric") or _metric_fields(seg)):
                continue
            if _role_rows(ctx, table) >= 2:
                out.extend(_by_column(ctx, table, rule_id, confidence))
            elif is_series(table):
                series.append(table)
            else:
                out.extend(_by_row(ctx, table, seg, rule_id or RULE_ROW, confidence if seg.first else 0.8))
    out.extend(metric_prose.run(ctx, series))
    return out


def _metric_fields(seg: Segment) -> bool:
    fields = set(seg.fields.values())
    return "measure" in fields and bool(fields & {"status", "target", "baseline", "actual"})


def is_series(table: Table) -> bool:
    """Rows labelled by periods ("Q1 2017/18", "2016/17"): a time series of one measure."""
    labels = [r.label for r in table.rows if r.label]
    return len(labels) >= 2 and sum(1 for lb in labels if _is_period_label(lb)) >= 0.6 * len(labels)


def _is_period_label(label: str) -> bool:
    """'Q1 2017/18', '2016/17': a financial year or quarter, nothing else."""
    period = period_of(label) or ""
    return ("/" in period or "-" in period) and len(label.split()) <= 3


# --------------------------------------------------------------------------- one metric per row


def _by_row(
    ctx: PassContext, table: Table, seg: Segment, rule_id: str, confidence: float
) -> list[MetricRecord]:
    label = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    definition_col = field_col(seg, "definition")
    ref_col = field_col(seg, "ref")
    if ref_col is None:
        ref_col = next((c.index for c in table.columns if c.kind is ColumnKind.REF), None)
    status_cols = [
        c for c, f in seg.fields.items() if f == "status" and table.columns[c].kind is not ColumnKind.VALUE
    ]
    status_cols += [
        c.index
        for c in table.columns
        if c.kind is ColumnKind.STATUS and c.index not in status_cols and seg.first
    ]
    out: list[MetricRecord] = []
    for row in seg.rows:
        if row.role is RowRole.GROUP:
            continue
        name = cell_text(row, label) or row.label
        definition = (
            cell_text(row, definition_col) if definition_col is not None and definition_col != label else ""
        )
        measure = definition or name
        ref = cell_text(row, ref_col) if ref_col is not None and ref_col != label else ""
        if definition and not ref:
            ref = name  # a template names the metric ("NEA") and defines it in the next column
        if not measure:
            continue
        target, baseline, actuals, fids, alternatives = _row_values(ctx, table, seg, row, measure)
        status = next((s for c in status_cols if (s := status_word(cell_text(row, c), ctx.rules))), None)
        has_data = target is not None or baseline is not None or actuals or status
        out.append(
            MetricRecord(
                id="",
                rule_id=rule_id,
                confidence=round(confidence * (1.0 if has_data else 0.6), 2),
                section_id=table.section_id,
                table_id=table.id,
                text=row_text(row),
                provenance=row.provenance,
                figure_ids=fids,
                ref=ref or None,
                measure=measure,
                direction=direction(measure, ctx),
                target=target,
                baseline=baseline,
                actuals=actuals,
                alternatives=alternatives,
                status=status,
                national_metric=national_metric(" ".join([ref, name, definition]), ctx),
            )
        )
    return out


def _row_values(
    ctx: PassContext, table: Table, seg: Segment, row: TableRow, measure: str
) -> tuple[MetricValue | None, MetricValue | None, list[MetricValue], list[str], list[MetricValue]]:
    target: MetricValue | None = None
    baseline: MetricValue | None = None
    actuals: list[MetricValue] = []
    losers: list[MetricValue] = []  # a second target or baseline is kept, not dropped
    for col in table.columns:
        if col.kind is not ColumnKind.VALUE:
            continue
        role = col.role if seg.first else _segment_role(seg, col.index)
        if role not in (FigureRole.TARGET, FigureRole.BASELINE, FigureRole.ACTUAL):
            continue
        fig = value_figure(ctx, table, row, col.index)
        raw = cell_text(row, col.index)
        if fig is None and not raw:
            continue
        period = _period_in(measure, fig) or col.period or _header_quarter(col.header)
        value = metric_value(fig, period=period) if fig else MetricValue(value=None, raw=raw, period=period)
        if role is FigureRole.TARGET and target is None:
            target = value.model_copy(update={"date": _date_in(measure, fig)}) if fig else value
        elif role is FigureRole.BASELINE and baseline is None:
            baseline = value
        elif role is FigureRole.ACTUAL:
            actuals.append(value)
        else:
            losers.append(value)
    for fig in text_figures(ctx, table, row):
        quarter = _quarter(fig)
        # the prose reader may have dated the figure to its quarter already ("2024/25 Q3")
        said = quarter if not (fig.period and QUARTER_MENTION_RE.search(fig.period)) else None
        period = " ".join(p for p in (fig.period, said) if p) or None
        if fig.role is FigureRole.TARGET and target is None:
            target = metric_value(fig, period=period)
        elif fig.role is FigureRole.BASELINE and baseline is None:
            baseline = metric_value(fig)  # a quarter near a baseline is the one it is compared with
        elif fig.role in (FigureRole.TARGET, FigureRole.BASELINE):
            losers.append(metric_value(fig, period=period))
        elif fig.role is FigureRole.ACTUAL or (
            fig.role is FigureRole.OTHER and quarter and fig.unit != "GBP"
        ):
            actuals.append(metric_value(fig, period=period))
    fids = [v.figure_id for v in (target, baseline, *actuals) if v is not None and v.figure_id]
    return target, baseline, actuals, fids, losers


def _header_quarter(header: str) -> str | None:
    """'Q1 actual' -> 'Q1': a quarter named without its year."""
    m = QUARTER_MENTION_RE.search(header)
    return f"Q{quarter_number(m)}" if m else None


def _segment_role(seg: Segment, col: int) -> FigureRole | None:
    field = seg.fields.get(col)
    return FigureRole(field) if field in ("target", "baseline", "actual") else None


def _quarter(fig: Figure) -> str | None:
    """'in quarter 2 the figure is 51%' -> 'Q2': the quarter named just after the number, else the
    nearest one before it in its clause."""
    text = fig.text
    at = find_raw(text, fig.raw)
    if at < 0:
        return None
    after = QUARTER_MENTION_RE.search(text[at + len(fig.raw) : at + len(fig.raw) + 10])
    if after:
        return f"Q{quarter_number(after)}"
    before = list(QUARTER_MENTION_RE.finditer(text[max(0, at - 45) : at]))
    if before and not re.search(r"[.;]", text[max(0, at - 45) + before[-1].end() : at]):
        return f"Q{quarter_number(before[-1])}"
    return None


def _period_in(measure: str, fig: Figure | None) -> str | None:
    """The year a measure gives for one of its values: "from 11.25 per week in 2016/17 to 11 per
    week for 2017/18" gives 2016/17 to 11.25 and 2017/18 to 11."""
    if fig is None or fig.value is None:
        return None
    for m in re.finditer(r"(?<![\d.])" + re.escape(_plain(fig.value)) + r"(?![\d.])", measure):
        tail = measure[m.end() : m.end() + 30]
        tail = re.split(r"\b(?:to|from)\b", tail)[0]
        period = period_of(tail)
        if period and "/" in period:
            return period
    return None


def _date_in(measure: str, fig: Figure | None) -> str | None:
    """'... to 75% of all registered patients by 2019': the date a target is due."""
    if fig is None or fig.value is None:
        return None
    m = re.search(
        r"(?<![\d.])" + re.escape(_plain(fig.value)) + r"(?![\d.]).{0,60}?\bby\s+(?P<when>[\w ]{4,20})",
        measure,
    )
    if not m:
        return None
    found = find_dates(m.group("when"))
    if found:
        return found[0].iso
    year = re.match(r"\s*((?:19|20)\d{2})\b", m.group("when"))
    return year.group(1) if year else None


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


# --------------------------------------------------------------------------- one metric per column


def _role_rows(ctx: PassContext, table: Table) -> int:
    return sum(1 for r in table.rows if _row_role(ctx, r.label) in ("target", "baseline"))


def _row_role(ctx: PassContext, label: str) -> str | None:
    hit = metric_word("role", label, ctx.rules)
    return hit[0].value if hit else None


def _by_column(ctx: PassContext, table: Table, rule_id: str | None, confidence: float) -> list[MetricRecord]:
    """Rows are roles, columns are the things measured (Figure 10 in the B&NES plan: implied beds
    by NHS / Social Care / Total at baseline and at the September trajectory)."""
    section = ctx.sections.get(table.section_id)
    title = clean(table.title) or (section.title if section else "")
    title = re.sub(r"^(?:figure|table|chart)\s*\d+\s*[:.–-]?\s*", "", title, flags=re.I)
    out: list[MetricRecord] = []
    for col in table.columns:
        if col.kind is not ColumnKind.VALUE:
            continue
        target = baseline = None
        actuals: list[MetricValue] = []
        rows: list[TableRow] = []
        for row in table.rows:
            fig = value_figure(ctx, table, row, col.index)
            if fig is None:
                continue
            role = _row_role(ctx, row.label)
            dates = find_dates(row.label)
            value = metric_value(fig, period=period_of(row.label), date=dates[0].iso if dates else None)
            if role == "target" and target is None:
                target = value
            elif role == "baseline" and baseline is None:
                baseline = value
            elif role == "actual":
                actuals.append(value)
            else:
                continue  # a derived line ("Reduction in implied beds") is not a value of the measure
            rows.append(row)
        if not rows:
            continue
        measure = f"{title} ({col.header})" if col.header else title
        words = " ".join([measure, section.title if section else ""])
        out.append(
            MetricRecord(
                id="",
                rule_id=rule_id if rule_id and rule_id.startswith("pass.") else RULE_COLUMN,
                confidence=round(confidence, 2),
                section_id=table.section_id,
                table_id=table.id,
                text=" / ".join(row_text(r) for r in rows),
                provenance=rows[0].provenance,
                figure_ids=[
                    v.figure_id for v in (target, baseline, *actuals) if v is not None and v.figure_id
                ],
                measure=measure,
                direction=direction(words, ctx),
                target=target,
                baseline=baseline,
                actuals=actuals,
                national_metric=national_metric(words, ctx),
            )
        )
    return out


# --------------------------------------------------------------------------- words


def direction(text: str, ctx: PassContext) -> str | None:
    """'increase' or 'reduce': the first direction word in the measure."""
    hit = metric_word("direction", text, ctx.rules, longest=False)
    return hit[0].value if hit else None


def national_metric(text: str, ctx: PassContext) -> str | None:
    """The national BCF metric a measure maps to. A one-word hit ("reablement", "NEA") counts only
    in a short name: "Hours of reablement delivered by HART" is not the 91-day reablement metric."""
    text = clean(text)
    if not text:
        return None
    hit = metric_word("national_metric", text, ctx.rules)
    if hit is None:
        return None
    rule, m = hit
    assert isinstance(rule, MetricRule)
    if len(m.group(0).split()) >= 2 or len(text.split()) <= 4:
        return rule.value
    return None
