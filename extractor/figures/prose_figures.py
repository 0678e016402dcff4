"""Numbers in prose to figures, each labelled by the phrase it measures, with its sentence as its text;
and the values of a form's fields (a cover sheet's "Minimum required value ...: 2017/18: £x")."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from ..dates import find_dates
from ..models import Block, BlockKind, Candidate, Figure, FigureRole, Records
from ..numbers import COUNT, GBP, PERCENT, ParsedNumber, find_numbers, time_unit
from ..periods import (
    SAME_QUARTER_LAST_YEAR,
    calendar_quarter,
    financial_year_of,
    half_of_year,
    is_period,
    month_after,
    period_of,
    relative_period,
    rolling_to_quarter_end,
    span_of_change,
    with_year,
)
from ..prose import label_after, label_before, sentence_span
from ..rules import HeaderRule, Rules
from .common import _CALENDAR_YEAR_RE, _numbers_in, _period, _prose_role, _prose_unit_for
from .context import FigureContext
from .prose_finish import (
    finish_label,
    names_a_rate,
    names_a_sum,
    names_a_thing,
    section_name,
    spell_out,
    usable,
)
from .prose_labels import (
    BOUND_WORDS,
    LabelReading,
    content_words,
    is_target_of,
    measure_changed,
    noun_phrase_opening,
    read_breakdown,
    read_labels,
)

# a prose figure's label names the measure and what it is of ("net revenue budget", "people in
# residential care"); one word ("increase", "average") is a kind of number, not a name (issue 12),
# unless it names the thing counted or measured ("1,449 families", "The fund is £10.0m")
MIN_LABEL_WORDS = 2
# the rule of a prose number no reading names; its label is the section's title until a form field
# or a record pass names it
UNNAMED_RULE = "prose.unnamed"


@dataclass(frozen=True)
class _FormKey:
    """What a form's field names a value line by: 'Minimum required value of Better Care Fund',
    with '2017/18:' and '2018/19:' for its two amounts."""

    label: str
    periods: tuple[str, ...]
    skip: bool = False  # 'Contact number:', 'Tel:': an identifier, not a quantity
    role: FigureRole | None = None  # what the field name says, as a column header would ('... Allocation')


_PHONE_LINE_RE = re.compile(r"(?<![\d£.,])0\d{2,4}\s\d{3,4}")
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
        if prev.endswith((".", ";", "?", "!")) or _PHONE_LINE_RE.search(prev):
            break  # a sentence, or a contact line ("01609 780780"), is not a field's name
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
        if f.rule_id == UNNAMED_RULE:
            update["rule_id"] = "prose.form-field"
        if key.role is not None and f.role is FigureRole.OTHER:
            update["role"] = key.role
        if key.periods and i < len(key.periods) and key.periods[i]:
            update["period"] = key.periods[i]
        out.append(f.model_copy(update=update))
    return out


# a block that is nothing but an item number: "4.", "(b)", or a measure's ref "2.2" on its own line
_LONE_NUMBER_RE = re.compile(r"^\s*\(?(\d{1,2})(?:\.\d{1,2}){0,3}[.)]?\s*$")


# "9.45", "11.05" on lines of their own beside agenda items: the time each item starts
_CLOCK_TIME_RE = re.compile(r"^\s*(?:[01]?\d|2[0-3])[.:][0-5][05]\s*$")


def _is_clock_time(blocks: list[Block], index: int) -> bool:
    """A lone time of day among others (an agenda's running order), not a quantity."""
    if not _CLOCK_TIME_RE.match(blocks[index].text):
        return False
    near = blocks[max(0, index - 10) : index] + blocks[index + 1 : index + 11]
    return any(_CLOCK_TIME_RE.match(b.text) for b in near)


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


def _prose_figures(
    text: str,
    block: Block,
    ctx: FigureContext,
    start: int,
    title: str | None = None,
    within: tuple[int, int] | None = None,
) -> list[Figure]:
    """The figures of one prose block. ``title`` is the nearest title above it (a heading, or a
    lettered line such as "F) Market Sustainability and Improvement Funding" that the section
    reader took for a list item); it names what a bare measure word is of."""
    out: list[Figure] = []
    section = ctx.sections[block.section_id]
    previous: tuple[int, str] | None = None  # (sentence start, label) of the last number read
    last: tuple[ParsedNumber, str] | None = None
    in_sentence: list[tuple[ParsedNumber, str]] = []  # the numbers read so far in this sentence
    dated: tuple[ParsedNumber, str | None] | None = None  # the number made a figure last, and its period
    for number in _numbers_in(text, ctx.rules):
        if within is not None and not within[0] <= number.start < within[1]:
            continue  # a number of the sentence's other part, read with its own block
        s, e = sentence_span(text, number.start)
        if number.raw in ctx.register_ids and not text[s : number.start].strip(" -•*#"):
            continue  # "1329 Failure to deliver financial plan": a register entry's id heading its line
        sentence = text[s:e].strip()
        in_sentence = [(n, lab) for n, lab in in_sentence if n.start >= s]
        readings = read_labels(text, number, (s, e), last if previous and previous[0] == s else None)
        part = read_breakdown(text, number, (s, e), in_sentence)
        if part is not None:
            readings.insert(0, part)
        legacy = _prose_label(text, number)
        if not legacy and previous is not None and previous[0] == s:
            # "Annual cost £2m, with £1m committed for 17/18 and £2m for 18/19": the later sums
            # are parts of the first one
            legacy = previous[1]
        if legacy and content_words(legacy) >= 1:
            readings.append(
                LabelReading(legacy, "prose.phrase", 0.35 if content_words(legacy) >= 2 else 0.15)
            )
        named = section_name(title or section.title, ctx.label_words.plain_heading)
        if named:
            readings.append(LabelReading(named, "prose.section-title", 0.1))
            used = _USED_FOR_RE.match(text, number.end, e)
            if used and number.unit == GBP and names_a_sum(named, ctx.label_words):
                # "the remaining £80m was allocated to reflect the 1% adult social care council tax
                # precept": the part of the section's sum used that way
                how = " ".join(used.group("how").split()).lower()
                what = noun_phrase_opening(re.sub(r"^(?:the\s+)?[\d.]+%\s+", "", used.group("what")))
                if content_words(what) >= 1:
                    readings.append(LabelReading(f"{named} {how} {what}", "prose.used-for", 0.76))
            more = _MORE_OF_RE.search(text, s, number.start)
            if (
                more
                and number.unit == GBP
                and names_a_sum(named, ctx.label_words)
                and _NO_NOUN_AFTER_RE.match(text, number.end)
            ):
                # "The 2021-22 settlement included a further £300m": more of the sum the section is about
                readings.append(LabelReading(f"{more.group(1).lower()} {named}", "prose.more-of", 0.7))
            if names_a_sum(named, ctx.label_words):
                # "The Council's allocation of the additional £400m was £10.3m": the phrase stops at
                # the sum it is a share of, which is the section's grant
                readings = [
                    replace(r, label=f"{r.label} {named}") if _CUT_AT_POT_RE.search(r.label) else r
                    for r in readings
                ]
        readings.sort(key=lambda r: -r.confidence)
        best = _best_label(readings, named, ctx, number.unit)
        if best is None and previous is not None and is_target_of(text, s, number.start):
            # "The measure continues to be RAG Rated Amber – below a target of 80%": the target of
            # the measure the paragraph has been reporting
            said = measure_changed(previous[1])
            if content_words(said) >= MIN_LABEL_WORDS:
                best = LabelReading(said, "prose.target-of", 0.6), said
        if best is None:
            # nothing in the sentence or above it names the number: a form field or a record pass
            # may still name it; what none names is left out (``drop_unnamed``)
            best = LabelReading(section.title, UNNAMED_RULE, 0.05), section.title
        reading, label = best
        label = _quoted_name(label, sentence, text[s : number.start]) or label
        if _POINTS_BACK_RE.fullmatch(label) and named and content_words(named) >= MIN_LABEL_WORDS:
            label = named  # "Performance for this measure was 73.2%": the measure the section is about
        measure = label  # what the next numbers of the sentence may share, without this one's bracket
        if time_unit(number) and reading.rule_id != UNNAMED_RULE:
            label = f"{label} ({time_unit(number)})"  # "6 minutes 26 seconds" is read as 386 seconds
        if (
            number.unit == GBP
            and reading.rule_id != UNNAMED_RULE
            and not label.lower().startswith("national")
            and (_is_national_pot(text, s, e, number) or _is_announced_pot(text, s, e, number, ctx))
        ):
            # "In total £162m was made available and the Council's share was £4.2m": the pot the
            # Council's share is of, which a reader must not take for the Council's own sum
            label = f"national {label}"
        which = _QUALIFIER_AFTER_RE.match(text, number.end)
        if which and reading.rule_id != UNNAMED_RULE and _qualifies(which.group("q"), label):
            # "the gap reduces to 5.07% (mean) and 10.25% (median)", "+£23.3m (excluding schools)":
            # the bracket says which of the measure's values this one is
            label = f"{label} ({' '.join(which.group('q').split())})"
        against = _COMPARED_AFTER_RE.match(text, number.end)
        if (
            against
            and reading.rule_id != UNNAMED_RULE
            and (number.unit == PERCENT or measure_changed(measure) != measure)
            and "compared" not in label.lower()
            and not re.search(r"(?i)\b(?:on|than|against)\b", label)
        ):
            # "6% higher than Quarter 2 and 48% higher than the same quarter last year": what each
            # change is measured against tells the two apart
            label = f"{label} compared with {' '.join(against.group('what').split())}"
        # a section's title is no label for the next number to share, nor is an earlier level's
        if reading.rule_id not in (UNNAMED_RULE, "prose.compared-level"):
            # "an additional £636.4m, £556.4m of this": the later sums are of the grant, not more of it
            shared = named if reading.rule_id == "prose.more-of" and named else measure
            previous = (s, shared)
            last = (number, shared)
            in_sentence.append((number, measure))
        orgs = ctx.gazetteer.find(text[s:e])
        seen = {label.lower()}
        alternatives = []
        spelled = spell_out(label, ctx.abbreviations)
        if spelled != label:
            # "RSG allocation": the label keeps the paper's word, the name in full is beside it
            seen.add(spelled.lower())
            alternatives.append(
                Candidate(
                    field="label", value=spelled, rule_id="label.spelled-out", confidence=reading.confidence
                )
            )
        for r in readings:
            if r is not reading and r.label.lower() not in seen:
                seen.add(r.label.lower())
                alternatives.append(
                    Candidate(field="label", value=r.label, rule_id=r.rule_id, confidence=r.confidence)
                )
        period = _figure_period(text, number, sentence, label, reading, ctx)
        when = _WHEN_BRACKET_RE.search(label) if reading.rule_id == "prose.compared-level" else None
        relative = relative_period(when.group("when"), ctx.period) if when and not period else None
        if when and relative:
            # "10.8% higher than Quarter 3 last year (5,735)": the level then, for that quarter
            label, period = label[: when.start()], relative
        if dated is not None and _RESTATED_RE.fullmatch(text, dated[0].end, number.start):
            period = dated[1]  # "60.4% (539,000) of the population in 2022": the bracket restates it
        dated = (number, period)
        out.append(
            Figure(
                id=f"f{start + len(out) + 1}",
                value=number.value,
                unit=_prose_unit_for(number.unit, text, number.end, sentence, ctx.rules),
                raw=number.raw,
                label=label,
                period=period,
                organisation=orgs[0].org.name if len(orgs) == 1 else _own_body(text, s, number, label, ctx),
                role=FigureRole.TARGET
                if reading.rule_id == "prose.target-of"
                and not _BOUND_WORD_RE.search(text, max(s, number.start - 40), number.start)
                else _prose_role(text, number, ctx.rules),
                comparator=number.comparator,
                section_id=block.section_id,
                section=section.title,
                text=sentence,
                provenance=block.provenance,
                warnings=list(number.warnings),
                measure=label if reading.rule_id != "prose.section-title" else None,
                rule_id=reading.rule_id,
                confidence=reading.confidence,
                alternatives=alternatives,
            )
        )
    return out


# the period a compared level is for, as its label says it: "referrals (Quarter 3 last year)"
_WHEN_BRACKET_RE = re.compile(r"\s+\((?P<when>[^()]+)\)$")
# a number in a bracket right after another: the same quantity in other terms, "60.4% (539,000)"
_RESTATED_RE = re.compile(r"\s*\(\s*[+\-]?")
# a bracket right after a number, of a few words and no number: "(mean)", "(excluding schools)"
_QUALIFIER_AFTER_RE = re.compile(r"\s*\(\s*(?P<q>[A-Za-z][A-Za-z'’&/ -]{1,40}?)\s*\)")
_NOT_QUALIFIERS_RE = re.compile(
    r"(?i)^(?:see|para|paragraph|appendix|annex|table|section|page|note|figure|fig|i\.?e|e\.?g|cid|ref|"
    r"approx|approximately|estimate|provisional|forecast)\b"
)


def _qualifies(words: str, label: str) -> bool:
    """Is a bracket after a number a qualifier worth adding to its label? Not a pointer ("see
    Appendix"), not a period, not what the label already says, and short."""
    words = " ".join(words.split())
    return (
        len(words.split()) <= 4
        and not _NOT_QUALIFIERS_RE.match(words)
        and not is_period(words)
        and words.lower() not in label.lower()
        and content_words(words) >= 1
    )


# "the Council's share", "the Trust's allocation", "our share": this body's part of a larger sum
# the words a paper calls its own body by: "the Council", "the Trust", "the Authority"
_BODY_WORDS = r"council|authority|trust|board|icb|ccg"
_OWN_SHARE_RE = re.compile(
    r"(?i)\b(?:(?:the\s+|this\s+)?(?:county\s+)?(?:" + _BODY_WORDS + r")(?:'s|’s)|our)"
    r"\s+(?:\w+\s+)?(?:share|allocation|element|portion|part)\b"
)
# "share of the additional £400m", "In total £162m was made available", "increased nationally by"
_POT_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:share|allocation|element|portion|part)\s+of\s+(?:the\s+)?(?:additional\s+|extra\s+|further\s+|"
    r"total\s+|national\s+)?|\bin\s+total\s+|\bnationally\s+(?:by\s+)?)[+\-]?$"
)
_NATIONAL_CUE_RE = re.compile(
    r"(?i)\b(?:nationally|national(?:ly)?\s+total|in\s+england|across\s+england|all\s+councils)\b"
)


