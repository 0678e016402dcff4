"""The command line: exit codes (0 ok, 1 some failed, 2 usage), help, schema and --debug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import extractor.pipeline
from extractor.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from extractor.models import Document
from extractor.schema_files import document_schema

GOOD = "Better Care Fund Plan 2017/18\n\nThe pooled budget is £46.5m, agreed on 13 July 2017.\n"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``main(argv)`` as the console script sees it: argparse's own exits become the exit code."""
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def test_all_documents_ok_exits_0(good, tmp_path, capsys):
    status, out, err = run(["extract", str(good), "-o", str(tmp_path / "out")], capsys)
    assert status == EXIT_OK == 0
    assert f"ok     {good}" in out
    assert "1 ok, 0 failed" in out
    assert "FAILED" not in err
    assert (tmp_path / "out" / "good.json").is_file()


def test_quiet_prints_only_the_summary(good, tmp_path, capsys):
    status, out, _ = run(["extract", str(good), "-o", str(tmp_path / "out"), "-q"], capsys)
    assert status == 0
    assert out.strip().splitlines()[-1].startswith("1 ok, 0 failed")
    assert "ok     " not in out


def test_some_failed_exits_1(good, empty, tmp_path, capsys):
    status, out, err = run(["extract", str(good), str(empty), "-o", str(tmp_path / "out")], capsys)
    assert status == EXIT_FAILED == 1
    assert "1 ok, 1 failed" in out
    assert [line for line in err.splitlines() if line.startswith("FAILED")] == [
        f"FAILED {empty}: file is empty (0 bytes) (re-download it)"
    ]


def test_all_failed_exits_1(empty, tmp_path, capsys):
    assert run(["extract", str(empty), "-o", str(tmp_path / "out")], capsys)[0] == 1


def test_default_output_folder_is_outputs(good, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["extract", str(good)], capsys)[0] == 0
    assert (tmp_path / "outputs" / "good.json").is_file()
    assert (tmp_path / "outputs" / "run.json").is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "usage:"),
        (["frobnicate"], "invalid choice"),
        (["extract"], "the following arguments are required"),
        (["extract", "no/such/file.txt"], "no such file or folder: no/such/file.txt"),
        (["extract", "{good}", "--bogus"], "unrecognized arguments: --bogus"),
        (["--bogus"], "unrecognized arguments"),
        (["extract", "{folder}"], "no .pdf, .xlsx, .docx, .html, .txt or .md files found"),
        (["schema", "extra"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(argv, message, good, tmp_path, capsys):
    folder = tmp_path / "nothing_readable"
    folder.mkdir()
    (folder / "slides.pptx").write_bytes(b"PK")
    argv = [a.format(good=good, folder=folder) for a in argv]
    status, out, err = run([*argv, "-o", str(tmp_path / "out")] if argv[:1] == ["extract"] else argv, capsys)
    assert status == EXIT_USAGE == 2
    assert message in out + err
    assert "Traceback" not in out + err


def test_missing_path_among_good_ones_reads_nothing(good, tmp_path, capsys):
    out_dir = tmp_path / "out"
    status, _, err = run(["extract", str(good), str(tmp_path / "gone.txt"), "-o", str(out_dir)], capsys)
    assert status == 2
    assert "gone.txt" in err
    assert not (out_dir / "good.json").exists()


def test_help(capsys):
    status, out, _ = run(["--help"], capsys)
    assert status == 0
    assert "usage: bcf-extract" in out
    for command in ("extract", "schema"):
        assert command in out


def test_extract_help(capsys):
    status, out, _ = run(["extract", "--help"], capsys)
    assert status == 0
    assert "usage: bcf-extract extract" in out
    for option in ("PATH", "--output", "--debug", "--quiet", "--rules"):
        assert option in out


def test_version(capsys):
    status, out, _ = run(["--version"], capsys)
    assert status == 0
    assert out.startswith("bcf-extract ")


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_schema_prints_the_document_json_schema(capsys):
    status, out, _ = run(["schema"], capsys)
    assert status == 0
    schema = json.loads(out)
    assert schema == document_schema()  # the committed one, every field described
    assert schema["type"] == "object"
    assert schema["title"] == "Document"
    assert {"doc_id", "source", "metadata", "tables", "figures", "dates"} <= set(schema["properties"])
    assert set(schema["required"]) <= set(schema["properties"])
    # every reference resolves, so a validator can load it
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in schema["$defs"]


def test_extracted_document_has_the_schema_properties(good, tmp_path, capsys):
    run(["extract", str(good), "-o", str(tmp_path / "out"), "-q"], capsys)
    schema = json.loads(run(["schema"], capsys)[1])
    doc = json.loads((tmp_path / "out" / "good.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(doc) <= set(schema["properties"])
    Document.model_validate(doc)


# --------------------------------------------------------------------------- --debug


@pytest.fixture
def broken_pipeline(monkeypatch):
    """A bug in a stage: extract_document raises something the library did not mean to raise."""

    def boom(*args, **kwargs):
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(extractor.pipeline, "extract_document", boom)


def test_internal_error_is_one_line_without_debug(good, tmp_path, broken_pipeline, capsys):
    status, out, err = run(["extract", str(good), "-o", str(tmp_path / "out")], capsys)
    assert status == 1
    (line,) = [line for line in err.splitlines() if "FAILED" in line]
    assert str(good) in line
    assert "RuntimeError: stage exploded" in line
    assert "Traceback" not in out + err


def test_debug_shows_the_traceback(good, tmp_path, broken_pipeline, capsys):
    status, _, err = run(["extract", str(good), "-o", str(tmp_path / "out"), "--debug"], capsys)
    assert status == 1
    assert "Traceback (most recent call last)" in err
    assert 'raise RuntimeError("stage exploded")' in err


def test_debug_shows_the_traceback_for_an_unreadable_file(empty, tmp_path, capsys):
    _, _, err = run(["extract", str(empty), "-o", str(tmp_path / "out"), "--debug"], capsys)
    assert "Traceback (most recent call last)" in err
