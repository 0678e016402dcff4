"""A table's kind (contribution, scheme, metric ...) from the signatures in ``rules/table_types.jsonl``."""

from __future__ import annotations

from ..models import Column, ColumnKind, TableRow
from ..rules import Rules, TableTypeRule


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