def _is_national_pot(text: str, s: int, e: int, number: ParsedNumber) -> bool:
    """Is the sum at ``number`` the whole a council's share is of ("In total £162m was made
    available and the Council's share was £4.2m", "the Council's allocation of the additional £400m
    was £10.3m")? Only a sentence that also names this body's share says so."""
    own = [m for m in _OWN_SHARE_RE.finditer(text, s, e)]
    if not own:
        return False
    if _POT_BEFORE_RE.search(text, s, number.start):
        return True
    clause_start = max((m.end() for m in re.finditer(r"[;,]|\band\b", text[s : number.start])), default=0)
    clause = text[s + clause_start : number.start]
    return bool(_NATIONAL_CUE_RE.search(clause)) and not _OWN_SHARE_RE.search(clause)


# the base a change is measured against, said straight after it
_COMPARED_AFTER_RE = re.compile(
    r"(?i)\s*(?:\([^()]{0,20}\)\s*)?(?:(?:higher|lower|more|less|greater|fewer|above|below|up|down"
    r"|increase|decrease|rise|fall|reduction|growth|drop)\s+(?:(?:in|of)\s+[^,;.()%£\d]{3,60}?\s+)?)?"
    r"(?:than|on|(?:when\s+)?compared\s+(?:to|with)|against)\s+(?:that\s+(?:of|for|in)\s+)?(?P<what>(?:the\s+)?(?:"
    r"same\s+(?:quarter|period|month|time)(?:\s+(?:last\s+year|a\s+year\s+ago|(?:in\s+)?the\s+previous\s+year"
    r"|(?:in|of)\s+(?:19|20)\d{2}(?:[-/]\d{2,4})?))?"
    r"|(?:previous|last|prior)\s+(?:quarter|year|month|report)"
    r"|(?:quarter\s+[1-4]|Q[1-4])(?:\s+(?:last\s+year|of\s+the\s+previous\s+year)|,?\s+(?:19|20)\d{2}(?:[-/]\d{2,4})?)?"
    r"|(?:national|England|regional|county)\s+(?:average|rate|figure)))\b"
)
# "The Council's total Social Care Grant", "this Authority's share": the paper's own body, by its
# kind, owns the sum
_OWN_POSSESSIVE_RE = re.compile(r"(?i)\b(?:the|this)\s+(" + _BODY_WORDS + r")(?:'s|’s)\s")


