"""What the figure readers are given for one document."""

from __future__ import annotations

from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..models import Section
from ..rules import Rules


@dataclass(frozen=True)
class FigureContext:
    doc_id: str
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    sections: dict[str, Section]
