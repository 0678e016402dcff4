"""The hostile corpus: a downloads folder of everything that goes wrong, beside good papers, in one run.

Every file is generated here (tests/hostile.py). The contract: no crash (no traceback, no internal
error), one clear line for each file that is not read (a failure naming the file and the problem,
or an ``ignored`` line naming the file and why), no lost output (every document read has its JSON,
none overwritten by the run's own files), nothing hostile reaching the outputs (NUL bytes,
spreadsheet formulas, markup), and the good papers' outputs exactly as in a run without the rest.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hostile import (
    GOOD_TEXT,
    awkward_name,
    broken_link,
    control_character_name,
    deep_html_cell,
    deep_page_tree,
    encrypted,
    exotic_digits,
    fifo,
    hidden_name,
    huge_numbers,
    injected_markup_and_formulas,
    link_loop,
    link_to_paper,
    long_paragraph,
    looping_page_tree,
    many_pages,
    named_findings,
    named_run,
    not_utf8_name,
    nul_after_64k,
    one_page_pdf,
    random_bytes,
    small_paper,
    socket_file,
    truncated_pdf,
    unsupported,
    very_long_name,
    zero_byte,
)
from pdf_builder import image_only_pdf, text_pdf

from extractor.cli import main
from extractor.dataset import query
from extractor.names import printable


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# name -> (builder, words its one FAILED line must hold)
FAILS = {
    "zero_byte": (zero_byte, "empty"),
    "blank_text": (lambda d: _write(d / "blank.txt", b" \n\t\n"), "empty"),
    "random_pdf": (random_bytes, "not a PDF"),
    "random_text": (lambda d: _write(d / "random.txt", bytes(range(256)) * 64), "not a text file"),
    "html_error_page": (lambda d: _write(d / "download.pdf", b"<!DOCTYPE html><p>404</p>"), "not a PDF"),
    "pdf_named_text": (lambda d: _write(d / "paper.txt", text_pdf(["Better Care Fund"])), "is a PDF"),
    "truncated": (truncated_pdf, "corrupt or truncated"),
    "encrypted": (encrypted, "encrypted"),
    "looping_page_tree": (looping_page_tree, "PDF"),
    "two_billion_pages": (deep_page_tree, "PDF"),
    "scan": (lambda d: _write(d / "scan.pdf", image_only_pdf(pages=2)), "OCR found no text"),
    "bad_docx": (lambda d: _write(d / "notes.docx", b"PK\x03\x04 not really a document"), "Word document"),
    "bad_xlsx": (lambda d: _write(d / "sheet.xlsx", b"PK\x03\x04 not a workbook"), "xlsx"),
}
# read, each with its document JSON
READS = {
    "exotic_digits": exotic_digits,
    "huge_numbers": huge_numbers,
    "long_paragraph": long_paragraph,
    "nul_after_64k": nul_after_64k,
    "markup_and_formulas": injected_markup_and_formulas,
    "not_utf8_name": not_utf8_name,
    "named_run": named_run,
    "named_findings": named_findings,
    "very_long_name": very_long_name,
    "control_character_name": control_character_name,
    "awkward_name": awkward_name,
    "link_to_paper": link_to_paper,
    "deep_html_cell": deep_html_cell,
    "many_pages": lambda d: many_pages(d, pages=60),
}
# found in the folder and not read, each with the reason its `ignored` line gives
IGNORED = {
    "broken_link": (broken_link, "a broken link"),
    "link_loop": (link_loop, "a link to a folder"),
    "fifo": (lambda d: fifo(d, "pipe.txt"), "not a regular file"),
    "socket": (socket_file, "not a regular file"),
    "unsupported": (unsupported, "not a type bcf-extract reads"),
}


def _good(folder: Path) -> list[Path]:
    folder.mkdir()
    papers = [Path(shutil.copy(GOOD_TEXT, folder / GOOD_TEXT.name)), one_page_pdf(folder)]
    for seed in (1, 2):
        path = folder / f"small-{seed}.txt"
        path.write_text(small_paper(seed), encoding="utf-8")
        papers.append(path)
    return papers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    good = _good(root / "good")
    folder = root / "downloads"
    folder.mkdir()
    fails = {name: (make(folder), words) for name, (make, words) in FAILS.items()}
    reads = {name: make(folder) for name, make in READS.items()}
    ignored = {name: (make(folder), why) for name, (make, why) in IGNORED.items()}
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    # named on the command line: always attempted, never waited on
    fails["fifo_named"] = (fifo(elsewhere, "named-pipe.txt"), "not a regular file")
    fails["unsupported_named"] = (unsupported(elsewhere), "not supported")
    reads["hidden_named"] = hidden_name(elsewhere)
    explicit = [fails["fifo_named"][0], fails["unsupported_named"][0], reads["hidden_named"]]
    return root, good, folder, explicit, fails, reads, ignored


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    """The good papers alone, then everything; both under umask 022, as a user's shell has it."""
    root, good, folder, explicit, *_ = corpus
    alone, together = root / "out-good", root / "out-all"
    capture = tmp_path_factory.mktemp("stderr")
    old = os.umask(0o022)
    try:
        assert main(["run", str(root / "good"), "-o", str(alone), "--workers", "2", "-q"]) == 0
        args = ["run", str(root / "good"), str(folder), *map(str, explicit), "-o", str(together)]
        status = _run_capturing(args + ["--workers", "2", "--doc-timeout", "300"], capture / "first")
        first = _summary(together)
        again = _run_capturing(args + ["--workers", "2", "-q"], capture / "again")
    finally:
        os.umask(old)
    return alone, together, status, again, first