def _own_body(text: str, s: int, number: ParsedNumber, label: str, ctx: FigureContext) -> str | None:
    """The organisation a possessive before the number names ("The Council's total Social Care
    Grant for 2023-24 was £88.771m": Kent County Council in a Kent paper), or ``None``."""
    owner = _OWN_POSSESSIVE_RE.search(text, s, number.start)
    if owner is None or label.lower().startswith("national"):
        return None
    org = ctx.gazetteer.resolve(owner.group(1), area=ctx.area)
    return org.name if org is not None and not org.generic else None


# "allocation of the additional", "share of the": a phrase cut where the sum it is part of stands
_CUT_AT_POT_RE = re.compile(
    r"(?i)\b(?:share|allocation|element|portion|part)\s+of\s+the(?:\s+(?:additional|further|extra|new|total))?$"
)
# below this a sum said beside a national announcement is as often this body's own allocation; a
# council's largest grant lines are under it (Kent's Social Care Grant, £88.8m, is always said as
# "the Council's"), national pots are hundreds of millions or billions
NATIONAL_POT_MIN = 50_000_000
# "the Council", "our", "KCC's", "KCC is": the sentence is about this body's own money
_OWN_BODY_RE = re.compile(
    r"\b(?:Council|Authority|Trust|ICB)\b(?!s)|(?i:\b(?:our|we|us)\b)|\b[A-Z]{2,6}(?:'s|’s)(?=\s)"
    r"|\b[A-Z]{2,6}\s+(?:is|was|has|have|will|would|receives?|received|holds?|held)\b"
)


