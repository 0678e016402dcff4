"""Every date in a paper is read here: ``13 July 2017``, ``28th September 2017``, ``13/10/2017``,
``01.05.2017``, ``July 2017``, Excel serial numbers in a date column — always to ISO 8601.

English papers write day-first, so ``1/9/2017`` is 1 September. A day and month with no year
(``on 6 September``) takes the year of the document when the caller knows it, and says so.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field

import regex as re

from .numbers import convertible
from .periods import MONTH_NUMBERS, MONTH_WORDS

_MONTH = rf"(?P<month>{MONTH_WORDS})\.?"
_MONTH_ANY = rf"(?:{MONTH_WORDS})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR4 = r"(?P<year>(?:19|20)\d{2})"

_PATTERNS = [
    # 13-Dec-16, 30-September-24, 13 Dec 16 (a spreadsheet's day-month-year with a two-digit year)
    (
        "dmy2",
        rf"(?<![\d/.]){_DAY}(?P<sep>[-/])\s?{_MONTH}(?P=sep)\s?(?P<year>\d{{2}})(?![\w/])"
        rf"|(?<![\d/.]){_DAY}\s{_MONTH}\s(?P<year>\d{{2}})(?=\s*$|[,;.)])",
    ),
    # Mar-16, Dec-17, and a cell that is only "Sep 18": a month and a two-digit year
    ("my2", rf"\b{_MONTH}-(?P<year>\d{{2}})(?![\w/])|^\s*{_MONTH}\s(?P<year>\d{{2}})\s*$"),
    # 13 July 2017, 28th September 2017, 6 September (year inferred)
    ("dmy", rf"(?<![\d/.]){_DAY}(?:\s+of)?\s*[-\s]\s*{_MONTH}(?:,?\s*{_YEAR4})?(?![\w/])"),
    # July 13, 2017
    ("mdy", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR4}\b"),
    # 13/10/2017, 1/9/2017, 01.05.2017, 13-10-2017; also glued runs "29/09/201713/10/2017"
    (
        "numeric",
        r"(?:(?<![\d.])|(?<=[/.](?:19|20)\d{2}))(?P<day>[0-3]?\d)\s?(?P<sep>[/.\-])\s?"
        r"(?P<month>[0-3]?\d)\s?(?P=sep)\s?(?P<year>(?:19|20)\d{2})",
    ),
    # 13/10/17 (two-digit year, slash only: dots and dashes are too often something else)
    ("numeric2", r"(?<![\d./])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>\d{2})(?![\d/])"),
    # October 10th (year inferred): the ordinal says it is a day, not "in October 10 staff ..."
    ("md", rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!,?\s+(?:19|20)\d{{2}})"),
    # July 2017, end of November 2017
    ("my", rf"\b{_MONTH}\s+{_YEAR4}\b"),
    # the first month of a range that names its year once: "April – September 2017", "Feb to Apr 2017"
    ("m-range", rf"\b{_MONTH}\s*(?:–|—|-|to|until|till)\s*(?={_MONTH_ANY}\s+(?P<year>(?:19|20)\d{{2}})\b)"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]

# Excel's day zero, with its 1900 leap-year bug folded in (serial 60 is a day that never was).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text.

    Attributes:
        iso: ``YYYY-MM-DD`` (or ``YYYY-MM`` when only a month is given).
        precision: ``day`` or ``month``.
        raw: the exact source text.
        start, end: the span in the text searched.
        year_inferred: the text gave no year; it came from the document.
    """

    iso: str
    precision: str
    raw: str
    start: int = 0
    end: int = 0
    year_inferred: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)


def find_dates(text: str, *, default_year: int | None = None) -> list[ParsedDate]:
    """Find every date in ``text``, earliest first, never two over the same characters.

    Args:
        text: any text (prose, a cell, a heading).
        default_year: the year to give a day and month written without one; without it such
            dates are skipped.

    Returns:
        A new list each call (the dates in it are frozen, so they are shared between calls).
    """
    if len(text) > CACHED_TEXT_CHARS:
        return list(_scan(text, default_year))
    return list(_cached_scan(text, default_year))


# A table is read by several stages (header, column kinds, stub, figures) that each ask about every
# cell, and a long list repeats the same cells: the NHS payments list asks 325,000 times about 3,600
# texts. The cache is bounded in entries and in the length of a text it keeps (cells and labels, not
# paragraphs, which are asked about once or twice), so a worker's memory does not grow with the corpus.
CACHED_TEXTS = 16384
CACHED_TEXT_CHARS = 200


def _scan(text: str, default_year: int | None) -> tuple[ParsedDate, ...]:
    found: list[ParsedDate] = []
    # spans already read, disjoint and sorted by start: a cell of thousands of dates stays linear-ish
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            start, end = m.span()
            i = bisect.bisect_left(taken_starts, end)
            if i > 0 and taken_ends[i - 1] > start or not convertible(m.group(0)):
                continue
            parsed = _to_date(kind, m, default_year)
            if parsed is None:
                continue
            taken_starts.insert(i, start)
            taken_ends.insert(i, end)
            found.append(parsed)
    found.sort(key=lambda d: d.start)
    return tuple(found)


