"""A sum a sentence gives and then breaks down: "The Council's grant allocation is £5,728.2k, of
which £4,376.2k (76%) relates to the capital budget and £1,382.0k (24%) relates to the revenue
budget." The parts must not come to more than the whole; and when the sentence gives their shares
of it adding to 100%, they must come to the whole. Everything is compared within the rounding of the
numbers as written (XBRL's rule for rounded facts). The words that open a breakdown ("of which",
"made up of") are rules (``rules/audit.jsonl``, kind ``split_cue``).
"""

from __future__ import annotations

import regex as re

from ..models import Document, Finding, FindingKind, Severity
from ..rules import Rules
from .common import finding_id, finding_value, money, rule_id
from .statements import Placed, pattern, quote, sentences

_SHARE_TOTAL = 100.0


def check_document(doc: Document, rules: Rules) -> list[Finding]:
    cue = pattern(rules, "split_cue")
    approx = pattern(rules, "approximate")
    if cue is None:
        return []
    paragraphs = {
        (b.provenance.page, b.provenance.line, b.provenance.line_end, b.provenance.bbox): b.text
        for b in doc.blocks
    }
    findings: list[Finding] = []
    for sentence, placed in sentences(doc):
        for m in cue.finditer(sentence):
            whole = _whole_before(sentence, placed, m.start())
            if whole is None or (
                approx is not None and approx.search(sentence[max(0, whole.start - 25) : whole.start])
            ):
                continue
            parts = [p for p in placed if p.start >= m.end() and p.figure.unit == whole.figure.unit]
            shares = [p for p in placed if p.start >= m.end() and p.figure.unit == "percent"]
            if len(parts) < 2 or any((p.figure.value or 0) >= (whole.figure.value or 0) for p in parts):
                continue
            finding = _compare(doc, sentence, whole, parts, shares, paragraphs)
            if finding is not None:
                findings.append(finding)
    return findings


def _whole_before(sentence: str, placed: list[Placed], at: int) -> Placed | None:
    """The amount just before the cue ("£5,728.2k, of which"): nothing but punctuation between."""
    before = [p for p in placed if p.end <= at]
    if not before or re.search(r"\w", sentence[before[-1].end : at]):
        return None
    return before[-1]


def _compare(
    doc: Document,
    sentence: str,
    whole: Placed,
    parts: list[Placed],
    shares: list[Placed],
    paragraphs: dict,
) -> Finding | None:
    total = sum(p.figure.value or 0.0 for p in parts)
    stated = whole.figure.value or 0.0
    tolerance = (whole.step + sum(p.step for p in parts)) / 2
    delta = stated - total
    if abs(delta) <= tolerance + 1e-9:
        return None
    share_sum = sum(s.figure.value or 0.0 for s in shares)
    complete = len(shares) == len(parts) and abs(share_sum - _SHARE_TOTAL) <= len(shares) * 0.5 + 1e-9
    if delta > 0 and not complete:
        return None  # the parts named may not be all of it
    unit = whole.figure.unit
    p = whole.figure.provenance
    paragraph = paragraphs.get((p.page, p.line, p.line_end, p.bbox), whole.figure.text)
    stated_value = finding_value(doc, None, None, figure=whole.figure, label=whole.figure.label)
    stated_value = stated_value.model_copy(update={"text": " ".join(paragraph.split())[:600]})
    place = f"{doc.doc_id} p.{p.page}" if p.page is not None else f"{doc.doc_id} line {p.line}"
    listed = " + ".join(part.figure.raw for part in parts)
    why = (
        "more than the whole"
        if delta < 0
        else f"though their shares ({', '.join(s.figure.raw for s in shares)}) make the whole"
    )
    message = (
        f"The text gives {whole.figure.raw} and then its parts {listed}, which come to {money(total, unit)}: "
        f'{money(abs(delta), unit)} {why} ("{quote(sentence, whole.start)}", {place}).'
    )
    return Finding(
        id=finding_id("arithmetic", doc.doc_id, "stated-split", whole.figure.id),
        kind=FindingKind.ARITHMETIC,
        severity=Severity.ERROR,
        docs=[doc.doc_id],
        label=whole.figure.label or sentence[:60],
        values=[stated_value]
        + [finding_value(doc, None, None, figure=x.figure, label=x.figure.label) for x in parts],
        unit=unit,
        expected=round(total, 6),
        delta=round(delta, 6),
        tolerance=round(tolerance, 6),
        message=message,
        check="stated-split",
        rule_id=rule_id("stated-split"),
        # parts over the whole cannot be right; parts short of a whole their shares say they make
        # leave open which number slipped
        confidence=0.9 if delta < 0 else 0.85,
    )
