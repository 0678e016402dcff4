"""Checks on what single sentences state: sums a sentence works out itself, and mistyped numbers.

* A change stated with both ends ("home care increased by 13% from 20,000 hours per week ... to
  22,300"; "+183,900 people (+27%) ... from 677,900 to 864,200") is worked out again: the
  percentage against (B - A) / A, an amount of change against B - A. Every number is taken as the
  interval its written precision stands for, so "27%" agrees with 27.48% and "£1.1m" with £1.14m,
  and two whole ends stand for the place they were rounded to together ("from 50,000 to 65,500":
  hundreds);
  only a statement outside every such reading is a finding (kind ``arithmetic``, check
  ``prose-change``). Ends written as approximate ("over 51,000") are not checked.
* A number the parser read with a "looks mistyped" warning ("£6,443m") is a ``narrative`` warning:
  an auditor should see it, and a reader of the exports should not have to find it.

The words that mark a change and an approximation are rules (``rules/audit.jsonl``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..models import Document, Figure, FindingKind, Severity
from ..models import Finding as FindingModel
from ..passes.common import find_raw
from ..periods import period_of
from ..prose import FY_PATTERN as _FY
from ..rounding import shared_rounding_step
from ..rules import Rules
from .common import figure_step, finding_id, finding_value, money, precision_step, rule_id, table_name

_FROM_RE = re.compile(r"(?i)\bfrom\s+(?:[^\s\d£]+\s+){0,2}$")
_TO_RE = re.compile(r"(?i)\bto\s+(?:[^\s\d£]+\s+){0,2}$")  # "... to 22,300", "... to around 864,200"
_BREAK_RE = re.compile(r"(?i)\bfrom\b|;|\.\s")
_BY_RE = re.compile(r"(?i)\bby\s+(?:about\s+|around\s+|some\s+)?$")
_OPEN_RE = re.compile(r"\(\s*[+\-−]?$")
_SIGNED_RE = re.compile(r"(?:^|\s)[+−]$")
_OF_RE = re.compile(r"(?i)\bof\s+(?:[+−]\s?)?$")


@dataclass(frozen=True)
class Placed:
    figure: Figure
    start: int
    end: int
    step: float


def check_document(doc: Document, rules: Rules) -> list[FindingModel]:
    findings: list[FindingModel] = []
    cues = pattern(rules, "change_cue")
    approx = pattern(rules, "approximate")
    series = _period_series(doc)
    for sentence, figures in sentences(doc):
        found = _changes(doc, sentence, figures, cues, approx)
        findings.extend(found or _period_changes(doc, sentence, figures, cues, series))
    findings.extend(_mistyped(doc))
    return findings


def pattern(rules: Rules, kind: str) -> re.Pattern[str] | None:
    words = [w for r in rules.audit if r.kind == kind for w in r.words]
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{alternation})(?!\w)")


def sentences(doc: Document) -> list[tuple[str, list[Placed]]]:
    """Each sentence with prose figures in it, and those figures where they stand in it."""
    grouped: dict[tuple[int | None, int | None, int | None, str], list[Figure]] = {}
    for f in doc.figures:
        if f.table_id is not None or f.value is None or not f.text:
            continue
        p = f.provenance
        grouped.setdefault((p.page, p.line, p.line_end, f.text), []).append(f)
    out: list[tuple[str, list[Placed]]] = []
    for (_, _, _, sentence), figures in grouped.items():
        placed: list[Placed] = []
        taken: list[tuple[int, int]] = []
        for f in figures:
            at = find_raw(sentence, f.raw)
            while at >= 0 and any(s <= at < e for s, e in taken):
                at = find_raw(sentence, f.raw, at + 1)
            if at < 0:
                continue
            taken.append((at, at + len(f.raw)))
            placed.append(Placed(f, at, at + len(f.raw), precision_step(f.raw, 1.0)))
        out.append((sentence, sorted(placed, key=lambda p: p.start)))
    return out


# --------------------------------------------------------------------------- stated changes


def _changes(
    doc: Document,
    sentence: str,
    figures: list[Placed],
    cues: re.Pattern[str] | None,
    approx: re.Pattern[str] | None,
) -> list[FindingModel]:
    if cues is None or not cues.search(sentence):
        return []
    ends = _from_to(sentence, figures)
    if ends is None:
        return []
    a, b = ends
    if any(approx is not None and approx.search(sentence[max(0, p.start - 25) : p.start]) for p in (a, b)):
        return []
    a, b = _rounded_alike(a, b)
    linked = [p for p in figures if p is not a and p is not b and _linked(sentence, p, b, cues)]
    findings: list[FindingModel] = []
    for said in linked:
        if said.figure.unit == "percent":
            findings.extend(_percent_change(doc, sentence, a, b, said))
    amounts = [p for p in linked if p.figure.unit == a.figure.unit and p.figure.unit != "percent"]
    whole = _whole_of_parts(amounts)
    if whole is not None:
        # "(+£42.7k) and ... (+£313.3k) increase ... from A to B, a small increase of £356.0k": the
        # parts add up to the stated change, which alone is compared with B - A
        return findings + _amount_change(doc, sentence, a, b, whole)
    if len(amounts) > 1 and _amount_change(doc, sentence, a, b, _sum_of(amounts)) == []:
        return findings  # parts of the change with no total stated: together they are the change
    for said in amounts:
        found = _amount_change(doc, sentence, a, b, said)
        if len(amounts) > 1:
            # several amounts and we cannot tell which is the change and which its parts
            found = [f.model_copy(update={"confidence": 0.6}) for f in found]
        findings.extend(found)
    return findings


_AFTER_END_WORDS = 5  # "to 22,300, an increase of 13%": the change follows its end closely
_RANGE_RE = re.compile(r"^\s*(?:[-–]|to)\s*[£]?\d")


def _linked(sentence: str, said: Placed, end: Placed, cues: re.Pattern[str]) -> bool:
    """The number states the change: "by 13%", "(+27%)", "+183,900", "an increase of 93k",
    "13% higher" — and not another measure's change further on ("from 53.8 to 52.9, was still
    consistent with GDP growth of 0.3%-0.4%"), nor one end of a range."""
    before = sentence[max(0, said.start - 20) : said.start]
    after = sentence[said.end : said.end + 30]
    if said.start >= end.end and len(sentence[end.end : said.start].split()) > _AFTER_END_WORDS:
        return False
    if _RANGE_RE.match(after):
        return False
    return bool(
        said.figure.raw.lstrip()[:1] in ("+", "−")  # the number carries its sign: "+183,900"
        or _BY_RE.search(before)
        or _OPEN_RE.search(before)
        or _SIGNED_RE.search(before)
        or (cues.search(before) is not None and _OF_RE.search(before))
        or (cues.match(after.lstrip()) is not None)
    )


