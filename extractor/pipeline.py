"""The whole path for one document: ingest -> sections -> metadata -> tables -> figures and dates.

``extract_document`` is the library entry point; the CLI and the batch runner call it per file.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import __version__
from .date_mentions import DateContext, extract_dates
from .dates import as_at_period
from .figures import FigureContext, drop_unnamed, extract_figures
from .gazetteer import Gazetteer
from .ingest import header_term, ingest
from .metadata import PERIOD_FROM_TITLE, extract_metadata
from .models import Document, Issue
from .passes import run_passes
from .rules import Rules
from .sections import split_sections
from .tables import TableContext, interpret_tables


class Toolkit:
    """What every document needs that is built once per run from the rules (compiled patterns)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.gazetteer = Gazetteer(rules)
        self.header_term = header_term(rules)


def extract_document(
    path: Path | str, toolkit: Toolkit, *, doc_id: str | None = None, ocr: str = "auto"
) -> Document:
    """Read one paper into a validated :class:`Document`.

    ``ocr``: which PDF pages Tesseract reads (``auto``: those without a usable text layer; ``off``;
    ``force``).

    Raises:
        IngestError: the file cannot be read (the message names it and says what to do).
    """
    rules = toolkit.rules
    raw = ingest(path, rules, doc_id=doc_id, ocr=ocr)
    sections, blocks = split_sections(raw, rules)
    metadata = extract_metadata(raw, blocks, sections, rules, toolkit.gazetteer)
    table_ctx = TableContext(
        rules=rules, gazetteer=toolkit.gazetteer, area=metadata.area, header_term=toolkit.header_term
    )
    tables, blocks = interpret_tables(raw, blocks, table_ctx)
    by_id = {s.id: s for s in sections}
    figures = extract_figures(
        blocks,
        tables,
        FigureContext(
            doc_id=raw.doc_id,
            rules=rules,
            gazetteer=toolkit.gazetteer,
            area=metadata.area,
            sections=by_id,
            # only a period the title names is every undated prose number's: the year a text
            # names most is often one it looks back on ("In the year 2023/24, 1869 families ...")
            period=metadata.period if metadata.found_by.get("period") == PERIOD_FROM_TITLE else None,
            named_period=metadata.period,
            as_at=as_at_period(metadata.title or ""),
        ),
    )
    year = _document_year(metadata.meeting_date, metadata.period)
    dates = extract_dates(
        blocks,
        tables,
        DateContext(
            doc_id=raw.doc_id, rules=rules, gazetteer=toolkit.gazetteer, sections=by_id, default_year=year
        ),
    )
    warnings = list(raw.issues)
    document = Document(
        tool_version=__version__,
        doc_id=raw.doc_id,
        source=raw.source,
        metadata=metadata,
        sections=sections,
        blocks=blocks,
        tables=tables,
        figures=figures,
        dates=dates,
        warnings=warnings,
    )
    # stage 6: the BCF's own records (contributions, schemes, metrics ...) from everything above
    passes = run_passes(document, toolkit)
    figures, unnamed = drop_unnamed(passes.figures, passes.records)
    left_out = [
        Issue(
            code="prose-number-unnamed",
            message=f"{unnamed} number(s) in the text left out: no phrase in their sentence names what they measure",
        )
    ][: 1 if unnamed else 0]
    return document.model_copy(
        update={
            "records": passes.records,
            "figures": figures,
            "warnings": warnings + passes.issues + left_out,
        }
    )


def _document_year(meeting_date: str | None, period: str | None) -> int | None:
    if meeting_date:
        return int(meeting_date[:4])
    if period:
        m = re.match(r"(\d{4})", period)
        if m:
            return int(m.group(1))
    return None
