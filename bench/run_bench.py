"""Benchmark: `bcf-extract run` against raw pdfplumber, on the real PDFs and on synthetic corpora.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run_bench.py [--sizes 50 200 1000] [--workers 1 2] [--repeat 3] [--no-real]

The corpora, measured in one run:

- ``real``: every PDF in corpus/pdf, corpus/real and corpus/devreal (council and NHS papers as
  published, the sample papers, one scan), linked into WORK/real;
- ``synthetic-N`` for each size N: that many PDFs assembled from the sample papers' sections and
  tables (corpus/text), with every quantity varied, ruled tables and 2-15 pages each (built once,
  cached under --work; document i is the same file in every size).

For each corpus it measures raw pdfplumber (``extract_text()`` + ``extract_tables()`` on every page,
one process) and ``bcf-extract run CORPUS --force`` at each worker count (fresh output folder each
time: extraction, records, JSON, exports, audit, dataset), interleaved ``--repeat`` times keeping the
fastest of each (other load on the machine only ever adds time). It prints seconds, pages/s, CPU
seconds, peak memory per worker and of the main process, ours/raw (wall time, both one process at one
worker), and each worker count's speed-up over one worker. Results go to WORK/results.json.

The targets (issue 16): one worker at most 0.8x raw pdfplumber on the real PDFs, two workers at least
1.8x as fast as one, memory per worker flat in corpus size. ``--profile`` adds a pyinstrument profile
of the per-document path on a sample.

It is not a test: the numbers depend on the machine and on what else it is doing (the load average is
printed beside them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "text"
REAL = [ROOT / "corpus" / "pdf", ROOT / "corpus" / "real", ROOT / "corpus" / "devreal"]
BIN = Path(sys.executable).parent

# ---------------------------------------------------------------------------------------- corpus


def source_sections() -> list[list[tuple[str, object]]]:
    """The sample papers cut into sections: a heading and the paragraphs, list items and tables under it."""
    from extractor.ingest import ingest
    from extractor.rules import load_rules

    rules = load_rules()
    sections: list[list[tuple[str, object]]] = []
    for path in sorted(SOURCES.glob("*.txt")):
        current: list[tuple[str, object]] = []
        for block in ingest(path, rules).blocks:
            kind = block.kind.value
            if kind == "heading" and current:
                sections.append(current)
                current = []
            if kind == "table" and block.table is not None:
                rows = [[c.text for c in row.cells] for row in block.table.rows]
                if rows and 2 <= max(len(r) for r in rows) <= 8:
                    current.append(("table", rows))
            elif kind != "table":
                current.append((kind, block.text))
        if current:
            sections.append(current)
    return [s for s in sections if len(s) > 1]


_NUMBER = re.compile(r"(?<![\w/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/])")


def vary(text: str, rng: random.Random) -> str:
    """Every quantity changed (same shape, other digits); years and small ordinals kept."""

    def one(m: re.Match[str]) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        digits = whole.replace(",", "")
        if len(digits) == 4 and digits[:2] in ("19", "20") or len(digits) <= 1:
            return m.group(0)
        new = str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
        if "," in whole:
            new = f"{int(new):,}"
        if frac:
            frac = "." + "".join(str(rng.randint(0, 9)) for _ in frac[1:])
        return new + frac

    return _NUMBER.sub(one, text)


def build_pdf(path: Path, sections: list, index: int) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import KeepTogether

    rng = random.Random(index)
    styles = getSampleStyleSheet()
    body, heading, cell = (
        styles["BodyText"],
        styles["Heading2"],
        styles["BodyText"].clone("cell", fontSize=8, leading=9.5),
    )
    area = rng.choice(
        ["Oxfordshire", "Dorset", "Kent", "Leeds", "Bath and North East Somerset", "West Sussex", "Cumbria"]
    )
    year = rng.randint(2016, 2025)
    story = [
        Paragraph(escape(f"HEALTH & WELLBEING BOARD – {rng.randint(1, 28)} March {year}"), styles["Title"]),
        Paragraph(
            escape(f"{area}: Better Care Fund update {year}/{(year + 1) % 100:02d}"), styles["Heading1"]
        ),
    ]
    for section in rng.sample(sections, k=rng.randint(4, 24)):
        for kind, content in section:
            if kind == "table":
                rows = [[Paragraph(escape(vary(c, rng)), cell) for c in row] for row in content]  # type: ignore[union-attr]
                width = max(len(r) for r in rows)
                rows = [r + [Paragraph("", cell)] * (width - len(r)) for r in rows]
                table = Table(rows, colWidths=[17 * cm / width] * width, repeatRows=1)
                table.setStyle(
                    TableStyle(
                        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                    )
                )
                story += [Spacer(1, 6), table, Spacer(1, 6)]
            elif kind == "heading":
                story.append(KeepTogether(Paragraph(escape(str(content)), heading)))
            else:
                story.append(Paragraph(escape(vary(str(content), rng)), body))
    SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, title=f"BCF paper {index}"
    ).build(story)


def build_corpus(work: Path, size: int) -> Path:
    """``size`` PDFs in WORK/corpus-SIZE (built once; document i is the same in every size)."""
    folder = work / f"corpus-{size}"
    done = folder / ".complete"
    if done.exists():
        return folder
    sections = source_sections()
    folder.mkdir(parents=True, exist_ok=True)
    shared = work / "pdfs"
    shared.mkdir(exist_ok=True)
    started = time.perf_counter()
    for i in range(size):
        pdf = shared / f"bcf-{i:05d}.pdf"
        if not pdf.exists():
            build_pdf(pdf, sections, i)
        link = folder / pdf.name
        if not link.exists():
            os.link(pdf, link)
    done.touch()
    print(f"built corpus of {size} PDFs in {time.perf_counter() - started:.0f}s -> {folder}", flush=True)
    return folder


def real_corpus(work: Path) -> Path:
    """Every PDF of the corpus folders, linked into WORK/real (the other files there are not PDFs
    and raw pdfplumber would not read them)."""
    folder = work / "real"
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(p for d in REAL for p in d.glob("*.pdf")):
        link = folder / source.name
        if not link.exists():
            try:
                os.link(source, link)
            except OSError:  # another filesystem
                shutil.copy2(source, link)
    return folder


# ---------------------------------------------------------------------------------- measurements

RAW = """
import sys, time, resource, pdfplumber
from pathlib import Path
pages = 0
start = time.perf_counter()
for path in sorted(Path(sys.argv[1]).glob("*.pdf")):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.flush_cache()
            pages += 1
