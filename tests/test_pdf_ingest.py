"""The PDF reader: words, ruled and unruled tables, page furniture, paragraphs and headings.

Each behaviour gets a small PDF written here, byte by byte, with text placed where a word
processor would put it (Helvetica, whose widths pdfminer knows, so positions are exact). The
corpus papers pin the shapes that motivated the heuristics (doc 000's Appendix 4 contributions
table, its performance-measure tables split over pages) and are skipped if the corpus is absent.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
from pdfminer.fontmetrics import FONT_METRICS

from extractor.audit import run_audit
from extractor.errors import EncryptedDocumentError, IngestError, NoTextLayerError
from extractor.ingest import ingest
from extractor.ingest.pdf_words import Word, is_list_marker, join_lines, soft_wrap
from extractor.models import BlockKind, FindingKind, RawDocument, RawTable, RowRole
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "pdf"
A4 = (595.0, 842.0)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of Helvetica text, from the standard-font metrics pdfminer itself uses."""
    widths = FONT_METRICS["Helvetica-Bold" if bold else "Helvetica"][1]
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


# --------------------------------------------------------------------------- a tiny PDF writer


@dataclass
class Page:
    """Drawing on one page, in top-down coordinates (as pdfplumber reports them)."""

    width: float = A4[0]
    height: float = A4[1]
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 10.0, bold: bool = False) -> Page:
        # pdfminer's char box for Helvetica spans the font's ascent to descent: the baseline
        # sits 0.718 em below the box top (ascent 718 / 1000)
        baseline = self.height - top - 0.718 * size
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        self.ops.append(f"BT /{'F2' if bold else 'F1'} {size} Tf {x:.2f} {baseline:.2f} Td ({escaped}) Tj ET")
        return self

    def right(self, x1: float, top: float, text: str, size: float = 10.0, bold: bool = False) -> Page:
        """Text right-aligned at ``x1`` (figures in a column, a header over them)."""
        return self.text(x1 - text_width(text, size, bold), top, text, size, bold)

    def line(self, x0: float, top: float, x1: float, bottom: float) -> Page:
        self.ops.append(f"0.5 w {x0:.2f} {self.height - top:.2f} m {x1:.2f} {self.height - bottom:.2f} l S")
        return self

    def grid(self, xs: list[float], ys: list[float]) -> Page:
        """Ruling lines: a full grid over the given column and row edges."""
        for x in xs:
            self.line(x, ys[0], x, ys[-1])
        for y in ys:
            self.line(xs[0], y, xs[-1], y)
        return self


def build_pdf(pages: list[Page]) -> bytes:
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        content = "\n".join(page.ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font %s >> >>" % (int(page.width), int(page.height), content_ref, fonts)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    return _assemble(objects)


def image_pdf(pages: int) -> bytes:
    """Pages holding only a (grey, 8x8) image: what a scanner produces."""
    pixels = zlib.compress(bytes([128]) * 64)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
    )
    kids = []
    for _ in range(pages):
        content = b"q 500 0 0 700 40 60 cm /Im1 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /XObject << /Im1 3 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def read(tmp_path: Path, pages: list[Page], rules, name: str = "paper.pdf") -> RawDocument:
    path = tmp_path / name
    path.write_bytes(build_pdf(pages))
    return ingest(path, rules)


def tables(doc: RawDocument) -> list[RawTable]:
    return [b.table for b in doc.blocks if b.table is not None]


def grid(table: RawTable) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def prose(
    page: Page, top: float, lines: list[str], x: float = 72, size: float = 11.0, pitch: float = 13.5
) -> float:
    for i, line in enumerate(lines):
        page.text(x, top + i * pitch, line, size)
    return top + len(lines) * pitch


# --------------------------------------------------------------------------- word helpers


def _words(text: str, x: float, top: float = 100.0, size: float = 10.0, bold: bool = False) -> list[Word]:
    out = []
    for token in text.split():
        width = text_width(token, size, bold)
        out.append(Word(token, x, x + width, top, top + size, size, bold))
        x += width + text_width(" ", size)
    return out


def test_soft_wrap_tells_a_wrap_from_a_short_line():
    full = _words("Intermediate Care Team includes social work support", 72)
    right = full[-1].x1 + 5
    # "for" would not have fitted in the 5pt left at the end: the line was wrapped
    assert soft_wrap(full, _words("for people being discharged", 72, 112), right)
    # a short title line followed by a word that would have fitted: the writer ended the line
    assert not soft_wrap(_words("Improving Flow", 72), _words("£1.2m investment", 72, 112), right)


