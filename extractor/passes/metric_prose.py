"""Metrics written in prose -> :class:`MetricRecord`.

Two forms, both from the sample papers and common in BCF plans:

* a metric section: a heading that names a national metric ("Non Elective Admissions"), then a
  "Target ..." line ("Target 60,502 – 2017/18. 61,655 – 2018/19", "Target 11 admissions or fewer
  per week"), then past performance as a table of periods or as period-led lines ("2016/17 585
  admissions (11.25 per week)"). One record per target, the series attached to the first;
* a target in a sentence: "reduce our weekly DTOC number to 99 by September 2017 and 77 by March
  2018", "a target of 110 weekly delays by the end of November 2017", "a net reduction of 3.5%".
  One record per target value, with its date, and the baseline or actual the sentence also gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from ..dates import find_dates
from ..models import Block, BlockKind, Figure, FigureRole, MetricRecord, MetricValue, Table
from .common import PassContext, clean, find_raw, metric_value, metric_word, value_figure, words_of

RULE_TARGET_LINE = "pass.metric.target-line"
# a change that has happened ("has reduced", "fell") reports a level reached, not one to reach
_HAPPENED_RE = re.compile(
    r"(?i)\b(?:has|have|had)\s+(?:been\s+)?(?:\w+ly\s+)?(?:reduc|increas|fall|fell|ris|rose|improv|declin|dropp|grow|grew)\w*"
    r"|\b(?:fell|rose|reduced|increased|declined|dropped|improved|grew)\b"
)
# a movement told as it goes, which without a date to reach it by is history, not an aim
_MOVING_RE = re.compile(
    r"(?i)\b(?:increasing|rising|falling|decreasing|declining|edging|climbing|dropping|growing)\b"
)
_AIMED_RE = re.compile(
    r"(?i)\b(?:will|shall|aims?|aiming|plans?|planned|expect\w*|seeks?|ambition|by\s+(?:the\s+end\s+of\s+)?20\d\d)\b"
)
RULE_SERIES = "pass.metric.series"
RULE_SENTENCE = "pass.metric.prose-target"
_WINDOW = 30  # blocks a metric heading governs; the sample plans put target and history within ~20
_TARGET_LEAD_RE = re.compile(r"(?i)^\s*(?:target|ambition|trajectory|plan)\b\s*:?\s*(?=\S)")
_PERIOD_LEAD_RE = re.compile(r"^\s*(?:Q[1-4]\s+)?(?:19|20)\d{2}\s?[/\-–]\s?\d{2}\b")
_BY_RE = re.compile(
    r"^\W{0,3}(?:[a-z%]+\s+){0,4}?(?:by|in|for|at)\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(?P<when>[A-Z][a-z]+(?:\s+\d{4})?|\d{4}(?:/\d{2})?)"
)


@dataclass
class _Context:
    measure: str
    national: str | None
    start: int
    records: list[int] = field(default_factory=list)  # indexes into the pass's output list
    last_target: int = -2  # block index of the last "Target ..." line
    targets: set[float | None] = field(default_factory=set)  # values its Target lines gave


def run(ctx: PassContext, series: list[Table]) -> list[MetricRecord]:
    """Metric sections and sentence targets, in document order; ``series`` are the period tables
    the table pass left for the measure named before them."""
    out: list[MetricRecord] = []
    pending = {t.id: t for t in series}
    claimed: set[str] = set()
    current: _Context | None = None
    for index, block in enumerate(ctx.doc.blocks):
        if current is not None and index - current.start > _WINDOW:
            current = None
        if block.kind is BlockKind.TABLE:
            table = pending.pop(block.table_id or "", None)
            if table is not None:
                current = current or _Context(
                    measure=_fallback_measure(ctx, table), national=None, start=index
                )
                _attach_series(ctx, current, table, out)
            continue
        if current is not None and _TARGET_LEAD_RE.match(block.text):
            claimed.add(block.id)
            _target_line(ctx, current, block, out)
            current.last_target = index
            continue
        # lines that carry on a metric section come before a new section: "469 permanent
        # admissions ..." under a Target line names the metric but does not start a new one
        if (
            current is not None
            and current.last_target == index - 1
            and _follows_target(ctx, current, block, out)
        ):
            claimed.add(block.id)
            continue
        if (
            current is not None
            and current.records
            and _PERIOD_LEAD_RE.match(block.text)
            and len(block.text.split()) <= 12
        ):
            claimed.add(block.id)
            _period_line(ctx, current, block, out)
            continue
        named = _names_metric(ctx, block)
        if named is not None:
            if (
                current is not None
                and not current.records
                and current.national == named
                and len(block.text) > len(current.measure)
            ):
                current.measure = clean(block.text)  # the heading, then the measure in full
            elif current is None or current.records or current.national != named:
                current = _Context(measure=clean(block.text).rstrip(":."), national=named, start=index)
            if not _figures(ctx, block):
                continue
            # "Reduce the beds days lost to delays to 3300 by the end of November 2017": a line
            # that names the metric and sets its target in one
        if block.id not in claimed:
            out.extend(_sentence_targets(ctx, block, current, _lead(ctx, index)))
    for table in pending.values():  # a series with no measure named before it
        context = _Context(measure=_fallback_measure(ctx, table), national=None, start=0)
        _attach_series(ctx, context, table, out)
    return out


def _lead(ctx: PassContext, index: int) -> str:
    """The previous block's last words when it stops mid-sentence (no closing punctuation)."""
    if index == 0:
        return ""
    prev = ctx.doc.blocks[index - 1]
    if prev.kind is BlockKind.TABLE or re.search(r"[.:;!?)]\s*$", prev.text):
        return ""
    return prev.text[-200:]


