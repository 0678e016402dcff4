"""Quarterly-return answers -> :class:`TemplateAnswer`.

Three shapes from the national BCF quarterly template (Dorset Q2 2018/19 in the sample corpus),
recognised by their columns and words, not by sheet names:

* question and answer: "National Condition | Confirmation | If the answer is "No" ... explanation",
  "Statement | Response | ..." (s75 pooled budget): one answer per question, Yes/No normalised;
* a maturity grid: a change per row, a quarter per column, a maturity level in each cell
  ("Established", "Plans in place"): one answer per change and quarter, planned quarters marked;
* fee rates: a row asking for an average fee with its unit ("£ per contact hour", "£ per client
  per week"), the rate in a year column and the uplift as a percentage.

Which question a table answers (national condition, s75, HICM) comes from
``rules/record_words.jsonl`` (kind ``template``), scored over the title, headers, labels and section.
"""

from __future__ import annotations

import regex as re

from ..models import ColumnKind, Table, TableRow, TemplateAnswer
from .common import (
    PassContext,
    Segment,
    cell_text,
    clean,
    field_col,
    metric_value,
    row_text,
    segments,
    text_figures,
    value_figure,
    words_of,
)

RULE_QA = "pass.template.question-answer"
RULE_MATURITY = "pass.template.maturity-grid"
RULE_FEE = "pass.template.fee-rate"
_LEAD_NUMBER_RE = re.compile(r"^\s*\(?\d{1,2}[.)]\s+")


def run(ctx: PassContext) -> list[TemplateAnswer]:
    """Every template answer, in document order."""
    out: list[TemplateAnswer] = []
    for table in ctx.doc.tables:
        for seg in segments(table, ctx.rules):
            fields = set(seg.fields.values())
            if "answer" in fields:
                out.extend(_question_answers(ctx, table, seg))
            elif (grid := _maturity_cols(ctx, table, seg)) and len(grid) >= 2:
                out.extend(_maturity(ctx, table, seg, grid))
            else:
                out.extend(_fee_rates(ctx, table, seg))
    return out


def _kind(ctx: PassContext, table: Table, seg: Segment, default: str) -> tuple[str, float]:
    """Which template question a segment answers, and how sure the words make us."""
    section = ctx.sections.get(table.section_id)
    places = {
        "title": clean(seg.title if seg.title else table.title),
        "header": " | ".join(clean(h) for h in seg.headers),
        "label": " | ".join(r.label for r in seg.rows),
        "section": section.title if section else "",
    }
    # the table's own words count more than its section's: "National Conditions & s75 Pooled
    # Budget" heads both the conditions table and the s75 table
    place_weight = {"title": 3.0, "header": 2.0, "label": 1.0, "section": 0.5}
    scores: dict[str, float] = {}
    for where, text in places.items():
        hits = {rule.value: rule.weight for rule, _ in words_of("template", text, ctx.rules, where=(where,))}
        for value, weight in hits.items():
            scores[value] = scores.get(value, 0.0) + weight * place_weight[where]
    if not scores:
        return default, 0.6
    return max(scores, key=lambda k: scores[k]), 0.9


def _answer(ctx: PassContext, text: str) -> str | None:
    hits = words_of("answer", text, ctx.rules)
    return hits[0][0].value if hits else (clean(text) or None)


def _question(text: str) -> str:
    return clean(_LEAD_NUMBER_RE.sub("", text))


def _base(table: Table, row: TableRow, rule_id: str, confidence: float) -> dict:
    return {
        "id": "",
        "rule_id": rule_id,
        "confidence": round(confidence, 2),
        "section_id": table.section_id,
        "table_id": table.id,
        "text": row_text(row),
        "provenance": row.provenance,
    }


def _question_answers(ctx: PassContext, table: Table, seg: Segment) -> list[TemplateAnswer]:
    kind, confidence = _kind(ctx, table, seg, "other")
    if kind not in ("national_condition", "s75"):
        kind = "other"
    answer_col = field_col(seg, "answer")
    question_col = field_col(seg, "question")
    if question_col is None:
        question_col = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    explain_col = field_col(seg, "explanation")
    out = []
    for row in seg.rows:
        question = _question(cell_text(row, question_col) or row.label)
        if not question:
            continue
        answer = _answer(ctx, cell_text(row, answer_col))
        out.append(
            TemplateAnswer(
                **_base(table, row, RULE_QA, confidence if answer else confidence * 0.7),
                kind=kind,
                question=question,
                answer=answer,
                explanation=cell_text(row, explain_col) or None,
            )
        )
    return out


def _maturity_cols(ctx: PassContext, table: Table, seg: Segment) -> list[int]:
    """Columns whose cells are maturity levels ("Established", "Plans in place")."""
    cols = []
    for col in range(len(seg.headers)):
        cells = [cell_text(r, col) for r in seg.rows]
        cells = [c for c in cells if c]
        if not cells:
            continue
        levels = sum(1 for c in cells if _level(ctx, c))
        if levels >= 0.6 * len(cells):
            cols.append(col)
    return cols


