"""Stage 4a: every number becomes a :class:`Figure` — table cells and the numbers in prose.

A table cell's figure is labelled by its row and column the way a reader would read it
(:mod:`.table_figures`); a number in prose by the phrase it measures ("£1.2m in *social work
capacity*"), with the sentence kept as its text (:mod:`.prose_figures`).
"""

from __future__ import annotations

import dataclasses

import regex as re

from ..models import Block, BlockKind, Figure, Table
from .context import FigureContext
from .prose_figures import (
    _form_key,
    _is_clock_time,
    _is_item_number,
    _keyed,
    _prose_figures,
    _strip_number_prefix,
    drop_unnamed,
    register_ids,
)
from .prose_finish import LabelWords, abbreviations, heading_text, is_title
from .table_figures import _table_figures, qualify_repeated_labels

__all__ = ["FigureContext", "drop_unnamed", "extract_figures", "qualify_repeated_labels"]


def extract_figures(blocks: list[Block], tables: list[Table], ctx: FigureContext) -> list[Figure]:
    """Every figure in document order: table cells, numbers in table text, numbers in prose."""
    figures: list[Figure] = []
    ctx = dataclasses.replace(
        ctx,
        abbreviations=abbreviations(blocks),
        label_words=LabelWords.from_rules(ctx.rules),
        register_ids=register_ids(blocks),
    )
    tables_by_id = {t.id: t for t in tables}
    done_tables: set[str] = set()
    section_id, title = "", None  # the nearest title above the block being read
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.TABLE:
            if block.table_id and block.table_id not in done_tables and block.table_id in tables_by_id:
                done_tables.add(block.table_id)
                figures.extend(_table_figures(tables_by_id[block.table_id], ctx, len(figures)))
            continue
        if _is_item_number(blocks, index) or _is_clock_time(blocks, index):
            continue
        if block.section_id != section_id or is_title(block, ctx.label_words):
            section_id = block.section_id
            title = block.text if is_title(block, ctx.label_words) else None
        text = heading_text(block, _strip_number_prefix(block))
        lead, tail = _sentence_around(blocks, index)
        found = _prose_figures(
            lead + text + tail, block, ctx, len(figures), title, within=(len(lead), len(lead) + len(text))
        )
        key = _form_key(blocks, index, text, ctx.rules) if found else None
        if key is not None:
            found = _keyed(found, key)
        figures.extend(found)
    return qualify_repeated_labels(figures, tables, {k: v.title for k, v in ctx.sections.items()})


def _sentence_around(blocks: list[Block], index: int) -> tuple[str, str]:
    """The rest of a sentence a block break cut ("5.26 Cliftonville Family Hub is occupied under a" /
    "lease that costs circa £54,000 annually"): the previous paragraph's unfinished sentence before
    this one when it starts in lower case, and the next paragraph's words to its first full stop when
    this one stops mid-sentence. They are read with the block so its numbers keep their subject or
    their noun ("over 6,000" / "signatures."); their own numbers are read with their own blocks."""
    block = blocks[index]
    lead = tail = ""
    if block.kind is not BlockKind.PARAGRAPH:
        return lead, tail
    before = blocks[index - 1] if index > 0 else None
    if (
        before is not None
        and before.kind is BlockKind.PARAGRAPH
        and _UNFINISHED_RE.search(before.text)
        and block.text[:1].islower()
    ):
        lead = re.split(r"(?<=[.!?:;])\s+", before.text)[-1] + " "
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    if (
        after is not None
        and after.kind is BlockKind.PARAGRAPH
        and _UNFINISHED_RE.search(block.text)
        and after.text[:1].islower()
    ):
        tail = " " + re.split(r"(?<=[.!?:;])\s", after.text, maxsplit=1)[0]
    return lead, tail


_UNFINISHED_RE = re.compile(r"[\w,’'£%)-]\s*$")  # a paragraph that stops without a stop