def _names_metric(ctx: PassContext, block: Block) -> str | None:
    """A short heading or line naming a national metric starts a metric section."""
    if len(block.text.split()) > 20:
        return None
    hit = metric_word("national_metric", block.text, ctx.rules)
    return hit[0].value if hit else None


def _fallback_measure(ctx: PassContext, table: Table) -> str:
    section = ctx.sections.get(table.section_id)
    return clean(table.title) or (section.title if section else table.id)


def _record(
    ctx: PassContext, context: _Context, block: Block, rule_id: str, confidence: float, **values: object
) -> MetricRecord:
    from .metrics import direction  # the one place direction words are read

    return MetricRecord(
        id="",
        rule_id=rule_id,
        confidence=confidence,
        section_id=block.section_id,
        text=clean(block.text),
        provenance=block.provenance,
        measure=context.measure,
        direction=direction(context.measure, ctx),
        national_metric=context.national,
        **values,  # type: ignore[arg-type]
    )


def _figures(ctx: PassContext, block: Block) -> list[Figure]:
    """The quantities of a block, without the '100,000' of a 'per 100,000' rate."""
    out = []
    for fig in ctx.block_figures.get(block.id, []):
        at = find_raw(block.text, fig.raw)
        if at > 0 and re.search(r"(?i)\bper\s*$", block.text[max(0, at - 5) : at]):
            continue
        out.append(fig)
    return out


def _comparator(ctx: PassContext, text: str, fig: Figure) -> str | None:
    at = find_raw(text, fig.raw)
    if fig.comparator or at < 0:
        return fig.comparator
    after = text[at + len(fig.raw) : at + len(fig.raw) + 40]
    for rule, m in words_of("comparator", after, ctx.rules):
        if m.start() <= 25:
            return rule.value
    return None


def _target_line(ctx: PassContext, context: _Context, block: Block, out: list[MetricRecord]) -> None:
    for fig in _figures(ctx, block):
        if fig.unit == "GBP":
            continue
        value = metric_value(fig, comparator=_comparator(ctx, block.text, fig))
        context.targets.add(fig.value)
        context.records.append(len(out))
        out.append(_record(ctx, context, block, RULE_TARGET_LINE, 0.75, target=value, figure_ids=[fig.id]))


def _follows_target(ctx: PassContext, context: _Context, block: Block, out: list[MetricRecord]) -> bool:
    """'469 permanent admissions to care home per 100,000 population 65+' right under a Target line
    is a second target of the same metric."""
    if len(block.text.split()) > 15 or not re.match(r"^\s*[£\d]", block.text):
        return False
    figs = [f for f in _figures(ctx, block) if f.unit != "GBP"]
    if not figs or find_raw(block.text, figs[0].raw) > 3:
        return False
    record = _record(
        ctx, context, block, RULE_TARGET_LINE, 0.6, target=metric_value(figs[0]), figure_ids=[figs[0].id]
    )
    unit_words = clean(block.text[find_raw(block.text, figs[0].raw) + len(figs[0].raw) :])
    context.records.append(len(out))
    out.append(
        record.model_copy(
            update={"measure": f"{context.measure} ({unit_words})" if unit_words else context.measure}
        )
    )
    return True


