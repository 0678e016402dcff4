"""Periods, read here and only here: financial years, quarters and calendar years.

Council and NHS papers write a financial year every way there is: ``2024-25``, ``2024/25``,
``24/25``, ``2024-2025``, ``FY24/25``; a quarter as ``Q3 2024-25``, ``2024/25 Q3`` or ``Q3``; a
span of years as ``2017-20``. Every module that needs to find, test or normalise one uses the
patterns and functions below, so a form added here is understood everywhere (prose masking, table
headers, row labels, metadata).

The normal form (``period_of``) is ``2024/25`` for one financial year, ``2017-20`` for a span,
``2024/25 Q3`` for a quarter of a year, ``Q3`` for a quarter with no year, and ``2017`` for a
calendar year; a quarter of a calendar year (national statistics count quarters from January) is
``2024 Q2`` (April to June 2024).
"""

from __future__ import annotations

import calendar
import functools

import regex as re

# The two years of a financial year or a span. "24/25", "2024-25", "2024/2025"; a space is allowed
# around the separator as typeset headers put one ("2024 - 25").
MONTH_WORDS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# each month word's number: "Sept" and "September" are 9
MONTH_NUMBERS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
FY_CORE = r"(?P<fy1>(?:19|20)?\d{2})\s?[/\-–]\s?(?P<fy2>(?:19|20)?\d{2})"
QUARTER = r"Q[1-4]"
# A calendar year a paper would write: 1950-2049 (later four-digit numbers are amounts).
YEAR4 = r"(?:19[5-9]\d|20[0-4]\d)"

# A financial year inside running text: not part of a longer number, a date or a sum.
FY_IN_TEXT = r"(?<![\d£.,])" + FY_CORE + r"(?!\d|%|[.,]\d)"
_FY_IN_TEXT_RE = re.compile(
    r"(?<![\d/])(?:(?P<q>" + QUARTER + r")\s*)?(?:FY\s?)?"
    r"(?P<y1>(?:19|20)?\d{2})\s?[/\-–]\s?(?P<y2>(?:19|20)?\d{2})(?![\d/])(?:\s*(?P<q2>" + QUARTER + r"))?",
    re.I,
)
_YEAR_RE = re.compile(r"(?<![\d/£,.])(?:19|20)\d{2}(?![\d/,])")
_QUARTER_RE = re.compile(r"\b(?P<q>" + QUARTER + r")\b", re.I)
# A quarter as prose writes it: "Quarter 3", "Q3", "the third quarter" (``quarter_number`` reads it)
QUARTER_MENTION_RE = re.compile(
    r"(?i)\b(?:quarter\s*(?P<n>[1-4])|q(?P<q>[1-4])|(?P<word>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\b"
)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def quarter_number(m: re.Match[str]) -> int:
    """The quarter a ``QUARTER_MENTION_RE`` match names."""
    return int(m.group("n") or m.group("q") or _QUARTER_WORDS[m.group("word").lower()])


# Text that is a period and nothing else: a column name "2024-25", a row label "Q2 2018/19", a form's
# "2017/18:" key, a header "2024/25 £000".
_PERIOD_ONLY_RE = re.compile(
    r"^\s*(?:(?:" + QUARTER + r")\s*)?(?:FY\s?)?(?:(?:19|20)?\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}|(?:19|20)\d{2})"
    r"(?:\s*(?:" + QUARTER + r"))?\s*(?:\(.*\))?\s*:?\s*$",
    re.I,
)


def is_financial_year(first: str, second: str) -> bool:
    """'2017/18', '17/18', '2017-2019', '17/19': the second year follows the first by one to ten
    years after a four-digit year, by one or two after a two-digit one (a span such as "2017-20" or
    a capital programme's "2025-35" is a period too). '12/45' and '2017-12' are not."""
    # regex's \d knows digits (Unicode 16's U+10D40) that Python's int() does not: not a year
    if not (first.isdecimal() and second.isdecimal()):
        return False
    a, b = int(first[-2:]), int(second[-2:])
    if len(first) == 2 and len(second) == 4:
        return False
    # "2017-2020", "the period 2017-20", a ten-year capital programme "2025-35"
    longest = 10 if len(first) == 4 else 2
    return 1 <= (b - a) % 100 <= longest


