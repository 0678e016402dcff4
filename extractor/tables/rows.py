"""Body rows: wrapped rows joined, each row's label and role (item, group, subtotal, total, net,
deduction), and the group it sits under."""

from __future__ import annotations

import regex as re

from ..models import Cell, Column, ColumnKind, FigureRole, Provenance, RowRole, TableRow
from ..nil import is_nil
from ..numbers import fraction_column, parse_fraction, parse_number
from ..rules import RowRoleRule, Rules
from ..units import label_unit
from .context import TableContext
from .header import _is_value_cell

_SENTENCE_STARTERS = {
    "as", "an", "a", "the", "this", "these", "we", "in", "our", "it", "there", "following", "some",
    "recruitment", "research", "to", "from", "with", "funding", "investment",
}  # fmt: skip

_CONNECTORS = {"of", "and", "&", "the", "to", "in", "for", "a", "on", "at", "by", "with", "/", "-", "–"}


def _merge_continuations(
    body: list[list[str]],
    provs: list[Provenance],
    stub: int = 0,
    styles: list[tuple[bool | None, float | None]] | None = None,
) -> tuple[list[list[str]], list[Provenance], list[tuple[bool | None, float | None]]]:
    """A row that only carries on the row above (its label starts in lower case, or it has no
    label and no values) is part of that row: a wrapped label or a row cut by a page break.

    Args:
        stub: the column of row labels (not always the first: budget statements put it between years).
        styles: each row's (bold, indent), carried along with the rows kept.
    """
    rows: list[list[str]] = []
    out_provs: list[Provenance] = []
    out_styles: list[tuple[bool | None, float | None]] = []
    for n, (row, prov) in enumerate(zip(body, provs, strict=True)):
        first = row[stub].strip() if stub < len(row) else ""
        rest = [c for k, c in enumerate(row) if k != stub]
        has_values = any(_is_value_cell(c) for c in rest)
        continues = (
            bool(rows)
            and not has_values
            and (
                (
                    first[:1].islower()
                    and not re.match(r"^[a-z][.)]\s", first)
                    and not re.match(r"^[a-z]+[A-Z]", first)
                )
                or (not first and any(c.strip() for c in rest) and _looks_cut(rows[-1], stub))
            )
            # a figure never wraps: text under a figure ("Box 1" under a total) is a row of its own
            and not any(
                c.strip() and _is_value_cell(rows[-1][k]) for k, c in enumerate(row) if k < len(rows[-1])
            )
        )
        if continues:
            prev = rows[-1]
            for i, cell in enumerate(row):
                if cell.strip():
                    prev[i] = (prev[i] + " " + cell).strip() if prev[i] else cell
            out_provs[-1] = _span(out_provs[-1], prov)
            continue
        rows.append(list(row))
        out_provs.append(prov)
        out_styles.append(styles[n] if styles is not None and n < len(styles) else (None, None))
    return rows, out_provs, out_styles


def guess_stub(body: list[list[str]]) -> int:
    """The column of row labels when the layout does not say: the first, unless it holds mostly
    figures and another column holds more words (a budget statement's labels between its years)."""
    if not body:
        return 0
    width = max(len(r) for r in body)
    words = [
        sum(1 for r in body if k < len(r) and r[k].strip() and not _is_value_cell(r[k])) for k in range(width)
    ]
    if words and words[0] * 2 >= sum(1 for r in body if r and r[0].strip()):
        return 0
    return max(range(width), key=lambda k: (words[k], -k))


def _looks_cut(row: list[str], stub: int = 0) -> bool:
    return any(c.strip() and not re.search(r"[.!?)]\s*$", c.strip()) for k, c in enumerate(row) if k != stub)


def _span(a: Provenance, b: Provenance) -> Provenance:
    if a.line is not None:
        return Provenance(line=a.line, line_end=b.line_end or b.line)
    if a.page is not None and b.page is not None and b.page != a.page:
        return Provenance(page=a.page, page_end=b.page, bbox=a.bbox)
    if a.bbox and b.bbox:
        return Provenance(
            page=a.page, bbox=(min(a.bbox[0], b.bbox[0]), a.bbox[1], max(a.bbox[2], b.bbox[2]), b.bbox[3])
        )
    return a


