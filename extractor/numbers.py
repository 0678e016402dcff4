"""Every number in a paper is read here, and only here.

Two entry points share one token grammar:

* ``parse_number(cell_text, unit=..., scale=...)`` reads a whole table cell, using the column's unit
  and scale (a ``£'000`` column makes ``9,734`` read as 9,734,000 pounds).
* ``find_numbers(text)`` finds the numbers in running prose, skipping the ones that are not
  quantities (years, financial years, references such as "Appendix 4", ordinals, list markers).

Values are normalised: money to pounds, percentages to percentage points (``95%`` is 95.0), counts
as they are. The original text is always kept (``raw``). Oddities that a reader should see — a
``£6,443m`` that probably means £6.443m, ``13.56&`` for 13.56% — are read and flagged, never dropped.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex as re

from .periods import FY_IN_TEXT, QUARTER, YEAR4, is_financial_year
from .units import COUNT, GBP, PERCENT, RATIO, RATIO_WORDS

_MAGNITUDE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    # "an extra 31 pence per week", "(11 pence)": a sum in pence is read in pounds like every other sum
    "pence": 0.01,
}

# One grammar for a numeric token. Named groups are read by _token_to_number.
_TOKEN = r"""
(?P<cmp>(?:[<>]=?|≥|≤)\s?)?
(?P<open>\()?
(?:(?P<sign>[-–−‐](?=\s?£?\s?\d))(?P<gap>[ ](?=\d))?|(?P<plus>\+(?=\s?£?\s?\d)))?  # "+£151.2m": a change stated as a rise
(?P<cur>£\s?)?
(?P<sign2>[-–−‐](?=\d))?
(?<!\d)(?<!\d[.,])  # not the tail of "3.2.1" or "1,2345"
(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)  # ASCII digits: float() reads no others
(?!\d|[.,]\d)     # nor the head of one
(?:
  # With a pound sign any magnitude reads ("£1.2M", "£5 m", "£2B"). Without one, a bare letter
  # must be glued and may not be "b": "recommendation 2b" and "section 4 b)" are references.
  (?(cur)
    \s?(?P<mag>(?i:bn|mn|millions|million|billion|thousand)|[kmbKMB])
  | (?:\s?(?P<mag>(?i:bn|mn|millions|million|billion|thousand|pence))|(?P<mag>[kmKM]))
  )
  (?![a-zA-Z])
)?
(?P<pct>\s?(?:%|per\s?cent\b|percent\b)|&(?=$|[.,;)]|\s+(?![\d&])))?  # '13.56&' is a mistyped '%'; '12 & 13' is not
(?P<close>\))?
(?P<note>[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+)?
"""
_TOKEN_RE = re.compile(_TOKEN, re.VERBOSE)
_CELL_RE = re.compile(r"^\s*" + _TOKEN + r"\s*$", re.VERBOSE)
_NIL_RE = re.compile(r"^\s*(?:[-–—−]|nil|none|£\s?[-–—]|£\s?nil)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text.

    Attributes:
        value: normalised value (pounds, percentage points, or a count).
        unit: ``GBP``, ``percent``, ``count``; ``None`` when nothing in the text or context says.
        raw: the exact source text of the token.
        start, end: the token's span in the text it was found in.
        unit_explicit: the unit came from the token itself (``£``, ``%``), not from context.
        magnitude: the multiplier written in the token (1e6 for ``m``), 1.0 when none.
        nil: the text was a nil form (``–``, ``nil``) read as 0.
        comparator: ``>``, ``<``, ``>=``, ``<=`` when the token states one.
        warnings: recoverable oddities, one short sentence each.
    """

    value: float
    unit: str | None
    raw: str
    start: int = 0
    end: int = 0
    unit_explicit: bool = False
    magnitude: float = 1.0
    nil: bool = False
    comparator: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def parse_number(text: str, *, unit: str | None = None, scale: float = 1.0) -> ParsedNumber | None:
    """Read a whole cell as one number.

    Args:
        text: the cell text.
        unit: the column's unit (``GBP``, ``percent``, ``count``) used when the cell has none.
        scale: the column's multiplier (1000 for ``£'000``), used when the cell states no magnitude.

    Returns:
        The number, or ``None`` when the cell is not a number ("tbc", "On track", ""). The number is
        frozen, so one reading of a text is shared by every caller that asks about it.
    """
    if text is None:
        return None
    if len(text) > CACHED_CELL_CHARS:
        return _parse_cell(text, unit, scale)
    return _cached_parse_cell(text, unit, scale)


# The table reader's stages (header, column kinds, stub, totals, figures) each ask about every cell,
# and long lists repeat their cells: the NHS payments list asks 392,000 times about 4,600 texts.
# Bounded in entries and in the length of a text kept, so a worker's memory does not grow with the corpus.
CACHED_CELLS = 16384
CACHED_CELL_CHARS = 200


def _parse_cell(text: str, unit: str | None, scale: float) -> ParsedNumber | None:
    stripped = text.strip()
    if not stripped:
        return None
    if _NIL_RE.match(stripped):
        return ParsedNumber(value=0.0, unit=unit, raw=stripped, end=len(stripped), nil=True)
    m = _CELL_RE.match(stripped)
    if not m:
        return None
    return _token_to_number(m, unit_hint=unit, scale=scale, offset=0, raw_text=stripped)


_cached_parse_cell = functools.lru_cache(maxsize=CACHED_CELLS, typed=True)(_parse_cell)


_FRACTION_RE = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,2})\s*$")

