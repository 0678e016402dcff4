"""A figure restated from another version with one digit slipped.

A later paper often repeats a figure of the earlier one ("from £1,530,924.8k (as reported to County
Council)"). When a sentence's amount is written with many digits (at least ``MIN_DIGITS``) and an
earlier paper of the same group prints a table figure with the same digits but one, at the same
scale, the sentence most likely copied it wrongly: Appendix D printed NET BUDGET 1,530,923.8. Two
amounts that long differing in exactly one digit is not chance, so this needs no label match; it is
a ``warning``, as a real revision of one digit reads the same.
"""

from __future__ import annotations

import regex as re

from ..models import Document, Figure, Finding, FindingKind, Severity
from .common import finding_id, finding_value, money, rule_id
from .identity import when

MIN_DIGITS = 7  # '1,530,924.8': shorter numbers differ in one digit by chance too often
SAME_SCALE = 1e-3  # the two amounts are this close as values: the same scale, not a digit moved


def check_group(group: list[Document]) -> list[Finding]:
    tables = [(d, f, _digits(f.raw)) for d in group for f in d.figures if f.table_id is not None and _long(f)]
    findings: list[Finding] = []
    for doc in group:
        for said in doc.figures:
            if said.table_id is not None or not _long(said):
                continue
            digits = _digits(said.raw)
            slips = [
                (other, printed)
                for other, printed, theirs in tables
                if other is not doc
                and when(other) <= when(doc)
                and _one_digit_apart(digits, theirs)
                and abs((said.value or 0) - (printed.value or 0)) <= SAME_SCALE * abs(printed.value or 1)
            ]
            if slips:
                # the printed line whose name the sentence shares most words with is the one it restates
                words = set(re.findall(r"[a-z]{3,}", said.text.lower()))
                slips.sort(key=lambda s: -len(words & set(re.findall(r"[a-z]{3,}", s[1].label.lower()))))
                findings.append(_finding(doc, said, slips))
    return findings


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", raw or "")


def _long(f: Figure) -> bool:
    return f.unit == "GBP" and f.value is not None and len(_digits(f.raw).lstrip("0")) >= MIN_DIGITS


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _finding(doc: Document, said: Figure, slips: list[tuple[Document, Figure]]) -> Finding:
    other, printed = slips[0]
    values = [finding_value(o, None, None, figure=f, label=f.label) for o, f in slips[:4]]
    values.append(finding_value(doc, None, None, figure=said, label=said.label))
    also = sorted(
        {f"{f.label} p.{f.provenance.page}" for o, f in slips if o is other}
        - {f"{printed.label} p.{printed.provenance.page}"}
    )
    message = (
        f"The text of {doc.doc_id} (p.{said.provenance.page or said.provenance.line}) gives {said.raw} where "
        f"{other.doc_id} printed {printed.raw} for {printed.label} (p.{printed.provenance.page or printed.provenance.line}"
        + (f"; also {', '.join(also[:3])}" if also else "")
        + f"): the same figure with one digit different, {money(abs((said.value or 0) - (printed.value or 0)))} apart."
    )
    return Finding(
        id=finding_id("cross_document", doc.doc_id, said.id, other.doc_id, printed.id),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.WARNING,
        docs=sorted({doc.doc_id, *(o.doc_id for o, _ in slips)}),
        label=f"{said.label} / {printed.label}",
        column=printed.column,
        values=values,
        unit="GBP",
        delta=round((said.value or 0) - (printed.value or 0), 6),
        message=message,
        check="prose-vs-version",
        rule_id=rule_id("prose-vs-version"),
        confidence=0.85,
    )
