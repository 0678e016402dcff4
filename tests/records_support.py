"""Shared by the record tests: a corpus paper extracted once per test session, and a passage
written in another council's style extracted from a temporary text file."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from extractor.models import Document
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "text"


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


@cache
def corpus_doc(stem: str) -> Document:
    """A sample paper by the start of its name ("000", "003")."""
    path = next(CORPUS.glob(f"{stem}*.txt"))
    return extract_document(path, toolkit())


def extract_text(tmp_path: Path, text: str, name: str = "passage.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(path, toolkit())


def figure(doc: Document, figure_id: str | None):
    return next(f for f in doc.figures if f.id == figure_id)
