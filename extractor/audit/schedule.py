"""Check 1c: a milestone that ends before it starts.

A plan row whose expected delivery falls before its start date ("go-live 04.12.2017 01.12.2017")
is a slip in the paper: one of the two dates is wrong. Dates known only to the month are compared
to the month, so "May 2018 – 31 May 2018" is not flagged.
"""

from __future__ import annotations

import datetime as dt

from ..models import Document, Finding, FindingKind, FindingValue, Milestone, Severity
from .common import finding_id


def check_document(doc: Document) -> list[Finding]:
    return [_finding(doc, m) for m in doc.records.milestones if _ends_before_start(m)]


def _ends_before_start(m: Milestone) -> bool:
    if not m.start_date or not m.end_date:
        return False
    shared = min(len(m.start_date), len(m.end_date))
    return m.end_date[:shared] < m.start_date[:shared]


def _spoken(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _days(start: str, end: str) -> float | None:
    try:
        return float((dt.date.fromisoformat(end[:10]) - dt.date.fromisoformat(start[:10])).days)
    except ValueError:
        return None


def _finding(doc: Document, m: Milestone) -> Finding:
    assert m.start_date and m.end_date
    where = (
        f"{doc.doc_id} p.{m.provenance.page}"
        if m.provenance.page
        else f"{doc.doc_id} line {m.provenance.line}"
    )
    values = [
        FindingValue(
            doc_id=doc.doc_id,
            value=None,
            page=m.provenance.page,
            line=m.provenance.line,
            text=m.text,
            label=f"{m.activity}: {which}",
            column=which,
            table_id=m.table_id,
        )
        for which in ("start date", "end date")
    ]
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, "end-before-start", m.id),
        kind=FindingKind.ARITHMETIC,
        severity=Severity.WARNING,
        docs=[doc.doc_id],
        label=m.activity,
        column="end date",
        values=values,
        unit="days",
        delta=_days(m.start_date, m.end_date),
        message=(
            f"'{m.activity}' is due to end on {_spoken(m.end_date)}, before it starts on "
            f"{_spoken(m.start_date)}: one of the two dates is wrong ({where})."
        ),
        check="end-before-start",
        group=m.table_id,
    )
