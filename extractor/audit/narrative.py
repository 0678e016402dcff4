"""Check 2: prose that contradicts the paper's own tables.

Two kinds of statement are compared with the tables of the same document:

* a sum of money that names a line item ("We will invest £0.5m in support work to increase
  market capacity. This will form part of an overall strategic review of home care ...") against
  that item's amounts — a sentence names a line when its paragraph (with its heading) holds the
  line label's meaningful words;
* a sum that claims to add lines up ("OCCG will invest £137.3m across the two new pools")
  against the totals of that organisation's columns, alone and added together.

An item is consistent when any amount said about it agrees with any of its amounts, or when the
amounts said about it add up to one of its amounts (a breakdown). Agreement allows for the
rounding of both numbers as written (``£0.6m`` stands for anything from £550,000 to £650,000)
and for words such as "around". Only disagreements beyond that are findings.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import regex as re

from ..gazetteer import Gazetteer
from ..models import ColumnKind, Document, Figure, Finding, FindingKind, RowRole, Severity, Table
from ..passes.common import find_raw
from ..rules import AuditRule, Rules
from .common import (
    Value,
    finding_id,
    finding_value,
    money,
    precision_step,
    rounding_tolerance,
    rule_id,
    table_name,
    table_values,
)

# share of a line label's meaningful words the statement's context must hold: the words of its own
# sentence nearer to it than to another number, the paragraph's sentences that state no number, and
# the section title
COVERAGE = 0.75
NEAR = 0.05  # a claimed sum within 5% of the nearest sum of lines is a discrepancy, not another sum
# A sentence that shares a line's words but states a sum many times larger or smaller is about
# something else ("£2.7m ... for service users with Learning Disabilities" is not the £74.9m
# Learning Disabilities line); real slips are close (£0.5m said, £0.6m tabled).
PLAUSIBLE_RATIO = 2.0
TABLE_WINDOW = 2  # a claimed sum may add up lines of tables at most this many tables apart


@dataclass(frozen=True)
class Statement:
    figure: Figure
    paragraph: str
    context_words: frozenset[str]
    step: float
    approximate: bool
    # a sum the sentence says it adds up ("In total these amounts are £40.6m"): the sum check's,
    # not any one line's
    claims_sum: bool = False
    # the words of its own sentence nearer to it than to another number
    own_words: frozenset[str] = frozenset()


def check_document(doc: Document, rules: Rules, gazetteer: Gazetteer) -> list[Finding]:
    statements = _statements(doc, rules)
    if not statements:
        return []
    findings = _line_items(doc, statements, rules, gazetteer)
    findings += _sum_claims(doc, statements, rules, gazetteer)
    return findings


# --------------------------------------------------------------------------- statements


def _words(text: str, weak: frozenset[str]) -> frozenset[str]:
    tokens = re.findall(r"[a-z][a-z'’-]+", text.lower())
    return frozenset(_stem(t) for t in tokens if t not in weak and len(t) > 2)


def _stem(word: str) -> str:
    word = word.strip("'’-")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _vocabulary(rules: Rules, kind: str) -> list[AuditRule]:
    return [r for r in rules.audit if r.kind == kind]


def _statements(doc: Document, rules: Rules) -> list[Statement]:
    weak = frozenset(w for r in _vocabulary(rules, "weak_word") for w in r.words)
    approx_patterns = [r.pattern() for r in _vocabulary(rules, "approximate")]
    sum_patterns = [r.pattern() for r in _vocabulary(rules, "sum_cue")]
    paragraphs = {
        (b.provenance.page, b.provenance.line, b.provenance.line_end, b.provenance.bbox): b
        for b in doc.blocks
    }
    sections = {s.id: s for s in doc.sections}
    # a paragraph's words, once per paragraph rather than once per sum in it: a paragraph of a
    # million characters holds hundreds of sums
    vocabulary: dict[str, frozenset[str]] = {}
    placed = _placed_amounts(doc)
    out: list[Statement] = []
    for f in doc.figures:
        if f.table_id is not None or f.unit != "GBP" or f.value is None or f.value <= 0:
            continue
        p = f.provenance
        block = paragraphs.get((p.page, p.line, p.line_end, p.bbox))
        paragraph = block.text if block is not None else f.text
        section = sections.get(f.section_id)
        context = " ".join([_owned(f, placed.get(f.text, [])), _unnumbered(paragraph, f.text)])
        context += " " + (section.title if section is not None else "")
        before = f.text[: f.text.find(f.raw)] if f.raw in f.text else f.text
        approximate = any(pat is not None and pat.search(before[-25:]) for pat in approx_patterns)
        owned = _owned(f, placed.get(f.text, []))
        claims_sum = any(pat is not None and pat.search(owned) for pat in sum_patterns)
        words = vocabulary.get(context)
        if words is None:
            words = vocabulary[context] = _words(context, weak)
        out.append(
            Statement(
                f, paragraph, words, precision_step(f.raw, 1.0), approximate, claims_sum, _words(owned, weak)
            )
        )
    return out


_AMOUNT_RE = re.compile(r"£\s?\d|\d\s?%")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


def _placed_amounts(doc: Document) -> dict[str, list[tuple[int, int, str]]]:
    """Sentence -> (start, end, figure id) of every prose number in it, in order."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for f in doc.figures:
        if f.table_id is not None or not f.text:
            continue
        taken = out.setdefault(f.text, [])
        at = find_raw(f.text, f.raw)
        while at >= 0 and any(s <= at < e for s, e, _ in taken):
            at = find_raw(f.text, f.raw, at + 1)
        if at >= 0:
            taken.append((at, at + len(f.raw), f.id))
            taken.sort()
    return out


