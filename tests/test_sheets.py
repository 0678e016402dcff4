"""Excel workbooks: every sheet, displayed values and their formats, merged cells, cell provenance,
and a BCF template saved as a workbook read into the same records as its text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from office_builder import text_to_workbook, typed
from records_support import ROOT, toolkit

from extractor.errors import EmptyDocumentError, EncryptedDocumentError, IngestError
from extractor.ingest import ingest
from extractor.models import BlockKind, Records, SourceFormat
from extractor.pipeline import extract_document


def _save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def _budget_workbook(path: Path) -> Path:
    """A pooled budget on a sheet with a merged group header, money and percent formats, a
    formula, and a hidden sheet behind it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pooled budget"
    ws["A1"] = "Section 75 pooled budget 2024/25"
    ws["B3"] = "2024/25"
    ws.merge_cells("B3:C3")
    ws["B4"], ws["C4"], ws["D4"] = "Council", "ICB", "Share"
    rows = [("Disabled Facilities Grant", 1_200_000, 0, 0.125), ("iBCF", 3_450_500.4, 250_000, 0.5)]
    for r, (label, council, icb, share) in enumerate(rows, start=5):
        ws.cell(r, 1, label)
        ws.cell(r, 2, council).number_format = '"£"#,##0'
        ws.cell(r, 3, icb).number_format = '_-"£"* #,##0_-;-"£"* #,##0_-;_-"£"* "-"_-;_-@_-'
        ws.cell(r, 4, share).number_format = "0.0%"
    ws["A7"] = "Total"
    ws["B7"] = "=SUM(B5:B6)"
    ws["B7"].number_format = '"£"#,##0'
    ws["A9"] = "Agreed by the Board on"
    ws["B9"] = dt.datetime(2024, 4, 3)
    ws["B9"].number_format = "mm-dd-yy"  # US order: shown 04-03-24, meant 3 April
    hidden = wb.create_sheet("Workings")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "Working figure"
    hidden["B1"] = 42
    return _save(wb, path)


@pytest.fixture(scope="module")
def budget_doc(tmp_path_factory):
    path = _budget_workbook(tmp_path_factory.mktemp("xlsx") / "pooled-budget.xlsx")
    return extract_document(path, toolkit())


def test_every_sheet_is_read_and_a_hidden_one_is_noted(budget_doc):
    assert budget_doc.source.format is SourceFormat.XLSX
    assert budget_doc.source.pages == 2
    hidden = [w for w in budget_doc.warnings if w.code == "hidden_sheet"]
    assert len(hidden) == 1 and "Workings" in hidden[0].message
    working = [f for f in budget_doc.figures if f.value == 42]
    assert working and working[0].provenance.page == 2 and working[0].provenance.sheet == "Workings"


def test_money_and_percent_formats_reach_the_figures_with_their_cells(budget_doc):
    by_cell = {f.provenance.cell: f for f in budget_doc.figures if f.provenance.sheet == "Pooled budget"}
    assert (
        by_cell["B5"].value == 1_200_000 and by_cell["B5"].unit == "GBP" and by_cell["B5"].raw == "£1,200,000"
    )
    # the displayed value: 3,450,500.4 under £#,##0 shows £3,450,500
    assert by_cell["B6"].value == 3_450_500 and by_cell["B6"].raw == "£3,450,500"
    assert by_cell["C6"].value == 250_000 and by_cell["C6"].unit == "GBP"
    assert by_cell["D5"].value == 12.5 and by_cell["D5"].unit == "percent"
    assert all(f.provenance.page == 1 for f in by_cell.values())


def test_a_merged_header_names_each_column_it_spans(budget_doc):
    (table,) = [t for t in budget_doc.tables if "pooled budget" in (t.title or "")]
    headers = [c.header for c in table.columns]
    assert headers[1].startswith("2024/25") and "Council" in headers[1]
    assert headers[2].startswith("2024/25") and "ICB" in headers[2]


def test_a_date_format_is_a_date_whatever_its_order(budget_doc):
    assert "2024-04-03" in {d.date for d in budget_doc.dates}


def test_a_formula_without_a_saved_value_is_reported(budget_doc):
    # openpyxl writes formulas without computing them, as report generators do
    assert any(w.code == "formula_without_value" for w in budget_doc.warnings)