def test_join_lines_keeps_real_breaks_and_mends_wraps():
    title = _words("Improving Flow", 72, bold=True)
    body1 = _words("£1.2m investment in social work team capacity which", 72, 112)
    body2 = _words("will support flow", 72, 124)
    right = max(body1[-1].x1, title[-1].x1) + 2
    assert join_lines([title, body1, body2], right) == (
        "Improving Flow\n£1.2m investment in social work team capacity which will support flow"
    )
    assert join_lines(
        [_words("Multi-disciplinary/multi-", 72), _words("agency teams", 72, 112)], 72 + 80
    ) == ("Multi-disciplinary/multi-agency teams")


def test_join_lines_mends_a_word_cut_at_a_narrow_cell_edge():
    """Word breaks a word longer than its cell wherever the edge falls, with no hyphen
    ("physiotherapy/occupati" | "onal therapy"): mended when the page has the word whole and the
    line runs to the edge; a line that stopped short, or pieces that make no known word, stay apart."""
    cut = _words("physiotherapy/occupati", 96)
    rest = _words("onal therapy", 96, 112)
    edge = cut[-1].x1 + 2.0  # not one more letter fits
    known = frozenset({"occupational", "therapy"})
    assert join_lines([cut, rest], edge, vocabulary=known) == "physiotherapy/occupational therapy"
    assert join_lines([cut, rest], edge) == "physiotherapy/occupati onal therapy"  # no word to go by
    assert join_lines([cut, rest], edge + 40, vocabulary=known) == "physiotherapy/occupati\nonal therapy"
    whole = _words("assessment", 96)
    assert (
        join_lines([whole, _words("of need", 96, 112)], whole[-1].x1 + 2, vocabulary=known)
        == "assessment of need"
    )


@pytest.mark.parametrize("text", ["•", "‐", "1.", "7.4.1", "(a)", "ii)", "\uf0b7"])
def test_list_markers(text):
    assert is_list_marker(text)


@pytest.mark.parametrize("text", ["2017/18", "£5", "Total", "-5,502"])
def test_not_list_markers(text):
    assert not is_list_marker(text)


# --------------------------------------------------------------------------- unruled tables


def contributions_page(page: Page, top: float) -> float:
    """Doc 000's Appendix 4 shape: column names wrapped and right-aligned over their figures, a
    units line, a group row, figures right-aligned; rows further apart than wrapped lines."""
    c1, c2 = 463.0, 612.0
    page.text(85, top, "Pool 1: Adults with Care & Support Needs", 9, bold=True)
    page.right(c1, top, "Oxfordshire County", 9, bold=True).right(
        c2, top, "Oxfordshire Clinical", 9, bold=True
    )
    page.right(c1, top + 10.5, "Council", 9, bold=True).right(
        c2, top + 10.5, "Commissioning Group", 9, bold=True
    )
    page.right(c1, top + 27, "£'000", 9, bold=True).right(c2, top + 27, "£'000", 9, bold=True)
    page.text(85, top + 45, "Contributions to Pool:", 9)
    rows = [
        ("Learning Disabilities", "74,883", "13,477"),
        ("Mental Health", "9,734", "46,067"),
        ("Acquired Brain Injury", "621", "1,672"),
        ("Gross Contribution", "85,238", "61,216"),
    ]
    y = top + 63
    for label, a, b in rows:
        page.text(85, y, label, 9).right(c1, y, a, 9).right(c2, y, b, 9)
        y += 18
    return y


def test_unruled_table_header_cells_hold_their_wrapped_names(tmp_path, rules):
    page = Page()
    y = prose(
        page, 72, ["The contributions set out below assume these amounts have been added to the pools."]
    )
    contributions_page(page, y + 20)
    (table,) = tables(read(tmp_path, [page], rules))
    assert table.method == "pdf-words"
    rows = grid(table)
    assert rows[0] == [
        "Pool 1: Adults with Care & Support Needs",
        "Oxfordshire County Council",
        "Oxfordshire Clinical Commissioning Group",
    ]
    assert rows[1] == ["", "£'000", "£'000"]
    assert rows[2] == ["Contributions to Pool:", "", ""]
    assert rows[3] == ["Learning Disabilities", "74,883", "13,477"]
    assert rows[-1] == ["Gross Contribution", "85,238", "61,216"]


def test_unruled_table_rows_keep_page_and_bbox(tmp_path, rules):
    page = Page()
    contributions_page(page, 100)
    doc = read(tmp_path, [page], rules)
    (block,) = [b for b in doc.blocks if b.table]
    assert block.provenance.page == 1
    x0, top, x1, bottom = block.provenance.bbox
    assert 84 <= x0 <= 86 and 99 <= top <= 101 and 611 <= x1 <= 613
    row = block.table.rows[3]
    assert row.provenance.page == 1 and row.provenance.bbox is not None
    assert row.cells[1].bbox is not None and row.cells[1].bbox[2] == pytest.approx(463.0, abs=0.5)


