"""The data contract between pipeline stages and with the tools that read our JSON.

Every stage takes and returns these models; nothing else crosses a stage boundary. The
document model (``Document``) is what ``DIR/<doc_id>.json`` holds and what ``bcf-extract schema``
prints. Raw text always travels next to the normalised value (``raw`` beside ``value``) and every
item carries a ``Provenance`` so a reader can find it in the source in seconds.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_NAME = "bcf-extract.document"
SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    """Base for every contract model: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- enums


class SourceFormat(StrEnum):
    PDF = "pdf"
    TEXT = "text"
    MARKDOWN = "markdown"
    XLSX = "xlsx"  # and .xlsm: an Excel workbook
    DOCX = "docx"
    HTML = "html"  # a saved web page (.html, .htm)


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"


class RowRole(StrEnum):
    ITEM = "item"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    DEDUCTION = "deduction"
    NET = "net"
    GROUP = "group"  # a heading row inside the body ("Contributions to Pool:")
    NOTE = "note"


class ColumnKind(StrEnum):
    LABEL = "label"
    VALUE = "value"
    REF = "ref"
    TEXT = "text"
    DATE = "date"
    STATUS = "status"
    EMPTY = "empty"


class FigureRole(StrEnum):
    TARGET = "target"
    BASELINE = "baseline"
    ACTUAL = "actual"
    CONTRIBUTION = "contribution"
    ALLOCATION = "allocation"
    TOTAL = "total"
    OTHER = "other"


class Unit(StrEnum):
    GBP = "GBP"
    PERCENT = "percent"
    COUNT = "count"


class DateRole(StrEnum):
    MEETING = "meeting"
    START = "start"
    END = "end"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"
    UPDATED = "updated"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"


class DocType(StrEnum):
    BOARD_REPORT = "board_report"
    BOARD_COVER_SHEET = "board_cover_sheet"
    NARRATIVE_PLAN = "narrative_plan"
    QUARTERLY_TEMPLATE = "quarterly_template"
    OTHER = "other"


# --------------------------------------------------------------------------- provenance


class Provenance(Model):
    """Where something came from: a page (PDF, 1-based) or a line span (text, 1-based, inclusive).

    A workbook's ``page`` is the 1-based sheet index in workbook order (hidden sheets counted), a
    Word file's the page Word last rendered it on, so page-based references work for every form.
    """

    page: int | None = None
    page_end: int | None = None
    line: int | None = None
    line_end: int | None = None
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom in PDF points, on `page`"
    )
    sheet: str | None = Field(default=None, description="XLSX: the sheet's name, as on its tab")
    cell: str | None = Field(
        default=None,
        description="XLSX: the cell ('B12') or range ('B4:N27') on `sheet`; a figure names its cell",
    )
    paragraph: int | None = Field(
        default=None,
        description="DOCX/HTML: 1-based index of the paragraph in the body, tables' paragraphs not counted",
    )
    table: int | None = Field(default=None, description="DOCX/HTML: 1-based index of the table in the body")
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="OCR: the lowest word confidence (0-1) of the text this came from; None for a text layer",
    )


class Issue(Model):
    """A recoverable oddity worth a reader's attention ("number looks mistyped")."""

    code: str
    message: str
    provenance: Provenance | None = None


# --------------------------------------------------------------------------- ingest output


class TextStyle(Model):
    """Typography hints from a PDF, used to tell headings from body text."""

    size: float | None = None
    bold: bool = False


class RawCell(Model):
    text: str
    checked: bool | None = Field(default=None, description="state of a checkbox in the cell, if any")
    bbox: tuple[float, float, float, float] | None = None
    ref: str | None = Field(default=None, description="XLSX: the cell's address, 'B12'")
    confidence: float | None = Field(default=None, description="OCR: the lowest confidence of its words, 0-1")


class RawRow(Model):
    cells: list[RawCell]
    provenance: Provenance
    bold: bool | None = Field(default=None, description="most of the row's text is bold (a heading or total)")
    indent: float | None = Field(
        default=None, description="how far the row label starts right of the leftmost label, in points"
    )


