"""Which papers are versions of one another: found by what they are, never by file name.

A paper's identity is its area, the financial years it covers and the lines its tables hold. Papers
of one area whose years overlap are one group (a January Cabinet draft and the February Council
budget). An appendix often names no area ("APPENDIX D - High Level 2025-28 Revenue Plan"): it joins
the group whose tables share its lines, or, failing that, the other unplaced papers that do (the
appendix and its later update).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..models import Document
from .align import lines
from .common import clusters

# An unplaced paper belongs with papers whose tables share at least this many line names, and at
# least this share of its own (so that a paper is not joined on "Total" and "Pay" alone).
SHARED_LINES = 5
SHARED_SHARE = 0.3
_MIN_NAME = 4  # line names shorter than this ("pay", "ict") say little about which table it is
DISTINCT_DIGITS = 7  # '1,531,279.8': seven significant digits repeat between papers only by design
SHARED_AMOUNTS = 1


@dataclass(frozen=True)
class Identity:
    doc_id: str
    area: str | None
    years: frozenset[int]
    lines: frozenset[str]
    # amounts written with so many digits that two papers printing the same one are about the same
    # budget ("£1,531,279.8k" in a Cabinet report and in the appendix it updates)
    amounts: frozenset[float] = frozenset()


def identity(doc: Document) -> Identity:
    names = frozenset(k for t in doc.tables for _, k in lines(t) if len(k) >= _MIN_NAME)
    amounts = frozenset(
        round(f.value, 2)
        for f in doc.figures
        if f.unit == "GBP" and f.value and len(re.sub(r"\D", "", f.raw).lstrip("0")) >= DISTINCT_DIGITS
    )
    years = frozenset(financial_years(doc.metadata.period))
    return Identity(doc.doc_id, doc.metadata.area, years, names, amounts)


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


def group_documents(docs: list[Document], identities: dict[str, Identity]) -> list[list[Document]]:
    """Groups of papers to compare, each sorted by meeting date then id. Every paper is in at least
    one group (alone, its tables are still compared with their repeats inside it). A paper whose
    period is unknown joins every group of its area (we cannot tell it apart). Papers with no area
    are first joined to each other by the lines they share, then each such cluster joins the area
    group that shares most lines (or a distinctive amount) with it."""
    by_id = {d.doc_id: d for d in docs}
    clusters = _area_clusters([identities[d.doc_id] for d in docs if identities[d.doc_id].area])
    unplaced = [identities[d.doc_id] for d in docs if not identities[d.doc_id].area]
    for members in _line_clusters(unplaced):
        merged = _merged([identities[m] for m in members])
        scored = [
            (_shared(merged, [identities[m] for m in c]), len(merged.amounts & _amounts(c, identities)), n)
            for n, c in enumerate(clusters)
            if _years_meet(merged, c, identities)
        ]
        best = max(scored, default=(0, 0, -1))
        if _belongs(merged, best[0]) or best[1] >= SHARED_AMOUNTS:
            clusters[best[2]].extend(members)
        else:
            clusters.append(members)
    return [sorted((by_id[i] for i in c), key=lambda d: (when(d), d.doc_id)) for c in clusters]


def when(doc: Document) -> str:
    """When the paper was made, for ordering versions: its meeting date, else the date its PDF was
    created ("D:20250220160705" -> "2025-02-20"); an appendix names no meeting of its own."""
    if doc.metadata.meeting_date:
        return doc.metadata.meeting_date
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", doc.source.pdf_metadata.get("CreationDate", ""))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _merged(members: list[Identity]) -> Identity:
    return Identity(
        members[0].doc_id,
        None,
        frozenset().union(*(m.years for m in members)),
        frozenset().union(*(m.lines for m in members)),
        frozenset().union(*(m.amounts for m in members)),
    )


def _amounts(cluster: list[str], identities: dict[str, Identity]) -> frozenset[float]:
    return frozenset().union(*(identities[i].amounts for i in cluster))


def _area_clusters(placed: list[Identity]) -> list[list[str]]:
    by_area: dict[str, list[Identity]] = {}
    for ident in placed:
        by_area.setdefault(ident.area or "", []).append(ident)
    out: list[list[str]] = []
    for members in by_area.values():
        unknown = [m.doc_id for m in members if not m.years]
        clusters: list[tuple[set[int], list[str]]] = []
        for m in (m for m in members if m.years):
            touching = [c for c in clusters if c[0] & m.years]
            years = set(m.years).union(*(c[0] for c in touching))
            ids = [m.doc_id] + [i for c in touching for i in c[1]]
            clusters = [c for c in clusters if c not in touching] + [(years, ids)]
        if not clusters:
            clusters = [(set(), [])]
        out.extend(ids + unknown for _, ids in clusters)
    return out


def _years_meet(ident: Identity, cluster: list[str], identities: dict[str, Identity]) -> bool:
    years = set().union(*(identities[i].years for i in cluster))
    return not ident.years or not years or bool(ident.years & years)


def _shared(ident: Identity, others: list[Identity]) -> int:
    return len(ident.lines & frozenset().union(*(o.lines for o in others)))


def _belongs(ident: Identity, shared: int) -> bool:
    return shared >= SHARED_LINES and shared >= SHARED_SHARE * len(ident.lines)


def _line_clusters(unplaced: list[Identity]) -> list[list[str]]:
    """Unplaced papers joined when they share lines (and their years meet), alone otherwise."""
    joined = []
    for i, a in enumerate(unplaced):
        for j in range(i + 1, len(unplaced)):
            b = unplaced[j]
            meet = not a.years or not b.years or bool(a.years & b.years)
            shared = len(a.lines & b.lines)
            if meet and _belongs(a, shared) and _belongs(b, shared):
                joined.append((i, j))
    return [[unplaced[i].doc_id for i in group] for group in clusters(len(unplaced), joined)]
