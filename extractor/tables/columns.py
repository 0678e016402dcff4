"""Columns: what each holds (row labels, figures, references, dates, status, text) and what its
header says of its figures (period, organisation, role, unit and scale)."""

from __future__ import annotations

import regex as re

from ..dates import find_dates, period_of_date
from ..models import Column, ColumnKind, DateRole, FigureRole
from ..nil import is_nil
from ..numbers import fraction_column, parse_number
from ..periods import financial_years_in, is_period, period_of
from ..rules import HeaderRule, Rules
from ..units import COUNT, unit_from_header
from .context import TableContext

_REF_RE = re.compile(
    r"^(?:[A-Z]{1,4}[\s.-]?)?\d{1,3}(?:[.\-]\d{1,3}){0,3}[a-z]?(?:,[a-z])*(?:\s*[A-Za-z]{0,3})?$|^(?:chg|change|ref|id)\s*\d+$",
    re.I,
)


def _columns(
    headers: list[str],
    header_units: list[str],
    body: list[list[str]],
    ctx: TableContext,
    table_unit: str | None,
    table_scale: float,
    table_period: str | None,
) -> list[Column]:
    columns: list[Column] = []
    for c, header in enumerate(headers):
        cells = [row[c].strip() for row in body if c < len(row) and row[c].strip()]
        rule = header_rule(header, ctx.rules)
        unit, scale = unit_from_header(header_units[c]) if header_units[c] else unit_from_header(header)
        if unit is None and table_unit is not None:
            unit, scale = table_unit, table_scale
        if unit is None and rule is not None and rule.unit:
            unit = rule.unit  # "Amount" over a spend list's 298,800.00
        if unit is None:
            unit = unit_from_words(header, ctx.rules)
        if fraction_column(cells):
            unit, scale = COUNT, 1.0  # a ratio has no unit, whatever the table's money columns say
        kind = _column_kind(c, header, cells, rule)
        org = ctx.gazetteer.resolve(header, area=ctx.area) if header else None
        change = names_a_change(header)
        period = (period_of_date(header) or period_of(header)) if not change else None
        role = FigureRole(rule.role) if rule is not None and rule.role else None
        date_role = DateRole(rule.date_role) if rule is not None and rule.date_role else None
        if kind is ColumnKind.VALUE and period is None and table_period is not None and not change:
            period = table_period
        columns.append(
            Column(
                index=c,
                header=header,
                kind=kind,
                period=period,
                organisation=org.name if org is not None else None,
                role=role,
                unit=unit,
                scale=scale,
                date_role=date_role,
            )
        )
    _choose_label(columns, body, ctx.rules)
    _side_by_side_labels(columns, body)
    columns = _contents_pages(columns, body)
    return _shared_money(_money_by_rows(columns, body, ctx.rules), body)


_LEADER_RE = re.compile(r"\.{4,}|(?:\. ){3,}|…{2,}|_{4,}")


def _contents_pages(columns: list[Column], body: list[list[str]]) -> list[Column]:
    """A table of contents ("2. Background .......... 7"): its numbers are pages, not figures."""
    label = next((c.index for c in columns if c.kind is ColumnKind.LABEL), None)
    if label is None:
        return columns
    labels = [row[label] for row in body if label < len(row) and row[label].strip()]
    leaders = sum(1 for t in labels if _LEADER_RE.search(t))
    numbered = sum(1 for t in labels if _SECTION_NUMBER_RE.match(t))
    if not labels or (leaders < 0.25 * len(labels) and numbered < 0.5 * len(labels)):
        return columns
    out = []
    for c in columns:
        if c.kind is ColumnKind.VALUE and _page_numbers([row[c.index] for row in body if c.index < len(row)]):
            c = c.model_copy(update={"kind": ColumnKind.REF})
        out.append(c)
    return out


_SECTION_NUMBER_RE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s|(?:appendix|annex|section|part)\s+\w+)", re.I
)
# the most pages a council paper's contents list points into
_MAX_PAGE = 999