_cached_scan = functools.lru_cache(maxsize=CACHED_TEXTS)(_scan)


def parse_date(text: str, *, default_year: int | None = None) -> ParsedDate | None:
    """Read a cell that should hold one date; ``None`` when it holds none."""
    dates = find_dates(text, default_year=default_year)
    return dates[0] if dates else None


def period_of_date(text: str) -> str | None:
    """The date a heading or a cell names, as a period is written ('30-Sep-24 Balance' ->
    '30 September 2024', 'Mar-16' -> 'March 2016'); ``None`` when it names no dated day or month,
    or more than one."""
    dates = find_dates(text)
    if len(dates) != 1:
        return None  # none, or a span ("1 April 2024 to 31 March 2025") that a period says better
    found = dates[0]
    day = dt.date.fromisoformat(found.iso if found.precision == "day" else f"{found.iso}-01")
    month = day.strftime("%B %Y")
    return f"{day.day} {month}" if found.precision == "day" else month


_TITLE_AS_AT_RE = re.compile(
    r"(?i)\b(?:as\s+(?:at|of)|position\s+at|(?:year|period|quarter|month)\s+end(?:ed|ing)?)\s+"
)


def as_at_period(text: str) -> str | None:
    """The date a title says its figures stand at ("Investments as at 30 September 2024"), not a
    meeting's date ("Cabinet 30 January 2025")."""
    for m in _TITLE_AS_AT_RE.finditer(text or ""):
        found = period_of_date(text[m.end() : m.end() + 30])
        if found:
            return found
    return None


def from_excel_serial(value: float) -> ParsedDate | None:
    """An Excel serial day number (``43039`` is 2017-10-31), accepted only in a plausible range.

    Only call this for a column whose header says it holds dates: a bare 43039 elsewhere is a count.
    """
    if not 20000 <= value <= 60000 or value != int(value):
        return None
    day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = str(int(value))
    return ParsedDate(
        iso=day.isoformat(),
        precision="day",
        raw=raw,
        end=len(raw),
        warnings=(f"'{raw}' read as an Excel serial date",),
    )


def text_after(m: re.Match[str]) -> str:
    """The text just after a match (the second month of an "April – September 2017" range)."""
    return m.string[m.end() : m.end() + 12]


def _to_date(kind: str, m: re.Match[str], default_year: int | None) -> ParsedDate | None:
    groups = m.groupdict()
    month_text = groups.get("month") or ""
    if month_text.isdigit():
        month = int(month_text)
    else:
        month = MONTH_NUMBERS.get(month_text.lower().rstrip("."), 0)
        # "may" is also a verb: "3 may be", so a bare "may" needs a year to count as a month
        if month_text.lower() == "may" and not groups.get("year"):
            return None
    year_text = groups.get("year")
    inferred = False
    if year_text is None:
        if default_year is None:
            return None
        year = default_year
        inferred = True
    else:
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000
    day_text = groups.get("day")
    raw = m.group(0).rstrip(". ")
    try:
        if kind == "m-range":
            if month_text == "may":
                return None  # "which may to ..." is the verb
            raw = groups["month"].rstrip(".")
            second = MONTH_NUMBERS.get(re.match(r"[a-z]+", text_after(m).lower()).group(0), month)  # type: ignore[union-attr]
            year = year - 1 if month > second else year  # "November to February 2018" starts in 2017
            dt.date(year, month, 1)
            return ParsedDate(f"{year:04d}-{month:02d}", "month", raw, m.start(), m.start() + len(raw))
        if kind in ("my", "my2"):
            dt.date(year, month, 1)
            return ParsedDate(f"{year:04d}-{month:02d}", "month", raw, m.start(), m.start() + len(raw))
        day = int(day_text or 0)
        us = kind == "numeric" and month > 12 >= day >= 1 and month <= 31
        if us:
            # "4/30/2020": no thirtieth month, so the writer put the month first (a US export)
            day, month = month, day
        date = dt.date(year, month, day)
        if us:
            warning = f"'{raw}' read month first (no month {day}): a US-format date"
            return ParsedDate(
                date.isoformat(), "day", raw, m.start(), m.start() + len(raw), False, (warning,)
            )
    except ValueError:
        if kind in ("my", "my2") or inferred or not 1 <= month <= 12 or not 1 <= year <= 9999:
            return None
        # "29 February 2017", "31/09/2017": the month and year are plain, the day is a slip. Keep what
        # can be trusted and say so, rather than dropping it or (worse) reading only "February 2017".
        warning = f"'{raw}' is not a valid date (no day {day_text} in that month); read as the month"
        start, end = m.start(), m.start() + len(raw)
        return ParsedDate(f"{year:04d}-{month:02d}", "month", raw, start, end, warnings=(warning,))
    warnings = (f"year of '{raw}' taken from the document",) if inferred else ()
    return ParsedDate(date.isoformat(), "day", raw, m.start(), m.start() + len(raw), inferred, warnings)
