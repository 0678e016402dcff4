"""Key-value panels: a metric's name over a strip of "Latest: 97% | Target: 97%, Floor: 90% |
Previous: 97% (Green)".

Performance reports set each indicator in a box: its name (and a RAG status) on top, a chart, and a
strip of labelled values. Read as a grid, the name is a row of its own and every value sits in a cell
with its key, so no column is a column of figures. Unfolded, the panel is one row of one table: the
name labels the row, each key names a column ("Latest", "Target", "Floor", "Previous") and the
status is a column of its own, which is how a reader records it.
"""

from __future__ import annotations

import regex as re

from ..models import Provenance
from ..numbers import parse_number

# "Latest: 97%", "Target: 97%, Floor: 90%", "Previous: 97% (Green)", "Q3 2024/25: 1,234"
_VALUE = r"(?P<value>(?:[^,:;(]|,(?=\d{3}))+?)"
_NOTE = r"(?:\s*\((?P<note>[A-Za-z /-]{1,20})\))?\s*(?=,(?!\d{3})|;|$)"
_PAIR_RE = re.compile(r"(?P<key>[A-Z][A-Za-z0-9/&' ()-]{0,40}?)\s*:\s*" + _VALUE + _NOTE)
# the colon left out ("Target: 90%, Floor 85%"): a key of words only, then the figure
_BARE_PAIR_RE = re.compile(r"(?P<key>[A-Z][A-Za-z/&' -]{0,40}?)\s+" + _VALUE + _NOTE)
_STATUS_RE = re.compile(r"(?i)^\s*(?:red|amber|green|blue|grey|gray|r|a|g|rag|n/?a)\b[\s\W]*$")


def _pairs(cell: str) -> list[tuple[str, str]] | None:
    """The (key, value) pairs a cell is made of, or None when it is anything else."""
    text = " ".join(cell.split())
    if not text:
        return []
    if ":" not in text:
        return None  # a strip of values always names at least one with a colon
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        rest = text[pos:].lstrip(" ,;")
        if not rest:
            break
        start = len(text) - len(rest)
        m = _PAIR_RE.match(text, start) or _BARE_PAIR_RE.match(text, start)
        if m is None:
            return None
        value = m.group("value").strip()
        if parse_number(value) is None:
            return None
        out.append((m.group("key").strip(), value))
        pos = m.end()
    return out or None


def unfold_panels(
    grid: list[list[str]], provs: list[Provenance], title: str | None
) -> tuple[list[list[str]], list[Provenance]] | None:
    """The grid as a table of metrics (header row of keys, a row per panel), or None when it is not
    made of key-value strips."""
    panels: list[tuple[str, str, list[tuple[str, str]], Provenance]] = []
    name, status = "", ""
    for row, prov in zip(grid, provs, strict=True):
        cells = [c for c in row if c.strip()]
        if not cells:
            continue
        parsed = [_pairs(c) for c in cells]
        if all(p is not None for p in parsed) and any(parsed):
            pairs = [pair for p in parsed if p for pair in p]
            panels.append((name or (title or ""), status, pairs, prov))
            name, status = "", ""
            continue
        texts = [c for c in cells if not _STATUS_RE.match(c)]
        statuses = [c for c in cells if _STATUS_RE.match(c)]
        if len(texts) > 1 or any(p is not None and p for p in parsed):
            return None  # a row of something else: not a panel table
        name = " ".join(texts[0].split()) if texts else name
        status = " ".join(statuses[0].split()).upper() if statuses else status
    if not panels:
        return None
    keys: list[str] = []
    for _, _, pairs, _ in panels:
        for key, _ in pairs:
            if key not in keys:
                keys.append(key)
    has_status = any(s for _, s, _, _ in panels)
    header = ["Indicator", *keys] + (["Status"] if has_status else [])
    rows = [header]
    out_provs = [provs[0]]
    for name, status, pairs, prov in panels:
        values = dict(pairs)
        rows.append([name, *(values.get(k, "") for k in keys)] + ([status] if has_status else []))
        out_provs.append(prov)
    return rows, out_provs
