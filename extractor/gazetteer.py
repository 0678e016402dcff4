"""Finding organisations by any of their names, and naming them one way.

Built once from ``rules/organisations.jsonl``. Full names match case-insensitively; short
abbreviations (``OCC``, ``RUH``) only in capitals, so "occ" in a word never counts. A generic
name (``CCG``, ``the Council``) resolves to the area's own body when the area is known.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .rules import OrganisationRule, Rules


@dataclass(frozen=True)
class OrgMatch:
    start: int
    end: int
    text: str
    org: OrganisationRule


class Gazetteer:
    """Organisation lookup. Holds compiled patterns only; immutable once built."""

    def __init__(self, rules: Rules) -> None:
        self.orgs = rules.organisations
        exact: dict[str, OrganisationRule] = {}
        folded: list[tuple[str, OrganisationRule]] = []
        capitals: list[tuple[str, OrganisationRule]] = []
        for org in self.orgs:
            for alias in dict.fromkeys((org.name, *org.aliases)):
                exact.setdefault(_key(alias), org)
                if _is_abbreviation(alias):
                    capitals.append((alias, org))
                else:
                    folded.append((alias, org))
        self._exact = exact
        self._by_alias_folded = {_key(a): o for a, o in folded}
        self._by_alias_caps = {a: o for a, o in capitals}
        self._folded_re = _alternation([a for a, _ in folded], re.IGNORECASE)
        self._caps_re = _alternation([a for a, _ in capitals], 0)
        self._by_area_kind: dict[tuple[str, str], OrganisationRule] = {}
        for org in self.orgs:
            if org.area and not org.generic:
                self._by_area_kind.setdefault((org.area, org.kind), org)
        self.areas = {org.area for org in self.orgs if org.kind == "hwb_area" and org.area}

    def find(self, text: str, *, include_generic: bool = False) -> list[OrgMatch]:
        """Every organisation named in ``text``, longest names first, never overlapping."""
        found: list[OrgMatch] = []
        taken: list[tuple[int, int]] = []
        candidates: list[OrgMatch] = []
        if self._folded_re is not None:
            for m in self._folded_re.finditer(text, overlapped=False):
                org = self._by_alias_folded.get(_key(m.group(0)))
                if org is not None:
                    candidates.append(OrgMatch(m.start(), m.end(), m.group(0), org))
        if self._caps_re is not None:
            for m in self._caps_re.finditer(text):
                org = self._by_alias_caps.get(m.group(0))
                if org is not None:
                    candidates.append(OrgMatch(m.start(), m.end(), m.group(0), org))
        for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
            if not include_generic and c.org.generic:
                continue
            if any(s < c.end and c.start < e for s, e in taken):
                continue
            taken.append((c.start, c.end))
            found.append(c)
        return sorted(found, key=lambda c: c.start)

    def resolve(self, text: str, *, area: str | None = None) -> OrganisationRule | None:
        """The organisation a short text (a column header) names, or ``None``.

        The text may carry a footnote mark or a unit ("Oxfordshire County Council (*)", "OCCG £'000").
        """
        cleaned = re.sub(r"\((?:[*#†‡]|[a-z]|\d)\)|[*#†‡]|£\s?['’]?0{3}|£[km]?|\(£[km]?\)", " ", text)
        cleaned = re.sub(r"\s+", " ", cleaned).strip(" :-–")
        if not cleaned:
            return None
        org = self._exact.get(_key(cleaned))
        if org is None:
            matches = self.find(cleaned, include_generic=True)
            covering = [m for m in matches if (m.end - m.start) >= 0.6 * len(cleaned)]
            if not covering:
                return None
            org = covering[0].org
        if org.generic and area:
            return self._by_area_kind.get((area, org.kind), org)
        return org

    def area_of(self, org: OrganisationRule) -> str | None:
        return org.area


def _key(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("’", "'")
    return re.sub(r"[^a-z0-9']+", " ", text).strip()


def _is_abbreviation(alias: str) -> bool:
    return len(alias) <= 6 and alias.replace("&", "").replace("-", "").isupper()


def _alternation(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    ordered = sorted(set(aliases), key=len, reverse=True)
    parts = []
    for a in ordered:
        tokens = [r"(?:&|and)" if t.lower() in ("&", "and") else re.escape(t) for t in a.split()]
        parts.append(r"\s+".join(tokens))
    return re.compile(r"(?<![\w&])(?:" + "|".join(parts) + r")(?![\w&])", flags)
