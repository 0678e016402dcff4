"""Reading the words around a number or date in running text: its sentence, its clause, the thing
it measures ("£1.2m in *social work capacity*"), the year it is for, the role words near it.
"""

from __future__ import annotations

import bisect
import functools

import regex as re

from .rules import MetricRule, Rules

_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z£(\d\"'“‘])|\n+")
_CLAUSE_BREAK_RE = re.compile(r"[;,:]\s|\s[–—-]\s|\.\s")
FY_PATTERN = r"(?<![\d/])(?:Q[1-4]\s+)?(?:19|20)\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}(?![\d/])|(?<![\d/])\d{2}/\d{2}(?![\d/])"
_FY_RE = re.compile(FY_PATTERN)
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|no|vs|approx|incl|para|fig|ref)\.$", re.I)

_STOP_WORDS = {
    "which", "that", "who", "where", "to", "so", "and", "but", "while", "whilst", "as", "because", "by",
    "this", "these", "it", "will", "was", "is", "are", "were", "has", "have", "be", "being", "per",
    "from", "until", "through", "via", "with", "including", "compared",
}  # fmt: skip
_LEAD_WORDS = {
    "the",
    "a",
    "an",
    "our",
    "their",
    "its",
    "this",
    "additional",
    "further",
    "total",
    "around",
    "about",
    "over",
    "some",
    "of",
}


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence of ``text`` that holds position ``pos``."""
    starts, ends = _sentence_breaks(text)
    i = bisect.bisect_left(starts, pos)  # breaks before i start before pos
    return (ends[i - 1] if i else 0), (starts[i] if i < len(starts) else len(text))


# the longest abbreviation ("approx.") and the character before it, for its \b
_ABBREVIATION_REACH = 12


@functools.lru_cache(maxsize=16)
def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence break of ``text`` starts and ends, but for a full stop after an
    abbreviation ("e.g. Carers"). Found once per text and kept for the next number in it: a block
    holds many numbers, and finding them again for each (over the whole text before it, too) was
    cubic in a long paragraph (a 60,000-character one took minutes)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _SENTENCE_RE.finditer(text):
        if not _ABBREVIATIONS.search(text[max(0, m.start() - _ABBREVIATION_REACH) : m.start()]):
            starts.append(m.start())
            ends.append(m.end())
    return starts, ends


def clause_before(text: str, pos: int, limit: int = 90) -> str:
    """The words before ``pos`` back to the last clause break (at most ``limit`` characters)."""
    window = text[max(0, pos - limit) : pos]
    breaks = list(_CLAUSE_BREAK_RE.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return window


def label_after(text: str, end: int, max_words: int = 8) -> str:
    """The noun phrase after a number: '£1.2m in social work capacity to support' -> 'social work capacity'."""
    rest = text[end : end + 160]
    m = re.match(r"\s*(?:in|on|for|towards|into|of|to fund|to purchase|to support)\s+(.*)", rest, re.I | re.S)
    phrase = m.group(1) if m else rest
    words: list[str] = []
    for raw in phrase.split():
        word = raw.strip()
        bare = word.strip(",.;:()'\"").lower()
        if not bare:
            break
        if words and bare in _STOP_WORDS:
            break
        if re.match(r"^[£\d]", word) and words:
            break
        words.append(word.rstrip(",.;:)"))
        if re.search(r"[,.;:)]$", word):
            break
        if len(words) >= max_words:
            break
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _STOP_WORDS | {"the", "a", "an", "of", "in", "on", "for", "at"}:
        words.pop()  # "£40.9m in the Oxfordshire system in 2017/18": the year's "in" is not the thing's
    return " ".join(words)


def label_before(text: str, start: int, max_words: int = 8) -> str:
    """The noun phrase a number is the value of: 'the value of the risk share fund is £549,660'."""
    clause = clause_before(text, start, 120)
    m = re.search(
        r"(?:value of|total of|cost of|sum of|budget for|allocation for|allocation of|level of|figure for)?\s*(?:the\s+)?([\w'’&/\- ]{3,80}?)\s+(?:is|was|are|were|of|at|totals?|totalling|stands at|equals|of around|of over|of about|costing|costs|worth|valued at|amounting to|:)\s*(?:around|about|over|approximately|c\.|an estimated|a total of)?\s*$",
        clause,
        re.I,
    )
    if not m:
        return ""
    # "This is a total team costing £1.8m": the phrase is the noun phrase after the last "is a"
    phrase = re.split(r"(?i)\b(?:is|are|was|were)\s+(?=(?:a|an|the|our|their|its)\s)", m.group(1))[-1].strip()
    words = phrase.split()
    # "In 2017/18 the value of the risk share fund is ..." -> "risk share fund"
    if "of" in [w.lower() for w in words[:-1]] and any(
        w.lower() in ("value", "total", "cost", "sum", "level") for w in words
    ):
        words = words[[w.lower() for w in words].index("of") + 1 :]
    while words and (
        words[0].lower() in _LEAD_WORDS | {"we", "it", "which", "in", "for", "by"}
        or re.match(r"^[\d/–-]+$", words[0])
        # "the total is £5m" says nothing more than the section does; "total team cost" does
        or (words[0].lower() in ("value", "total", "cost", "sum") and len(words) == 1)
    ):
        words.pop(0)
    return " ".join(words[-max_words:])


NUMBER_AT_RE = re.compile(r"[£\d][\d,.]*(?:%|[kmb]n?\b)?")
OTHER_NUMBER_RE = re.compile(r"(?<![\w/])[£]?\d[\d,.]*(?![\w/])")


def period_near(text: str, pos: int) -> str | None:
    """The financial year named closest to ``pos`` within its sentence. A year with another number
    between it and ``pos`` is that number's: in "from 11.25 per week in 2016/17 to 11 per week for
    2017/18" the 11 is for 2017/18."""
    s, e = sentence_span(text, pos)
    own = NUMBER_AT_RE.match(text, pos)
    own_end = own.end() if own else pos
    best: tuple[int, str] | None = None
    for m in _FY_RE.finditer(text, s, e):
        if is_compared_year(text, s, m.start()):
            continue  # "an increase of £15.4m on 2021-22": the year compared with, not the sum's
        distance = abs(m.start() - pos)
        if _in_other_bracket(text, s, m.start(), pos, own_end):
            continue  # "(... removal of unachieved savings in 2024-25)": the aside's own year
        between = text[m.end() : pos] if m.end() <= pos else text[own_end : m.start()]
        if OTHER_NUMBER_RE.search(between):
            distance += 1000
        elif m.end() <= pos and follows_a_number(text[s : m.start()]):
            distance += 500  # "11.25 per week in 2016/17 to 11 ...": that year is the 11.25's
        if best is None or distance < best[0]:
            best = (distance, m.group(0))
    return best[1] if best else None