def _is_announced_pot(text: str, s: int, e: int, number: ParsedNumber, ctx: FigureContext) -> bool:
    """Is the sum at ``number`` one a national announcement made ("The Autumn Budget 2022 announced
    an additional £400m for adult social care", "An additional £1bn was added to the 2020-21
    settlement"), in a sentence that names no body's own sum?"""
    source = ctx.label_words.national_source
    if source is None or abs(number.value or 0) < NATIONAL_POT_MIN or _OWN_BODY_RE.search(text, s, e):
        return False
    return bool(source.search(text, s, e))


# "Performance for this measure", "the measure", "this indicator": a label that points back to what
# the section reports
_POINTS_BACK_RE = re.compile(
    r"(?i)(?:performance(?:\s+(?:for|on|against|of)\s+(?:this|the)?\s*(?:measure|indicator|kpi))?|"
    r"(?:this|the)?\s*(?:measure|indicator|kpi|performance\s+data))"
)
_QUOTED_RE = re.compile(r"[‘’'\"“]([A-Z][^‘’'\"“”]{8,200}?)[’'\"”](?=[\s,.;:)]|$)")


def _quoted_name(label: str, sentence: str, before: str) -> str | None:
    """The whole of a measure's name the sentence quotes, when the label stops inside it: "The
    performance measure for ’Percentage of Early Help cases closed with outcomes achieved ...’ was
    14.9%" -> "Percentage of Early Help cases closed with outcomes achieved ...". A quote left open
    runs to the verb before the number ("... within 3 months was 14.9%")."""
    # an opening quote follows a space ("for ’Percentage of ..."); one after a letter is an apostrophe
    opened = [m.start() for m in re.finditer(r"(?:^|(?<=\s))[‘’'\"“](?=[A-Z])", label)]
    if not opened:
        return None
    cut = opened[-1]
    opening = label[cut + 1 :].strip()
    if len(opening.split()) < 2:
        return None
    for m in _QUOTED_RE.finditer(sentence):
        if m.group(1).startswith(opening):
            return " ".join(m.group(1).split())
    at = before.find(opening)
    verb = _LINK_VERB_END_RE.search(before, at) if at >= 0 else None
    if verb and verb.start() - at <= 200:
        return " ".join(before[at : verb.start()].split())
    return None