def _page_numbers(cells: list[str]) -> bool:
    """Whole numbers that never go down and could be pages: a contents list's right column."""
    numbers = [t.strip() for t in cells if t.strip()]
    if len(numbers) < 4 or not all(t.isdigit() for t in numbers):
        return False
    values = [int(t) for t in numbers]
    return all(a <= b for a, b in zip(values, values[1:], strict=False)) and values[-1] <= _MAX_PAGE


# Share of a table's figure rows whose labels name money ("Annual Precept", "Staff Costs", "Balances
# Brought Forward") above which its undeclared columns are read as pounds: half, as a statement of
# accounts is mostly such lines and a table of counts has almost none.
_MONEY_ROWS_SHARE = 0.5


def _money_by_rows(columns: list[Column], body: list[list[str]], rules: Rules) -> list[Column]:
    """A table with no unit anywhere whose rows are named by what money is (an annual return's
    "Balances brought forward | Annual precept | Staff costs") holds pounds, unless a row names a
    count."""
    undeclared = [c for c in columns if c.kind is ColumnKind.VALUE and c.unit is None]
    label = next((c.index for c in columns if c.kind is ColumnKind.LABEL), None)
    if not undeclared or label is None or any(c.unit for c in columns if c.kind is ColumnKind.VALUE):
        return columns
    units = [
        unit_from_words(row[label], rules)
        for row in body
        if label < len(row) and row[label].strip() and any(_numeric_cell(row[c.index]) for c in undeclared)
    ]
    if not units or "count" in units or units.count("GBP") < _MONEY_ROWS_SHARE * len(units):
        return columns
    return [
        c.model_copy(update={"unit": "GBP"}) if c.kind is ColumnKind.VALUE and c.unit is None else c
        for c in columns
    ]


def _shared_money(columns: list[Column], body: list[list[str]]) -> list[Column]:
    """A statement's columns share its unit: where two or more value columns hold pounds (declared
    or named so) and none is declared another unit, a value column that declares nothing and holds
    no percentages ("Movement for Year" between two "Balance" columns) holds pounds too."""
    values = [c for c in columns if c.kind is ColumnKind.VALUE]
    money = [c for c in values if c.unit == "GBP"]
    if len(money) < 2 or any(c.unit not in (None, "GBP") for c in values):
        return columns
    scale = money[0].scale if len({c.scale for c in money}) == 1 else 1.0
    out = []
    for c in columns:
        if c.kind is ColumnKind.VALUE and c.unit is None:
            cells = [row[c.index] for row in body if c.index < len(row)]
            if not any("%" in t for t in cells):
                c = c.model_copy(update={"unit": "GBP", "scale": scale})
        out.append(c)
    return out


def _name_lone_column(columns: list[Column], title: str | None, ctx: TableContext) -> list[Column]:
    """'Kent County Council (*)' over the row labels (or on a title line of its own), then '£'000'
    over the one value column: that name is the value column's (its organisation, its year), as if
    it stood over it. A PDF or an export often moves a lone column heading into the first cell."""
    values = [c for c in columns if c.kind is ColumnKind.VALUE]
    if len(values) != 1 or values[0].header.strip():
        return columns
    label = next((c for c in columns if c.kind is ColumnKind.LABEL), None)
    name = None
    if label is not None and label.organisation and len(label.header.split()) <= 10:
        name = label.header
    elif (
        title
        and len(title.split()) <= 10
        and (ctx.gazetteer.resolve(title, area=ctx.area) or period_of(title))
    ):
        name = title
    if name is None:
        return columns
    col = values[0]
    org = ctx.gazetteer.resolve(name, area=ctx.area)
    named = col.model_copy(
        update={
            "header": name,
            "organisation": col.organisation or (org.name if org is not None else None),
            "period": period_of(name) or col.period,
        }
    )
    out = []
    for c in columns:
        if c.index == col.index:
            c = named
        elif label is not None and c.index == label.index and name == label.header:
            c = c.model_copy(update={"organisation": None})  # the rows are not that organisation's name
        out.append(c)
    return out