class RawTable(Model):
    rows: list[RawRow]
    method: str = Field(description="how the grid was found: tsv, html, layout, pdf-ruled, pdf-words")
    caption: str | None = None
    header_rows: int | None = Field(
        default=None, description="leading rows the page's layout shows to be the header, when it shows it"
    )
    stub: int | None = Field(default=None, description="the column of row labels, when the layout shows it")


class RawBlock(Model):
    kind: BlockKind
    text: str
    provenance: Provenance
    style: TextStyle | None = None
    table: RawTable | None = None
    numbered: str | None = Field(default=None, description="a leading paragraph/heading number, '7.4.1'")


class SourceInfo(Model):
    path: str
    format: SourceFormat
    sha256: str
    size_bytes: int
    pages: int | None = None
    lines: int | None = None
    pdf_metadata: dict[str, str] = Field(default_factory=dict)


class RawDocument(Model):
    doc_id: str
    source: SourceInfo
    blocks: list[RawBlock]
    issues: list[Issue] = Field(default_factory=list)


# --------------------------------------------------------------------------- sections & blocks


class Section(Model):
    id: str
    title: str
    number: str | None = None
    level: int
    parent_id: str | None = None
    kind: str = Field(description="numbered, appendix, heading, run_in, sheet, root")
    provenance: Provenance


class Block(Model):
    id: str
    kind: BlockKind
    text: str
    section_id: str
    provenance: Provenance
    numbered: str | None = None
    table_id: str | None = None


# --------------------------------------------------------------------------- tables


class Cell(Model):
    col: int
    text: str
    value: float | None = None
    unit: str | None = None
    raw_number: str | None = None
    checked: bool | None = None
    nil: bool = Field(
        default=False, description="the cell holds a nil mark ('-', 'nil', 'n/a'): no figure, nought in a sum"
    )
    ref: str | None = Field(default=None, description="XLSX: the cell's address, 'B12'")
    confidence: float | None = Field(default=None, description="OCR: the lowest confidence of its words, 0-1")


class Column(Model):
    index: int
    header: str
    kind: ColumnKind
    header_path: list[str] = Field(
        default_factory=list,
        description="the header cells over the column, outermost first, units taken out: ['2025-26', 'Total']",
    )
    period: str | None = None
    organisation: str | None = None
    role: FigureRole | None = None
    unit: str | None = None
    scale: float = 1.0
    date_role: DateRole | None = None


class TableRow(Model):
    index: int
    label: str
    role: RowRole
    cells: list[Cell]
    group: str | None = Field(default=None, description="the group row this item sits under")
    path: list[str] = Field(
        default_factory=list,
        description="the group headings the row sits under, outermost first: ['SPENDING']",
    )
    closes: list[int] = Field(
        default_factory=list,
        description="for a total, subtotal or net line: the indexes of the rows it is the sum of",
    )
    bold: bool | None = None
    indent: float | None = Field(
        default=None, description="label indent in points, where the layout shows it"
    )
    provenance: Provenance


class TotalCheck(Model):
    """One printed total worked out from the lines it closes."""

    row: int = Field(description="index of the total's row (a column total) or of the row checked across")
    col: int = Field(description="index of the total's column")
    kind: str = Field(description="column (a total line down a column) or row (a total column across a row)")
    stated: float
    computed: float
    tolerance: float = Field(description="the gap rounding of the printed numbers can explain")
    parts: list[int] = Field(description="the rows (column check) or columns (row check) summed")
    agree: bool


class TableConsistency(Model):
    """The table's own self-check: do its printed totals reconcile with the lines they close?"""

    checked: int = 0
    agree: int = 0
    disagree: int = 0
    unresolved: int = Field(
        default=0,
        description="lines named as totals that no run of the lines above adds up to in any column: "
        "their parts are not in the table, or not next to each other; not checked",
    )
    unresolved_rows: list[int] = Field(default_factory=list)
    checks: list[TotalCheck] = Field(default_factory=list)


