"""What turns the phrase a number's sentence gives into the label a reader would write.

The label readers (:mod:`.prose_labels`) find the phrase the sentence names a number by; a reader
who copies the number into a spreadsheet does a little more, with what the paper itself says:

- ``heading_text``: a heading's own numbering ("Council Tax 6", "3. Savings") is not a figure;
- ``abbreviations``: the paper's own abbreviations ("Revenue Support Grant (RSG)", or a heading
  "Revenue Support Grant" and "RSG" in its text): the label keeps the paper's word ("RSG
  allocation", as a reader copies it and searches for it) and the name spelled out is offered
  beside it (``spell_out``, candidate rule ``label.spelled-out``);
- ``finish_label``: the organisation's possessive ("the Council's allocation") goes, as the
  organisation has its own column; a label that is only a measure word ("allocation", "total
  grant") is named by the section it sits in when that section is named after a thing ("D)
  Social Care Grant": "Social Care Grant allocation");
- ``usable``: a reading that is a fragment of a clause ("was added", "lease that", "Last year")
  is no label at all.

Every rule here reads only the paper's own words; nothing is keyed to one paper.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex as re

from ..models import Block, BlockKind
from ..rules import LabelWordRule, Rules
from ..units import UNIT_WORDS_RE
from .prose_labels import MEASURE_OF, content_words, is_listed_verb


@dataclass(frozen=True)
class LabelWords:
    """The label words of ``rules/label_words.jsonl``, one pattern per kind."""

    measure: re.Pattern[str] | None = None
    plain_heading: re.Pattern[str] | None = None
    owner: re.Pattern[str] | None = None
    modifier: re.Pattern[str] | None = None
    sum_name: re.Pattern[str] | None = None
    rate_name: re.Pattern[str] | None = None
    national_source: re.Pattern[str] | None = None
    calendar_series: re.Pattern[str] | None = None

    @classmethod
    def from_rules(cls, rules: Rules) -> LabelWords:
        found: dict[str, re.Pattern[str]] = {}
        for rule, pattern in rules.compiled["label_words"]:
            if isinstance(rule, LabelWordRule):
                # the longest phrase first, so "grant allocation" is one measure, not two
                longest = rule.model_copy(update={"words": sorted(rule.words, key=len, reverse=True)})
                found.setdefault(rule.kind, longest.pattern() or pattern)
        return cls(
            measure=found.get("measure_word"),
            plain_heading=found.get("plain_heading"),
            owner=found.get("owner"),
            modifier=found.get("measure_modifier"),
            sum_name=found.get("sum_name"),
            rate_name=found.get("rate_name"),
            national_source=found.get("national_source"),
            calendar_series=found.get("calendar_series"),
        )


# "Council Tax 6", "Final 2025-26 Local Government Finance Settlement 3": the section number a
# heading prints at its right (or left); a heading's sum or percentage ("£5m saving") stays
_HEADING_NUMBER_RE = re.compile(
    r"^\s*\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]?\s+(?=\S)|(?<=[A-Za-z)])\s+\d{1,2}(?:\.\d{1,2}){0,3}\s*$"
)


def heading_text(block: Block, text: str) -> str:
    """A heading's text with its own numbering blanked (offsets kept): a section number is not a
    figure. Other blocks are returned as they are."""
    if block.kind is not BlockKind.HEADING:
        return text
    return _HEADING_NUMBER_RE.sub(lambda m: " " * len(m.group(0)), text)


# "Revenue Support Grant (RSG)", "Market Sustainability and Improvement Fund (MSIF)"
_DEFINED_RE = re.compile(
    r"((?:[A-Z][\w'’-]*|and|of|for|&|the|in|to)(?:\s+(?:[A-Z][\w'’-]*|and|of|for|&|the|in|to)){1,8})\s*\(\s*([A-Z][A-Za-z&]{1,7})\s*\)"
)
_CAPITAL_PHRASE_RE = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:and|of|for|&|the|in|to)\s+)?[A-Z][\w'’-]*){1,7}")
_ABBREVIATION_RE = re.compile(r"\b[A-Z][A-Z&]{1,6}s?\b")
_SMALL_WORDS = {"and", "of", "for", "&", "the", "in", "to"}


def _initials(phrase: str) -> str:
    return "".join(w[0] for w in phrase.split() if w.lower() not in _SMALL_WORDS).upper()


def _fits(abbreviation: str, phrase: str) -> str | None:
    """The shortest tail of ``phrase`` whose initials are the abbreviation ("the Council's Revenue
    Support Grant" for RSG is "Revenue Support Grant"), or ``None``."""
    words = phrase.split()
    letters = abbreviation.replace("&", "").upper()
    for start in range(len(words)):
        tail = words[start:]
        if tail[0].lower() in _SMALL_WORDS:
            continue
        if _initials(" ".join(tail)) == letters:
            return " ".join(tail)
    return None


def abbreviations(blocks: list[Block]) -> dict[str, str]:
    """The abbreviations a paper spells out itself: "Revenue Support Grant (RSG)" in its text, or a
    heading or titled list item whose initials are an abbreviation its text uses ("A) Revenue
    Support Grant" and "the Council's RSG"). An abbreviation two names fit is left alone."""
    defined: dict[str, str] = {}
    for block in blocks:
        for m in _DEFINED_RE.finditer(block.text):
            name = _fits(m.group(2), m.group(1))
            if name and m.group(2) not in defined:
                defined[m.group(2)] = name
    used = {m.group(0).rstrip("s") for b in blocks for m in _ABBREVIATION_RE.finditer(b.text)}
    candidates: dict[str, set[str]] = {}
    # a name is guessed from titles only: a table's capitalised line ("Key Service Analysis") is no
    # spelling-out of a pay grade "KSA" that the paper never defines
    for block in (b for b in blocks if b.kind in (BlockKind.HEADING, BlockKind.LIST_ITEM)):
        for m in _CAPITAL_PHRASE_RE.finditer(block.text):
            phrase = m.group(0)
            letters = _initials(phrase)
            if 2 <= len(letters) <= 6 and letters in used and letters not in defined and not phrase.isupper():
                candidates.setdefault(letters, set()).add(phrase)
    for letters, names in candidates.items():
        if len({n.lower() for n in names}) == 1:
            defined[letters] = min(names)
    return defined


@functools.lru_cache(maxsize=64)
def _abbreviation_re(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) + r")\b")


