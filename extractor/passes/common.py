"""What every record pass shares: the document seen from a pass (tables, figures by cell and by
block), what a header means to a record (``rules/record_fields.jsonl``), tables split where a new
header row starts inside them, and the small readers for the words the passes look for.

Nothing here decides a record; it only answers questions the passes ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex as re

from ..gazetteer import Gazetteer
from ..models import (
    Amount,
    Block,
    BlockKind,
    ColumnKind,
    Document,
    Entity,
    Figure,
    MetricValue,
    Provenance,
    RowRole,
    Section,
    Table,
    TableRow,
)
from ..numbers import parse_number
from ..rules import FundingSourceRule, MetricRule, PhraseRule, RecordFieldRule, RecordWordRule, Rules


@dataclass(frozen=True)
class PassContext:
    """The document as the record passes read it. Built once per document by :func:`make_context`."""

    doc: Document
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    sections: dict[str, Section]
    tables: dict[str, Table]
    cell_figures: dict[tuple[str, int, int], list[Figure]]
    block_figures: dict[str, list[Figure]]
    table_block: dict[str, int] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict)  # answers passes share (a table's record kind)
    entities: dict[str, list[Entity]] = field(default_factory=dict)  # by block id, from the spaCy pass


def make_context(
    doc: Document, rules: Rules, gazetteer: Gazetteer, entities: list[Entity] | None = None
) -> PassContext:
    """Index the document's figures by table cell and by prose block (figures keep their block's
    provenance and section, which together name the block)."""
    cells: dict[tuple[str, int, int], list[Figure]] = {}
    by_place: dict[tuple[str, str], str] = {}
    table_block: dict[str, int] = {}
    for index, block in enumerate(doc.blocks):
        if block.kind is BlockKind.TABLE:
            if block.table_id and block.table_id not in table_block:
                table_block[block.table_id] = index
            continue
        by_place.setdefault((block.section_id, block.provenance.model_dump_json()), block.id)
    by_block: dict[str, list[Entity]] = {}
    for entity in entities or []:
        by_block.setdefault(entity.block_id, []).append(entity)
    blocks: dict[str, list[Figure]] = {}
    for fig in doc.figures:
        if fig.table_id is not None and fig.row is not None and fig.col is not None:
            cells.setdefault((fig.table_id, fig.row, fig.col), []).append(fig)
            continue
        block_id = by_place.get((fig.section_id, fig.provenance.model_dump_json()))
        if block_id is not None:
            blocks.setdefault(block_id, []).append(fig)
    return PassContext(
        doc=doc,
        rules=rules,
        gazetteer=gazetteer,
        area=doc.metadata.area,
        sections={s.id: s for s in doc.sections},
        tables={t.id: t for t in doc.tables},
        cell_figures=cells,
        block_figures=blocks,
        table_block=table_block,
        entities=by_block,
    )


# --------------------------------------------------------------------------- text


_MARKUP_RE = re.compile(r"</?\w+[^>]*>")
_SPACES_RE = re.compile(r"\s+")
_ASIDE_RE = re.compile(r"\([^)]*\)")


def clean(text: str | None) -> str:
    """One line, single spaces, no list dashes: how a cell or phrase is quoted in a record."""
    if not text:
        return ""
    text = _MARKUP_RE.sub(" ", text)  # markup left in a cell by an export
    return _SPACES_RE.sub(" ", text).strip(" \t-–•")


def find_raw(text: str, raw: str, start: int = 0) -> int:
    """Where a figure's text stands in ``text`` as a whole number: "11" in "from 11.25 per week
    ... to 11 per week" is the second one, not the head of "11.25". -1 when absent."""
    if not raw:
        return -1
    at = text.find(raw, start)
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        after = text[at + len(raw) : at + len(raw) + 2]
        if not (before.isdigit() or before in (".", ",")) and not (
            after[:1].isdigit() or (after[:1] in (".", ",") and after[1:2].isdigit())
        ):
            return at
        at = text.find(raw, at + 1)
    return text.find(raw, start)


def none_if_blank(text: str | None) -> str | None:
    cleaned = clean(text)
    return cleaned or None


# --------------------------------------------------------------------------- rule lookups


def best_phrase(group: str, text: str, rules: Rules) -> tuple[PhraseRule, re.Match[str]] | None:
    """The rule of ``group`` with the longest match in ``text``: "not on track to meet target"
    beats the "on track to meet target" inside it."""
    best: tuple[PhraseRule, re.Match[str]] | None = None
    for rule, pattern in rules.compiled[group]:
        for m in pattern.finditer(text):
            if best is None or (m.end() - m.start()) > (best[1].end() - best[1].start()):
                best = (rule, m)  # type: ignore[assignment]
    return best