class Table(Model):
    id: str
    section_id: str
    title: str | None = None
    caption: str | None = None
    method: str
    header_rows: list[list[str]]
    columns: list[Column]
    rows: list[TableRow]
    unit: str | None = None
    scale: float = 1.0
    table_type: str | None = Field(
        default=None, description="contribution, scheme, metric, milestone, allocation, risk_share"
    )
    table_type_rule: str | None = None
    continued_from: str | None = Field(default=None, description="id of the table this one was joined to")
    consistency: TableConsistency = Field(
        default_factory=TableConsistency,
        description="how many printed totals reconcile with their lines, within rounding",
    )
    provenance: Provenance


# --------------------------------------------------------------------------- figures & dates


class Candidate(Model):
    """A reading a pass proposed for one field of a figure or date ("label", "role", "period",
    "measure", "organisation") that the reconcile step weighed; the losers are kept on the item."""

    field: str
    value: str | None
    rule_id: str = Field(description="the rule that proposed it: a rules/*.jsonl id or a named code rule")
    confidence: float = Field(ge=0.0, le=1.0)


class Figure(Model):
    id: str
    value: float | None
    unit: str
    raw: str
    label: str
    column: str | None = None
    period: str | None = None
    organisation: str | None = None
    role: FigureRole = FigureRole.OTHER
    comparator: str | None = Field(default=None, description="'>', '<', '>=' ... when the text states one")
    section_id: str
    section: str
    table_id: str | None = None
    row: int | None = None
    col: int | None = None
    text: str
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)
    record_ids: list[str] = Field(default_factory=list)
    measure: str | None = Field(
        default=None, description="the measure's noun phrase alone, without period or organisation"
    )
    rule_id: str = Field(default="", description="the rule whose reading of the label was chosen")
    confidence: float = Field(default=0.0, ge=0.0, le=1.0, description="how sure the chosen reading is")
    alternatives: list[Candidate] = Field(
        default_factory=list, description="readings proposed for this figure that reconcile did not choose"
    )


class DateMention(Model):
    id: str
    date: str = Field(description="ISO 8601: YYYY-MM-DD, or YYYY-MM for a month")
    precision: DatePrecision = DatePrecision.DAY
    raw: str
    label: str
    role: DateRole = DateRole.OTHER
    section_id: str
    section: str
    table_id: str | None = None
    row: int | None = None
    col: int | None = None
    text: str
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)
    rule_id: str = Field(default="", description="the rule whose reading of the date's role was chosen")
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    alternatives: list[Candidate] = Field(default_factory=list)


# --------------------------------------------------------------------------- metadata


class Person(Model):
    name: str | None = Field(default=None, description="None when the paper names only a post")
    role: str | None = None
    organisation: str | None = None


class DocumentMetadata(Model):
    doc_type: DocType = DocType.OTHER
    title: str | None = None
    body: str | None = None
    meeting: str | None = None
    meeting_date: str | None = None
    area: str | None = None
    organisations: list[str] = Field(default_factory=list)
    authors: list[Person] = Field(default_factory=list)
    period: str | None = None
    paper_ref: str | None = None
    found_by: dict[str, str] = Field(
        default_factory=dict, description="each field found -> the rule that found it (title, area, ...)"
    )


# --------------------------------------------------------------------------- domain records (issue 3)


class Amount(Model):
    """One sum in a record, tied to the figure it was read from."""

    value: float | None
    unit: str = "GBP"
    raw: str = ""
    partner: str | None = Field(default=None, description="organisation the column stands for")
    period: str | None = None
    column: str | None = None
    figure_id: str | None = None


class RecordBase(Model):
    """What every record carries: where it came from, which rule made it, how sure we are."""

    id: str
    rule_id: str
    confidence: float = Field(ge=0.0, le=1.0)
    section_id: str | None = None
    table_id: str | None = None
    text: str = Field(description="the source text (a table row or a sentence)")
    provenance: Provenance
    figure_ids: list[str] = Field(default_factory=list)


class ContributionLine(Model):
    label: str
    role: RowRole
    amounts: list[Amount]
    provenance: Provenance


class ContributionTable(RecordBase):
    """A pooled-budget or BCF funding-contribution table."""

    pool: str | None = None
    partners: list[str] = Field(default_factory=list)
    periods: list[str] = Field(default_factory=list)
    period: str | None = None
    unit: str = "GBP"
    lines: list[ContributionLine]


