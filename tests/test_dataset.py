"""The DuckDB dataset a run leaves in OUT, and `bcf-extract query`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hostile import GOOD_TEXT, small_paper

from extractor.cli import main
from extractor.dataset import SCHEMA, format_rows, query

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "documents",
    "sections",
    "figures",
    "dates",
    "contributions",
    "schemes",
    "metrics",
    "milestones",
    "findings",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("papers")
    shutil.copy(GOOD_TEXT, folder / GOOD_TEXT.name)
    for n in range(3):
        (folder / f"hwb-{n}.txt").write_text(small_paper(n), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(folder), "-o", str(out), "--workers", "2", "-q"]) == 0
    return out


def rows(out: Path, sql: str) -> list[tuple]:
    return query(out / "bcf.duckdb", sql)[1]


def test_every_table_is_there_with_its_columns(out):
    assert sorted(SCHEMA) == sorted(TABLES)
    for table in TABLES:
        columns = [
            r[0]
            for r in rows(
                out, f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"
            )
        ]
        assert columns == [name for name, _ in SCHEMA[table]], table


def test_tables_join_by_doc_id_and_match_the_document_json(out):
    summary = json.loads((out / "run.json").read_text())
    assert rows(out, "SELECT count(*) FROM documents") == [(4,)]
    assert summary["dataset"]["documents"] == 4
    for table in TABLES[1:-1]:
        orphans = rows(out, f"SELECT count(*) FROM {table} t ANTI JOIN documents d USING (doc_id)")
        assert orphans == [(0,)], table
    doc = json.loads((out / "hwb-0.json").read_text())
    assert rows(out, "SELECT count(*) FROM figures WHERE doc_id = 'hwb-0'") == [(len(doc["figures"]),)]
    assert rows(out, "SELECT count(*) FROM sections WHERE doc_id = 'hwb-0'") == [(len(doc["sections"]),)]
    findings = json.loads((out / "findings.json").read_text())
    assert rows(out, "SELECT count(DISTINCT finding_id) FROM findings") == [(len(findings),)]
    meeting = rows(out, "SELECT meeting_date FROM documents WHERE doc_id = 'hwb-0'")[0][0]
    assert str(meeting) == doc["metadata"]["meeting_date"]


def test_readme_queries_run(out):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, re.S)
    assert len(queries) >= 3
    for sql in queries:
        columns, _ = query(out / "bcf.duckdb", sql)
        assert columns, sql


def test_query_command_prints_a_table_csv_or_json(out, capsys):
    sql = "SELECT doc_id, pages FROM documents ORDER BY doc_id"
    assert main(["query", sql, "-o", str(out)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["doc_id", "pages"] and table[-1] == "(4 rows)"
    assert main(["query", sql, "-o", str(out), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["doc_id,pages", "004_6d03fb67bfe91ecf,"]
    assert main(["query", sql, "--db", str(out / "bcf.duckdb"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0]) == {
        "doc_id": "004_6d03fb67bfe91ecf",
        "pages": None,
    }


def test_query_errors_are_usage_errors_without_traceback(out, tmp_path, capsys):
    assert main(["query", "SELECT nonsense FROM nowhere", "-o", str(out)]) == 2
    assert main(["query", "SELECT 1", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "query failed:" in err and "no dataset at" in err and "Traceback" not in err


def test_the_dataset_is_read_only_to_queries(out):
    with pytest.raises(Exception, match="read-only"):
        query(out / "bcf.duckdb", "DELETE FROM documents")


def test_format_rows_aligns_and_abbreviates():
    text = format_rows(["a", "b"], [(1234567.0, "x" * 80), (None, "y")])
    lines = text.splitlines()
    assert lines[2].startswith("1,234,567  ") and lines[2].endswith("...") and lines[-1] == "(2 rows)"
