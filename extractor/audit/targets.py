"""Check 3b: a target that changes between versions of a paper.

Versions of one area's plan often restate a national metric's target for the same date ("reduce
weekly delayed transfers to 77 by March 2018" in the plan, "83 by March 2018" in the next Board
paper). Targets are matched on the national metric, the unit and the month or period they are due,
taking in each document the last one it states (a paper often tells a target's story before
giving the one that stands). A value that differs beyond the rounding of its written form is a
``warning``: the change may be agreed, but an auditor wants it listed.

Two numbers more than twice apart are taken to measure different things under one metric (bed
days lost against weekly delays), not a changed target, and are left alone.
"""

from __future__ import annotations

from ..models import Document, Finding, FindingKind, FindingValue, MetricRecord, Severity
from .common import finding_id, money, precision_step, rounding_tolerance, rule_id, spoken_date

_SAME_SCALE = 2.0


def check_group(group: list[Document]) -> list[Finding]:
    by_key: dict[tuple[str, str, str], dict[str, tuple[Document, MetricRecord]]] = {}
    for doc in group:
        for metric in sorted(doc.records.metrics, key=_position):
            key = _key(metric)
            if key is not None:
                by_key.setdefault(key, {})[doc.doc_id] = (doc, metric)  # the last one stated wins
    findings = []
    for key, per_doc in by_key.items():
        if len(per_doc) < 2:
            continue
        stated = list(per_doc.values())
        values = [m.target.value for _, m in stated if m.target and m.target.value is not None]
        low, high = min(values), max(values)
        if low <= 0 or high / low > _SAME_SCALE:
            continue
        steps = [precision_step(m.target.raw, 1.0) for _, m in stated if m.target]
        if high - low <= rounding_tolerance([max(steps), max(steps)]) + 1e-9:
            continue
        findings.append(_finding(key, stated, high - low))
    return findings


def _key(metric: MetricRecord) -> tuple[str, str, str] | None:
    target = metric.target
    if not metric.national_metric or target is None or target.value is None:
        return None
    when = (target.date or "")[:7] or (target.period or "")
    if not when:
        return None
    return metric.national_metric, target.unit or "", when


def _position(metric: MetricRecord) -> tuple[int, int]:
    return metric.provenance.page or 0, metric.provenance.line or 0


def _finding(
    key: tuple[str, str, str], stated: list[tuple[Document, MetricRecord]], spread: float
) -> Finding:
    national, unit, when = key
    values = [
        FindingValue(
            doc_id=doc.doc_id,
            value=m.target.value if m.target else None,
            unit=unit or None,
            page=m.provenance.page,
            line=m.provenance.line,
            text=m.text,
            label=m.measure,
            column=when,
            figure_id=m.target.figure_id if m.target else None,
        )
        for doc, m in stated
    ]
    listed = "; ".join(
        f"{money(v.value, unit)} in {v.doc_id} ({'p.' + str(v.page) if v.page else 'line ' + str(v.line)}, "
        f"'{v.label}')"
        for v in values
    )
    name = national.replace("_", " ")
    when = spoken_date(when)
    return Finding(
        id=finding_id(
            "cross_document", "target-change", national, unit, when, *sorted(v.doc_id for v in values)
        ),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.WARNING,
        docs=[v.doc_id for v in values],
        label=f"{name} target",
        column=when,
        values=values,
        unit=unit or None,
        delta=round(spread, 6),
        message=f"The {name} target for {when} differs between versions: {listed}.",
        check="target-change",
        rule_id=rule_id("target-change"),
        # the same national metric and month in two papers of one area: the reading is sure, the
        # change may be a deliberate revision
        confidence=0.8,
    )
