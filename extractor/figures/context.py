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
    # the year the paper names most, however it was found: weaker, it only confirms a table's one
    # stated year for its other columns
    named_period: str | None = None
    # the date the paper's title says its figures stand at ("Investments as at 30 September 2024")
    as_at: str | None = None
    # the paper's own abbreviations, spelled out ("RSG" -> "Revenue Support Grant"); filled by
    # extract_figures from the paper's blocks
    abbreviations: dict[str, str] = field(default_factory=dict)
    # the ids of the paper's risk register entries ("1329: Failure to ..."), filled the same way
    register_ids: frozenset[str] = frozenset()
    label_words: LabelWords = field(default_factory=LabelWords)