def header_field(header: str, rules: Rules) -> tuple[str, str] | None:
    """What a header means to a record (``field``, rule id), from ``rules/record_fields.jsonl``.

    The phrase must cover a fair part of the header (as in ``tables.header_rule``): "Sub Types" is
    not a "Type" header. Highest priority wins, then the longest phrase.
    """
    # "Scheme Type (see table below for descriptions)", "2017/18 Expenditure (£)": a bracketed
    # aside is not part of the column's name
    key = (id(rules), header)
    if key in _FIELD_CACHE:
        return _FIELD_CACHE[key]
    text = clean(_ASIDE_RE.sub(" ", header)) or clean(header)
    if not text:
        return None
    best: tuple[int, int, RecordFieldRule] | None = None
    for rule, pattern in rules.compiled["record_fields"]:
        assert isinstance(rule, RecordFieldRule)
        for m in pattern.finditer(text):
            length = m.end() - m.start()
            if length / max(1, len(text)) < 0.3:
                continue
            score = (rule.priority, length)
            if best is None or score > best[:2]:
                best = (rule.priority, length, rule)
    found = (best[2].field, best[2].id) if best else None
    if len(_FIELD_CACHE) > 20000:  # headers repeat across a run; the cache never grows without bound
        _FIELD_CACHE.clear()
    _FIELD_CACHE[key] = found
    return found


_FIELD_CACHE: dict[tuple[int, str], tuple[str, str] | None] = {}


def words_of(
    kind: str, text: str, rules: Rules, where: Iterable[str] = ("any",)
) -> list[tuple[RecordWordRule, re.Match[str]]]:
    """Every ``rules/record_words.jsonl`` rule of ``kind`` (and one of ``where``) found in ``text``."""
    places = set(where) | {"any"}
    out: list[tuple[RecordWordRule, re.Match[str]]] = []
    for rule, pattern in rules.compiled["record_words"]:
        assert isinstance(rule, RecordWordRule)
        if rule.kind != kind or rule.where not in places:
            continue
        for m in pattern.finditer(text):
            out.append((rule, m))
    return out


def metric_word(
    kind: str, text: str, rules: Rules, *, longest: bool = True
) -> tuple[MetricRule, re.Match[str]] | None:
    """A ``rules/metric_words.jsonl`` rule of ``kind`` in ``text``: the longest match, or the earliest."""
    found: list[tuple[MetricRule, re.Match[str]]] = []
    for rule, pattern in rules.compiled["metric_words"]:
        assert isinstance(rule, MetricRule)
        if rule.kind != kind:
            continue
        matches = list(pattern.finditer(text))
        if matches:
            # a rule's alternation stops at its first hit ("NEA"); its longest hit is the one that counts
            found.append((rule, max(matches, key=lambda m: m.end() - m.start()) if longest else matches[0]))
    if not found:
        return None
    if longest:
        return max(found, key=lambda rm: (rm[1].end() - rm[1].start(), -rm[1].start()))
    return min(found, key=lambda rm: rm[1].start())


def funding_source(text: str, rules: Rules) -> FundingSourceRule | None:
    """The funding source a text names ("CCG Minimum Contribution", "iBCF"), normalised."""
    hit = best_phrase("funding_sources", clean(text), rules)
    return hit[0] if hit and isinstance(hit[0], FundingSourceRule) else None


def status_word(text: str, rules: Rules) -> str | None:
    """A status normalised by ``rules/metric_words.jsonl`` ("Not on track to meet target" ->
    "Not on track"); the text itself when it is short and no rule knows it; else ``None``."""
    text = clean(text)
    if not text:
        return None
    hit = metric_word("status", text, rules)
    if hit and hit[1].start() <= 3:
        return hit[0].value
    return text if len(text.split()) <= 6 else (hit[0].value if hit else None)


# --------------------------------------------------------------------------- tables as a pass sees them


@dataclass(frozen=True)
class Segment:
    """A run of a table's body rows under one header: the whole table, or the part below a header
    row printed inside it (quarterly templates stack several small tables of one width)."""

    table: Table
    title: str | None
    headers: list[str]
    rows: list[TableRow]
    fields: dict[int, str]
    field_rules: dict[int, str]
    first: bool


def segments(table: Table, rules: Rules) -> list[Segment]:
    """Split ``table`` where a body row is itself a header row (two or more cells, no values, most
    of them column names in ``rules/record_fields.jsonl``). A group row just above such a row
    titles the part below. Heuristic from the Dorset Q2 2018/19 template, where the national
    conditions, s75 and metrics tables share one grid."""
    headers = [c.header for c in table.columns]
    parts: list[tuple[str | None, list[str], list[TableRow]]] = [(table.title, headers, [])]
    for row in table.rows:
        texts = [clean(c.text) for c in row.cells]
        if _is_header_row(row, texts, rules):
            title = None
            current = parts[-1][2]
            if current and current[-1].role is RowRole.GROUP:
                title = current.pop().label
            parts.append((title, texts, []))
            continue
        parts[-1][2].append(row)
    out: list[Segment] = []
    for i, (title, hdrs, rows) in enumerate(parts):
        if not rows:
            continue
        fields: dict[int, str] = {}
        field_rules: dict[int, str] = {}
        for col, header in enumerate(hdrs):
            hit = header_field(header, rules)
            if hit:
                fields[col], field_rules[col] = hit
        out.append(
            Segment(
                table=table,
                title=title,
                headers=hdrs,
                rows=rows,
                fields=fields,
                field_rules=field_rules,
                first=i == 0,
            )
        )
    return out


