"""Stage 4b: every date becomes a :class:`DateMention` with a label and, where the words around it
say, a role: a meeting, a start, an end or due date, a submission, a sign-off, a publication.

In a table the row labels the date and the column header gives its role ("Start Date",
"Expected Delivery"). In prose the role comes from the words just before the date
(``rules/date_roles.jsonl``) and the label is the body or organisation named nearest before it
("signed off at the Health and Wellbeing Board on 6th September 2017").
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import regex as re

from .dates import ParsedDate, find_dates, from_excel_serial
from .gazetteer import Gazetteer
from .models import (
    Block,
    BlockKind,
    ColumnKind,
    DateMention,
    DatePrecision,
    DateRole,
    RowRole,
    Section,
    Table,
)
from .prose import sentence_span
from .rules import BodyRule, DateRoleRule, Rules


@dataclass(frozen=True)
class DateContext:
    doc_id: str
    rules: Rules
    gazetteer: Gazetteer
    sections: dict[str, Section]
    default_year: int | None


def extract_dates(blocks: list[Block], tables: list[Table], ctx: DateContext) -> list[DateMention]:
    out: list[DateMention] = []
    tables_by_id = {t.id: t for t in tables}
    done: set[str] = set()
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.TABLE:
            if block.table_id and block.table_id not in done and block.table_id in tables_by_id:
                done.add(block.table_id)
                out.extend(_table_dates(tables_by_id[block.table_id], ctx, len(out)))
            continue
        out.extend(_prose_dates(block, ctx, len(out), functools.partial(_form_context, blocks, index)))
    return out


_FORM_DATE_RE = re.compile(r"(?i)^\s*(?:date(?:\s+\w+){0,3}\s*:?)?\s*$")
_RANGE_RE = re.compile(r"(?i)^\s*(?:–|—|-|to|until|till)\s*$")
_FORM_LINES = 8


def _form_context(blocks: list[Block], index: int) -> str:
    """The field names above a date that stands alone on a form ("Signed on behalf of Kent County
    Council / By: ... / Position: ... / Date: 3rd May 2019", "Date the plan was signed off by HWB:"
    then the date): the short lines before it, back to the previous field's value or sentence."""
    lines: list[str] = []
    for back in range(index - 1, max(-1, index - 1 - _FORM_LINES), -1):
        block = blocks[back]
        text = block.text.strip()
        if block.kind is BlockKind.TABLE or len(text.split()) > 20 or text.endswith((".", ";", "?", "!")):
            break
        if find_dates(text, default_year=2000):
            break  # the field above has its own date
        lines.insert(0, text)
    return " ".join(lines)


def _table_dates(table: Table, ctx: DateContext, start: int) -> list[DateMention]:
    out: list[DateMention] = []
    section = ctx.sections[table.section_id]
    for row in table.rows:
        for cell in row.cells:
            if not cell.text.strip():
                continue
            col = table.columns[cell.col]
            found = find_dates(cell.text, default_year=ctx.default_year)
            if not found and col.kind is ColumnKind.DATE and cell.value is None:
                serial = _serial(cell.text)
                found = [serial] if serial else []
            for parsed in found:
                if col.kind is ColumnKind.DATE:
                    role = col.date_role or DateRole.OTHER
                    why = ("date.column-header", 0.9) if col.date_role else ("date.column", 0.6)
                else:
                    found_role = _role_before(cell.text, parsed.start, ctx.rules)
                    role = found_role or DateRole.OTHER
                    why = _why(found_role, _rule_before(cell.text, parsed.start, ctx.rules))
                label = row.label if row.role is not RowRole.GROUP else row.label
                if cell.col == next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), -1):
                    label = _label_before(cell.text, parsed.start, ctx) or row.label
                out.append(
                    _mention(
                        ctx,
                        start + len(out),
                        parsed,
                        label=label or section.title,
                        role=role,
                        why=why,
                        section=section,
                        text=" | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip()),
                        provenance=row.provenance,
                        table_id=table.id,
                        row=row.index,
                        col=cell.col,
                    )
                )
    # a date in a table's title rows ("Last Updated: 10th July 2017")
    for header in table.header_rows:
        for col_index, text in enumerate(header):
            for parsed in find_dates(text, default_year=ctx.default_year):
                out.append(
                    _mention(
                        ctx,
                        start + len(out),
                        parsed,
                        label=table.title or section.title,
                        role=_role_before(text, parsed.start, ctx.rules) or DateRole.OTHER,
                        why=_why(
                            _role_before(text, parsed.start, ctx.rules),
                            _rule_before(text, parsed.start, ctx.rules),
                        ),
                        section=section,
                        text=text,
                        provenance=table.provenance,
                        table_id=table.id,
                        col=col_index,
                    )
                )
    return out


def _serial(text: str) -> ParsedDate | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return from_excel_serial(value)


