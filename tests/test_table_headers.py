"""Which rows of a table name its columns, and which column names its rows."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract


def _figures(tmp_path: Path, text: str) -> list[tuple[str | None, str | None, float | None]]:
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.label, f.column, f.value) for f in extract(path).figures if f.table_id]


SCENARIOS = (
    "Funding Scenarios\n\n"
    "Source\tCurrent Basis\tSensitivity over medium term\t\t\n"
    "\t\tMost Likely\tBest Case\tWorst Case\n"
    "Council Tax Base\tThe current assumption is 1.5% annual increase\tTax base continues to grow"
    "\tFull collection would add c. +£10m\tExposure of c. -£30m\n"
    "Council Tax Rate\tThe assumption is that referendum limits stay\tLimits remain at 5%"
    "\tEach additional 1% adds £9.5m\tExposure risk c. -£19m\n"
)


def test_a_table_of_words_keeps_the_names_under_a_spanning_column_name(tmp_path):
    found = _figures(tmp_path, SCENARIOS)
    assert ("Council Tax Base", "Current Basis", 1.5) in found
    assert ("Council Tax Base", "Worst Case", -30_000_000) in found
    assert ("Council Tax Rate", "Sensitivity over medium term Most Likely", 5.0) in found
    assert all(label in ("Council Tax Base", "Council Tax Rate") for label, _, _ in found)


CONTRACTS = (
    "The table below sets out the annual cost of each contract.\n\n"
    "Centre\tArea\tContract End Date\tContract value per Annum\n"
    "Millmead\tMargate\t31/03/2025\t£222,127.44\n"
    "Seashells\tSheerness\t31/03/2025\t£204,302.16\n"
    "Totals\t\t\t£426,429.60\n"
)


def test_the_first_column_of_names_labels_the_rows_not_an_area_beside_it(tmp_path):
    found = _figures(tmp_path, CONTRACTS)
    assert [label for label, _, _ in found] == ["Millmead", "Seashells", "Totals"]