class SchemeAllocation(RecordBase):
    scheme_ref: str | None = None
    name: str
    scheme_type: str | None = None
    sub_type: str | None = None
    funding_source: str | None = None
    area_of_spend: str | None = None
    provider: str | None = None
    amounts: list[Amount] = Field(default_factory=list)
    new_or_existing: str | None = None
    comments: str | None = None


class MetricValue(Model):
    value: float | None
    unit: str | None = None
    raw: str = ""
    comparator: str | None = None
    period: str | None = None
    date: str | None = None
    figure_id: str | None = None


class MetricRecord(RecordBase):
    ref: str | None = None
    measure: str
    direction: str | None = Field(default=None, description="increase or reduce")
    target: MetricValue | None = None
    baseline: MetricValue | None = None
    actuals: list[MetricValue] = Field(default_factory=list)
    alternatives: list[MetricValue] = Field(
        default_factory=list, description="targets or baselines read for this metric but not chosen"
    )
    status: str | None = None
    national_metric: str | None = None


class Milestone(RecordBase):
    workstream: str | None = None
    activity: str
    owner: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None
    allocation: Amount | None = None


class MoneyStatement(RecordBase):
    amount: Amount
    purpose: str | None = None
    organisation: str | None = None
    period: str | None = None
    duration: str | None = None


class TemplateAnswer(RecordBase):
    kind: str = Field(description="national_condition, s75, hicm_maturity, fee_rate, other")
    question: str
    answer: str | None = None
    explanation: str | None = None
    quarter: str | None = None
    planned: bool = Field(default=False, description="the answer is for a quarter still to come")
    value: MetricValue | None = None
    uplift: MetricValue | None = None
    service: str | None = Field(
        default=None, description="what a fee rate is paid for: 'Home care', 'Care homes with nursing'"
    )


class Entity(Model):
    """A named thing found by the spaCy rule pass: an organisation, person, role, sum, date."""

    label: str
    text: str
    normalised: str | None = None
    block_id: str
    start: int
    end: int
    rule_id: str | None = None


class Records(Model):
    contributions: list[ContributionTable] = Field(default_factory=list)
    schemes: list[SchemeAllocation] = Field(default_factory=list)
    metrics: list[MetricRecord] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    money_statements: list[MoneyStatement] = Field(default_factory=list)
    template_answers: list[TemplateAnswer] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)


# --------------------------------------------------------------------------- audit findings (issue 4)


class FindingKind(StrEnum):
    ARITHMETIC = "arithmetic"
    NARRATIVE = "narrative"
    CROSS_DOCUMENT = "cross_document"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingValue(Model):
    doc_id: str
    value: float | None
    unit: str | None = None
    page: int | None = None
    line: int | None = None
    raw: str | None = Field(default=None, description="the number as printed: '9,570.4', '£5,728.2k'")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None,
        description="the row or passage it was read from: x0, top, x1, bottom in PDF points on `page`",
    )
    text: str = ""
    label: str | None = None
    column: str | None = None
    table_id: str | None = None
    figure_id: str | None = None


class Finding(Model):
    id: str
    kind: FindingKind
    severity: Severity
    docs: list[str]
    label: str
    column: str | None = None
    values: list[FindingValue]
    unit: str | None = Field(
        default=None, description="unit of values, expected and delta: GBP, percent, count"
    )
    expected: float | None = None
    delta: float | None = None
    tolerance: float | None = None
    message: str
    check: str = Field(description="which check produced it, e.g. 'column-total', 'net', 'prose-vs-table'")
    rule_id: str = Field(
        description="the rule in rules/audit_checks.jsonl that made it, e.g. 'audit.column-total'"
    )
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="how sure the check is of its own reading of the evidence; an error needs at least 0.8",
    )
    group: str | None = Field(default=None, description="the aligned table or line across versions")


# --------------------------------------------------------------------------- the document


class Document(Model):
    schema_name: str = SCHEMA_NAME
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    doc_id: str
    source: SourceInfo
    metadata: DocumentMetadata
    sections: list[Section]
    blocks: list[Block]
    tables: list[Table]
    figures: list[Figure]
    dates: list[DateMention]
    records: Records = Field(default_factory=Records)
    warnings: list[Issue] = Field(default_factory=list)
