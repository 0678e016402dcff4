"""`bcf-extract run`: the pool-based batch, its cache, its summary and its messages."""

from __future__ import annotations

import gc
import io
import json
import shutil
from pathlib import Path

import pytest
from hostile import awkward_name, one_page_pdf, small_paper

from extractor.batch import collect_inputs
from extractor.cli import main
from extractor.progress import Progress, choose_mode
from extractor.rules import default_rules_dir
from extractor.tasks import Failure, Result, toolkit_for


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Four short papers: three text, one PDF, one of them in a subfolder, plus a file we ignore."""
    folder = tmp_path / "papers"
    (folder / "2024").mkdir(parents=True)
    for n in range(2):
        (folder / f"paper-{n}.txt").write_text(small_paper(n), encoding="utf-8")
    (folder / "2024" / "plan.md").write_text(small_paper(9), encoding="utf-8")
    one_page_pdf(folder / "2024")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    return folder


def run(*args: object) -> int:
    return main(["run", *map(str, args), "--workers", "2", "-q"])


def test_run_writes_documents_exports_audit_dataset_and_summary(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(corpus, "-o", out) == 0
    for doc_id in ("paper-0", "paper-1", "plan", "one-page"):
        assert json.loads((out / f"{doc_id}.json").read_text())["doc_id"] == doc_id
    for name in (
        "figures.csv",
        "dates.parquet",
        "findings.json",
        "audit.html",
        "audit.md",
        "bcf.duckdb",
        "run.json",
    ):
        assert (out / name).is_file(), name
    summary = json.loads((out / "run.json").read_text())
    assert (summary["documents_ok"], summary["documents_failed"], summary["documents_skipped"]) == (4, 0, 0)
    assert summary["files_ignored"] == 1 and summary["ignored"][0]["path"].endswith("slides.pptx")
    assert summary["pages"] == 1 and summary["figures"] > 10 and summary["findings"] is not None
    assert summary["workers"] == 2 and summary["executor"] == "process"
    assert 0 < summary["peak_memory_mb"]["worker_max"] < 4096
    assert summary["pages_per_second"] > 0 and summary["dataset"]["documents"] == 4
    closing = capsys.readouterr().out.strip().splitlines()[-1]
    assert (
        closing.startswith("4 ok, 0 failed, 0 skipped (unchanged), 1 ignored; 1 pages,")
        and "pages/s" in closing
    )
    assert "peak memory" in closing and closing.endswith(f"-> {out}")


def test_rerun_skips_unchanged_documents_and_force_redoes_them(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(corpus, "-o", out) == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("paper-*.json")}
    assert run(corpus, "-o", out) == 0
    again = json.loads((out / "run.json").read_text())
    assert (again["documents_ok"], again["documents_skipped"]) == (0, 4)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("paper-*.json")} == before
    assert again["dataset"]["documents"] == 4  # the dataset still describes every document

    (corpus / "paper-1.txt").write_text(small_paper(42), encoding="utf-8")
    assert run(corpus, "-o", out) == 0
    changed = json.loads((out / "run.json").read_text())
    assert changed["ok"] == ["paper-1"] and changed["documents_skipped"] == 3

    assert run(corpus, "-o", out, "--force") == 0
    assert json.loads((out / "run.json").read_text())["documents_ok"] == 4


def test_unchanged_failure_is_reported_again_without_rereading(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"<html>404 Not Found</html>")
    (tmp_path / "in" / "good.txt").write_text(small_paper(1), encoding="utf-8")
    out = tmp_path / "out"
    assert run(tmp_path / "in", "-o", out) == 1
    assert run(tmp_path / "in", "-o", out) == 1
    summary = json.loads((out / "run.json").read_text())
    assert summary["documents_skipped"] == 1 and summary["documents_ok"] == 0
    assert summary["failed"][0]["error"].endswith("(unchanged since the last run)")
    assert "not a PDF" in capsys.readouterr().err


def test_a_failed_document_loses_its_stale_output(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(small_paper(1), encoding="utf-8")
    out = tmp_path / "out"
    assert run(paper, "-o", out) == 0
    paper.write_bytes(b"")
    assert run(paper, "-o", out) == 1
    assert not (out / "paper.json").exists()


def test_awkward_file_names_keep_their_doc_id(tmp_path):
    (tmp_path / "in").mkdir()
    path = awkward_name(tmp_path / "in")
    out = tmp_path / "out"
    assert run(path, "-o", out) == 0
    doc = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert doc["source"]["path"] == str(path)


def test_usage_errors_exit_2_without_traceback(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")]) == 2
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), "--workers", "0"]) == 2
    assert main(["run", str(tmp_path / "a.txt"), "--executor", "dask"]) == 2
    assert main(["run", str(tmp_path / "a.txt"), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert main(["run", str(tmp_path / "a.txt"), "--doc-memory", "10"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--executor dask needs --scheduler" in err


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, capsys):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    paper = tmp_path / "p.txt"
    paper.write_text(small_paper(1), encoding="utf-8")
    with (out / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert run(paper, "-o", out) == 2
    assert "another bcf-extract run is writing to" in capsys.readouterr().err


def test_extract_keeps_its_contract(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("ok     ") == 4 and "4 ok, 0 failed, 1 ignored;" in printed
    assert (out / "figures.csv").is_file() and not (out / "bcf.duckdb").exists()


def test_collect_inputs_names_every_file_uniquely(tmp_path):
    for folder in ("a", "b", "a/.hidden"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "a" / "agenda.txt").write_text("x")
    (tmp_path / "b" / "agenda.txt").write_text("x")
    (tmp_path / "b" / "agenda.pdf").write_text("x")
    (tmp_path / "a" / ".hidden" / "secret.txt").write_text("x")
    (tmp_path / "b" / "slides.pptx").write_text("x")
    explicit = tmp_path / "b" / "slides.pptx"
    inputs, ignored, notes = collect_inputs([tmp_path / "a", tmp_path / "b", explicit])
    ids = [i.doc_id for i in inputs]
    assert len(ids) == len(set(ids)) == 4 and ids[0] == "agenda"
    assert [item.path for item in ignored] == [str(explicit)] and len(notes) == 2
    assert inputs[-1].path == explicit  # named explicitly: attempted, so its failure is reported


def _result(doc_id: str, failure: Failure | None = None) -> Result:
    return Result(
        doc_id,
        f"{doc_id}.pdf",
        document_json=None if failure else "{}",
        failure=failure,
        pages=3,
        seconds=0.5,
    )


def test_progress_is_log_lines_off_a_terminal_and_a_bar_on_one():
    stream = io.StringIO()
    assert choose_mode(stream, quiet=False) == "lines"
    progress = Progress(total=2, mode="lines", stream=stream).open()
    progress.update(_result("a"))
    progress.update(_result("b", Failure("b.pdf", "b", "b.pdf: not a PDF", "IngestError")))
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[1/2] ok a (3 pages") and lines[1] == "FAILED IngestError: b.pdf: not a PDF"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    assert choose_mode(terminal, quiet=False) == "bar" and choose_mode(terminal, quiet=True) == "quiet"
    bar = Progress(total=2, mode="bar", stream=terminal).open()
    bar.update(_result("a"))
    bar.update(_result("b", Failure("b.pdf", "b", "b.pdf: not a PDF", "IngestError")))
    bar.close()
    shown = terminal.getvalue()
    assert "2/2" in shown and "6 pages" in shown and "pages/s" in shown and "doc/s" in shown
    assert "FAILED IngestError: b.pdf: not a PDF" in shown


def test_audit_reuses_the_documents_of_a_run_and_prints_its_summary(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(corpus, "-o", out) == 0
    (out / "findings.json").unlink()
    capsys.readouterr()
    assert main(["audit", str(corpus), "-o", str(out), "--workers", "2", "-q"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("audit: ") and "4 documents audited" in printed
    assert json.loads((out / "run.json").read_text())["documents_skipped"] == 4
    assert (out / "findings.json").is_file() and (out / "audit.html").is_file()


def test_exports_stream_every_row_and_replace_files_only_when_complete(corpus, tmp_path, monkeypatch):
    import csv

    import pyarrow.parquet as pq

    from extractor import emit
    from extractor.emit import read_documents, write_exports

    monkeypatch.setattr(emit._TableSink, "_GROUP", 25)  # several Parquet row groups from a small corpus

    out = tmp_path / "out"
    assert main(["extract", str(corpus), "-o", str(out), "-q"]) == 0
    docs = list(read_documents(out))
    counts = write_exports(out, docs * 3)
    assert counts["documents"] == 12 and counts["figures"] > 100
    for stem in ("figures", "dates", "contributions", "schemes", "metrics", "milestones", "money_statements"):
        with open(out / f"{stem}.csv", encoding="utf-8") as handle:
            assert sum(1 for _ in csv.DictReader(handle)) == counts[stem], stem
        table = pq.read_table(out / f"{stem}.parquet")
        assert table.num_rows == counts[stem], stem
        assert str(table.schema.field("page").type) == "int64", stem
    before = (out / "figures.csv").read_bytes()

    def failing():
        yield docs[0]
        raise RuntimeError("killed mid-run")

    with pytest.raises(RuntimeError):
        write_exports(out, failing())
    assert (out / "figures.csv").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_new_toolkit_is_frozen_out_of_the_collectors_sight(tmp_path):
    """What a worker builds at start-up lives as long as it does: full collections must not walk it."""
    rules = shutil.copytree(default_rules_dir(), tmp_path / "rules")
    gc.unfreeze()
    toolkit = toolkit_for(rules, warm=False)
    assert gc.get_freeze_count() > 0
    assert all(obj is not toolkit for obj in gc.get_objects(generation=2))  # frozen objects are in none