# A column of fractions needs this many cells before it is read as ratios: a lone "6/9" may be a date
# or a reference; a run of them over one denominator is a scale.
_FRACTION_COLUMN_MIN = 3


def fraction_column(cells: Sequence[str]) -> bool:
    """Are a column's cells all fractions over one denominator ("6/9", "7/9" … "18/9": the council
    tax bands as proportions of band D)? Only such a column is read as ratios."""
    denominators: set[str] = set()
    count = 0
    for text in cells:
        if not text.strip():
            continue
        m = _FRACTION_RE.match(text)
        if m is None:
            return False  # most columns stop at their first cell
        denominators.add(m.group(2))
        count += 1
    return count >= _FRACTION_COLUMN_MIN and len(denominators) == 1 and denominators != {"0"}


def parse_fraction(text: str) -> ParsedNumber | None:
    """A cell of a fraction column as its ratio (6/9 -> 0.667), a count without unit."""
    m = _FRACTION_RE.match(text)
    if m is None or int(m.group(2)) == 0:
        return None
    stripped = text.strip()
    return ParsedNumber(value=int(m.group(1)) / int(m.group(2)), unit=COUNT, raw=stripped, end=len(stripped))


def _token_to_number(
    m: re.Match[str],
    *,
    unit_hint: str | None,
    scale: float,
    offset: int,
    raw_text: str,
    brackets_negative: bool = True,
) -> ParsedNumber | None:
    num = m.group("num")
    if num is None:
        return None
    warnings: list[str] = []
    converted = _decimal_value(num)
    if converted is None:
        return None
    value = converted
    mag_word = (m.group("mag") or "").lower()
    magnitude = _MAGNITUDE.get(mag_word, 1.0)
    pct = (m.group("pct") or "").strip()
    cur = m.group("cur")

    if pct and mag_word:
        # "5m%" is not a thing; the letter belongs to the next word ("5 m% ..."), read the percent only.
        magnitude = 1.0
        mag_word = ""

    if pct:
        unit: str | None = PERCENT
        explicit = True
        if pct == "&":
            warnings.append(f"'{m.group(0).strip()}' read as a percentage: '&' looks like a mistyped '%'")
    elif cur or mag_word == "pence":
        unit = GBP
        explicit = True
    elif mag_word in ("m", "mn", "bn", "b", "k"):
        # A bare "0.5m" in a council paper is money; say so rather than guess silently.
        unit = unit_hint or GBP
        explicit = False
        if unit_hint is None:
            warnings.append(f"'{m.group(0).strip()}' has no currency sign; read as pounds")
    else:
        unit = unit_hint
        explicit = False

    if magnitude != 1.0:
        # "£6,443m" reads as £6.4bn; the writer most likely meant £6.443m. "£1,429.5m" has a
        # decimal point too, so its comma is a real thousands separator.
        if "," in num and "." not in num and magnitude >= 1e6:
            alt = float(num.replace(",", "."))
            warnings.append(
                f"'{m.group(0).strip()}' looks mistyped: thousands separators with a '{mag_word}' suffix "
                f"(perhaps {alt:g}{mag_word})"
            )
        # round away float noise: 57 pence is 0.57, not 0.5700000000000001
        value = round(value * magnitude, 10)
    elif unit != PERCENT:
        value *= scale

    negative = bool(m.group("sign") or m.group("sign2"))
    # Accountants bracket negatives in tables; in prose a bracket is an aside ("home support (£0.5m)").
    if brackets_negative and m.group("open") and m.group("close"):
        negative = True
    if negative:
        value = -value

    cmp_raw = (m.group("cmp") or "").strip()
    comparator = {"≥": ">=", "≤": "<="}.get(cmp_raw, cmp_raw) or None

    start, end = m.span()
    if not brackets_negative:
        # the brackets are the prose's, so they are not part of the number's text
        if m.group("open"):
            start = m.end("open")
        if m.group("close"):
            end = m.start("close")
    raw = raw_text[start:end].strip()
    lead = len(raw_text[start:end]) - len(raw_text[start:end].lstrip())
    if not math.isfinite(value):  # "£9…9bn": a magnitude can overflow what the digits did not
        return None
    value = _tidy(value)
    return ParsedNumber(
        value=value,
        unit=unit,
        raw=raw,
        start=offset + start + lead,
        end=offset + start + lead + len(raw),
        unit_explicit=explicit,
        magnitude=magnitude,
        comparator=comparator,
        warnings=tuple(warnings),
    )


