"""The character layer (pdfium): words, ruling edges and images of a page, in pdfplumber's geometry.

Each behaviour gets a one-page PDF written here (Helvetica: "Hello" is 22.78pt wide at 10pt, a
space 2.78pt), so expected positions are worked out by hand.
The word grouping is also checked on its own, with characters made up in the test, including a
property test: every character ends up in exactly one word, in reading order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdf_builder import build_pdf

from extractor.errors import EncryptedDocumentError, IngestError
from extractor.ingest.pdf_chars import PageLayer, opened, page_layers
from extractor.ingest.pdf_tables import find_grids
from extractor.ingest.pdf_words import BLANK, Char, words_from_chars

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
HELVETICA_BOLD = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"


def one_page(
    content: str,
    *,
    mediabox: str = "0 0 595 842",
    rotate: int = 0,
    form: str | None = None,
    form_matrix: str = "1 0 0 1 0 0",
) -> bytes:
    """A one-page PDF drawing ``content`` (fonts /F1 Helvetica, /F2 Helvetica-Bold; a form
    XObject /Fm1 holding ``form``, if given, placed with ``form_matrix``)."""
    data = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Rotate %d /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /Fm1 7 0 R >> >> >>"
        % (mediabox.encode(), rotate),
        b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        HELVETICA,
        HELVETICA_BOLD,
    ]
    inner = (form or "").encode("latin-1")
    objects.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [%s] /Length %d "
        b"/Resources << /Font << /F1 5 0 R >> >> >>\nstream\n"
        % (form_matrix.encode(), len(inner))
        + inner
        + b"\nendstream"
    )
    return build_pdf(objects)


def layer(tmp_path: Path, data: bytes) -> PageLayer:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    with opened(path, data) as document:
        (only,) = list(page_layers(path, document))
    return only


def texts(page: PageLayer) -> list[str]:
    return [w.text for w in page.words]


# --------------------------------------------------------------------------- words and geometry


def test_word_box_is_pdfminers_from_descent_to_one_em_above(tmp_path):
    page = layer(tmp_path, one_page("BT /F1 10 Tf 72 700 Td (Hello world) Tj ET"))
    hello, world = page.words
    assert (hello.text, world.text) == ("Hello", "world")
    assert hello.x0 == pytest.approx(72.0, abs=0.05)
    assert hello.x1 == pytest.approx(72 + 22.78, abs=0.05)
    # baseline 700 from the bottom is 142 from the top; the box runs from the font's descent
    # (pdfium's Helvetica: 0.224 em) up one em
    assert hello.bottom == pytest.approx(142 + 2.24, abs=0.05)
    assert hello.top == pytest.approx(hello.bottom - 10, abs=0.05)
    assert (hello.size, hello.bold) == (10.0, False)
    assert page.chars == len("Hello world") and page.unmapped == 0


def test_size_follows_the_text_matrix_and_bold_the_font(tmp_path):
    page = layer(tmp_path, one_page("BT /F2 1 Tf 14 0 0 14 72 700 Tm (Title) Tj ET"))
    (title,) = page.words
    assert (title.text, title.size, title.bold) == ("Title", 14.0, True)


def test_kerning_joins_and_a_gap_of_half_a_space_splits(tmp_path):
    """-50 thousandths of 10pt is kerning (0.5pt); -200 (2pt) is over half the font's space, where
    pdfium sees a word gap; pdfplumber only split at over 3pt, and read a payment and the supplier
    number set close beside it as one word ("85,400.00654924414")."""
    content = "BT /F1 10 Tf 72 700 Td [(Ke) -50 (rn) -200 (85,400.00) -200 (654924414)] TJ ET"
    assert texts(layer(tmp_path, one_page(content))) == ["Kern", "85,400.00", "654924414"]


def test_a_space_drawn_as_its_own_object_splits_words(tmp_path):
    """pdfium leaves ink-less text objects out of its text; a space set apart that way (a Word
    export's spaces in another font subset) still separates "6.1" from "Option"."""
    content = (
        "BT /F1 12 Tf 72 700 Td (6.1) Tj ET "
        "BT /F2 12 Tf 88.68 700 Td ( ) Tj ET "
        "BT /F1 12 Tf 89.5 700 Td (Option) Tj ET"
    )
    assert texts(layer(tmp_path, one_page(content))) == ["6.1", "Option"]


def test_invisible_text_is_read(tmp_path):
    """An OCR layer is drawn in render mode 3 (neither filled nor stroked): it is the page's text."""
    page = layer(tmp_path, one_page("BT 3 Tr /F1 10 Tf 72 700 Td (Scanned words) Tj ET"))
    assert texts(page) == ["Scanned", "words"]


def test_rotated_page_is_read_as_displayed(tmp_path):
    """/Rotate 90 with text drawn turned a quarter the other way: upright on screen, and its
    coordinates are those of the displayed (landscape) page."""
    page = layer(tmp_path, one_page("BT /F1 10 Tf 0 1 -1 0 300 72 Tm (Landscape) Tj ET", rotate=90))
    assert (page.width, page.height) == (842, 595)
    (word,) = page.words
    assert word.text == "Landscape"
    assert word.x0 == pytest.approx(72.0, abs=0.05)  # the baseline's start, 72 up the unrotated page
    # the baseline is 300 from the unrotated page's left edge, which is the displayed top
    assert word.bottom == pytest.approx(300 + 2.24, abs=0.05)
    assert word.size == 10.0


def test_coordinates_start_at_the_mediabox_corner(tmp_path):
    page = layer(tmp_path, one_page("BT /F1 10 Tf 72 700 Td (Offset) Tj ET", mediabox="50 100 645 942"))
    (word,) = page.words
    assert word.x0 == pytest.approx(22.0, abs=0.05)
    assert word.bottom == pytest.approx(942 - 700 + 2.24, abs=0.05)


def test_hyphen_pdfium_takes_for_a_break_stays_a_hyphen(tmp_path):
    content = "BT /F1 10 Tf 72 700 Td (multi-) Tj ET BT /F1 10 Tf 72 688 Td (agency) Tj ET"
    assert texts(layer(tmp_path, one_page(content))) == ["multi-", "agency"]


# --------------------------------------------------------------------------- edges and images


def test_rectangle_line_and_curve_become_edges(tmp_path):
    content = (
        "0.5 w 100 700 200 50 re S "  # a rectangle: four edges
        "100 600 m 300 600 l S "  # a line
        "100 500 m 150 500 l 150 450 l 200 420 l S "  # a polyline: its two straight steps
        "100 400 m 120 420 140 420 160 400 c S"  # a curve: none
    )
    page = layer(tmp_path, one_page(content))
    edges = sorted(
        (e.orientation, round(e.x0), round(e.top), round(e.x1), round(e.bottom)) for e in page.edges
    )
    assert edges == [
        ("h", 100, 92, 300, 92),
        ("h", 100, 142, 300, 142),
        ("h", 100, 242, 300, 242),
        ("h", 100, 342, 150, 342),
        ("h", 100, 442, 160, 442),  # the curve's chord: pdfminer keeps a Bezier's end points only
        ("v", 100, 92, 100, 142),
        ("v", 150, 342, 150, 392),
        ("v", 300, 92, 300, 142),
    ]


def test_grid_drawn_inside_a_form_is_found_where_the_form_puts_it(tmp_path):
    lines = " ".join(f"{x} 100 m {x} 160 l S" for x in (0, 100, 200)) + " "
    lines += " ".join(f"0 {y} m 200 {y} l S" for y in (100, 130, 160))
    text = "BT /F1 10 Tf 10 140 Td (Name) Tj ET BT /F1 10 Tf 110 140 Td (Value) Tj ET"
    page = layer(tmp_path, one_page("/Fm1 Do", form=lines + " " + text, form_matrix="1 0 0 1 72 500"))
    (grid,) = find_grids(page.edges)
    assert grid.bbox == pytest.approx((72, 842 - 660, 272, 842 - 600))
    assert len(grid.rows) == 2 and len(grid.rows[0]) == 2
    assert texts(page) == ["Name", "Value"]


def test_images_are_counted(tmp_path):
    image = "q 100 0 0 100 72 600 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
    page = layer(tmp_path, one_page(image))
    assert (page.images, page.chars, page.words) == (1, 0, [])


# --------------------------------------------------------------------------- bad files


def test_truncated_file_is_corrupt(tmp_path):
    data = one_page("BT /F1 10 Tf 72 700 Td (Hello) Tj ET")
    with pytest.raises(IngestError, match="corrupt or truncated"):
        with opened(tmp_path / "cut.pdf", data[: len(data) // 2]):
            pass


def test_encrypted_file_is_reported_as_encrypted(tmp_path):
    from pdf_builder import encrypted_pdf

    with pytest.raises(EncryptedDocumentError, match="password"):
        with opened(tmp_path / "locked.pdf", encrypted_pdf(["secret"])):
            pass


def test_a_page_pdfium_cannot_load_is_a_corrupt_file(tmp_path):
    from hostile import looping_page_tree

    path = looping_page_tree(tmp_path)
    with pytest.raises(IngestError, match=r"corrupt PDF \(page \d+ cannot be read\)"):
        with opened(path, path.read_bytes()) as document:
            list(page_layers(path, document))


def test_unmapped_glyphs_are_counted_and_shown_as_cid(tmp_path):
    """A real paper whose equations are set in a font with no Unicode map (pdfminer's "(cid:N)")."""
    path = (
        Path(__file__).resolve().parent.parent
        / "corpus/real/west-sussex-2015-social-care-demand-estimation.pdf"
    )
    if not path.exists():
        pytest.skip("corpus paper not in this checkout")
    with opened(path, path.read_bytes()) as document:
        pages = list(page_layers(path, document))
    page = pages[14]
    assert page.unmapped > 0
    assert any(w.text.startswith("(cid:") for w in page.words)


# --------------------------------------------------------------------------- words from characters


def char(text: str, x0: float, width: float = 5.0, top: float = 100.0, bold: bool = False) -> Char:
    return (x0, x0 + width, top, top + 10.0, text, True, bold, 10.0)


def test_words_take_the_middle_size_and_the_majority_weight():
    chars = [char("a", 0, bold=True), char("b", 5, bold=True), char("c", 10)]
    (word,) = words_from_chars(chars)
    assert (word.text, word.bold, word.x0, word.x1) == ("abc", True, 0, 15)


def test_ligatures_are_expanded():
    assert [w.text for w in words_from_chars([char("ﬁ", 0), char("nance", 5)])] == ["finance"]


def test_a_blank_splits_only_in_a_gap():
    """A blank where the previous character ends splits; one drawn at a figure's start does not."""
    in_gap = [char("6.1", 0, 16.7), char(BLANK, 16.7, 0), char("Option", 18.0, 30)]
    at_start = [char("6", 0), char(BLANK, 0, 0), char("8,635", 5, 20)]
    assert [w.text for w in words_from_chars(in_gap)] == ["6.1", "Option"]
    assert [w.text for w in words_from_chars(at_start)] == ["68,635"]


def test_lines_are_clustered_by_top_and_read_left_to_right():
    chars = [char("d", 30, top=120), char("b", 6), char("a", 0), char("c", 24, top=121)]
    assert [w.text for w in words_from_chars(chars)] == ["ab", "cd"]


@given(
    st.lists(
        st.tuples(st.sampled_from("abc1, "), st.floats(min_value=0, max_value=8, allow_nan=False)),
        min_size=1,
        max_size=40,
    )
)
def test_every_character_is_in_one_word_in_order(steps):
    """Characters along one line, each after a random gap: the words are the runs between
    spaces and gaps over 3pt, and together they hold every other character once, in order."""
    chars, expected, current, x = [], [], "", 0.0
    for text, gap in steps:
        if text == " " or gap > 3.0:
            expected.append(current)
            current = ""
        if text != " ":
            current += text
        chars.append(char(text, x + gap, 5.0))
        x += gap + 5.0
    expected.append(current)
    assert [w.text for w in words_from_chars(chars)] == [e for e in expected if e]
