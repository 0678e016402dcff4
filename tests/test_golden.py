"""Golden tests over the text corpus: a stable summary of each document against tests/golden/<doc_id>.json.

The summary holds what a reader would check first — the metadata, each table's column headers and
row labels, and every table figure as (label, column, value, unit) — not the whole document JSON,
which keeps changing while the extractor grows (ids, warnings, provenance details).

After an intended change, rewrite the files and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/

The flag must never be left on in CI (``CI`` set): a test fails if it is.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.models import Document
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus" / "text").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


UPDATE = _flag("UPDATE_GOLDEN")


def summarise(doc: Document) -> dict:
    """The stable part of a document: what a golden file holds."""
    tables = [
        {
            "id": t.id,
            "title": t.title,
            "columns": [c.header for c in t.columns],
            "rows": [r.label for r in t.rows],
        }
        for t in doc.tables
    ]
    figures = [[f.label, f.column, f.value, f.unit] for f in doc.figures if f.table_id is not None]
    summary = {
        "doc_id": doc.doc_id,
        "metadata": doc.metadata.model_dump(mode="json"),
        "tables": tables,
        "table_figures": sorted(figures, key=lambda f: json.dumps(f, ensure_ascii=False)),
    }
    return json.loads(json.dumps(summary))  # tuples to lists, as the file will read back


def dumps(data: object) -> str:
    """Indented JSON with every list of plain values on one line, so a changed figure or header is a
    one-line diff."""
    return _dumps(data, 0) + "\n"


def _dumps(data: object, level: int) -> str:
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(data, dict) and data:
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, level + 1)}"
            for k, v in sorted(data.items())
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data):
        return "[\n" + ",\n".join(inner + _dumps(v, level + 1) for v in data) + "\n" + pad + "]"
    return json.dumps(data, ensure_ascii=False)


def diff(expected: object, actual: object, name: str) -> str:
    lines = difflib.unified_diff(
        dumps(expected).splitlines(keepends=True),
        dumps(actual).splitlines(keepends=True),
        fromfile=f"tests/golden/{name} (expected)",
        tofile=f"{name} (now)",
        n=2,
    )
    return "".join(lines)


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


def test_corpus_is_there():
    assert len(CORPUS) >= 5, "corpus/text/*.txt is missing"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_golden(path: Path, toolkit: Toolkit):
    actual = summarise(extract_document(path, toolkit))
    golden = GOLDEN / f"{path.stem}.json"
    if UPDATE:
        if not golden.exists() or json.loads(golden.read_text(encoding="utf-8")) != actual:
            GOLDEN.mkdir(exist_ok=True)
            golden.write_text(dumps(actual), encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(
            f"no golden file {golden.name}: run UPDATE_GOLDEN=1 pytest tests/test_golden.py", pytrace=False
        )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    if expected != actual:
        pytest.fail(
            f"{path.name} no longer matches its golden summary (if the change is intended: UPDATE_GOLDEN=1 "
            f"pytest tests/test_golden.py, then review git diff tests/golden/)\n"
            + diff(expected, actual, golden.name),
            pytrace=False,
        )


def test_update_flag_is_not_left_on_in_ci():
    """UPDATE_GOLDEN rewrites the expectations, so with it every golden test passes: never in CI."""
    assert not (_flag("CI") and UPDATE), "UPDATE_GOLDEN is set in CI: golden tests would rewrite, not check"


def test_summary_does_not_depend_on_the_hash_seed(toolkit: Toolkit):
    """A golden file written by one process must match in the next: no set or dict order that varies
    with PYTHONHASHSEED may reach the summary (run the largest table document in a second process)."""
    path = CORPUS[0]
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[2]); from test_golden import summarise; "
        "from extractor.pipeline import Toolkit, extract_document; from extractor.rules import load_rules; "
        "print(json.dumps(summarise(extract_document(sys.argv[1], Toolkit(load_rules())))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(Path(__file__).parent)],
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert json.loads(done.stdout) == summarise(extract_document(path, toolkit))


def test_diff_is_readable():
    expected = {"tables": [{"rows": ["Carers", "Reablement"]}]}
    actual = {"tables": [{"rows": ["Carers", "Re-ablement"]}]}
    changed = [line for line in diff(expected, actual, "x.json").splitlines() if line[:1] in "+-"]
    assert [line.replace(" ", "") for line in changed] == [
        "---tests/golden/x.json(expected)",
        "+++x.json(now)",
        '-"rows":["Carers","Reablement"]',
        '+"rows":["Carers","Re-ablement"]',
    ]
