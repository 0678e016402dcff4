"""Accuracy on real papers and on the samples: recall, precision and table cells right.

    .venv/bin/python bench/accuracy.py [--out DIR] [--workers N] [--no-run] [--readme]

Runs ``bcf-extract run`` on every real paper that has gold in ``bench/gold/docs/<doc>/`` (the file
is found by its stem in ``corpus/real`` or ``corpus/devreal``) and on the sample corpus
(``corpus/text``, ``corpus/pdf``), then scores each output with ``bench/score.py`` (the team's
scorer, vendored) against its gold: the real set gathered from the per-document folders, the samples'
gold in ``bench/gold/samples``. Prints, per document and per kind of table:

- recall: gold figures found (value, unit family, label, and column where the gold names one);
- precision: on the pages ``complete.jsonl`` lists, emitted rows that match a gold figure one to one;
- cells: gold table figures found, the table-cell share of recall;
- consistency: the tool's own self-check, printed totals that reconcile with their lines;
- audit: the gold printed inconsistencies and cross-version changes (``audit.jsonl``) the audit
  reports (``score.finding_found``), per set.

``--readme`` writes the table between the ``accuracy`` markers of README.md, so the published
figures are always this command's output. Results also go to ``DIR/accuracy.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
CORPUS_DIRS = [ROOT / "corpus" / "real", ROOT / "corpus" / "devreal"]
README_START = "<!-- accuracy:start -->"
README_END = "<!-- accuracy:end -->"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402  (bench/score.py, the vendored scorer)


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gather_real_gold(dest: Path) -> list[str]:
    """Concatenate the per-document gold folders into one gold folder; return the documents."""
    dest.mkdir(parents=True, exist_ok=True)
    docs = sorted(p.name for p in (GOLD / "docs").iterdir() if p.is_dir()) if (GOLD / "docs").exists() else []
    for stem in ("figures", "dates", "audit", "complete"):
        lines: list[str] = []
        for doc in docs:
            for row in read_jsonl(GOLD / "docs" / doc / f"{stem}.jsonl"):
                lines.append(json.dumps(row, ensure_ascii=False))
        (dest / f"{stem}.jsonl").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return docs


def source_of(doc: str) -> Path | None:
    for folder in CORPUS_DIRS:
        for path in sorted(folder.glob(f"{doc}.*")):
            if path.stem == doc:
                return path
    return None


def run_tool(paths: list[Path], out: Path, workers: int) -> None:
    exe = Path(sys.executable).parent / "bcf-extract"
    cmd = [str(exe), "run", *map(str, paths), "-o", str(out), "--force", "--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1: some document failed, reported in run.json
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
        raise SystemExit(f"bcf-extract run failed ({proc.returncode})")


def score_folder(out: Path, gold_dir: Path) -> dict:
    """Per document and per kind: recall, precision, cells; plus the tool's consistency."""
    gold = read_jsonl(gold_dir / "figures.jsonl")
    complete = read_jsonl(gold_dir / "complete.jsonl")
    rows_by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in score.read_rows(out, "figures"):
        rows_by_doc[str(score.pick(r, "doc_id"))].append(r)
    kind_of_page = {(c["doc"], int(c["page"])): c.get("kind", "table") for c in complete}

    def kind(g: dict) -> str:
        if g.get("cat") == "prose":
            return "prose"
        return g.get("kind") or kind_of_page.get((g["doc"], int(g.get("page", -1))), "table")

    per_doc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in gold:
        found = score.figure_found(g, rows_by_doc.get(g["doc"], []))
        for bucket in (per_doc[g["doc"]], per_kind[kind(g)]):
            bucket["gold"] += 1
            bucket["found"] += found
            if g.get("cat") != "prose":
                bucket["cells"] += 1
                bucket["cells_found"] += found
    for c in complete:
        ok, n, _ = score.precision(gold, [c], rows_by_doc)
        for bucket in (per_doc[c["doc"]], per_kind[kind_of_page.get((c["doc"], int(c["page"])), "table")]):
            bucket["emitted"] += n
            bucket["correct"] += ok
    for doc, bucket in per_doc.items():
        check = consistency(out / f"{doc}.json")
        bucket["checked"], bucket["agree"] = check
    return {"documents": _finish(per_doc), "kinds": _finish(per_kind), "audit": audit_recall(out, gold_dir)}


def audit_recall(out: Path, gold_dir: Path) -> dict[str, int | float | None]:
    """Gold audit findings the tool's findings.json holds, as the team scorer matches them."""
    gold = read_jsonl(gold_dir / "audit.jsonl")
    path = out / "findings.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    findings = data if isinstance(data, list) else data.get("findings", [])
    found = sum(1 for g in gold if score.finding_found(g, findings))
    return {"gold": len(gold), "found": found, "recall": _ratio(found, len(gold))}


