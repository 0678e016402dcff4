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


@dataclass(frozen=True)
class Identity:
    doc_id: str
    area: str | None
    years: frozenset[int]
    lines: frozenset[str]


def identity(doc: Document) -> Identity:
    names = frozenset(k for t in doc.tables for _, k in lines(t) if len(k) >= _MIN_NAME)
    return Identity(doc.doc_id, doc.metadata.area, frozenset(financial_years(doc.metadata.period)), names)


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
    period is unknown joins every group of its area (we cannot tell it apart)."""
    by_id = {d.doc_id: d for d in docs}
    placed = [d.doc_id for d in docs if identities[d.doc_id].area]
    clusters = _area_clusters([identities[i] for i in placed])
    unplaced: list[Identity] = []
    for doc in docs:
        ident = identities[doc.doc_id]
        if ident.area:
            continue
        best = max(
            (
                (_shared(ident, [identities[m] for m in c]), n)
                for n, c in enumerate(clusters)
                if _years_meet(ident, c, identities)
            ),
            default=(0, -1),
        )
        if best[0] and _belongs(ident, best[0]):
            clusters[best[1]].append(ident.doc_id)
        else:
            unplaced.append(ident)
    clusters.extend(_line_clusters(unplaced))
    return [
        sorted((by_id[i] for i in c), key=lambda d: (d.metadata.meeting_date or "", d.doc_id))
        for c in clusters
    ]


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