@functools.lru_cache(maxsize=4096)
def period_of(text: str) -> str | None:
    """The period a piece of text names, normalised ('16/17' -> '2016/17', 'Q2 18/19' ->
    '2018/19 Q2', '2017-2020' -> '2017-20'); a lone quarter is 'Q2'; a calendar year '2017'."""
    if not text:
        return None
    for m in _FY_IN_TEXT_RE.finditer(text):
        y1, y2 = m.group("y1"), m.group("y2")
        if not is_financial_year(y1, y2):
            continue
        start = int(y1) if len(y1) == 4 else 2000 + int(y1)
        end = int(y2[-2:])
        period = f"{start}/{end:02d}" if (end - start % 100) % 100 == 1 else f"{start}-{end:02d}"
        quarter = m.group("q") or m.group("q2")
        return f"{period} {quarter.upper()}" if quarter else period
    m = _YEAR_RE.search(text)
    if m:
        return m.group(0)
    q = _QUARTER_RE.search(text)
    return q.group("q").upper() if q else None


def is_period(text: str) -> bool:
    """Is the whole text a period ("2024-25", "Q3 2024/25", "2017", "2017/18:")?"""
    return bool(_PERIOD_ONLY_RE.match(text))


def financial_years_in(text: str) -> list[str]:
    """Every financial year the text names, normalised, in order."""
    out: list[str] = []
    for m in _FY_IN_TEXT_RE.finditer(text):
        if is_financial_year(m.group("y1"), m.group("y2")):
            found = period_of(m.group(0))
            if found:
                out.append(found)
    return out


def with_year(period: str, year_period: str | None) -> str:
    """A quarter written without its year ('Q2') takes the year the paper is about ('2024/25')."""
    if year_period and re.fullmatch(QUARTER, period, re.I) and "/" in year_period:
        return f"{year_period.split()[0]} {period.upper()}"
    return period


_SPAN_YEAR = r"((?:19|20)\d{2}(?:\s?[/\-–]\s?\d{2})?)"
# a change said between two years: "from 14,700 in 2022 to 22,500 in 2035", "between 2022 and 2035",
# "from 2022/23 to 2023/24"
_CHANGE_SPAN_RE = re.compile(
    r"(?i)\bfrom\s+(?:[^.;]{0,40}?\b(?:in|at|by)\s+)?"
    + _SPAN_YEAR
    + r"\s+to\s+(?:[^.;]{0,40}?\b(?:in|at|by)\s+)?"
    + _SPAN_YEAR
    + r"(?![\d/])|\bbetween\s+"
    + _SPAN_YEAR
    + r"\s+and\s+"
    + _SPAN_YEAR
    + r"(?![\d/])"
)


# "will increase by 16,700 by 2035, an increase of 31% on 2022": the end year, then the base
_BY_ON_SPAN_RE = re.compile(
    r"(?i)\bby\s+(?P<end>(?:19|20)\d{2}(?:[-/]\d{2})?)\b[^.;]{0,60}?\b(?:on|compared\s+(?:to|with)|since)\s+"
    r"(?P<base>(?:19|20)\d{2}(?:[-/]\d{2})?)(?![\d/])"
)


def span_of_change(sentence: str) -> str | None:
    """The two periods a change in a sentence is between ('2022 to 2035'), or ``None``."""
    m = _CHANGE_SPAN_RE.search(sentence)
    if not m:
        based = _BY_ON_SPAN_RE.search(sentence)
        if not based:
            return None
        a, b = period_of(based.group("base")), period_of(based.group("end"))
        return f"{a} to {b}" if a and b and a != b else None
    first, second = (g for g in m.groups() if g)
    a, b = period_of(first), period_of(second)
    return f"{a} to {b}" if a and b and a != b else None


# a rolling period: "the 12 months to December 2024", "12-month period to the end of March 2025",
# "the six months to 30 September 2024"
_ROLLING_RE = re.compile(
    r"(?i)\b(?P<n>\d{1,2}|twelve|six|three)[- ]months?\s+(?:period\s+|rolling\s+)?(?:to|ending|ended|up\s+to)\s+"
    r"(?:the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?P<month>"
    + MONTH_WORDS
    + r")\.?\s+(?P<year>(?:19|20)\d{2})\b"
)
_SMALL_NUMBERS = {"twelve": "12", "six": "6", "three": "3"}