_LINK_VERB_END_RE = re.compile(
    r"(?i)\s+(?:was|is|were|are|remains?|remained|stood\s+at|stands\s+at)\s+\S{0,12}$"
)


# a level a measure is kept above or below, which is not the target it aims at: "above a floor of 75%"
_BOUND_WORD_RE = re.compile(rf"(?i)\b(?:{BOUND_WORDS})\b")
# an NHS board's risk register written as text: "1179: Impact/Management of Neurodevelopmental
# Assessment Waiting List (15)"; the entry and its score are references (ref.register-score), not
# quantities, but the ids name the entries where they head a line elsewhere (``register_ids``)
_REGISTER_ENTRY_RE = re.compile(
    r"(?<![\d.,£$])(?P<id>\d{3,5}):\s+(?P<title>[^():\d](?:[^():]|\([A-Z&]{2,8}\)){2,150}?)\s*\((?P<score>\d{1,2})\)"
)
# "£556.4m of this was allocated via the existing ASC RNF", "the remaining £1.185bn allocated using
# the existing ASC RNF", "£160m of this increase was allocated to reflect the 2% precept"
_USED_FOR_RE = re.compile(
    r"(?i)\s+(?:of\s+(?:this|these|the|which)(?:\s+[a-z]+)?\s+)?(?:(?:was|were|is|are|has\s+been|have\s+been|will\s+be)\s+)?"
    r"(?P<how>(?:allocated|distributed|used|spent|earmarked|set\s+aside|paid|transferred)\s+"
    r"(?:to\s+reflect|via|through|according\s+to|using|on|for|to|from|by))\s+(?P<what>[^.;:()]{3,80})"
)
# "an additional £4.7m, increasing", "a further £300m taking", "an extra £1bn was added": more of
# something the sentence does not name after the sum
_MORE_OF_RE = re.compile(r"(?i)\b(?:an?\s+)?(additional|further|extra)\s+(?:[£$])?$")
_NO_NOUN_AFTER_RE = re.compile(
    r"(?i)\s*(?:[,;.)]|$|\s*(?:was|were|is|has|had|taking|increasing|from|to|for|in|of|which|and)\b)"
)