def _rows(
    body: list[list[str]],
    provs: list[Provenance],
    columns: list[Column],
    label_col: int,
    ctx: TableContext,
    styles: list[tuple[bool | None, float | None]] | None = None,
) -> list[TableRow]:
    """Each body row's label, cells and role from its words. A row with no label of its own keeps an
    empty label here: :mod:`.totals` decides whether it is a total or continues the row above."""
    rows: list[TableRow] = []
    group: str | None = None
    after_gross = False  # the row above is a positive gross/total line or a deduction under one
    fractions = {
        col.index
        for col in columns
        if col.kind is ColumnKind.VALUE
        and fraction_column([r[col.index] for r in body if col.index < len(r)])
    }
    for index, (row, prov) in enumerate(zip(body, provs, strict=True)):
        label_text = row[label_col] if label_col < len(row) else ""
        label = row_label(label_text) or _label_elsewhere(row, columns, label_col)
        cells: list[Cell] = []
        own_unit = label_unit(label_text)
        for col in columns:
            text = row[col.index] if col.index < len(row) else ""
            cell = Cell(col=col.index, text=text)
            if col.kind is ColumnKind.VALUE:
                unit, scale = own_unit if own_unit is not None else (col.unit, col.scale)
                parsed = parse_number(text.rstrip("*†"), unit=unit, scale=scale)
                if parsed is None and col.index in fractions:
                    parsed = parse_fraction(text)
                if parsed is not None and parsed.nil:
                    cell = cell.model_copy(update={"nil": True})
                elif parsed is not None:
                    cell = cell.model_copy(
                        update={"value": parsed.value, "unit": parsed.unit, "raw_number": parsed.raw}
                    )
                elif is_nil(text):
                    cell = cell.model_copy(update={"nil": True})
            cells.append(cell)
        cells = _shared_row_unit(cells, columns)
        values = [c.value for c in cells if c.value is not None]
        others = [c for c in cells if c.col != label_col and c.text.strip()]
        bold, indent = styles[index] if styles is not None and index < len(styles) else (None, None)
        role = _row_role(label, values, after_gross, ctx.rules)
        if (
            role is RowRole.ITEM
            and group is not None
            and _row_role(group, [], False, ctx.rules) is RowRole.DEDUCTION
        ):
            role = RowRole.DEDUCTION  # the lines under a "Less:" heading are what it takes away
        if not values and not others and label:
            role = RowRole.GROUP
            group = label
        elif role in (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET):
            group = None  # a total closes the group it sums
        if role in (RowRole.TOTAL, RowRole.SUBTOTAL):
            after_gross = any(v > 0 for v in values)
        elif role is not RowRole.DEDUCTION:
            after_gross = False
        rows.append(
            TableRow(
                index=index,
                label=label,
                role=role,
                cells=cells,
                group=group if role is not RowRole.GROUP else None,
                bold=bold,
                indent=indent,
                provenance=prov,
            )
        )
    return rows


def _label_elsewhere(row: list[str], columns: list[Column], label_col: int) -> str:
    """A row with an empty label cell may write 'Total' in another text column (the ID column of a
    scheme table)."""
    for col in columns:
        if col.index == label_col or col.kind is ColumnKind.VALUE:
            continue
        text = row[col.index].strip() if col.index < len(row) else ""
        if text and _row_role_words(text):
            return row_label(text)
    return ""


def _row_role_words(text: str) -> bool:
    return bool(re.match(r"(?i)^\s*(?:grand\s+|sub[\s-]?)?totals?\b|^\s*(?:gross|net)\b", text))


def _shared_row_unit(cells: list[Cell], columns: list[Column]) -> list[Cell]:
    """A target written '> 69%' and a baseline written '73.3' in one metric row measure the same
    thing: a bare number takes the unit its neighbours state. Only for target/baseline/actual
    columns, where every cell of a row is the same measure."""
    metric_cols = {
        c.index for c in columns if c.role in (FigureRole.TARGET, FigureRole.BASELINE, FigureRole.ACTUAL)
    }
    if len(metric_cols) < 2:
        return cells
    stated = {
        c.unit
        for c in cells
        if c.col in metric_cols and c.value is not None and c.raw_number and "%" in c.raw_number
    }
    if len(stated) != 1:
        return cells
    unit = stated.pop()
    return [
        c.model_copy(update={"unit": unit})
        if c.col in metric_cols and c.value is not None and c.unit in (None, "count")
        else c
        for c in cells
    ]


def is_side_heading(label: str, rules: Rules) -> bool:
    """A heading over a side calculation ("MEMORANDUM:", "Note:"), whose lines no later total counts."""
    return _row_role(label, [], False, rules) is RowRole.NOTE


def _row_role(label: str, values: list[float], after_gross: bool, rules: Rules) -> RowRole:
    text = label.strip()
    for rule, m in rules.all_matches("row_roles", text):
        assert isinstance(rule, RowRoleRule)
        if rule.anchor == "start" and m.start() > 0:
            continue
        return RowRole(rule.role)
    # straight after a positive gross line, a line of negatives is a deduction ("iBCF Grant
    # Funding -6,276 0"); further down, or in a table of savings where every line is negative,
    # it is just an item
    if after_gross and values and all(v <= 0 for v in values) and any(v < 0 for v in values):
        return RowRole.DEDUCTION
    return RowRole.ITEM


def row_label(text: str) -> str:
    """The label a reader gives a row: a cell's title line, without list dashes or footnote marks."""
    text = text.strip()
    if not text:
        return ""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        rest = " ".join(lines[1:])
        if len(lines[0].split()) <= 8 and len(rest.split()) >= 10 and re.search(r"[.!?]\s*$|\.\s", rest):
            label = lines[0]
        else:
            label = " ".join(lines)
    else:
        label = split_lead_title(lines[0])[0]
    label = re.sub(r"^[-–•*]\s+", "", label)
    return re.sub(r"\s+", " ", label).strip()


def split_lead_title(text: str) -> tuple[str, str]:
    """'Market Resilience As a result of ...' -> ('Market Resilience', 'As a result of ...').

    A long cell that opens with a short Title Case phrase followed by the start of a sentence (or a
    sum of money) has that phrase as its title. Short cells are returned whole.
    """
    words = text.split()
    if len(words) < 12:
        return text, ""
    for i in range(1, min(8, len(words) - 4) + 1):
        lead = words[:i]
        nxt = words[i]
        if not all(w[:1].isupper() or w.lower() in _CONNECTORS or w[:1].isdigit() for w in lead):
            break
        if lead[-1].lower() in _CONNECTORS:
            continue
        if nxt.startswith("£") or (nxt.lower() in _SENTENCE_STARTERS and nxt[:1].isupper()):
            return " ".join(lead), " ".join(words[i:])
    return text, ""
