"""Stage 7: one decision per figure. Passes propose, this module decides.

The figure readers give every figure a first reading (its label, role, period, organisation,
measure, each with the rule that read it and a confidence); the record passes then propose other
readings ("this sum is the target of the metric *Reablement*", "this column names Kent County
Council"). ``reconcile`` weighs every proposal for every field, keeps the most confident one
(the first when two are equally sure, so a table's reading beats a sentence's as the passes
propose tables first) and keeps the losers on the figure as ``alternatives``: a reader sees why a
label was chosen and what else was read, in the output rather than in a log (spaCy separates
finding matches from applying them the same way).

A figure's ``rule_id`` and ``confidence`` are those of its chosen label: the label is the reading
that decides whether a reader can use the figure at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Candidate, Figure, FigureRole

FIELDS = ("label", "role", "period", "organisation", "measure")

# How sure a figure's own role is, by where it came from. A generic role ("other") says nothing;
# a table-wide role (every cell of a contribution table is a "contribution") is a guess a record
# may sharpen; a role a column or row states ("Target", "Total") is the paper's own word.
_OWN_ROLE_CONFIDENCE = {
    FigureRole.OTHER: 0.1,
    FigureRole.CONTRIBUTION: 0.3,
    FigureRole.ALLOCATION: 0.3,
}
_STATED_ROLE_CONFIDENCE = 0.8
# A table cell's label is its row's, which the table reader owns; a prose label's confidence is
# set by the rule that read it (extractor/figures/prose_figures.py).
TABLE_LABEL_CONFIDENCE = 0.8
TABLE_LABEL_RULE = "table.row-label"


@dataclass(frozen=True)
class Proposal:
    """One reading of one field of one figure, by one rule."""

    figure_id: str
    field: str
    value: str | None
    rule_id: str
    confidence: float


def own_readings(figure: Figure) -> list[Proposal]:
    """The readings a figure was made with, as proposals like any other."""
    label_rule = figure.rule_id or (TABLE_LABEL_RULE if figure.table_id else "prose.label")
    label_conf = figure.confidence or (TABLE_LABEL_CONFIDENCE if figure.table_id else 0.5)
    role_conf = _OWN_ROLE_CONFIDENCE.get(figure.role, _STATED_ROLE_CONFIDENCE)
    source = "table" if figure.table_id else "prose"
    return [
        Proposal(figure.id, "label", figure.label, label_rule, label_conf),
        Proposal(figure.id, "role", figure.role.value, f"{source}.role", role_conf),
        Proposal(figure.id, "period", figure.period, f"{source}.period", 0.6 if figure.period else 0.0),
        Proposal(
            figure.id,
            "organisation",
            figure.organisation,
            f"{source}.organisation",
            0.6 if figure.organisation else 0.0,
        ),
        Proposal(figure.id, "measure", figure.measure, label_rule, label_conf if figure.measure else 0.0),
    ]


def reconcile(
    figures: list[Figure], proposals: Iterable[Proposal], record_ids: dict[str, list[str]] | None = None
) -> list[Figure]:
    """Every figure with each field set to its most confident reading and the rest kept.

    Args:
        figures: the figures as the readers made them (their own readings count as proposals).
        proposals: the passes' readings, in the order they were made (earlier wins a tie).
        record_ids: the records each figure was read into, set as they are.

    Returns:
        New figures (the input is not changed), in the same order.
    """
    by_figure: dict[str, list[Proposal]] = {}
    for f in figures:
        by_figure[f.id] = own_readings(f)
    for p in proposals:
        if p.field not in FIELDS:
            raise ValueError(f"unknown figure field proposed: {p.field!r} by {p.rule_id}")
        if p.figure_id in by_figure:
            by_figure[p.figure_id].append(p)
    record_ids = record_ids or {}
    return [_decide(f, by_figure[f.id], record_ids.get(f.id)) for f in figures]


def _decide(figure: Figure, proposals: list[Proposal], record_ids: list[str] | None) -> Figure:
    update: dict[str, object] = {}
    # what the reader itself weighed and set aside stays, before what the passes add
    alternatives: list[Candidate] = list(figure.alternatives)
    for field in FIELDS:
        mine = [p for p in proposals if p.field == field]
        best = max(mine, key=lambda p: p.confidence)  # max keeps the first of equals
        if field == "role":
            update["role"] = FigureRole(best.value or FigureRole.OTHER.value)
        else:
            update[field] = best.value
        if field == "label":
            update["rule_id"] = best.rule_id
            update["confidence"] = round(best.confidence, 3)
        seen = {(best.value or "").lower()}
        for p in mine:
            key = (p.value or "").lower()
            if p is best or not p.value or key in seen:
                continue
            seen.add(key)
            alternatives.append(
                Candidate(field=field, value=p.value, rule_id=p.rule_id, confidence=round(p.confidence, 3))
            )
    update["alternatives"] = alternatives
    if record_ids:
        update["record_ids"] = record_ids
    return figure.model_copy(update=update)
