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
