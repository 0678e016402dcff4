"""What the cell and prose readers share: numbers in words, money or count, period and role near a number."""

from __future__ import annotations

import regex as re

from ..dates import find_dates, period_of_date
from ..models import FigureRole
from ..numbers import COUNT, GBP, ParsedNumber, as_count, find_numbers, parse_number
from ..periods import QUARTER_MENTION_RE, period_of, quarter_number, rolling_period
from ..prose import (
    FY_PATTERN,
    NUMBER_AT_RE,
    OTHER_NUMBER_RE,
    dated_by_another_number,
    is_compared_year,
    period_near,
    role_near,
    sentence_span,
)
from ..rules import MetricRule, Rules


def _unit_for(unit: str | None, label: str, rules: Rules) -> str:
    """A pound figure whose row names a rate ('£ per contact hour') is a rate (GBP/hour)."""
    if unit == GBP:
        for rule, pattern in rules.compiled["metric_words"]:
            if isinstance(rule, MetricRule) and rule.kind == "rate_unit" and pattern.search(label):
                return rule.value
    return unit or COUNT


def _prose_unit_for(unit: str | None, text: str, end: int, sentence: str, rules: Rules) -> str:
    """A pound figure in prose is a rate when the words just after it say so ("£12.71 per hour"),
    or its sentence does ("an hourly rate of £12.71"), unless they give it another term ("£250 a
    year for lower paid workers" in a sentence about hourly rates)."""
    after = text[end : end + _TERM_WINDOW]
    if unit == GBP and _OTHER_TERM_RE.match(after):
        return GBP
    own = _unit_for(unit, after, rules)
    return own if own != (unit or COUNT) else _unit_for(unit, sentence, rules)


# how far after a sum its term is written: "£250 a year", "£12.71 per contact hour"
_TERM_WINDOW = 30
_OTHER_TERM_RE = re.compile(
    r"(?i)\s*(?:a|per|each|every)\s+(?:year|annum|month|quarter|day)\b|\s*(?:p\.?a\.?|annually|pa)\b"
)


# "1) Discharge ...", "2. Develop ...", and the markers a flattened cell leaves glued or at a line's
# end: "... underway to identify current variations 3)", "... who deliver ICB)3) Discharge"
_LIST_MARKER_RE = re.compile(
    r"(?m)(?:^|(?<=[.;:]\s))\s*\(?\d{1,2}[.)](?=\s|$)|(?:(?<=[\s)\"'”’])|^)\d{1,2}\)(?=\s|$|[A-Za-z.])"
)


def _numbers_in(text: str, rules: Rules) -> list[ParsedNumber]:
    taken = [(d.start, d.end) for d in find_dates(text, default_year=2000)]
    # "1) Discharge planning ...", "2. Develop ...": item markers inside a cell, not quantities
    taken += [m.span() for m in _LIST_MARKER_RE.finditer(text)]
    # a footnote's marker, a contents line's page number ... (``position: span`` in references.jsonl)
    taken += [m.span() for pattern in rules.span_patterns for m in pattern.finditer(text)]
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


_PUBLISHED_RE = re.compile(
    r"(?i)\b(?:produced|published|prepared|issued|released|written|announced)\s+(?:in|on)\s+(?:the\s+)?$"
)
_AS_AT_RE = re.compile(r"(?i)\b(?:as\s+at|(?:at|by)\s+the\s+end\s+of|at|by|in|on|from|since|to|for)\s+$")
# a four-digit number that is said to be a value ("the FTE employee figure is 1916", "a total of
# 2015"), not a year something is for
_STATED_VALUE_RE = re.compile(r"(?i)\b(?:is|was|are|were|be|been|of|totals?|totalled|reached)\s+$")
# a year written alone ("for 2019,"), not part of a number ("2,019,000", "2019.5") or a span
_CALENDAR_YEAR_RE = re.compile(r"(?<![\d/£,.-])((?:19|20)\d{2})(?!\d|[/%-]|,\d|\.\d)")