def _owned(f: Figure, placed: list[tuple[int, int, str]]) -> str:
    """The part of the figure's sentence nearer to it than to any other number: in "(not including
    the -£0.8m internal base adjustment) is on adult social care (£81.9m, ..." the words before
    £81.9m up to half-way back to -£0.8m name what £81.9m is; "base" belongs to -£0.8m."""
    spans = [(s, e) for s, e, fid in placed]
    mine = next((i for i, (_, _, fid) in enumerate(placed) if fid == f.id), None)
    if mine is None:
        return f.text
    start = (spans[mine - 1][1] + spans[mine][0]) // 2 if mine > 0 else 0
    end = (spans[mine][1] + spans[mine + 1][0]) // 2 if mine + 1 < len(spans) else len(f.text)
    # a word cut by the half-way mark belongs to both numbers
    start = max(f.text.rfind(" ", 0, start), 0)
    end = f.text.find(" ", end) if f.text.find(" ", end) >= 0 else len(f.text)
    return f.text[start:end]


def _unnumbered(paragraph: str, own: str) -> str:
    """The paragraph's other sentences that state no amount of their own ("This will form part of
    an overall strategic review of home care"): they say more about the amounts around them."""
    return " ".join(
        s
        for s in _SENTENCE_END_RE.split(paragraph)
        if s.strip() and s.strip() not in own and not _AMOUNT_RE.search(s)
    )


def _agrees(a: float, step_a: float, b: float, step_b: float, approximate: bool) -> bool:
    """Prose rounds what a table states: the two agree when they are the same number once both
    are rounded as coarsely as the coarser one was written (£6.276m and '£6.3m' agree; '£0.5m'
    and £0.6m do not, though both could be read as £550,000). 'Around £x' allows 5%."""
    if approximate and abs(a - b) <= 0.05 * max(abs(a), abs(b)):
        return True
    step = max(step_a, step_b, 1e-9)
    return _half_up(a / step) == _half_up(b / step) or abs(a - b) <= 1e-6


def _half_up(x: float) -> int:
    """Rounding as papers do it: £49.45m is '£49.5m'. Python's round() goes to even (494.5 -> 494)."""
    return int(math.copysign(math.floor(abs(x) + 0.5 + 1e-9), x))


# --------------------------------------------------------------------------- named line items