print(pages, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure_raw(corpus: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", RAW, str(corpus)], capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages, seconds, peak = out.stdout.split()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "pages": int(pages),
        "seconds": float(seconds),
        "cpu_seconds": round(cpu, 1),
        "peak_mb": float(peak),
    }


def measure_ours(corpus: Path, work: Path, workers: int, ocr: str = "off") -> dict:
    out = work / f"out-{corpus.name}-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        str(BIN / "bcf-extract"),
        "run",
        str(corpus),
        "-o",
        str(out),
        "--workers",
        str(workers),
        "--force",
        "-q",
        "--ocr",
        ocr,
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"bcf-extract run failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads((out / "run.json").read_text())
    return {
        "workers": workers,
        "seconds": round(wall, 2),
        "extract_seconds": summary["extract_seconds"],
        "pages": summary["pages"],
        "documents_ok": summary["documents_ok"],
        "documents_failed": summary["documents_failed"],
        "cpu_seconds": summary.get("cpu_seconds", {}),
        "peak_worker_mb": summary["peak_memory_mb"]["worker_max"],
        "peak_main_mb": summary["peak_memory_mb"]["main"],
    }


def profile(corpus: Path, sample: int) -> str:
    from pyinstrument import Profiler

    from extractor.pipeline import Toolkit, extract_document
    from extractor.rules import load_rules

    toolkit = Toolkit(load_rules())
    paths = sorted(corpus.glob("*.pdf"))[:sample]
    extract_document(paths[0], toolkit)  # warm up the lazy parts
    profiler = Profiler(interval=0.002)
    with profiler:
        for path in paths:
            extract_document(path, toolkit)
    return profiler.output_text(unicode=False, color=False, show_all=False)


# ------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[50, 200], help="synthetic corpus sizes (default: 50 200)"
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real PDFs")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default: 1 2)")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "bench" / "work", help="corpora and outputs (default: bench/work)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure each this many times, keep the fastest"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile the per-document path (pyinstrument)"
    )
    parser.add_argument(
        "--ocr",
        choices=["off", "auto"],
        default="off",
        help="bcf-extract's --ocr (default: off). Raw pdfplumber reads no scan, so off compares text "
        "layer with text layer; the real corpus's scan then fails at once. OCR's own speed is "
        "bench/ocr_bench.py's",
    )
    parser.add_argument("--build-only", action="store_true", help="only build the corpora")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    corpora = [] if args.no_real else [("real", real_corpus(args.work))]
    corpora += [(f"synthetic-{size}", build_corpus(args.work, size)) for size in args.sizes]
    results: dict = {"load_average": os.getloadavg(), "cores": os.cpu_count(), "corpora": {}}
    for name, corpus in corpora:
        if args.build_only:
            continue
        # interleaved repeats, keeping the fastest of each: other load on the machine only adds time
        raws, ours_runs = [], []
        for _ in range(args.repeat):
            raws.append(measure_raw(corpus))
            ours_runs.append([measure_ours(corpus, args.work, w, args.ocr) for w in args.workers])
        raw = min(raws, key=lambda r: r["seconds"])
        ours = [
            min((run[i] for run in ours_runs), key=lambda o: o["seconds"]) for i in range(len(args.workers))
        ]
        documents = len(list(corpus.glob("*.pdf")))
        results["corpora"][name] = {"documents": documents, "raw": raw, "ours": ours, "all_raw": raws}
        report(name, documents, raw, ours)
    if args.profile:
        text = profile(build_corpus(args.work, min(args.sizes or [50])), sample=20)
        (args.work / "profile.txt").write_text(text)
        print(text[:6000])
    results["load_average_after"] = os.getloadavg()
    (args.work / "results.json").write_text(json.dumps(results, indent=1))
    return 0