def _period(text: str, pos: int) -> str | None:
    """The period a number in prose is for: a financial year in its sentence (the nearest); else the
    date the sentence is "as at" ("As at January 2021 the Council had ..."); else a calendar year
    it names; else the financial year the paragraph last named before it ("The 2021-22 settlement
    included £300m ... The same formula gave the Council £4.7m")."""
    s, e = sentence_span(text, pos)
    for d in reversed(find_dates(text[s:pos])):
        if dated_by_another_number(text, pos, s + d.start, s + d.end):
            continue  # "falling to 3,828 at the end of June 2025 from 4,640 ...": the 3,828's date
        if _STATED_AT_RE.search(text[s : s + d.start]) and not _FY_BEFORE_RE.search(text, s + d.end, pos):
            # "as at 1st April 2020, the lowest entry level point is £17,842": the date it is stated
            # at, however near a year the sentence names for something else ("the pay award for 2021/22")
            return d.raw
    rolling = rolling_period(text, s, e)
    if rolling and not dated_by_another_number(text, pos, rolling[1], rolling[2]):
        return rolling[0]  # "In the 12-month period to December 2024, 102 pupils were excluded"
    near = period_near(text, pos)
    quarter = _quarter_in(text, s, e, pos)
    if near:
        at = text.find(near, s, e)
        if quarter and abs(at - quarter[1]) <= _QUARTER_YEAR_GAP:
            return period_of(f"Q{quarter[0]} {near}")  # "In Quarter 3, 2024/25, 17 of the 38 ..."
        # "The draft capital programme for 2025-26 to 2034-35 is £1,419m": the whole span
        tail = _FY_SPAN_TAIL_RE.match(text, at + len(near))
        head = _FY_SPAN_HEAD_RE.search(text[s:at])
        first, last = (near, tail.group(1)) if tail else (head.group(1), near) if head else (near, near)
        if period_of(first) and period_of(last) and period_of(first) != period_of(last):
            return f"{period_of(first)} to {period_of(last)}"
        return period_of(near)
    year_after = _YEAR_AFTER_RE.match(text, pos)
    if year_after:
        return year_after.group(1)  # "projected to rise to 502 by 2033 and 563 by 2043"
    published: list[tuple[int, int]] = []
    for d in find_dates(text[s:e]):
        if _PUBLISHED_RE.search(text[s : s + d.start]):
            published.append((s + d.start, s + d.end))
            continue  # "The figures for 2019, as produced in March 2020": when written, not what for
        if dated_by_another_number(text, pos, s + d.start, s + d.end):
            continue  # "169 people have waited, which has increased from 113 in April 2025": the 113's
        if _AS_AT_RE.search(text[s : s + d.start]) and d.precision == "month":
            return d.raw
        if _STATED_AT_RE.search(text[s : s + d.start]) or re.search(r"(?i)\bat\s+$", text[s : s + d.start]):
            return d.raw  # "At 30 September 2024, the Council had outstanding loans of ..."
        if d.precision == "day" and re.fullmatch(r"(?i)\s*on\s+", text[s : s + d.start]):
            return period_of_date(d.raw) or d.raw  # "On 31st December 2024, there were 1,109 children ..."
    if quarter:
        return f"Q{quarter[0]}"  # "In Quarter 3, 2,296 people received support": the paper's year is added
    # the number itself is never its own year: "the FTE employee figure is 1916"
    years = [
        m.group(1)
        for m in _CALENDAR_YEAR_RE.finditer(text, s, e)
        if m.start(1) != pos
        and not any(a <= m.start(1) < b for a, b in published)
        and not dated_by_another_number(text, pos, m.start(1), m.end(1))
        and not re.search(r"(?i)\bsince\s+$", text[max(s, m.start(1) - 8) : m.start(1)])
        # "a significant increase from attendance in 2023": the year compared with, no number between
        # (numbers after it, "(231 primaries and 38 secondaries)", are that year's)
        and not (m.start(1) > pos and _COMPARED_IN_YEAR_RE.search(text[max(s, m.start(1) - 60) : m.start(1)]))
        and not _STATED_VALUE_RE.search(text[max(s, m.start(1) - 12) : m.start(1)])
    ]  # "£29.9m ... since 2020": when a running total began, not what it is for
    if len(set(years)) == 1:
        return years[0]
    if _PRESENT_RE.search(text, s, e) and not _PAST_RE.search(text, s, e):
        return None  # "the current service includes 14 hours ...": now, not the year named before
    return _period_before(text, s)


# a quarter compared with ("than Quarter 3 last year", "the second quarter in succession") is not
# the number's
_LAST_YEAR_AFTER_RE = re.compile(
    r"(?i)\s*,?\s*(?:(?:of\s+)?(?:last|the\s+previous|previous)\s+year\b|in\s+succession|running\b|in\s+a\s+row)"
)
# how far a financial year may sit from a quarter to say which year's quarter it is ("Quarter 3,
# 2024/25", "Q3 of 2024-25"); further off, the year is the sentence's own
_QUARTER_YEAR_GAP = 16