def _decimal_value(num: str) -> float | None:
    """The value of a digit run the grammar matched, or ``None`` when Python cannot convert it.

    The grammar's ``\\d`` is the regex module's, whose Unicode tables can be newer than Python's
    own (regex 2026 knows Unicode 16's digits, such as U+10D40, which Python 3.11's ``float`` does
    not); and 309 digits or more overflow a float. Neither is a quantity a paper states, so the
    token is not a number rather than a failed paper.
    """
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


_ANY_DIGIT_RE = re.compile(r"\d")


def convertible(text: str) -> bool:
    """Whether every digit the regex grammar sees in ``text`` is one Python can convert (see
    :func:`_decimal_value`): the test for any reader that hands a matched digit run to ``int``."""
    return text.isascii() or all(c.isdecimal() for c in _ANY_DIGIT_RE.findall(text))


def _tidy(value: float) -> float:
    """Remove binary noise from scaling (0.1 * 1e6 == 100000.00000000001)."""
    rounded = round(value, 6)
    return 0.0 if rounded == 0 else rounded


# --------------------------------------------------------------------------- prose

# Things in prose that look numeric but are not quantities. Each is masked before numbers are found.
# a full stop or comma straight after ("for 2017-19.", "in 2016-17, ...") ends the sentence or the
# clause; only a digit after one makes a decimal ("10-12.5")
_FINANCIAL_YEAR = FY_IN_TEXT
_YEAR = r"(?<![\d£,.])" + YEAR4 + r"(?![\d%]|,\d{3}|\.\d)"
_ORDINAL = r"\b\d+(?:st|nd|rd|th)\b"
# The e-mail part starts only where a run of address characters starts: a bare "\S+@" would rescan a
# long unbroken run (a base64 image in a Markdown export) from every position, quadratic time.
_URL = r"(?:https?://|www\.)\S+|(?<![^\s<>(\[\"'])[^\s@<>()\[\]\"']+@[^\s@<>()\[\]\"']+\.[^\s<>()\[\]\"']+"
# the rest of an address a line break cut off ("...%20Revised%20HWB%20Strategy%20for%202017-18.pdf"):
# percent-escapes and file names are never quantities
_URL_PART = (
    r"(?<![^\s<>()\[\]\"'])(?=[^\s<>()\[\]\"']*[A-Za-z])[^\s<>()\[\]\"']*%[0-9A-Fa-f]{2}[^\s<>()\[\]\"']*"
    r"|(?<![\w%\-./])[\w%\-./]+?\.(?:pdf|docx?|xlsx?|pptx?|html?|aspx?)\b"
)
# clock times: "10.30am", "14:00", "24/7", a leading-zero "08.00", and a range "8.00 to 22.00"
_CLOCK = r"(?:[01]?\d|2[0-4])[:.][0-5]\d"
_TIME = (
    rf"(?<![\d.,£]){_CLOCK}\s?(?:to|until|till|-|–)\s?{_CLOCK}(?!\d|\s?%|\.\d)"
    r"|\b\d{1,2}[:.]\d{2}\s?(?:am|pm)\b|\b\d{2}:\d{2}\b|\b24/7\b|(?<![\d.,])0\d[:.][0-5]\d(?![\d%])"
)
_AGE_PLUS = r"\b\d{1,3}\+"
# a number in quotes is a literal being talked about: "do not enter '0' or 'N/A'"
_QUOTED = r"(?<=['‘\"“])\d{1,3}(?=['’\"”])"
_QUARTER = r"\b" + QUARTER + r"\b"
# a column's unit written in prose or a caption ("£'000", "£000s") is not the number 0
_UNIT_MARK = r"£\s?['’‘`]?\s?000(?:['’]?s)?(?![\d,.]\d)"
# a UK telephone number ("03000 410066", "01622 694 123", "0300 123 4567", "07949102354"): a leading
# zero and a space-broken run of digits, or ten or eleven digits in one, is never a quantity
_PHONE = (
    r"(?<![\d£.,])0\d{2,4}\s\d{3,4}(?:\s?\d{3,4})?(?![\d%.,]\d|\d)|(?<![\d£.,])0[1-9]\d{8,9}(?![\d%.,]\d|\d)"
)
# a running footer a PDF's text layer drops into the prose: "Page 25 of 43"
_PAGE_OF = r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b"
# the "1" of a ratio "8.1:1" or "1:5.76", and the "£1" of "for every £1 earned", say what the other
# number is per; they are not figures of their own
_RATIO_ONE = r"(?<=\d):\s?1\b(?![:.]?\d)|(?<![\d.,£:])\b1\s?:(?=\s?\d)|(?<=\bevery\s)£?1\b(?![\d.,])"
# the number a ratio's "1" stands beside: "1:5.76", "8.1:1", and "1 to 6.92" after a word for a ratio
_RATIO_BEFORE_RE = re.compile(
    r"(?:(?<![\d.,£:])\b1\s?:\s?|(?i:\b" + RATIO_WORDS + r"\b(?:[^.;:]|(?<=\b[a-z])\.){0,120}?\s)1\s+to\s+)$"
)
_RATIO_AFTER_RE = re.compile(r"^\s?:\s?1\b(?![:.]?\d)")
# "Quarter 3": a period's name, like "Q3"
_QUARTER_WORD = r"\bquarter\s+[1-4]\b"
# a glyph the PDF's font could not map to text: "(cid:3404)" is a code, never a number
_GLYPH = r"\(cid:\d+\)"
# a month and a two-digit year as spreadsheets write them: "Jun-23", "Sept/24", "Mar'25"
_MONTH_YEAR = (
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s?[-/'’]\s?\d{2}(?![\d%]|[,.]\d|\s?%)"
)
_MASK_RE = re.compile(
    "|".join(
        [
            _URL,
            _URL_PART,
            _GLYPH,
            _PAGE_OF,
            _PHONE,
            _UNIT_MARK,
            _FINANCIAL_YEAR,
            _TIME,
            _ORDINAL,
            _AGE_PLUS,
            _QUOTED,
            _QUARTER,
            _QUARTER_WORD,
            _MONTH_YEAR,
            _RATIO_ONE,
            _YEAR,
        ]
    ),
    re.I,
)


def find_numbers(
    text: str,
    *,
    exclude: Iterable[tuple[int, int]] = (),
    reference_words: Iterable[str] = (),
    trailing_patterns: Iterable[str] = (),
) -> list[ParsedNumber]:
    """Find the quantities in a piece of prose.

    Args:
        text: the prose.
        exclude: spans already claimed by something else (dates found by :mod:`extractor.dates`).
        reference_words: words after which a number is an identifier, not a quantity
            ("Appendix 4", "Priorities 5 to 7"); they come from ``rules/references.jsonl``.
        trailing_patterns: regexes that, right after a number, make it part of a phrase rather
            than a quantity ("a 7 day service", "7 days a week"); also from ``references.jsonl``.

    Returns:
        Numbers in order of appearance, each with its span in ``text``.
    """
    blocked = [list(span) for span in exclude]
    for m in _MASK_RE.finditer(text):
        if m.group("fy1") and not is_financial_year(m.group("fy1"), m.group("fy2")):
            # not a span of years, but its first part may still be a year ("in 2012-45 cases")
            if re.fullmatch(_YEAR, m.group("fy1")):
                blocked.append([m.start("fy1"), m.end("fy1")])
            continue
        blocked.append([m.start(), m.end()])
    ref_re = _reference_pattern(tuple(sorted({w.lower() for w in reference_words})))
    if ref_re is not None:
        for m in ref_re.finditer(text):
            blocked.append([m.start(), m.end()])
    trail_re = _trailing_pattern(tuple(trailing_patterns))
    if trail_re is not None:
        for m in trail_re.finditer(text):
            blocked.append([m.start(), m.end()])
    # "BCF projects (1) extended", "admissions (2) can indicate": a bare small number in brackets in
    # the middle of a sentence numbers an item or a note; a quantity in brackets says what it counts
    # ("(12 beds)", "(£0.5m)", "(5%)"), and one closing a line is a score ("Waiting List (15)")
    for m in _ENUMERATOR_RE.finditer(text):
        blocked.append([m.start(), m.end()])

    found: list[ParsedNumber] = []
    for m in _TWO_PART_TIME_RE.finditer(text):
        # "6 minutes 26 seconds", "2 hours 15 minutes": one time, in its smaller unit
        if _overlap_test(blocked)(m.start(), m.end()):
            continue
        big, small = m.group("ua")[0].lower(), m.group("ub")[0].lower()
        if (big, small) not in (("h", "m"), ("m", "s")):
            continue
        value = float(m.group("a")) * 60.0 + float(m.group("b"))
        unit_name = "seconds" if small == "s" else "minutes"
        found.append(
            ParsedNumber(
                value=value,
                unit=COUNT,
                raw=m.group(0),
                start=m.start(),
                end=m.end(),
                warnings=(f"a time of two parts, read as {value:g} {unit_name}",),
            )
        )
        blocked.append([m.start(), m.end()])
    is_blocked = _overlap_test(blocked)
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span("num")
        if is_blocked(start, end):
            continue
        if _glued_to_word(text, m):
            continue
        parsed = _token_to_number(
            m, unit_hint=None, scale=1.0, offset=0, raw_text=text, brackets_negative=False
        )
        if parsed is None:
            continue
        # a bare "-" between two words is a dash, not a sign: "2017 - 2020", "pages 7 - 9", "0.3%-0.4%";
        # one set apart from its digits is a sign only after a word that a level follows ("inflation
        # from - 10.4% in July")
        if (
            m.group("sign")
            and m.start() > 0
            and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "%")
            or m.group("gap")
            and not _SIGN_AFTER_RE.search(text, 0, m.start())
        ):
            parsed = _without_sign(parsed, text)
        if parsed.unit is None:
            ratio = _RATIO_BEFORE_RE.search(text, 0, parsed.start) or _RATIO_AFTER_RE.match(
                text[parsed.end :]
            )
            parsed = _replace(parsed, unit=RATIO if ratio else COUNT)
        found.append(parsed)
    found = [n for n in found if not _ratio_one(n, found)]
    return _range_ends(sorted(found, key=lambda n: n.start), text)