def _run_capturing(args: list[str], where: Path) -> tuple[int, str]:
    """``main(args)`` with stderr captured to a file (capsys is per test; this fixture is per module)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stderr(buffer):
        status = main(args)
    where.write_text(buffer.getvalue(), encoding="utf-8")
    return status, buffer.getvalue()


def _summary(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def _documents(out: Path) -> dict[str, dict]:
    """Document JSON by the path it records."""
    docs = {}
    for path in out.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("schema_name") == "bcf-extract.document":
            docs[data["source"]["path"]] = data
    return docs


def test_no_crash_and_one_line_for_each_file_not_read(corpus, runs):
    _root, good, _folder, _explicit, fails, reads, ignored = corpus
    _alone, out, (status, err), _again, summary = runs
    assert status == 1 and "Traceback" not in err
    assert not [f for f in summary["failed"] if f["kind"] in ("InternalError", "AuditError")], summary[
        "failed"
    ]
    report = err[err.index(f"{len(summary['failed'])} failed:") :].splitlines()[1:]
    for name, (path, words) in fails.items():
        lines = [line for line in report if printable(str(path)) in line]
        assert len(lines) == 1 and words in lines[0], (name, lines)
    ignored_lines = [line for line in err.splitlines() if line.startswith("ignored ")]
    for name, (path, why) in ignored.items():
        lines = [line for line in ignored_lines if printable(str(path)) in line]
        assert len(lines) == 1 and why in lines[0], (name, ignored_lines)
    assert len(summary["failed"]) == len(fails) and len(summary["ignored"]) == len(ignored)
    assert summary["documents_ok"] == len(good) + len(reads)


def test_no_output_is_lost(corpus, runs):
    _root, good, _folder, _explicit, _fails, reads, _ignored = corpus
    _alone, out, _first, (status, _err), summary = runs
    docs = _documents(out)
    for path in [*good, *reads.values()]:
        assert printable(str(path)) in docs, path
    assert summary["documents_ok"] == len(docs)  # a JSON for every document read, none extra
    assert "findings" in summary and isinstance(json.loads((out / "findings.json").read_text()), list)
    renamed = [note for note in summary["notes"] if "one of the run's own outputs" in note]
    assert len(renamed) == 2  # run.txt and findings.md, each under a doc id of its own
    # the re-run skips every document read, loses none, and still describes them all
    assert status == 1
    again = _summary(out)
    assert again["documents_skipped"] == summary["documents_ok"] and again["documents_ok"] == 0
    assert (again["figures"], again["pages"]) == (summary["figures"], summary["pages"])
    assert len(_documents(out)) == len(docs)
    ids = {row[0] for row in query(out / "bcf.duckdb", "SELECT doc_id FROM documents")[1]}
    assert ids == {d["doc_id"] for d in docs.values()}


def test_good_papers_are_unchanged_by_the_company_they_keep(corpus, runs):
    _root, good, *_ = corpus
    alone, together, *_ = runs
    by_path_alone, by_path_together = _documents(alone), _documents(together)
    for path in good:
        assert by_path_together[str(path)] == by_path_alone[str(path)], path


def test_nothing_hostile_reaches_the_outputs(runs):
    _alone, out, *_ = runs
    for path in out.iterdir():
        if path.suffix in (".csv", ".json", ".md", ".html"):
            text = path.read_text(encoding="utf-8")
            assert "\x00" not in text and "\\u0000" not in text, path.name
            assert "\x1b" not in text and "\\u001b" not in text, path.name
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), (path.name, cell)
                    assert not cell.startswith("-2+3"), (path.name, cell)
    labels = {row[0] for row in query(out / "bcf.duckdb", "SELECT label FROM figures")[1]}
    assert '=HYPERLINK("http://example.invalid","click")' in labels  # the dataset keeps it as written
    assert not query(out / "bcf.duckdb", "SELECT 1 FROM figures WHERE contains(text, chr(0))")[1]
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    markdown = (out / "audit.md").read_text(encoding="utf-8")
    assert "&amp;" not in markdown and "&#x27;" not in markdown and "<script>" not in markdown


def test_what_odd_papers_hold_is_read_and_the_rest_left_out(corpus, runs):
    _root, _good, _folder, _explicit, _fails, reads, _ignored = corpus
    _alone, out, *_ = runs
    docs = _documents(out)
    exotic = docs[str(reads["exotic_digits"])]
    values = {f["value"] for f in exotic["figures"]}
    assert values and all(abs(v) < 1e300 for v in values if v is not None)
    assert not any("\U00010d40" in f["raw"] for f in exotic["figures"])  # not numbers we can read
    huge = docs[str(reads["huge_numbers"])]
    assert all(f["value"] is None or abs(f["value"]) < float("inf") for f in huge["figures"])
    assert any(w["code"] == "control-characters" for w in docs[str(reads["nul_after_64k"])]["warnings"])
    long_doc = docs[str(reads["long_paragraph"])]
    assert len(long_doc["figures"]) > 300  # every sum of the 1.2-million-character paragraph


def test_every_output_gets_the_permissions_of_an_ordinary_file(runs):
    _alone, out, *_ = runs
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 30
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
    assert set(modes.values()) == {0o644}, {n: oct(m) for n, m in modes.items() if m != 0o644}
