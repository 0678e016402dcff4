"""Stage 6: the BCF's own objects, built from a finished document's tables, figures, dates and prose.

One module per record type, each ``run(ctx) -> list[Record]``: ``contributions`` (pooled-budget
tables), ``schemes`` (scheme and allocation tables), ``metrics`` and ``metric_prose`` (targets,
baselines, actuals, status), ``milestones`` (plans), ``money`` (money statements in prose),
``template`` (quarterly-return answers). Passes propose records with a confidence and the rule that
made them; this module numbers them ("c1", "s3", "m2", "ms1", "ma4", "ta1"), gives each figure a
record uses the role the record gives it, and adds the entities of the spaCy rule pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex as re

from ..figures.prose_labels import content_words
from ..models import Document, Figure, FigureRole, Issue, RecordBase, Records, RowRole
from ..reconcile import Proposal, reconcile
from . import contributions, metrics, milestones, money, schemes, template
from .common import make_context

if TYPE_CHECKING:
    from ..pipeline import Toolkit

_PREFIX = {
    "contributions": "c",
    "schemes": "s",
    "metrics": "m",
    "milestones": "ms",
    "money_statements": "ma",
    "template_answers": "ta",
}
_TOTAL_LINES = (RowRole.TOTAL, RowRole.SUBTOTAL, RowRole.NET)


@dataclass(frozen=True)
class PassOutput:
    records: Records
    figures: list[Figure]
    issues: list[Issue]


def build_records(document: Document, toolkit: Toolkit) -> tuple[Records, list[Figure]]:
    """The document's records and its figures with roles and ``record_ids`` from those records."""
    out = run_passes(document, toolkit)
    return out.records, out.figures


def run_passes(document: Document, toolkit: Toolkit) -> PassOutput:
    """Every pass over ``document``; also the issues worth a reader's attention (a figure two
    records claim with different roles keeps the first and says so)."""
    from ..nlp import extract_entities  # spaCy loads only when records are built

    entities = extract_entities(document, toolkit)
    ctx = make_context(document, toolkit.rules, toolkit.gazetteer, entities)
    found: dict[str, Sequence[RecordBase]] = {
        "contributions": contributions.run(ctx),
        "schemes": schemes.run(ctx),
        "metrics": metrics.run(ctx),
        "milestones": milestones.run(ctx),
        "money_statements": money.run(ctx),
        "template_answers": template.run(ctx),
    }
    numbered = {
        name: [r.model_copy(update={"id": f"{_PREFIX[name]}{i}"}) for i, r in enumerate(items, 1)]
        for name, items in found.items()
    }
    records = Records(**numbered, entities=entities)
    proposals, record_ids, issues = _role_proposals(document.figures, records)
    proposals += _header_organisations(document, toolkit)
    proposals += _measure_proposals(document.figures, records)
    proposals += _service_proposals(records)
    figures = reconcile(document.figures, proposals, record_ids)
    return PassOutput(records=records, figures=figures, issues=issues)


# how sure a record's reading of a figure is, against the figure's own (reconcile.py weighs them)
_RECORD_ROLE = 0.5  # beats a generic or table-wide role, not a role its column states
_RECORD_NO_ROLE = 0.05  # a template answer claims a figure without giving it a role
_HEADER_ORG = 0.5
_MEASURE_FOR_WEAK_LABEL = 0.85  # the label did not say what is measured: the metric's measure does
_MEASURE_AS_ALTERNATIVE = 0.15  # the label already says it; the measure is kept as an alternative
_RECORD_PERIOD = 0.5
_SERVICE = 0.95  # a fee rate is named by its service, never by the template's question


def _header_organisations(document: Document, toolkit: Toolkit) -> list[Proposal]:
    """A value column whose header names an organisation among other words ("Contribution from
    Kent County Council £000") gives that organisation to its figures; ``tables.py`` resolves only
    headers that are a name and little else."""
    from ..models import ColumnKind
    from ..nlp import header_organisations

    columns = [
        (t.id, c.index, c.header)
        for t in document.tables
        for c in t.columns
        if c.kind is ColumnKind.VALUE and c.organisation is None and c.header.strip()
    ]
    if not columns:
        return []
    named = {
        (tid, col): org
        for (tid, col, _), org in zip(
            columns, header_organisations([h for _, _, h in columns], toolkit), strict=True
        )
        if org
    }
    return [
        Proposal(f.id, "organisation", named[(f.table_id, f.col)], "pass.header-organisation", _HEADER_ORG)
        for f in document.figures
        if f.organisation is None
        and f.table_id is not None
        and f.col is not None
        and (f.table_id, f.col) in named
    ]


def _claims(records: Records) -> list[tuple[str, FigureRole, str]]:
    """(figure id, role, record id) for every figure a record was built from; tables first, so a
    table's reading wins over a sentence's."""
    out: list[tuple[str, FigureRole, str]] = []
    for c in records.contributions:
        for line in c.lines:
            role = FigureRole.TOTAL if line.role in _TOTAL_LINES else FigureRole.CONTRIBUTION
            out.extend((a.figure_id, role, c.id) for a in line.amounts if a.figure_id)
    for s in records.schemes:
        out.extend((a.figure_id, FigureRole.ALLOCATION, s.id) for a in s.amounts if a.figure_id)
    for m in records.metrics:
        for value, role in [(m.target, FigureRole.TARGET), (m.baseline, FigureRole.BASELINE)] + [
            (a, FigureRole.ACTUAL) for a in m.actuals
        ]:
            if value is not None and value.figure_id:
                out.append((value.figure_id, role, m.id))
    for ms in records.milestones:
        if ms.allocation is not None and ms.allocation.figure_id:
            out.append((ms.allocation.figure_id, FigureRole.ALLOCATION, ms.id))
    for ma in records.money_statements:
        if ma.amount.figure_id:
            out.append((ma.amount.figure_id, FigureRole.ALLOCATION, ma.id))
    for ta in records.template_answers:
        for value in (ta.value, ta.uplift):
            if value is not None and value.figure_id:
                out.append((value.figure_id, FigureRole.OTHER, ta.id))
    return out