def _ratio_one(number: ParsedNumber, found: list[ParsedNumber]) -> bool:
    """The "1" of "1 to 6.92": what the ratio's other side is per, not a figure of its own."""
    return (
        number.value == 1
        and number.unit == COUNT
        and any(n.unit == RATIO and n.start > number.end and n.start - number.end <= 5 for n in found)
    )


# "2-4%", "2 to 4%": the ends of one range, the unit written once after the upper end
_RANGE_GAP_RE = re.compile(r"\s*(?:-|–|to)\s*")


def _range_ends(numbers: list[ParsedNumber], text: str) -> list[ParsedNumber]:
    """A range's lower end takes the unit written after its upper end ("the initial focus will be on
    2-4% of the population": 2%, not a count of 2), and both ends say they bound it (``>=``, ``<=``)."""
    out = list(numbers)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if not _RANGE_GAP_RE.fullmatch(text, low.end, high.start) or high.unit != PERCENT:
            continue
        if (
            low.unit != COUNT
            or low.unit_explicit
            or low.comparator
            or high.comparator
            or low.value > high.value
        ):
            continue
        out[i] = _replace(
            low,
            unit=PERCENT,
            comparator=">=",
            warnings=(*low.warnings, "the lower end of a range; its unit is the upper end's"),
        )
        out[i + 1] = _replace(high, comparator="<=")
    return out


