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
    OcrBox,
    OcrLine,
    OcrMode,
    OcrUnavailableError,
    despeckled,
    hocr_lines,
    needs_ocr,
    whitened,
    without_rules,
    words_from_lines,
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


def _line(row_height: float, baseline: float, *words: tuple[str, int, int, int]) -> OcrLine:
    """A line as hOCR gives it: row height and baseline in pixels, words (text, confidence %,
    left, width), each 40 px tall standing on the baseline."""
    boxes = tuple(
        OcrBox(text, conf / 100, left, int(baseline) - 40, left + width, int(baseline))
        for text, conf, left, width in words
    )
    return OcrLine(row_height, baseline, boxes)


_HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' title='bbox 0 0 2481 3508'><div class='ocr_carea'><p class='ocr_par'>
<span class='ocr_line' title="bbox 300 596 1020 644; baseline -0.01 -8; x_size 44; x_descenders 9; x_ascenders 9">
<span class='ocrx_word' title='bbox 300 600 450 636; x_wconf 96'>Total</span>
<span class='ocrx_word' title='bbox 900 596 1020 644; x_wconf 88'>1,234</span></span>
<span class='ocr_header' title="bbox 300 700 420 730; baseline 0 0; x_size 40">
<span class='ocrx_word' title='bbox 300 700 420 730; x_wconf 91'>&#163;&#39;000</span></span>
</p></div></div></body></html>"""


def test_hocr_gives_lines_with_row_height_baseline_and_words():
    first, header = hocr_lines(_HOCR)
    assert first.row_height == 44 and first.baseline == pytest.approx(644 - 8 - 0.01 * 360)
    assert [(w.text, w.confidence, w.left, w.right) for w in first.words] == [
        ("Total", 0.96, 300, 450),
        ("1,234", 0.88, 900, 1020),
    ]
    assert header.words[0].text == "£'000" and header.baseline == 730


def test_what_is_not_hocr_is_a_value_error():
    with pytest.raises(ValueError, match="not hOCR"):
        hocr_lines("<html><body>")


def test_tesseract_lines_become_words_in_points():
    scale = 300 / 72
    lines = [
        _line(44, 640, ("Total", 96, 300, 150), ("1,234", 88, 900, 120), ("~", 5, 10, 5)),
        _line(44, 700, ("", 95, 300, 10)),
    ]
    words = words_from_lines(lines, scale)
    assert [w.word.text for w in words] == ["Total", "1,234"]  # an empty box and a 5% speck dropped
    total, figure = (w.word for w in words)
    assert total.x0 == pytest.approx(72) and figure.x1 == pytest.approx(1020 / scale)
    assert words[0].confidence == pytest.approx(0.96)
    # the size is the row height over 0.96 em: 44 px at 300 dpi is a 11pt font
    assert total.size == pytest.approx(11.0, abs=0.05) and figure.size == total.size
    # both words span the em around the line's baseline, as a text layer's words do
    assert (total.top, total.bottom) == (figure.top, figure.bottom)
    assert total.bottom - total.top == pytest.approx(total.size)
    assert total.bottom == pytest.approx(640 / scale + 0.212 * total.size)


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
    lines = [_line(40, 140, ("Net", 96, 100, 100), ("income", 96, 300, 150), ("Contribution", 96, 600, 250))]
    words = words_from_lines(lines, scale=300 / 72, strokes=[[4.5, 4.7, 7.2]])
    assert [w.word.bold for w in words] == [False, False, True]


def test_a_line_without_descenders_is_not_a_smaller_size():
    # "£'000" stands cap-high only; "Physical" reaches below the baseline: Tesseract's row height
    # is the same for both, and so is the size, and each spans the em on its baseline
    lines = [
        _line(41, 148, ("Physical", 96, 100, 200), ("Disabilities", 96, 400, 250)),
        _line(42, 237, ("£'000", 96, 100, 100)),
        _line(40, 348, ("Total", 96, 100, 100)),
    ]
    words = {w.word.text: w.word for w in words_from_lines(lines, scale=300 / 72)}
    assert words["£'000"].size == words["Physical"].size
    assert words["£'000"].bottom - words["£'000"].top == words["Physical"].bottom - words["Physical"].top


def test_the_paper_of_a_scan_is_made_white_and_letters_stay_dark():
    pixels = np.full((200, 200), 247, np.uint8)  # the paper's grey
    pixels[::7, ::5] = 226  # its grain
    pixels[100:140, 60:64] = 60  # a stroke
    pixels[100:140, 64:65] = 150  # its grey edge
    out = np.asarray(whitened(Image.fromarray(pixels)))
    assert out[:90].min() == 255  # paper and grain
    assert out[100:140, 60:64].max() < 80 and 150 < out[100:140, 64].min() < 255


def test_a_running_header_whose_dash_ocr_dropped_is_still_furniture():
    # regression: OCR read the sample's running head as "... Board — 13 July 2017" on one page
    # and "... Board 13 July 2017" on the next; the second stayed in as text between a table and
    # its continuation on that page
    from extractor.ingest.pdf import _furniture_key

    keys = {
        _furniture_key(t)
        for t in (
            "Health & Wellbeing Board – 13 July 2017",
            "Health & Wellbeing Board 13 July 2017",
            "Health & Wellbeing Board - 14 July 2017",
        )
    }
    assert len(keys) == 1
    assert _furniture_key("Agenda item 5") != _furniture_key("Agenda item")