def _best_label(
    readings: list[LabelReading], section: str | None, ctx: FigureContext, unit: str | None
) -> tuple[LabelReading, str] | None:
    """The most confident reading that is a noun phrase (a clause's fragment, "was added", is no
    label however sure its rule was), finished as a reader writes it, with at least two content
    words: one word ("increase", "people") says what kind of number it is, not which. ``None``
    when no reading names the number.

    A reading of one word that names the things counted ("homes", "loans") is completed by the
    section it sits in ("homes (No Use Empty)"): on its own it does not say which homes. The
    section's title alone names a sum only under a section named after one ("Social Care Grant"),
    and a percentage only under a rate's ("Gender Pay Gap"); under a topic ("Pay Ratio", "Other
    Factors") it named the wrong thing (27 of 38 rows on the gold pages named by a title, 10 of 20
    of those left), and the number is left out."""
    thing: tuple[LabelReading, str] | None = None
    weaker: tuple[LabelReading, str] | None = None
    for reading in readings:
        if reading.rule_id == "prose.section-title":
            if thing is not None:
                return thing[0], f"{thing[1]} ({reading.label})"
            named_for = (unit == GBP and names_a_sum(reading.label, ctx.label_words)) or (
                unit == PERCENT and names_a_rate(reading.label, ctx.label_words)
            )
            if not named_for:
                return None
            return (reading, reading.label) if content_words(reading.label) >= MIN_LABEL_WORDS else None
        if not usable(reading.label):
            continue
        label = finish_label(reading.label, section, ctx.label_words)
        if content_words(label) >= MIN_LABEL_WORDS:
            if thing is not None and reading.rule_id == "prose.subject":
                # "this includes 39 doctors ..., 8 dentists": the things counted, under their
                # section, before the sentence's subject, which is what the sentence is about
                weaker = weaker or (reading, label)
                continue
            return reading, label
        if thing is None and names_a_thing(label, ctx.label_words):
            thing = reading, label
    return weaker