def test_wrapped_row_label_is_one_row(tmp_path, rules):
    """A label wrapped onto a second line, in a table whose rows are spaced wider than its lines."""
    page = Page()
    y = 100.0
    for label, value in [("Falls Pathway", "389"), ("Other", "103")]:
        page.text(85, y, label, 10).right(550, y, value, 10)
        y += 18
    page.text(85, y, "Total Better Care Fund (Oxfordshire Clinical", 10, bold=True).right(
        550, y, "15,190", 10, bold=True
    )
    page.text(85, y + 11.5, "Commissioning Group)", 10, bold=True)
    rows = grid(tables(read(tmp_path, [page], rules))[0])
    assert rows[-1] == ["Total Better Care Fund (Oxfordshire Clinical Commissioning Group)", "15,190"]
    assert len(rows) == 3


def test_label_and_description_table(tmp_path, rules):
    """Narrative plans list 'area | what we will deliver' with no rules and no figures."""
    page = Page()
    y = prose(page, 72, ["The agreed areas of delivery for 2017/18 include:"])
    y += 12
    entries = [
        (
            "A focus on prevention",
            [
                "Establish the model for locality based provision and a care co-",
                "ordination centre with clear outputs.",
            ],
        ),
        (
            "Service review and",
            [
                "Deliver reviews and plans for the following Prime Provider service",
                "areas: CHC and Mental Health.",
            ],
        ),
    ]
    for label, desc in entries:
        page.text(62, y, label, 9.5)
        for i, text in enumerate(desc):
            page.text(193, y + i * 11, text, 9.5)
        if label == "Service review and":
            page.text(62, y + 11, "development", 9.5)
        y += 11 * len(desc) + 8
    rows = grid(tables(read(tmp_path, [page], rules))[0])
    assert rows == [
        [
            "A focus on prevention",
            "Establish the model for locality based provision and a care co-ordination centre "
            "with clear outputs.",
        ],
        [
            "Service review and development",
            "Deliver reviews and plans for the following Prime Provider service areas: "
            "CHC and Mental Health.",
        ],
    ]


def test_numbered_paragraphs_are_not_a_table(tmp_path, rules):
    page = Page()
    y = 72.0
    for number, lines in [
        (
            "46.",
            [
                "We will invest £0.9m for additional care home placements to",
                "provide additional post hospital capacity.",
            ],
        ),
        (
            "47.",
            [
                "In addition to the HART service, the Council have historically",
                "commissioned home care to support hospital discharge.",
            ],
        ),
    ]:
        page.text(71, y, number, 11)
        y = prose(page, y, lines, x=99) + 6
    doc = read(tmp_path, [page], rules)
    assert not tables(doc)
    assert [b.numbered for b in doc.blocks] == ["46", "47"]
    assert doc.blocks[0].text.startswith("46. We will invest £0.9m") and doc.blocks[0].text.endswith(
        "capacity."
    )


def test_bullets_are_list_items_not_a_table(tmp_path, rules):
    page = Page()
    y = prose(page, 72, ["The BCF pool will include elements covering:"]) + 6
    for item in ["Care homes", "Prevention", "Hospital discharge and admission avoidance"]:
        page.text(99, y, "\u2022", 11).text(117, y, item, 11)
        y += 16
    doc = read(tmp_path, [page], rules)
    assert not tables(doc)
    assert [b.kind for b in doc.blocks[1:]] == [BlockKind.LIST_ITEM] * 3


def test_unruled_table_continued_on_next_page_gets_its_header(tmp_path, rules):
    first, second = Page(), Page()
    y = contributions_page(first, 600)
    assert y < 800
    for i, (label, a, b) in enumerate(
        [("Less service user income", "-5,502", "0"), ("Net Contribution", "79,736", "61,216")]
    ):
        second.text(85, 72 + 18 * i, label, 9).right(463, 72 + 18 * i, a, 9).right(612, 72 + 18 * i, b, 9)
    doc = read(tmp_path, [first, second], rules)
    blocks = [b for b in doc.blocks]
    assert [b.kind for b in blocks] == [BlockKind.TABLE, BlockKind.TABLE]  # adjacent: nothing between them
    a, b = (grid(t) for t in tables(doc))
    assert len(a[0]) == len(b[0]) == 3
    assert b[:2] == a[:2]  # the header (names and units) heads the second part too
    assert b[2:] == [["Less service user income", "-5,502", "0"], ["Net Contribution", "79,736", "61,216"]]
    assert blocks[1].provenance.page == 2


# --------------------------------------------------------------------------- ruled tables


