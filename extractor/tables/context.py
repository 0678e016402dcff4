"""What every stage of the table reader is given: the rules, the gazetteer, the paper's area."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..rules import Rules


@dataclass(frozen=True)
class TableContext:
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    header_term: Callable[[str], bool]
