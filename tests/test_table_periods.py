"""A table cell's period, when its own column names none: the date its row is dated by, the one
period its title or the paper states, or the one year a column states for the paper's year (issue 12:
on real papers most table figures had no period though the page said it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import extract
from extractor.dates import as_at_period, period_of_date


def _periods(tmp_path: Path, name: str, text: str) -> dict[tuple[str, str], str | None]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = extract(path)
    return {(f.label, f.column or ""): f.period for f in doc.figures if f.table_id}


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("30-Sep-24 Balance", "30 September 2024"),
        ("Mar-16", "March 2016"),
        ("Market Value at 31/03/2024", "31 March 2024"),
        ("2024-25", None),
        ("1 April 2024 to 31 March 2025", None),  # a span: a period says it better
    ],
)
def test_a_header_naming_one_date_has_that_date_as_its_period(text: str, period: str | None) -> None:
    assert period_of_date(text) == period


def test_a_title_says_the_date_its_figures_stand_at_not_a_meetings_date() -> None:
    assert as_at_period("Appendix 1 Investments as at 30 September 2024") == "30 September 2024"
    assert as_at_period("Cabinet 30 January 2025") is None


def test_a_payment_is_for_the_date_it_was_paid(tmp_path: Path) -> None:
    periods = _periods(
        tmp_path,
        "spend.md",
        "# Expenditure over £25,000\n\n| Payment Date | Supplier | Amount |\n|---|---|---|\n"
        "| 22/04/2020 | ACME CARE LTD | 48,000.00 |\n| 29/04/2020 | BETA HOMES LTD | 31,500.00 |\n",
    )
    assert periods[("ACME CARE LTD", "Amount")] == "22 April 2020"
    assert periods[("BETA HOMES LTD", "Amount")] == "29 April 2020"


def test_a_holding_stands_at_the_papers_date_not_at_its_maturity(tmp_path: Path) -> None:
    periods = _periods(
        tmp_path,
        "investments.md",
        "# Investments as at 30 September 2024\n\n## Bond Portfolio\n\n"
        "| Issuer | Adjusted Principal | Maturity Date |\n|---|---|---|\n"
        "| Bank A - Bonds | 5,048,683 | 15/12/2025 |\n",
    )
    assert periods[("Bank A - Bonds", "Adjusted Principal")] == "30 September 2024"


def test_a_tables_one_stated_year_is_its_other_columns_year(tmp_path: Path) -> None:
    periods = _periods(
        tmp_path,
        "savings.md",
        "# Budget monitoring\n\n## Savings\n\n| Directorate | 2024-25 Savings Target | Forecast | Variance |\n"
        "|---|---|---|---|\n| Adults | 1,200 | 1,100 | -100 |\n\n"
        "The 2024-25 savings target is £2.0m for 2024-25, monitored through 2024-25.\n",
    )
    assert periods[("Adults", "Forecast")] == "2024/25"
    assert periods[("Adults", "Variance")] == "2024/25"


def test_a_table_of_several_years_leaves_an_undated_column_undated(tmp_path: Path) -> None:
    periods = _periods(
        tmp_path,
        "years.md",
        "# Budget 2025-26\n\n## Spending\n\n| Service | 2024-25 | 2025-26 | Change |\n|---|---|---|---|\n"
        "| Adults | 100 | 110 | 10 |\n",
    )
    assert periods[("Adults", "2024-25")] == "2024/25"
    assert periods[("Adults", "Change")] is None
