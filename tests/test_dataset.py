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
from extractor.errors import QueryError

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "documents",
    "sections",
    "figures",
    "tables",
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


def test_tables_carry_their_self_check_and_run_json_the_collection_rate(out):
    summary = json.loads((out / "run.json").read_text())
    doc = json.loads((out / "hwb-0.json").read_text())
    assert rows(out, "SELECT count(*) FROM tables WHERE doc_id = 'hwb-0'") == [(len(doc["tables"]),)]
    checked = sum(t["consistency"]["checked"] for t in doc["tables"])
    agree = sum(t["consistency"]["agree"] for t in doc["tables"])
    assert rows(out, "SELECT sum(totals_checked), sum(totals_agree) FROM tables WHERE doc_id = 'hwb-0'") == [
        (checked, agree)
    ]
    rate = summary["consistency"]
    (total_checked, total_agree) = rows(out, "SELECT sum(totals_checked), sum(totals_agree) FROM documents")[
        0
    ]
    assert (rate["checked"], rate["agree"]) == (total_checked, total_agree)
    assert rate["rate"] == (round(total_agree / total_checked, 4) if total_checked else None)


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
    records = json.loads(capsys.readouterr().out)  # one JSON array
    assert len(records) == 4 and records[0] == {"doc_id": "004_6d03fb67bfe91ecf", "pages": None}
    assert main(["query", sql, "-o", str(out), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()  # JSON Lines: one object a line
    assert [json.loads(line) for line in lines] == records


def test_table_output_never_cuts_an_id(out, capsys):
    long_id = "x" * 90 + "_id"
    assert main(["query", f"SELECT '{long_id}' AS doc_id, '{'y' * 90}' AS title", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert long_id in printed and "y" * 90 not in printed and "..." in printed


def test_a_failing_query_exits_1_and_a_missing_dataset_2_without_traceback(out, tmp_path, capsys):
    assert main(["query", "SELECT nonsense FROM nowhere", "-o", str(out)]) == 1  # the SQL's fault
    assert main(["query", "SELECT 1", "-o", str(tmp_path)]) == 2  # the command line's
    err = capsys.readouterr().err
    assert "query failed:" in err and "no dataset at" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("DELETE FROM documents", "DELETE statements are not allowed"),
        ("SELECT 1; SELECT 2", "one SQL statement, not 2"),
        ("", "one SQL statement, not 0"),
        ("COPY documents TO '{tmp}/leak.csv'", "COPY statements are not allowed"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "ATTACH statements are not allowed"),
        ("INSTALL httpfs", "not allowed"),
        ("SET enable_external_access = true", "not allowed"),
        ("SELECT * FROM read_text('/etc/hostname')", "disabled"),
        ("SELECT * FROM '{tmp}/secret.csv'", "disabled"),
        ("SELECT * FROM read_parquet('{out}/figures.parquet')", "disabled"),
    ],
)
def test_a_query_reads_the_dataset_and_nothing_else(out, tmp_path, sql, says):
    (tmp_path / "secret.csv").write_text("a\n1\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(QueryError, match=says):
        query(out / "bcf.duckdb", sql.format(tmp=tmp_path, out=out))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_query_help_says_it_only_reads(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "external access off" in help_text and "no COPY, ATTACH, INSTALL" in help_text


def test_format_rows_aligns_and_abbreviates():
    text = format_rows(["a", "b"], [(1234567.0, "x" * 80), (None, "y")])
    lines = text.splitlines()
    assert lines[2].startswith("1,234,567  ") and lines[2].endswith("...") and lines[-1] == "(2 rows)"