def measures_table(
    page: Page, top: float, rows: list[tuple[str, list[str], str, str]], header: bool = True
) -> float:
    """Doc 000's performance measures: Ref | Measure (wrapped) | Target | Baseline, fully ruled."""
    # the Measure column is as wide as its longest line, so the other lines wrap as in Word
    widest = max(text_width(text, 9) for _, measure, _, _ in MEASURES for text in measure)
    xs = [65.5, 119.0, 122.0 + widest + 3.0]
    xs += [xs[-1] + 40, xs[-1] + 80]
    ys = [top]
    y = top
    if header:
        page.text(68, y + 2, "Ref", 9, bold=True).text(122, y + 2, "Measure", 9, bold=True)
        page.text(xs[2] + 3, y + 2, "Target", 9, bold=True).text(xs[3] + 3, y + 2, "Baseline", 9, bold=True)
        y += 14
        ys.append(y)
    for ref, measure, target, baseline in rows:
        page.text(68, y + 2, ref, 9).text(xs[2] + 3, y + 2, target, 9).text(xs[3] + 3, y + 2, baseline, 9)
        for i, text in enumerate(measure):
            page.text(122, y + 2 + i * 10.5, text, 9)
        y += 4 + 10.5 * len(measure)
        ys.append(y)
    page.grid(xs, ys)
    return y


MEASURES = [
    (
        "5.1",
        ["Reduce the number of avoidable emergency admissions for", "acute conditions from care homes"],
        "",
        "",
    ),
    (
        "5.2",
        ["Increase the percentage of people waiting a total time of less", "than 4 hours in A&E"],
        "95%",
        "86%",
    ),
    ("5.3", ['Reduce the average length of "days delay" for people'], "tbc", "762"),
]


def test_ruled_table_cells_hold_their_own_text(tmp_path, rules):
    page = Page()
    measures_table(page, 100, MEASURES)
    (table,) = tables(read(tmp_path, [page], rules))
    assert table.method == "pdf-ruled"
    assert grid(table) == [
        ["Ref", "Measure", "Target", "Baseline"],
        [
            "5.1",
            "Reduce the number of avoidable emergency admissions for acute conditions from care homes",
            "",
            "",
        ],
        [
            "5.2",
            "Increase the percentage of people waiting a total time of less than 4 hours in A&E",
            "95%",
            "86%",
        ],
        ["5.3", 'Reduce the average length of "days delay" for people', "tbc", "762"],
    ]
    cell = table.rows[1].cells[1]
    assert cell.bbox is not None and cell.bbox[0] == pytest.approx(119.0, abs=0.5)


def test_ruled_table_continued_without_header_gets_it_again(tmp_path, rules):
    first, second = Page(), Page()
    end = measures_table(first, 640, MEASURES)
    assert end < 800
    measures_table(
        second, 72, [("5.4", ["Reduce the number of people placed out of county"], "", "306")], header=False
    )
    doc = read(tmp_path, [first, second], rules)
    assert [b.kind for b in doc.blocks] == [BlockKind.TABLE, BlockKind.TABLE]
    a, b = (grid(t) for t in tables(doc))
    assert b == [a[0], ["5.4", "Reduce the number of people placed out of county", "", "306"]]
    assert tables(doc)[1].rows[0].provenance.page == 1  # the copied header still points at its page


def _ruled(
    page: Page, top: float, rows: list[list[list[str]]], xs: list[float], bold_first: bool = False
) -> None:
    """A fully ruled grid; each cell a list of lines."""
    ys, y = [top], top
    for r, row in enumerate(rows):
        for x, lines in zip(xs, row, strict=False):
            for i, text in enumerate(lines):
                page.text(x + 3, y + 2 + i * 10.5, text, 9, bold=bold_first and r == 0)
        y += 4 + 10.5 * max(len(lines) for lines in row)
        ys.append(y)
    page.grid(xs + [xs[-1] + 90], ys)


def test_column_names_wrapped_over_lines_that_line_up_are_a_header_not_a_frame(tmp_path, rules):
    page = Page()
    header = [
        ["Authority"],
        ["0-19 Year", "Olds", "(to nearest", "10,000)"],
        ["Total", "Family", "Hub", "Sites"],
    ]
    body = [
        [["Kent"], ["370,000"], ["50"]],
        [["Essex"], ["340,000"], ["35"]],
        [["Surrey"], ["290,000"], ["21"]],
    ]
    _ruled(page, 100, [header, *body], [66, 156, 246])
    (table,) = tables(read(tmp_path, [page], rules))
    assert table.method == "pdf-ruled"
    assert [" ".join(c.split()) for c in grid(table)[0][1:]] == [
        "0-19 Year Olds (to nearest 10,000)",
        "Total Family Hub Sites",
    ]
    assert grid(table)[1:] == [
        ["Kent", "370,000", "50"],
        ["Essex", "340,000", "35"],
        ["Surrey", "290,000", "21"],
    ]