def _whole_of_parts(amounts: list[Placed]) -> Placed | None:
    """The one amount that the others add up to, within the rounding of all of them."""
    if len(amounts) < 3:
        return None
    for whole in amounts:
        parts = [p for p in amounts if p is not whole]
        total = sum(p.figure.value or 0.0 for p in parts)
        if abs(total - (whole.figure.value or 0.0)) <= (whole.step + sum(p.step for p in parts)) / 2 + 1e-9:
            return whole
    return None


def _rounded_alike(a: Placed, b: Placed) -> tuple[Placed, Placed]:
    """The two ends with the precision they share: "from 50,000 in 2022 to 65,500 in 2035, an
    increase of 30.9%" is a projection rounded to hundreds, and 30.9% is what its unrounded figures
    gave (65,450 / 50,050 is 30.8% more). Without this every such sentence of a population or
    activity forecast is a false error."""
    shared = shared_rounding_step([a.figure.raw, b.figure.raw])
    if shared <= 1.0:
        return a, b
    return (
        Placed(a.figure, a.start, a.end, max(a.step, a.step * shared)),
        Placed(b.figure, b.start, b.end, max(b.step, b.step * shared)),
    )


def _sum_of(parts: list[Placed]) -> Placed:
    total = sum(p.figure.value or 0.0 for p in parts)
    figure = parts[0].figure.model_copy(update={"value": total})
    return Placed(figure, parts[0].start, parts[-1].end, sum(p.step for p in parts))


def _from_to(sentence: str, figures: list[Placed]) -> tuple[Placed, Placed] | None:
    """The one 'from A ... to B' pair of numbers of one unit in the sentence, if there is exactly one."""
    pairs = []
    for i, a in enumerate(figures):
        if not _FROM_RE.search(sentence[max(0, a.start - 40) : a.start]):
            continue
        for b in figures[i + 1 : i + 2]:  # the very next number: nothing stands between the ends
            gap = sentence[a.end : b.start]
            if (
                b.figure.unit == a.figure.unit
                and len(gap.split()) <= 14
                and _TO_RE.search(gap)
                and not _BREAK_RE.search(gap)
            ):
                pairs.append((a, b))
    return pairs[0] if len(pairs) == 1 and pairs[0][0].figure.value else None


# "increased by 10% in 16/17 compared to 15/16": the ends are periods, their values in a table
_PERIOD_PAIR_RE = re.compile(
    rf"(?i)\bin\s+({_FY})\s*,?\s+(?:(?:when\s+)?compared\s+(?:to|with)|against|over|on|from)\s+({_FY})"
)