def _level(ctx: PassContext, text: str) -> str | None:
    hits = [
        (r, m)
        for r, m in words_of("maturity", text, ctx.rules)
        if m.start() == 0 and len(text) - m.end() <= 2
    ]
    return max(hits, key=lambda rm: rm[1].end())[0].value if hits else None


def _maturity(ctx: PassContext, table: Table, seg: Segment, grid: list[int]) -> list[TemplateAnswer]:
    kind, confidence = _kind(ctx, table, seg, "hicm_maturity")
    if kind not in ("hicm_maturity", "other"):
        kind = "hicm_maturity"
    label = next((c.index for c in table.columns if c.kind is ColumnKind.LABEL), 0)
    refs = [c.index for c in table.columns if c.kind is ColumnKind.REF and c.index != label]
    narrative = [c for c, f in sorted(seg.fields.items()) if f in ("narrative", "comments") and c not in grid]
    out = []
    for row in seg.rows:
        names = [
            cell_text(row, c.index)
            for c in table.columns
            if c.kind is ColumnKind.TEXT and c.index not in seg.fields and c.index not in grid
        ]
        names = [n for n in names if n and len(n.split()) <= 6]  # "UEC | Red Bag scheme"
        question = " ".join(
            p for p in [*(cell_text(row, r) for r in refs), cell_text(row, label) or row.label, *names] if p
        )
        if not question:
            continue
        notes = "; ".join(
            f"{clean(seg.headers[c])}: {t}"
            for c in narrative
            if (t := cell_text(row, c)) and t.lower() != "n/a"
        )
        for col in grid:
            level = _level(ctx, cell_text(row, col))
            if level is None:
                continue
            header = seg.headers[col]
            quarter = table.columns[col].period if col < len(table.columns) else None
            planned = bool(words_of("planned", header, ctx.rules, where=("header",)))
            current = "current" in header.lower()
            out.append(
                TemplateAnswer(
                    **_base(table, row, RULE_MATURITY, confidence),
                    kind=kind,
                    question=question,
                    answer=level,
                    quarter=quarter or clean(header) or None,
                    planned=planned,
                    explanation=notes or None if current else None,
                )
            )
    return out


def _fee_rates(ctx: PassContext, table: Table, seg: Segment) -> list[TemplateAnswer]:
    """Rows that ask for an average fee; the other rows of the same table are answers too."""
    rate_rows = [
        r for r in seg.rows if words_of("template", r.label, ctx.rules, where=("label",)) and _is_fee(ctx, r)
    ]
    if not rate_rows:
        return []
    uplift_cols = {
        c
        for c, h in enumerate(seg.headers)
        if any(r.value == "uplift" for r, _ in words_of("template", h, ctx.rules, where=("header",)))
    }
    out = []
    for row in seg.rows:
        figures = [
            f for c in range(len(table.columns)) if (f := value_figure(ctx, table, row, c))
        ] + text_figures(ctx, table, row)
        question = _question(row.label)
        if row in rate_rows:
            rate = next((f for f in figures if f.unit.startswith("GBP") and f.col not in uplift_cols), None)
            uplift = next(
                (f for f in figures if f.unit == "percent" and (f.col in uplift_cols or not uplift_cols)),
                None,
            )
            out.append(
                TemplateAnswer(
                    **_base(table, row, RULE_FEE, 0.85 if rate else 0.6),
                    kind="fee_rate",
                    question=question,
                    answer=rate.raw if rate else None,
                    value=metric_value(rate) if rate else None,
                    uplift=metric_value(uplift) if uplift else None,
                    service=_service(ctx, row.label),
                ).model_copy(update={"figure_ids": [f.id for f in (rate, uplift) if f is not None]})
            )
        else:
            answer = next((t for c in range(1, len(table.columns)) if (t := cell_text(row, c))), None)
            out.append(
                TemplateAnswer(
                    **_base(table, row, RULE_FEE, 0.5), kind="other", question=question, answer=answer
                )
            )
    return out


def _service(ctx: PassContext, question: str) -> str | None:
    """The service a fee question asks about, named one way ('Care homes without nursing');
    the longest phrase wins, so 'care homes with nursing' is not read inside 'without nursing'."""
    found = words_of("fee_service", question, ctx.rules, where=("label",))
    if not found:
        return None
    rule, _ = max(found, key=lambda hit: (len(hit[1].group(0)), -hit[1].start()))
    return rule.value


def _is_fee(ctx: PassContext, row: TableRow) -> bool:
    return any(r.value == "fee_rate" for r, _ in words_of("template", row.label, ctx.rules, where=("label",)))
