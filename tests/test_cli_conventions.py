"""Command-line conventions a newcomer meets first: errors in one line with the right usage and exit
status, ignored files said, `show DOC`, and the failures that must name their real cause."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import GOOD, run

from extractor import tasks
from extractor.batch import collect_inputs
from extractor.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from extractor.emit import check_schema, read_document_file
from extractor.errors import ExtractorError
from extractor.ingest import pdf as pdf_ingest


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    path = folder / "plan.txt"
    path.write_text(
        GOOD + "\nScheme\tCCG £'000\tOCC £'000\nReablement\t1,234\t2,345\nTotal\t1,234\t2,345\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["run", "extract", "audit"])
def test_an_unknown_option_shows_the_subcommands_usage(command, paper, capsys):
    status, _, err = run([command, str(paper), "--no-such-flag"], capsys)
    assert status == EXIT_USAGE
    assert (
        err.startswith(f"usage: bcf-extract {command} ") and "unrecognized arguments: --no-such-flag" in err
    )


@pytest.mark.parametrize("make", ["file", "unwritable"])
def test_a_bad_output_folder_is_one_line_and_exit_2(make, paper, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    if make == "file":
        out.write_text("not a folder")
        words = "is a file, not a folder"
    else:
        out.mkdir()
        # as root every folder is writable, so ask the question the check asks
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == out else real_access(p, mode))
        words = "not writable"
    status, _, err = run(["run", str(paper), "-o", str(out), "--workers", "1"], capsys)
    assert status == EXIT_USAGE and "Traceback" not in err
    assert err.strip().splitlines() == [f"bcf-extract: -o {out}: {err.split(': ', 2)[2].strip()}"]
    assert words in err


def test_an_output_folder_under_a_file_is_one_line(paper, tmp_path, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    status, _, err = run(["extract", str(paper), "-o", str(blocker / "out")], capsys)
    assert status == EXIT_USAGE and "cannot create the folder" in err and len(err.strip().splitlines()) == 1


def test_ignored_files_are_listed_one_line_each(paper, capsys, tmp_path):
    (paper.parent / "notes.pptx").write_bytes(b"PK")
    (paper.parent / "dangling.txt").symlink_to(paper.parent / "gone.txt")
    status, _, err = run(["extract", str(paper.parent), "-o", str(tmp_path / "out")], capsys)
    assert status == EXIT_OK
    ignored = [line for line in err.splitlines() if line.startswith("ignored ")]
    assert ignored == [
        f"ignored {paper.parent / 'dangling.txt'} (a broken link)",
        f"ignored {paper.parent / 'notes.pptx'} (not a type bcf-extract reads (.pptx))",
    ]


def test_an_unreadable_folder_is_listed_not_silently_empty(paper, monkeypatch):
    locked = paper.parent / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path="."):  # as root nothing is unreadable, so refuse the way the kernel would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs, ignored, _ = collect_inputs([paper.parent])
    assert [i.path for i in inputs] == [paper]
    assert [(i.path, i.reason) for i in ignored] == [
        (str(locked), "folder cannot be read (Permission denied)")
    ]


def test_show_prints_a_documents_tables_and_figures(paper, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(["extract", str(paper), "-o", str(out), "-q"], capsys)[0] == EXIT_OK
    status, printed, _ = run(["show", "plan", "-o", str(out)], capsys)
    assert status == EXIT_OK
    assert printed.startswith("plan  ") and "table " in printed and "Reablement" in printed
    assert "figures (" in printed and "1,234,000" in printed
    assert run(["show", str(paper), "-o", str(out), "--tables"], capsys)[1].count("figures (") == 0
    status, _, err = run(["show", "nothing-here", "-o", str(out)], capsys)
    assert status == EXIT_USAGE and "no document 'nothing-here'" in err


def test_a_document_of_another_schema_version_is_refused_on_read(paper, tmp_path, capsys):
    out = tmp_path / "out"
    run(["extract", str(paper), "-o", str(out), "-q"], capsys)
    data = json.loads((out / "plan.json").read_text())
    assert read_document_file(out / "plan.json").doc_id == "plan"
    data["schema_version"] = "2.0"
    (out / "plan.json").write_text(json.dumps(data))
    with pytest.raises(ExtractorError, match=r"schema version 2.0, this tool reads 1\.\d"):
        read_document_file(out / "plan.json")
    with pytest.raises(ExtractorError, match="not a bcf-extract document"):
        check_schema({"schema_name": "something else"}, "x.json")
    status, _, err = run(["show", "plan", "-o", str(out)], capsys)
    assert status == EXIT_USAGE and "run --force" in err


def test_out_of_memory_while_reading_a_pdf_is_a_memory_failure_with_its_limit(tmp_path, monkeypatch):
    """It was reported as a corrupt PDF, and cached as a permanent failure."""
    from pdf_builder import text_pdf

    path = tmp_path / "big.pdf"
    path.write_bytes(text_pdf(["Better Care Fund"]))

    def no_memory(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(pdf_ingest, "_read_pages", no_memory)
    monkeypatch.setattr(tasks, "address_space_limit_mb", lambda: 400)
    result = tasks.run_task(tasks.Task(str(path), "big"))
    assert result.failure is not None and result.failure.kind == "MemoryLimit"
    assert "over the 400 MB limit; raise --doc-memory" in result.failure.error


def test_a_recursion_error_is_not_blamed_on_a_looping_page_tree(tmp_path, monkeypatch):
    import extractor.pipeline

    def too_deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(extractor.pipeline, "extract_document", too_deep)
    path = tmp_path / "deep.txt"
    path.write_text(GOOD)
    result = tasks.run_task(tasks.Task(str(path), "deep"), toolkit=object())
    assert result.failure is not None and "page tree" not in result.failure.error
    assert "nested too deeply" in result.failure.error and result.failure.kind == "RecursionLimit"


def test_a_failing_query_is_not_a_usage_error(tmp_path, paper, capsys):
    out = tmp_path / "out"
    assert run(["run", str(paper), "-o", str(out), "--workers", "1", "-q"], capsys)[0] == EXIT_OK
    assert run(["query", "SELECT * FROM nowhere", "-o", str(out)], capsys)[0] == EXIT_FAILED


def test_an_executors_own_failure_of_a_non_utf8_name_is_recorded(tmp_path):
    """A timeout or a dead worker names the path as given; written to run.json as it was, a name
    that is not UTF-8 failed the whole run at the end."""
    from extractor.batch import RunSummary, record
    from extractor.emit import write_json
    from extractor.executors import _timeout_result

    task = tasks.Task(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"), "cafe")
    summary = RunSummary()
    record(_timeout_result(task, 3.0), tmp_path, "key", summary)
    write_json(tmp_path / "run.json", summary.as_dict())
    [failure] = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["failed"]
    assert failure["path"].endswith("caf\\xe9.txt") and "took longer than 3s" in failure["error"]


@pytest.mark.parametrize("command", ["run", "extract", "audit"])
def test_every_command_says_when_a_paper_gets_another_doc_id(command, paper, tmp_path, capsys):
    (paper.parent / "run.txt").write_text(GOOD, encoding="utf-8")
    extra = ["--workers", "1"] if command != "extract" else []
    status, _, err = run([command, str(paper.parent), "-o", str(tmp_path / "out"), "-q", *extra], capsys)
    assert status == EXIT_OK
    assert "run.json is one of the run's own outputs; named 'run-txt-" in err
    assert "documents_ok" in json.loads((tmp_path / "out" / "run.json").read_text())