# a time written in two units: "1 minute 7 seconds", "2 hours and 15 minutes"
_TWO_PART_TIME_RE = re.compile(
    r"(?i)(?<![\d.,])(?P<a>\d{1,3})\s*(?P<ua>hours?|hrs?|minutes?|mins?)\s+(?:and\s+)?"
    r"(?P<b>\d{1,2})\s*(?P<ub>minutes?|mins?|seconds?|secs?)\b"
)


def is_time_of_parts(number: ParsedNumber) -> bool:
    """Is ``number`` a time written in two units ("6 minutes 26 seconds")? Its unit words are its own,
    not the name of what it counts."""
    return bool(_TWO_PART_TIME_RE.fullmatch(number.raw))


def time_unit(number: ParsedNumber) -> str:
    """The unit a two-part time is read in ("seconds" for "1 minute 7 seconds"), or ""."""
    m = _TWO_PART_TIME_RE.fullmatch(number.raw)
    if not m:
        return ""
    return "seconds" if m.group("ub")[0].lower() == "s" else "minutes"


_ENUMERATOR_RE = re.compile(r"(?<=[A-Za-z]\s?)\(\d{1,2}\)(?=\s+[a-z])")


def _overlap_test(spans: Iterable[list[int]]) -> Callable[[int, int], bool]:
    """A test for "does [start, end) overlap any span?", in log time: a long table flattened into one
    block holds thousands of years and numbers, and checking each against each was quadratic."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def overlaps(start: int, end: int) -> bool:
        # the last span starting before `end` is the only one that can reach past `start`
        i = bisect.bisect_left(starts, end)
        return i > 0 and merged[i - 1][1] > start

    return overlaps


_REF_NUMBER = r"\d+(?:[.\d]*[a-z]?)\b"


@functools.lru_cache(maxsize=8)
def _reference_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """'Appendix 4', 'Priority 5', and the ranges and pairs they head ('priorities 5 to 7',
    'paragraphs 34 and 35', 'Level 1 and 2 Safety Training'): compiled once per word list, not per
    sentence."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(
        r"\b(?:"
        + "|".join(re.escape(w) for w in ordered)
        + r")\.?\s?(?:no\.?\s?)?"
        + _REF_NUMBER
        # a range, or after a plural a pair: "priorities 5 to 7", "paragraphs 34 and 35" (not "Band 4
        # and 2 x B5")
        + r"(?:\s?(?:(?<=s\s?\S+\s?)(?:and|or|&)|to|-|–)\s?\d{1,3}(?:\.\d{1,2})*[a-z]?\b"
        + r"(?!\s?%|[.,]\d|\s?per\s?cent|\s?x\b)"
        # after a singular, a pair that a name goes on after: "Level 1 and 2 Safety Training"
        + r"|\s(?:and|or|&)\s\d(?=\s+(?-i:[A-Z])[a-z]))*",
        re.I,
    )


