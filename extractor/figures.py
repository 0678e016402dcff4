"""Stage 4a: every number becomes a :class:`Figure` — table cells and the numbers in prose.

A table cell's figure is labelled by its row and column the way a reader would read it: the row
label, the column header, the column's financial year and organisation, and a role from the
column (target, baseline ...) or the row (total). A number in prose is labelled by the phrase it
measures ("£1.2m in *social work capacity*"), with the sentence kept as its text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .cell_source import figure_provenance
from .dates import find_dates
from .gazetteer import Gazetteer
from .models import Block, BlockKind, ColumnKind, Figure, FigureRole, RowRole, Section, Table
from .numbers import COUNT, GBP, PERCENT, ParsedNumber, as_count, find_numbers, parse_number
from .prose import label_after, label_before, period_near, role_near, sentence_span
from .rules import HeaderRule, MetricRule, Rules
from .tables import period_of


@dataclass(frozen=True)
class FigureContext:
    doc_id: str
    rules: Rules
    gazetteer: Gazetteer
    area: str | None
    sections: dict[str, Section]


_ROLE_BY_TABLE_TYPE = {
    "contribution": FigureRole.CONTRIBUTION,
    "scheme": FigureRole.ALLOCATION,
    "allocation": FigureRole.ALLOCATION,
}


def extract_figures(blocks: list[Block], tables: list[Table], ctx: FigureContext) -> list[Figure]:
    """Every figure in document order: table cells, numbers in table text, numbers in prose."""
    figures: list[Figure] = []
    tables_by_id = {t.id: t for t in tables}
    done_tables: set[str] = set()
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.TABLE:
            if block.table_id and block.table_id not in done_tables and block.table_id in tables_by_id:
                done_tables.add(block.table_id)
                figures.extend(_table_figures(tables_by_id[block.table_id], ctx, len(figures)))
            continue
        if _is_item_number(blocks, index):
            continue
        text = _strip_number_prefix(block)
        found = _prose_figures(text, block, ctx, len(figures))
        key = _form_key(blocks, index, text, ctx.rules) if found else None
        if key is not None:
            found = _keyed(found, key)
        figures.extend(found)
    return qualify_repeated_labels(figures, tables, {k: v.title for k, v in ctx.sections.items()})


def qualify_repeated_labels(
    figures: list[Figure], tables: list[Table], sections: dict[str, str]
) -> list[Figure]:
    """Give a reader's label to rows that share a label but not their numbers.

    Two rows of one table called "Integrated Care and Support" with different amounts are told
    apart the way a reader would: by the column that differs between them ("... (Community
    Health)" / "... (Social Care)"). Rows in different tables that still clash are told apart by
    their table (its title, its row header, its section). Rows that repeat a label with the same
    numbers (one scheme listed in two tables) keep it as it is.
    """
    by_id = {t.id: t for t in tables}
    qualifier: dict[tuple[str, int], str] = {}
    # 1. inside one table: the column that tells the rows apart
    for rows in _label_groups(figures, by_id, qualifier).values():
        per_table: dict[str, list[int]] = {}
        for table_id, row_index in rows:
            per_table.setdefault(table_id, []).append(row_index)
        for table_id, indexes in per_table.items():
            if len(indexes) < 2 or not _disagree([rows[(table_id, i)] for i in indexes]):
                continue
            for i in indexes:
                cell = _distinguishing_cell(by_id[table_id], i, indexes)
                if cell:
                    qualifier[(table_id, i)] = cell
    # 2. across tables: a label that still means different numbers in different tables gets the
    #    first kind of table context that differs
    for rows in _label_groups(figures, by_id, {}).values():
        table_ids = sorted({t for t, _ in rows})
        if len(table_ids) < 2 or not _disagree(list(rows.values())):
            continue
        contexts = {
            t: [
                by_id[t].title or "",
                next((c.header for c in by_id[t].columns if c.kind is ColumnKind.LABEL), ""),
                sections.get(by_id[t].section_id, ""),
            ]
            for t in table_ids
        }
        for level in range(3):
            names = [contexts[t][level] for t in table_ids]
            if all(names) and len(set(names)) == len(names):
                for table_id, row_index in rows:
                    extra = " ".join(contexts[table_id][level].split()[:10]).rstrip(" –-:")
                    before = qualifier.get((table_id, row_index))
                    qualifier[(table_id, row_index)] = f"{before}; {extra}" if before else extra
                break
    if not qualifier:
        return figures
    out = []
    for f in figures:
        q = qualifier.get((f.table_id or "", f.row if f.row is not None else -1))
        if q and f.table_id and f.col is not None and q.lower() not in f.label.lower():
            f = f.model_copy(update={"label": f"{f.label} ({q})"})
        out.append(f)
    return out


def _label_groups(
    figures: list[Figure], by_id: dict[str, Table], qualifier: dict[tuple[str, int], str]
) -> dict[str, dict[tuple[str, int], dict[str, float | None]]]:
    """Table rows grouped by their (qualified so far) label: row -> {column meaning: value}."""
    groups: dict[str, dict[tuple[str, int], dict[str, float | None]]] = {}
    for f in figures:
        if f.table_id is None or f.row is None or f.col is None:
            continue
        if by_id[f.table_id].columns[f.col].kind is not ColumnKind.VALUE:
            continue
        row_key = (f.table_id, f.row)
        key = _norm_label(f.label + " " + qualifier.get(row_key, ""))
        if not key:
            continue
        # compare rows by what a column means (its year, else its name), not by its position
        column_key = f.period or _norm_label(f.column or "") or str(f.col)
        groups.setdefault(key, {}).setdefault(row_key, {})[column_key] = f.value
    return {k: v for k, v in groups.items() if len(v) > 1}


def _disagree(rows: list[dict[str, float | None]]) -> bool:
    """Do any two rows give different values for the same column meaning?"""
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if any(k in b and b[k] != v for k, v in a.items()):
                return True
    return False


def _distinguishing_cell(table: Table, row_index: int, same_label_rows: list[int]) -> str | None:
    """The short text cell that differs between rows sharing a label (e.g. an 'Area of Spend')."""
    rows = {r.index: r for r in table.rows}
    for col in table.columns:
        if col.kind not in (ColumnKind.TEXT, ColumnKind.STATUS, ColumnKind.REF):
            continue
        texts = [" ".join(rows[i].cells[col.index].text.split()) for i in same_label_rows if i in rows]
        if len(set(texts)) == len(texts) and all(0 < len(t.split()) <= 6 for t in texts):
            return " ".join(rows[row_index].cells[col.index].text.split())
    return None


def _norm_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


@dataclass(frozen=True)
class _FormKey:
    """What a form's field names a value line by: 'Minimum required value of Better Care Fund',
    with '2017/18:' and '2018/19:' for its two amounts."""

    label: str
    periods: tuple[str, ...]
    skip: bool = False  # 'Contact number:', 'Tel:': an identifier, not a quantity
    role: FigureRole | None = None  # what the field name says, as a column header would ('... Allocation')


_PERIOD_KEY_RE = re.compile(r"^\s*(?:Q[1-4]\s+)?(?:19|20)?\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}\s*:?\s*$")


def _form_key(blocks: list[Block], index: int, text: str, rules: Rules) -> _FormKey | None:
    """A block of nothing but numbers under a form's field names (a template's cover sheet, a plan's
    front page): the field name on the line(s) before it is the label, and a run of years
    ('2017/18:', '2018/19:') gives each number its year. Returns ``None`` for anything else."""
    numbers = find_numbers(text)
    if not numbers or re.sub(r"[\s,;:|/–-]", "", _without(text, numbers)):
        return None
    periods: list[str] = []
    back = index - 1
    while back >= 0 and len(periods) < 8 and _PERIOD_KEY_RE.match(blocks[back].text):
        periods.insert(0, blocks[back].text.strip().rstrip(":").strip())
        back -= 1
    names: list[str] = []
    while back >= 0 and len(names) < 3:
        block = blocks[back]
        prev = block.text.strip()
        if block.kind is BlockKind.TABLE or not prev or len(prev.split()) > 12:
            break
        if prev.endswith((".", ";", "?", "!")):
            break
        if find_numbers(prev) or find_dates(prev, default_year=2000):
            if not _PERIOD_KEY_RE.search(prev.split()[-1]) or not prev.endswith(":"):
                break  # a line with its own numbers or date is another field's
        if names and prev.endswith(":"):
            break  # the field before this one
        names.insert(0, prev)
        if prev.endswith(":") and not periods:
            break
        back -= 1
    if not names:
        return None
    closed = names[-1].endswith(":")
    if not closed and len(periods) != len(numbers):
        return None
    label = " ".join(" ".join(names).split()).rstrip(":").strip()
    own_period = period_of(label) or ""
    if len(periods) != len(numbers):
        periods = [own_period] * len(numbers) if own_period else []
    ident = rules.first_match("references", label)
    skip = ident is not None and ident[1].end() >= len(label) - 1
    roles = [
        (r.priority, FigureRole(r.role))
        for r, _ in rules.all_matches("header_synonyms", label)
        if isinstance(r, HeaderRule) and r.role is not None
    ]
    return _FormKey(
        label=label,
        periods=tuple(period_of(p) or p for p in periods),
        skip=skip,
        role=max(roles)[1] if roles else None,
    )


def _without(text: str, numbers: list[ParsedNumber]) -> str:
    for n in sorted(numbers, key=lambda n: n.start, reverse=True):
        text = text[: n.start] + text[n.end :]
    return text


def _keyed(found: list[Figure], key: _FormKey) -> list[Figure]:
    if key.skip:
        return []
    out = []
    for i, f in enumerate(found):
        update: dict[str, object] = {"label": key.label}
        if key.role is not None and f.role is FigureRole.OTHER:
            update["role"] = key.role
        if key.periods and i < len(key.periods) and key.periods[i]:
            update["period"] = key.periods[i]
        out.append(f.model_copy(update=update))
    return out


def _is_item_number(blocks: list[Block], index: int) -> bool:
    """'4.' on a line of its own, or '2.2' then the measure it numbers ('Reduce the average length
    of days delay ...') among '2.1', '2.3' ...: a list's numbering, not a quantity. A lone decimal
    with no siblings ('81.2' in a flattened table) stays a number."""
    m = _LONE_NUMBER_RE.match(blocks[index].text)
    if not m:
        return False
    text = blocks[index].text.strip()
    if text.endswith((".", ")")) or text.startswith("("):
        return True
    nxt = blocks[index + 1].text.strip() if index + 1 < len(blocks) else ""
    if "." not in text or len(nxt.split()) < 3 or not re.search(r"[A-Za-z]", nxt.split()[0] + nxt.split()[1]):
        return False
    head = m.group(1)
    near = blocks[max(0, index - 6) : index] + blocks[index + 1 : index + 7]
    return any(
        (o := _LONE_NUMBER_RE.match(b.text)) and o.group(1) == head and b.text.strip() != text for b in near
    )


def _strip_number_prefix(block: Block) -> str:
    """Paragraph numbers ('12. ', '(a) ') are not quantities: blank them, keeping offsets."""
    text = block.text
    if block.numbered:
        m = re.match(r"^\s*\(?" + re.escape(block.numbered) + r"[.)]?\s", text)
        if m:
            return " " * m.end() + text[m.end() :]
    return text


# --------------------------------------------------------------------------- tables


def _table_figures(table: Table, ctx: FigureContext, start: int) -> list[Figure]:
    out: list[Figure] = []
    section = ctx.sections[table.section_id]
    value_cols = [c for c in table.columns if c.kind is ColumnKind.VALUE]
    label_col = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    table_role = _ROLE_BY_TABLE_TYPE.get(table.table_type or "")
    for row in table.rows:
        if row.role is RowRole.GROUP:
            continue
        row_text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
        row_values: list[float] = []
        for cell in row.cells:
            col = table.columns[cell.col]
            if col.kind is not ColumnKind.VALUE or cell.value is None:
                continue
            role = col.role or (
                FigureRole.TOTAL if row.role in (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET) else None
            )
            role = role or table_role or FigureRole.OTHER
            unit = _unit_for(cell.unit, row.label, ctx.rules)
            warnings = []
            parsed_warnings = _cell_warnings(cell.raw_number or cell.text)
            warnings.extend(parsed_warnings)
            row_values.append(cell.value)
            out.append(
                Figure(
                    id=f"f{start + len(out) + 1}",
                    value=cell.value,
                    unit=unit,
                    raw=cell.raw_number or cell.text,
                    label=row.label,
                    column=col.header or None,
                    period=col.period,
                    organisation=col.organisation,
                    role=role,
                    section_id=table.section_id,
                    section=section.title,
                    table_id=table.id,
                    row=row.index,
                    col=cell.col,
                    text=row_text,
                    provenance=figure_provenance(row, cell),
                    warnings=warnings,
                )
            )
        # numbers written inside the row's words: a label cell's description, a comments column
        for cell in row.cells:
            col = table.columns[cell.col]
            if (
                col.kind not in (ColumnKind.LABEL, ColumnKind.TEXT, ColumnKind.STATUS)
                or not cell.text.strip()
            ):
                continue
            lone_value_col = value_cols[0] if len(value_cols) == 1 else None
            defines = cell.col != label_col and _defines_measure(col.header, ctx.rules)
            for number in _numbers_in(cell.text, ctx.rules):
                if (
                    cell.col == label_col
                    and number.start < len(row.label)
                    and row.label
                    and number.raw in row.label
                ):
                    continue  # a number that is part of the label's own words ("65+", "per 100,000")
                if defines and number.unit != GBP:
                    continue  # "(65 and over) still at home 91 days after discharge": the measure's name
                if any(abs(number.value - v) < 1e-6 for v in row_values):
                    continue  # the cell says in words what the value column already holds
                into_col = (
                    lone_value_col is not None
                    and not row_values
                    and number.unit == GBP
                    and cell.col == label_col
                )
                s, e = sentence_span(cell.text, number.start)
                out.append(
                    Figure(
                        id=f"f{start + len(out) + 1}",
                        value=number.value,
                        unit=_unit_for(number.unit, cell.text, ctx.rules),
                        raw=number.raw,
                        label=row.label or label_after(cell.text, number.end),
                        column=(lone_value_col.header if into_col and lone_value_col else col.header) or None,
                        period=(lone_value_col.period if into_col and lone_value_col else None)
                        or _period(cell.text, number.start),
                        organisation=lone_value_col.organisation if into_col and lone_value_col else None,
                        role=(table_role if into_col and table_role else None)
                        or _prose_role(cell.text, number, ctx.rules),
                        comparator=number.comparator,
                        section_id=table.section_id,
                        section=section.title,
                        table_id=table.id,
                        row=row.index,
                        col=cell.col,
                        text=cell.text[s:e].replace("\n", " ").strip() or row_text,
                        provenance=figure_provenance(row, cell),
                        warnings=list(number.warnings),
                    )
                )
    return out


def _defines_measure(header: str, rules: Rules) -> bool:
    """A 'Definition' column spells out what its row measures ('per 100,000 population 65+');
    its numbers belong to that name, not to the row's results. Header words: ``record_fields``."""
    hits = rules.all_matches("record_fields", header or "")
    return any(getattr(rule, "field", None) == "definition" for rule, _ in hits)


def _cell_warnings(text: str) -> list[str]:
    parsed = parse_number(text.rstrip("*†"))
    return list(parsed.warnings) if parsed else []


def _unit_for(unit: str | None, label: str, rules: Rules) -> str:
    """A pound figure whose row names a rate ('£ per contact hour') is a rate (GBP/hour)."""
    if unit == GBP:
        for rule, pattern in rules.compiled["metric_words"]:
            if isinstance(rule, MetricRule) and rule.kind == "rate_unit" and pattern.search(label):
                return rule.value
    return unit or COUNT


# --------------------------------------------------------------------------- prose


# "1) Discharge ...", "2. Develop ...", and the markers a flattened cell leaves glued or at a line's
# end: "... underway to identify current variations 3)", "... who deliver ICB)3) Discharge"
_LIST_MARKER_RE = re.compile(
    r"(?m)(?:^|(?<=[.;:]\s))\s*\(?\d{1,2}[.)](?=\s|$)|(?:(?<=[\s)\"'”’])|^)\d{1,2}\)(?=\s|$|[A-Za-z.])"
)
# a block that is nothing but an item number: "4.", "(b)", or a measure's ref "2.2" on its own line
_LONE_NUMBER_RE = re.compile(r"^\s*\(?(\d{1,2})(?:\.\d{1,2}){0,3}[.)]?\s*$")


def _numbers_in(text: str, rules: Rules) -> list[ParsedNumber]:
    taken = [(d.start, d.end) for d in find_dates(text, default_year=2000)]
    # "1) Discharge planning ...", "2. Develop ...": item markers inside a cell, not quantities
    taken += [m.span() for m in _LIST_MARKER_RE.finditer(text)]
    found = find_numbers(
        text, exclude=taken, reference_words=rules.reference_words, trailing_patterns=rules.trailing_patterns
    )
    return [_money_or_count(n, text, rules) for n in found]


_MONEY_WINDOW = 150


def _money_or_count(number: ParsedNumber, text: str, rules: Rules) -> ParsedNumber:
    """A bare "0.5m" is money when money is near ("home support (£0.5m), care homes (0.5m)", "we
    will invest 2.5m"); with neither a pound sign nor a money word around ("per 100k of
    population", "1.2m hours") it is a large count."""
    if number.unit != GBP or number.unit_explicit:
        return number
    if "£" in text[max(0, number.start - _MONEY_WINDOW) : number.end + _MONEY_WINDOW]:
        return number
    s, e = sentence_span(text, number.start)
    cues = rules.all_matches("record_words", text[s:e])
    if any(getattr(rule, "kind", None) == "money_cue" for rule, _ in cues):
        return number
    return as_count(number, "no money near it")


def _prose_figures(text: str, block: Block, ctx: FigureContext, start: int) -> list[Figure]:
    out: list[Figure] = []
    section = ctx.sections[block.section_id]
    previous: tuple[int, str] | None = None  # (sentence start, label) of the last number read
    for number in _numbers_in(text, ctx.rules):
        s, e = sentence_span(text, number.start)
        sentence = text[s:e].strip()
        label = _prose_label(text, number)
        if not label and previous is not None and previous[0] == s:
            # "Annual cost £2m, with £1m committed for 17/18 and £2m for 18/19": the later sums
            # are parts of the first one
            label = previous[1]
        label = label or section.title
        previous = (s, label)
        orgs = ctx.gazetteer.find(text[s:e])
        out.append(
            Figure(
                id=f"f{start + len(out) + 1}",
                value=number.value,
                unit=_unit_for(number.unit, sentence, ctx.rules),
                raw=number.raw,
                label=label,
                period=_period(text, number.start),
                organisation=orgs[0].org.name if len(orgs) == 1 else None,
                role=_prose_role(text, number, ctx.rules),
                comparator=number.comparator,
                section_id=block.section_id,
                section=section.title,
                text=sentence,
                provenance=block.provenance,
                warnings=list(number.warnings),
            )
        )
    return out


_VERBS = {
    "is", "was", "are", "were", "will", "would", "has", "have", "had", "be", "been", "receive", "receives",
    "invest", "invested", "spend", "spent", "allocated", "allocate", "rise", "rising", "fall",
    "increase", "increased", "reduce", "reduced", "provide", "provides", "fund", "funds", "give", "gives",
}  # fmt: skip


def _listed_before(text: str, pos: int) -> str:
    """'... £6.4m and community nursing £9.875m': the noun phrase a list item puts before its sum."""
    m = re.search(
        r"(?:\band\s+|\bor\s+|,\s*|;\s*)((?:[A-Za-z][\w'’&-]*\s+){0,4}[A-Za-z][\w'’&-]*)\s*(?:of|at|:)?\s*$",
        text[max(0, pos - 60) : pos],
    )
    if not m:
        return ""
    words = m.group(1).split()
    if any(w.lower() in _VERBS for w in words) or words[-1].lower() in {
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "in",
        "with",
        "by",
    }:
        return ""
    return m.group(1)


def _prose_label(text: str, number: ParsedNumber) -> str:
    """The phrase a number in prose measures, or '' when the words around it do not say."""
    lead = _clause_lead(text, number.start) or _listed_before(text, number.start)
    if lead:
        return lead
    # "increased funding (£2.171m) for home care": read on past the aside's closing bracket
    end = number.end + 1 if text[number.end : number.end + 1] == ")" and number.unit == GBP else number.end
    after = label_after(text, end) if _money_then_phrase(text, end) else ""
    if number.unit == PERCENT and not re.match(r"\s*(?:of|in|on)\s", text[end : end + 5]):
        after = ""
    if number.unit == COUNT:
        after = label_after(text, end)
    if after and re.match(r"^\w+ed\b", after) and not re.match(r"^(?:need|bed|speed|seed)\b", after):
        after = ""  # "£1m committed for ...": a verb, not the thing measured
    if after and re.match(r"(?i)^(?:and|or|but|with|while|whilst)\b", after):
        after = ""  # "£6.4m and community nursing ...": the next item, not this one
    label = after or label_before(text, number.start) or _subject(text, number.start)
    if re.fullmatch(r"[\d/\-–.() ]+", label or "") or _ROLE_ONLY_RE.fullmatch(label or ""):
        label = ""  # "£2m for 18/19": a year is when, not what; "from a baseline" says how, not what
    return _ROLE_TAIL_RE.sub("", label) or _aside_of(text, number.start)


# "(from a baseline of 7,036)": words that give a number's role, not the thing it measures
_ROLE_ONLY_RE = re.compile(
    r"(?i)\s*(?:from\s+)?(?:a|the|our|an)?\s*(?:baseline|target|trajectory|ambition)\s*"
)
_ROLE_TAIL_RE = re.compile(r"(?i)\s+from\s+(?:a\s+|the\s+)?baseline\s*$")


def _aside_of(text: str, pos: int) -> str:
    """'Increase the number of carers assessed (from a baseline of 7,036 in 2015/16)': a number in a
    bracketed aside measures the phrase the aside hangs on."""
    s, _ = sentence_span(text, pos)
    opened = text.rfind("(", s, pos)
    if opened < 0 or ")" in text[opened:pos] or not re.search(r"[A-Za-z]{2,}", text[opened:pos]):
        # "(5,869)" after "the previous Quarter" repeats the measure; "(from a baseline of" qualifies it
        return ""
    clause = text[s:opened]
    cut = max(clause.rfind(", "), clause.rfind("; "))
    if cut > 0 and len(clause[cut + 2 :].split()) >= 2:
        clause = clause[cut + 2 :]  # "..., an increase of £93k (9.3%)": the clause it hangs on
    words = clause.split()
    if not 2 <= len(words) <= 20:
        return ""
    return " ".join(words).strip(" ,;:–-")


def _subject(text: str, pos: int) -> str:
    """'Home support services will receive £6.4m': the sentence's subject, when it is short."""
    s, _ = sentence_span(text, pos)
    words = text[s:pos].split()
    subject: list[str] = []
    for w in words:
        if w.lower().strip(",") in _VERBS or w.lower() in {"can", "may", "should", "must", "shall"}:
            break
        subject.append(w.strip(","))
    else:
        return ""
    if not 1 <= len(subject) <= 6 or subject[0].lower() in {
        "we",
        "it",
        "this",
        "there",
        "they",
        "these",
        "our",
        "in",
        "from",
        "by",
    }:
        return ""
    return " ".join(subject)


def _clause_lead(text: str, pos: int) -> str:
    """'Annual cost £2m': a clause that opens with a short noun phrase and then the number."""
    m = re.search(
        r"(?:^|[.;:]\s+|\n)([A-Z][\w'’-]*(?:\s+[\w'’&-]+){0,3})\s*(?:of|:|-|–|=)?\s*$",
        text[max(0, pos - 60) : pos],
    )
    if not m:
        return ""
    phrase = m.group(1)
    words = phrase.split()
    verbs = {
        "is",
        "was",
        "are",
        "were",
        "will",
        "has",
        "have",
        "invest",
        "invested",
        "spent",
        "spend",
        "allocated",
        "be",
    }
    if any(w.lower() in verbs for w in words) or words[0].lower() in {
        "we",
        "it",
        "this",
        "there",
        "the",
        "a",
        "an",
        "our",
        "in",
        "of",
        "by",
        "from",
    }:
        return ""
    return phrase


def _money_then_phrase(text: str, end: int) -> bool:
    return bool(_MONEY_THEN_RE.match(text[end : end + 20]))


_MONEY_THEN_RE = re.compile(
    r"\s*(?:in|on|for|towards|into|to fund|to purchase|to support|of\s+\w+\s+funding|[a-z])"
)


def _period(text: str, pos: int) -> str | None:
    near = period_near(text, pos)
    return period_of(near) if near else None


def _prose_role(text: str, number: ParsedNumber, rules: Rules) -> FigureRole:
    role = role_near(text, number.start, rules)
    return FigureRole(role) if role else FigureRole.OTHER