def _is_header_row(row: TableRow, texts: list[str], rules: Rules) -> bool:
    if row.role is RowRole.GROUP or any(c.value is not None for c in row.cells):
        return False
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t.split()) > 40 for t in filled):
        return False
    named = sum(1 for t in filled if header_field(t, rules))
    return named >= 2 and named >= 0.6 * len(filled)


def field_col(segment: Segment, name: str) -> int | None:
    """The first column of ``segment`` that holds record field ``name``."""
    return next((c for c, f in sorted(segment.fields.items()) if f == name), None)


def label_col(table: Table) -> int:
    return next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)


def value_cols(table: Table) -> list[int]:
    return [c.index for c in table.columns if c.kind is ColumnKind.VALUE]


def cell_text(row: TableRow, col: int | None) -> str:
    if col is None or col >= len(row.cells):
        return ""
    return clean(row.cells[col].text)


def value_figure(ctx: PassContext, table: Table, row: TableRow, col: int) -> Figure | None:
    """The figure read from a value cell (not a number written inside a text cell)."""
    if table.columns[col].kind is not ColumnKind.VALUE:
        return None
    figs = ctx.cell_figures.get((table.id, row.index, col), [])
    return figs[0] if figs else None


def text_figures(ctx: PassContext, table: Table, row: TableRow) -> list[Figure]:
    """Numbers written inside a row's words (a comments cell, a long label)."""
    out: list[Figure] = []
    for col in table.columns:
        if col.kind is ColumnKind.VALUE:
            continue
        out.extend(ctx.cell_figures.get((table.id, row.index, col.index), []))
    return out


def context_text(ctx: PassContext, table: Table, back: int = 3, *, section: bool = True) -> str:
    """Words that introduce a table: its title and caption, the short blocks just before it in
    its section (a heading "Use of the improved Better Care Fund", a line "2017/18"), and the
    section title."""
    parts = [table.title or "", table.caption or ""]
    index = ctx.table_block.get(table.id)
    blocks: list[Block] = ctx.doc.blocks
    if index is not None:
        for i in range(index - 1, max(-1, index - 1 - back), -1):
            block = blocks[i]
            if block.kind is BlockKind.TABLE:
                break
            if len(block.text.split()) <= 40:
                parts.append(block.text)
            # a heading just above ("Use of the improved Better Care Fund", then "2017/18") opens
            # a section of its own but still names the table; other blocks do only in its section
            if block.section_id != table.section_id and block.kind is not BlockKind.HEADING:
                break
    owner = ctx.sections.get(table.section_id)
    if section and owner is not None:
        parts.append(owner.title)
    return " | ".join(clean(p) for p in parts if p and p.strip())


def previous_table(ctx: PassContext, table: Table) -> Table | None:
    """The table printed just before ``table`` in the same section, with only blank or short
    note blocks between them."""
    index = ctx.table_block.get(table.id)
    if index is None:
        return None
    for i in range(index - 1, max(-1, index - 4), -1):
        block = ctx.doc.blocks[i]
        if block.section_id != table.section_id:
            return None
        if block.kind is BlockKind.TABLE and block.table_id and block.table_id != table.id:
            return ctx.tables.get(block.table_id)
    return None


# --------------------------------------------------------------------------- values


def amount(fig: Figure, *, partner: str | None = None, period: str | None = None) -> Amount:
    return Amount(
        value=fig.value,
        unit=fig.unit,
        raw=fig.raw,
        partner=partner if partner is not None else fig.organisation,
        period=period if period is not None else fig.period,
        column=fig.column,
        figure_id=fig.id,
    )


def metric_value(
    fig: Figure, *, period: str | None = None, date: str | None = None, comparator: str | None = None
) -> MetricValue:
    """A figure as a metric's value; a comparator written in a table cell ("> 81%") is kept."""
    if comparator is None and fig.comparator is None:
        parsed = parse_number(fig.raw)
        comparator = parsed.comparator if parsed is not None else None
    return MetricValue(
        value=fig.value,
        unit=fig.unit,
        raw=fig.raw,
        comparator=comparator or fig.comparator,
        period=period or fig.period,
        date=date,
        figure_id=fig.id,
    )


def span(provenances: list[Provenance]) -> Provenance:
    """One provenance covering several rows."""
    first, last = provenances[0], provenances[-1]
    if first.line is not None:
        return Provenance(line=first.line, line_end=last.line_end or last.line)
    end = last.page_end or last.page
    return Provenance(page=first.page, page_end=end if end != first.page else None, bbox=first.bbox)


def row_text(row: TableRow) -> str:
    return " | ".join(clean(c.text) for c in row.cells if c.text.strip())