@functools.lru_cache(maxsize=8)
def _trailing_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """'7 day services', '7 days a week': a number and the words after it that make it a name."""
    if not patterns:
        return None
    return re.compile(r"(?<![\d.,£])\d{1,3}(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.I)


def _glued_to_word(text: str, m: re.Match[str]) -> bool:
    """A digit run inside a word or code is not a quantity: 's75', 'RACU-Ben01', 'COVID19', '3rd'."""
    start = m.start("num")
    end = m.end("num")
    after = text[end] if end < len(text) else " "
    # a letter straight after the digits makes a reference, even after a bracket or a dash: "(4b)",
    # "(14i)", "-6pm"; after a pound sign it is a unit ("£25,000pa") and the money stays
    if after.isalpha() and not m.group("mag") and not m.group("pct") and not m.group("cur"):
        return True
    if after == "/" and text[end + 1 : end + 2].isdigit() and not m.group("cur"):
        return True  # "(21/00086)": a decision's or a case's reference, even in brackets
    if m.group("sign") and start > 1 and text[m.start("sign") - 1 : m.start("sign")].isalpha():
        return True  # "Covid-19", "CHC-2": a hyphen inside a name, not a minus
    if m.group("cur") or m.group("sign") or m.group("plus") or m.group("sign2") or m.group("open"):
        return False
    before = text[start - 1] if start > 0 else " "
    if before.isalpha() or before in "_-/#" and start > 1 and text[start - 2].isalnum():
        return True
    if after in "/" or before == "/":
        return True
    return False


_SIGN_AFTER_RE = re.compile(r"(?i)\b(?:from|to|of|at|was|is|were|are|been|be|minus|reached|stood)\s+$")


def _without_sign(parsed: ParsedNumber, text: str) -> ParsedNumber:
    raw = parsed.raw.lstrip("-–− ")
    return _replace(parsed, value=abs(parsed.value), raw=raw, start=parsed.end - len(raw))


def as_count(parsed: ParsedNumber, why: str) -> ParsedNumber:
    """The same number read as a count: a bare "100k" that context says is not money."""
    warning = f"'{parsed.raw}' has no currency sign and {why}; read as a count"
    return _replace(parsed, unit=COUNT, warnings=(warning,))


def _replace(parsed: ParsedNumber, **changes: object) -> ParsedNumber:
    data = {f: getattr(parsed, f) for f in parsed.__dataclass_fields__}
    data.update(changes)
    return ParsedNumber(**data)  # type: ignore[arg-type]