def rolling_period(text: str, start: int = 0, end: int | None = None) -> tuple[str, int, int] | None:
    """The rolling period ``text[start:end]`` states ('12 months to December 2024') and where, or
    ``None``."""
    m = _ROLLING_RE.search(text, start, len(text) if end is None else end)
    if not m:
        return _months_since(text, start, end)
    n = _SMALL_NUMBERS.get(m.group("n").lower(), m.group("n"))
    return f"{n} months to {m.group('month').capitalize()} {m.group('year')}", m.start(), m.end()


# "over the 6 months since 31 March 2024": counted from a month's end (or from a month's start)
_SINCE_RE = re.compile(
    r"(?i)\b(?P<n>\d{1,2}|twelve|six|three)[- ]months?\s+since\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?"
    r"(?P<month>" + MONTH_WORDS + r")\.?\s+(?P<year>(?:19|20)\d{2})\b"
)
_MONTH_END_DAY = 28  # "since 31 March": the months counted start after it


def _months_since(text: str, start: int, end: int | None) -> tuple[str, int, int] | None:
    m = _SINCE_RE.search(text, start, len(text) if end is None else end)
    if not m:
        return None
    n = int(_SMALL_NUMBERS.get(m.group("n").lower(), m.group("n")))
    first = MONTH_NUMBERS[m.group("month").lower().rstrip(".")] - 1
    after_end = m.group("day") is not None and int(m.group("day")) >= _MONTH_END_DAY
    last = first + n if after_end else first + n - 1
    year = int(m.group("year")) + last // 12
    return f"{n} months to {calendar.month_name[last % 12 + 1]} {year}", m.start(), m.end()


# a period said relative to the paper's: "the previous Quarter", "Quarter 3 last year", "the same
# period last year", "last year"
# "the same quarter last year", "Quarter 3 of the previous year": a quarter a year before
SAME_QUARTER_LAST_YEAR = (
    r"(?:same\s+(?:quarter|period)|quarter\s*(?P<q>[1-4])|q(?P<q2>[1-4]))\s+(?:of\s+)?"
    r"(?:last|the\s+previous|the\s+prior)\s+(?:financial\s+)?year"
)
_RELATIVE_RE = re.compile(
    r"(?i)^(?:the\s+)?(?:(?P<prevq>previous|last|prior|preceding)\s+quarter|"
    + SAME_QUARTER_LAST_YEAR
    + r"|(?P<prevy>previous|last|prior|preceding)\s+(?:financial\s+)?year)$"
)


def relative_period(phrase: str, paper: str | None) -> str | None:
    """A period said relative to the paper's own (``2024/25 Q3``), in normal form: "the previous
    Quarter" is 2024/25 Q2, "Quarter 3 last year" and "the same period last year" 2023/24 Q3, "last
    year" 2023/24. ``None`` when the phrase is no such period or the paper's period is not one year
    or one quarter of it."""
    paper_m = re.fullmatch(r"((?:19|20)\d{2})/\d{2}(?: Q([1-4]))?", paper or "")
    m = _RELATIVE_RE.match(" ".join(phrase.split()))
    if paper_m is None or m is None:
        return None
    first, own = int(paper_m.group(1)), paper_m.group(2)
    if m.group("prevq"):
        if own is None:
            return None
        q = int(own)
        return f"{financial_year_of(first)} Q{q - 1}" if q > 1 else f"{financial_year_of(first - 1)} Q4"
    if m.group("prevy"):
        return financial_year_of(first - 1)
    quarter = m.group("q") or m.group("q2") or own
    return f"{financial_year_of(first - 1)} Q{quarter}" if quarter else financial_year_of(first - 1)


# "(12-month rolling)", "on a rolling 12 month basis": a rolling total with no end date said
_ROLLING_UNDATED_RE = re.compile(
    r"(?i)\(\s*(?P<n>12|twelve)[- ]months?\s+rolling\s*\)|\brolling\s+(?P<n2>12|twelve)[- ]months?\b(?!\s+(?:to|ending|ended))"
)
_QUARTER_END_MONTH = {1: "June", 2: "September", 3: "December", 4: "March"}