def unit_from_words(header: str, rules: Rules) -> str | None:
    """The unit a header's words name when it declares none ("Balance" -> GBP, "FTE" -> count);
    a count word wins over a money word ("Number of payments")."""
    found = {getattr(rule, "unit", None) for rule, _ in rules.all_matches("unit_words", header)}
    if "count" in found:
        return "count"
    return "GBP" if "GBP" in found else None


def header_rule(header: str, rules: Rules) -> HeaderRule | None:
    """The most specific header rule: highest priority, then the longest matched phrase."""
    text = " ".join(header.split())
    if not text:
        return None
    best: tuple[int, int, HeaderRule] | None = None
    for rule, m in rules.all_matches("header_synonyms", text):
        assert isinstance(rule, HeaderRule)
        # the phrase must cover a fair part of the header: "Sub Types" is not a "Type" header
        covered = (m.end() - m.start()) / max(1, len(text))
        score = (rule.priority if covered >= 0.3 else -1, m.end() - m.start())
        if best is None or score > best[:2]:
            best = (score[0], score[1], rule)
    return best[2] if best and best[0] >= 0 else None


_COUNT_OF_RE = re.compile(r"(?i)\b(?:number|no\.?|nos\.?)\s+of\b")
_BARE_NUMBER_RE = re.compile(r"(?i)^\s*(?:number|no\.?|nos\.?)\s*$")


def _numbering(cells: list[str]) -> bool:
    """Cells that number the rows (1, 2, 3 …; 1.1, 1.2 …): references, not counts."""
    ints = [int(t) for t in cells if t.isdigit()]
    if len(ints) != len(cells):
        return True  # codes ("A1", "1.2"): leave them to the reference rule
    return all(b - a == 1 for a, b in zip(ints, ints[1:], strict=False))


def _column_kind(c: int, header: str, cells: list[str], rule: HeaderRule | None) -> ColumnKind:
    if not cells:
        return ColumnKind.EMPTY
    numeric = sum(1 for t in cells if _numeric_cell(t))
    dated = sum(1 for t in cells if find_dates(t))
    nil = sum(1 for t in cells if is_nil(t))
    share = lambda n: n / len(cells)  # noqa: E731
    hinted = rule.column_kind if rule is not None else None
    if hinted == "ref" and _COUNT_OF_RE.search(header):
        hinted = None  # "Number of referrals" counts; "Referral number" names
    if hinted == "ref" and c > 0 and _BARE_NUMBER_RE.match(header) and not _numbering(cells):
        hinted = None  # "Number" beside the row names, over 14, 49, 259: how many, not which
    if hinted == "ref" and rule is not None and rule.identifier:
        return ColumnKind.REF  # "Registered Charity 1134793": an identifier, however it is written
    if hinted == "ref" or (c == 0 and all(_REF_RE.match(t) for t in cells) and len(cells) >= 2):
        if all(len(t) <= 12 for t in cells):
            return ColumnKind.REF
    if hinted == "date" or (share(dated) >= 0.5 and dated > numeric):
        if dated > 0 or all(_numeric_cell(t) for t in cells):
            return ColumnKind.DATE
    if fraction_column(cells):
        return ColumnKind.VALUE
    if (
        share(numeric + nil) >= 0.5
        and numeric > 0
        and (hinted not in ("label", "text") or share(numeric) >= 0.8)
    ):
        return ColumnKind.VALUE  # numbers win over a header word ("Risk share" holding 30%, 70%)
    if hinted == "status":
        return ColumnKind.STATUS
    if hinted == "label":
        return ColumnKind.LABEL
    if hinted == "text":
        return ColumnKind.TEXT
    words = [len(t.split()) for t in cells]
    if len(set(cells)) <= min(6, 0.6 * len(cells)) and max(words) <= 4 and len(cells) >= 3 and c > 0:
        # a status repeats itself (RAG, Yes/No, New/Existing); a column of distinct short names does not
        return ColumnKind.STATUS
    return ColumnKind.TEXT