def _figure_period(
    text: str, number: ParsedNumber, sentence: str, label: str, reading: LabelReading, ctx: FigureContext
) -> str | None:
    """The period a prose figure is for: the reading's own; for a change, the two years the
    sentence says it is between ("from 14,700 in 2022 to 22,500 in 2035, an increase of 52.9%");
    else the sentence's period, or the paper's."""
    if reading.period is not None:
        return reading.period or None
    if measure_changed(label) != label:
        span = span_of_change(sentence)
        if span:
            return span
    said = _period(text, number.start)
    phrase = re.match(r"[^,;.]{0,100}", text[number.end :])  # the number's own phrase
    rolling = rolling_to_quarter_end(phrase.group(0) if phrase else "", ctx.period)
    if rolling and (said is None or said == ctx.period or re.fullmatch(r"Q[1-4]", said)):
        return rolling  # "67,008 mandated health and wellbeing reviews (12-month rolling)"
    year = re.match(r"(?:19|20)\d{2}/\d{2}", ctx.period or "")
    quarter = _QUARTER_AFTER_RE.match(text, number.end, min(len(text), number.end + 80))
    calendar = ctx.label_words.calendar_series
    if year and calendar is not None and calendar.search(sentence):
        # "GDP growth ... following downwardly revised Q2 figures (0.5% q/q)": national statistics
        # count quarters from January
        bare = re.fullmatch(r"Q([1-4])", said or "")
        if bare or (quarter and quarter.group("q") and said in (None, year.group(0))):
            return calendar_quarter(int(bare.group(1) if bare else quarter.group("q")), year.group(0))
    period = _paper_period(said, ctx.period, sentence)
    if year and quarter and (period is None or period.startswith(year.group(0))):
        # "1,219 Courses delivered in Quarter 3 compared to 1,146 Courses delivered in the same
        # quarter last year": each number's own quarter, said just after it
        if quarter.group("q"):
            return f"{year.group(0)} Q{quarter.group('q')}"
        own = re.search(r"Q[1-4]$", ctx.period or "")
        if own:
            return f"{financial_year_of(int(year.group(0)[:4]) - 1)} {own.group(0)}"
    end = number.end
    upper = _DASH_RANGE_RE.match(text, end)
    if upper:
        end = upper.end()  # "between 5.08% - 5.25% at the beginning of April": the range's month
    if year and (period in (None, year.group(0)) or not _said_in(period, sentence)):
        # a month said straight after the number is nearer than a date the paragraph gave before
        return month_after(text, end, year.group(0)) or period
    years = set(_CALENDAR_YEAR_RE.findall(sentence))
    if len(years) == 1:
        # "falling to 3,828 at the end of June 2025, from 4,139 at the end of April": the month
        # said straight after the number, in the one year the sentence names
        return month_after(text, number.end, years.pop()) or period
    return period


_DASH_RANGE_RE = re.compile(r"\s*[-–]\s*[£]?\d[\d,.]*\s*%?")
_QUARTER_AFTER_RE = re.compile(
    r"(?i)[^\d.;:£%]{0,40}?\b(?:in|during)\s+(?:(?:quarter|q)\s*(?P<q>[1-4])\b(?!\s*(?:,\s*)?(?:19|20)\d{2})"
    r"|the\s+same\s+quarter\s+(?:last\s+year|(?:of\s+)?the\s+previous\s+year))"
)


def _said_in(period: str | None, sentence: str) -> bool:
    """Does the sentence itself name the period (its month and year, or its year)?"""
    if not period:
        return False
    words = period.split()
    return all(w.lower() in sentence.lower() for w in words[-2:])