def _add_actuals(context: _Context, values: list[MetricValue], out: list[MetricRecord]) -> None:
    """A metric's past performance goes on its first record (one series per metric section)."""
    first = out[context.records[0]]
    ids = [v.figure_id for v in values if v.figure_id]
    out[context.records[0]] = first.model_copy(
        update={"actuals": first.actuals + values, "figure_ids": first.figure_ids + ids}
    )


def _period_line(ctx: PassContext, context: _Context, block: Block, out: list[MetricRecord]) -> None:
    figs = [f for f in _figures(ctx, block) if f.unit != "GBP"]
    if figs:
        _add_actuals(context, [metric_value(figs[0])], out)


def _attach_series(ctx: PassContext, context: _Context, table: Table, out: list[MetricRecord]) -> None:
    values: list[MetricValue] = []
    for row in table.rows:
        for col in table.columns:
            fig = value_figure(ctx, table, row, col.index)
            if fig is not None:
                values.append(metric_value(fig, period=_period_label(row.label)))
                break
    if not values:
        return
    if not context.records:
        block = next((b for b in ctx.doc.blocks if b.table_id == table.id), None)
        if block is None:
            return
        context.records.append(len(out))
        out.append(_record(ctx, context, block, RULE_SERIES, 0.5).model_copy(update={"table_id": table.id}))
    _add_actuals(context, values, out)


def _period_label(label: str) -> str | None:
    from ..periods import period_of

    return period_of(label)


# --------------------------------------------------------------------------- targets in sentences


def _sentence_targets(
    ctx: PassContext, block: Block, context: _Context | None, lead: str
) -> list[MetricRecord]:
    """Targets stated in sentences. ``lead`` is the end of the previous block when this block
    carries on its sentence (a PDF line break that split a paragraph)."""
    from .metrics import direction, national_metric

    out: list[MetricRecord] = []
    figs = [f for f in _figures(ctx, block) if f.unit != "GBP"]
    chained: tuple[str, str, str] | None = None  # (sentence, unit, measure) of the last target read
    seen: set[tuple[str, float | None]] = set()
    known = {out_value for out_value in (context.targets if context else set())}
    for fig in figs:
        text = block.text
        at = find_raw(text, fig.raw)
        if at < 0 or fig.role in (FigureRole.BASELINE, FigureRole.ACTUAL):
            continue
        sentence = fig.text
        s = text.find(sentence) if sentence and sentence in text else max(0, at - 200)
        before = text[s:at]
        if s == 0 and lead and metric_word("direction", before, ctx.rules) is None:
            before = lead + " " + before  # the sentence began in the block before
        after = text[at + len(fig.raw) : at + len(fig.raw) + 60]
        if re.search(r"(?i)\bfrom\s+(?:a\s+)?(?:baseline\s+of\s+)?$", before):
            continue  # "from 11.25 per week": where it starts, not where it should get to
        when = _BY_RE.match(after)
        directed = metric_word("direction", before, ctx.rules, longest=False)
        towards = bool(re.search(r"\b(?:to|of)\s*$", before)) and directed is not None
        explicit = fig.role is FigureRole.TARGET and bool(
            re.search(r"(?i)\b(?:target|trajectory|ambition)s?\b(?:\s+\w+){0,2}\s*$", before)
        )
        chain = (
            chained is not None
            and chained[:2] == (sentence, fig.unit)
            and when is not None
            and bool(re.search(r"(?:\band|,)\s*$", before))
        )
        if not (towards or explicit or chain) or (explicit and fig.value in known):
            chained = None
            continue
        section = ctx.sections.get(block.section_id)
        national = national_metric(before + " " + sentence, ctx) or (
            national_metric(section.title, ctx) if section else None
        )
        # "increase ... to 75% of all registered patients by 2019": a level to reach by a date is
        # a target whatever it measures
        if national is None and not explicit and not (towards and when is not None):
            continue
        if not explicit and metric_word("projection", before, ctx.rules) is not None:
            continue  # "expected to grow ... to 267,200 in 2035": a projection, which nobody set as a target
        if not explicit and _HAPPENED_RE.search(before) and not _AIMED_RE.search(before):
            continue  # "has reduced throughout the quarter, falling to 3,828": what happened, not an aim
        reach_by = when is not None and re.match(r"\W{0,3}(?:[a-z%]+\s+){0,4}?by\b", after) is not None
        if not explicit and not reach_by and _MOVING_RE.search(before) and not _AIMED_RE.search(before):
            continue  # "Core CPI inflation increasing from 3.3% in July to 3.6% in August": a movement told
        measure = (
            chained[2]
            if chain and chained
            else _measure(ctx, before, directed[1] if directed else None, fig, sentence)
        )
        if (measure, fig.value) in seen:
            continue
        seen.add((measure, fig.value))
        chained = (sentence, fig.unit, measure)
        # the year nearest the number may be the baseline's ("from a baseline of 62 in 2018/19"):
        # a target keeps a year only when it follows the number
        own_year = fig.period if fig.period and fig.period[2:4] in after[:40] else None
        target = metric_value(fig, date=_when(ctx, when), comparator=_comparator(ctx, text, fig)).model_copy(
            update={"period": own_year}
        )
        baseline = _baseline(ctx, figs, fig, text, s)
        values = [v for v in (target, baseline) if v is not None]
        out.append(
            MetricRecord(
                id="",
                rule_id=RULE_SENTENCE,
                confidence=0.6 if towards or chain else 0.5,
                section_id=block.section_id,
                text=clean(sentence),
                provenance=block.provenance,
                figure_ids=[v.figure_id for v in values if v.figure_id],
                measure=measure,
                direction=direction(before, ctx),
                target=target,
                baseline=baseline,
                actuals=_actuals(figs, fig, sentence),
                national_metric=national,
            )
        )
    return out


