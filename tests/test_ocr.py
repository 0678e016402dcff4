"""Pages without a usable text layer are read by Tesseract: word boxes become the PDF reader's
words, a rendered page reads like its text layer, word confidence reaches the figures, and a
missing Tesseract is one clear error.

The tests that run Tesseract skip where it is not installed, except in CI (``CI`` set, as
``.ci/run`` does after installing it), where a missing Tesseract is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image
from records_support import toolkit
from test_pdf_ingest import Page, build_pdf, contributions_page

from extractor.errors import NoTextLayerError
from extractor.ingest import ingest
from extractor.ingest.ocr import (
    OcrMode,
    OcrUnavailableError,
    despeckled,
    needs_ocr,
    without_rules,
    words_from_data,
)
from extractor.pipeline import extract_document

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not os.environ.get("CI"),
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


def _scan(text_pdf: Path, out: Path, dpi: int = 200) -> Path:
    """The page as a scanner gives it: an image, no text layer."""
    document = pypdfium2.PdfDocument(str(text_pdf))
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    document.close()
    image.save(out, "PDF", resolution=dpi)
    return out


@pytest.fixture(scope="module")
def paper_and_scan(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("ocr")
    # wide enough for the second column, which contributions_page sets up to x = 612
    page = Page(width=680).text(72, 60, "Better Care Fund pooled budget 2017/18", size=12, bold=True)
    contributions_page(page, 100)
    text_pdf = folder / "budget.pdf"
    text_pdf.write_bytes(build_pdf([page]))
    return text_pdf, _scan(text_pdf, folder / "budget-scan.pdf")


def _tesseract(*boxes: tuple[str, int, int, int, int, int, int]) -> dict[str, list]:
    """``image_to_data`` output: one (text, confidence, left, top, width, height, block) a word,
    each block one line."""
    keys = ("text", "conf", "left", "top", "width", "height", "block_num")
    data: dict[str, list] = {k: [b[n] for b in boxes] for n, k in enumerate(keys)}
    return data | {"par_num": [1] * len(boxes), "line_num": [1] * len(boxes)}


def test_tesseract_word_boxes_become_words_in_points():
    data = _tesseract(
        ("Total", 96, 300, 600, 150, 40, 1),
        ("1,234", 88, 900, 596, 120, 48, 1),
        ("", -1, 0, 0, 0, 0, 1),
        ("~", 5, 10, 10, 5, 5, 2),
    )
    words = words_from_data(data, scale=300 / 72)
    assert [w.word.text for w in words] == ["Total", "1,234"]  # an empty box and a 5% speck dropped
    total = words[0]
    assert total.word.x0 == pytest.approx(72) and total.word.top == pytest.approx(
        596 * 72 / 300
    )  # the line's top
    assert total.confidence == pytest.approx(0.96)
    assert [w.word.size for w in words] == [
        pytest.approx(48 * 72 / 300, abs=0.1)
    ] * 2  # the line from 596 to 644 px


@pytest.mark.parametrize(
    ("mode", "chars", "unreadable", "images", "expected"),
    [
        (OcrMode.AUTO, 0, 0, True, True),  # a scan
        (OcrMode.AUTO, 0, 0, False, False),  # a blank page
        (OcrMode.AUTO, 1000, 900, False, True),  # text that is glyph codes
        (OcrMode.AUTO, 1000, 10, True, False),  # a text page with a logo
        (OcrMode.OFF, 0, 0, True, False),
        (OcrMode.FORCE, 1000, 0, False, True),
    ],
)
def test_which_pages_are_read_by_ocr(mode, chars, unreadable, images, expected):
    assert needs_ocr(mode, chars, unreadable, images) is expected


def test_ruled_lines_are_painted_out_and_letters_kept():
    pixels = np.full((3508, 2481), 255, np.uint8)  # an A4 page at 300 dpi
    pixels[200:203, 20:2000] = 0  # a table rule
    pixels[1000:1400, 300:303] = 0  # a column rule
    pixels[50:90, 100:104] = 0  # the stem of a 12pt capital
    pixels[60:64, 110:150] = 0  # the bar of a letter
    cleaned = np.asarray(without_rules(Image.fromarray(pixels))[0])
    assert cleaned[200:203, 20:2000].min() == 255 and cleaned[1000:1400, 300:303].min() == 255
    assert cleaned[50:90, 100:104].max() == 0 and cleaned[60:64, 110:150].max() == 0


def test_specks_go_and_strokes_and_points_stay():
    pixels = np.full((200, 200), 255, np.uint8)
    pixels[20, 20] = pixels[50, 120] = 0  # toner dots
    pixels[100:140, 60:64] = 0  # a stroke, 4 px wide at 300 dpi
    pixels[150:154, 100:104] = 0  # a decimal point
    cleaned = np.asarray(despeckled(Image.fromarray(pixels)))
    assert cleaned[20, 20] == 255 and cleaned[50, 120] == 255
    assert cleaned[101:139, 61:63].max() == 0 and cleaned[151:153, 101:103].max() == 0


@needs_tesseract
def test_a_rendered_page_reads_like_its_text_layer(paper_and_scan):
    text_pdf, scan = paper_and_scan
    from_text = extract_document(text_pdf, toolkit())
    from_scan = extract_document(scan, toolkit())
    assert any(w.code == "ocr" for w in from_scan.warnings)
    expected = {(f.label, f.value) for f in from_text.figures if f.table_id}
    got = {(f.label, f.value) for f in from_scan.figures if f.table_id}
    assert len(expected) >= 8 and len(expected & got) >= 0.9 * len(expected)


@needs_tesseract
def test_word_confidence_reaches_the_figures(paper_and_scan):
    _, scan = paper_and_scan
    figures = [f for f in extract_document(scan, toolkit()).figures if f.table_id]
    assert figures and all(f.provenance.confidence is not None for f in figures)
    assert all(0.0 < f.provenance.confidence <= 1.0 for f in figures)  # type: ignore[operator]
    assert all(f.provenance.page == 1 for f in figures)


@needs_tesseract
def test_force_reads_a_text_page_by_ocr(paper_and_scan):
    text_pdf, _ = paper_and_scan
    raw = ingest(text_pdf, toolkit().rules, ocr="force")
    assert any(i.code == "ocr" for i in raw.issues)


def test_ocr_off_leaves_a_scan_unread(paper_and_scan):
    _, scan = paper_and_scan
    with pytest.raises(NoTextLayerError, match="--ocr auto"):
        ingest(scan, toolkit().rules, ocr="off")


def test_a_missing_tesseract_names_the_package_to_install(paper_and_scan, monkeypatch):
    import pytesseract

    _, scan = paper_and_scan
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailableError, match="apt-get install tesseract-ocr tesseract-ocr-eng"):
        ingest(scan, toolkit().rules)


def test_words_with_wider_strokes_are_bold():
    data = _tesseract(
        ("Net", 96, 100, 100, 100, 40, 1),
        ("income", 96, 300, 100, 150, 40, 1),
        ("Contribution", 96, 600, 100, 250, 40, 1),
    )
    words = words_from_data(data, scale=300 / 72, strokes=[4.5, 4.7, 7.2])
    assert [w.word.bold for w in words] == [False, False, True]


def test_a_line_without_descenders_is_not_a_smaller_size():
    # "£'000" stands cap-high only; "Physical" reaches below the baseline: both are one size
    data = _tesseract(
        ("Physical", 96, 100, 100, 200, 48, 1),
        ("Disabilities", 96, 400, 100, 250, 40, 1),
        ("£'000", 96, 100, 200, 100, 37, 2),
        ("Total", 96, 100, 300, 100, 48, 3),
    )
    sizes = {w.word.text: w.word.size for w in words_from_data(data, scale=300 / 72)}
    assert sizes["£'000"] == sizes["Physical"]