def _paper_period(period: str | None, paper: str | None, sentence: str = "") -> str | None:
    """A number whose paragraph names no period is for the year the paper is about (a 2025-26
    budget report's "tax base increase of 1.22%"); a lone quarter ("Q3") takes that year too. In a
    quarter's report, "in the Quarter", "this quarter", and an undated number whose sentence does
    not look at the year, is the paper's quarter."""
    m = re.fullmatch(r"((?:19|20)\d{2}/\d{2})(?: (Q[1-4]))?", paper or "")
    if m is None:
        return period  # a paper about several years, or none, says nothing for one number
    year, quarter = m.groups()
    half = half_of_year(sentence, year) if (period is None or period == year) and not quarter else None
    if half:
        return half  # "No net new borrowing was undertaken in the half-year": six months of the year
    if quarter and (period is None or period == year) and _THIS_QUARTER_RE.search(sentence):
        return paper
    if quarter and period is None and not _YEAR_SCOPE_RE.search(_SAME_QUARTER_BEFORE_RE.sub("", sentence)):
        # a quarter's report tells what happened in its quarter ("5,104 pupils across 55 schools"),
        # unless the sentence looks at the year ("year to date", "annual", "in the previous quarter")
        return paper
    if period is None:
        # "Last year, County Council agreed a 1.35% increase": the year before the paper's
        return financial_year_of(int(year[:4]) - 1) if _LAST_YEAR_OPENING_RE.match(sentence) else year
    return with_year(period, year)


_LAST_YEAR_OPENING_RE = re.compile(r"(?i)^\s*(?:last\s+year|in\s+the\s+previous\s+(?:financial\s+)?year)\s*,")
# "in the Quarter", "during this quarter", "the current quarter": the quarter a report is for
_YEAR_SCOPE_RE = re.compile(
    r"(?i)\b(?:year|years|annual|annually|yearly|ytd|per\s+annum|p\.a\.|since|previous\s+quarter|"
    r"last\s+quarter|quarters|target|ambition|by\s+(?:the\s+end\s+of\s+)?(?:march|20\d{2}))\b"
)
# "compared to 24,085 for the same period last year": a quarter then, which keeps the sentence's
# own number to the paper's quarter
_SAME_QUARTER_BEFORE_RE = re.compile(r"(?i)\b(?:the\s+)?" + SAME_QUARTER_LAST_YEAR + r"\b")
_THIS_QUARTER_RE = re.compile(
    r"(?i)\b(?:(?:in|during|for|over|across)\s+(?:the|this)\s+(?:current\s+)?|this\s+)quarter\b"
)


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


def register_ids(blocks: list[Block]) -> frozenset[str]:
    """The ids a paper's risk register gives its entries ("1329: Failure to Deliver the Financial
    Plan (12)"): where the same number opens a line elsewhere, it names the entry, not a quantity."""
    ids = {m.group("id") for b in blocks for m in _REGISTER_ENTRY_RE.finditer(b.text)}
    for b in blocks:
        for listed in _RISK_LIST_RE.finditer(b.text):
            ids.update(re.findall(r"\d{3,5}", listed.group(1)))  # "Risks: 877, 1109, 1125"
    return frozenset(ids)


_RISK_LIST_RE = re.compile(r"(?i)\brisks?\s*(?:ids?|refs?|nos?\.?)?\s*:\s*((?:\d{3,5}\s*,\s*)+\d{3,5})")


def drop_unnamed(figures: list[Figure], records: Records) -> tuple[list[Figure], int]:
    """The figures less the prose numbers nothing named (``UNNAMED_RULE``) and no record uses: a
    number a reader cannot name is not data (issue 12). Returns the kept figures and how many went."""
    used = set(_figure_ids(records.model_dump()))
    kept = [f for f in figures if f.rule_id != UNNAMED_RULE or f.id in used]
    return kept, len(figures) - len(kept)


def _figure_ids(value: object) -> list[str]:
    """Every ``figure_id`` and ``figure_ids`` value in a dumped model."""
    if isinstance(value, dict):
        out = [str(v) for k, v in value.items() if k == "figure_id" and v]
        for k, v in value.items():
            if k == "figure_ids" and isinstance(v, list):
                out += [str(x) for x in v]
            else:
                out += _figure_ids(v)
        return out
    if isinstance(value, list):
        return [i for v in value for i in _figure_ids(v)]
    return []
