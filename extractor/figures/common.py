"""What the cell and prose readers share: numbers in words, money or count, period and role near a number."""

from __future__ import annotations

import regex as re

from ..dates import find_dates
from ..models import FigureRole
from ..numbers import COUNT, GBP, ParsedNumber, as_count, find_numbers, parse_number
from ..periods import period_of
from ..prose import period_near, role_near, sentence_span
from ..rules import MetricRule, Rules


def _unit_for(unit: str | None, label: str, rules: Rules) -> str:
    """A pound figure whose row names a rate ('£ per contact hour') is a rate (GBP/hour)."""
    if unit == GBP:
        for rule, pattern in rules.compiled["metric_words"]:
            if isinstance(rule, MetricRule) and rule.kind == "rate_unit" and pattern.search(label):
                return rule.value
    return unit or COUNT


# "1) Discharge ...", "2. Develop ...", and the markers a flattened cell leaves glued or at a line's
# end: "... underway to identify current variations 3)", "... who deliver ICB)3) Discharge"
_LIST_MARKER_RE = re.compile(
    r"(?m)(?:^|(?<=[.;:]\s))\s*\(?\d{1,2}[.)](?=\s|$)|(?:(?<=[\s)\"'”’])|^)\d{1,2}\)(?=\s|$|[A-Za-z.])"
)


def _numbers_in(text: str, rules: Rules) -> list[ParsedNumber]:
    taken = [(d.start, d.end) for d in find_dates(text, default_year=2000)]
    # "1) Discharge planning ...", "2. Develop ...": item markers inside a cell, not quantities
    taken += [m.span() for m in _LIST_MARKER_RE.finditer(text)]
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


def _period(text: str, pos: int) -> str | None:
    near = period_near(text, pos)
    return period_of(near) if near else None


def _prose_role(text: str, number: ParsedNumber, rules: Rules) -> FigureRole:
    role = role_near(text, number.start, rules)
    return FigureRole(role) if role else FigureRole.OTHER


def _cell_warnings(text: str) -> list[str]:
    parsed = parse_number(text.rstrip("*†"))
    return list(parsed.warnings) if parsed else []
