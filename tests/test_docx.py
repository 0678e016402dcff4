"""Word files: headings as sections, paragraphs, tables with merged cells, pages from Word's
page breaks, provenance by paragraph and table."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from records_support import ROOT, toolkit

from extractor.errors import EmptyDocumentError
from extractor.ingest import ingest
from extractor.models import BlockKind, SourceFormat
from extractor.pipeline import extract_document


def _paper(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Better Care Fund Plan 2024/25", level=1)
    d.add_paragraph("The pooled budget for 2024/25 is £12.3m, 4.5% more than in 2023/24.")
    d.add_heading("Pooled budget", level=2)
    table = d.add_table(rows=4, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "2024/25"
    for c, text in enumerate(["Contribution", "Council £000", "ICB £000"]):
        table.cell(1, c).text = text
    for c, text in enumerate(["iBCF", "1,200", "0"]):
        table.cell(2, c).text = text
    for c, text in enumerate(["Total", "1,200", "11,100"]):
        table.cell(3, c).text = text
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Next steps", level=2)
    d.add_paragraph("Agree the plan.", style="List Bullet")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    return extract_document(_paper(tmp_path_factory.mktemp("docx") / "plan.docx"), toolkit())


def test_headings_are_sections_and_lists_are_list_items(paper):
    assert paper.source.format is SourceFormat.DOCX
    titles = [s.title for s in paper.sections]
    assert "Pooled budget" in titles and "Next steps" in titles
    assert any(b.kind is BlockKind.LIST_ITEM and b.text == "Agree the plan." for b in paper.blocks)


def test_a_table_with_a_merged_header_reaches_the_figures(paper):
    (table,) = paper.tables
    assert [c.header for c in table.columns][1:] == ["2024/25 Council", "2024/25 ICB"]
    total = {f.column: f.value for f in paper.figures if f.label == "Total"}
    assert total == {"2024/25 Council": 1_200_000, "2024/25 ICB": 11_100_000}
    assert all(f.provenance.table == 1 and f.provenance.page == 1 for f in paper.figures if f.table_id)


def test_paragraph_provenance_and_pages_from_page_breaks(paper):
    prose = [f for f in paper.figures if f.table_id is None and f.raw == "£12.3m"]
    assert prose and prose[0].provenance.paragraph == 2 and prose[0].provenance.page == 1
    after = next(b for b in paper.blocks if b.text == "Agree the plan.")
    assert after.provenance.page == 2 and paper.source.pages == 2


def test_the_real_word_file_reads_its_pages_and_its_bibliography_table():
    raw = ingest(
        ROOT / "corpus" / "real" / "west-sussex-2024-02-forecasting-dependency.docx", toolkit().rules
    )
    assert raw.source.pages == 14
    # the one table sits inside a content control (Word's bibliography), on the page of References
    (table,) = [b for b in raw.blocks if b.kind is BlockKind.TABLE]
    assert table.provenance.page == 13 and table.table is not None and len(table.table.rows) == 3
    # a table of contents' page numbers are page references, not text to read amounts from
    contents = [b.text for b in raw.blocks if b.provenance.page == 3 and b.kind is BlockKind.PARAGRAPH]
    assert "Population ageing" in contents


def test_a_word_file_without_text_is_empty(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyDocumentError):
        ingest(path, toolkit().rules)