def _period_series(doc: Document) -> dict[str, dict[str, list[Figure]]]:
    """Series -> financial year -> the table figures for that year (counts and money). A series is
    a row whose columns are years, or a column whose rows are ("2016/17 | 61,006")."""
    out: dict[str, dict[str, list[Figure]]] = {}
    tables = {t.id: t for t in doc.tables}
    for f in doc.figures:
        if f.table_id is None or f.value is None or f.unit not in ("count", "GBP"):
            continue
        year_row = _FY_ONLY_RE.fullmatch((f.label or "").strip())
        # the column's own year: a figure's period may be the whole table's, the same in every column
        table = tables.get(f.table_id)
        own = table.columns[f.col].period if table is not None and f.col is not None else f.period
        period = period_of(f.label or "") if year_row else own
        series = f.column if year_row else f.label
        if period and series:
            out.setdefault(f"{f.table_id}|{series}", {}).setdefault(period, []).append(f)
    return out


_FY_ONLY_RE = re.compile(rf"(?:{_FY})")


def _period_changes(
    doc: Document,
    sentence: str,
    figures: list[Placed],
    cues: re.Pattern[str] | None,
    series: dict[str, dict[str, list[Figure]]],
) -> list[FindingModel]:
    """A percentage change between two years that a table of the paper gives values for. Checked
    only when exactly one table row has one value for each year: otherwise we cannot tell which
    series the sentence means."""
    if cues is None or not cues.search(sentence):
        return []
    pair = _PERIOD_PAIR_RE.search(sentence)
    if pair is None:
        return []
    later, earlier = period_of(pair.group(1)), period_of(pair.group(2))
    said = [
        p
        for p in figures
        if p.figure.unit == "percent"
        and p.end <= pair.start()
        and _BY_RE.search(sentence[max(0, p.start - 20) : p.start])
    ]
    if len(said) != 1 or not later or not earlier or later == earlier:
        return []
    rows = [
        (years[earlier][0], years[later][0])
        for years in series.values()
        if len(years.get(earlier, [])) == 1
        and len(years.get(later, [])) == 1
        and _near(said[0].figure, years[later][0])
    ]
    if len(rows) != 1:
        return []
    a, b = (Placed(f, pair.start(), pair.start(), figure_step(f)) for f in rows[0])
    # the sentence may mean another series than the one table row of its section: a warning
    return [
        f.model_copy(update={"severity": Severity.WARNING, "confidence": 0.6})
        for f in _percent_change(doc, sentence, a, b, said[0])
    ]


_NEAR_LINES = 60  # a sentence and the table it discusses: within a page or so of each other


def _near(a: Figure, b: Figure) -> bool:
    pa, pb = a.provenance, b.provenance
    if pa.page is not None and pb.page is not None:
        return abs(pa.page - pb.page) <= 1
    return pa.line is not None and pb.line is not None and abs(pa.line - pb.line) <= _NEAR_LINES


def _bounds(p: Placed) -> tuple[float, float]:
    v = p.figure.value or 0.0
    return v - p.step / 2, v + p.step / 2


def _percent_change(doc: Document, sentence: str, a: Placed, b: Placed, said: Placed) -> list[FindingModel]:
    (a_lo, a_hi), (b_lo, b_hi) = _bounds(a), _bounds(b)
    if a_lo <= 0 < a_hi or (a.figure.value or 0) == 0:
        return []
    corners = [abs(bb - aa) / abs(aa) * 100 for aa in (a_lo, a_hi) for bb in (b_lo, b_hi)]
    lo, hi = min(corners), max(corners)
    if b_lo <= a_hi and a_lo <= b_hi:
        lo = 0.0  # the ends overlap once rounded: any small change fits
    s_lo, s_hi = _bounds(said)
    s_lo, s_hi = abs(s_lo), abs(s_hi)
    s_lo, s_hi = min(s_lo, s_hi), max(s_lo, s_hi)
    if s_lo <= hi and lo <= s_hi:
        return []
    if a.figure.unit == "percent":
        points = abs((b.figure.value or 0) - (a.figure.value or 0))
        if abs(points - abs(said.figure.value or 0)) <= (a.step + b.step + said.step) / 2:
            return []  # a change in percentage points, not a relative change
    expected = abs((b.figure.value or 0) - (a.figure.value or 0)) / abs(a.figure.value or 1) * 100
    return [_finding(doc, sentence, a, b, said, expected, "percent", f"a change of {expected:.1f}%")]