def spell_out(label: str, known: dict[str, str]) -> str:
    """The paper's abbreviations in ``label`` written as the paper names them ("Council's RSG
    allocation" -> "Council's Revenue Support Grant allocation"), unless the name is there already."""
    pattern = _abbreviation_re(tuple(known))
    if pattern is None:
        return label

    def name(m: re.Match[str]) -> str:
        full = known[m.group(1)]
        return m.group(1) if full.lower() in label.lower() else full

    return pattern.sub(name, label)


_PERIOD_WORDS_RE = re.compile(
    r"(?i)^(?:(?:last|this|next|previous|current|the|same|financial|calendar|in|of|during|end|year|years|"
    r"quarter|month|months|week|period|q[1-4]|(?:19|20)?\d{2}(?:[/\-–]\d{2,4})?|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\s*)+$"
)
_CLAUSE_OPENERS = {
    "from", "with", "by", "to", "as", "if", "when", "while", "whilst", "although", "though", "because",
    "currently", "similarly", "however", "also", "therefore", "thus", "again", "and", "or",
    "but", "so", "then", "now", "there", "it", "they", "we", "he", "she", "this", "these", "those",
    "which", "who", "whom", "whose", "that", "where", "including", "excluding", "meaning", "moreover",
    "additionally", "depending", "according", "subject", "compared", "whereas",
    "furthermore", "besides", "likewise", "finally", "firstly", "secondly", "between", "during",
    "at", "in", "on", "for", "of", "over", "after", "before", "since", "until", "within",
}  # fmt: skip
# "Social Care Grant the remaining", "two tier areas the reward": a determiner straight after a noun
# or a number starts a second phrase; the label runs two phrases together
_JUXTAPOSED_RE = re.compile(r"(?i)(?<=[A-Za-z0-9’'/)])\s+(?:the|a|an)\s+\w")
_AFTER_WHICH_A_DETERMINER_FITS = {
    "of", "in", "for", "on", "to", "at", "from", "with", "by", "into", "under", "across", "within",
    "and", "or", "is", "was", "are", "were", "be", "been", "has", "have", "had", "per", "than", "as",
    "over", "against", "towards", "via", "through", "during", "after", "before", "about", "around",
    "between", "among", "amongst", "without", "including", "excluding",
    "upon", "alongside", "like",
}  # fmt: skip
_CLAUSE_CLOSERS = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "of", "in", "for", "on",
    "at", "from", "to", "by", "with", "and", "or", "but", "which", "who", "when", "where", "it", "they",
    "we", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "due",
    "totalling", "amounting", "equivalent", "up", "per", "out", "down", "off", "into", "onto", "upon",
    "than", "via", "across", "through",
}  # fmt: skip
# words that describe a noun still to come: a label ending "the remaining" was cut before it
_CUT_MODIFIERS = {"remaining", "additional", "further", "same", "following"}
# "£300m taking the total social care grant to £1.71bn": the clause after a sum says where a total
# went, and names the number after its "to", not the sum before it
_RUNNING_TOTAL_RE = re.compile(
    r"(?i)^(?:taking|bringing|making|leaving|raising|increasing|reducing|lifting|pushing|putting)\s+"
    r"(?:the|its|our|their|this|a)\s+(?:[\w'’-]+\s+){0,5}?(?:total|overall|balance|position|figure|sum|amount|level|value)\b"
)
_FINITE_RE = re.compile(r"(?i)\b(?:is|was|are|were|has|have|had|will|would|can|could|should|must|shall)\b")


