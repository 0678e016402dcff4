"""Which record a table holds: contribution, scheme, allocation, metric, milestone, or none.

``tables.py`` types a table from its own words (``rules/table_types.jsonl``). A record pass also
looks at what the columns mean to a record and at the words printed just before the table, so a
scheme table titled "funded by CCG minimum contribution" is still a scheme table, and the second
half of a breakdown printed as its own table takes the type of the first.
"""

from __future__ import annotations

from ..models import ColumnKind, FigureRole, Table
from ..rules import MetricRule, TableTypeRule
from .common import PassContext, context_text, header_field, previous_table, value_cols

RecordKind = tuple[str | None, str | None, float]

_SCHEME_FIELDS = {"scheme_type", "sub_type", "area_of_spend", "new_or_existing", "funding_source", "provider"}
_MILESTONE_FIELDS = {"start_date", "end_date", "owner", "status", "activity"}
_MONEY_KINDS = ("contribution", "allocation", "scheme")
_TYPED = ("contribution", "allocation", "scheme", "metric", "milestone")


def record_kind(ctx: PassContext, table: Table) -> RecordKind:
    """``(kind, rule id, confidence)`` for ``table``; kind ``None`` when no record fits."""
    key = f"kind:{table.id}"
    if key not in ctx.cache:
        ctx.cache[key] = _decide(ctx, table)
    return ctx.cache[key]  # type: ignore[return-value]


def _decide(ctx: PassContext, table: Table) -> RecordKind:
    fields = {
        f for h in (c.header for c in table.columns) if (hit := header_field(h, ctx.rules)) for f in [hit[0]]
    }
    has_values = bool(value_cols(table))
    if has_values and len(fields & _SCHEME_FIELDS) >= 2:
        return (
            "scheme",
            table.table_type_rule if table.table_type == "scheme" else "pass.kind.scheme-columns",
            0.9,
        )
    if table.table_type in _TYPED:
        return table.table_type, table.table_type_rule, 0.85
    if table.table_type is not None:
        return None, None, 0.0  # risk share and anything else typed that holds no record of ours
    if has_values:
        sibling = previous_table(ctx, table)
        if sibling is not None and _same_shape(sibling, table):
            kind, rule, confidence = record_kind(ctx, sibling)
            if kind in _MONEY_KINDS:
                return kind, "pass.kind.sibling", round(confidence * 0.8, 2)
        found = _signature(ctx, table)
        if found is not None:
            return found
        roles = {c.role for c in table.columns if c.kind is ColumnKind.VALUE}
        if roles & {FigureRole.TARGET, FigureRole.BASELINE, FigureRole.ACTUAL}:
            return "metric", "pass.kind.metric-columns", 0.6
        if _role_rows(ctx, table) >= 2:
            return "metric", "pass.kind.metric-rows", 0.6
        if FigureRole.ALLOCATION in roles:
            return "allocation", "pass.kind.allocation-column", 0.5
    if len(fields & _MILESTONE_FIELDS) >= 3 and fields & {"start_date", "end_date"}:
        return "milestone", "pass.kind.milestone-columns", 0.6
    return None, None, 0.0


def _signature(ctx: PassContext, table: Table) -> RecordKind | None:
    """A money table's type from the words that introduce it (title rules only). The section
    title is too broad ("Pooled budget contributions and breakdown of BCF spend" heads both kinds)."""
    text = context_text(ctx, table, section=False)
    scores: dict[str, tuple[float, str]] = {}
    for rule, pattern in ctx.rules.compiled["table_types"]:
        assert isinstance(rule, TableTypeRule)
        if rule.where not in ("title", "any") or rule.table_type not in _MONEY_KINDS:
            continue
        if pattern.search(text):
            score = scores.get(rule.table_type, (0.0, rule.id))[0] + rule.weight
            scores[rule.table_type] = (score, rule.id)
    if not scores:
        return None
    kind = max(scores, key=lambda k: scores[k][0])
    return kind, scores[kind][1], 0.7


def _same_shape(a: Table, b: Table) -> bool:
    kinds_a = [c.kind for c in a.columns if c.kind is not ColumnKind.EMPTY]
    kinds_b = [c.kind for c in b.columns if c.kind is not ColumnKind.EMPTY]
    return kinds_a == kinds_b


def _role_rows(ctx: PassContext, table: Table) -> int:
    """Rows whose label names a metric role ("Baseline Q4 2016/17", "September 2017 trajectory")."""
    count = 0
    for row in table.rows:
        for rule, pattern in ctx.rules.compiled["metric_words"]:
            if (
                isinstance(rule, MetricRule)
                and rule.kind == "role"
                and rule.value in ("target", "baseline")
                and pattern.search(row.label)
            ):
                count += 1
                break
    return count
