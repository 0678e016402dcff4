"""Check 3: the same line item with different values in different versions of a paper.

Documents are grouped by what their metadata says (the area, and a period that overlaps), never by
file name. Inside a group every pair of tables is compared by structure — the value columns must
stand for the same organisations or years, and most row labels must match (rapidfuzz) — and the
tables that match are clustered into one "table history". In each history every aligned line
whose value differs between occurrences is a finding listing each value and where it came from;
lines that appear, disappear or change their label are reported as ``info``. A table that repeats
another table in the same document (an appendix) is compared the same way; there a disagreement
is an ``error``, between versions a ``warning``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re
from rapidfuzz import fuzz

from ..gazetteer import Gazetteer
from ..models import ColumnKind, Document, Finding, FindingKind, FindingValue, RowRole, Severity, Table
from .common import (
    Value,
    finding_id,
    finding_value,
    money,
    norm_label,
    rounding_tolerance,
    rule_id,
    table_values,
)

LABEL_MATCH = 90.0  # rapidfuzz ratio for two row labels to be the same line
TABLE_MATCH = 0.5  # share of rows that must match for two tables to be the same table
REPEAT_AGREEMENT = 0.5  # share of shared cells an appendix must repeat exactly to be a repeat


@dataclass
class Occurrence:
    doc: Document
    table: Table
    values: dict[tuple[int, int], Value]


@dataclass
class History:
    """One table followed across documents (and repeats inside a document)."""

    id: str
    title: str
    occurrences: list[Occurrence] = field(default_factory=list)


def financial_years(period: str | None) -> set[int]:
    """'2017/18' -> {2017}; '2017-19' -> {2017, 2018}; '2018/19 Q2' -> {2018}; unknown -> empty."""
    if not period:
        return set()
    m = re.match(r"(\d{4})\s*[/-]\s*(\d{2,4})", period)
    if m:
        start = int(m.group(1))
        end = int(m.group(2)[-2:]) + (start // 100) * 100
        if end < start:
            end += 100
        return set(range(start, max(start + 1, end)))
    m = re.match(r"(\d{4})", period)
    return {int(m.group(1))} if m else set()


def group_documents(docs: list[Document]) -> list[list[Document]]:
    """Documents about the same area whose periods overlap. A document whose period is unknown
    joins every group of its area (we cannot tell it apart)."""
    by_area: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.metadata.area:
            by_area.setdefault(doc.metadata.area, []).append(doc)
    groups: list[list[Document]] = []
    for members in by_area.values():
        known = [d for d in members if financial_years(d.metadata.period)]
        unknown = [d for d in members if not financial_years(d.metadata.period)]
        clusters: list[tuple[set[int], list[Document]]] = []
        for doc in known:
            years = financial_years(doc.metadata.period)
            touching = [c for c in clusters if c[0] & years]
            merged_years = set(years).union(*(c[0] for c in touching))
            merged_docs = [doc] + [d for c in touching for d in c[1]]
            clusters = [c for c in clusters if c not in touching] + [(merged_years, merged_docs)]
        if not clusters:
            clusters = [(set(), [])]
        for _, cluster_docs in clusters:
            group = sorted(cluster_docs + unknown, key=lambda d: (d.metadata.meeting_date or "", d.doc_id))
            if len(group) >= 1:
                groups.append(group)
    return groups


def histories(docs: list[Document], gazetteer: Gazetteer | None = None) -> list[History]:
    """Cluster comparable tables of a group of documents into histories (union-find on matches)."""
    tables = [Occurrence(d, t, table_values(d, t)) for d in docs for t in d.tables]
    tables = [o for o in tables if o.values and _value_columns(o.table)]
    parent = list(range(len(tables)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    named = [_named_organisations(o.table, gazetteer) for o in tables]
    cluster_orgs: dict[int, set[str]] = {i: set(n) for i, n in enumerate(named)}
    for i in range(len(tables)):
        for j in range(i + 1, len(tables)):
            if find(i) == find(j) or not _same_table(tables[i], tables[j], gazetteer):
                continue
            a, b = find(i), find(j)
            if cluster_orgs[a] != cluster_orgs[b] and not cluster_orgs[a] & cluster_orgs[b]:
                continue  # joining would make one history of two bodies' tables
            parent[b] = a
            cluster_orgs[a] |= cluster_orgs[b]
    clusters: dict[int, list[Occurrence]] = {}
    for i, occ in enumerate(tables):
        clusters.setdefault(find(i), []).append(occ)
    out: list[History] = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        first = members[0]
        title = first.table.title or _label_header(first.table) or first.table.id
        hid = finding_id("history", *[f"{m.doc.doc_id}:{m.table.id}" for m in members])
        out.append(History(id=hid, title=title, occurrences=members))
    return out


def check_group(
    docs: list[Document], gazetteer: Gazetteer | None = None
) -> tuple[list[Finding], list[History]]:
    found = histories(docs, gazetteer)
    findings: list[Finding] = []
    for history in found:
        findings.extend(_compare_history(history))
    return findings, found


# --------------------------------------------------------------------------- matching


def _value_columns(table: Table) -> list[int]:
    return [c.index for c in table.columns if c.kind is ColumnKind.VALUE]


def _column_key(table: Table, index: int) -> str:
    col = table.columns[index]
    if col.organisation:
        return "org:" + col.organisation
    if col.period:
        return "period:" + col.period
    return "header:" + re.sub(r"[^a-z0-9]+", " ", col.header.lower()).strip()


def _label_header(table: Table) -> str:
    return next((c.header for c in table.columns if c.kind is ColumnKind.LABEL), "")


def _rows(table: Table) -> list[tuple[int, str]]:
    return [
        (r.index, norm_label(r.label)) for r in table.rows if r.role is not RowRole.GROUP and r.label.strip()
    ]


_PERIOD_LABEL_RE = re.compile(r"^(?:q[1-4] )?(?:19|20)?\d{2}(?: \d{2,4})?$|^\d+(?: \d+)*$")


def _units(o: Occurrence) -> set[str]:
    return {v.figure.unit for v in o.values.values() if v.figure is not None}


def _named_organisations(table: Table, gazetteer: Gazetteer | None) -> set[str]:
    if gazetteer is None or not table.title:
        return set()
    return {m.org.name for m in gazetteer.find(table.title)}


def _same_table(a: Occurrence, b: Occurrence, gazetteer: Gazetteer | None = None) -> bool:
    orgs_a, orgs_b = _named_organisations(a.table, gazetteer), _named_organisations(b.table, gazetteer)
    if orgs_a != orgs_b and not (orgs_a & orgs_b):
        # "NHS West Kent CCG schemes" against "NHS Dartford ... CCG schemes" or against the
        # county-wide "Investment by scheme": tables for different bodies, not versions of one
        return False
    keys_a = {_column_key(a.table, c) for c in _value_columns(a.table)}
    keys_b = {_column_key(b.table, c) for c in _value_columns(b.table)}
    if not keys_a & keys_b:
        return False
    if _units(a) and _units(b) and not _units(a) & _units(b):
        return False  # pounds in one, percentages in the other: two different measures
    # rows named only by a year or a number say nothing about what the table measures
    rows_a = [(i, la) for i, la in _rows(a.table) if not _PERIOD_LABEL_RE.match(la)]
    rows_b = [(i, lb) for i, lb in _rows(b.table) if not _PERIOD_LABEL_RE.match(lb)]
    if not rows_a or not rows_b:
        return False
    matched = sum(1 for _, la in rows_a if any(fuzz.ratio(la, lb) >= LABEL_MATCH for _, lb in rows_b))
    share = matched / min(len(rows_a), len(rows_b))
    if share < TABLE_MATCH:
        return False
    # tables sharing only their total lines ("Total", "Net Contribution") are not the same table
    items_a = [la for i, la in rows_a if a.table.rows[i].role is RowRole.ITEM]
    items_b = [lb for i, lb in rows_b if b.table.rows[i].role is RowRole.ITEM]
    if items_a and items_b:
        item_match = sum(1 for la in items_a if any(fuzz.ratio(la, lb) >= LABEL_MATCH for lb in items_b))
        same_values = _shared_values(a, b)
        if item_match == 0 and same_values < 2:
            return False
        if item_match / min(len(items_a), len(items_b)) < TABLE_MATCH and same_values < max(
            2, min(len(items_a), len(items_b)) // 2
        ):
            return False
    if a.doc is b.doc:
        # inside one paper, tables of one shape with mostly other numbers are the same template
        # filled in for other places or groups (a KPI summary per directorate), not a repeat; a
        # one-line table of small counts agrees by chance, so a repeat must share two lines
        agree, compared, lines = _cell_agreement(a, b)
        if lines < 2 or agree < REPEAT_AGREEMENT * compared:
            return False
    return True


def _cell_agreement(a: Occurrence, b: Occurrence) -> tuple[int, int, int]:
    """Of the cells the two tables both have (same line, same column): how many hold the same
    value, how many there are, and on how many lines."""
    cols_b = {_column_key(b.table, c): c for c in _value_columns(b.table)}
    rows_b = _rows(b.table)
    agree = compared = lines = 0
    for row_a, label_a in _rows(a.table):
        row_b = next((i for i, lb in rows_b if fuzz.ratio(label_a, lb) >= LABEL_MATCH), None)
        if row_b is None:
            continue
        lines += 1
        for col_a in _value_columns(a.table):
            col_b = cols_b.get(_column_key(a.table, col_a))
            va, vb = a.values.get((row_a, col_a)), b.values.get((row_b, col_b)) if col_b is not None else None
            if va is None or vb is None:
                continue
            compared += 1
            agree += abs(va.value - vb.value) <= rounding_tolerance([va.step, vb.step]) + 1e-9
    return agree, compared, lines


def _shared_values(a: Occurrence, b: Occurrence) -> int:
    """How many distinct non-zero values the two tables share: a relabelled table keeps its numbers."""
    va = {round(v.value, 2) for v in a.values.values() if v.value}
    vb = {round(v.value, 2) for v in b.values.values() if v.value}
    return len(va & vb)


# --------------------------------------------------------------------------- comparing a history


@dataclass
class _Line:
    occurrence: Occurrence
    row: int
    label: str
    role: RowRole


def _align_lines(history: History) -> list[list[_Line]]:
    """Lines of every occurrence grouped by label (fuzzy), in the order they first appear."""
    groups: list[list[_Line]] = []
    keys: list[str] = []
    for occ in history.occurrences:
        for index, norm in _rows(occ.table):
            row = occ.table.rows[index]
            line = _Line(occ, index, row.label, row.role)
            best = max(range(len(keys)), key=lambda k: fuzz.ratio(keys[k], norm), default=None)
            if (
                best is not None
                and fuzz.ratio(keys[best], norm) >= LABEL_MATCH
                and not any(m.occurrence is occ for m in groups[best])
            ):
                groups[best].append(line)
            else:
                groups.append([line])
                keys.append(norm)
    return groups


def _compare_history(history: History) -> list[Finding]:
    findings: list[Finding] = []
    lines = _align_lines(history)
    n = len(history.occurrences)
    column_keys = sorted(
        {_column_key(o.table, c) for o in history.occurrences for c in _value_columns(o.table)}
    )
    for group in lines:
        for key in column_keys:
            entries: list[tuple[_Line, Value, int]] = []
            for line in group:
                col = next(
                    (
                        c
                        for c in _value_columns(line.occurrence.table)
                        if _column_key(line.occurrence.table, c) == key
                    ),
                    None,
                )
                if col is None:
                    continue
                value = line.occurrence.values.get((line.row, col))
                if value is not None:
                    entries.append((line, value, col))
            if len(entries) < 2:
                continue
            distinct = _distinct(entries)
            if len(distinct) < 2:
                continue
            findings.append(_value_finding(history, group, entries, key))
        if len(group) < n and len({ln.occurrence.doc.doc_id for ln in group}) < len(
            {o.doc.doc_id for o in history.occurrences}
        ):
            findings.extend(_presence_finding(history, group, lines))
    return findings


def _distinct(entries: list[tuple[_Line, Value, int]]) -> list[float]:
    """Values that differ beyond the rounding of how each was written."""
    kept: list[tuple[float, float]] = []
    for _, v, _ in entries:
        if not any(abs(v.value - w) <= rounding_tolerance([v.step, s]) + 1e-9 for w, s in kept):
            kept.append((v.value, v.step))
    return [w for w, _ in kept]


def _value_finding(
    history: History, group: list[_Line], entries: list[tuple[_Line, Value, int]], key: str
) -> Finding:
    docs = sorted({ln.occurrence.doc.doc_id for ln, _, _ in entries})
    # a paper that contradicts itself (an appendix repeating a table) is an error even when other
    # versions are in the group too; a value that only changes between versions is a warning
    same_doc = any(len(_distinct([e for e in entries if e[0].occurrence.doc.doc_id == d])) > 1 for d in docs)
    label = group[0].label
    first_line, first_value, first_col = entries[0]
    column = first_line.occurrence.table.columns[first_col]
    column_name = column.organisation or column.period or column.header
    values: list[FindingValue] = [
        finding_value(
            ln.occurrence.doc,
            ln.occurrence.table,
            v,
            label=ln.label,
            column=ln.occurrence.table.columns[c].header,
        )
        for ln, v, c in entries
    ]
    unit = first_value.figure.unit if first_value.figure is not None else "GBP"
    values = [v.model_copy(update={"unit": unit}) for v in values]
    spread = max(v.value for _, v, _ in entries) - min(v.value for _, v, _ in entries)
    parts = "; ".join(f"{money(fv.value, unit)} in {_place(fv)}" for fv in values)
    where_word = (
        "inside one document"
        if len(docs) == 1
        else ("inside a document and between versions" if same_doc else "between versions")
    )
    message = f"{label} ({column_name}) differs {where_word}: {parts}."
    return Finding(
        id=finding_id("cross_document", history.id, norm_label(label), key),
        kind=FindingKind.CROSS_DOCUMENT,
        severity=Severity.ERROR if same_doc else Severity.WARNING,
        docs=docs,
        label=label,
        column=column_name,
        values=values,
        unit=unit,
        delta=round(spread, 6),
        message=message,
        check="same-document-repeat" if same_doc else "version-change",
        rule_id=rule_id("same-document-repeat" if same_doc else "version-change"),
        confidence=0.9,
        group=history.id,
    )


def _presence_finding(history: History, group: list[_Line], lines: list[list[_Line]]) -> list[Finding]:
    """A line present in some occurrences only: added, removed, or relabelled (same numbers,
    same position, another name)."""
    present = {ln.occurrence.doc.doc_id for ln in group}
    absent = sorted({o.doc.doc_id for o in history.occurrences} - present)
    line = group[0]
    occ = line.occurrence
    renamed = _renamed_as(group, lines)
    if renamed is not None and norm_label(renamed[0][0].label) < norm_label(line.label):
        return []  # one relabelling, reported once (from the label that sorts first)
    if renamed is not None:
        other, shared = renamed
        # the evidence is the shared amount under each name, not every cell of either line
        values = [
            finding_value(ln.occurrence.doc, ln.occurrence.table, v, label=ln.label)
            for ln in group + other
            for (r, _), v in sorted(ln.occurrence.values.items())
            if r == ln.row and round(v.value, 2) in shared
        ][:8]
        message = (
            f"'{line.label}' ({', '.join(sorted(present))}) and '{other[0].label}' ({', '.join(absent)}) look like "
            f"one line under two names: they share an amount ({history.title})."
        )
        check = "line-relabelled"
    else:
        values = [
            finding_value(ln.occurrence.doc, ln.occurrence.table, v, label=ln.label)
            for ln in group
            for (r, _), v in sorted(ln.occurrence.values.items())
            if r == ln.row
        ][:6]
        message = f"'{line.label}' appears in {', '.join(sorted(present))} but not in {', '.join(absent)} ({history.title})."
        check = "line-added-or-removed"
    return [
        Finding(
            id=finding_id("cross_document", history.id, norm_label(line.label), "presence"),
            kind=FindingKind.CROSS_DOCUMENT,
            severity=Severity.INFO,
            docs=sorted(present | set(absent)),
            label=line.label,
            values=values or [FindingValue(doc_id=occ.doc.doc_id, value=None, text=line.label)],
            message=message,
            check=check,
            rule_id=rule_id(check),
            confidence=0.8 if check == "line-relabelled" else 0.7,
            group=history.id,
        )
    ]


def _line_amounts(group: list[_Line]) -> set[float]:
    return {
        round(v.value, 2)
        for ln in group
        for (r, _), v in ln.occurrence.values.items()
        if r == ln.row and v.value
    }


def _renamed_as(group: list[_Line], lines: list[list[_Line]]) -> tuple[list[_Line], set[float]] | None:
    """The line of another name, in the documents this one is missing from, that shares an amount
    with it (perhaps with other columns changed), and the amounts they share."""
    mine = _line_amounts(group)
    if not mine:
        return None
    docs = {ln.occurrence.doc.doc_id for ln in group}
    for other in lines:
        if other is group or {ln.occurrence.doc.doc_id for ln in other} & docs:
            continue
        shared = mine & _line_amounts(other)
        if shared:
            return other, shared
    return None


def _place(v: FindingValue) -> str:
    where = f"p.{v.page}" if v.page is not None else (f"line {v.line}" if v.line is not None else "")
    return f"{v.doc_id} {where}".strip()
