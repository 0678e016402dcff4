"""Check 3: the same table in versions of a paper, diffed cell by cell.

Papers are grouped by what they are (``identity``), never by file name. Inside a group every pair
of tables is aligned (``align``: lines by name, columns by header or by their numbers) and tables
that align are one table followed across papers: a "table history". Each table of a history is then
diffed against the latest earlier table it aligned with, in the spirit of daff: every cell whose
value changed beyond the rounding of how both were written is a ``version-change`` warning with both
values and where each was printed; a line renamed (proven by its numbers) is ``line-relabelled``
and a line present on one side only ``line-added-or-removed`` (``info``). A table that repeats
another table in the same paper (an appendix) is compared the same way; there a disagreement is a
``same-document-repeat`` error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re
from rapidfuzz import fuzz

from ..dates import find_dates
from ..gazetteer import Gazetteer
from ..models import Document, Finding, FindingKind, FindingValue, RowRole, Severity, Table
from ..periods import financial_years_in
from .align import Alignment, Occurrence, agrees, align, lines, rescaled
from .align import occurrences as occurrences_of
from .common import Value, clusters, finding_id, finding_value, money, rounding_tolerance, rule_id
from .identity import Identity, financial_years, group_documents, identity

TABLE_MATCH = 0.5  # share of the smaller table's lines the other must hold for one table
REPEAT_AGREEMENT = 0.5  # share of shared cells an appendix must repeat exactly to be a repeat
TITLE_MATCH = 60.0  # rapidfuzz token_set_ratio under which two printed titles name other tables

__all__ = [
    "History",
    "Identity",
    "Occurrence",
    "check_group",
    "financial_years",
    "group_documents",
    "histories",
    "identity",
]


@dataclass
class History:
    """One table followed across documents (and repeats inside a document)."""

    id: str
    title: str
    occurrences: list[Occurrence] = field(default_factory=list)
    # (earlier, later) occurrence indexes that were diffed, with their alignment
    pairs: list[tuple[int, int, Alignment]] = field(default_factory=list)


def histories(docs: list[Document], gazetteer: Gazetteer | None = None) -> list[History]:
    """Cluster the tables of a group of documents that align into histories (union-find)."""
    occurrences = [o for d in docs for o in occurrences_of(d)]
    order = {d.doc_id: n for n, d in enumerate(docs)}
    occurrences.sort(key=lambda o: order[o.doc.doc_id])  # stable: tables keep their paper order
    named = [_named_organisations(o.table, gazetteer) for o in occurrences]
    # aligning is the costly step; two versions of one table share at least one line name exactly,
    # so a pair that shares none is not aligned at all (a group of a hundred papers has ~10^6 pairs)
    names = [
        frozenset(k for r, k in lines(o.table) if o.table.rows[r].role is RowRole.ITEM) for o in occurrences
    ]
    edges: dict[int, list[tuple[int, Alignment]]] = {}
    for j in range(len(occurrences)):
        for i in range(j):
            if not names[i] & names[j]:
                continue
            if named[i] != named[j] and not named[i] & named[j]:
                # "NHS West Kent CCG schemes" against "NHS Dartford ... CCG schemes": tables for
                # different bodies, not versions of one
                continue
            alignment = same_table(occurrences[i], occurrences[j])
            if alignment is not None:
                edges.setdefault(j, []).append((i, alignment))
    out: list[History] = []
    joined = [(i, j) for j, found in edges.items() for i, _ in found]
    for members in clusters(len(occurrences), joined):
        if len(members) < 2:
            continue
        index = {m: n for n, m in enumerate(members)}
        pairs: list[tuple[int, int, Alignment]] = []
        for j in members[1:]:
            pairs.extend((index[i], index[j], alignment) for i, alignment in _previous(occurrences, j, edges))
        occ = [occurrences[m] for m in members]
        title = next((o.title for o in occ if o.title), None) or _describe(occ[0].table)
        hid = finding_id("history", *[f"{o.doc.doc_id}:{o.table.id}" for o in occ])
        out.append(History(id=hid, title=title, occurrences=occ, pairs=pairs))
    return out


def _previous(
    occurrences: list[Occurrence], j: int, edges: dict[int, list[tuple[int, Alignment]]]
) -> list[tuple[int, Alignment]]:
    """What table ``j`` is diffed against: every table it aligned with in the latest earlier paper
    (a version may split one table over two pages, or join two), and the latest table it repeats
    in its own paper."""
    doc = occurrences[j].doc
    earlier = [(i, a) for i, a in edges.get(j, []) if occurrences[i].doc is not doc]
    out = []
    if earlier:
        latest = max(i for i, _ in earlier)
        out = _closest(
            [(i, a) for i, a in earlier if occurrences[i].doc is occurrences[latest].doc], occurrences, j
        )
    repeats = [(i, a) for i, a in edges.get(j, []) if occurrences[i].doc is doc]
    return out + repeats[-1:]


def _closest(
    candidates: list[tuple[int, Alignment]], occurrences: list[Occurrence], j: int
) -> list[tuple[int, Alignment]]:
    """Of the earlier paper's tables that align with table ``j``, the one that agrees with it most,
    and others only for lines it does not hold (a table split over two pages in one version). An
    earlier paper holding one table twice, as proposed and as agreed ("Proposed Indicative
    Contributions" and "contributions ... reflected in the formal S75 agreement"), is diffed against
    the one the later paper repeats, not reported as changed against the other."""
    if len(candidates) < 2:
        return candidates

    def agreement(candidate: tuple[int, Alignment]) -> float:
        same, compared, _ = _cell_agreement(occurrences[candidate[0]], occurrences[j], candidate[1])
        return same / compared if compared else 0.0

    kept: list[tuple[int, Alignment]] = []
    covered: set[int] = set()
    for candidate in sorted(candidates, key=agreement, reverse=True):
        rows = set(candidate[1].rows.values())
        if kept and len(rows - covered) < TABLE_MATCH * len(rows):
            continue  # its lines are diffed against a closer table already
        kept.append(candidate)
        covered |= rows
    return sorted(kept, key=lambda c: c[0])


def check_group(
    docs: list[Document], gazetteer: Gazetteer | None = None
) -> tuple[list[Finding], list[History]]:
    found = histories(docs, gazetteer)
    findings: list[Finding] = []
    for history in found:
        findings.extend(diff_history(history))
    return findings, found


def diff_history(history: History) -> list[Finding]:
    """Every diffed pair's changed cells and renamed lines; and, per pair of papers, the lines of
    either that no table of the other holds (a table split over two pages in one version and not
    the other is one table for this)."""
    findings: list[Finding] = []
    matched: dict[tuple[int, str], set[int]] = {}  # (occurrence, other paper) -> its rows matched
    sides: list[tuple[int, str]] = []
    for i, j, alignment in history.pairs:
        a = rescaled(history.occurrences[i], alignment.factors[0])
        b = rescaled(history.occurrences[j], alignment.factors[1])
        findings.extend(diff(history, a, b, alignment))
        for key, rows in (
            ((i, b.doc.doc_id), alignment.rows.keys()),
            ((j, a.doc.doc_id), alignment.rows.values()),
        ):
            if key not in matched:
                sides.append(key)
            matched.setdefault(key, set()).update(rows)
    for n, other_id in sides:
        occ = history.occurrences[n]
        other = next(o for o in history.occurrences if o.doc.doc_id == other_id)
        if other.doc is occ.doc:
            continue  # an appendix may repeat part of a table: what it leaves out is not news
        for row, _ in lines(occ.table):
            if row not in matched[(n, other_id)]:
                findings.append(_one_side(history, occ, other, row))
    return findings


# --------------------------------------------------------------------------- is it the same table


_PERIOD_LABEL_RE = re.compile(r"^(?:q[1-4] )?(?:19|20)?\d{2}(?: \d{2,4})?$|^\d+(?: \d+)*$")


def same_table(a: Occurrence, b: Occurrence) -> Alignment | None:
    """The alignment of two tables when they are one table: most lines of the smaller are in the
    other, some columns align, the units agree, their printed titles (if both have one) are alike,
    and they share more than their total lines. Inside one paper they must also repeat most cells."""
    if a.table.title and b.table.title and fuzz.token_set_ratio(a.table.title, b.table.title) < TITLE_MATCH:
        return None
    units_a, units_b = _units(a), _units(b)
    if units_a and units_b and not units_a & units_b:
        return None  # pounds in one, percentages in the other: two different measures
    # lines named only by a year or a number say nothing about what the table measures
    named_a = [i for i, k in lines(a.table) if not _PERIOD_LABEL_RE.match(k)]
    named_b = [i for i, k in lines(b.table) if not _PERIOD_LABEL_RE.match(k)]
    if not named_a or not named_b:
        return None
    alignment = align(a, b)
    if not alignment.cols:
        return None
    by_name = {r: s for r, s in alignment.rows.items() if r not in alignment.relabelled and r in named_a}
    if len(by_name) < TABLE_MATCH * min(len(named_a), len(named_b)):
        return None
    items = [r for r in by_name if a.table.rows[r].role is RowRole.ITEM]
    if not items and len(by_name) < 3:
        return None  # tables sharing only their total lines ("Total", "Net Contribution")
    if a.doc is b.doc:
        if _dated_apart(a.table.title, b.table.title):
            return None
        # inside one paper, tables of one shape with mostly other numbers are the same template
        # filled in for other places or groups (a KPI summary per directorate), not a repeat; a
        # one-line table of small counts agrees by chance, so a repeat must share two lines
        same, compared, rows = _cell_agreement(a, b, alignment)
        if rows < 2 or same < REPEAT_AGREEMENT * compared:
            return None
    return alignment


def _dated_apart(title_a: str | None, title_b: str | None) -> bool:
    """Two titles of one paper that name different dates or years: one measure at two times ("...
    by age and sex (October 2015)", "... (January 2016)"), a series, not a table and its repeat.
    Between versions of a paper a title's date may move with the paper ("Forecast at Month 8"),
    so this is asked only inside one."""
    when_a, when_b = _title_dates(title_a or ""), _title_dates(title_b or "")
    return bool(when_a and when_b and when_a != when_b)


def _title_dates(title: str) -> frozenset[str]:
    found = {d.iso for d in find_dates(title)}
    return frozenset(found or financial_years_in(title))


def _units(o: Occurrence) -> set[str]:
    return {v.figure.unit for v in o.values.values() if v.figure is not None}


def _named_organisations(table: Table, gazetteer: Gazetteer | None) -> set[str]:
    if gazetteer is None or not table.title:
        return set()
    return {m.org.name for m in gazetteer.find(table.title)}


def _cell_agreement(a: Occurrence, b: Occurrence, alignment: Alignment) -> tuple[int, int, int]:
    same = compared = 0
    rows = set()
    for ra, rb in alignment.rows.items():
        for ca, cb in alignment.cols.items():
            va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
            if va is None or vb is None:
                continue
            rows.add(ra)
            compared += 1
            same += agrees(va, vb)
    return same, compared, len(rows)


def _describe(table: Table) -> str:
    """A name for an untitled table: its first lines, as a reader would point at it."""
    names = [r.label for r in table.rows if r.label.strip() and r.role is not RowRole.NOTE][:3]
    return "Table with " + ", ".join(f"'{n}'" for n in names) + (" ..." if len(table.rows) > 3 else "")


# --------------------------------------------------------------------------- the diff


def diff(history: History, a: Occurrence, b: Occurrence, alignment: Alignment) -> list[Finding]:
    """Changed cells and renamed lines between two aligned occurrences."""
    findings: list[Finding] = []
    for ra, rb in alignment.rows.items():
        for ca, cb in alignment.cols.items():
            va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
            if va is None or vb is None or agrees(va, vb):
                continue
            findings.append(_changed(history, a, b, (ra, ca, va), (rb, cb, vb), alignment))
        if ra in alignment.relabelled:
            findings.append(_relabelled(history, a, b, ra, rb, alignment))
    return findings


def _column_name(occ: Occurrence, col: int) -> str:
    column = occ.table.columns[col]
    return column.organisation or occ.names.get(col) or column.period or f"column {col + 1}"


def _changed(
    history: History,
    a: Occurrence,
    b: Occurrence,
    cell_a: tuple[int, int, Value],
    cell_b: tuple[int, int, Value],
    alignment: Alignment,
) -> Finding:
    (ra, ca, va), (rb, cb, vb) = cell_a, cell_b
    same_doc = a.doc is b.doc
    label_a, label_b = a.table.rows[ra].label, b.table.rows[rb].label
    label = label_b if ra in alignment.relabelled else label_a
    column = _column_name(b, cb) if b.names.get(cb) else _column_name(a, ca)
    # a continued table's figures may not know the '£000s' of the page before: the table it
    # continues does
    units = {u for u in (a.unit, b.unit) if u} or {v.figure.unit for v in (va, vb) if v.figure is not None}
    unit = "GBP" if "GBP" in units or not units else units.pop()
    values = [
        finding_value(o.doc, o.table, v, label=lab, column=_column_name(o, c)).model_copy(
            update={"unit": unit}
        )
        for o, v, lab, c in ((a, va, label_a, ca), (b, vb, label_b, cb))
    ]
    where_word = "inside one document" if same_doc else "between versions"
    parts = "; ".join(f"{money(fv.value, unit)} in {_place(fv)}" for fv in values)
    message = f"{label} ({column}) differs {where_word}: {parts} ({history.title})."
    check = "same-document-repeat" if same_doc else "version-change"
    # a table aligned by its headers is surely the same table; by its numbers, very likely
    confidence = 0.9 if alignment.by_header else 0.85
    return Finding(
        id=finding_id(
            "cross_document", history.id, a.doc.doc_id, a.table.id, b.doc.doc_id, b.table.id, ra, ca
        ),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.ERROR if same_doc else Severity.WARNING,
        docs=sorted({a.doc.doc_id, b.doc.doc_id}),
        label=label,
        column=column,
        values=values,
        unit=unit,
        delta=round(vb.value - va.value, 6),
        tolerance=round(rounding_tolerance([va.step, vb.step]), 6),
        message=message,
        check=check,
        rule_id=rule_id(check),
        confidence=confidence,
        group=history.id,
    )


def _relabelled(
    history: History, a: Occurrence, b: Occurrence, ra: int, rb: int, alignment: Alignment
) -> Finding:
    """One line under two names; the evidence is the amounts the two names share."""
    old, new = a.table.rows[ra].label, b.table.rows[rb].label
    values: list[FindingValue] = []
    for ca, cb in alignment.cols.items():
        va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
        if va is not None and vb is not None and va.value != 0 and agrees(va, vb):
            values.append(finding_value(a.doc, a.table, va, label=old, column=_column_name(a, ca)))
            values.append(finding_value(b.doc, b.table, vb, label=new, column=_column_name(b, cb)))
    shared = ", ".join(money(v.value, v.unit or "GBP") for v in values[::2][:3])
    message = (
        f"'{old}' ({_place(values[0])}) and '{new}' ({_place(values[1])}) look like one line under two names: "
        f"they hold the same {shared} in the same column{'s' if len(values) > 2 else ''} ({history.title})."
    )
    return Finding(
        id=finding_id("cross_document", history.id, a.doc.doc_id, b.doc.doc_id, ra, rb, "relabelled"),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.INFO,
        docs=sorted({a.doc.doc_id, b.doc.doc_id}),
        label=old,
        values=values[:8],
        message=message,
        check="line-relabelled",
        rule_id=rule_id("line-relabelled"),
        # one shared amount could be chance; several in the same columns are not
        confidence=0.9 if len(values) > 2 else 0.7,
        group=history.id,
    )


def _one_side(history: History, occ: Occurrence, other: Occurrence, row: int) -> Finding:
    label = occ.table.rows[row].label
    values = [
        finding_value(occ.doc, occ.table, v, label=label, column=_column_name(occ, c))
        for (r, c), v in sorted(occ.values.items())
        if r == row
    ][:6]
    here, there = _doc_place(occ, row), _doc_place(other, None)
    message = f"'{label}' is in {here} but not in {there} ({history.title})."
    return Finding(
        id=finding_id(
            "cross_document", history.id, occ.doc.doc_id, occ.table.id, row, other.doc.doc_id, "one-side"
        ),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.INFO,
        docs=sorted({occ.doc.doc_id, other.doc.doc_id}),
        label=label,
        values=values or [FindingValue(doc_id=occ.doc.doc_id, value=None, text=label)],
        message=message,
        check="line-added-or-removed",
        rule_id=rule_id("line-added-or-removed"),
        confidence=0.7,  # a line we did not read in the other table looks the same as one not there
        group=history.id,
    )


def _doc_place(occ: Occurrence, row: int | None) -> str:
    prov = occ.table.provenance
    if row is not None:
        prov = next((r.provenance for r in occ.table.rows if r.index == row), prov)
    where = (
        f"p.{prov.page}" if prov.page is not None else (f"line {prov.line}" if prov.line is not None else "")
    )
    return f"{occ.doc.doc_id} {where}".strip()


def _place(v: FindingValue) -> str:
    where = f"p.{v.page}" if v.page is not None else (f"line {v.line}" if v.line is not None else "")
    return f"{v.doc_id} {where}".strip()