def test_a_bold_line_of_amounts_over_its_parts_is_data_not_column_names(tmp_path):
    page = Page()
    rows = [
        [["Overall Family Hub Budget"], ["£7.3m"], ["100%"]],
        [["Thanet"], ["£741k"], ["10.1%"]],
        [["Swale"], ["£719k"], ["9.8%"]],
        [["Ashford"], ["£624k"], ["8.5%"]],
    ]
    _ruled(page, 100, rows, [66, 246, 336], bold_first=True)
    path = tmp_path / "budget.pdf"
    path.write_bytes(build_pdf([page]))
    doc = extract_document(path, toolkit())
    found = {(f.label, f.value) for f in doc.figures if f.table_id}
    assert ("Overall Family Hub Budget", 7_300_000) in found and ("Overall Family Hub Budget", 100) in found
    assert not [f for f in doc.figures if f.column and "£" in f.column]


def test_a_box_round_a_paragraph_is_not_a_table(tmp_path, rules):
    page = Page()
    prose(page, 104, ["Note: figures are indicative and remain subject to approval."])
    page.grid([66, 530], [100, 122])
    doc = read(tmp_path, [page], rules)
    assert not tables(doc)
    assert doc.blocks[0].text.startswith("Note: figures are indicative")


# --------------------------------------------------------------------------- furniture, paragraphs, headings


def paper(pages: int) -> list[Page]:
    out = []
    for n in range(1, pages + 1):
        page = Page()
        page.right(523, 36, "Health & Wellbeing Board – 13 July 2017", 9)
        page.text(295, 800, str(n), 9)
        out.append(page)
    return out


def test_running_header_and_page_numbers_are_dropped(tmp_path, rules):
    pages = paper(3)
    for n, page in enumerate(pages, start=1):
        prose(page, 100, [f"Paragraph on page {n} ends here."])
    doc = read(tmp_path, pages, rules)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "Paragraph on page 1 ends here.",
        "Paragraph on page 2 ends here.",
        "Paragraph on page 3 ends here.",
    ]
    assert any("Health & Wellbeing Board" in i.message for i in doc.issues if i.code == "furniture")


def test_column_names_repeated_under_the_page_top_are_kept(tmp_path, rules):
    """A table's header repeated at the top of each page repeats like a running header, but sits
    against the table; it stays."""
    pages = [Page(), Page(), Page()]
    for page in pages:
        page.right(400, 40, "Working", 10, bold=True)
        page.text(85, 52, "Service", 10, bold=True).right(400, 52, "Budget", 10, bold=True).right(
            500, 52, "Forecast", 10, bold=True
        )
        for i, (label, a, b) in enumerate([("Care Homes", "8,725", "8,704"), ("Carers", "1,318", "1,350")]):
            page.text(85, 70 + 15 * i, label, 10).right(400, 70 + 15 * i, a, 10).right(
                500, 70 + 15 * i, b, 10
            )
    doc = read(tmp_path, pages, rules)
    for table in tables(doc):
        assert grid(table)[0] == ["Service", "Working Budget", "Forecast"]


def test_paragraph_cut_by_a_page_break_is_joined(tmp_path, rules):
    first, second = paper(2)
    prose(
        first,
        740,
        [
            "Oxfordshire has a significant workforce issue. This is the most expensive place to",
            "live in the county outside of London with house prices at 16 times average",
        ],
    )
    prose(second, 100, ["earnings in the county, which has given rise to a significant challenge."])
    doc = read(tmp_path, [first, second], rules)
    (block,) = doc.blocks
    assert block.text.endswith(
        "16 times average earnings in the county, which has given rise to a significant challenge."
    )
    assert block.provenance.page == 1 and block.provenance.page_end == 2


def test_a_line_stopping_short_on_a_word_no_sentence_ends_on_runs_on(tmp_path, rules):
    page = Page()
    prose(
        page,
        100,
        [
            "Trafford Council's overall mean pay gap is 9.75% and the median is",
            "15.46%, both in favour of male employees. There are a number of factors which",
            "are the same as in previous years.",
        ],
    )
    doc = read(tmp_path, [page], rules)
    (block,) = doc.blocks
    assert "the median is 15.46%, both in favour" in block.text


def test_bold_and_large_lines_are_heading_candidates_with_style(tmp_path, rules):
    page = Page()
    page.text(72, 72, "Improved Better Care Fund & the pooled budgets", 13, bold=True)
    page.text(72, 100, "Background", 11, bold=True)
    y = prose(
        page,
        120,
        [
            "Oxfordshire has had a long term problem with delayed transfers of care. In 2016/17",
            "over 51,000 beds days were lost to delays.",
        ],
    )
    page.text(72, y + 10, "1 Data taken from NOMIS", 8)
    doc = read(tmp_path, [page], rules)
    kinds = [
        (b.kind, b.style.size if b.style else None, b.style.bold if b.style else None) for b in doc.blocks
    ]
    assert kinds == [
        (BlockKind.HEADING, 13.0, True),
        (BlockKind.HEADING, 11.0, True),
        (BlockKind.PARAGRAPH, 11.0, False),
        (BlockKind.PARAGRAPH, 8.0, False),  # a footnote is never a heading, however short
    ]