def _role_proposals(
    figures: list[Figure], records: Records
) -> tuple[list[Proposal], dict[str, list[str]], list[Issue]]:
    """The role each record gives the figures it was built from, the records that hold each
    figure, and an issue for a figure two records read with different roles (the first is kept)."""
    first: dict[str, tuple[FigureRole, str]] = {}
    ids: dict[str, list[str]] = {}
    issues: list[Issue] = []
    by_id = {f.id: f for f in figures}
    proposals: list[Proposal] = []
    for fid, claimed, rid in _claims(records):
        ids.setdefault(fid, [])
        if rid not in ids[fid]:
            ids[fid].append(rid)
        if fid not in first:
            first[fid] = (claimed, rid)
            confidence = _RECORD_NO_ROLE if claimed is FigureRole.OTHER else _RECORD_ROLE
            proposals.append(
                Proposal(fid, "role", claimed.value, f"record.{rid.rstrip('0123456789')}", confidence)
            )
        elif first[fid][0] is not claimed and fid in by_id:
            kept = first[fid][0]
            issues.append(
                Issue(
                    code="record_role_conflict",
                    message=(
                        f"figure {fid} ({by_id[fid].raw}) is {kept.value} in {ids[fid][0]} "
                        f"but {claimed.value} in {rid}; kept {kept.value}"
                    ),
                    provenance=by_id[fid].provenance,
                )
            )
    return proposals, ids, issues


# a row label that is only a period ("2016/17", "Q1 2017/18", perhaps with a qualifier after it)
_PERIOD_LABEL_RE = re.compile(
    r"^\s*(?:Q[1-4]\s+)?(?:19|20)?\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}\b(?:\s*\(.*\))?\s*$", re.I
)
_SECTION_RULES = {"pass.metric.target-line", "pass.metric.series"}
# a prose label cut off mid-phrase ("DTOC number to", "by March"): the sentence's measure says more
_FRAGMENT_RE = re.compile(r"(?i)\b(?:to|by|of|in|for|at|from|and|or|the|a)\s*$|^\s*\w+\s*$|^\s*per\b")
# a prose label that names the figure's role rather than what it measures ("Target 83%")
_ROLE_LABEL_RE = re.compile(
    r"^\s*(?:the\s+)?(?:target|baseline|actual|trajectory|ambition|plan|by\s+\w+)\b", re.I
)


def _measure_proposals(figures: list[Figure], records: Records) -> list[Proposal]:
    """A figure a metric record reads is labelled by what it measures, as a reader would record it:
    '2016/17 | 61,006' under 'Non Elective Admissions' is Non Elective Admissions in 2016/17, and
    'Target 83%' under 'Reablement' is the reablement target. Only labels that do not say what
    is measured (a period, a role word, the words of a sentence around a target) are replaced;
    a table row that names its measure keeps its label. The period comes with it when the figure
    has none."""
    context: dict[str, tuple[str, str | None, bool]] = {}
    for m in records.metrics:
        measure = " ".join(m.measure.split()).rstrip(" .:;")
        if not measure:
            continue
        # a metric section's heading names its measure outright; a sentence's measure is a reading
        named = m.rule_id in _SECTION_RULES
        for value in [m.target, m.baseline, *m.actuals]:
            if value is not None and value.figure_id and value.figure_id not in context:
                context[value.figure_id] = (measure, value.period, named)
    if not context:
        return []
    out: list[Proposal] = []
    for f in figures:
        if f.id not in context:
            continue
        measure, period, named = context[f.id]
        if f.table_id:
            weak = bool(_PERIOD_LABEL_RE.match(f.label))
        elif named:
            weak = measure.lower() not in f.label.lower()
        else:
            weak = bool(_ROLE_LABEL_RE.match(f.label) or _FRAGMENT_RE.search(f.label)) or f.label == f.section
            # "to 80% of those registered": the words after "of" are what the share is taken of
            share_of = re.escape(f.raw) + r"\s+of\s+(?:the\s+)?" + re.escape(f.label[:25])
            weak = weak or bool(re.search(share_of, f.text))
        # a measure that is the whole sentence again says no more than the label did
        says_more = measure.lower().rstrip(". ") != " ".join(f.text.split()).lower().rstrip(". ")
        says_more = says_more and len(measure.split()) <= 25
        rule = "pass.metric-measure"
        if not f.table_id and content_words(measure) < 2:
            continue  # "from 125,300 in 2022": the words around the numbers, not what they measure
        if measure.lower() != f.label.lower():
            strong = weak and says_more
            confidence = _MEASURE_FOR_WEAK_LABEL if strong else _MEASURE_AS_ALTERNATIVE
            out.append(Proposal(f.id, "label", measure, rule, confidence))
        out.append(Proposal(f.id, "measure", measure, rule, 0.7))
        if period:
            out.append(Proposal(f.id, "period", period, rule, _RECORD_PERIOD))
    return out


def _service_proposals(records: Records) -> list[Proposal]:
    """A fee rate and its uplift are labelled by the service they are for ('Home care'), not by the
    template's whole question ('1. Please provide the average amount that you paid to ...')."""
    return [
        Proposal(fid, "label", answer.service, "pass.template-service", _SERVICE)
        for answer in records.template_answers
        if answer.service
        for fid in answer.figure_ids
    ]
