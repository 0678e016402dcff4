"""Dump what the character layer gives each page, to compare two versions of it.

    .venv/bin/python bench/layer_dump.py OUT corpus/pdf corpus/real corpus/devreal
    diff -r OUT_BEFORE OUT_AFTER

Writes one JSON line per page to ``OUT/<file stem>.jsonl``: the page's height, image and character
counts, unmapped ("cid") characters, every word (text, box rounded to 0.1pt, size, bold) and every
ruled grid (bbox and cell boxes). Made to prove that a change to the layer (pdfminer to pdfium, a
new tolerance) changes nothing the later steps read, or to list exactly what it changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.errors import IngestError
from extractor.ingest.pdf_chars import PageLayer, opened, page_layers
from extractor.ingest.pdf_tables import find_grids


def _r(value: float) -> float:
    return round(float(value), 1)


def dump(path: Path) -> list[str]:
    lines = []
    try:
        with opened(path, path.read_bytes()) as document:
            for layer in page_layers(path, document):
                lines.append(json.dumps(_record(layer), ensure_ascii=False))
    except IngestError as exc:
        lines.append(json.dumps({"error": str(exc)}))
    return lines


def _record(layer: PageLayer) -> dict:
    grids = [
        {
            "bbox": [_r(v) for v in grid.bbox],
            "rows": [[None if c is None else [_r(v) for v in c] for c in row] for row in grid.rows],
        }
        for grid in (find_grids(layer.edges) if layer.chars else [])
    ]
    return {
        "page": layer.number,
        "height": _r(layer.height),
        "images": layer.images,
        "chars": layer.chars,
        "cid": layer.unmapped,
        "words": [[w.text, _r(w.x0), _r(w.x1), _r(w.top), _r(w.bottom), w.size, w.bold] for w in layer.words],
        "grids": grids,
    }


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for folder in argv[1:] for p in Path(folder).glob("*.pdf")):
        (out / f"{path.stem}.jsonl").write_text("\n".join(dump(path)) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