def test_wrapped_bold_heading_is_one_block(tmp_path, rules):
    page = Page()
    page.text(
        72,
        72,
        "Report by the Director for Adult Services and the Chief Executive of Oxfordshire",
        11,
        bold=True,
    )
    page.text(72, 85, "Clinical Commissioning Group", 11, bold=True)
    prose(page, 110, ["The Better Care Fund is a programme spanning the NHS and local government."])
    doc = read(tmp_path, [page], rules)
    assert doc.blocks[0].text.endswith("Oxfordshire Clinical Commissioning Group")
    assert doc.blocks[0].provenance.bbox[3] == pytest.approx(96, abs=1)


# --------------------------------------------------------------------------- bad files


def test_scanned_pdf_fails_with_no_text_layer_when_ocr_is_off(tmp_path, rules):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(2))
    with pytest.raises(NoTextLayerError, match="no text layer"):
        ingest(path, rules, ocr="off")


def test_truncated_pdf_is_reported_as_truncated(tmp_path, rules):
    data = build_pdf([Page().text(72, 72, "Hello")])
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="corrupt or truncated") as info:
        ingest(path, rules)
    assert not isinstance(info.value, EncryptedDocumentError)


# --------------------------------------------------------------------------- the corpus papers


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not in this checkout")
    return path


@pytest.fixture(scope="module")
def doc000(rules) -> RawDocument:
    return ingest(corpus("000_af6d23c4c93e057d.pdf"), rules)


def test_doc000_appendix4_contributions_have_named_columns(doc000):
    pools = [t for t in tables(doc000) if t.rows[0].cells[0].text.startswith("Pool 1")]
    (pool,) = pools
    assert pool.method == "pdf-words"
    assert grid(pool)[:4] == [
        [
            "Pool 1: Adults with Care & Support Needs",
            "Oxfordshire County Council",
            "Oxfordshire Clinical Commissioning Group",
        ],
        ["", "£'000", "£'000"],
        ["Contributions to Pool:", "", ""],
        ["Learning Disabilities", "74,883", "13,477"],
    ]


def test_doc000_measures_table_split_over_pages_is_two_adjacent_parts(doc000):
    blocks = doc000.blocks
    i = next(i for i, b in enumerate(blocks) if b.table and b.table.rows[1].cells[0].text == "6.1")
    first, second = blocks[i].table, blocks[i + 1].table
    assert second is not None and blocks[i + 1].provenance.page == blocks[i].provenance.page + 1
    assert grid(second)[0] == grid(first)[0] == ["Ref", "Measure", "Target", "Baseline"]
    assert [
        "6.9",
        "Reduce the number of people with learning disability and/or autism placed/living out of county",
        "",
        "182",
    ] in grid(second)


def test_doc000_running_header_is_gone(doc000):
    assert not any("Health & Wellbeing Board – 13 July 2017" == b.text for b in doc000.blocks)


def test_scanned_corpus_paper_fails_clearly_when_ocr_is_off(rules):
    with pytest.raises(NoTextLayerError, match="--ocr auto"):
        ingest(corpus("000_af6d23c4c93e057d.scanned.pdf"), rules, ocr="off")


# ----------------------------------------------------------------- tables over a page break, read whole


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


SCHEMES = [
    ("Integrated Community Equipment Service", "2,140"),
    ("Disabled Facilities Grant", "3,318"),
    ("Carers' Breaks", "655"),
    ("Rapid Response Nursing", "1,902"),
    ("Discharge to Assess Beds", "2,475"),
]
MORE_SCHEMES = [("Care Act Implementation", "1,060"), ("Contingency", "250")]


def _scheme_rows(page: Page, top: float, rows: list[tuple[str, str]], x1: float = 470.0) -> float:
    for label, value in rows:
        page.text(72, top, label, 10).right(x1, top, value, 10)
        top += 17
    return top


