"""The one loader for ``rules/``: the words the extractor recognises live there, not in code.

Each ``rules/<name>.jsonl`` file holds one rule per line with a stable ``id``; records and figures
cite that id. Every line is validated by a pydantic model that rejects unknown keys, and a bad line
raises :class:`~extractor.errors.RuleFileError` naming the file and line. Adding a synonym is an
edit to a rule file, never to code.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Literal

import regex as re
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleFileError

RULES_ENV = "BCF_RULES_DIR"


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    note: str | None = None


class PhraseRule(Rule):
    """A rule that fires on any of its phrases (whole words, case-insensitive) or on its regex."""

    words: tuple[str, ...] = ()
    regex: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value

    def pattern(self) -> re.Pattern[str] | None:
        parts = [r"(?<![\w])" + _phrase_regex(w) + r"(?![\w])" for w in self.words]
        if self.regex:
            parts.append(f"(?:{self.regex})")
        if not parts:
            return None
        return re.compile("|".join(parts), re.IGNORECASE)


class HeaderRule(PhraseRule):
    """What a column header means: a role (target, baseline ...), a kind (label, ref ...)."""

    column_kind: Literal["label", "value", "ref", "text", "date", "status"] | None = None
    role: Literal["target", "baseline", "actual", "contribution", "allocation", "total", "other"] | None = (
        None
    )
    date_role: (
        Literal["start", "end", "meeting", "submitted", "signed_off", "published", "updated"] | None
    ) = None
    unit: Literal["GBP"] | None = None  # the column holds this unit though its cells show no sign
    # the column's date is when the row's sums happened (a spend list's "Payment Date"), so it is
    # their period; a maturity or due date is not
    dates_row: bool = False
    priority: int = 0
    identifier: bool = Field(
        default=False, description="the column holds identifiers whatever its cells look like: never figures"
    )


class UnitWordRule(PhraseRule):
    """Header words that say what a column's figures measure when no unit is declared: a column
    headed "Balance" or "Contract value" holds money, one headed "FTE" or "Number of" a count."""

    unit: Literal["GBP", "percent", "count"]


class RowRoleRule(PhraseRule):
    role: Literal["item", "subtotal", "total", "deduction", "net", "note"]
    anchor: Literal["start", "any"] = "start"


class DateRoleRule(PhraseRule):
    role: Literal["meeting", "start", "end", "submitted", "signed_off", "published", "updated"]
    where: Literal["before", "after", "line"] = "before"


class ReferenceRule(PhraseRule):
    """Words after which a number is an identifier ("Appendix 4"), not a quantity; with
    ``position: "after"``, words or a regex that, right after a number, make it part of a name
    ("a 7 day service", "7 days a week"); with ``position: "span"``, a regex whose whole match
    holds no quantity wherever it stands ("[1]", "3 x 4 = 12", a contents line's page number)."""

    position: Literal["before", "after", "span"] = "before"


class SectionRule(PhraseRule):
    kind: Literal["appendix", "sheet", "numbered", "heading", "not_heading"]


class OrganisationRule(Rule):
    """One organisation with every name it goes by; ``name`` is what we emit."""

    name: str
    kind: Literal["hwb_area", "council", "ccg", "icb", "trust", "national", "provider", "other"]
    area: str | None = None
    aliases: tuple[str, ...] = ()
    generic: bool = Field(default=False, description="a name like 'CCG' that only resolves inside an area")


class DocTypeRule(PhraseRule):
    doc_type: Literal["board_report", "board_cover_sheet", "narrative_plan", "quarterly_template"]
    weight: float = 1.0


class BodyRule(PhraseRule):
    """A decision-making body ("Health & Wellbeing Board") and its normalised name."""

    name: str
    meeting: bool = True


class MetricRule(PhraseRule):
    """Metric vocabulary: target/baseline/actual words, directions, statuses, national metrics."""

    kind: Literal["role", "direction", "status", "national_metric", "period_word", "rate_unit", "projection"]
    value: str


class FundingSourceRule(PhraseRule):
    name: str


class TableTypeRule(PhraseRule):
    """A table-type signature: words in title/headers/labels that mark e.g. a contribution table."""

    table_type: Literal["contribution", "scheme", "metric", "milestone", "allocation", "risk_share"]
    where: Literal["title", "header", "label", "any"] = "any"
    weight: float = 1.0


class AuditRule(PhraseRule):
    """Audit vocabulary: words that say a sum spans several lines ("across the two pools"), words
    too common in BCF papers to tie a sentence to one line item ("care", "fund"), words that hedge
    a number ("around"), words that state a change ("increased by"), plan statuses that say a
    task is still to be done ("On track", "Not started"), words that open the parts of a sum
    ("£5.7m, of which £4.4m ..."), column headers whose values do not add up ("Average"), and
    column headers that state a change between two other columns ("Increase")."""

    kind: Literal[
        "sum_cue",
        "weak_word",
        "approximate",
        "change_cue",
        "open_status",
        "split_cue",
        "non_additive",
        "change_column",
    ]


class LabelWordRule(PhraseRule):
    """Words the prose label reader weighs (``extractor/figures/prose_finish.py``): measure words
    that name no thing on their own ("allocation", "total"), section headings that name no thing
    ("Financial Implications"), the measure words that go before a name ("total", "additional"),
    an organisation's possessive ("the Council's"), which goes to the organisation column rather than
    the label, and the words that make a section's name the name of a sum ("Grant", "Fund")."""

    kind: Literal[
        "measure_word",
        "measure_modifier",
        "plain_heading",
        "owner",
        "sum_name",
        "rate_name",
        "national_source",
        "calendar_series",
    ]


class AuditCheckRule(Rule):
    """One audit check: the ``rule_id`` every finding of that check carries, and what it compares
    (shown beside the finding in the report)."""

    check: str
    kind: Literal["arithmetic", "narrative", "cross_document"]
    summary: str


class RecordFieldRule(PhraseRule):
    """What a column header means to a record pass: a scheme's type, a milestone's owner, a
    template's answer. Read by ``extractor/passes``; the most specific (priority, then longest
    phrase) wins."""

    field: Literal[
        "ref", "name", "workstream", "activity", "owner", "start_date", "end_date", "status",
        "scheme_type", "sub_type", "funding_source", "area_of_spend", "provider", "new_or_existing",
        "comments", "narrative", "measure", "definition", "question", "answer", "explanation",
        "amount", "target", "baseline", "actual",
    ]  # fmt: skip
    priority: int = 0


class RecordWordRule(PhraseRule):
    """Words the record passes read in text: money cues ("we will invest"), durations ("committed
    for three years"), comparators ("or fewer"), answers ("Yes"), maturity levels ("Established"),
    the words that say which template question a table answers ("national condition"), and the
    service a fee rate is paid for ("care homes without nursing")."""

    kind: Literal[
        "money_cue", "duration", "comparator", "answer", "maturity", "template", "planned", "fee_service"
    ]
    value: str
    where: Literal["title", "header", "label", "section", "any"] = "any"
    weight: float = 1.0


_FILES: dict[str, type[Rule]] = {
    "header_synonyms": HeaderRule,
    "row_roles": RowRoleRule,
    "date_roles": DateRoleRule,
    "references": ReferenceRule,
    "sections": SectionRule,
    "organisations": OrganisationRule,
    "doc_types": DocTypeRule,
    "bodies": BodyRule,
    "metric_words": MetricRule,
    "funding_sources": FundingSourceRule,
    "table_types": TableTypeRule,
    "audit": AuditRule,
    "audit_checks": AuditCheckRule,
    "record_fields": RecordFieldRule,
    "record_words": RecordWordRule,
    "unit_words": UnitWordRule,
    "label_words": LabelWordRule,
}


class Rules(BaseModel):
    """Every rule, grouped by file. Built once per run and passed down; never global."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    directory: str
    header_synonyms: tuple[HeaderRule, ...] = ()
    row_roles: tuple[RowRoleRule, ...] = ()
    date_roles: tuple[DateRoleRule, ...] = ()
    references: tuple[ReferenceRule, ...] = ()
    sections: tuple[SectionRule, ...] = ()
    organisations: tuple[OrganisationRule, ...] = ()
    doc_types: tuple[DocTypeRule, ...] = ()
    bodies: tuple[BodyRule, ...] = ()
    metric_words: tuple[MetricRule, ...] = ()
    funding_sources: tuple[FundingSourceRule, ...] = ()
    table_types: tuple[TableTypeRule, ...] = ()
    audit: tuple[AuditRule, ...] = ()
    audit_checks: tuple[AuditCheckRule, ...] = ()
    record_fields: tuple[RecordFieldRule, ...] = ()
    record_words: tuple[RecordWordRule, ...] = ()
    unit_words: tuple[UnitWordRule, ...] = ()
    label_words: tuple[LabelWordRule, ...] = ()
    entity_patterns: tuple[dict, ...] = ()

    @cached_property
    def reference_words(self) -> tuple[str, ...]:
        return tuple(w for rule in self.references if rule.position == "before" for w in rule.words)

    @cached_property
    def trailing_patterns(self) -> tuple[str, ...]:
        """Regexes for the words after a number that make it part of a name (``position: after``)."""
        out: list[str] = []
        for rule in self.references:
            if rule.position != "after":
                continue
            out.extend(r"[\s-]+" + _phrase_regex(w) + r"(?![\w])" for w in rule.words)
            if rule.regex:
                out.append(rule.regex)
        return tuple(out)

    @cached_property
    def span_patterns(self) -> tuple[re.Pattern[str], ...]:
        """Regexes whose matches hold no quantity (``position: span``), compiled once."""
        return tuple(re.compile(r.regex) for r in self.references if r.position == "span" and r.regex)

    @cached_property
    def compiled(self) -> dict[str, list[tuple[Rule, re.Pattern[str]]]]:
        """Each phrase rule's pattern, compiled once."""
        out: dict[str, list[tuple[Rule, re.Pattern[str]]]] = {}
        for name in _FILES:
            rules = getattr(self, name)
            out[name] = [(r, p) for r in rules if isinstance(r, PhraseRule) and (p := r.pattern())]
        return out

    def first_match(self, group: str, text: str) -> tuple[Rule, re.Match[str]] | None:
        for rule, pattern in self.compiled[group]:
            m = pattern.search(text)
            if m:
                return rule, m
        return None

    def all_matches(self, group: str, text: str) -> list[tuple[Rule, re.Match[str]]]:
        return [(rule, m) for rule, pattern in self.compiled[group] if (m := pattern.search(text))]


def default_rules_dir() -> Path:
    """``$BCF_RULES_DIR`` if set, else ``rules/`` beside the package (the repository layout)."""
    env = os.environ.get(RULES_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(directory: Path | str | None = None) -> Rules:
    """Read and validate every rule file.

    Raises:
        RuleFileError: a file is missing, a line is not JSON, a rule has an unknown key or a bad
            value, or two rules share an id.
    """
    root = Path(directory) if directory is not None else default_rules_dir()
    if not root.is_dir():
        raise RuleFileError(root, None, "rules directory not found (set BCF_RULES_DIR or pass --rules)")
    loaded: dict[str, object] = {"directory": str(root)}
    seen: dict[str, str] = {}
    for name, model in _FILES.items():
        path = root / f"{name}.jsonl"
        loaded[name] = tuple(_read_jsonl(path, model, seen))
    patterns_path = root / "entity_patterns.jsonl"
    if patterns_path.exists():
        loaded["entity_patterns"] = tuple(_read_entity_patterns(patterns_path))
    return Rules(**loaded)  # type: ignore[arg-type]


def _read_jsonl(path: Path, model: type[Rule], seen: dict[str, str]) -> list[Rule]:
    if not path.exists():
        raise RuleFileError(path, None, "rule file missing")
    rules: list[Rule] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleFileError(path, number, f"not valid JSON: {exc.msg}") from None
        try:
            rule = model.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "rule"
            raise RuleFileError(path, number, f"{where}: {first['msg']}") from None
        except re.error as exc:  # a regex that does not compile
            raise RuleFileError(path, number, f"regex does not compile: {exc}") from None
        if rule.id in seen:
            raise RuleFileError(path, number, f"duplicate rule id {rule.id!r} (first in {seen[rule.id]})")
        seen[rule.id] = f"{path.name}:{number}"
        rules.append(rule)
    return rules


def _read_entity_patterns(path: Path) -> list[dict]:
    """spaCy EntityRuler patterns, one per line, exactly as spaCy ships them, each with an ``id``."""
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleFileError(path, number, f"not valid JSON: {exc.msg}") from None
        unknown = set(data) - {"label", "pattern", "id"}
        if unknown or "label" not in data or "pattern" not in data:
            raise RuleFileError(
                path, number, "a pattern needs 'label' and 'pattern' (and optional 'id') only"
            )
        patterns.append(data)
    return patterns


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regex: literal text, any run of spaces, '&' and 'and' interchangeable."""
    parts = []
    for token in phrase.split():
        if token.lower() in ("&", "and"):
            parts.append(r"(?:&|and)")
        else:
            parts.append(re.escape(token))
    return r"\s+".join(parts)