def _name_words(doc: Document, gazetteer: Gazetteer, weak: frozenset[str]) -> frozenset[str]:
    """Place names and abbreviations of the organisations the paper names: they say whose line it
    is ("Total Better Care Fund (Oxfordshire Clinical Commissioning Group)"), not which. Ordinary
    words inside names ("health" in "Health and Wellbeing Board") stay meaningful."""
    words: set[str] = set()
    for b in doc.blocks:
        for m in gazetteer.find(b.text):
            if m.org.area:
                words |= _words(m.org.area, weak)
            if m.text.isupper():
                words |= _words(m.text.lower(), weak)
    words |= {"clinical", "commissioning", "group", "county", "borough", "city", "district"}
    return frozenset(words)


def _line_items(
    doc: Document, statements: list[Statement], rules: Rules, gazetteer: Gazetteer
) -> list[Finding]:
    weak = frozenset(w for r in _vocabulary(rules, "weak_word") for w in r.words)
    weak = weak | _name_words(doc, gazetteer, weak)
    findings: list[Finding] = []
    for table in doc.tables:
        values = table_values(doc, table)
        money_rows: dict[int, list[Value]] = {}
        for (row_index, _), v in values.items():
            if v.figure is None or v.figure.unit == "GBP":
                money_rows.setdefault(row_index, []).append(v)
        for row in table.rows:
            if row.role is RowRole.GROUP or row.index not in money_rows:
                continue
            label_words = _words(row.label, weak)
            if len(label_words) < 2:
                continue  # "Balance", "Other": too little to tie a sentence to this line
            # the paragraph and its heading may supply most of a line's words, but the words
            # nearest the amount must name at least one: "Each 1% increase in the Council Tax rate
            # generates circa £9.5m" under a heading on adult social care is not the "of which
            # Adult Social Care" line
            said = [
                s
                for s in statements
                if not s.claims_sum
                and label_words & s.own_words
                and len(label_words & s.context_words) >= COVERAGE * len(label_words)
            ]
            if not said:
                continue
            amounts = money_rows[row.index] + _row_words_amounts(doc, table, row.index)
            if _consistent(said, amounts):
                continue
            stated = amounts[0]
            said = [s for s in said if _plausible(s.figure.value or 0.0, [a.value for a in amounts])]
            if not said:
                continue
            # in "home support £6.4m and community nursing £9.875m" the amount whose own phrase
            # names the line is the one said about it
            best = max(
                said,
                key=lambda s: (
                    len(label_words & _words(s.figure.label, weak)),
                    len(label_words & _words(s.figure.text, weak)),
                    -abs((s.figure.value or 0.0) - stated.value),
                ),
            )
            column = table.columns[stated.col]
            message = (
                f'The text says {money(best.figure.value)} ("{_quote(best.figure.text, best.figure.raw)}", '
                f"{_where(best.figure, doc)}) but the table gives {money(stated.value)} for {row.label}"
                + (f" ({column.organisation or column.period or column.header})" if column.header else "")
                + f" ({_row_place(doc, table, row.index)})."
            )
            findings.append(
                Finding(
                    id=finding_id("narrative", doc.doc_id, table.id, row.index, best.figure.id),
                    kind=FindingKind.NARRATIVE,
                    severity=Severity.WARNING,
                    docs=[doc.doc_id],
                    label=f"{best.figure.label} / {row.label}",
                    column=column.header or None,
                    values=[
                        finding_value(doc, None, None, figure=best.figure, label=best.figure.label),
                        finding_value(doc, table, stated, label=row.label, column=column.header),
                    ],
                    unit="GBP",
                    expected=stated.value,
                    delta=round((best.figure.value or 0.0) - stated.value, 6),
                    tolerance=round(rounding_tolerance([best.step, stated.step]), 6),
                    message=message,
                    check="prose-vs-table",
                    rule_id=rule_id("prose-vs-table"),
                    confidence=0.6,  # the sentence shares the line's words; it may mean another sum
                    group=table.id,
                )
            )
    return findings


def _plausible(said: float, amounts: list[float]) -> bool:
    return any(a > 0 and 1 / PLAUSIBLE_RATIO <= said / a <= PLAUSIBLE_RATIO for a in amounts)


