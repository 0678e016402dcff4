"""Check 1c: plan rows whose dates contradict themselves or the paper.

* A row whose expected delivery falls before its start date ("go-live 04.12.2017 01.12.2017") is a
  slip in the paper: one of the two dates is wrong. Dates known only to the month are compared to
  the month, so "May 2018 – 31 May 2018" is not flagged.
* A row still "On track" or "Not started" (``open_status`` words in ``rules/audit.jsonl``) whose
  delivery date is more than four weeks before the paper's meeting has a status nobody updated:
  it was done, or it is late.
"""

from __future__ import annotations

import datetime as dt

from ..models import Document, Finding, FindingKind, FindingValue, Milestone, Severity
from ..rules import Rules
from .common import finding_id, rule_id, spoken_date

_STALE_AFTER_DAYS = 28


def check_document(doc: Document, rules: Rules | None = None) -> list[Finding]:
    findings = [_ends_before_start(doc, m) for m in doc.records.milestones if _dates_reversed(m)]
    open_words = {
        w.lower() for r in (rules.audit if rules else []) if r.kind == "open_status" for w in r.words
    }
    meeting = _day(doc.metadata.meeting_date)
    if not open_words or meeting is None:
        return findings
    for m in doc.records.milestones:
        due = _day(m.end_date) if m.end_date and len(m.end_date) >= 10 else None
        status = " ".join((m.status or "").lower().split())
        if due is None or not status or (meeting - due).days <= _STALE_AFTER_DAYS:
            continue
        if any(status == w or status.startswith(w + " ") for w in open_words):
            findings.append(_stale(doc, m, due, meeting))
    return findings


def _dates_reversed(m: Milestone) -> bool:
    if not m.start_date or not m.end_date:
        return False
    shared = min(len(m.start_date), len(m.end_date))
    return m.end_date[:shared] < m.start_date[:shared]


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _ends_before_start(doc: Document, m: Milestone) -> Finding:
    assert m.start_date and m.end_date
    start, end = _day(m.start_date), _day(m.end_date)
    return _row_finding(
        doc,
        m,
        check="end-before-start",
        columns=("start date", "end date"),
        delta=float((end - start).days) if start and end else None,
        message=(
            f"'{m.activity}' is due to end on {spoken_date(m.end_date)}, before it starts on "
            f"{spoken_date(m.start_date)}: one of the two dates is wrong"
        ),
    )


def _stale(doc: Document, m: Milestone, due: dt.date, meeting: dt.date) -> Finding:
    late = (meeting - due).days
    return _row_finding(
        doc,
        m,
        check="stale-status",
        columns=("end date",),
        delta=float(late),
        message=(
            f"'{m.activity}' was due by {spoken_date(due.isoformat())} but is still '{m.status}' in a paper for "
            f"the meeting of {spoken_date(meeting.isoformat())}, {late} days later: it was done or it is late"
        ),
    )


def _row_finding(
    doc: Document, m: Milestone, *, check: str, columns: tuple[str, ...], delta: float | None, message: str
) -> Finding:
    p = m.provenance
    where = f"{doc.doc_id} p.{p.page}" if p.page else f"{doc.doc_id} line {p.line}"
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, check, m.id),
        kind=FindingKind.ARITHMETIC,
        severity=Severity.WARNING,
        docs=[doc.doc_id],
        label=m.activity,
        column=columns[-1],
        values=[
            FindingValue(
                doc_id=doc.doc_id,
                value=None,
                page=p.page,
                line=p.line,
                text=m.text,
                label=f"{m.activity}: {column}",
                column=column,
                table_id=m.table_id,
            )
            for column in columns
        ],
        unit="days",
        delta=delta,
        message=f"{message} ({where}).",
        check=check,
        rule_id=rule_id(check),
        confidence=0.7,  # dates read from a plan row; what the row means by them is ours to guess
        group=m.table_id,
    )