def _in_other_bracket(text: str, start: int, at: int, pos: int, own_end: int) -> bool:
    """Is ``at`` inside a bracket that ``pos`` is not in (within the sentence from ``start``), and
    that is not the number's own aside ("£10m (2024-25)")?"""
    opened = text.rfind("(", start, at)
    if opened < 0 or ")" in text[opened:at] or own_end <= opened and not text[own_end:opened].strip():
        return False
    closed = text.find(")", at)
    return closed > 0 and not opened < pos < closed


# The words before a year a number is compared with ("£15.4m more than 2021-22", "the same value in
# cash terms as 2024-25") or a sum came from ("£2.346bn rolled forward from 2022-23"). "on" and
# "over" count only after a change ("an increase of £15.4m on 2021-22", "the increase ... over
# 2024-25 is 7.04%"): alone they start a span ("£600m over 2023-24 and 2024-25").
_COMPARED_WITH_RE = re.compile(
    r"(?i)(?:\b(?:compared\s+(?:to|with)|(?:in\s+)?comparison\s+(?:to|with)|against|above|below|than|vs\.?|"
    r"versus|from(?=\s+the\s+same\b)|same\b[\w\s]{0,40}?\bas|"
    r"(?:(?:rolled|brought|carried)\s+forward|roll-?over)\b[\w\s]{0,30}?\bfrom)"
    r"|\b(?:increas|rise|rising|rose|grow|reduc|decreas|fall|fell|drop|chang|uplift|up\b|down\b)\w*"
    r"(?:[^.;:]|\.(?=\d)){0,60}?\b(?:on|over))"
    r"\s+(?:the\s+)?(?:(?:(?:same|comparable|equivalent|corresponding)\s+)?(?:quarter|period|month|figure|amount)\s+"
    r"(?:[1-4],?\s+)?(?:(?:of|in|last|for)\s+)?)?"
    r"(?:Q[1-4],?\s+)?$"
)
# "the same value as 2024-25, 2023-24 and 2022-23": every year of the list is compared with
_YEAR_LIST_GAP_RE = re.compile(r"(?i)^\s*(?:,|,?\s*(?:and|or|&))\s*$")