def rolling_to_quarter_end(text: str, paper: str | None) -> str | None:
    """'12 months to December 2024' for a rolling total said without its end ("67,008 reviews
    (12-month rolling)") in a report for 2024/25 Q3: the 12 months to the end of the report's
    quarter. ``None`` when the text says no such total or the paper is not for one quarter."""
    paper_m = re.fullmatch(r"((?:19|20)\d{2})/\d{2} Q([1-4])", paper or "")
    if paper_m is None or not _ROLLING_UNDATED_RE.search(text):
        return None
    first, quarter = int(paper_m.group(1)), int(paper_m.group(2))
    return f"12 months to {_QUARTER_END_MONTH[quarter]} {first + 1 if quarter == 4 else first}"


def calendar_quarter(quarter: int, year: str) -> str:
    """A calendar quarter said within the financial year ``year``, in normal form: in 2024/25,
    Q2 is '2024 Q2' (April to June 2024) and Q1 is '2025 Q1' (January to March 2025)."""
    first = int(year[:4])
    return f"{first + 1 if quarter == 1 and '/' in year else first} Q{quarter}"


def financial_year_of(first: int) -> str:
    """The financial year that starts in April of ``first``, in normal form (2024 -> '2024/25')."""
    return f"{first}/{str(first + 1)[2:]}"


# said straight after a number: "from 5.25% at the beginning of the year", "to 5.0% in August",
# "from 4,139 at the end of April"
_WHEN_IN_YEAR_RE = re.compile(
    r"(?i)\s*(?:at|by)\s+the\s+(?P<point>beginning|start|end|close)\s+of\s+the\s+(?:financial\s+)?year\b"
    r"|\s*(?:in|during|(?:by|at)\s+the\s+(?:end|beginning|start)\s+of)\s+(?P<month>"
    + MONTH_WORDS
    + r")\b(?![\s,]*\d)"
)


_ROLLING_AFTER_RE = re.compile(
    r"(?i)\s*(?:in|over|for|during)\s+the\s+(?P<n>\d{1,2}|twelve|six|three)[- ]months?\s+(?:to|ending|ended|up\s+to)\s+"
    r"(?:the\s+end\s+of\s+)?(?P<month>" + MONTH_WORDS + r")\b(?![\s,]*\d)"
)


def month_after(text: str, end: int, year: str) -> str | None:
    """The month a number is at (or the months to one: "in the three months to July"), from the
    words straight after it (``text[end:]``), in ``year``:
    a financial year ("5.25% at the beginning of the year" in 2024/25 is April 2024; "5.0% in
    August" August 2024, "in February" February 2025), or a calendar year ("at the end of April"
    in 2025: April 2025). ``None`` when the words name no month."""
    first = int(year[:4])
    financial = "/" in year
    rolling = _ROLLING_AFTER_RE.match(text, end)
    if rolling:
        # "872,000 in the three months to July": the months to one, in the year
        month = MONTH_NUMBERS[rolling.group("month").lower().rstrip(".")]
        n = _SMALL_NUMBERS.get(rolling.group("n").lower(), rolling.group("n"))
        in_year = first + 1 if financial and month < 4 else first
        return f"{n} months to {calendar.month_name[month]} {in_year}"
    m = _WHEN_IN_YEAR_RE.match(text, end)
    if not m:
        return None
    if m.group("point"):
        if not financial:
            return None  # "the end of the year" of a calendar year is not a month the text names
        return (
            f"April {first}" if m.group("point").lower() in ("beginning", "start") else f"March {first + 1}"
        )
    month = MONTH_NUMBERS[m.group("month").lower().rstrip(".")]
    in_year = first + 1 if financial and month < 4 else first
    return f"{calendar.month_name[month]} {in_year}"


# "in the half-year", "over the first half of the financial year", "the first six months of the
# year"; group 1 is set for the second half
_HALF_YEAR_RE = re.compile(
    r"(?i)\b(?:in|during|over|across|for)\s+the\s+(?:(?:first|(second))\s+)?(?:half[- ]year|half\s+of\s+the\s+"
    r"(?:financial\s+)?year|six\s+months\s+of\s+the\s+(?:financial\s+)?year)\b"
)


def half_of_year(sentence: str, year: str) -> str | None:
    """The half of the financial year ``year`` a sentence says it is about ("No net new borrowing
    was undertaken in the half-year" in 2024/25: '6 months to September 2024'), written as a
    rolling period is, or ``None``."""
    half = _HALF_YEAR_RE.search(sentence)
    if half is None:
        return None
    first = int(year[:4])
    return f"6 months to September {first}" if half.group(1) is None else f"6 months to March {first + 1}"
