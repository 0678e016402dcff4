"""Project plans and action plans -> :class:`Milestone`.

A plan table ("Workstream/Activity | Owner | Start Date | Expected Delivery | Status") has three
levels of line: a workstream (a group row, "Improving Flow"), a project (a line with an owner, an
allocation or a status but no dates) and its tasks (lines with dates). Every project and task
becomes a milestone; a task's workstream is the path "workstream / project" and it inherits the
project's owner when it names none. An action plan whose cells hold numbered actions and one date
per action ("1) ... 2) ..." beside "13/10/2017 31/3/2018") gives one milestone per action. A list
line that opens with a date ("29 Sep: a demand and capacity plan reported to ...") is a milestone
in prose. Dates are the document's own :class:`DateMention` items, so milestones and dates.csv agree.
"""

from __future__ import annotations

import regex as re

from ..models import Amount, BlockKind, DateMention, Milestone, RowRole, Table, TableRow
from .common import (
    PassContext,
    Segment,
    amount,
    cell_text,
    clean,
    field_col,
    none_if_blank,
    row_text,
    segments,
    value_cols,
    value_figure,
)
from .kinds import record_kind

RULE_ROW = "pass.milestone.row"
RULE_ACTION = "pass.milestone.numbered-action"
RULE_PROSE = "pass.milestone.date-led-line"
_NUMBERED_RE = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+")
_DATE_LED_RE = re.compile(r"^\s*(?:[a-z][.)]\s*)?(?P<date>[^:]{3,30}?)\s*[:–-]\s+(?P<rest>\S.{5,})$", re.S)


def run(ctx: PassContext) -> list[Milestone]:
    """Milestones from plan tables, then from date-led lines in prose, in document order."""
    dates = _dates_by_cell(ctx.doc.dates)
    out: list[Milestone] = []
    for table in ctx.doc.tables:
        kind, rule_id, confidence = record_kind(ctx, table)
        if kind != "milestone":
            continue
        parts = segments(table, ctx.rules)
        if parts:
            out.extend(_table_milestones(ctx, table, parts[0], dates, rule_id, confidence))
    out.extend(_prose_milestones(ctx))
    return out


def _dates_by_cell(mentions: list[DateMention]) -> dict[tuple[str, int, int], list[DateMention]]:
    out: dict[tuple[str, int, int], list[DateMention]] = {}
    for d in mentions:
        if d.table_id is not None and d.row is not None and d.col is not None:
            out.setdefault((d.table_id, d.row, d.col), []).append(d)
    return out