def is_compared_year(text: str, start: int, year_at: int) -> bool:
    """Is the year at ``year_at`` one a number is compared with, not the number's own period?"""
    if _COMPARED_WITH_RE.search(text, start, year_at):
        return True
    previous = list(_FY_RE.finditer(text, start, year_at))
    if previous and _YEAR_LIST_GAP_RE.match(text[previous[-1].end() : year_at]):
        return is_compared_year(text, start, previous[-1].start())
    return False


def dated_by_another_number(text: str, pos: int, start: int, end: int) -> bool:
    """Is the date at ``start:end`` another number's rather than the one at ``pos``: written after
    a number that stands between them ("169 have waited, up from 113 in April 2025")? Before the
    number, a date is another's only just after it ("from 5.25% at the beginning of the year");
    "By the end of September 2024 ... £54.1m (29.98%)" dates the whole sentence."""
    if end <= pos:
        s = sentence_span(text, start)[0]
        before = _NOT_QUANTITIES_RE.sub(" ", text[s:start])
        if re.fullmatch(r"(?i)\s*(?:to|and)\s*", text[end:pos]) and OTHER_NUMBER_RE.search(before):
            return True  # "from 60.4% of the population in 2022 to 57.4% in 2035": the first end's year
        return follows_a_number(before)
    own = NUMBER_AT_RE.match(text, pos)
    between = _NOT_QUANTITIES_RE.sub(" ", text[own.end() if own else pos : start])
    # "60.4% (539,000) of the resident population in 2022": the bracket restates the number, and
    # the date is of both
    between = _OWN_ASIDE_RE.sub(" ", between, count=1)
    return bool(OTHER_NUMBER_RE.search(between))


_OWN_ASIDE_RE = re.compile(r"^\s*\([^()]{0,30}\)")


# what is not a quantity between a number and a date: other years ("2023 & 2024", "from 2018 to
# 2022") and spans ("the 12 months to December 2024")
_NOT_QUANTITIES_RE = re.compile(
    r"(?i)(?<![\d£$.,])(?:19|20)\d{2}(?:[/-]\d{2,4})?(?![\d%])|\b\d{1,3}[-\s](?:months?|weeks?|years?|days?)\b"
)


def follows_a_number(before: str) -> bool:
    """A year written just after another number ("11.25 per week in") belongs to that number."""
    numbers = list(OTHER_NUMBER_RE.finditer(before))
    return bool(numbers) and len(before[numbers[-1].end() :].split()) <= 5


_ROLE_CLAUSE_JOIN_RE = re.compile(r"\s(?:before|after|while|whereas|but)\s")


def role_near(text: str, pos: int, rules: Rules) -> str | None:
    """'target', 'baseline' or 'actual' when the words just before a number say so; 'other' when
    they say it is neither ('forecast outturn')."""
    clause = clause_before(text, pos, 70).lower()
    # "CPI inflation hitting its target in June before edging above it to 2.2%": a role said in an
    # earlier clause is that clause's number's, not this one's
    joined = list(_ROLE_CLAUSE_JOIN_RE.finditer(clause))
    if joined:
        clause = clause[joined[-1].end() :]
    found: list[tuple[int, int, str]] = []
    for rule, pattern in rules.compiled["metric_words"]:
        assert isinstance(rule, MetricRule)
        if rule.kind != "role":
            continue
        for m in pattern.finditer(clause):
            # the nearest phrase wins, and of two ending together the longer ("forecast outturn"
            # over "outturn")
            found.append((m.end(), m.end() - m.start(), rule.value))
    if not found:
        return None
    return max(found)[2]
