"""Stage 3: raw grids to typed tables.

The reader's stages, one module each: ``header`` (title rows, column-name rows, units rows, each
column's name), ``columns`` (what each column holds and what its header says of its figures),
``rows`` (wrapped rows joined, labels, roles, groups), ``continuation`` (a table carried over a
page break joined to its first part), ``classify`` (the table's kind), and ``build``, which runs
them in order over every table block of a document.
"""

from __future__ import annotations

from ..periods import period_of
from .build import build_table, interpret_tables
from .context import TableContext
from .rows import row_label, split_lead_title

__all__ = ["TableContext", "build_table", "interpret_tables", "period_of", "row_label", "split_lead_title"]
