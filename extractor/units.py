"""Units and scales a paper declares, read here and only here.

Finance papers declare a scale once, for a column, a group of columns, a whole table or a page:
``£000s``, ``£'000``, ``£’000s``, ``(£000)``, ``£k``, ``£m``, ``£'m``, ``£’m``, ``£ millions``,
``£bn``, ``%``, "All figures in £m", "£ in thousands". A bare ``£`` over a column says the figures
are pounds. Every stage that meets such a declaration (table headers, captions, titles, a units row
in a PDF) uses :func:`declared_unit`, and :func:`strip_units` to take it out of a column's name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex as re

GBP = "GBP"
PERCENT = "percent"
COUNT = "count"
# one side of a ratio whose other side is 1: "1:5.76", "8.1:1", "1 to 6.92" are 5.76, 8.1 and 6.92
RATIO = "ratio"
# the words that say a number is one side of a ratio ("pay ratio", "pay multiple")
RATIO_WORDS = r"(?:ratio|multiple)"

# Words that name a number's unit, not what it measures: "2 percentage points", "11 pence". A label
# that is, or starts with, one of them names nothing (``percentage points since last quarter``).
UNIT_WORDS_RE = re.compile(r"(?i)(?:percentage\s+points?|per\s*cent|percent|points?|pence|pounds?)\b")

# One grammar for a declaration. A pound sign, an optional apostrophe (typeset or not), then a
# scale: thousands ("000", "000s", "000's", "k", "thousand(s)"), millions ("m", "ms", "mn",
# "million(s)"), billions ("bn", "billion(s)"), or nothing (pounds). Brackets around it are part
# of it. "%" (alone, or bracketed) declares percentages.
_DECLARATION = r"""
(?P<open>\(\s*)?
(?:
    (?P<pct>(?<![\d.]\s?)%|(?<![\d.]\s)\bper\s?cent\b(?!\s+of))
  | £\s?(?:in\s+)?['’‘`]?\s?
    (?:
        (?P<k>0{3}(?:['’]?s)?(?![\d,.]\d)|k(?![a-z])|thousands?\b)
      | (?P<m>m(?:s|n)?(?![a-z])|millions?\b)
      | (?P<bn>bn(?![a-z])|billions?\b)
      | (?P<one>(?![\w£]|\s?\d))
    )
)
(?(open)\s*\))
"""
_DECLARATION_RE = re.compile(_DECLARATION, re.VERBOSE | re.IGNORECASE)
_ONLY_RE = re.compile(r"^\s*(?:" + _DECLARATION + r"\s*)+$", re.VERBOSE | re.IGNORECASE)
# Count scales: "'000s" or "(000s)" with no pound sign, "thousands" in a header of counts
_COUNT_SCALE_RE = re.compile(
    r"(?:^|[\s(])['’]?000['’]?s?\)?(?:\s|$)|\(\s*thousands?\s*\)|\bin\s+thousands\b", re.I
)
# "No.", "Nos", "Number" alone over a column: a count
_COUNT_WORDS_RE = re.compile(r"^\s*(?:nos?\.?|number|count|fte|wte)\s*$", re.I)
# Currency signs we meet but do not convert; a column of them is money in that currency
_OTHER_CURRENCY_RE = re.compile(r"^\s*[€$]\s*$")


@dataclass(frozen=True)
class Declared:
    """A unit declaration found in a piece of text."""

    unit: str
    scale: float
    raw: str
    start: int
    end: int


@functools.lru_cache(maxsize=8192)
def declared_unit(text: str) -> Declared | None:
    """The first unit declaration in a header, caption or title: ``£'000`` -> GBP ×1000.

    A pound sign followed by a digit is an amount ("£5m"), not a declaration.
    """
    if not text:
        return None
    for m in _DECLARATION_RE.finditer(text):
        if m.group("pct"):
            return Declared(PERCENT, 1.0, m.group(0), m.start(), m.end())
        if m.group("k") is not None:
            scale = 1e3
        elif m.group("m") is not None:
            scale = 1e6
        elif m.group("bn") is not None:
            scale = 1e9
        else:
            scale = 1.0
        return Declared(GBP, scale, m.group(0), m.start(), m.end())
    m = _COUNT_SCALE_RE.search(text)
    if m:
        return Declared(COUNT, 1e3, m.group(0).strip(), m.start(), m.end())
    return None


def unit_from_header(text: str) -> tuple[str | None, float]:
    """``(unit, scale)`` a header declares; ``(None, 1.0)`` when it declares none."""
    found = declared_unit(text)
    return (found.unit, found.scale) if found else (None, 1.0)


_TRAILING_DECLARATION_RE = re.compile(r"\(\s*(?:%|£\s?['’]?\s?(?:000s?|k|m|bn)|per\s?cent)\s*\)\s*$", re.I)


def label_unit(label: str) -> tuple[str, float] | None:
    """The unit a row's label declares for its own figures, bracketed at its end: "Finance costs to
    net revenue stream (%)", "Capital expenditure (£m)". Such a row's figures are in that unit
    whatever the columns over them say (a line of ratios under a table of pounds)."""
    m = _TRAILING_DECLARATION_RE.search(label or "")
    if m is None:
        return None
    unit, scale = unit_from_header(m.group(0))
    return (unit, scale) if unit is not None else None


def is_unit_only(text: str) -> bool:
    """Text that is nothing but declarations: "£000s", "£'000  £'000", "%", "(£m)", "No."."""
    t = text.strip()
    if not t:
        return False
    return bool(_ONLY_RE.match(t) or _COUNT_WORDS_RE.match(t) or _OTHER_CURRENCY_RE.match(t))


def strip_units(text: str) -> str:
    """The text without its unit declarations: "Budget £'000" -> "Budget"."""
    out = _COUNT_SCALE_RE.sub(" ", _DECLARATION_RE.sub(" ", text))
    return " ".join(out.split()).strip(" ()")