def _table_milestones(
    ctx: PassContext,
    table: Table,
    seg: Segment,
    dates: dict[tuple[str, int, int], list[DateMention]],
    rule_id: str | None,
    confidence: float,
) -> list[Milestone]:
    label = next((c.index for c in table.columns if c.kind.value == "label"), 0)
    activity_col = field_col(seg, "activity")
    separate_activity = activity_col is not None and activity_col != label
    start_col, end_col = field_col(seg, "start_date"), field_col(seg, "end_date")
    owner_col, status_col = field_col(seg, "owner"), field_col(seg, "status")
    money_cols = value_cols(table)
    out: list[Milestone] = []
    group: str | None = None
    project: tuple[str, str | None] | None = None  # (name, owner)
    for row in seg.rows:
        if row.role is RowRole.GROUP:
            group, project = row.label, None
            continue
        if not row.label:
            continue
        starts = dates.get((table.id, row.index, start_col), []) if start_col is not None else []
        ends = dates.get((table.id, row.index, end_col), []) if end_col is not None else []
        owner = none_if_blank(cell_text(row, owner_col))
        status = none_if_blank(cell_text(row, status_col))
        allocation = _allocation(ctx, table, row, money_cols)
        common = {
            "section_id": table.section_id,
            "table_id": table.id,
            "text": row_text(row),
            "provenance": row.provenance,
        }
        if separate_activity:
            when = ends or starts
            actions = _numbered(cell_text(row, activity_col), len(when)) or [cell_text(row, activity_col)]
            pair = len(actions) == len(when) and len(actions) > 1
            for i, action in enumerate(a for a in actions if a):
                date = when[i] if pair else (when[0] if when else None)
                out.append(
                    Milestone(
                        id="",
                        rule_id=RULE_ACTION if pair else (rule_id or RULE_ROW),
                        confidence=round(confidence * (1.0 if date else 0.7), 2),
                        figure_ids=[allocation.figure_id] if allocation and allocation.figure_id else [],
                        workstream=row.label,
                        activity=action,
                        owner=owner,
                        status=status,
                        allocation=allocation,
                        end_date=date.date if date and date in ends else None,
                        start_date=date.date if date and date in starts else None,
                        **common,
                    )
                )
            continue
        if not starts and not ends:
            # a project line: it names the work its tasks below belong to
            project = (row.label, owner)
            workstream = group
        else:
            workstream = " / ".join(p for p in (group, project[0] if project else None) if p) or None
            owner = owner or (project[1] if project else None)
        out.append(
            Milestone(
                id="",
                rule_id=rule_id or RULE_ROW,
                confidence=round(
                    confidence * (1.0 if starts and ends else 0.9 if starts or ends else 0.75), 2
                ),
                figure_ids=[allocation.figure_id] if allocation and allocation.figure_id else [],
                workstream=workstream,
                activity=row.label,
                owner=owner,
                status=status,
                allocation=allocation,
                start_date=starts[0].date if starts else None,
                end_date=ends[0].date if ends else None,
                **common,
            )
        )
    return out


def _allocation(ctx: PassContext, table: Table, row: TableRow, cols: list[int]) -> Amount | None:
    for c in cols:
        fig = value_figure(ctx, table, row, c)
        # a project plan's week columns hold Gantt marks ("1"), not money
        if fig is not None and fig.unit == "GBP":
            return amount(fig, partner=table.columns[c].organisation, period=table.columns[c].period)
    return None


def _numbered(text: str, dates: int) -> list[str]:
    """'1) Agree plan 2) New pathway model agreed' -> ['Agree plan', 'New pathway model agreed'].

    A cell that starts mid-list ("... discharge planning 3) Design pilot 4) ...", the rest of an
    action cut by a page break) loses its leading fragment when the items left match the dates.
    A single "1) Agree one format" is one action without its number. [] when there is no list.
    """
    marks = list(_NUMBERED_RE.finditer(text))
    if not marks:
        return []
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        items.append(clean(text[m.end() : end]))
    lead = clean(text[: marks[0].start()])
    if lead and len(items) != dates:
        items.insert(0, lead)
    return items


def _prose_milestones(ctx: PassContext) -> list[Milestone]:
    """'a. 29 Sep: a demand and capacity plan reported to System Flow Board': a short list line
    that opens with a date and a colon names something due by that date."""
    by_place: dict[tuple[str, str], list[DateMention]] = {}
    for d in ctx.doc.dates:
        if d.table_id is None:
            by_place.setdefault((d.section_id, d.provenance.model_dump_json()), []).append(d)
    out: list[Milestone] = []
    for block in ctx.doc.blocks:
        if block.kind is BlockKind.TABLE or len(block.text.split()) > 40:
            continue
        m = _DATE_LED_RE.match(block.text)
        if not m:
            continue
        mentions = by_place.get((block.section_id, block.provenance.model_dump_json()), [])
        lead = [d for d in mentions if d.raw and d.raw in m.group("date")]
        if not lead:
            continue
        section = ctx.sections.get(block.section_id)
        if section is not None and clean(section.title) == clean(block.text) and section.parent_id:
            section = ctx.sections.get(section.parent_id)  # the line was read as a heading of its own
        out.append(
            Milestone(
                id="",
                rule_id=RULE_PROSE,
                confidence=0.5,
                section_id=block.section_id,
                text=clean(block.text),
                provenance=block.provenance,
                workstream=section.title if section else None,
                activity=clean(m.group("rest")),
                end_date=lead[0].date,
            )
        )
    return out