# "number of residents who will remain independent": a measure of the people a relative clause picks
_COUNTED_WHO_RE = re.compile(
    r"(?i)^(?:(?:increase|decrease|rise|fall|reduction|change|growth)\s+in\s+)?"
    + MEASURE_OF
    + r"\s+[\w\s'’-]{2,60}?\s(?:who|that)\s+$"
)


_PER_ONE_RE = re.compile(r"(?i)\b(?:every|each|per)\s+£\s?1\b(?![\d.,])")


def usable(label: str) -> bool:
    """Is ``label`` a noun phrase a reader could name a figure by, rather than a fragment of the
    clause around it ("was added", "lease that", "Combined with the rollover from", "Last year",
    "£0.532bn of the")?"""
    words = label.split()
    if (
        not words
        or re.search(r"\d", words[0])
        and not re.fullmatch(r"(?:19|20)\d{2}[/\-–]\d{2,4}|\d{2}\+?", words[0])
    ):
        return False
    if re.search(r"[£$]\s?\d|\d\s?%|\d[kmb]n?\b", _PER_ONE_RE.sub("", label)):
        return False  # another number inside the phrase: a clause, not a name ("for every £1" is a unit)
    for m in _JUXTAPOSED_RE.finditer(label):
        before = label[: m.start()].split()[-1].lower().strip(",.'’")
        if before not in _AFTER_WHICH_A_DETERMINER_FITS and not is_listed_verb(before):
            return False
    if label.count("(") != label.count(")") or label.count("[") != label.count("]"):
        return False  # "(very high", "trees (of": cut inside a bracket
    if words[0].lower() in {"no", "none", "nil"}:
        return False  # "receive no share of the £75m": what the number is not
    if UNIT_WORDS_RE.match(label):
        return False  # "percentage points since last quarter": the number's unit, not what it measures
    first, last = words[0].lower().strip(",.'’"), words[-1].lower().strip(",.'’")
    if first in _CLAUSE_OPENERS or last in _CLAUSE_CLOSERS:
        return False
    if len(words) >= 3 and words[-2].lower() in _CLAUSE_CLOSERS and last in _CUT_MODIFIERS:
        return False  # "repayment of the remaining": cut before the noun the modifier goes with
    if _PERIOD_WORDS_RE.match(label) or _RUNNING_TOTAL_RE.match(label):
        return False
    finite = _FINITE_RE.search(label)
    if finite and not _COUNTED_WHO_RE.match(label[: finite.start()]):
        return False  # a verb in the label, unless it is in the clause that says who is counted
    if (
        is_listed_verb(words[0])
        and words[0][:1].islower()
        and content_words(label) < 3
        and (len(words) == 1 or content_words(words[1]) == 0)
    ):
        # "spent on", "added to reserves"; "required to deliver savings" names its object, and in
        # "reported overspend" the participle describes the noun after it
        return False
    return bool(re.search(r"[A-Za-z]{3,}", label))


def section_name(title: str, plain: re.Pattern[str] | None) -> str | None:
    """The thing a section is named after ("D) Social Care Grant" -> "Social Care Grant"), or
    ``None`` for a heading that names no thing ("7. FINANCIAL IMPLICATIONS", "Summary") or reads
    as a sentence."""
    name = re.sub(r"^\s*(?:[A-Z]\)|\(?[a-z]\)|\d{1,2}(?:\.\d{1,2})*[.)]?)\s+", "", title or "")
    name = re.sub(r"\s+\d{1,2}(?:\.\d{1,2})*\s*$", "", name).strip(" :.-–")
    name = re.sub(
        r"\s*\([A-Z&/]{2,8}\)$", "", name
    )  # "... Funding (MSIF)": the abbreviation is spelled out elsewhere
    # "Local Authority Better Care Grant (formerly Improved Better Care Fund)": the old name is kept,
    # as a reader searches by either, but the name itself must pass
    former = re.search(r"\s*\((?:formerly|previously|was|also\s+known\s+as)\s+[^()]+\)$", name)
    aside = former.group(0) if former else ""
    name = name[: former.start()] if former else name
    words = name.split()
    if not 1 <= len(words) <= 10 or not re.search(r"[A-Za-z]{3,}", name) or name.isupper():
        return None
    if plain is not None and plain.fullmatch(name.lower()):
        return None
    if (
        _FINITE_RE.search(name)
        or re.search(r"\d", name)
        or not all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)
    ):
        return None  # a sentence or a period, not a thing's name
    return name + aside


