"""Hostile and odd files, generated in tmp_path, run through the CLI next to good ones.

The contract for a bad file: the run exits 1; stderr has exactly one ``FAILED`` line, which names
the file and the problem; no traceback unless ``--debug``; every good document in the same batch is
still written and ``run.json`` counts both. Odd but readable files (cp1252 text, non-ASCII names,
HTML soup in a table cell) must be read.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_builder import encrypted_pdf, image_only_pdf, text_pdf

from extractor import emit
from extractor.cli import main
from extractor.errors import IngestError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDF = ROOT / "corpus" / "pdf" / "002_d365fe214d4d743a.pdf"

GOOD_TEXT = """Oxfordshire Health and Wellbeing Board
13 July 2017

Better Care Fund Plan 2017/18

1. Purpose
1.1 The pooled budget for 2017/18 is £46.5m, up 3.5% on 2016/17.

Scheme\tCCG £'000\tOCC £'000
Reablement\t1,234\t2,345
Carers\t456\t(78)
Total\t1,690\t2,267
"""
PDF_LINES = ["Better Care Fund Plan 2017/18", "The pooled budget is £46.5m, agreed on 13 July 2017."]


def _bytes(seed: int, size: int, *, text_like: bool = False) -> bytes:
    rng = random.Random(seed)
    if text_like:  # no NUL byte, so the text reader has to judge the content itself
        return bytes(rng.randrange(1, 256) for _ in range(size))
    return rng.randbytes(size)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# name -> (builder, words the FAILED line must contain besides the path)
BAD: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "zero_byte_txt": (lambda d: _write(d / "empty.txt", b""), ("empty",)),
    "zero_byte_pdf": (lambda d: _write(d / "empty.pdf", b""), ("empty",)),
    "whitespace_txt": (lambda d: _write(d / "blank.txt", b" \n\t\r\n  \n"), ("empty",)),
    "random_bytes_pdf": (lambda d: _write(d / "random.pdf", _bytes(1, 4096)), ("not a PDF",)),
    "html_error_page_pdf": (
        lambda d: _write(d / "download.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>"),
        ("not a PDF",),
    ),
    "random_bytes_txt": (lambda d: _write(d / "random.txt", _bytes(2, 4096)), ("not a text file",)),
    "random_bytes_no_nul_txt": (
        lambda d: _write(d / "noise.txt", _bytes(3, 4096, text_like=True)),
        ("not a text file",),
    ),
    "pdf_named_txt": (lambda d: _write(d / "paper.txt", text_pdf(PDF_LINES)), ("is a PDF",)),
    "truncated_pdf": (
        lambda d: _write(d / "truncated.pdf", CORPUS_PDF.read_bytes()[: CORPUS_PDF.stat().st_size // 2]),
        ("corrupt or truncated",),
    ),
    "encrypted_pdf": (
        lambda d: _write(d / "locked.pdf", encrypted_pdf(PDF_LINES)),
        ("encrypted", "password"),
    ),
    # OCR reads the page and finds a gradient, not text
    "image_only_pdf": (lambda d: _write(d / "scan.pdf", image_only_pdf(pages=2)), ("OCR found no text",)),
    "docx": (lambda d: _write(d / "plan.docx", b"PK\x03\x04" + _bytes(4, 512)), ("not a readable",)),
    "xlsx": (lambda d: _write(d / "template.xlsx", b"PK\x03\x04" + _bytes(5, 512)), ("not a readable",)),
    "xls": (lambda d: _write(d / "old-template.xls", _bytes(6, 512)), ("not supported", ".xlsx")),
}


@pytest.fixture
def good_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "good"
    folder.mkdir()
    text = folder / "good_paper.txt"
    text.write_text(GOOD_TEXT, encoding="utf-8")
    pdf = _write(folder / "good_paper_pdf.pdf", text_pdf(PDF_LINES))
    return [text, pdf]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse exits for usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def failed_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "FAILED" in line]


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_fails_alone(case, tmp_path, good_files, capsys):
    build, _ = BAD[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = build(bad_dir)
    out_dir = tmp_path / "out"

    status, out, err = run(
        ["extract", str(good_files[0]), str(bad), str(good_files[1]), "-o", str(out_dir)], capsys
    )

    assert status == 1
    lines = failed_lines(err)
    assert len(lines) == 1, err
    assert str(bad) in lines[0]
    assert "Traceback" not in err + out
    for good in good_files:
        assert (out_dir / f"{good.stem}.json").is_file()
    summary = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    assert summary["documents_ok"] == 2
    assert summary["documents_failed"] == 1
    assert [f["path"] for f in summary["failed"]] == [str(bad)]
    assert sorted(summary["ok"]) == sorted(g.stem for g in good_files)
    assert not (out_dir / f"{bad.stem}.json").exists()
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")] == []  # no temp files left


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_message_names_the_problem(case, tmp_path, capsys):
    build, words = BAD[case]
    bad = build(tmp_path)
    status, _, err = run(["extract", str(bad), "-o", str(tmp_path / "out"), "-q"], capsys)
    assert status == 1
    (line,) = failed_lines(err)
    message = line.replace(str(bad), "<path>")  # the file's own name may hold the word ("truncated.pdf")
    for word in words:
        assert word.lower() in message.lower(), line


def test_encrypted_fixture_is_really_encrypted(tmp_path):
    """Guard the fixture: pdfminer must refuse it without the password and read it with one."""
    import pdfplumber

    path = _write(tmp_path / "locked.pdf", encrypted_pdf(PDF_LINES))
    with pytest.raises(Exception):  # noqa: B017 - pdfplumber wraps pdfminer's PDFPasswordIncorrect
        pdfplumber.open(path)
    with pdfplumber.open(path, password="secret") as pdf:
        assert "£46.5m" in pdf.pages[0].extract_text()


def test_image_only_fixture_has_images_and_no_text(tmp_path):
    import pdfplumber

    with pdfplumber.open(_write(tmp_path / "scan.pdf", image_only_pdf(pages=2))) as pdf:
        assert len(pdf.pages) == 2
        assert all(page.images and not page.chars for page in pdf.pages)


def test_several_bad_files_each_get_one_line(tmp_path, good_files, capsys):
    bad = [BAD[c][0](tmp_path) for c in ("zero_byte_txt", "random_bytes_pdf", "image_only_pdf", "docx")]
    out_dir = tmp_path / "out"
    status, _, err = run(["extract", *map(str, bad + good_files), "-o", str(out_dir), "-q"], capsys)
    assert status == 1
    lines = failed_lines(err)
    assert len(lines) == len(bad)
    for path, line in zip(bad, lines, strict=True):
        assert str(path) in line
    summary = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    assert (summary["documents_ok"], summary["documents_failed"]) == (2, 4)


def test_folder_with_a_bad_file_and_an_unsupported_one(tmp_path, good_files, capsys):
    folder = good_files[0].parent
    BAD["zero_byte_pdf"][0](folder)
    _write(folder / "slides.pptx", b"PK\x03\x04")  # found in a folder: skipped, not failed
    out_dir = tmp_path / "out"
    status, _, err = run(["extract", str(folder), "-o", str(out_dir), "-q"], capsys)
    assert status == 1
    assert len(failed_lines(err)) == 1
    summary = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    assert (summary["documents_ok"], summary["documents_failed"]) == (2, 1)
    assert summary["ignored"] == [
        {"path": str(folder / "slides.pptx"), "reason": "not a type bcf-extract reads (.pptx)"}
    ]


# --------------------------------------------------------------------------- odd but readable


def _extract_one(path: Path, tmp_path: Path, capsys) -> dict:
    out_dir = tmp_path / "out"
    status, _, err = run(["extract", str(path), "-o", str(out_dir), "-q"], capsys)
    assert status == 0, err
    assert failed_lines(err) == []
    return json.loads((out_dir / f"{path.stem}.json").read_text(encoding="utf-8"))


def test_cp1252_text_is_read_with_an_encoding_warning(tmp_path, capsys):
    path = _write(tmp_path / "windows.txt", GOOD_TEXT.replace("\n", "\r\n").encode("cp1252"))
    doc = _extract_one(path, tmp_path, capsys)
    assert [w["code"] for w in doc["warnings"]].count("encoding") == 1
    assert "£46.5m" in [f["raw"] for f in doc["figures"]]
    assert 46_500_000 in [f["value"] for f in doc["figures"]]


def test_utf8_text_has_no_encoding_warning(tmp_path, capsys):
    path = _write(tmp_path / "unicode.txt", GOOD_TEXT.encode("utf-8-sig"))
    doc = _extract_one(path, tmp_path, capsys)
    assert "encoding" not in [w["code"] for w in doc["warnings"]]
    assert "£46.5m" in [f["raw"] for f in doc["figures"]]


@pytest.mark.parametrize(
    "name", ["Plan – café 2017 (draft).txt", "HWB paper ü ß 年.md", "  leading space.txt"]
)
def test_awkward_file_names_are_read(name, tmp_path, capsys):
    path = tmp_path / name
    path.write_text(GOOD_TEXT, encoding="utf-8")
    doc = _extract_one(path, tmp_path, capsys)
    assert doc["doc_id"] == path.stem
    assert doc["source"]["path"] == str(path)


@pytest.mark.parametrize("depth", [50, 2_000])
def test_deep_nested_html_in_a_tsv_cell_does_not_crash(depth, tmp_path, capsys):
    cell = "<div><p><b><u>" * depth + "Home first £1,234" + "</u></b></p></div>" * depth
    unclosed = "<span " * depth
    text = (
        "Better Care Fund schemes\n\n"
        "Scheme\tDescription\tCost £'000\n"
        f"Reablement\t{cell}\t1,234\n"
        f"Carers\t{unclosed}\t456\n"
        f"Falls\t{'<' * depth}\t789\n"
    )
    doc = _extract_one(_write(tmp_path / "html_soup.txt", text.encode("utf-8")), tmp_path, capsys)
    (table,) = doc["tables"]
    assert [row["label"] for row in table["rows"]] == ["Reablement", "Carers", "Falls"]
    cost = {
        f["label"]: f["value"]
        for f in doc["figures"]
        if f["table_id"] == table["id"] and f["column"] == "Cost"
    }
    assert cost == {"Reablement": 1_234_000, "Carers": 456_000, "Falls": 789_000}


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_leaves_no_temp_files(tmp_path):
    target = tmp_path / "doc.json"
    emit.write_atomic(target, b"first")
    emit.write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_failed_write_keeps_the_old_file(broken, tmp_path, monkeypatch):
    target = tmp_path / "doc.json"
    emit.write_atomic(target, b"old and complete")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, broken, boom)
    with pytest.raises(OSError):
        emit.write_atomic(target, b"new but never finished")
    monkeypatch.undo()
    assert target.read_bytes() == b"old and complete"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    """A KeyboardInterrupt (Ctrl-C) mid-write is not an Exception, and must be cleaned up too."""
    target = tmp_path / "doc.json"
    emit.write_atomic(target, b"old")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        emit.write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


@pytest.fixture
def disk_full_for(monkeypatch):
    """Make ``os.replace`` fail for one target, as a full disk or a revoked permission would."""
    real_replace = os.replace

    def arm(target: Path) -> None:
        def failing_replace(src, dst):
            if Path(dst) == target:
                raise OSError(28, "No space left on device")
            return real_replace(src, dst)

        monkeypatch.setattr(os, "replace", failing_replace)

    return arm


def test_failed_rewrite_in_a_run_keeps_the_previous_output(tmp_path, good_files, disk_full_for, capsys):
    out_dir = tmp_path / "out"
    assert run(["extract", str(good_files[0]), "-o", str(out_dir), "-q"], capsys)[0] == 0
    target = out_dir / f"{good_files[0].stem}.json"
    before = target.read_bytes()
    good_files[0].write_text(GOOD_TEXT.replace("£46.5m", "£50.0m"), encoding="utf-8")
    disk_full_for(target)
    try:
        status, _, _ = run(["extract", str(good_files[0]), "-o", str(out_dir), "-q"], capsys)
    except OSError:  # how the run reports it is the next test's business; this one is about the file
        status = None
    assert status != 0
    assert target.read_bytes() == before
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_write_failure_in_a_run_is_reported_not_a_traceback(tmp_path, good_files, disk_full_for, capsys):
    out_dir = tmp_path / "out"
    disk_full_for(out_dir / f"{good_files[0].stem}.json")
    status, out, err = run(["extract", *map(str, good_files), "-o", str(out_dir), "-q"], capsys)
    assert status in (1, 2)
    assert "No space left on device" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(("name", "kind"), [("fake.xlsx", "Excel workbook"), ("fake.docx", "Word document")])
def test_a_zip_that_is_not_an_office_file_is_refused(tmp_path, name, kind):
    import zipfile

    from extractor.ingest import ingest
    from extractor.rules import load_rules

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not an Office file")
    with pytest.raises(IngestError, match=f"not a readable {kind}"):
        ingest(path, load_rules())