@pytest.mark.parametrize("header_over", ["figures", "labels"])
def test_two_column_table_over_a_page_break_is_one_table(tmp_path, header_over):
    """A council's one-column spending table (a named value column, or the body named over the
    labels with only "£000" over the figures) runs on to the next page, where its total is: the
    header is carried over and the parts are one table, so the total is checked against every
    line, not only those on its own page."""
    first, second = Page(), Page()
    prose(first, 72, ["6. The Health and Wellbeing Board agreed the plan at its meeting in September."])
    prose(first, 610, ["7. The Cornwall element of the pooled fund will be spent as follows:"])
    y = 640.0
    if header_over == "figures":
        first.right(470, y, "NHS Kernow Clinical", 10, bold=True).right(
            470, y + 11.5, "Commissioning Group", 10, bold=True
        )
    else:
        first.text(72, y, "NHS Kernow Clinical Commissioning Group", 10, bold=True)
    first.right(470, y + 28, "£000", 10, bold=True)
    end = _scheme_rows(first, y + 46, SCHEMES)
    assert 760 < end < 800  # the table runs to the foot of the page
    y = _scheme_rows(second, 74, MORE_SCHEMES)
    second.text(72, y, "Total Better Care Fund (NHS Kernow", 10, bold=True).right(
        470, y, "11,800", 10, bold=True
    )
    second.text(72, y + 11.5, "Clinical Commissioning Group)", 10, bold=True)
    prose(second, y + 40, ["The plan was agreed by the Health and Wellbeing Board in September."])
    path = tmp_path / "kernow.pdf"
    path.write_bytes(build_pdf([first, second]))
    doc = extract_document(path, toolkit())
    (table,) = [t for t in doc.tables if any(r.label == "Contingency" for r in t.rows)]
    labels = [r.label for r in table.rows]
    assert labels[: len(SCHEMES)] == [label for label, _ in SCHEMES]
    total = table.rows[-1]
    assert total.role is RowRole.TOTAL and total.provenance.page == 2
    assert table.continued_from == table.id and table.provenance.page_end == 2
    parts = sum(r.cells[1].value or 0 for r in table.rows if r.role is RowRole.ITEM)
    assert parts == total.cells[1].value == 11_800_000
    findings = run_audit([doc], toolkit()).findings
    assert not [f for f in findings if f.kind is FindingKind.ARITHMETIC], findings


def test_ruled_table_row_cut_by_a_page_break_under_a_repeated_header(tmp_path):
    """Word repeats a ruled table's header row on each page and lets a row break across pages:
    the rest of the cut row sits under the repeated header, without its reference number. It is
    the end of that row, not a second header row, and the parts are one table."""
    first, second = Page(), Page()
    rows = [
        (
            "1",
            ["Emergency admissions (65+) per 100,000", "population"],
            ["Unplanned admissions of", "older residents"],
        ),
        ("2", ["Delayed days per day per 100,000 adults"], ["Days lost to delayed", "transfers of care"]),
        (
            "3",
            ["Proportion of older people who are"],
            ["The proportion of people", "aged 65 and over offered"],
        ),
    ]
    end = _indicator_table(first, 676, rows)
    assert end > 760
    _indicator_table(
        second,
        74,
        [
            ("", ["discharged and receive reablement"], ["reablement following discharge."]),
            ("4", ["Weekend discharges"], ["Share of discharges at weekends"]),
        ],
    )
    path = tmp_path / "indicators.pdf"
    path.write_bytes(build_pdf([first, second]))
    doc = extract_document(path, toolkit())
    (table,) = doc.tables
    assert [r.label for r in table.rows] == [
        "Emergency admissions (65+) per 100,000 population",
        "Delayed days per day per 100,000 adults",
        "Proportion of older people who are discharged and receive reablement",
        "Weekend discharges",
    ]
    assert table.rows[2].cells[2].text.endswith("offered reablement following discharge.")


def _indicator_table(page: Page, top: float, rows: list[tuple[str, list[str], list[str]]]) -> float:
    """ID | Indicator | Definition, ruled, its header row in bold on every page."""
    xs = [65.0, 95.0, 300.0, 530.0]
    page.text(68, top + 2, "ID", 9, bold=True).text(98, top + 2, "Indicator", 9, bold=True)
    page.text(303, top + 2, "Definition", 9, bold=True)
    ys = [top, top + 14]
    y = top + 14
    for ref, indicator, definition in rows:
        page.text(68, y + 2, ref, 9) if ref else None
        for i, text in enumerate(indicator):
            page.text(98, y + 2 + i * 10.5, text, 9)
        for i, text in enumerate(definition):
            page.text(303, y + 2 + i * 10.5, text, 9)
        y += 4 + 10.5 * max(len(indicator), len(definition))
        ys.append(y)
    page.grid(xs, ys)
    return y


def test_label_lines_spaced_as_rows_are_rows_not_one_wrapped_label(tmp_path, rules):
    """A share-of-spend list: bold headings with a percentage, the schemes under each set one to a
    line with paragraph spacing, one scheme wrapped (its lines closer). The label column is only
    as wide as its longest scheme, so no word "fits" after that one and the line below seems its
    wrap: spacing, not width, tells the rows apart."""
    page = Page()
    y = prose(page, 72, ["The schemes of each priority area in Year 1 are shown below."])
    y += 10
    entries = [
        ("Admission avoidance", "41.20%"),
        ("Community geriatrician service for care homes", None),
        ("Falls prevention", None),
        ("Hospital discharge", "58.80%"),
        ("Enhanced reablement capacity across the", None),
        ("Northern Locality", None),
        ("Trusted assessor", None),
        ("Discharge lounge", None),
    ]
    for i, (label, share) in enumerate(entries):
        wrapped = label == "Northern Locality"
        y += 11.0 if wrapped else 16.0 if i else 0
        page.text(62, y, label, 9.5, bold=share is not None)
        if share:
            page.right(420, y, share, 9.5, bold=True)
    (table,) = tables(read(tmp_path, [page], rules))
    assert [row[0] for row in grid(table)] == [
        "Admission avoidance",
        "Community geriatrician service for care homes",
        "Falls prevention",
        "Hospital discharge",
        "Enhanced reablement capacity across the Northern Locality",
        "Trusted assessor",
        "Discharge lounge",
    ]