def report(name: str, documents: int, raw: dict, ours: list[dict]) -> None:
    pages = raw["pages"]
    load = os.getloadavg()[0]
    print(
        f"\n{name}: {documents} documents, {pages} pages (load average {load:.1f} on {os.cpu_count()} cores)"
    )
    head = ["", "seconds", "pages/s", "CPU s", "MB/worker", "MB main", "ours/raw", "speed-up"]
    print(_row(head))
    print(
        _row(
            [
                "raw pdfplumber",
                raw["seconds"],
                pages / raw["seconds"],
                raw["cpu_seconds"],
                raw["peak_mb"],
                "",
                1.0,
                "",
            ]
        )
    )
    one = next((o["seconds"] for o in ours if o["workers"] == 1), None)
    for o in ours:
        cpu = sum(o["cpu_seconds"].values()) if o["cpu_seconds"] else float("nan")
        label = f"bcf-extract run -w {o['workers']}"
        speedup = one / o["seconds"] if one else ""
        row = [label, o["seconds"], o["pages"] / o["seconds"], cpu, o["peak_worker_mb"], o["peak_main_mb"]]
        print(_row([*row, o["seconds"] / raw["seconds"], speedup]))
        if o["pages"] != pages or o["documents_failed"]:
            print(f"    note: {o['documents_failed']} failed, {o['pages']} pages read")


def _row(cells: list) -> str:
    widths = [22, 9, 9, 8, 11, 9, 10, 10]
    out = []
    for cell, width in zip(cells, widths, strict=True):
        text = f"{cell:.2f}" if isinstance(cell, float) else str(cell)
        out.append(text.ljust(width) if width == 22 else text.rjust(width))
    return "  " + "".join(out)


if __name__ == "__main__":
    sys.exit(main())