def is_title(block: Block, words: LabelWords) -> bool:
    """Is the block a title over what follows: a heading, or a short line that names a thing and
    is no sentence ("F) Adult Social Care Market Sustainability and Improvement Funding (MSIF)",
    which the section reader may take for a list item)?"""
    if block.kind is BlockKind.HEADING:
        return True
    # "C) Local Authority Better Care Grant (formerly Improved Better Care Fund and ASC Discharge
    # Fund)": a closing bracket says more of the name, and is not counted against its length
    text = re.sub(r"\s*\([^()]*\)\s*$", "", block.text.strip())
    if block.kind is not BlockKind.LIST_ITEM or text.endswith((".", ";", ":", ",")) or len(text.split()) > 12:
        return False
    return section_name(text, words.plain_heading) is not None


def finish_label(label: str, section: str | None, words: LabelWords) -> str:
    """The label a reader would write for a prose figure: the owner's possessive dropped, and a bare
    measure word named by its section."""
    m = words.owner.match(label) if words.owner is not None else None
    rest = label[m.end() :] if m else label
    if rest.strip():
        label = rest.strip()
    if (
        section
        and names_a_sum(section, words)
        and _only_measure_words(label, words)
        and section.lower() not in label.lower()
    ):
        # "total allocation" of the Social Care Grant is the "total Social Care Grant allocation";
        # "total grant" is the "total Social Care Grant"
        tokens = label.split()
        while len(tokens) > 1 and tokens[0].lower() in {
            "the",
            "a",
            "an",
            "this",
            "these",
            "its",
            "their",
            "our",
        }:
            tokens = tokens[1:]  # "the remaining" of the grant is the "remaining ... Grant"
        lead = 0
        while lead < len(tokens) and words.modifier is not None and words.modifier.fullmatch(tokens[lead]):
            lead += 1
        head = section.split()[-1].lower().rstrip("s")
        measure = tokens[lead:]
        if measure and measure[0].lower().rstrip("s") == head:
            measure = measure[1:]
        label = " ".join([*tokens[:lead], section, *measure])
    return label


def _only_measure_words(label: str, words: LabelWords) -> bool:
    """Is ``label`` one measure and its modifiers ("total allocation", "additional funding")? Two
    measures together ("savings target", "budget gap") name a thing of their own."""
    if words.measure is None:
        return False
    low = label.lower()
    if words.modifier is not None:
        low = words.modifier.sub(" ", low)
    measures = len(words.measure.findall(low))
    rest = words.measure.sub(" ", low)
    return measures <= 1 and not re.search(
        r"[a-z]{2,}", re.sub(r"\b(?:of|in|for|the|a|an|and|on)\b", " ", rest)
    )


def names_a_thing(label: str, words: LabelWords) -> bool:
    """Can a one-word label stand: is it what is counted or measured ("families", "Admissions",
    "fund"), rather than a measure word ("increase", "average"), a modifier ("net") or an adverb
    ("Additionally") that names nothing?"""
    word = label.strip()
    if not re.fullmatch(r"[A-Za-z][a-z-]{2,}", word) or word.lower() in _CLAUSE_OPENERS:
        return False
    low = word.lower()
    if any(p is not None and p.fullmatch(low) for p in (words.measure, words.modifier, words.plain_heading)):
        return False
    return not low.endswith("ly") and not _PERIOD_WORDS_RE.match(low) and not is_listed_verb(low)


def names_a_rate(section: str, words: LabelWords) -> bool:
    """Is the section named after a rate ("Gender Pay Gap"), so a bare percentage under it is it?"""
    last = section.split()[-1].lower() if section.split() else ""
    return words.rate_name is not None and bool(words.rate_name.fullmatch(last))


def names_a_sum(section: str, words: LabelWords) -> bool:
    """Is the section named after a sum of money ("Social Care Grant", "New Homes Bonus"), so a bare
    measure under it ("the allocation") is of that sum? A topic ("Other Factors") is not."""
    last = section.split()[-1].lower() if section.split() else ""
    return words.sum_name is not None and bool(words.sum_name.fullmatch(last))