def test_form_with_a_table_inside_is_read_as_its_parts(tmp_path, rules):
    """A metric form (a council's plan template): a title across the width, name | answer rows
    whose answers are merged across the width, and "Previous performance" merged down over a small
    table of its own. Read as one grid, the form's rows were a header and the small table's rows
    lost their labels; read apart, the periods label their figures and the title heads the form."""
    page = Page()
    prose(page, 72, ["Our ambitions for the national metrics are set out below."])
    xs = [65.0, 170.0, 300.0, 520.0]
    top = 110.0
    page.text(68, top + 3, "Delayed Transfers of Care", 9, bold=True)
    page.text(68, top + 19, "Target", 9).text(173, top + 19, "2,730 delayed days a month in 2018/19", 9)
    page.text(68, top + 35, "Previous", 9).text(68, top + 45.5, "performance", 9)
    history = [
        ("Quarter", "Delayed days"),
        ("Q3 2017/18", "3,412"),
        ("Q2 2017/18", "3,106"),
        ("Q1 2017/18", "2,954"),
    ]
    for i, (period, value) in enumerate(history):
        page.text(173, top + 35 + 16 * i, period, 9, bold=i == 0).text(
            303, top + 35 + 16 * i, value, 9, bold=i == 0
        )
    bottom = top + 32 + 16 * len(history)
    for y in (top, top + 16, top + 32, bottom):
        page.line(xs[0], y, xs[-1], y)
    for k in range(1, len(history)):
        page.line(xs[1], top + 32 + 16 * k, xs[-1], top + 32 + 16 * k)  # not across the merged name
    page.line(xs[0], top, xs[0], bottom).line(xs[-1], top, xs[-1], bottom)
    page.line(xs[1], top + 16, xs[1], bottom).line(xs[2], top + 32, xs[2], bottom)
    prose(page, bottom + 20, ["Performance has improved through the year."])
    doc = read(tmp_path, [page], rules)
    texts = [b.text for b in doc.blocks]
    heading = texts.index("Delayed Transfers of Care")
    form, inner = (b.table for b in doc.blocks[heading + 1 : heading + 3])
    assert form is not None and inner is not None
    assert grid(form)[1] == ["Target", "2,730 delayed days a month in 2018/19"]
    assert inner.caption == "Previous performance"
    assert grid(inner) == [list(row) for row in history]


def test_tall_header_with_a_rate_in_it_stays_one_header(tmp_path, rules):
    """A tax base table's header runs over five lines and quotes the band D rate in one column's
    name ("Precept @ / £1,691.19"): that line is header, not the first row, and the table is one."""
    page = Page()
    y = prose(page, 72, ["The tax base estimates notified by the district councils are shown below."])
    top = y + 20
    header = [
        ("District", "2024-25", "2025-26", "2025-26", "% change"),
        ("", "Final", "Final", "Precept @", ""),
        ("", "Band D", "Band D", "£1,691.19", ""),
        ("", "Equivalent", "Equivalent", "(incl. ASCL)", ""),
        ("", "Taxbase", "Taxbase", "£000s", ""),
    ]
    for k, cells in enumerate(header):
        page.text(72, top + 14 * k, cells[0], 10)
        for x, text in zip((240, 330, 420, 510), cells[1:], strict=True):
            if text:
                page.right(x, top + 14 * k, text, 10)
    y = top + 14 * len(header) + 4
    for name, a, b, c, d in [
        ("Ashford", "49,832.00", "49,332.00", "83,429.8", "-1.00%"),
        ("Canterbury", "53,348.27", "55,053.98", "93,106.7", "+3.20%"),
        ("Dartford", "41,029.46", "41,702.34", "70,526.6", "+1.64%"),
    ]:
        page.text(72, y, name, 10)
        for x, text in zip((240, 330, 420, 510), (a, b, c, d), strict=True):
            page.right(x, y, text, 10)
        y += 16
    (table,) = tables(read(tmp_path, [page], rules))
    rows = grid(table)
    assert rows[0][1] == "2024-25 Final Band D Equivalent Taxbase"
    assert "£1,691.19" in rows[0][3]
    assert [r[0] for r in rows[1:]] == ["Ashford", "Canterbury", "Dartford"]