def _when(ctx: PassContext, when: re.Match[str] | None) -> str | None:
    """'by September 2017' -> 2017-09; 'by November' takes the paper's year."""
    if when is None:
        return None
    text = when.group("when")
    found = find_dates(text, default_year=_year(ctx))
    if not found and not re.search(r"\d", text) and _year(ctx):
        found = find_dates(f"{text} {_year(ctx)}")
    return found[0].iso if found else None


def _measure(
    ctx: PassContext, before: str, directed: re.Match[str] | None, fig: Figure, sentence: str
) -> str:
    """'reduce our weekly DTOC number to' -> 'weekly DTOC number'; 'a reduction in non-elective
    admission to hospital of' -> 'non-elective admission to hospital'; else the national metric's
    own words in the sentence, else the phrase the figure measures."""
    if directed is not None:
        phrase = re.sub(r"\s+(?:to|of)\s*$", "", before[directed.end() :]).strip(" ,")
        phrase = re.sub(r"^(?:(?:in|of|on|for|the|our|their|its|a|an)\s+)+", "", phrase, flags=re.I)
        phrase = re.sub(
            r"(?i)[\s(,]*\b(?:a\s+|the\s+)?(?:target|trajectory|ambition)s?(?:\s+of)?\s*$", "", phrase
        )
        # "placed in a care home from 11.25 per week in 2016/17": where it starts is the baseline's
        phrase = re.sub(r"(?i)\s+from\s+(?:a\s+(?:baseline\s+of\s+)?)?[£\d].*$", "", phrase)
        if 1 <= len(phrase.split()) <= 15 and not re.search(r"(?i)\btarget\b", phrase):
            return clean(phrase)
    hit = metric_word("national_metric", sentence, ctx.rules)
    if hit is not None and len(hit[1].group(0).split()) >= 2:
        return clean(hit[1].group(0))
    label = clean(fig.label)
    if label and not re.search(r"(?i)\b(?:target|trajectory)\b", label):
        return label
    return clean(sentence)


def _baseline(ctx: PassContext, figs: list[Figure], target: Figure, text: str, s: int) -> MetricValue | None:
    for other in figs:
        if other is target or other.text != target.text or other.unit != target.unit:
            continue
        at = find_raw(text, other.raw)
        if other.role is FigureRole.BASELINE or (
            at >= s and re.search(r"\bfrom\s*$", text[max(s, at - 8) : at])
        ):
            return metric_value(other)
    return None


def _actuals(figs: list[Figure], target: Figure, sentence: str) -> list[MetricValue]:
    return [
        metric_value(f)
        for f in figs
        if f is not target and f.text == sentence and f.role is FigureRole.ACTUAL and f.unit == target.unit
    ]


def _year(ctx: PassContext) -> int | None:
    date = ctx.doc.metadata.meeting_date or ctx.doc.metadata.period
    m = re.match(r"(\d{4})", date or "")
    return int(m.group(1)) if m else None
