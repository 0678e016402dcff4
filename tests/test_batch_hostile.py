"""A batch over hostile files plus good papers completes, reports each failure in one line and
writes every good document's outputs; the time and memory limits stop a document, not the batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hostile import GOOD_TEXT, HOSTILE, awkward_name, big_text, many_pages

from extractor.cli import main
from extractor.dataset import query


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """The 50 MB text file, written once for the tests that need it."""
    return big_text(tmp_path_factory.mktemp("big"))


def _summary(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def test_hostile_files_fail_one_line_each_and_good_documents_complete(tmp_path, capsys):
    folder = tmp_path / "downloads"
    folder.mkdir()
    hostile = [make(folder) for make in HOSTILE]
    good = [shutil.copy(GOOD_TEXT, folder / GOOD_TEXT.name), awkward_name(folder), many_pages(folder)]
    out = tmp_path / "out"

    status = main(["run", str(folder), "-o", str(out), "--workers", "2", "--doc-timeout", "120", "-q"])

    summary = _summary(out)
    failed = {f["doc_id"]: f for f in summary["failed"]}
    assert status == 1
    for path in hostile[:6]:  # everything but the deep HTML cell is unreadable
        assert Path(path).stem in failed, path
    for path in good:
        doc = json.loads((out / f"{Path(path).stem}.json").read_text(encoding="utf-8"))
        assert doc["source"]["path"] == str(path)
    assert json.loads((out / "five-hundred-pages.json").read_text())["source"]["pages"] == 500
    assert summary["documents_ok"] + summary["documents_failed"] == len(hostile) + len(good)

    err = capsys.readouterr().err
    assert "Traceback" not in err
    report = err[err.index(f"{len(failed)} failed:") :].splitlines()[1:]
    assert len(report) == len(failed)  # one line per failure, each naming its file
    for line, failure in zip(report, summary["failed"], strict=True):
        assert failure["path"] in line
    ids = {row[0] for row in query(out / "bcf.duckdb", "SELECT doc_id FROM documents")[1]}
    assert {Path(p).stem for p in good} <= ids


def test_a_document_over_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path, big_file, capsys):
    good = shutil.copy(GOOD_TEXT, tmp_path / GOOD_TEXT.name)
    out = tmp_path / "out"
    args = ["run", str(big_file), str(good), "-o", str(out), "--workers", "1", "--doc-timeout", "3", "-q"]
    assert main(args) == 1
    summary = _summary(out)
    assert summary["ok"] == [Path(good).stem]
    [failure] = summary["failed"]
    assert failure["kind"] == "Timeout" and "took longer than 3s" in failure["error"]
    assert "FAILED Timeout: " in capsys.readouterr().err
    # a timeout depends on the limit, not the file: the next run tries it again
    assert main([*args[:-1], "--doc-timeout", "2", "-q"]) == 1
    assert _summary(out)["documents_skipped"] == 1 and _summary(out)["failed"][0]["kind"] == "Timeout"


def test_a_document_over_the_memory_limit_is_stopped_and_the_batch_goes_on(tmp_path, big_file):
    good = shutil.copy(GOOD_TEXT, tmp_path / GOOD_TEXT.name)
    out = tmp_path / "out"
    args = ["run", str(big_file), str(good), "-o", str(out), "--workers", "1", "--doc-memory", "400"]
    assert main([*args, "--doc-timeout", "120", "-q"]) == 1
    summary = _summary(out)
    assert summary["ok"] == [Path(good).stem]
    [failure] = summary["failed"]
    assert failure["kind"] in ("MemoryLimit", "WorkerDied"), failure
    assert "--doc-memory" in failure["error"]
