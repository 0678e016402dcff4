# Vendored from the team eval kit (../shared/eval/score.py) so `make accuracy` runs on a fresh clone.
# Keep it identical to the original apart from this header: held-out papers are scored with it.
#!/usr/bin/env python3
"""Scores an outputs folder against a gold folder.

usage: score.py OUTPUTS_DIR [GOLD_DIR] [--json] [--misses]

OUTPUTS_DIR holds what the tool wrote for the corpus:
  figures.csv | figures.jsonl | figures.parquet   one row per numeric figure
  dates.csv   | dates.jsonl   | dates.parquet     one row per dated item
  findings.json                                    the audit findings (a list, or {"findings": [...]})
GOLD_DIR holds figures.jsonl, dates.jsonl, audit.jsonl (default: gold/ beside this script), and
optionally complete.jsonl: pages whose every table figure ({"doc", "page", "scope": "tables"}) or every
figure ({"scope": "page"}) is in figures.jsonl. On those pages the scorer also measures precision.

A gold figure is found when some output row has the same doc_id, the same value
(money in pounds, percentages as 95.0 for 95%), a unit of the same family, a label that
fuzzily contains the gold label (the row's label, or failing that its text), and, where
the gold names them, a matching column/period/organisation and role.
A cell conflict is an output row that puts a different number in a gold table cell (same row label,
same column): the wrong-column / wrong-row errors that recall alone would not show.
Precision (only where complete.jsonl lists pages): every figure row the tool emitted on such a page
(in scope "tables", the rows with a table id) is matched one-to-one to a gold figure of that page with
the same value, unit family and label (and column where the gold names one). A row left unmatched is
wrong: a wrong value, label, column or scale, a duplicate, or a number that is not a figure at all.
Prints recall per category and per document; --misses lists what was not found, the conflicts and,
with precision, the unmatched rows.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

try:
    from rapidfuzz import fuzz

    def _sim(a: str, b: str) -> float:
        return max(fuzz.partial_ratio(a, b), fuzz.token_set_ratio(a, b))

    def _same(a: str, b: str) -> float:
        return fuzz.ratio(a, b)
except ImportError:  # stdlib fallback, slower and a little stricter
    from difflib import SequenceMatcher

    def _sim(a: str, b: str) -> float:
        if a in b or b in a:
            return 100.0
        return 100.0 * SequenceMatcher(None, a, b).ratio()

    def _same(a: str, b: str) -> float:
        return 100.0 * SequenceMatcher(None, a, b).ratio()

THRESHOLD = 85.0
ALIASES = {
    "doc_id": ["doc_id", "doc", "document", "document_id"],
    "label": ["label", "row_label", "measure", "name", "item"],
    "column": ["column", "column_label", "header", "col"],
    "period": ["period", "year", "financial_year"],
    "organisation": ["organisation", "organization", "partner", "org"],
    "value": ["value", "amount", "number"],
    "unit": ["unit", "units"],
    "role": ["role", "measure_role", "kind", "type"],
    "text": ["text", "raw", "context", "snippet", "source_text"],
    "date": ["date", "iso_date", "value"],
}


def norm(s) -> str:
    s = "" if s is None else str(s)
    s = s.lower().replace("&", " and ").replace("’", "'")
    s = re.sub(r"£'?000|£m|£k|£", " ", s)
    s = re.sub(r"[^a-z0-9%/.' ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def read_rows(folder: Path, stem: str) -> list[dict]:
    for ext in ("csv", "jsonl", "parquet", "json"):
        p = folder / f"{stem}.{ext}"
        if not p.exists():
            continue
        if ext == "csv":
            with p.open(newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))
        if ext == "jsonl":
            return [json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]
        if ext == "json":
            data = json.loads(p.read_text(encoding="utf-8"))
            return data if isinstance(data, list) else data.get(stem, [])
        import pandas as pd  # parquet only

        return pd.read_parquet(p).to_dict("records")
    return []


def pick(row: dict, key: str):
    for k in ALIASES[key]:
        if k in row and row[k] not in (None, ""):
            return row[k]
    return None


def to_float(v):
    try:
        return float(str(v).replace(",", ""))
    except (TypeError, ValueError):
        return None


def unit_family(u) -> str:
    u = norm(u)
    if u in ("gbp", "pounds", "pound", "money", "", "gbp/hour", "gbp/week") or "gbp" in u:
        return "GBP" if u else ""
    if u in ("percent", "%", "pct", "percentage", "per cent"):
        return "percent"
    return "count"


def value_ok(gold: float, got) -> bool:
    got = to_float(got)
    return got is not None and abs(got - gold) <= 0.5 + 1e-9 * abs(gold)


def label_ok(gold_label: str, row: dict) -> bool:
    g = norm(gold_label)
    for cand in (pick(row, "label"), pick(row, "text")):
        if cand and _sim(g, norm(cand)) >= THRESHOLD:
            return True
    return False


def column_ok(aliases: list[str], row: dict) -> bool:
    fields = [norm(pick(row, k)) for k in ("column", "period", "organisation")]
    fields = [f for f in fields if f]
    return any(_sim(norm(a), f) >= THRESHOLD for a in aliases for f in fields)


def column_strict(aliases: list[str], row: dict) -> bool:
    """The row's column, or its period and column together, is one of the gold names (not merely
    contains one: "2025-26" must not pass for "2025-26 Total")."""
    col, per, org = (norm(pick(row, k)) for k in ("column", "period", "organisation"))
    fields = {f for f in (col, per, org, f"{per} {col}".strip(), f"{col} {per}".strip()) if f}
    return any(_same(norm(a), f) >= 92 for a in aliases for f in fields)


def role_ok(role: str, row: dict) -> bool:
    got = norm(pick(row, "role"))
    return role in got or role in norm(pick(row, "column"))


def figure_found(g: dict, rows: list[dict]) -> bool:
    fam = g.get("unit", "GBP")
    for r in rows:
        if not value_ok(g["value"], pick(r, "value")):
            continue
        uf = unit_family(pick(r, "unit"))
        if uf and uf != fam and not (fam == "count" and uf not in ("GBP", "percent")):
            continue
        if not label_ok(g["label"], r):
            continue
        if "column" in g and not column_ok(g["column"], r):
            continue
        if "role" in g and not role_ok(g["role"], r):
            continue
        return True
    return False


def conflicts(gold: list[dict], rows_by_doc: dict[str, list[dict]]) -> list[tuple[dict, dict]]:
    """Output rows that put a different number in a gold table cell: same document, the same row
    label (near-exact), a matching column, the same unit family, but a value no gold row allows there."""
    allowed: dict[tuple, list[float]] = defaultdict(list)
    keyed = [g for g in gold if "column" in g and "role" not in g]
    for g in keyed:
        allowed[(g["doc"], norm(g["label"]), tuple(g["column"]))].append(g["value"])
    bad = []
    for (doc, label, cols), values in allowed.items():
        fam = next(g.get("unit", "GBP") for g in keyed if g["doc"] == doc and norm(g["label"]) == label)
        for r in rows_by_doc.get(doc, []):
            v = to_float(pick(r, "value"))
            if v is None or any(abs(v - w) <= 0.5 + 1e-9 * abs(w) for w in values):
                continue
            if _same(label, norm(pick(r, "label"))) < 92 or not column_strict(list(cols), r):
                continue
            uf = unit_family(pick(r, "unit"))
            if uf and uf != fam:
                continue
            bad.append(({"doc": doc, "label": label, "column": list(cols), "allowed": values}, r))
    return bad


def row_matches(g: dict, r: dict) -> bool:
    if not value_ok(g["value"], pick(r, "value")):
        return False
    fam, uf = g.get("unit", "GBP"), unit_family(pick(r, "unit"))
    if uf and uf != fam and not (fam == "count" and uf not in ("GBP", "percent")):
        return False
    label = pick(r, "label")  # the label itself: the source line would excuse a wrong one
    if not label or _sim(norm(g["label"]), norm(label)) < THRESHOLD:
        return False
    return "column" not in g or column_ok(g["column"], r)


def precision(gold: list[dict], complete: list[dict], rows_by_doc: dict[str, list[dict]]):
    """(correct, emitted, unmatched rows) over the pages gold lists as complete."""
    correct, emitted, unmatched = 0, 0, []
    for c in complete:
        doc, page, scope = c["doc"], int(c["page"]), c.get("scope", "tables")
        pool = [g for g in gold if g["doc"] == doc and int(g.get("page", -1)) == page]
        used = [False] * len(pool)
        rows = [r for r in rows_by_doc.get(doc, []) if str(r.get("page", "")).strip() == str(page)]
        if scope == "tables":
            rows = [r for r in rows if str(r.get("table") or "").strip()]
        for r in rows:
            emitted += 1
            hit = next((i for i, g in enumerate(pool) if not used[i] and row_matches(g, r)), None)
            if hit is None:
                unmatched.append(r)
            else:
                used[hit] = True
                correct += 1
    return correct, emitted, unmatched


def date_found(g: dict, rows: list[dict]) -> bool:
    for r in rows:
        if str(pick(r, "date"))[:10] != g["date"]:
            continue
        if not label_ok(g["label"], r):
            continue
        if g.get("role") in ("start", "end") and not role_ok(g["role"], r):
            continue
        return True
    return False


def finding_found(g: dict, findings: list[dict]) -> bool:
    for f in findings:
        kind = norm(f.get("kind") or f.get("type"))
        if g["kind"] == "cross_document" and not any(w in kind for w in ("cross", "version", "document")):
            continue
        if g["kind"] == "arithmetic" and not any(w in kind for w in ("arith", "total", "sum")):
            continue
        if g["kind"] == "narrative" and not any(w in kind for w in ("narrative", "prose", "text")):
            continue
        blob = json.dumps(f, ensure_ascii=False)
        nums = [to_float(x) for x in re.findall(r"-?\d[\d,]*\.?\d*", blob)]
        nums = [n for n in nums if n is not None]
        want = list(g["values"]) + ([g["expected"]] if "expected" in g else [])
        if not all(any(abs(n - w) <= 0.5 + 1e-9 * abs(w) for n in nums) for w in want):
            continue
        if _sim(norm(g["label"]), norm(blob)) < THRESHOLD and g["kind"] != "narrative":
            continue
        docs = set(f.get("docs") or f.get("doc_ids") or [f.get("doc_id")])
        if g["kind"] == "cross_document" and len(docs & set(g["docs"])) < 2:
            continue
        return True
    return False


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    out = Path(args[0])
    gold = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parent / "gold"
    gfig = [json.loads(x) for x in (gold / "figures.jsonl").open() if x.strip()]
    gdate = [json.loads(x) for x in (gold / "dates.jsonl").open() if x.strip()]
    gaudit = [json.loads(x) for x in (gold / "audit.jsonl").open() if x.strip()]
    cpath = gold / "complete.jsonl"
    gcomplete = [json.loads(x) for x in cpath.open() if x.strip()] if cpath.exists() else []

    figs_by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in read_rows(out, "figures"):
        figs_by_doc[str(pick(r, "doc_id"))].append(r)
    dates_by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in read_rows(out, "dates"):
        dates_by_doc[str(pick(r, "doc_id"))].append(r)
    fpath = out / "findings.json"
    findings = []
    if fpath.exists():
        data = json.loads(fpath.read_text(encoding="utf-8"))
        findings = data if isinstance(data, list) else data.get("findings", [])

    per_cat, per_doc, misses = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0]), []
    for g in gfig:
        ok = figure_found(g, figs_by_doc.get(g["doc"], []))
        for d in (per_cat[g.get("cat", "other")], per_doc[g["doc"]]):
            d[0] += ok
            d[1] += 1
        if not ok:
            misses.append(("figure", g))
    dates_ok = 0
    for g in gdate:
        ok = date_found(g, dates_by_doc.get(g["doc"], []))
        dates_ok += ok
        if not ok:
            misses.append(("date", g))
    audit_ok = 0
    for g in gaudit:
        ok = finding_found(g, findings)
        audit_ok += ok
        if not ok:
            misses.append(("finding", g))

    fig_ok = sum(v[0] for v in per_cat.values())
    wrong = conflicts(gfig, figs_by_doc)
    for key, r in wrong:
        misses.append(("conflict", {"gold": key, "got": {k: r.get(k) for k in list(r)[:14]}}))
    result = {
        "figures_recall": round(fig_ok / max(1, len(gfig)), 3),
        "figures": f"{fig_ok}/{len(gfig)}",
        "dates_recall": round(dates_ok / max(1, len(gdate)), 3),
        "dates": f"{dates_ok}/{len(gdate)}",
        "audit_recall": round(audit_ok / max(1, len(gaudit)), 3),
        "audit": f"{audit_ok}/{len(gaudit)}",
        "cell_conflicts": len(wrong),
        "findings_emitted": len(findings),
        "rows_emitted": sum(len(v) for v in figs_by_doc.values()),
        "by_category": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_cat.items())},
        "by_document": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_doc.items())},
    }
    if gcomplete:
        ok, n, unmatched = precision(gfig, gcomplete, figs_by_doc)
        result["figures_precision"] = round(ok / max(1, n), 3)
        result["precision_rows"] = f"{ok}/{n} on {len(gcomplete)} complete pages"
        for r in unmatched:
            misses.append(("unmatched row", {k: r.get(k) for k in list(r)[:14]}))
    if "--json" in argv:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    if "--misses" in argv:
        for what, g in misses:
            print(f"MISS {what}: {json.dumps(g, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