def consistency(doc_json: Path) -> tuple[int, int]:
    """The document's own self-check: (totals checked, totals that agree)."""
    if not doc_json.exists():
        return 0, 0
    data = json.loads(doc_json.read_text(encoding="utf-8"))
    checked = agree = 0
    for table in data.get("tables", []):
        c = table.get("consistency") or {}
        checked += int(c.get("checked", 0))
        agree += int(c.get("agree", 0))
    return checked, agree


def _finish(buckets: dict[str, dict[str, int]]) -> dict[str, dict[str, float | int | None]]:
    out: dict[str, dict[str, float | int | None]] = {}
    for name, b in sorted(buckets.items()):
        keys = ("gold", "found", "cells", "cells_found", "emitted", "correct")
        out[name] = {
            **{k: 0 for k in keys},
            **b,
            "recall": _ratio(b["found"], b["gold"]),
            "precision": _ratio(b["correct"], b["emitted"]),
            "cells_right": _ratio(b["cells_found"], b["cells"]),
            "consistency": _ratio(b.get("agree", 0), b.get("checked", 0)),
        }
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _total(rows: dict[str, dict]) -> dict[str, float | int | None]:
    keys = ("gold", "found", "cells", "cells_found", "emitted", "correct", "checked", "agree")
    t = {k: sum(int(r.get(k) or 0) for r in rows.values()) for k in keys}
    return {
        **t,
        "recall": _ratio(t["found"], t["gold"]),
        "precision": _ratio(t["correct"], t["emitted"]),
        "cells_right": _ratio(t["cells_found"], t["cells"]),
        "consistency": _ratio(t["agree"], t["checked"]),
    }


def _fmt(x: float | int | None) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


# kinds of gold that are not table pages: prose figures, and pages transcribed whole (prose and tables)
_PROSE_KINDS = ("prose", "page (prose and tables)")


def markdown(results: dict[str, dict]) -> str:
    lines = [
        "| set | document or kind | gold figures | recall | precision (rows) | table cells right | totals reconciled |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for set_name, res in results.items():
        for group in ("documents", "kinds"):
            rows = res[group]
            for name, r in rows.items():
                label = name if group == "documents" else f"*{name}*"
                lines.append(
                    f"| {set_name} | {label} | {r['gold']} | {_fmt(r['recall'])} | "
                    f"{_fmt(r['precision'])} ({r.get('correct', 0)}/{r.get('emitted', 0)}) | "
                    f"{_fmt(r['cells_right'])} | {_fmt(r['consistency'])} |"
                )
        tables_only = {k: v for k, v in res["kinds"].items() if k not in _PROSE_KINDS}
        if tables_only and len(tables_only) < len(res["kinds"]):
            t = _total(tables_only)
            lines.append(
                f"| {set_name} | **table pages** | {t['gold']} | **{_fmt(t['recall'])}** | "
                f"**{_fmt(t['precision'])}** ({t['correct']}/{t['emitted']}) | {_fmt(t['cells_right'])} | – |"
            )
        t = _total(res["documents"])
        lines.append(
            f"| {set_name} | **all** | {t['gold']} | **{_fmt(t['recall'])}** | "
            f"**{_fmt(t['precision'])}** ({t['correct']}/{t['emitted']}) | {_fmt(t['cells_right'])} | "
            f"{_fmt(t['consistency'])} ({t['agree']}/{t['checked']}) |"
        )
    lines.append("")
    for set_name, res in results.items():
        a = res.get("audit") or {}
        lines.append(
            f"Audit ({set_name}): {a.get('found', 0)}/{a.get('gold', 0)} gold findings reported, "
            f"recall {_fmt(a.get('recall'))}."
        )
    return "\n".join(lines)


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit(f"README.md has no {README_START} … {README_END} block")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{table}\n{README_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "work" / "accuracy")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-run", action="store_true", help="score the outputs already in --out")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--misses", action="store_true", help="list what the real set missed")
    args = parser.parse_args(argv)
    out: Path = args.out
    gold_real = out / "gold-real"
    docs = gather_real_gold(gold_real)
    sources = [p for p in (source_of(d) for d in docs) if p is not None]
    missing = [d for d in docs if source_of(d) is None]
    if missing:
        print(f"gold without a source file in corpus/real or corpus/devreal: {', '.join(missing)}")
    sets = {
        "real": (sources, out / "real", gold_real),
        "samples (text)": ([ROOT / "corpus" / "text"], out / "text", GOLD / "samples"),
        "samples (pdf)": (sorted((ROOT / "corpus" / "pdf").glob("*.pdf")), out / "pdf", GOLD / "samples"),
    }
    results: dict[str, dict] = {}
    for name, (paths, folder, gold_dir) in sets.items():
        if not paths:
            continue
        if not args.no_run:
            run_tool(paths, folder, args.workers)
        results[name] = score_folder(folder, gold_dir)
        if name == "real" and args.misses:
            score.main([str(folder), str(gold_dir), "--misses"])
    table = markdown(results)
    print(table)
    (out / "accuracy.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.readme:
        update_readme(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
