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
        # most words start no name, and a word that does starts names of only a few lengths:
        # looking those up by the first word keeps the scan to a dictionary hit per word
        self._lengths_folded = _lengths_by_first(folded)
        self._lengths_capitals = _lengths_by_first(capitals)
        self._by_area_kind: dict[tuple[str, str], OrganisationRule] = {}
        for org in self.orgs:
            if org.area and not org.generic:
                self._by_area_kind.setdefault((org.area, org.kind), org)
        self.areas = {org.area for org in self.orgs if org.kind == "hwb_area" and org.area}

    def find(self, text: str, *, include_generic: bool = False) -> list[OrgMatch]:
        """Every organisation named in ``text``: at each word the longest name that starts there."""
        tokens = _tokens(text)
        raw = [t for t, _, _ in tokens]
        folded = [_fold(t) for t in raw]
        found: list[OrgMatch] = []
        i = 0
        while i < len(tokens):
            match = self._longest_at(raw, folded, i, include_generic)
            if match is None:
                i += 1
                continue
            n, org = match
            start, end = tokens[i][1], tokens[i + n - 1][2]
            found.append(OrgMatch(start, end, text[start:end], org))
            i += n
        return found

    def _longest_at(
        self, raw: list[str], folded: list[str], i: int, include_generic: bool
    ) -> tuple[int, OrganisationRule] | None:
        capital_lengths = self._lengths_capitals.get(raw[i], ())
        folded_lengths = self._lengths_folded.get(folded[i], ())
        if not capital_lengths and not folded_lengths:
            return None
        for n in sorted({*capital_lengths, *folded_lengths}, reverse=True):
            if i + n > len(raw):
                continue
            org = None
            if n in capital_lengths:
                org = self._capitals.get(tuple(raw[i : i + n]))
            if org is None and n in folded_lengths:
                org = self._folded.get(tuple(folded[i : i + n]))
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


def _lengths_by_first(names: dict[tuple[str, ...], OrganisationRule]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


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