def _numeric_cell(text: str) -> bool:
    return parse_number(text.rstrip("*†")) is not None


# A row's name is a phrase, not a paragraph: cells longer than this are descriptions or comments.
_NAME_WORDS = 12


def _choose_label(columns: list[Column], body: list[list[str]], rules: Rules | None = None) -> None:
    """The row-label column: the one its header calls a label (a party's name before a category:
    "Supplier" before "Expense area"), else the first text column."""
    if any(c.kind is ColumnKind.LABEL for c in columns):
        labels = [c for c in columns if c.kind is ColumnKind.LABEL]
        if rules is not None and len(labels) > 1:
            rank = {c.index: (rule.priority if (rule := header_rule(c.header, rules)) else 0) for c in labels}
            labels.sort(key=lambda c: (-rank[c.index], c.index))
        for extra in labels[1:]:
            columns[extra.index] = extra.model_copy(update={"kind": ColumnKind.TEXT})
        return
    texts = [col for col in columns if col.kind is ColumnKind.TEXT]
    if texts:
        # the column that names (nearly) every row in a few words; the first such, as a reader reads
        # left to right ("Balance Sheet" beside a note letter over a few rows, then comments)
        def named_rows(col: Column) -> int:
            cells = [row[col.index] for row in body if col.index < len(row)]
            return sum(1 for t in cells if t.strip() and len(t.split()) <= _NAME_WORDS)

        best = max(texts, key=lambda col: (named_rows(col), -col.index))
        columns[best.index] = best.model_copy(update={"kind": ColumnKind.LABEL})
        return
    # a table of numbers with a first column of codes or years: that column labels the rows; a
    # first column of plain figures under a name of its own ("Dom Care | Direct Payments" over one
    # row of counts) is a column like the others, and its header names its figures
    if not columns or columns[0].kind not in (
        ColumnKind.REF,
        ColumnKind.STATUS,
        ColumnKind.DATE,
        ColumnKind.VALUE,
    ):
        return
    if columns[0].kind is ColumnKind.VALUE and columns[0].header.strip():
        cells = [row[0] for row in body if row and row[0].strip()]
        if cells and not any(is_period(t) for t in cells):
            return
    columns[0] = columns[0].model_copy(update={"kind": ColumnKind.LABEL})


def _side_by_side_labels(columns: list[Column], body: list[list[str]]) -> None:
    """Two tables set side by side in one grid ("Change in Net Spending | Core | External" beside
    "Change in Net Funding | Core"): a column of short names with columns of figures on both sides
    labels the figures to its right. It is marked a label column too; each figure takes the label of
    the nearest label column on its left."""
    kinds = [c.kind for c in columns]
    if ColumnKind.LABEL not in kinds:
        return
    first = kinds.index(ColumnKind.LABEL)
    for col in columns:
        k = col.index
        if col.kind is not ColumnKind.TEXT or k <= first + 1:
            continue
        before = ColumnKind.VALUE in kinds[first + 1 : k]
        after = k + 1 < len(kinds) and kinds[k + 1] is ColumnKind.VALUE
        cells = [row[k] for row in body if k < len(row) and row[k].strip()]
        names = sum(1 for t in cells if len(t.split()) <= _NAME_WORDS)
        if before and after and cells and names >= 0.5 * len(body):
            columns[k] = col.model_copy(update={"kind": ColumnKind.LABEL})


def names_a_change(header: str) -> bool:
    """'... uplift as a percentage change between 2017/18 and 2018/19': a column of changes from
    one year to the next is neither year's."""
    years = set(financial_years_in(header))
    change = re.search(r"(?i)\b(?:change|uplift|increase|variance|difference|movement)\b", header)
    return len(years) >= 2 and bool(change)
