"""A paper's own unit for the tables that print none.

A town council's statement of accounts prints "£" over its main statement and nothing over the notes
that break its lines down; a reader takes the notes in pounds too. When a paper's tables that do
declare a unit declare pounds (nearly all of them), a value column that declares nothing, holds no
percentages and is not named a count (by its header or its rows) is read in pounds as well. A paper
of counts and percentages (a KPI report, a population profile) is left alone.
"""

from __future__ import annotations

from ..models import Cell, ColumnKind, FigureRole, Table
from ..rules import Rules
from ..units import GBP
from .columns import unit_from_words

# The share of a paper's unit-declaring value columns that must be pounds before its undeclared
# columns are read as pounds, and how many declaring columns it takes to say so: a paper with one
# "£" column among its tables of counts is not a paper of accounts.
_MONEY_PAPER_SHARE = 0.8
_MONEY_PAPER_MIN_COLUMNS = 3


def apply_document_unit(tables: list[Table], rules: Rules) -> list[Table]:
    """The tables, with undeclared value columns read in pounds when the paper is one of accounts."""
    declared = [c.unit for t in tables for c in t.columns if c.kind is ColumnKind.VALUE and c.unit]
    money = sum(1 for u in declared if u == GBP)
    if len(declared) < _MONEY_PAPER_MIN_COLUMNS or money < _MONEY_PAPER_SHARE * len(declared):
        return tables
    return [_in_pounds(t, rules) for t in tables]


def _in_pounds(table: Table, rules: Rules) -> Table:
    if table.table_type == "metric":
        return table  # a metric's values are what it measures, money or not, as its rows say
    names = [r.label for r in table.rows if r.label] + [table.title or "", table.caption or ""]
    counted = any(unit_from_words(name, rules) == "count" for name in names)
    change = {
        c.index
        for c in table.columns
        if c.kind is ColumnKind.VALUE
        and c.unit is None
        and c.role not in (FigureRole.TARGET, FigureRole.BASELINE, FigureRole.ACTUAL)
        and not counted
        and unit_from_words(c.header, rules) != "count"
        and not any("%" in r.cells[c.index].text for r in table.rows if c.index < len(r.cells))
    }
    if not change:
        return table
    columns = [c.model_copy(update={"unit": GBP}) if c.index in change else c for c in table.columns]
    rows = [
        r.model_copy(update={"cells": [_pounds(cell) if cell.col in change else cell for cell in r.cells]})
        for r in table.rows
    ]
    return table.model_copy(update={"columns": columns, "rows": rows})


def _pounds(cell: Cell) -> Cell:
    return cell.model_copy(update={"unit": GBP}) if cell.value is not None and cell.unit is None else cell
