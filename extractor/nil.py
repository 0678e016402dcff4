"""Nil words, read here and only here: what a cell or a sentence writes in place of a number.

A dash, "nil", "n/a", "tbc" stand where a figure would be. They are not figures (nothing was
measured or the amount is nought), so a reader never wants them in a list of figures, but a total
still counts a dash as nought. ``is_nil`` is the one test every stage uses.
"""

from __future__ import annotations

import regex as re

# Dashes: hyphen, en and em dash, minus, figure dash; "£-" and "£ -" as spreadsheets print a zero
# in an accounting format; "-   " with padding.
_DASHES = "-–—−‒"
NIL_WORDS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "nil",
        "none",
        "tbc",
        "tba",
        "tbd",
        "not applicable",
        "not available",
        "nk",
        "not known",
        "..",
        "…",
    }
)
_NIL_RE = re.compile(r"^\s*£?\s*(?:[" + _DASHES + r"]{1,3}|nil)\s*$", re.I)
# Nil words that still mean nought in a sum (a dash, "nil"); "tbc" and "n/a" mean unknown.
_ZERO_RE = re.compile(r"^\s*£?\s*(?:[" + _DASHES + r"]{1,3}|nil|none)\s*$", re.I)


def is_nil(text: str) -> bool:
    """Does the text stand in a figure's place without being one ("-", "£-", "n/a", "tbc")?"""
    t = " ".join(text.split()).lower()
    return bool(t) and (t in NIL_WORDS or bool(_NIL_RE.match(t)))


def nil_is_zero(text: str) -> bool:
    """Does the nil form count as nought in a sum (a dash, "nil"), not as unknown ("tbc")?"""
    return bool(_ZERO_RE.match(text))
