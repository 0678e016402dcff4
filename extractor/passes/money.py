"""Money statements in prose -> :class:`MoneyStatement`.

"We will invest £1.2m in social work capacity to support flow ... This funding is committed for
three years": a sum of money in a sentence that commits it (a money cue from
``rules/record_words.jsonl``: invest, allocate, spend, fund ...), with what it is for (the phrase
the figure measures), who gives or gets it (an organisation named in the sentence, the one before
the sum first: the subject), the year, and for how long (a duration phrase anywhere in the same
paragraph). Sums in tables belong to contribution and allocation records, not here.
"""

from __future__ import annotations

import bisect

import regex as re

from ..models import Block, BlockKind, Figure, MoneyStatement
from ..periods import period_of
from ..prose import label_after, period_near
from .common import PassContext, amount, clean, find_raw, words_of

RULE_ID = "pass.money.sentence"
_COUNT_WORDS = r"(?:\d+|one|two|three|four|five|six|seven|both|all\s+three|all\s+two)"
_DURATION_RE = re.compile(rf"(?i)\b{_COUNT_WORDS}[- ](?:(?:financial|full)\s+)?years?\b")


def run(ctx: PassContext) -> list[MoneyStatement]:
    """One statement per committed sum in prose, in document order."""
    out: list[MoneyStatement] = []
    lead = ""  # "... the same levels of investment as in 2016/17:" over a list of sums
    for block in ctx.doc.blocks:
        if block.kind is BlockKind.TABLE:
            lead = ""
            continue
        figures = [f for f in ctx.block_figures.get(block.id, []) if f.unit == "GBP"]
        item = bool(lead) and bool(_ITEM_SUM_RE.match(block.text))
        if figures:
            duration = _duration(ctx, block.text)
            orgs = _Organisations(ctx, block)
            for fig in figures:
                record = _statement(ctx, block, fig, duration, orgs, lead if item else "")
                if record is not None:
                    out.append(record)
        if block.text.rstrip().endswith(":") and words_of("money_cue", block.text, ctx.rules):
            lead = block.text
        elif not item and not block.text.lstrip()[:1].islower():
            lead = ""  # a line that carries on the item before ("short breaks and ...") keeps the list going
    return out


# a list item that opens with its sum: "£1,650,000 for equipment"
_ITEM_SUM_RE = re.compile(r"^\s*(?:[-•*]\s*)?£\s?\d")


def _statement(
    ctx: PassContext, block: Block, fig: Figure, duration: str | None, orgs: _Organisations, lead: str = ""
) -> MoneyStatement | None:
    """``lead`` is the sentence a list of sums hangs from ("... levels of investment as in
    2016/17:"); its money word commits every item of the list."""
    text = block.text
    sentence = fig.text if fig.text and fig.text in text else text
    s = text.find(sentence)
    at = find_raw(text, fig.raw, s)
    if at < 0:
        return None
    cues = [(rule, m) for rule, m in words_of("money_cue", sentence, ctx.rules)]
    pos = at - s
    if not cues and lead:
        cues = [(rule, m) for rule, m in words_of("money_cue", lead, ctx.rules)]
        pos = len(lead)
    if not cues:
        return None
    # the cue nearest the sum decides how sure we are ("investing £1m" beats "funding" three clauses away)
    rule, _ = min(cues, key=lambda rm: abs(rm[1].start() - pos))
    purpose = _purpose(text, at + len(fig.raw))
    near = period_near(text, at)
    confidence = 0.45 + 0.35 * rule.weight + (0.1 if purpose else 0.0)
    return MoneyStatement(
        id="",
        rule_id=RULE_ID,
        confidence=round(min(confidence, 0.9), 2),
        section_id=block.section_id,
        text=clean(sentence),
        provenance=block.provenance,
        figure_ids=[fig.id],
        amount=amount(fig),
        purpose=clean(purpose) or None,
        organisation=orgs.nearest(s, s + len(sentence), at),
        period=fig.period or (period_of(near) if near else None),
        duration=duration,
    )


_PURPOSE_RE = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:[\w'’-]+\s+){0,4}?(?:in|on|for|towards|into|to\s+(?:fund|support|purchase|provide|deliver|increase|improve|address|meet|create|pay|cover)|(?:allocated|given|paid|transferred|awarded|granted|passed)\s+to)\s+",
    re.I,
)


def _purpose(text: str, end: int) -> str:
    """What the sum is for: the phrase after "in", "on", "for", "to fund", "to support" ... within a
    few words of the sum ("£1.2m in social work capacity", "£21.5m is available to support adult
    social care"); '' when the sentence does not say."""
    m = _PURPOSE_RE.match(text, end)
    if not m:
        return ""
    phrase = re.sub(r"\s+(?:in|on|for|at|of|by|to|from|with)$", "", label_after(text, m.end()))
    return "" if re.match(r"^(?:19|20)?\d{2}(?:/\d{2})?\b", phrase) else phrase


class _Organisations:
    """A block's ORG entities from the spaCy pass (names already normalised, "the Council" already
    resolved to the area's body), sorted by where they start, so that each sum finds its own in log
    time: a long paragraph holds thousands of sums and as many names."""

    def __init__(self, ctx: PassContext, block: Block) -> None:
        found = [e for e in ctx.entities.get(block.id, []) if e.label == "ORG" and e.normalised]
        self.orgs = sorted(found, key=lambda e: e.start)
        self.starts = [e.start for e in self.orgs]

    def nearest(self, sentence_start: int, sentence_end: int, pos: int) -> str | None:
        """The organisation named nearest before the sum in its sentence (the one that spends or
        is given it), else the first one after it."""
        lo = bisect.bisect_left(self.starts, sentence_start)
        hi = bisect.bisect_left(self.starts, sentence_end)
        if lo == hi:
            return None
        before = [e for e in self.orgs[lo:hi] if e.end <= pos]
        return (before[-1] if before else self.orgs[lo]).normalised


def _duration(ctx: PassContext, text: str) -> str | None:
    """'This funding is committed for three years' -> 'three years'; 'recurrent', 'one-off'."""
    hits = words_of("duration", text, ctx.rules)
    if not hits:
        return None
    rule, m = hits[0]
    length = _DURATION_RE.search(m.group(0))
    return clean(length.group(0)) if length else rule.value