def _amount_change(doc: Document, sentence: str, a: Placed, b: Placed, said: Placed) -> list[FindingModel]:
    (a_lo, a_hi), (b_lo, b_hi) = _bounds(a), _bounds(b)
    lo = max(0.0, max(b_lo - a_hi, a_lo - b_hi))
    hi = max(abs(b_hi - a_lo), abs(a_hi - b_lo))
    s_lo, s_hi = sorted(abs(x) for x in _bounds(said))
    if s_lo <= hi and lo <= s_hi:
        return []
    expected = abs((b.figure.value or 0) - (a.figure.value or 0))
    unit = a.figure.unit
    return [_finding(doc, sentence, a, b, said, expected, unit, f"a change of {money(expected, unit)}")]


def _finding(
    doc: Document,
    sentence: str,
    a: Placed,
    b: Placed,
    said: Placed,
    expected: float,
    unit: str,
    worked: str,
) -> FindingModel:
    said_value = finding_value(doc, None, None, figure=said.figure, label=said.figure.label)
    values = [said_value] + [
        finding_value(doc, None, None, figure=p.figure, label=p.figure.label) for p in (a, b)
    ]
    place = (
        f"{doc.doc_id} p.{said_value.page}"
        if said_value.page is not None
        else f"{doc.doc_id} line {said_value.line}"
    )
    ends = [
        f"{p.figure.raw} ({p.figure.period or p.figure.label}, {_table_of(doc, p.figure.table_id)})"
        if p.figure.table_id
        else p.figure.raw
        for p in (a, b)
    ]
    message = (
        f"The text states a change of {said.figure.raw} from {ends[0]} to {ends[1]}, but from "
        f'{a.figure.raw} to {b.figure.raw} is {worked} ("{quote(sentence, said.start)}", {place}).'
    )
    delta = abs(said.figure.value or 0.0) - expected
    return FindingModel(
        id=finding_id("arithmetic", doc.doc_id, "prose-change", said.figure.id),
        kind=FindingKind.ARITHMETIC,
        severity=Severity.ERROR,
        docs=[doc.doc_id],
        label=said.figure.label or sentence[:60],
        column=None,
        values=values,
        unit=unit,
        expected=round(expected, 6),
        delta=round(delta, 6),
        tolerance=round((a.step + b.step + said.step) / 2, 6),
        message=message,
        check="prose-change",
        rule_id=rule_id("prose-change"),
        confidence=0.9,
    )


def _table_of(doc: Document, table_id: str) -> str:
    table = next((t for t in doc.tables if t.id == table_id), None)
    return table_name(table) if table is not None else "a table"


def quote(sentence: str, pos: int, width: int = 110) -> str:
    start = max(0, pos - width // 2)
    text = " ".join(sentence[start : start + width].split())
    return ("…" if start > 0 else "") + text + ("…" if start + width < len(sentence) else "")


# --------------------------------------------------------------------------- mistyped numbers


_OUT_OF_SCALE = 10.0  # "£6,443m" in a paper whose largest other sum is £203m is a slip for £6.443m


def _mistyped(doc: Document) -> list[FindingModel]:
    """Numbers the parser doubted. "£1,419m" is how a county writes £1.4bn, so a thousands-separated
    'm' amount is reported only when it dwarfs the largest sum in the paper's tables."""
    suspects = [f for f in doc.figures if any("mistyped" in w for w in f.warnings)]
    sums = [f for f in doc.figures if f.unit == "GBP" and f.value is not None and f not in suspects]
    # the paper's own accounts are in its tables; its prose also quotes national sums ("£2bn")
    accounts = [f for f in sums if f.table_id is not None] or sums
    largest = max((abs(f.value or 0.0) for f in accounts), default=0.0)
    findings: list[FindingModel] = []
    for f in suspects:
        notes = [w for w in f.warnings if "mistyped" in w]
        if f.unit == "GBP" and abs(f.value or 0.0) <= _OUT_OF_SCALE * largest:
            continue
        value = finding_value(doc, None, None, figure=f, label=f.label)
        place = (
            f"{doc.doc_id} p.{value.page}" if value.page is not None else f"{doc.doc_id} line {value.line}"
        )
        quoted = quote(f.text, max(0, f.text.find(f.raw)))
        findings.append(
            FindingModel(
                id=finding_id("narrative", doc.doc_id, "mistyped", f.id),
                kind=FindingKind.NARRATIVE,
                severity=Severity.WARNING,
                docs=[doc.doc_id],
                label=f.label or f.raw,
                column=f.column,
                values=[value],
                unit=f.unit,
                message=f'The paper writes {f.raw}: {notes[0].split(": ", 1)[-1]} ("{quoted}", {place}).',
                check="mistyped-number",
                rule_id=rule_id("mistyped-number"),
                confidence=0.6,
            )
        )
    return findings


__all__ = ["check_document"]
