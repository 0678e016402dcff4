"""OCR speed and memory per page, against the text layer of the same paper.

    .venv/bin/python bench/ocr_bench.py [--scan corpus/pdf/000_af6d23c4c93e057d.scanned.pdf]
                                        [--text corpus/pdf/000_af6d23c4c93e057d.pdf] [--pages N]

Reads the scanned paper's pages by OCR (``ingest(..., ocr="auto")``: render at 300 dpi, rules
painted out, Tesseract, the word-geometry reader) and its text twin's by their text layer, each in
a fresh process so that one's imports and caches do not favour the other, and prints per paper:
pages, seconds, pages/s, seconds per page, the reading process's peak memory and Tesseract's
(the largest child process). Results also go to ``bench/work/ocr.json``. Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from extractor.ingest import ingest
from extractor.rules import load_rules

path, ocr, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
if pages:
    import pypdfium2, tempfile
    source = pypdfium2.PdfDocument(path)
    subset = pypdfium2.PdfDocument.new()
    subset.import_pages(source, list(range(min(pages, len(source)))))
    path = str(Path(tempfile.mkdtemp()) / Path(path).name)
    subset.save(path)
rules = load_rules()
started = time.perf_counter()
raw = ingest(path, rules, ocr=ocr)
seconds = time.perf_counter() - started
print(json.dumps({
    "pages": raw.source.pages,
    "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "tesseract_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "ocr_pages": sum(1 for i in raw.issues if i.code == "ocr"),
}))
"""


def measure(path: Path, ocr: str, pages: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), ocr, str(pages)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["pages_per_second"] = result["pages"] / result["seconds"]
    result["seconds_per_page"] = result["seconds"] / result["pages"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scan", type=Path, default=ROOT / "corpus/pdf/000_af6d23c4c93e057d.scanned.pdf")
    parser.add_argument("--text", type=Path, default=ROOT / "corpus/pdf/000_af6d23c4c93e057d.pdf")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()
    rows = {
        "ocr (scan)": measure(args.scan, "auto", args.pages),
        "text layer (twin)": measure(args.text, "auto", args.pages),
    }
    print(
        f"{'reading':<20}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'s/page':>8}{'peak MB':>9}{'tesseract MB':>14}"
    )
    for name, r in rows.items():
        print(
            f"{name:<20}{r['pages']:>6}{r['seconds']:>9.1f}{r['pages_per_second']:>9.2f}"
            f"{r['seconds_per_page']:>8.2f}{r['peak_mb']:>9.0f}{r['tesseract_peak_mb']:>14.0f}"
        )
    ratio = rows["text layer (twin)"]["pages_per_second"] / rows["ocr (scan)"]["pages_per_second"]
    print(f"OCR is {ratio:.1f}x slower per page than the text layer")
    work = ROOT / "bench" / "work"
    work.mkdir(exist_ok=True)
    (work / "ocr.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