# the second financial year of a span: "2025-26 to 2034-35"
_FY_SPAN_TAIL_RE = re.compile(r"\s*(?:to|until|–|-)\s*((?:19|20)\d{2}\s?[/\-–]\s?\d{2}(?:\d{2})?)(?![\d%])")
_FY_SPAN_HEAD_RE = re.compile(
    r"(?<![\d/£.,])((?:19|20)\d{2}\s?[/\-–]\s?\d{2}(?:\d{2})?)\s*(?:to|until|–|-)\s*$"
)
# a number and then the year it is for: "502 by 2033", "2,500 in 2035"
_YEAR_AFTER_RE = re.compile(
    r"[£$]?\d[\d.,]*\s*(?:%|[kmb]n?\b|bn\b|million\b|billion\b)?\s+(?:by|in|for|during)\s+((?:19|20)\d{2})"
    r"(?![\d/–-]|\.\d)"
)


def _quarter_in(text: str, s: int, e: int, pos: int) -> tuple[int, int] | None:
    """The quarter a number's sentence reports it for ((quarter, offset)), or ``None``: the nearest
    one before it ("In Quarter 3, 2,296 people ..., an 18% increase"), or one after it whose own
    clause has no number of its own ("18 projects approved at the end of Quarter 3 and ..."; in "was
    632 and in quarter 2 this figure was 529" quarter 2 is the 529's)."""
    own = NUMBER_AT_RE.match(text, pos)
    own_end = own.end() if own else pos
    best: tuple[int, int, int] | None = None  # (distance, quarter, offset)
    for m in QUARTER_MENTION_RE.finditer(text, s, e):
        if is_compared_year(text, s, m.start()) or _LAST_YEAR_AFTER_RE.match(text, m.end()):
            continue  # "6% fewer calls than Quarter 3 last year"
        if m.end() > pos:
            clause = _CLAUSE_END_RE.search(text, m.end(), e)
            if OTHER_NUMBER_RE.search(text, own_end, m.start()) or OTHER_NUMBER_RE.search(
                text, m.end(), clause.start() if clause else e
            ):
                continue
        n = quarter_number(m)
        distance = abs(m.start() - pos)
        if best is None or distance < best[0]:
            best = (distance, n, m.start())
    return (best[1], best[2]) if best else None


_CLAUSE_END_RE = re.compile(r"(?i)[;,.](?=\s|$)|\s(?:and|but|while|whilst)\s")


def _period_before(text: str, s: int) -> str | None:
    """The period the paragraph last set before the sentence at ``s``: its last financial year that
    is not one compared with ("The same formula as 2019-20 was used"), or its last "As at January
    2021" if that came later ("As at January 2021 the Council had ... the FTE figure is 1916")."""
    years = [
        m
        for m in _FY_BEFORE_RE.finditer(text, 0, s)
        if not is_compared_year(text, max(0, m.start() - 200), m.start())
        and not _BASIS_AFTER_RE.match(text, m.end())
    ]
    last_year = years[-1] if years else None
    if last_year is not None:
        # "The 2023-24 settlement included £1.345bn ... added to the £2.346bn rolled forward from
        # 2022-23": a sentence's topic year comes first; a later one is an origin or a comparison
        opening = sentence_span(text, last_year.start())[0]
        last_year = next(m for m in years if m.start() >= opening)
    as_at = [
        d for d in find_dates(text[:s]) if d.precision != "year" and _STATED_AT_RE.search(text[: d.start])
    ]
    if as_at and (last_year is None or as_at[-1].start > last_year.start()):
        return as_at[-1].raw
    return period_of(last_year.group(0)) if last_year else None


# "pro rata to each authority's 2023-24 revenue outturn", "at 2024-25 prices": a year that dates the
# basis of a calculation, not the period the next sentences are about
_BASIS_AFTER_RE = re.compile(
    r"(?i)\s+(?:revenue\s+|net\s+|capital\s+)?(?:outturn|prices|values?|levels?|baseline)\b"
)
_STATED_AT_RE = re.compile(r"(?i)\b(?:as\s+at|as\s+of|(?:at|by)\s+the\s+end\s+of)\s+$")


_COMPARED_IN_YEAR_RE = re.compile(
    r"(?i)\b(?:from|than|compared\s+(?:to|with)|against)\b[^.;:\d£%]{0,40}?\bin\s+$"
)
_PRESENT_RE = re.compile(r"(?i)\b(?:current|currently|now|at\s+present|presently|today)\b")
_PAST_RE = re.compile(r"(?i)\b(?:was|were|had|did)\b")


_FY_BEFORE_RE = re.compile(FY_PATTERN)


def _prose_role(text: str, number: ParsedNumber, rules: Rules) -> FigureRole:
    role = role_near(text, number.start, rules)
    return FigureRole(role) if role else FigureRole.OTHER


def _cell_warnings(text: str) -> list[str]:
    parsed = parse_number(text.rstrip("*†"))
    return list(parsed.warnings) if parsed else []