def test_a_formulas_cached_value_is_read(tmp_path):
    path = _budget_workbook(tmp_path / "b.xlsx")
    # what Excel does on save: the formula keeps its last value beside it
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<f>SUM(B5:B6)</f><v></v>", b"<f>SUM(B5:B6)</f><v>4650500.4</v>")
    parts[sheet] = parts[sheet].replace(b"<f>SUM(B5:B6)</f></c>", b"<f>SUM(B5:B6)</f><v>4650500.4</v></c>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    doc = extract_document(path, toolkit())
    total = [f for f in doc.figures if f.provenance.cell == "B7"]
    assert total and total[0].value == 4_650_500
    assert not any(w.code == "formula_without_value" for w in doc.warnings)


def test_the_real_workbook_reads_its_tables_with_cell_addresses():
    rules = toolkit().rules
    raw = ingest(ROOT / "corpus" / "real" / "west-sussex-ccg-population-profile-2015-16.xlsx", rules)
    assert raw.source.pages == 17
    tables = [b for b in raw.blocks if b.kind is BlockKind.TABLE and b.provenance.sheet == "Table 1"]
    first = tables[0].table
    assert first is not None
    row = next(r for r in first.rows if r.cells[0].text == "Age 0-4")
    assert [(c.ref, c.text) for c in row.cells[:3]] == [("B6", "Age 0-4"), ("C6", "12,918"), ("D6", "12,218")]


# --------------------------------------------------------------------------- the template


def _comparable(records: Records) -> dict:
    """Records without what names their place (ids, provenance, sections, figure links)."""
    drop = {"id", "provenance", "section_id", "table_id", "figure_ids", "figure_id", "record_ids"}

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in drop}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(records.model_dump(mode="json", exclude={"entities"}))


def test_the_dorset_template_as_a_workbook_gives_the_records_of_its_text(tmp_path):
    text_path = ROOT / "corpus" / "text" / "004_6d03fb67bfe91ecf.txt"
    book = text_to_workbook(text_path.read_text(encoding="utf-8"), tmp_path / "004.xlsx")
    from_text = extract_document(text_path, toolkit())
    from_book = extract_document(book, toolkit())
    assert from_book.source.format is SourceFormat.XLSX and from_book.source.pages >= 4
    assert from_text.records.template_answers  # the comparison below is not of two empty lists
    assert _comparable(from_book.records) == _comparable(from_text.records)
    assert from_book.metadata.area == from_text.metadata.area


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [("£ 5,478,595", 5478595, "£ 5,478,595"), ("18,871", 18871, "18,871"), ("2.5%", 0.025, "2.5%")],
)
def test_the_fixture_stores_numbers_that_show_as_the_text(text, value, shown):
    from extractor.ingest.numfmt import render

    stored, number_format = typed(text)
    assert stored == pytest.approx(value) and render(stored, number_format) == shown


# --------------------------------------------------------------------------- bad workbooks


def test_an_empty_workbook_is_an_empty_document(tmp_path):
    path = _save(openpyxl.Workbook(), tmp_path / "empty.xlsx")
    with pytest.raises(EmptyDocumentError, match="no filled cells"):
        ingest(path, toolkit().rules)


def test_an_encrypted_workbook_says_so(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    with pytest.raises(EncryptedDocumentError, match="password"):
        ingest(path, toolkit().rules)


def test_an_html_page_saved_as_xlsx_is_refused(tmp_path):
    path = tmp_path / "download.xlsx"
    path.write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    with pytest.raises(IngestError, match="not an Office file"):
        ingest(path, toolkit().rules)


def test_an_amount_column_without_a_pound_sign_is_money(tmp_path):
    # spend-over-£25k lists print amounts as 298,800.00 under "Amount": a reader reads pounds
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Supplier", "Payment Number", "Amount"])
    for supplier, number, amount in [
        ("COMMERCIAL LTD", 3460, 298800),
        ("CLSH MANAGEMENT LTD", 3462, 1219077.21),
    ]:
        ws.append([supplier, number, amount])
        ws.cell(ws.max_row, 3).number_format = "#,##0.00_ ;[Red]\\-#,##0.00\\ "
    doc = extract_document(_save(wb, tmp_path / "spend.xlsx"), toolkit())
    amounts = {f.value: f.unit for f in doc.figures if f.column == "Amount"}
    assert amounts == {298800.0: "GBP", 1219077.21: "GBP"}
