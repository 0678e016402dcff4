"""What the figure readers are given for one document."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..gazetteer import Gazetteer
from ..models import Section
from ..rules import Rules
from .prose_finish import LabelWords


@dataclass(frozen=True)
class FigureContext:
    doc_id: str
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    sections: dict[str, Section]
    # the period the paper is about ("2025/26"): a prose number whose paragraph names none is for it
    period: str | None = None
    # the paper's own abbreviations, spelled out ("RSG" -> "Revenue Support Grant"); filled by
    # extract_figures from the paper's blocks
    abbreviations: dict[str, str] = field(default_factory=dict)
    label_words: LabelWords = field(default_factory=LabelWords)
