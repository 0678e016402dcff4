"""How precisely a printed number was written, and the gap rounding alone can open in a sum.

A total printed as ``200,131.6`` in a £000s table may differ from the sum of its printed lines by up to
half a step (£50) for every number rounded. This is what XBRL calls a fact's "decimals": a reported
total agrees with its items when the intervals the rounded numbers stand for overlap. The table
reader's self-check and the audit both use it.
"""

from __future__ import annotations

import regex as re

_DECIMALS_RE = re.compile(r"\d(?:[\d,]*)(?:\.(\d+))?")


def precision_step(raw: str, scale: float, magnitude: float = 1.0) -> float:
    """The unit of the last digit written: '6,276' in £'000 -> 1000; '£1.2m' -> 100000; '95%' -> 1."""
    m = _DECIMALS_RE.search(raw or "")
    decimals = len(m.group(1)) if m and m.group(1) else 0
    if re.search(r"(?i)\d\s?(?:bn|m|k|million|billion|thousand)\b", raw or ""):
        lower = (raw or "").lower()
        magnitude = 1e9 if "bn" in lower or "billion" in lower else 1e6 if ("m" in lower) else 1e3
        return magnitude * 10.0 ** (-decimals)
    return scale * magnitude * 10.0 ** (-decimals)


def rounding_tolerance(steps: list[float]) -> float:
    """Half a step for every number that was rounded: the widest gap rounding alone can open."""
    return 0.5 * sum(steps)


_WHOLE_RE = re.compile(r"^[£$]?\s?[+\-−]?\s?(\d{1,3}(?:,\d{3})+|\d+)$")


def trailing_zeros_step(raw: str) -> float | None:
    """The place of the last non-zero digit of a whole number written plainly: '65,500' -> 100,
    '50,000' -> 10000, '22,345' -> 1; None for anything written with decimals, a magnitude word or
    a unit ('12.5', '£1.2m', '13%'), whose precision its written form already states."""
    m = _WHOLE_RE.match((raw or "").strip())
    if m is None:
        return None
    digits = m.group(1).replace(",", "").lstrip("0")
    if not digits:
        return None
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def shared_rounding_step(raws: list[str]) -> float:
    """The place numbers stated together were rounded to, judged from all of them: the finest place
    at which any shows a non-zero digit ("from 50,000 in 2022 to 65,500 in 2035": hundreds, so
    50,000 stands for 49,950-50,050). One number alone says nothing (is 50,000 exact, or rounded
    to thousands?); its company does, as a population projection rounds every figure alike.
    1 when any number is not a plain whole number or the finest place is the units."""
    steps = [trailing_zeros_step(r) for r in raws]
    if len(steps) < 2 or any(s is None for s in steps):
        return 1.0
    return min(s for s in steps if s is not None)


# A column of counts is taken as rounded when all its figures end in zeros, at least this many, and
# the place they were rounded to is this small a share of its largest figure: "Rounded to nearest
# 100" population tables (235,400 over lines of 13,600, 26,200 ...), not a column of 10, 20, 30.
ROUNDED_COLUMN_MIN = 4
ROUNDED_COLUMN_SHARE = 0.01


def column_rounding_step(raws: list[str], values: list[float]) -> float | None:
    """The place a column of counts was rounded to ('13,600', '800', '235,400': hundreds), or None
    when it reads as exact. The caller passes counts only: money is left as written (a grant of
    £5,000 is exact). A table of such counts misses its totals by a hundred or two, which is
    rounding, not an error."""
    if len(values) < ROUNDED_COLUMN_MIN:
        return None
    step = shared_rounding_step([r for r, v in zip(raws, values, strict=True) if v])
    if step <= 1.0 or step > ROUNDED_COLUMN_SHARE * max(abs(v) for v in values):
        return None
    return step
