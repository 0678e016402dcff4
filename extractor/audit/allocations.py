"""Check 1b: a plan's allocations against the line of the same name in another table.

A project plan (milestones grouped under workstream headings, some projects with an allocation)
often sits beside a summary table with one line per workstream ("Market Capacity 0.5" in £m).
The allocations under a workstream are that line's parts: when they come to more than the line,
beyond the rounding of the figures shown, the paper contradicts itself (``error``); when they come
to less, some of the line may be funded by projects listed without an amount, so it is a
``warning`` and only when at least two allocations are listed.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from ..models import Document, Figure, FigureRole, Finding, FindingKind, FindingValue, Milestone, Severity
from .common import (
    figure_step,
    finding_id,
    finding_value,
    money,
    norm_label,
    precision_step,
    rounding_tolerance,
    rule_id,
    where,
)

_SUMMARY_ROLES = (FigureRole.ALLOCATION, FigureRole.CONTRIBUTION, FigureRole.TOTAL)
_SAME_NAME = 92  # rapidfuzz ratio: "Market Capacity" = "Market capacity:", not "Market Resilience"


def check_document(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    figures = {f.id: f for f in doc.figures}
    for workstream, parts in _allocations_by_workstream(doc.records.milestones).items():
        plan_tables = {m.table_id for m in parts}
        candidates = [f for f in _summary_lines(doc, workstream) if f.table_id not in plan_tables]
        if not candidates:
            continue
        total = sum(m.allocation.value for m in parts if m.allocation and m.allocation.value is not None)
        steps = [_step(figures, m.allocation.figure_id, m.allocation.raw) for m in parts if m.allocation]
        agreeing = [
            f
            for f in candidates
            if abs((f.value or 0.0) - total) <= rounding_tolerance([*steps, figure_step(f)]) + 1e-6
        ]
        if agreeing or len({f.value for f in candidates}) != 1:
            continue  # it adds up, or we cannot tell which of several lines it should match
        line = candidates[0]
        assert line.value is not None
        delta = total - line.value
        if delta < 0 and len(parts) < 2:
            continue
        severity = Severity.ERROR if delta > 0 else Severity.WARNING
        findings.append(_finding(doc, figures, workstream, line, parts, total, delta, steps, severity))
    return findings


def _allocations_by_workstream(milestones: list[Milestone]) -> dict[str, list[Milestone]]:
    """Top-level workstream -> its milestones with a money allocation, at the shallowest level that
    has any: a project's allocation already covers its tasks."""
    by_top: dict[str, list[Milestone]] = defaultdict(list)
    for m in milestones:
        if m.workstream and m.allocation and m.allocation.value is not None and m.allocation.unit == "GBP":
            by_top[m.workstream.split(" / ")[0].strip()].append(m)
    out: dict[str, list[Milestone]] = {}
    for top, items in by_top.items():
        depth = min(_depth(m) for m in items)
        out[top] = [m for m in items if _depth(m) == depth]
    return out


def _depth(m: Milestone) -> int:
    return (m.workstream or "").count(" / ")


def _summary_lines(doc: Document, workstream: str) -> list[Figure]:
    name = norm_label(workstream)
    return [
        f
        for f in doc.figures
        if f.table_id is not None
        and f.role in _SUMMARY_ROLES
        and f.unit == "GBP"
        and f.value is not None
        and fuzz.ratio(norm_label(f.label or ""), name) >= _SAME_NAME
    ]


def _step(figures: dict[str, Figure], figure_id: str | None, raw: str) -> float:
    figure = figures.get(figure_id) if figure_id else None
    return figure_step(figure) if figure is not None else precision_step(raw, 1.0)


def _finding(
    doc: Document,
    figures: dict[str, Figure],
    workstream: str,
    line: Figure,
    parts: list[Milestone],
    total: float,
    delta: float,
    steps: list[float],
    severity: Severity,
) -> Finding:
    part_values = [
        _value(doc, figures[m.allocation.figure_id], m.activity)
        for m in parts
        if m.allocation and m.allocation.figure_id in figures
    ]
    stated = _value(doc, line, line.label or workstream)
    listed = ", ".join(f"{m.activity} {money(m.allocation.value)}" for m in parts if m.allocation)
    verb = "more than" if delta > 0 else "less than"
    message = (
        f"The allocations listed under {workstream} ({listed}) come to {money(total)}, {money(abs(delta))} "
        f"{verb} the {line.label or workstream} line of {money(line.value)} ({where(stated)})."
    )
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, "plan-allocations", norm_label(workstream), line.id),
        kind=FindingKind.ARITHMETIC,
        severity=severity,
        docs=[doc.doc_id],
        label=line.label or workstream,
        column=line.column,
        values=[stated, *part_values],
        unit="GBP",
        expected=round(total, 6),
        delta=round(line.value - total if line.value is not None else delta, 6),
        tolerance=round(rounding_tolerance([*steps, figure_step(line)]), 6),
        message=message,
        check="plan-allocations",
        rule_id=rule_id("plan-allocations"),
        confidence=0.85 if severity is Severity.ERROR else 0.6,
        group=line.table_id,
    )


def _value(doc: Document, f: Figure, label: str) -> FindingValue:
    return finding_value(doc, None, None, figure=f, label=label, column=f.column)
