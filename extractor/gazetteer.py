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


_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]|&")


class Gazetteer:
    """Organisation lookup. Holds lookup tables only; immutable once built.

    Names are matched token by token against a dictionary of every alias (longest first, left
    to right), which stays fast with thousands of organisations where one regex alternation of
    all their names would not.
    """

    def __init__(self, rules: Rules) -> None:
        self.orgs = rules.organisations
        exact: dict[str, OrganisationRule] = {}
        folded: dict[tuple[str, ...], OrganisationRule] = {}
        capitals: dict[tuple[str, ...], OrganisationRule] = {}
        for org in self.orgs:
            for alias in dict.fromkeys((org.name, *org.aliases)):
                exact.setdefault(_key(alias), org)
                tokens = tuple(t for t, _, _ in _tokens(alias))
                if not tokens:
                    continue
                if _is_abbreviation(alias):
                    capitals.setdefault(tokens, org)
                else:
                    folded.setdefault(tuple(_fold(t) for t in tokens), org)
        self._exact = exact
        self._folded = folded
        self._capitals = capitals
        self._longest = max((len(k) for k in (*folded, *capitals)), default=0)
        # most words start no name: checking the first word first keeps the scan cheap
        self._first_folded = {k[0] for k in folded}
        self._first_capitals = {k[0] for k in capitals}
        self._by_area_kind: dict[tuple[str, str], OrganisationRule] = {}
        for org in self.orgs:
            if org.area and not org.generic:
                self._by_area_kind.setdefault((org.area, org.kind), org)
        self.areas = {org.area for org in self.orgs if org.kind == "hwb_area" and org.area}

    def find(self, text: str, *, include_generic: bool = False) -> list[OrgMatch]:
        """Every organisation named in ``text``: at each word the longest name that starts there."""
        tokens = _tokens(text)
        found: list[OrgMatch] = []
        i = 0
        while i < len(tokens):
            match = self._longest_at(tokens, i, include_generic)
            if match is None:
                i += 1
                continue
            n, org = match
            start, end = tokens[i][1], tokens[i + n - 1][2]
            found.append(OrgMatch(start, end, text[start:end], org))
            i += n
        return found

    def _longest_at(self, tokens: list[tuple[str, int, int]], i: int, include_generic: bool) -> tuple[int, OrganisationRule] | None:
        first = tokens[i][0]
        if first not in self._first_capitals and _fold(first) not in self._first_folded:
            return None
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            raw = tuple(t for t, _, _ in window)
            org = self._capitals.get(raw) or self._folded.get(tuple(_fold(t) for t in raw))
            if org is not None and (include_generic or not org.generic):
                return n, org
        return None

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


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        token = m.group(0).rstrip(".")
        out.append((token, m.start(), m.start() + len(token)))
    return out


def _fold(token: str) -> str:
    t = token.lower().replace("’", "'")
    return "and" if t == "&" else t


def _key(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("’", "'")
    return re.sub(r"[^a-z0-9']+", " ", text).strip()


def _is_abbreviation(alias: str) -> bool:
    return len(alias) <= 6 and alias.replace("&", "").replace("-", "").isupper()