def _row_words_amounts(doc: Document, table: Table, row: int) -> list[Value]:
    """Sums written in the row's own words ('An investment of £0.6m ...') also count as its amounts."""
    out = []
    for f in doc.figures:
        if f.table_id == table.id and f.row == row and f.unit == "GBP" and f.value is not None:
            col = f.col if f.col is not None else 0
            if table.columns[col].kind is not ColumnKind.VALUE:
                out.append(Value(f.value, precision_step(f.raw, 1.0), f, row, col))
    return out


def _consistent(said: list[Statement], amounts: list[Value]) -> bool:
    for s in said:
        for a in amounts:
            if _agrees(s.figure.value or 0.0, s.step, a.value, a.step, s.approximate):
                return True
    # a breakdown: the amounts said add up to one of the line's amounts
    parts = [s for s in said if (s.figure.value or 0) > 0]
    for size in range(2, min(4, len(parts)) + 1):
        for combo in itertools.combinations(parts, size):
            total = sum(s.figure.value or 0.0 for s in combo)
            step = sum(s.step for s in combo)
            if any(_agrees(total, step, a.value, a.step, False) for a in amounts):
                return True
    return False


# --------------------------------------------------------------------------- claimed sums


def _sum_claims(
    doc: Document, statements: list[Statement], rules: Rules, gazetteer: Gazetteer
) -> list[Finding]:
    cues = [r.pattern() for r in _vocabulary(rules, "sum_cue")]
    findings: list[Finding] = []
    totals = _organisation_totals(doc)
    for s in statements:
        sentence = s.figure.text
        if not any(p is not None and p.search(sentence) for p in cues):
            continue
        orgs = {m.org.name for m in gazetteer.find(sentence)}
        pool = [(t, v) for org in sorted(orgs) for t, v in totals.get(org, [])]
        if not pool:
            continue
        candidates = _candidate_sums(pool, {t.id: i for i, t in enumerate(doc.tables)})
        claimed = s.figure.value or 0.0
        if any(_agrees(claimed, s.step, total, step, s.approximate) for total, step, _ in candidates):
            continue
        nearest = min(candidates, key=lambda c: abs(c[0] - claimed))
        if abs(nearest[0] - claimed) > NEAR * max(abs(claimed), 1.0):
            continue  # not this sum: the statement is about something the tables do not hold
        total, step, parts = nearest
        parts_text = " + ".join(f"{money(v.value)} ({table_name(t.table)}: {t.row_label})" for t, v in parts)
        message = (
            f"The text says {money(claimed)} ({_where(s.figure, doc)}) but the tables add up to "
            f"{money(total)} ({parts_text})."
        )
        findings.append(
            Finding(
                id=finding_id("narrative", doc.doc_id, s.figure.id, "sum"),
                kind=FindingKind.NARRATIVE,
                # a sum of gross lines is our reading of what the text means: less sure than net
                severity=Severity.WARNING if any(t.gross for t, _ in parts) else Severity.ERROR,
                docs=[doc.doc_id],
                label=s.figure.label,
                column=", ".join(sorted(orgs)),
                values=[finding_value(doc, None, None, figure=s.figure, label=s.figure.label)]
                + [
                    finding_value(doc, t.table, v, label=t.row_label, column=t.table.columns[v.col].header)
                    for t, v in parts
                ],
                unit="GBP",
                expected=round(total, 6),
                delta=round(claimed - total, 6),
                tolerance=round(rounding_tolerance([s.step, step]), 6),
                message=message,
                check="prose-sum-vs-tables",
                rule_id=rule_id("prose-sum-vs-tables"),
                confidence=0.6 if any(t.gross for t, _ in parts) else 0.85,
            )
        )
    return findings