def _prose_dates(
    block: Block, ctx: DateContext, start: int, form: Callable[[], str] = lambda: ""
) -> list[DateMention]:
    """``form`` gives the field names above the block, read only for a date that stands alone."""
    out: list[DateMention] = []
    section = ctx.sections[block.section_id]
    text = block.text
    found = find_dates(text, default_year=ctx.default_year)
    for i, parsed in enumerate(found):
        s, e = sentence_span(text, parsed.start)
        role = _role_before(text, parsed.start, ctx.rules)
        why = _why(role, _rule_before(text, parsed.start, ctx.rules))
        label = _label_before(text, parsed.start, ctx)
        if role is None and label and _is_meeting_body(label, ctx.rules) and _on_before(text, parsed.start):
            role = DateRole.MEETING
            why = ("date.meeting-body-on", 0.7)
        alone = len(found) == 1 and _FORM_DATE_RE.match(text[: parsed.start] + text[parsed.end :])
        fields = form() if alone and role is None else ""
        if fields:
            # a form's date: its field names are the lines above it
            keyed = fields + " " + text[: parsed.start]
            # field lines are not sentences: "By: A. Smith" must not cut "Signed on behalf of ..." off
            role = _role_before(keyed, len(keyed), ctx.rules, window=300, sentence=False)
            if role is not None:
                why = (_rule_before(keyed, len(keyed), ctx.rules, window=300, sentence=False), 0.7)
                label = _label_before(keyed, len(keyed), ctx, sentence=False) or label
        # "April – September 2017", "01/04/2017 to 31/03/2018": a range starts and ends
        if role is None and i + 1 < len(found) and _RANGE_RE.match(text[parsed.end : found[i + 1].start]):
            role = DateRole.START
            why = ("date.range-start", 0.7)
        if role is None and i > 0 and _RANGE_RE.match(text[found[i - 1].end : parsed.start]):
            role = DateRole.END
            why = ("date.range-end", 0.7)
        out.append(
            _mention(
                ctx,
                start + len(out),
                parsed,
                label=label or section.title,
                role=role or DateRole.OTHER,
                why=why,
                section=section,
                text=text[s:e].strip(),
                provenance=block.provenance,
            )
        )
    return out


def _on_before(text: str, pos: int) -> bool:
    return bool(re.search(r"\b(?:on|dated|of)\s*$|[–—:-]\s*$", text[max(0, pos - 12) : pos], re.I))


def _role_before(
    text: str, pos: int, rules: Rules, window: int = 120, *, sentence: bool = True
) -> DateRole | None:
    rule = _role_rule(text, pos, rules, window, sentence=sentence)
    return DateRole(rule.role) if rule else None


def _rule_before(text: str, pos: int, rules: Rules, window: int = 120, *, sentence: bool = True) -> str:
    rule = _role_rule(text, pos, rules, window, sentence=sentence)
    return rule.id if rule else ""


def _role_rule(
    text: str, pos: int, rules: Rules, window: int = 120, *, sentence: bool = True
) -> DateRoleRule | None:
    s = sentence_span(text, pos)[0] if sentence else 0
    before = text[max(s, pos - window) : pos]
    for rule, pattern in rules.compiled["date_roles"]:
        assert isinstance(rule, DateRoleRule)
        if pattern.search(before):
            return rule
    return None


def _why(role: DateRole | None, rule_id: str) -> tuple[str, float]:
    """(rule id, confidence) for a role read from the words before a date; a date with no role words
    is 'other' by default, which says little."""
    return (rule_id, 0.8) if role is not None and rule_id else ("date.no-role-words", 0.3)


def _label_before(text: str, pos: int, ctx: DateContext, *, sentence: bool = True) -> str | None:
    """The body or organisation named nearest before the date in its sentence."""
    s = sentence_span(text, pos)[0] if sentence else 0
    window = text[s:pos]
    best: tuple[int, str] | None = None
    for rule, pattern in ctx.rules.compiled["bodies"]:
        assert isinstance(rule, BodyRule)
        for m in pattern.finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), m.group(0).strip())
    for match in ctx.gazetteer.find(window):
        # an organisation's full name wins over the body word it ends with ("Wiltshire Council")
        longer = match.end >= best[0] - 1 and len(match.text) > len(best[1]) if best else False
        if best is None or match.end > best[0] + 1 or longer:
            best = (match.end, match.text)
    if best is None:
        return None
    return _tidy_label(best[1])


def _tidy_label(text: str) -> str:
    if text.isupper() and len(text) > 6:
        return " ".join(w.capitalize() if w not in ("&",) else w for w in text.lower().split())
    return text


def _is_meeting_body(label: str, rules: Rules) -> bool:
    for rule, pattern in rules.compiled["bodies"]:
        assert isinstance(rule, BodyRule)
        if rule.meeting and pattern.search(label):
            return True
    return False


def _mention(
    ctx: DateContext,
    index: int,
    parsed: ParsedDate,
    *,
    label: str,
    role: DateRole,
    why: tuple[str, float],
    section: Section,
    text: str,
    provenance,
    table_id: str | None = None,
    row: int | None = None,
    col: int | None = None,
) -> DateMention:
    return DateMention(
        id=f"d{index + 1}",
        date=parsed.iso,
        precision=DatePrecision(parsed.precision),
        raw=parsed.raw,
        label=label,
        role=role,
        section_id=section.id,
        section=section.title,
        table_id=table_id,
        row=row,
        col=col,
        text=text,
        provenance=provenance,
        warnings=list(parsed.warnings),
        rule_id=why[0],
        confidence=why[1],
    )