def explain_from_versions(findings: list[Finding], group: list[Document]) -> list[Finding]:
    """A claimed sum that disagrees with its own paper's tables but agrees with another version's
    was most likely not updated: say so, with that version's sum, in the finding's message."""
    by_id = {d.doc_id: d for d in group}
    out: list[Finding] = []
    for f in findings:
        doc = by_id.get(f.docs[0]) if f.check == "prose-sum-vs-tables" else None
        said = next((x for x in doc.figures if x.id == f.values[0].figure_id), None) if doc else None
        if doc is None or said is None or said.value is None:
            out.append(f)
            continue
        orgs = set((f.column or "").split(", "))
        step = precision_step(said.raw, 1.0)
        match = None
        for other in group:
            if other.doc_id == doc.doc_id:
                continue
            pool = [(t, v) for org in sorted(orgs) for t, v in _organisation_totals(other).get(org, [])]
            order = {t.id: i for i, t in enumerate(other.tables)}
            hit = next(
                (c for c in _candidate_sums(pool, order) if _agrees(said.value, step, c[0], c[1], False)),
                None,
            )
            if hit is not None:
                match = (other, hit)
                break
        if match is None:
            out.append(f)
            continue
        other, (total, _, parts) = match
        message = (
            f"{f.message} It matches the tables of {other.doc_id} ({money(total)}), so the text may not have "
            "been updated since that version."
        )
        evidence = [
            finding_value(other, t.table, v, label=t.row_label, column=t.table.columns[v.col].header)
            for t, v in parts
        ]
        update = {"message": message, "docs": sorted({*f.docs, other.doc_id}), "values": f.values + evidence}
        out.append(f.model_copy(update=update))
    return out


@dataclass(frozen=True)
class _TotalLine:
    table: Table
    row_label: str
    gross: bool = False  # the gross line above a net one, not the table's bottom line


def _organisation_totals(doc: Document) -> dict[str, list[tuple[_TotalLine, Value]]]:
    """For each organisation a column stands for: its total lines (net first, then totals)."""
    out: dict[str, list[tuple[_TotalLine, Value]]] = {}
    for table in doc.tables:
        values = table_values(doc, table)
        for col in table.columns:
            if col.kind is not ColumnKind.VALUE or not col.organisation:
                continue
            rows = [r for r in table.rows if r.role in (RowRole.NET, RowRole.TOTAL)]
            if not rows:
                rows = [r for r in table.rows if r.role is RowRole.SUBTOTAL]
            bottom = rows[-1:]  # the bottom line of the table for that organisation
            gross = []
            if bottom and bottom[0].role is RowRole.NET:
                # "invested in the pooled budget" may mean the gross line above the net one
                gross = [r for r in table.rows if r.role in (RowRole.TOTAL, RowRole.SUBTOTAL)][-1:]
            for row in bottom + gross:
                v = values.get((row.index, col.index))
                if v is not None and v.value > 0:
                    line = _TotalLine(table, row.label, gross=row in gross)
                    out.setdefault(col.organisation, []).append((line, v))
    return out


def _candidate_sums(
    pool: list[tuple[_TotalLine, Value]], order: dict[str, int]
) -> list[tuple[float, float, list[tuple[_TotalLine, Value]]]]:
    """Each total alone and every sum of two to four totals (different cells) from tables that sit
    together in the paper — the two pools of one report, not a pool and its copy in an appendix."""
    out = []
    for size in range(1, min(4, len(pool)) + 1):
        for combo in itertools.combinations(pool, size):
            cells = [(t.table.id, v.col) for t, v in combo]
            if len(set(cells)) < len(cells):
                continue
            positions = [order[t.table.id] for t, _ in combo]
            if max(positions) - min(positions) > TABLE_WINDOW - 1:
                continue
            out.append((sum(v.value for _, v in combo), sum(v.step for _, v in combo), list(combo)))
    return out


def _quote(sentence: str, raw: str, width: int = 70) -> str:
    """The words around the amount, short enough to read aloud."""
    text = " ".join(sentence.split())
    at = text.find(raw)
    if at < 0 or len(text) <= width:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, at - width // 2)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _where(f: Figure, doc: Document) -> str:
    if f.provenance.page is not None:
        return f"{doc.doc_id} p.{f.provenance.page}"
    return f"{doc.doc_id} line {f.provenance.line}"


def _row_place(doc: Document, table: Table, row: int) -> str:
    prov = next((r.provenance for r in table.rows if r.index == row), table.provenance)
    if prov.page is not None:
        return f"{table_name(table)}, p.{prov.page}"
    return f"{table_name(table)}, line {prov.line}"
