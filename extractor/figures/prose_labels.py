"""What a number in prose measures: the noun phrase a reader would name it by.

A sentence says what a number is in a handful of ways, and each is a rule here with its own id:

- ``prose.np-before``: the phrase before a linking word: "an increase in *core spending power* of
  7.04%", "the *Council's share of this additional allocation* is £12.8m", "taking the *total
  social care grant* to £1.71bn";
- ``prose.change``: a change the verb states: "*library issues* have risen by 1%" is the increase in
  library issues;
- ``prose.measure-noun``: a sum followed by what it is: "the £9.9m *underspend in the CYPE
  directorate*", "a 5% *increase in the minimum rate*";
- ``prose.purpose``: a sum and what it is for: "£1.2m *in social work capacity*";
- ``prose.count-noun``: a count and the things counted: "1,449 *families*", "over 6,000 *petition
  signatures*";
- ``prose.share-of``: a percentage of a whole: "1.6% of *the revenue budget*" is a share of it;
- ``prose.amount-of``: a sum or count of a thing: "£80.3m of *savings are forecast to be achieved*";
- ``prose.aside``: a name and its sum in brackets: "*the Chief Executive's Department* (£1.2m)";
  a percentage in brackets after a sum ("£33.8m (-8.6%)") measures the same thing;
- ``prose.breakdown``: the parts of a sum listed in brackets after it: "the total NUE investment
  has increased to £107.6m (*£61.7m from KCC recycled loans* and £45.9m from private sector
  leverage)" is the NUE investment from KCC recycled loans; "(16 completed)", "(6.31% excluding
  National Insurance grant)", "(74.4% of total funding)";
- ``prose.subject``: the sentence's subject, when nothing nearer says.

No statistical parser is used (the extractor runs without a model, see ``nlp.py``): the phrase
is read between words that cannot be inside a noun phrase: verbs, conjunctions, pronouns, clause
punctuation, other numbers. Each reading gets a confidence; the reconcile step weighs them
against the record passes' readings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from ..dates import period_of_date
from ..numbers import GBP, PERCENT, ParsedNumber, is_time_of_parts
from ..periods import MONTH_WORDS, period_of
from ..units import RATIO, RATIO_WORDS, UNIT_WORDS_RE

# the name of a month, or its abbreviation: when, never what a number measures
_MONTH_NAME = rf"(?:{MONTH_WORDS})"

_DETERMINERS = {
    "the", "a", "an", "this", "these", "that", "those", "its", "their", "our", "his", "her", "such",
    "any", "each", "every", "some", "all", "both", "which", "whose",
}  # fmt: skip
_PREPOSITIONS = {
    "of",
    "in",
    "for",
    "on",
    "at",
    "from",
    "within",
    "across",
    "via",
    "per",
    "under",
    "into",
    "towards",
}
_CONJUNCTIONS = {
    "and", "or", "but", "which", "that", "who", "whom", "where", "when", "while", "whilst", "as",
    "because", "if", "than", "so", "it", "we", "they", "there", "he", "she", "you", "i", "us", "them",
    "with", "without", "by", "to", "not", "also", "however", "although", "though", "including",
    "compared", "against", "between", "after", "before", "since", "until", "during", "around",
    "about", "approximately", "circa", "c.", "over", "nearly", "almost", "only", "just", "further",
    "then", "now", "still", "already", "e.g.", "i.e.", "etc", "whereas", "unless", "whether",
}  # fmt: skip
_VERBS = {
    "is", "was", "are", "were", "be", "been", "being", "am", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "has", "have", "had", "do", "does", "did", "include", "includes",
    "included", "represents", "represent", "represented", "remains", "remain", "remained", "stands",
    "stood", "totals", "totalled", "totaled", "equates", "equate", "means", "meant", "make",
    "makes", "made", "take", "takes", "took", "taken", "taking", "give", "gives", "gave", "given",
    "provide", "provides", "provided", "providing", "receive", "receives", "received", "rise", "rises",
    "rose", "risen", "fall", "falls", "fell", "fallen", "grow", "grows", "grew", "grown", "reach",
    "reaches", "reached", "relates", "relate", "related", "sets", "set", "shows", "show", "showed",
    "see", "sees", "saw", "seen", "allocated", "allocate", "allocates", "invest", "invests",
    "invested", "spend", "spends", "spent", "need", "needs", "needed", "requires", "require",
    "required", "reflects", "reflect", "reflected", "increasing", "increased", "increases",
    "reducing", "reduced", "reduces", "decreased", "decreasing", "added", "confirmed", "confirms",
    "announced", "estimated", "expected", "forecast", "forecasts", "achieved", "delivered",
    "agreed", "approved", "proposed", "planned", "reported", "resulting", "results", "leaving",
    "leaves", "bringing", "brings", "brought", "meaning", "contributing", "contributes",
    "continues", "continue", "continued", "maintained", "exceed", "exceeds", "exceeded", "costs",
    "cost", "costing", "amounting", "amounts", "comprising", "comprises", "comprised", "became",
    "become", "becomes", "lead", "leads", "led", "returned", "return", "create", "created",
    "creating", "approve", "note", "notes", "noted", "agree", "supports", "support", "supported",
    # irregular past forms that never end a noun phrase ("the team learnt of a new allocation")
    "learnt", "sought", "told", "knew", "said", "thought", "wrote", "heard", "felt", "began", "chose",
    "went", "understood", "dealt",
}  # fmt: skip
# -ed and -ing words that name things in these papers rather than say what happens
_NOUNS_IN_VERB_FORM = {
    "funding", "spending", "housing", "planning", "training", "building", "buildings", "borrowing",
    "financing", "earnings", "meeting", "rating", "saving", "savings", "nursing", "parking",
    "staffing", "commissioning", "learning", "wellbeing", "safeguarding", "banding", "setting",
    "settings", "ring-fenced", "need", "bed", "red", "shared", "dedicated", "integrated", "related",
    "unallocated", "ringfenced", "underlying", "outstanding", "opening", "closing",
    "remaining", "existing", "ongoing", "one-off", "undelivered", "delayed", "assessed", "supported",
    "commissioned", "retained", "accrued", "combined", "revised", "projected", "budgeted", "planned",
    "forecast", "estimated", "additional", "expected",
}  # fmt: skip
# the words that hedge a number just before it ("over 6.9k", "just under 5%", "c. £300m")
_APPROX = (
    r"(?:(?:just\s+)?(?:under|over|around|about|almost|nearly|some|approximately|approx\.?|circa|c\.|"
    r"more\s+than|less\s+than)\s*)"
)
_LINKER_RE = re.compile(
    r"(?i)(?:\b(?:(?:is|was|are|were|be)\s+(?:equivalent|equal)\s+to|"
    r"(?:(?:should|would|will|could|must|may|might)\s+)?(?:equate|amount)\s+to|"
    r"is|was|are|were|be|been|will\s+be|would\s+be|remains?|remained|stands?(?:\s+at)?|stood\s+at|"
    r"totall?(?:ed|ing|s)?|amounts?\s+to|amounting\s+to|equates?\s+to|equating\s+to|represents?|"
    r"(?<=,\s*(?:now\s+)?)(?:raising|generating|yielding)|"
    r"reached|of|at|to|from|as|costing|costs?|worth|valued\s+at|estimated\s+at|set\s+at|"
    r"(?:ranged|ranging|ranges|varied|varying|varies)\s+(?:between|from)|between|"
    r"budgeted\s+at|forecast\s+to\s+be|now)|[:=])\s*"
    r"(?:(?:around|about|approximately|approx\.?|circa|c\.|some|almost|nearly|over|under|more\s+than|"
    r"less\s+than|up\s+to|at\s+least|an\s+estimated|a\s+total\s+of|a\s+further|an\s+additional|"
    r"a|an|the|only|just|just\s+over|just\s+under|in\s+excess\s+of)\s+)*[+\-]?$"
)
# the linkers that may follow a comma or a relative pronoun and still give the phrase's sum
_APPOSED_LINKER_RE = re.compile(
    r"(?i)(?:totall?(?:ed|ing|s)?|amount(?:s|ing)?\s+to|(?P<cost>costing|costs?)|worth|valued\s+at|"
    r"raising|generating|yielding)\b"
)
_CLAUSE_VERB_RE = re.compile(r"(?i)\b(?:has|have|had|is|are|was|were|been)\b")
# "the residual deficit estimated to total over £80m", "the balance ranged between £443.1m and":
# the hedge or the range verb sits between the phrase and its linking word
_HEDGE_TAIL_RE = re.compile(
    r"(?i)\s+(?:(?:is|are|was|were)\s+)?(?:(?:estimated|expected|forecast|projected|likely|due|set)\s+to|"
    r"(?:ranged|ranging|ranges|varied|varying|varies)(?:\s+between)?)\s*$"
)
# "the pooled fund investments over the 6 months since 31 March 2024 is": when, not what; the
# period has its own column
_WHEN_TAIL_RE = re.compile(
    r"(?i)\s+(?:over|during|in|for|since|at\s+the\s+end\s+of|as\s+at|at|by)\s+(?:the\s+)?"
    r"(?:(?:first|last|past|next)\s+)?(?:\d{1,2}\s+months?\s+(?:since|to|ending|ended)\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH_NAME}\s+)?"
    r"(?:(?:19|20)\d{2}(?:[-/–]\d{2,4})?|Q[1-4]|quarter\s+[1-4])\s*$"
)
# nouns that are verbs as often: after them "of £5m" says they are the thing measured
_NOUN_OR_VERB = {
    "return", "returns", "cost", "costs", "spend", "rise", "fall", "need", "needs", "support",
    "transfer", "increase", "decrease", "drawdown", "charge", "payment", "estimate", "forecast",
    "result", "results", "total", "balance", "contribution",
}  # fmt: skip
# words that qualify a measure noun ("annual cost", "net return")
_MEASURE_MODIFIERS = {
    "net", "gross", "cash", "one-off", "ongoing", "recurrent", "additional", "further", "total",
    "annual", "estimated", "forecast", "projected", "potential", "overall", "average", "in-year",
    "full-year", "capital", "revenue", "unit", "running", "weekly", "monthly",
}  # fmt: skip
# adjectives that say which version of a sum, before its participle: "the final approved budget"
_STAGE_ADJECTIVES = {"final", "original", "initial", "latest", "current", "draft", "previously", "newly"}
_CHANGE_RE = re.compile(
    r"(?i)\b(?P<verb>increas(?:e|ed|es|ing)|r(?:ise|ose|isen|ises|ising)|gr(?:ow|ew|own|ows|owing)|"
    r"f(?:all|ell|allen|alls|alling)|decreas(?:e|ed|es|ing)|reduc(?:e|ed|es|ing)|dropped|drop|declined?)"
    r"(?:\s+(?P<where>[a-z]+ly))?"  # "has increased nationally by £283m"
    r"\s+(?:by\s+)?(?:(?:around|about|approximately|almost|nearly|over|just\s+over|a\s+further)\s+)?[+\-]?$"
)
# "increased nationally by": a change said of the whole country (or area), not of this body's share
_SCOPE_ADVERBS = {"nationally": "national", "locally": "local", "regionally": "regional"}
_AUX_TAIL_RE = re.compile(
    r"(?i)(?:\s+(?:has|have|had|will|would|is|are|was|were|been|be|being|now|also|further|"
    r"significantly|slightly|overall|currently|already))+\s*$"
)
_MOVE_TAIL_RE = re.compile(
    r"(?i)\s+(?:increased|decreased|risen|rose|fallen|fell|grown|grew|reduced|dropped|reached|"
    r"climbed|moved|changed|gone\s+(?:up|down)|come\s+down)\s*$"
)
_CHANGE_OBJECT_RE = re.compile(
    r"(?i)\b(?P<verb>increas|reduc|decreas|rais|cut)\w*\s+(?P<np>[^,;:()£\d]{3,80}?)\s+by\s+"
    r"(?:(?:around|about|approximately|almost|nearly|over|a\s+further)\s+)?[+\-]?$"
)
# the noun of a change verb, by the verb's stem ("reduced" -> "reduction", "rose" -> "increase")
_CHANGE_NOUNS = (
    ("reduc", "reduction"), ("decreas", "decrease"), ("declin", "decrease"), ("drop", "decrease"), ("f", "fall"),
    ("c", "cut"), ("", "increase"),
)  # fmt: skip


# after "a reduction of 9.3%": its count in brackets, then the base it is measured from
_CHANGE_BASE_RE = re.compile(
    r"(?i)\s*(?:\([^()]{0,20}\)\s*)?(?:from|on|in)\s+(?!comparison\b|line\b|total\b)(?:the\s+|a\s+)?"
    r"(?P<n>[£$]?\d[\d,.]*\s*(?=[a-z]))?"
)


def _change_noun(verb: str) -> str:
    low = verb.lower()
    return next(noun for stem, noun in _CHANGE_NOUNS if low.startswith(stem))


_MEASURE_NOUNS = (
    r"increase|decrease|reduction|rise|fall|cut|uplift|growth|underspend|overspend|under-spend|"
    r"over-spend|saving|savings|pressure|pressures|shortfall|deficit|surplus|contribution|"
    r"contributions|investment|grant|budget|allocation|income|funding|spend|cost|costs|gap|"
    r"variance|award|payment|payments|loan|loans|share|return|improvement|deterioration|"
    r"reserve|reserves|balance|drawdown|transfer|rate|target|increment|premium|charge|fee|fees|adjustment|"
    r"adjustments"
)
_MEASURE_NOUN_RE = re.compile(
    r"(?i)^\s*\)?\s*(?:(?:net|gross|real[\s-]terms|cash|one-off|ongoing|recurrent|additional|further|"
    r"total|annual|estimated|forecast|projected|potential|overall|average|in-year|full[\s-]year)\s+)*"
    r"(?:" + _MEASURE_NOUNS + r")\b"
)
_RESERVE_MOVE_RE = re.compile(
    r"(?i)^\s*\)?\s*(?:(?:drawn|taken|transferred|released)\s+)?(from|to|into)\s+(?:the\s+)?"
)
_OUT_OF_NUMBER = (
    r"(?:a\s+(?:total|possible|maximum)\s+of\s+)?[£$]?\d[\d,]*(?:\.\d+)?\s*(?:%|bn|[kmb]\b|million|billion)?"
)
# "for every £1 earned by the median earner the Chief Executive earns £6.92", "for every £1 invested
# in prevention, £4 is saved": the sum per pound of another, named by what it is and what the pound is
_PER_POUND_BEFORE_RE = re.compile(
    r"(?i)\bfor\s+(?:every|each)\s+£\s?1\s+(?P<how>[a-z]+ed)\s+(?P<prep>by|for|on|in)\s+(?:the\s+)?"
    r"(?P<who>[^,£.;]{3,60}?)\s*,?\s+(?:the\s+)?(?P<subj>(?-i:[A-Z])[\w’' ]{1,40}?)\s+"
    r"(?P<verb>earns|saves|returns|generates)\s+$"
)
_PER_POUND_AFTER_RE = re.compile(
    r"(?i)^\s+(?:is|are|will\s+be|would\s+be|could\s+be)\s+(?P<verb>earned|saved|returned|generated)\b"
)
_PER_POUND_LEAD_RE = re.compile(
    r"(?i)\bfor\s+(?:every|each)\s+£\s?1\s+(?P<how>[a-z]+ed)(?P<what>\s+(?:in|on|into)\s+[^,£.;]{3,60}?)?\s*,\s*$"
)
_RATIO_WORD_RE = re.compile(r"(?i)\b" + RATIO_WORDS + r"s?\b")
_RATIO_NAMED_RE = re.compile(
    r"(?i)(?:^|[,;]\s*|\b(?:the|a|an|our|its)\s+)(?P<what>(?:[\w’'-]+\s+){0,3}?" + RATIO_WORDS + r"\b"
    r"(?:[^.;:]|(?<=\b[a-z])\.){0,140}?)\s+(?:is|was|are|were|stands\s+at|remains|of)\s+$"
)
_RATIO_ONE_BEFORE_RE = re.compile(r"\b1\s*(?:to|:)\s*$")
_VERB_NOUNS = {"earn": "earnings", "save": "savings", "return": "return", "generat": "value generated"}


def _verb_noun(verb: str) -> str:
    return next(noun for stem, noun in _VERB_NOUNS.items() if verb.lower().startswith(stem))


_OUT_OF_RE = re.compile(r"(?i)^\s+out\s+of\s+" + _OUT_OF_NUMBER)
_OUT_OF_BEFORE_RE = re.compile(r"(?i)\bout\s+of\s+(?:a\s+(?:total|possible|maximum)\s+of\s+)?[£$]?$")
_OUT_OF_SAID_RE = re.compile(r"(?i)^\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+")
_FROM_RE = re.compile(r"(?i)^\s*\)?\s*from\s+")
_RESERVE_HEADS = {"reserve", "reserves", "balances"}
_PURPOSE_RE = re.compile(r"(?i)^\s*\)?\s*(?:in|on|for|towards|into|to\s+fund|to\s+support|to\s+purchase)\s+")
_OF_RE = re.compile(r"(?i)^\s*(?:of|in)\s+")
_BECAUSE_OF_RE = re.compile(
    r"(?i)^\s*\)?\s*(?:reflecting|relating\s+to|related\s+to|due\s+to|arising\s+from|resulting\s+from|"
    r"attributable\s+to|from)\s+(?:the\s+|a\s+|an\s+)?"
)
_ROLE_ONLY_RE = re.compile(
    r"(?i)(?:(?:from|a|the|our|an|its)\s+)*(?:baseline|target|trajectory|ambition|plan|actual|forecast)s?"
)
_CONTENT_RE = re.compile(r"[A-Za-z]{2,}")
# "of this", "of which", "of the increase": a word pointing back to a sum already named
_OF_POINTER_RE = re.compile(
    r"(?i)\s*(?:(?:this|that|these|those|which|it|them)\b|the\s+(?:increase|total|above|sum|amount)\b"
    r"(?!\s+(?!(?:of|in|for|is|was|by|and|to|at|on)\b)[a-z]))"  # "of the total population" names its whole
)
# "income along with associated spending", "as well as": the phrase ends before what is added to it
_CLAUSE_STOP_RE = re.compile(
    r"[;:()\[\]–—]|,(?!\s*[A-Z][\w'’&-]*\s)|\s-\s|\.(?=\s|$)"
    r"|\s(?:along|together)\s+with\b|\sas\s+well\s+as\b|\salongside\b"
)
# the hedge a writer puts before a number ("around 60", "nearly 1,000"): not part of any phrase
_ABOUT = r"(?:(?:around|about|approximately|roughly|over|almost|nearly)\s+)?"
# "with 898 requested", "and 12 approved": a participle straight after the number, no noun between
# (not "£1.5bn proposed net budget", "£350k based on": a participle before a noun or its own
# complement describes something else)
_BARE_PARTICIPLE_RE = re.compile(
    r"^\s+([a-z]{3,}ed)(?=\s*(?:[,.;)]|$)|\s+(?:in|during|so\s+far|to\s+date|this|last|at\s+the\s+end|by\s+the\s+end)\b)"
)
_WHICH_PEOPLE_RE = re.compile(r"(?i)\s+(with|without|aged|living\s+(?:in|with|alone))\s+")
_RANGE_UPPER_RE = re.compile(r"\s*(?:-|–|to)\s*[£]?\d[\d,.]*%?")
# "a further £300m", "an additional £0.080bn": more of something the clause goes on to name
_MORE_BEFORE_RE = re.compile(r"(?i)\b(?:a|an)\s+(further|additional|extra)\s+$")
# "are at Possingham Farm, Ashford": a place, and the town it is in
_AT_PLACE_RE = re.compile(r"\b(?:at|in)\s+(?P<place>(?-i:[A-Z])[\w’'&-]*(?:,?\s+(?-i:[A-Z])[\w’'&-]*){0,4})$")
_NAMED_BRACKET_RE = re.compile(
    r"(?:,|\band)\s+(?P<name>(?-i:[A-Z])[\w’'&-]*(?:,?\s+(?-i:[A-Z])[\w’'&-]*){0,4})\s*\(\s*$"
)
# "giving a Green RAG rating of 94%", "rated Amber at 82%"
_RAG_OF_BEFORE_RE = re.compile(
    r"(?i)\b(?:(?:green|amber|red)\s+(?:RAG\s+)?|RAG\s+)(?:rating|status)\s+(?:of|at)\s+$"
    r"|\brated\s+(?:green|amber|red)\s+(?:at|with)\s+$"
)
_TOTALLING_BEFORE_RE = re.compile(r"(?i)\b(?:totalling|totaling|amounting\s+to|comprising)\s+" + _ABOUT + "$")
_BEING_DONE_RE = re.compile(r"(?i)^\s+being\s+(?P<done>[a-z]+ed)\b")
_A_TOTAL_OF_RE = re.compile(r"(?i)\ba\s+total\s+of\s+" + _ABOUT + "$")
_TOTAL_SCOPE_BEFORE_RE = re.compile(
    r"(?i)\b(?:the|its|our|their)\s+(?:overall\s+|cumulative\s+)?total\s+(?P<scope>(?:over|since|during|across)\s+"
    r"[^,;:£\d]{2,60}?(?:\s(?:19|20)\d{2})?)\s+to\s+" + _ABOUT + "$"
)
_RUNNING_TOTAL_AFTER_RE = re.compile(
    r"(?i)(?:\s+(?:was|were|is|are|has\s+been|have\s+been)\s+[a-z]+ed(?:\s+(?:to|into|in)\s+[^,.;£()]{3,50}?)?)?"
    r"\s*,?\s*(?:taking|bringing|making|raising|increasing|lifting)\s+(?:the|its|our|their)\s+"
    r"(?:overall\s+|total\s+)+(?P<what>[^.;:()\d£]{3,80}?)\s+to\b"
)
_ASIDE_RE = re.compile(r"\s*\((?=[^()]*\s[^()]*\s[^()]*\s)[^()\d£%]{16,}\)(?=\s+[a-z])")
_PERIOD_WORD_RE = re.compile(r"^(?:19|20)?\d{2}[-/–](?:19|20)?\d{2}$|^(?:19|20)\d{2}$")
# "total grant for 2024-25", "net revenue budget 2025-26": the period goes in its own column
_PERIOD_TAIL_RE = re.compile(
    r"(?i)\s*(?:\b(?:for|in|of|from|during|at\s+the\s+end\s+of|by)\s+)?(?:the\s+)?(?:(?:financial|calendar)\s+year\s+)?"
    r"(?:Q[1-4]\s+)?(?:(?:19|20)?\d{2}[-/–](?:19|20)?\d{2}\s*(?:to|-|–)\s*)?(?:19|20)?\d{2}[-/–](?:19|20)?\d{2}$"
)  # "for 2025-26", "for 2025-26 to 2034-35"
_WORD_RE = re.compile(r"[£$]?[\w'’&/.+-]*[\w%]|[,&]")


@dataclass(frozen=True)
class LabelReading:
    """A label for one number: the phrase, the measure it names (the phrase less role words), the
    rule that read it and how sure the rule is."""

    label: str
    rule_id: str
    confidence: float
    # the period the reading itself gives the number, "" for none ("the previous Quarter (5,869)":
    # not the sentence's quarter); None leaves the period to the sentence
    period: str | None = None


def content_words(label: str) -> int:
    """Words that name something (not a determiner, preposition or conjunction)."""
    return sum(
        1
        for w in label.split()
        if _CONTENT_RE.search(w)
        # "IT reserve", "US rates": an acronym names something even when it spells a function word
        and (w.lower() not in _DETERMINERS | _PREPOSITIONS | _CONJUNCTIONS | {"&", "s", "per"} or w.isupper())
    )


def read_labels(
    text: str, number: ParsedNumber, sentence: tuple[int, int], previous: tuple[ParsedNumber, str] | None
) -> list[LabelReading]:
    """Every reading the rules find for ``number`` in ``text``, most confident first.

    Args:
        text: the block's text.
        number: the number, with its span in ``text``.
        sentence: the span of the number's sentence.
        previous: the number read just before in the same sentence and its label.
    """
    s, e = sentence
    before = text[s : number.start]
    one = _RATIO_ONE_BEFORE_RE.search(before) if number.unit == RATIO else None
    if one:
        before = before[: one.start()]  # "is 1 to 6.92": the ratio's words end before its "1"
    at = s + len(before)
    end = number.end + 1 if text[number.end : number.end + 1] == ")" else number.end
    upper = _RANGE_UPPER_RE.match(text, end, e) if number.comparator == ">=" else None
    if upper:
        end = upper.end()  # "2-4% of the population": the range's words come after its upper end
    after = text[end:e]
    if number.unit not in (GBP, PERCENT):
        after = _TIMES_RE.sub(" ", after, count=1)  # "2 x Extreme risks": two of them
    out: list[LabelReading] = []

    def add(label: str, rule: str, confidence: float, period: str | None = None) -> None:
        label = _tidy(label)
        if label.lower() in _PARTICLES:
            return  # "45 out of 50": a particle of the phrase before the number, not a noun
        if _ROLE_ONLY_RE.fullmatch(label):
            return  # "(from a baseline of 5,210)": says the number's role, not what it measures
        if label and content_words(label) >= 1 and label.lower() not in {r.label.lower() for r in out}:
            # a one-word phrase ("overspend") is a start a reader still has to complete
            out.append(
                LabelReading(
                    label, rule, confidence if content_words(label) >= 2 else confidence * 0.5, period
                )
            )

    # "£33.8m (-8.6%)", "a total income return of £54.1m, 29.98%": the percentage beside a sum
    # measures what the sum does
    if previous is not None and previous[1] and re.search(r"\(\s*[+\-]?$", before):
        if text[previous[0].end : number.start].strip(" ") == "(":
            add(_with_part(previous[1], after), "prose.aside", 0.75)
    if previous is not None and previous[1] and number.unit == PERCENT and previous[0].unit != PERCENT:
        if re.fullmatch(r"\s*,\s*[+\-]?", text[previous[0].end : number.start]):
            add(previous[1], "prose.aside", 0.78)
    per = _PER_POUND_BEFORE_RE.search(before)
    if per:
        who = " ".join(per.group("who").split())
        add(
            f"{per.group('subj')} {_verb_noun(per.group('verb'))} for every £1 {per.group('how')} "
            f"{per.group('prep')} {who}",
            "prose.per-pound",
            0.9,
        )
    lead, done = _PER_POUND_LEAD_RE.search(before), _PER_POUND_AFTER_RE.match(after)
    if lead and done:
        what = " ".join((lead.group("what") or "").split())
        add(
            f"{_verb_noun(done.group('verb'))} for every £1 {lead.group('how')} {what}".strip(),
            "prose.per-pound",
            0.9,
        )
    part, whole = _OUT_OF_RE.match(after), _OUT_OF_BEFORE_RE.search(before)
    if part or whole:
        # "£85.3m out of £209.6m (40.7%) of core funded spending growth was through demand and cost
        # drivers", "45 out of 50 schools were rated good": the whole is what the phrase after it
        # names; the part is that phrase with what the clause says of the part
        rest = after[part.end() :] if part else after
        rest = re.sub(r"^\s*\([^()]*\)", "", rest)
        of = re.match(r"(?i)\s*of\s+(?:the\s+|all\s+)?", rest)
        thing = _np_after(rest[of.end() :] if of else rest, limit=8)
        thing = re.sub(r"(?i)\s+(?:" + "|".join(sorted(_AUXILIARIES)) + r")\b.*$", "", thing)
        if content_words(thing) >= 1 and not _TIME_WORD_RE.match(thing):
            if whole:
                one = content_words(thing) == 1 and number.unit not in (GBP, PERCENT)
                add(f"number of {thing}" if one else thing, "prose.out-of", 0.85)
            else:
                tail = rest[rest.find(thing) + len(thing) :] if thing in rest else ""
                said = _OUT_OF_SAID_RE.match(tail)
                predicate = _state_words(tail[said.end() :], limit=8) if said else ""
                add(f"{thing} {predicate}".strip(), "prose.out-of", 0.85 if predicate else 0.5)
    done = _BARE_PARTICIPLE_RE.match(after)
    if done and previous is not None and previous[1] and done.group(1).lower() not in _NOUNS_IN_VERB_FORM:
        # "796 carer assessments were completed, with 898 requested in the quarter": the same
        # things, in the state the participle says
        said = re.sub(r"\s+[a-z]{3,}ed$", "", previous[1])
        add(f"{said} {done.group(1).lower()}", "prose.shared-state", 0.8)
    rag = _RAG_OF_BEFORE_RE.search(before)
    if rag and previous is not None and previous[1] and number.unit == PERCENT:
        # "3,058 out of a possible 3,243 giving a Green RAG rating of 94%": the measure's rate, which
        # the rating colours
        measure = _MEASURE_OF_RE.sub("", previous[1]).strip()
        add(measure if previous[0].unit == PERCENT else f"share of {measure}", "prose.rag-of", 0.86)
    being = _BEING_DONE_RE.match(after) if number.unit not in (GBP, PERCENT) else None
    if being and _A_TOTAL_OF_RE.search(before):
        # "levels of planning applications received continued ... with a total of 26 being received":
        # the things the sentence said were received
        done = being.group("done")
        said_before = [m for m in re.finditer(rf"(?i)\b{re.escape(done)}\b", before)]
        if said_before:
            np = _np_before(before[: said_before[-1].start()])
            things = re.split(r"(?i)\bof\s+", np)[-1].strip() if np else ""
            if content_words(things) >= 1:
                add(f"{things} {done}", "prose.being-done", 0.8)
    scoped = _TOTAL_SCOPE_BEFORE_RE.search(before)
    if scoped and previous is not None and previous[1]:
        # "106 long term empty properties ..., bringing the total over the last nine months to 363,
        # and the total since the programme began in 2005 to 8,607": the same things, over a span
        scope = " ".join(scoped.group("scope").split())
        since = re.match(r"(?i)since\b.*\b((?:19|20)\d{2})$", scope)
        scope = f"since {since.group(1)}" if since else scope  # "since the programme began in 2005"
        things = re.sub(r"\s*\([^()]*\)$", "", previous[1])  # without the last one's bracket
        add(f"{things} (total {scope})", "prose.total-over", 0.85, "")  # the span is not the quarter
    more, running = _MORE_BEFORE_RE.search(before), _RUNNING_TOTAL_AFTER_RE.match(after)
    if more and running and number.unit == GBP:
        # "a further £300m taking the total social care grant to £1.71bn": more of what the total is of
        what = _np_after(running.group("what"), limit=6)
        if content_words(what) >= 1 and not _TIME_WORD_RE.match(what):
            add(f"{more.group(1).lower()} {what}", "prose.more-of", 0.8)
    by = _CHANGE_IN_BY_RE.search(before)
    if by:
        # "an overall reduction in average speeds by just under 5%": the change the number sizes
        what = _np_after(by.group("what"), limit=8)
        if content_words(what) >= 1 and not _TIME_WORD_RE.match(what):
            add(f"{by.group('noun').lower()} in {what}", "prose.change", 0.82)
    level = _LEVEL_OF_RE.search(before)
    if level:
        # "the working capital position remains at the 31/03/2024 level of £300m": the subject's level
        who = _np_before(_AUX_TAIL_RE.sub("", before[: level.start()]))
        if content_words(who) >= 2:
            # "the 31/03/2024 level": the date the level is of is the number's
            add(who, "prose.level-of", 0.82, period_of_date(level.group(0)))
    part_of = _OF_WHOM_RE.match(after)
    if part_of and previous is not None and content_words(previous[1]) >= 1:
        # "952 new starters were identified, 86 of whom began a period of long stay care": the part of
        # the things the number before counted that the clause says
        clause = _state_words(after[part_of.end() :], limit=8)
        who = "who" if part_of.group(1).lower() == "whom" else "that"
        if content_words(clause) >= 1:
            add(f"{measure_changed(previous[1])} {who} {clause}", "prose.part-of", 0.84)
    which_of = _OF_WHICH_BEFORE_RE.search(before)
    said = _SAID_STATE_RE.match(after) if which_of else None
    if said and previous is not None and content_words(previous[1]) >= 1:
        # "12,491 faults reported, of which 11,090 were completed in time": the part of what the
        # number before counted that the clause says
        clause = _state_words(after[said.end() :], limit=8)
        who = "who" if which_of.group(1).lower() == "whom" else "that"
        if content_words(clause) >= 1 and not _TIME_WORD_RE.match(clause):
            add(
                f"{measure_changed(previous[1])} {who} {said.group(1).strip()} {clause}",
                "prose.part-of",
                0.84,
            )
    whole = _OF_THE_WHOLE_BEFORE_RE.match(before)
    bracketed = number.unit == PERCENT and re.search(r"[\d,]\s*\(\s*$", before)
    rest = re.sub(r"^\s*\([^()]*\)", "", after)  # "1,036 (51.4%) were": the share said beside it
    said = _SAID_STATE_RE.match(rest) if whole and (bracketed or number.unit not in (GBP, PERCENT)) else None
    if said and whole is not None:
        # "Of the 2,016 care leavers, 1,036 (51.4%) were non-UASC care leavers and 980 (48.6%) were
        # UASC": the part of the whole the clause says, and its share
        clause = _state_words(rest[said.end() :], limit=8)
        things = " ".join(whole.group("things").split())
        if content_words(clause) >= 1 and content_words(things) >= 1 and not _TIME_WORD_RE.match(clause):
            part = f"{things} that {said.group(1).strip()} {clause}"
            add(f"share of {part}" if bracketed else f"number of {part}", "prose.part-of", 0.86)
    earlier = _WHICH_CHANGED_FROM_RE.search(before)
    if earlier and previous is not None and content_words(previous[1]) >= 1:
        # "858 people waiting, which has reduced from 986 in January 2025": the measure's earlier level
        add(measure_changed(previous[1]), "prose.compared-level", 0.8)
    other = _OTHER_STATISTIC_RE.search(before)
    if other and previous is not None and _STATISTIC_RE.search(previous[1]):
        # "the overall mean pay gap is 9.75% and the median is 15.46%": the same measure, by the other
        # statistic
        stat = other.group(1).lower()
        add(_STATISTIC_RE.sub(stat, previous[1], count=1), "prose.range", 0.86)
    share = _ACCOUNTS_FOR_RE.search(before)
    of_whole = _OF_THE_WHOLE_RE.match(after) if share else None
    if share and of_whole:
        # "Tonbridge and Malling district accounted for 20 of the 102 pupils excluded": the whole's
        # things, for the one who accounts for that part of them
        who = " ".join(share.group("who").split())
        rest = after[of_whole.end() :]
        things = _counted(rest) if number.unit not in (GBP, PERCENT) else _np_after(rest, limit=6)
        if content_words(things) >= 1 and content_words(who) >= 1:
            add(
                f"{'share of ' if number.unit == PERCENT else ''}{things} ({who})", "prose.accounts-for", 0.88
            )
    named = _NAMED_WITH_RE.search(before)
    if named and previous is not None and previous[1] and not _NOT_A_NAME_RE.match(named.group("name")):
        # "... 20 of the 102 pupils excluded, followed by Dartford with 15 and Sevenoaks with 13":
        # the same measure, for the place or body named just before the number
        measure = re.sub(r"\s*\([^()]*\)$", "", previous[1])  # the last one's name in brackets
        add(f"{measure} ({named.group('name')})", "prose.named-with", 0.87)
    respective = _respective_name(text, number, s, e)
    if respective:
        add(respective, "prose.respectively", 0.88)
    points = _POINTS_RE.match(after) if number.unit not in (GBP, PERCENT) else None
    if points:
        # "10 percentage points higher than Quarter 3 2019/20", "a reduction of 2 percentage points":
        # a change in a rate, in points of it
        way = re.match(r"\s+(" + "|".join(_DIRECTION_NOUN) + r")\b", after[points.end() :])
        said = re.search(
            r"(?i)\b(" + "|".join(sorted(_CHANGE_HEADS)) + r")\s+of\s+(?:around\s+|about\s+)?$", before
        )
        verb = _CHANGE_RE.search(before)
        noun = (
            _DIRECTION_NOUN[way.group(1).lower()]
            if way
            else said.group(1).lower()
            if said
            else _change_noun(verb.group("verb"))
            if verb
            else ""
        )
        measure = measure_changed(previous[1]) if previous is not None and previous[1] else ""
        if not measure:
            cut = said.start() if said else verb.start() if verb else len(before)
            measure = _subject(before[:cut] + " is")
        if noun and content_words(measure) >= 1 and not re.match(r"(?i)(?:this|that|it)\b", measure):
            add(f"{noun} in {measure} (percentage points)", "prose.change", 0.85)
    higher = _COMPARED_CHANGE_RE.match(after) if number.unit == PERCENT else None
    if higher:
        # "10.8% higher than Quarter 3 last year", "being 28% and 40% higher than the West Sussex rate"
        noun = _DIRECTION_NOUN[higher.group(1).lower()]
        said = measure_changed(previous[1]) if previous is not None and previous[1] else _subject(before)
        if content_words(said) >= 1:
            add(f"{noun} in {said}", "prose.change", 0.8)
    then = _COMPARED_TO_RE.search(before) and _THEN_AFTER_RE.match(after)
    if then and previous is not None and previous[1]:
        # "19,036 faults ... (compared to 24,085 for the same period last year)": the measure then
        when = " ".join(then.group("when").split())
        add(f"{measure_changed(previous[1])} ({when})", "prose.compared-level", 0.86, "")
    compared = _COMPARED_LEVEL_RE.search(before)
    if compared and previous is not None and previous[1]:
        # "6,357 referrals, an 8.3% increase when compared to the previous Quarter (5,869)": the
        # bracket is the measure's level then
        when = " ".join(compared.group("when").split())
        dated = (
            period_of(re.sub(r"(?i)quarter\s*([1-4])", r"Q\1", when)) if re.search(r"\d{4}", when) else None
        )
        add(f"{measure_changed(previous[1])} ({when})", "prose.compared-level", 0.86, dated or "")
    between = text[previous[0].end : number.start] if previous is not None else ""
    if (
        previous is not None
        and previous[1].split()[0].lower() in _CHANGE_HEADS
        and _CHANGED_BY_RE.search(text, s, previous[0].start)
        and _THEN_TO_RE.fullmatch(between)
    ):
        # "increased by 12 children over the Quarter to 1,238", "decreased by 80 to 475": the level
        # the change reached is of the measure that changed
        add(measure_changed(previous[1]), "prose.range", 0.8)
    if (
        previous is not None
        and previous[1]
        and (
            re.fullmatch(r"(?i)\s*(?:and|to|or|-|–)\s*", between)
            # "decreased from 5.25% at the beginning of the year to 5.00%": when each end was;
            # "from 60.4% (539,000) of the resident population in 2022 to 57.4%": of what, and when
            or re.search(r"(?i)\bfrom\s*(?:[£$]?\d[\d.,]*\s*%?\s*\(\s*)?$", text[s : previous[0].start])
            and (
                re.fullmatch(r"(?i)\s+(?:at|in|on|by|as\s+at)\s+[^£$\d%;:()]{0,40}?\s+to\s*", between)
                or re.fullmatch(
                    r"(?i)\)?\s+of\s+[^£$\d%;:()]{0,40}?\s+(?:in|at|by)\s+(?:19|20)\d{2}(?:[/-]\d{2})?\s+to\s*",
                    between,
                )
            )
        )
    ):
        # "ranged between £443.1m and £622.9m", "5.08% - 5.25%": the second end of the same measure;
        # "increased by £108.5m to £1.4bn": the level the change reached
        level = re.match(r"(?i)(?:increase|decrease|rise|fall|reduction|cut|drop)\s+in\s+(.+)", previous[1])
        to = re.fullmatch(r"(?i)\s*to\s*", between)
        # a "from ... to" names both ends' measure once, before the first: surer than the words
        # just before the second end ("of the resident population in 2022 to")
        sure = 0.75 if re.fullmatch(r"(?i)\s*(?:and|to|or|-|–)\s*", between) else 0.85
        add(level.group(1) if level and to else previous[1], "prose.range", sure)
    m = _CHANGE_RE.search(before)
    if m:
        # the phrase ends where its verb begins, so its last word is a noun ("care needs will rise")
        # "The number of children (UASC) in care decreased by": an abbreviation in brackets is an aside
        stem = _AUX_TAIL_RE.sub("", re.sub(r"\s*\(\s*[A-Z][A-Za-z0-9&/]{1,10}\s*\)", "", before[: m.start()]))
        np = _np_before(stem, head_noun=True)
        whole = _subject(stem[_clause_start(stem, 0, len(stem)) :] + " is")
        if (
            whole
            and (not np or whole.endswith(np))
            and content_words(whole) <= (10 if _MEASURE_OF_RE.match(whole) else 8)
        ):
            # "the number of people with low dependency needs will increase": all of it; "The total
            # schools block (before deductions) has increased by": the subject before the aside
            np = whole
        if np:
            scope = _SCOPE_ADVERBS.get((m.group("where") or "").lower(), "")
            noun = _change_noun(m.group("verb"))
            add(f"{scope} {noun} in {np}".strip(), "prose.change", 0.7)
    m = _CHANGE_OBJECT_RE.search(before)
    if m and not re.fullmatch(r"(?i)[a-z]+ly", m.group("np").strip()):
        # "increased allocations of the Social Care Grant by £0.692bn"
        np = _np_after(m.group("np"))
        if np:
            add(f"{_change_noun(m.group('verb'))} in {np}", "prose.change", 0.7)
    m = _LINKER_RE.search(before)
    if m:
        head = before[: m.start()]
        # "from £532m to £1,032m": the phrase is before the "from"
        head = re.sub(r"(?i)\s*\bfrom\s+[£]?[\d,.]+\s*(?:%|[kmb]n?|bn|million|billion)?\s*$", "", head)
        head = _HEDGE_TAIL_RE.sub("", re.sub(r"(?i)\s+(?:up|down)\s*$", "", head))
        head = _WHEN_TAIL_RE.sub("", head)
        apposed = _APPOSED_LINKER_RE.match(m.group(0).strip())
        cost_of = ""
        if apposed:
            # "annual funding from the DfE, totalling £140m": the comma sets off the sum of the phrase
            set_off = re.search(r"(?i),\s*(?:now\s+|currently\s+)?$", head)
            head = head[: set_off.start()] if set_off else head
            if set_off and _CLAUSE_VERB_RE.search(head):
                # "grants have been included in the settlement, now amounting to over £232m": what
                # amounts to it is the clause's subject, not the last noun of its predicate
                joints = [
                    j.end() for j in re.finditer(r"(?i)[,;)]\s*(?:and\s+|but\s+)?|\s(?:and|but)\s+", head)
                ]
                clause = head[max((j for j in joints if _CLAUSE_VERB_RE.search(head[j:])), default=0) :]
                head = _subject(clause + " is") or head
            which = re.search(r"(?i)\s+(?:that|which)\s*$", head)
            if which and apposed.group("cost"):
                # "a lease that costs circa £54,000 annually": the lease's cost
                head, cost_of = head[: which.start()], " cost"
        np = _np_before(head, head_noun=bool(re.match(r"(?i)(?:of|at)\b", m.group(0).strip())))
        if np and cost_of and not np.lower().endswith(("cost", "costs")):
            np += cost_of
        if m.group(0).strip().lower().startswith("from") and _CHANGED_FROM_RE.search(head):
            np = ""  # "is projected to increase from 205,800": the subject's starting level, not the verb
        if not np and m.group(0).strip().lower().startswith("to"):
            # "the total NUE investment ... has increased to £107.6m": the new level of the phrase
            np = _np_before(_AUX_TAIL_RE.sub("", _MOVE_TAIL_RE.sub("", head)))
        if re.match(r"(?i)(?:beginning|start|end|close|middle)\s+of\b", np):
            np = ""  # "from 5.25% at the beginning of the year to 5.00%": when, not what
        change_of = _CHANGE_IN_BEFORE_RE.search(head, 0, max(0, head.rfind(np.split()[0]))) if np else None
        if change_of and change_of.end() == head.rfind(np.split()[0]):
            np = f"{change_of.group(1).lower()} in {np}"  # "a fall in the capital value of the portfolio of"
        if np:
            whole = _subject(head[_clause_start(head, 0, len(head)) :] + " is")
            if whole and whole.endswith(np) and whole != np and _MEASURE_OF_RE.match(whole):
                np = whole  # "The number of people who live alone is": all of it, not "live alone"
        if np:
            owned = _owner_measure(text[_clause_start(text, s, number.start) : number.start], np, m.group(0))
            base = _COMPARED_RE.match(after)
            if owned and base and np.split()[-1].lower() in _CHANGE_HEADS:
                # "an increase of £3,111.7k on the earlier estimate": what the change is measured from
                against = _np_after(after[base.end() :], limit=5)
                if against and not _TIME_WORD_RE.match(against):
                    owned = f"{owned} {base.group(1).lower()} {against}"
            if (
                previous is not None
                and previous[1]
                and np.split()[-1].lower() in _CHANGE_HEADS
                and len(np.split()) <= 2
                and re.search(r",\s*(?:an?|the)\s+(?:[\w-]+\s+)?$", head[: head.rfind(np.split()[0])])
            ):
                # "1,109 children subject to a plan, an increase of 14 children": the change is in what
                # the sentence's number before it measured
                said = previous[1]
                changed = said if said.split()[0].lower() in _CHANGE_HEADS else f"{np} in {said}"
                add(changed, "prose.change", 0.84)
            lost = re.match(r"\s+of\s+(?!this|that|which|the\s+(?:increase|total))", after)
            if lost and np.lower() in _LOSS_WORDS:
                # "resulting in a loss of £1.3m of grant funding for Kent": a loss of what follows
                what = _np_after(after[lost.end() :], limit=6)
                if content_words(what) >= 1:
                    add(f"{np} of {what}", "prose.np-before", 0.83)
            counted = _counted(after) if number.unit not in (GBP, PERCENT) else ""
            if np.split()[-1].lower() in _CHANGE_HEADS and counted and not _TIME_WORD_RE.match(counted):
                # "a net decrease of 19.81 FTE jobs", "an increase of 14 children": the change is in them
                add(f"{np} in {counted}", "prose.change", 0.83)
            if owned:
                add(owned, "prose.owner-measure", 0.82)
            if np.lower() in _CHANGE_HEADS:
                # "a reduction of 9.3% (-784) from the 8,462 checks delivered": the change is in what
                # its base counts; "however an increase of 4.9% (+356) in the same quarter": in what
                # the change before it was in
                base = _CHANGE_BASE_RE.match(after)
                what = ""
                if base:
                    rest = after[base.end() :]
                    what = _counted(rest) if base.group("n") else _np_after(rest, limit=6)
                if what and not _TIME_WORD_RE.match(what) and content_words(what) >= 1:
                    add(f"{np.lower()} in {what}", "prose.change", 0.8)
                elif previous is not None and content_words(measure_changed(previous[1])) >= 2:
                    add(f"{np.lower()} in {measure_changed(previous[1])}", "prose.change", 0.7)
            # "Submission of data to the 3 national audits", "focus on 2-4% of the population": after a
            # bare preposition the number has its own noun, and that is what it counts or shares
            by_preposition = m.group(0).strip().lower().split()[0] in ("of", "to", "at", "from", "on", "as")
            own_noun = (
                _counted(after)
                if number.unit not in (GBP, PERCENT) and not is_time_of_parts(number)
                else bool(number.unit == PERCENT and re.match(r"(?i)\s*of\s+(?:the\s+)?[a-z]", after))
            )
            # "Road Safety Club intervention reached 5,104 pupils": after a verb, a count's own noun is
            # what it counts, and the phrase before the verb is who did it
            counted_after = number.unit not in (GBP, PERCENT) and bool(own_noun)
            add(np, "prose.np-before", 0.55 if own_noun and (by_preposition or counted_after) else 0.8)
            if (
                isinstance(own_noun, str)
                and counted_after
                and _TOTALLING_BEFORE_RE.search(before)
                and content_words(own_noun) >= 1
            ):
                # "two applications being considered, totalling 8,400 homes": the things in what is
                # totalled
                add(f"{own_noun} in {np}", "prose.totalling", 0.8)
            listed = m.group(0).strip() in ("=", ":")
            measured_in = _counted(after).lower() if counted_after and listed else ""
            if measured_in in _AMOUNT_NOUNS:
                # "Band 6 AHP = 240 hours", "the ward is 24 beds": the phrase's amount, in those units
                add(f"{np} {measured_in}", "prose.np-before", 0.84)
    change = re.match(r"(?i)\s*(" + "|".join(sorted(_CHANGE_HEADS)) + r")\b", after)
    if (
        change
        and previous is not None
        and previous[1]
        and _CHANGE_APPOSED_RE.search(before)
        and previous[1].split()[0].lower() not in _CHANGE_HEADS
    ):
        # "There were 6,357 referrals in the Quarter, an 8.3% increase when compared to ...": the
        # change is in what the number before it counted
        add(f"{change.group(1).lower()} in {previous[1]}", "prose.change", 0.84)
    if (
        change
        and previous is not None
        and previous[1].split()[0].lower() in _CHANGE_HEADS
        and _ANOTHER_CHANGE_RE.search(before)
        and _COMPARED_NEXT_RE.match(after, change.end())
    ):
        # "a 31% decrease in the number of complaints compared with the previous quarter and a 19%
        # decrease on the same quarter last year": the same measure's change against another time
        add(f"{change.group(1).lower()} in {measure_changed(previous[1])}", "prose.change", 0.84)
    aim = _TARGET_OF_RE.search(before) or _TARGET_AFTER_RE.match(after)
    if aim:
        # "the percentage of callers who rated their advisor as good continued to meet the target of
        # 97%", "22.2%, compared to 23.4% ..., continuing to achieve the target of 25.0%": a target
        # is of the measure its sentence reports (its role says it is the target)
        said = measure_changed(previous[1]) if previous is not None else ""
        if content_words(said) < 2 or UNIT_WORDS_RE.fullmatch(said):
            said = ""  # "a reduction of 2 percentage points ..., below the target of 5%": no measure named
        if not said:
            said = _subject(before[: aim.start()] if aim.string is before else before)
            said = said if content_words(said) >= 2 and not _TIME_WORD_RE.match(said) else ""
        if said:
            add(said, "prose.target-of", 0.86)
    composed = _COMPOSED_OF_RE.match(after) if number.unit == PERCENT else None
    kind = composed.group("kind") if composed else ""
    if kind and not (
        kind.split()[0].lower() in _PREPOSITIONS | _CHANGE_HEADS | _COMPARATIVES | _AUXILIARIES
        or _is_adverb(kind.split()[0])
        or _TIME_WORD_RE.match(kind)
    ):
        # "our workforce which is 75% female and 25% male": each share is of the group, by its kind
        linked = _COMPOSITION_RE.search(before)
        group = _np_before(before[: linked.start()]) if linked else ""
        group = re.split(r"(?i)\s+of\s+", group)[-1]  # "the gender composition of our workforce"
        if content_words(group) >= 1:
            # "female workforce", but "project complete", "beds occupied": a state follows its noun
            state = kind.lower() in _STATE_WORDS or kind.lower().endswith("ed")
            add(f"{group} {kind}" if state else f"{kind} {group}", "prose.composition", 0.85)
    done = _DONE_TO_RE.search(before)
    if done and number.unit not in (GBP, PERCENT):
        # "Young Driver Parent Webinar reaching around 75 parents": the parents the webinar reached
        things = _counted(after)
        who = _subject(before[_clause_start(before, 0, done.start()) : done.start()] + " is")
        participle = _DONE_FORMS[done.group("verb").lower()]
        if who and (_ROLE_ONLY_RE.fullmatch(who) or content_words(who) == 1 and who[:1].islower()):
            # "The target is to return 18 units": the target says the number's role, not who; "the
            # programme will create 52 homes": a one-word subject points back, and says no more
            who = ""
        if things and who and len(who.split()) <= 6 and not _TIME_WORD_RE.match(things):
            add(f"{things} {participle} by {who}", "prose.done-to", 0.7)
        elif things and content_words(things) == 1 and not _TIME_WORD_RE.match(things):
            # "these will ... create 52 homes": the homes created, whoever created them
            add(f"{things} {participle}", "prose.done-to", 0.66)
    bare = next((r.label for r in out if r.rule_id == "prose.np-before"), "")
    stat = re.fullmatch(r"(?i)(mean|median|average)(?:\s+(\w+))?", bare)
    if stat:
        # "the gender pay gap is positive ... as the mean is -0.98% and the median gap is -1.91%": the
        # statistic of the measure the sentence named before it
        head = (stat.group(2) or "").lower()
        measures = [_np_before(before[: m.end()]) for m in _STAT_MEASURE_RE.finditer(before)]
        measures = [
            n
            for n in measures
            if n and not _STATISTIC_RE.search(n) and (not head or n.lower().endswith(head))
        ]
        if measures:
            add(f"{stat.group(1).lower()} {measures[-1]}", "prose.statistic-of", 0.84)
    has = _HAS_RE.search(before) if number.unit not in (GBP, PERCENT) else None
    if has:
        # "Explore Kent had over 6.9k followers on Instagram": the things a named owner has
        things = _counted(after)
        clause = before[_clause_start(before, 0, has.start()) : has.start()]
        # "At the end of Quarter 3, Explore Kent had": the owner after an opening phrase
        who = _subject(clause + " is") or _subject(clause.rsplit(",", 1)[-1] + " is")
        if (
            things
            and who[:1].isupper()
            and 2 <= len(who.split()) <= 4  # a name ("Explore Kent"), not "the Council"
            and not _ROLE_ONLY_RE.fullmatch(who)
            and not _TIME_WORD_RE.match(things)
            and who.split()[0].lower() not in _DETERMINERS | _PREPOSITIONS | {"we", "they", "it", "there"}
        ):
            add(f"{who} {things}", "prose.owned", 0.68)
    elif previous is not None and number.unit not in (GBP, PERCENT) and _LIST_GAP_RE.fullmatch(between):
        # "... had 6.9k followers on Instagram, 11.3k followers on Facebook": the list shares its owner
        things = _counted(after)
        head = things.split()[0] if things else ""
        at = previous[1].find(f" {head}") if head else -1
        owner = previous[1][:at] if at > 0 else ""
        if owner[:1].isupper() and not previous[1].lower().startswith(things.lower()):
            add(f"{owner} {things}", "prose.owned", 0.68)
    fewer = re.match(r"(?i)\s*(fewer|less|more)\s+", after)
    if fewer and number.unit != GBP:
        # "Contact Point received 19% fewer calls compared to the previous Quarter": a change in the
        # calls the subject received
        things = (
            _counted(after[fewer.end() :])
            if number.unit != PERCENT
            else _np_after(after[fewer.end() :], limit=5)
        )
        who = _subject(before[_clause_start(before, 0, len(before)) :])
        if things and not _TIME_WORD_RE.match(things):
            noun = "increase" if fewer.group(1).lower() == "more" else "reduction"
            owner = f"{who} " if who and len(who.split()) <= 4 else ""
            add(f"{noun} in {owner}{things}", "prose.change", 0.7)
    m = _RELATES_RE.match(text, number.end, e)
    if m:
        # "of which £26.2m relates to savings which are unable to be delivered"
        add(_np_and_relative(text[m.end() : e]), "prose.relates-to", 0.78)
    moved = _RESERVE_MOVE_RE.match(after) if number.unit == GBP else None
    if moved:
        # "-£1.8m from budget stabilisation reserve", "£2m to the general reserve": a movement of
        # reserves, named by the reserve it is drawn from or paid into
        reserve = _np_after(after[moved.end() :], limit=6)
        if reserve and reserve.split()[-1].lower() in _RESERVE_HEADS:
            way = "drawdown from" if moved.group(1).lower() == "from" else "contribution to"
            add(f"{way} {reserve}", "prose.reserve-move", 0.78)
    if _MEASURE_NOUN_RE.match(after):
        add(_np_after(after.lstrip(" )")), "prose.measure-noun", 0.75)
    elif number.unit == GBP and not after.startswith(")"):
        # "a £3.2m collection surplus balance": the phrase after the sum ends in a measure noun
        np = _np_after(after, limit=5)
        words = np.split()
        first = after.split()[0].lower() if after.split() else ""
        links = _PREPOSITIONS | {"to", "between"}
        cut = (
            next((i for i, w in enumerate(words[1:], 1) if w.lower() in links), None)
            if first not in links
            else None
        )
        # "£0.8m internal base adjustment between core and external": the head is before the link
        head = words[cut - 1] if cut else words[-1] if words else ""
        if np and " " in np and re.fullmatch(r"(?i)(?:" + _MEASURE_NOUNS + r")", head):
            add(np, "prose.measure-noun", 0.7)
    if (
        number.unit in (GBP, PERCENT)
        and re.search(r"(?i)\b(?:the|a|an|this|its|their|our)\s+[+\-]?$", before)
        and re.match(r"\s+[A-Za-z]", after)
        and not _PURPOSE_RE.match(after)
        and not _OF_RE.match(after)
    ):
        # "the 2% adult social care council tax precept", "a 3% inflationary uplift": the number
        # stands in its phrase as an adjective does, and the phrase's noun is what it measures
        np = _np_after(after, limit=7)
        if content_words(np) >= 2 and not is_verb(np.split()[0]):
            add(np, "prose.measure-noun", 0.72)
    m = _AVAILABLE_RE.match(after)
    if m and number.unit == GBP:
        # "£21.5m is available to support adult social care", "£5.0m goes to the District Councils"
        what = _state_words(after[m.end() :], limit=8)
        if content_words(what) >= 1:
            verb = " ".join((m.group("verb") or m.group("go")).split()).lower()
            add(f"{verb} {m.group('prep').lower()} {what}", "prose.available", 0.6)
    held = _HELD_RE.search(text, s, number.start)
    of = re.match(r"\s+of\s+(?!this|that|which|the\s+(?:increase|total))", after) if held else None
    if held and of:
        # "the Council held £746.8m of loans" -> "loans held"
        np = _np_after(after[of.end() :], limit=5)
        if np and not _TIME_WORD_RE.match(np):
            verb = held.group("verb").lower()
            add(f"{np} {'held' if verb == 'holds' else verb}", "prose.held", 0.72)
    given = _GIVEN_RE.search(text, s, number.start)
    to = _GIVEN_TO_RE.match(after) if given else None
    if given and to and number.unit == GBP:
        # "the Council loaned £2.9m to the no use empty loans programme", "KCC Treasury have made
        # available £28m for NUE": what the sum was given to or for
        np = _np_after(after[to.end() :], limit=8)
        if np and not _TIME_WORD_RE.match(np):
            add(f"{' '.join(given.group('verb').split())} {to.group(1).lower()} {np}", "prose.given-to", 0.72)
    # "£250 a year for lower paid workers": the sum's term comes before what it is for
    termless = re.sub(r"(?i)^\s*(?:a|per|each)\s+(?:year|annum|week|month|day|hour)\b", "", after)
    m = _PURPOSE_RE.match(termless) or _FROM_RE.match(termless)
    if m and number.unit == GBP:
        what = _np_after(termless[m.end() :])
        head = next((r.label for r in out if r.rule_id == "prose.np-before"), "")
        if (
            head
            and content_words(what) >= 1
            and 1 <= content_words(head) <= 2
            and not _TIME_WORD_RE.match(what)
            and not re.match(r"[\d£]", what)
        ):
            # "funding of £600m for social care", "an increase of £2m in agency spend": the sum's own
            # noun, then what it is for
            prep = termless[: m.end()].strip(" )").split()[0].lower()
            add(f"{head} {prep} {what}", "prose.purpose", 0.82)  # the head, and more
        if m.re is _PURPOSE_RE and termless == after:
            # what a sum came from is not what it is; nor, after its term, is who it is for alone
            # ("31 pence per week for a band D property")
            add(what, "prose.purpose", 0.7)
    m = _BECAUSE_OF_RE.match(after)
    if m and number.unit == GBP and not re.search(r"[A-Za-z]", before):
        # "-£8.0m reflecting one year holiday for contribution to IT reserve": a list's line that
        # opens with its sum, then says what the sum is from
        add(_np_after(after[m.end() :], limit=8), "prose.purpose", 0.7)
    if number.unit not in (GBP, PERCENT) and not is_time_of_parts(number):
        add(_counted(after), "prose.count-noun", 0.65)
    m = _OF_RE.match(after)
    # "the final draft 2025-26 revenue budget includes £150.3m of core funded spending growth": what
    # a whole includes is named after its "of", not by the whole
    contained = bool(_CONTAINS_RE.search(before))
    if m and out and not contained and number.unit != PERCENT and after.lstrip().lower().startswith("of"):
        # "£25.1m of existing loans were allowed to mature without replacement": the clause says
        # which of the things the sum is
        group = _group_said(after[m.end() :])
        if group and any(group.lower().startswith(f"{r.label.lower()} ") for r in out):
            add(group, "prose.amount-of", 0.78)
    if (
        m
        and (not out or contained)
        and number.unit != PERCENT
        and after.lstrip().lower().startswith("of")
        and not _OF_POINTER_RE.match(after[m.end() :])
    ):
        # "£80.3m of savings are forecast to be achieved": when nothing else names a sum (or count),
        # the clause after its "of" says what it is; "£556.4m of this was allocated" points back
        group = _group_said(after[m.end() :])
        if group:
            add(group, "prose.amount-of", 0.82 if contained else 0.6)
        else:
            np = _np_after(after[m.end() :], limit=6)  # "£61.5m of net savings and income proposals"
            if content_words(np) >= (1 if contained else 2):
                add(np, "prose.amount-of", 0.82 if contained else 0.55)
    if (
        m
        and number.unit == PERCENT
        and after.lstrip().lower().startswith("of")
        and not _OF_POINTER_RE.match(after[m.end() :])
    ):
        # "100% of which were revalidated": "which" points back to a group already counted
        np = _np_after(after[m.end() :])
        which = _WHICH_PEOPLE_RE.match(after, after.find(np, m.end()) + len(np)) if np else None
        if which and np.split()[-1].lower() in _PEOPLE_NOUNS | {"population"}:
            # "4% of the population with complex health needs": which of the people
            more = _np_after(after[which.end() :], limit=6)
            if content_words(more) >= 1:
                np = f"{np} {' '.join(which.group(1).split())} {more}"
        group = _group_said(after[m.end() :]) or _group_did(after[m.end() :], np)
        if group:
            # "81% of councils are on course to overspend": the share is of the group the clause names
            add(group, "prose.share-of", 0.62)
        if np and not _TIME_WORD_RE.match(np):  # "from 4.32% in May": when, not of what
            add(f"share of {np}", "prose.share-of", 0.6)
            part = _SHARE_VERB_RE.search(before)
            whole = ""
            if part and previous is not None and not re.search(r"[.;]", text[previous[0].end : number.start]):
                whole = previous[1]  # "The forecast outturn of +£23.3m ... represents 1.6% of the budget"
            elif part:
                whole = _subject(text[_clause_start(text, s, number.start) : s + part.start()] + " is")
            if whole.lower().startswith("aged "):
                whole = f"people {whole}"  # "Those aged 65 and over currently comprise 23% of"
            if content_words(whole) >= 1 and whole.split()[0].lower() not in _CHANGE_HEADS:
                # what is the share of the whole: the subject of "represents", "comprise", "accounts for"
                add(f"{whole} as share of {np}", "prose.share-of", 0.8)
    m = re.search(r"\(\s*[+\-]?$", before)
    if m:
        # "savings not being delivered in 2024-25 (£26.2m)": the year is the period, not the phrase
        np = _np_before(_WHEN_TAIL_RE.sub("", _PERIOD_TAIL_RE.sub("", before[: m.start()].rstrip())))
        if np:
            add(_with_part(np, after), "prose.aside", 0.65)
        things = _counted(after) if number.unit not in (GBP, PERCENT) else ""
        if things and re.match(r"\s*\)", after[after.find(things.split()[-1]) + len(things.split()[-1]) :]):
            # "Road Sense delivery to Year 7 (23 schools)": the bracket counts its own things, for
            # what it is beside
            what = before[: m.start()].rstrip(" ,")
            place = _AT_PLACE_RE.search(what)
            if place:
                what = place.group("place")  # "at Possingham Farm, Ashford, (655 dwellings)"
            else:
                what = what[max(what.rfind(","), what.rfind(";"), what.rfind(":")) + 1 :].strip()
            what = re.sub(r"\s*\([A-Z&]{2,8}\)", "", what)  # "Road Sense (RS) delivery": the abbreviation
            if 1 <= content_words(what) and len(what.split()) <= 8 and not _TIME_WORD_RE.match(things):
                add(f"{things} {'at' if place else 'for'} {what}", "prose.aside", 0.7)
    named_bracket = _NAMED_BRACKET_RE.search(before) if number.unit not in (GBP, PERCENT) else None
    if named_bracket and previous is not None and re.search(r"\s(?:at|for)\s(?-i:[A-Z])", previous[1]):
        # "at Possingham Farm, Ashford, (655 dwellings) and Sevenoaks Quarry, Sevenoaks (800)": the
        # same things at the next place named
        things = re.sub(r"\s+(?:at|for)\s+(?-i:[A-Z]).*$", "", previous[1])
        add(f"{things} at {named_bracket.group('name')}", "prose.aside", 0.8)
    opened = text.rfind("(", s, number.start)
    if opened > s and ")" not in text[opened : number.start]:
        # "Increase the number of carers assessed (from a baseline of 5,210 in 2018/19)"
        np = _np_before(text[s:opened]) or _subject(text[s:opened] + " is")
        if np:
            add(_with_part(np, after), "prose.aside", 0.6)
    # "The position in ASCH continues to be the focus and the reported overspend has increased by
    # £2.9m and is now £35.4m": the subject of the number's own clause, not the sentence's first
    subject = _subject(text[_clause_start(text, s, at) : at]) or _subject(text[s:at])
    if content_words(subject) >= 2 or _names_things(subject):
        # a singular one-word subject ("The grant ...", "In addition, ...") points back to something
        # named before; finished from the section title it names the wrong thing as often as not.
        # A plural one ("Admissions fell ...") names the things measured.
        add(subject, "prose.subject", 0.45)
    category = _FOR_CATEGORY_RE.match(after)
    if category and len(_CATEGORY_LIST_RE.findall(text, s, e)) >= 2:
        # "percentages awarded ... were 2.7% for a Successful rating, 3.8% for Excellent rating":
        # one measure, each number for its own category
        what = _np_after(after[category.end() :], limit=5)
        named = ("prose.np-before", "prose.owner-measure", "prose.change", "prose.subject")
        base = next((r.label for r in out if r.rule_id in named and content_words(r.label) >= 1), "")
        if previous is not None and (" for " in previous[1] or not base):
            # the list's first item named the measure: "... 0.25% for overnight and 0.37% for ..."
            base = previous[1].rsplit(" for ", 1)[0]
        if what and base and not _TIME_WORD_RE.match(what) and not what.split()[0].endswith("ed"):
            add(f"{base} for {what}", "prose.category", 0.83)
    named_ratio = _RATIO_NAMED_RE.search(before) if number.unit == RATIO else None
    if named_ratio:
        # "The ratio of pay of the top earner i.e. Chief Executive and that of the median earner is
        # 1 to 6.92": the ratio's own phrase, however long
        add(named_ratio.group("what"), "prose.ratio", 0.86)
    if number.unit == RATIO and any(_RATIO_WORD_RE.search(r.label) for r in out):
        # "The ratio of pay of the Chief Executive to the median earner is 1 to 6.92": the phrase
        # that says it is a ratio names it, not the nearest noun ("median earner")
        out = [
            r if _RATIO_WORD_RE.search(r.label) else replace(r, confidence=r.confidence * 0.5) for r in out
        ]
    return sorted(out, key=lambda r: -r.confidence)


# the words between a verb and its sum: "loaned a further £2m", "held some £746.8m"
_SUM_QUALIFIERS = (
    r"(?:(?:a\s+further|an\s+additional|an\s+extra|a\s+total\s+of|an?|the|some|around|about|"
    r"approximately|over|almost|nearly)\s+)*"
)
# a verb that gives, spends or lends a sum, just before it
_GIVEN_RE = re.compile(
    r"(?i)\b(?P<verb>(?:loaned|lent|invested|spent|awarded|allocated|granted|paid|provided|committed|"
    r"contributed|transferred|made\s+available|set\s+aside|earmarked|borrowed|raised|secured|received))"
    rf"\s+{_SUM_QUALIFIERS}[+\-]?$"
)
# a sum as its clause's subject, and what it is for: "£21.5m is available to support ..."
_AVAILABLE_RE = re.compile(
    r"(?i)\s*(?:(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+(?:also\s+|now\s+)?"
    r"(?P<verb>available|earmarked|set\s+aside|budgeted|ring-?fenced)|(?P<go>goes|went|will\s+go))\s+"
    r"(?P<prep>to|for|towards)\s+(?:the\s+)?"
)
_HELD_RE = re.compile(
    r"(?i)\b(?P<verb>held|holds|raised|secured|received|spent|saved|borrowed|repaid|invested|generated|"
    r"delivered|achieved|identified|approved|committed)\s+"
    rf"{_SUM_QUALIFIERS}[+\-]?$"
)
_GIVEN_TO_RE = re.compile(
    r"(?i)\s*(to|for|on|in|into|under|towards|from)\s+(?:the\s+|a\s+|an\s+)?(?=[A-Za-z])"
)
_FOR_CATEGORY_RE = re.compile(
    r"(?i)\)?\s*for\s+(?:(?:a|an|the|each)\s+)?(?=[A-Za-z]|\d+(?:[-–]\d+)?[\s-]+[a-z])"
)
# a sentence that lists several numbers each "for" its own category
_CATEGORY_LIST_RE = re.compile(
    r"(?i)[£$]?\d[\d,.]*\s*(?:%|[kmb]n?\b|bn\b|million\b|billion\b)?\s+for\s+(?:(?:a|an|the|each)\s+)?"
    r"(?:[A-Za-z]|\d+(?:[-–]\d+)?[\s-]+[a-z])"
)


# where a sentence's next clause starts: after a semicolon, or a conjunction that opens a new
# subject ("... and the reported overspend has ...", "... while this Council's share is ...")
_CLAUSE_OPENING_RE = re.compile(
    r"(?i);\s*|,?\s+(?:and|but|while|whilst|whereas)\s+(?=(?:the|this|these|those|its|their|our|his|her)\s)"
    r"|,\s+(?:but|while|whilst|whereas)\s+"
)


# the words after a sum inside brackets that say which part of the whole it is: "(£150.3m core
# funded, £49.8m externally funded)"
_ASIDE_PART_RE = re.compile(r"\s+((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+ed)\s*(?=[,;)]|\s+and\b)")


def _with_part(whole: str, after: str) -> str:
    """A bracketed sum labelled by the whole before the bracket, with the words after it that say
    which part it is: "growth (£150.3m core funded, £49.8m externally funded)"."""
    part = _ASIDE_PART_RE.match(after)
    if part and not is_listed_verb(part.group(1).split()[-1]):
        return f"{whole} ({part.group(1)})"
    return whole


def _clause_start(text: str, start: int, pos: int) -> int:
    """Where the clause that holds ``pos`` starts, no earlier than ``start`` (its sentence's)."""
    opening = None
    for m in _CLAUSE_OPENING_RE.finditer(text, start, pos):
        opening = m
    return opening.end() if opening else start


# "The ASCH directorate has a forecast overspend of", "reserves ... represent a reduction of": the
# clause's subject owns the measure its verb introduces
_OWNER_VERB_RE = re.compile(
    r"(?i)\b(?:has|have|had|(?:is|are|was|were)\s+(?:reporting|forecasting|showing|projecting)|reports?|"
    r"reported|represents?|represented|shows?|showed|records?|recorded|forecasts?|saw|sees|reflects?|"
    r"reflected|serves|served|covers|covered|employs|employed)\s+(?:(?:a|an)\s+)?$"
)
_COMPARED_RE = re.compile(
    r"(?i)\s*(?:\([^()]{1,30}\)\s*)?(on|against|over|compared\s+(?:to|with))\s+(?:the\s+)?"
)
_CHANGE_HEADS = {
    "increase", "decrease", "reduction", "rise", "fall", "growth", "improvement", "deterioration",
    "change", "drop", "uplift", "cut",
}  # fmt: skip


# "Tonbridge and Malling district accounted for 20 of the 102 pupils excluded"
_ACCOUNTS_FOR_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|whereas)\s+)(?:the\s+)?(?P<who>(?-i:[A-Z])[^,;:.]{1,50}?)\s+"
    r"(?:accounted|accounts|account)\s+for\s+" + _ABOUT + r"[+\-]?$"
)
_OF_THE_WHOLE_RE = re.compile(
    r"(?i)\s*(?:%\s*)?of\s+(?:the\s+|all\s+)?(?:[£$]?\d[\d,.]*\s*(?:[kmb]n?\b)?\s*)?"
)
# "followed by Dartford with 15 and Sevenoaks with 13": a name, then its number
_NAMED_WITH_RE = re.compile(
    r"(?:,|\band|\bby|\bwhile|^)\s+(?P<name>(?-i:[A-Z])[\w&'’-]*(?:\s+(?:and|&|upon|on|of|the)?\s*"
    r"(?-i:[A-Z])[\w&'’-]*){0,3})\s+with\s+" + _ABOUT + "$"
)
_NOT_A_NAME_RE = re.compile(r"(?i)^(?:the|this|that|these|those|it|they|we|our|each|every|some|all)\b")
# "... compared with the previous quarter and a 19% decrease on the same quarter last year"
_ANOTHER_CHANGE_RE = re.compile(r"(?i)\b(?:and|with|while|but)\s+(?:an?\s+)?[+\-]?$")
_COMPARED_NEXT_RE = re.compile(r"(?i)\s+(?:on|than|against|(?:when\s+)?compared\s+(?:to|with))\b")
# "6,357 referrals, an 8.3% increase", "771,600 visits ... which represents a 4% increase": a change
# set beside a number is a change in what that number measures
_CHANGE_APPOSED_RE = re.compile(
    r"(?i)(?:,|\b(?:which|this|that)\s+(?:represents|reflects|marks|is|was)|"
    r"\b(?:representing|reflecting|marking))\s*(?:an?|the)\s+[+\-]?$"
)


# "75% female", "85% White British.": a share followed only by the kind it is, then the clause ends
_COMPOSED_OF_RE = re.compile(
    r"\s+(?P<kind>[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?)\s*(?=$|[,.;)]|\s+(?:and|or)\s+[\d.]+\s*%)"
)
# "<group> which is 75% female and ...", "<group> is 60% ...": the group the shares are of
_COMPOSITION_RE = re.compile(
    r"(?i)\s(?:which\s+|that\s+|who\s+)?(?:is|are|was|were)\s+(?:(?:around|about|approximately|roughly|"
    r"nearly|almost|over|under)\s+)?(?:[\d.]+\s*%\s+[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?\s*,?\s*(?:and\s+)?)*$"
)
_STATE_WORDS = {"complete", "full", "empty", "compliant", "correct", "accurate", "open", "closed", "vacant"}
_TIMES_RE = re.compile(r"^\s*[x×]\s+(?=[A-Za-z][\w'’-]*\s+[A-Za-z])")
_COMPARATIVES = {
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "greater",
    "smaller",
    "above",
    "below",
    "respectively",
}


# "continuing to achieve the target of 25.0%", "below a floor of 75%": the level a measure is held to
# the words for a level a measure aims at, and for one it is kept above or below ("floor of 75%")
_AIM_WORDS = "target|ambition|trajectory|aim|goal|expectation"
BOUND_WORDS = "floor|threshold|tolerance|ceiling|benchmark"
_TARGET_OF_RE = re.compile(
    rf"(?i)\b(?:the|a|an|its|their|our)\s+(?:[\w-]+\s+)?(?:{_AIM_WORDS}|{BOUND_WORDS})\s+(?:of|at|is|was)\s+(?:being\s+)?(?:around\s+|about\s+|approximately\s+)?[+\-]?$"
)


_UNIT_WORDS_RE = re.compile(r"(?i)(?:percentage\s+points?|per\s*cent|points?|pence|pounds?)")


# "represents 1.6% of", "comprise 23% of", "accounts for around 70% of": a part's share of a whole
_SHARE_VERB_RE = re.compile(
    r"(?i)\b(?:represents?|represented|representing|equates?\s+to|equated\s+to|equating\s+to|amounts?\s+to|"
    r"accounts?\s+for|accounted\s+for|accounting\s+for|makes?\s+up|made\s+up|comprises?|comprised|"
    r"constitutes?|constituted)\s+(?:(?:around|about|approximately|roughly|nearly|almost|over|under|just\s+"
    r"(?:over|under))\s+)?[+\-]?$"
)


# "compared to the previous Quarter (", "than Quarter 3 last year (", "from the previous quarter (":
# the value a measure is compared with, in brackets after the time it was
_COMPARED_LEVEL_RE = re.compile(
    r"(?i)\b(?:compared\s+(?:to|with)|than|from|on|against|since)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    r"(?P<when>(?:previous|last|same|prior)\s+(?:quarter|month|year|period)(?:\s+last\s+year)?|"
    r"(?:same\s+)?(?:quarter|q)\s*[1-4](?:\s+last\s+year|\s+(?:19|20)\d{2}(?:[/-]\d{2})?)?|"
    r"(?:19|20)\d{2}(?:[/-]\d{2})?)\s*\(\s*$"
)


_CHANGE_IN_BEFORE_RE = re.compile(
    r"(?i)\b(" + "|".join(sorted(_CHANGE_HEADS)) + r")\s+in\s+(?:the\s+|its\s+|their\s+|our\s+)?$"
)
# "10.8% higher than Quarter 3 last year": a change in the sentence's measure, said by its comparison
# a number said to be above or below another, and the change that makes it
_DIRECTION_NOUN = {
    "higher": "increase", "more": "increase", "up": "increase", "above": "increase",
    "lower": "decrease", "less": "decrease", "fewer": "decrease", "down": "decrease", "below": "decrease",
}  # fmt: skip
_COMPARED_CHANGE_RE = re.compile(
    r"(?i)(?:\s*(?:and|-|–|to)\s*[+\-]?\d[\d.]*\s*%)?\s+("
    + "|".join(_DIRECTION_NOUN)
    + r")\s+(?:than|on|compared)\b"
)


_POINTS_RE = re.compile(r"(?i)\s*(?:percentage|%)\s*points?\b")


# "was slightly below the 95% target": the number stands before the word that says it is a target
_TARGET_AFTER_RE = re.compile(rf"(?i)^\s*(?:{_AIM_WORDS}|{BOUND_WORDS})\b(?!\s+(?:of|for)\s)")


_COMPARED_TO_RE = re.compile(r"(?i)\b(?:compared\s+(?:to|with)|against|versus|vs\.?)\s+(?:a\s+|the\s+)?$")
_THEN_AFTER_RE = re.compile(
    r"(?i)\s+(?:(?:for|in|at|during)\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    r"(?P<when>(?:same|previous|last|prior)\s+(?:quarter|month|year|period)(?:\s+(?:last|the\s+previous)\s+year)?)\b"
)


def is_target_of(text: str, start: int, pos: int) -> bool:
    """Does the number at ``pos`` stand as a level the measure is held to ("below a target of")?"""
    return bool(_TARGET_OF_RE.search(text, start, pos))


def measure_changed(label: str) -> str:
    """The measure a label names, less the change in it: "increase in visits" -> "visits"."""
    level = re.match(r"(?i)(?:" + "|".join(sorted(_CHANGE_HEADS)) + r")\s+in\s+(.+)", label)
    measure = level.group(1) if level else label
    return re.sub(r"\s*\(percentage points\)$", "", measure)


_CONTAINS_RE = re.compile(
    r"(?i)\b(?:includ(?:es|ed|ing)|contain(?:s|ed|ing)|compris(?:es|ed|ing)(?:\s+of)?|provid(?:es|ed|ing))"
    r"\s+(?:a\s+|an\s+|the\s+)?(?:total\s+of\s+)?(?:around\s+|about\s+|approximately\s+)?[+\-]?$"
)


def _owner_measure(clause: str, np: str, linker: str) -> str:
    """'The ASCH directorate has a forecast net overspend of' -> 'ASCH directorate forecast net
    overspend'; 'revenue reserves at the end of 2023-24 represent a reduction of' -> 'reduction in
    revenue reserves'. ``clause`` runs to the number, ``np`` is the measure read before ``linker``.
    Returns '' unless the measure is the object of a verb of having or reporting."""
    if linker.strip().lower() != "of" or re.search(r"(?i)\b(?:of|in|on|for)\b", np):
        return ""
    cut = clause.rfind(np)
    if cut < 0:
        return ""
    verb = _OWNER_VERB_RE.search(clause[:cut])
    if not verb:
        return ""
    subject = _subject(_WHEN_TAIL_RE.sub("", clause[: verb.start()].rstrip()) + " is")
    subject = _WHEN_TAIL_RE.sub("", _PERIOD_TAIL_RE.sub("", subject)).strip()
    if not subject or content_words(subject) < 1 or subject.split()[0].lower() in _CONJUNCTIONS:
        return ""
    if np.split()[-1].lower() in _CHANGE_HEADS:
        return f"{np} in {subject}"
    return f"{subject} {np}"


# "£4,376.2k (76%) relates to the capital budget", "£2m is attributable to agency staff"
_RELATES_RE = re.compile(
    r"(?i)\)?\s*(?:\([^()]{1,30}\)\s*)?(?:of\s+(?:this|that|which|the\s+[\w-]+)\s+)?(?:(?:is|was|are|were|has\s+been)\s+)?"
    r"(?:(?:relates?|related|relating)\s+(?:(?:directly|mainly|largely|primarily|entirely|wholly)\s+)?to|(?<=(?:is|was|are|were)\s+)(?:attributable|due)\s+to)\s+(?:the\s+)?"
)
_RELATIVE_RE = re.compile(
    r"(?i)\s*(?:which|that|who)\s+(?:(?:are|is|were|was|have\s+been|has\s+been|will\s+be)\s+)?(?P<rest>.+)"
)


def _np_and_relative(text: str, limit: int = 6) -> str:
    """The noun phrase ``text`` opens with and the relative clause that says which it is: 'savings
    which are unable to be delivered and ...' -> 'savings unable to be delivered'."""
    np = _np_after(text)
    if not np:
        return ""
    rest = text[text.find(np.split()[-1]) + len(np.split()[-1]) :] if np.split()[-1] in text else ""
    m = _RELATIVE_RE.match(rest)
    if not m:
        return np
    clause = _CLAUSE_STOP_RE.split(m.group("rest"), maxsplit=1)[0]
    words: list[str] = []
    for w in _words(clause):
        if len(words) >= limit or w == "," or _is_number(w) or w.lower() in {"and", "or", "but", "which"}:
            break
        words.append(w)
    while words and words[-1].lower() in _PREPOSITIONS | _DETERMINERS | _CONJUNCTIONS:
        words.pop()
    return f"{np} {' '.join(words)}" if words else np


# "in March", "in Quarter 3", "in the year": when, which the period column holds, not where
_TIME_WORD_RE = re.compile(
    r"(?i)(?:(?:19|20)?\d{2}\b|q[1-4]\b|quarter|year|month|week|day|period|"
    rf"{_MONTH_NAME}\b|(?:last|this|next|previous|same)\b|"
    r"(?:end|start|beginning|middle|close|half)\s+of\b|mid-|comparison\b)"
)


_COUNTED_STATE_RE = re.compile(
    r"(?i)\s+(?P<verb>were|are|was|is|had|have|has|remain|remained)\s+(?:(?:still|currently|now)\s+)?"
    r"(?P<adverb>[a-z]+ly\s+)?(?:(?:a|an|the)\s+)?(?P<state>.+)"
)


def _state_words(text: str, limit: int = 6) -> str:
    """The words of a clause's predicate up to where it turns to when, which or how much: 'in a
    short-term bed.' -> 'in short-term bed', 'open at the end of Quarter 3' -> 'open'."""
    clause = _CLAUSE_STOP_RE.split(text, maxsplit=1)[0]
    words = _words(clause)
    taken: list[str] = []
    for i, w in enumerate(words):
        low = w.lower()
        if (
            low == "and"
            and taken
            and i + 1 < len(words)
            and re.fullmatch(r"[A-Za-z][\w'’-]*", words[i + 1])
            and words[i + 1].lower() not in _DETERMINERS | _CONJUNCTIONS | _PREPOSITIONS | _AUXILIARIES
        ):
            taken.append(w)  # "an active care and support plan"
            continue
        if len(taken) >= limit or w == "," or _is_number(w) or low in {"which", "that", "who", "and", "but"}:
            break
        if low in _PREPOSITIONS | {"at", "by", "during", "since", "over"}:
            ahead = [x for x in words[i + 1 : i + 6] if x.lower() not in {"the", "end", "of", "start"}]
            if ahead and _TIME_WORD_RE.match(ahead[0]):
                break  # "at the end of Quarter 3": when, which the period column holds
        if low in _DETERMINERS:
            continue
        taken.append(w)
    while taken and taken[-1].lower() in _PREPOSITIONS | _CONJUNCTIONS:
        taken.pop()
    return " ".join(taken)


# "from the end of the previous Quarter", "in the same period last year": when, not which
_WHEN_PHRASE_RE = re.compile(
    r"(?i)\s+(?:from|in|at|during|since|by|over|to|for|as\s+at)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|close|middle)\s+of\s+(?:the\s+)?)?"
    r"(?:(?:previous|last|same|this|next|current|first|second|third|fourth|final)\s+)?"
    rf"(?:quarter|year|month|week|period|q[1-4]|{_MONTH_NAME})\b.*$"
)
# adjectives a count's noun takes a complement after: "children subject to a plan"
_TAKES_COMPLEMENT = {
    "subject",
    "eligible",
    "entitled",
    "known",
    "open",
    "referred",
    "admitted",
    "liable",
    "due",
}


_AGED_RE = re.compile(
    r"(?i)\s+aged\s+\d{1,3}(?:\s*(?:-|–|to)\s*\d{1,3})?(?:\s+years)?(?:\s+(?:and|or)\s+(?:over|above|older|under))?"
)
# what may follow an age in a group's name: "aged 65 years and over", "aged 18 or under"
_AGE_TAIL_RE = re.compile(
    r"(?i)(?:years?(?:\s+old)?\s*)?(?:(?:and|or)\s+(?:over|above|older|under|younger)\b)?"
)
_TIME_UNITS = {
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "second", "minute", "hour", "day", "week",
    "month", "year",
}  # fmt: skip


# a past-tense verb straight after the noun counted, then its object: "people received support"
_DID_TO_RE = re.compile(
    r"\s+([a-z]{3,}ed)\s+(?!(?:by|to|in|at|on|for|from|with|into|within|across|over|under|up|down|out|off|"
    r"back|away|and|or|as|since|during|between|than)\b)(?=(?:the|a|an|their|our|its|this|these)?\s*[A-Za-z])"
)
_PEOPLE_NOUNS = {
    "people", "persons", "residents", "patients", "children", "families", "adults", "carers", "parents",
    "pupils", "students", "staff", "users", "clients", "individuals", "visitors", "learners", "citizens",
    "applicants", "employees", "households", "volunteers", "participants", "attendees", "members",
}  # fmt: skip


def _counted(after: str) -> str:
    """What a count counts, from the words after it: '1,449 families'; one noun is completed by the
    participle or the place that says which of them: '52 homes created', '18 projects have been
    approved', '771,600 visits to Kent's Libraries'."""
    if re.match(r"(?i)\s*(?:across|in|at|of|for|from|to|by|on|over|under|with|within)\b", after):
        return ""  # "288 across eight Kent districts": no noun says what was counted
    per = re.match(r"(?i)\s*([a-z][a-z-]+)\s*/\s*(year|annum|week|month|day|quarter)\b", after)
    if per:
        return f"{per.group(1)} per {per.group(2).lower()}"  # "4 sessions / year"
    np = _WHEN_PHRASE_RE.sub("", _np_after(after))
    if np and (np.split()[0].lower() in _AUXILIARIES or np.split()[0].lower() in ("out", "up", "down")):
        return ""  # "300 were accepted", "45 out of 50": a verb or a particle follows, not a noun
    if _TIME_WORD_RE.match(np) or _POINTS_RE.match(np):
        return ""  # "falling to 3,828 at the end of July": when, not what is counted
    if np.lower().endswith(" aged"):
        np = np[: -len(" aged")]  # the age that follows is part of the name: see _AGED_RE
    rest = after[after.find(np) + len(np) :] if np else ""
    last = np.split()[-1].lower() if np else ""
    m = re.match(r"\s+(to|for)\s+(?:an?\s+|the\s+)?", rest)
    if m and last in _TAKES_COMPLEMENT:
        # "1,109 children subject to a child protection plan", "people eligible for the vaccine"
        what = _np_after(rest[m.end() :], limit=5)
        return f"{np} {m.group(1)} {what}" if what else np
    age = _AGED_RE.match(rest) if np else None
    if age:
        return f"{np} {' '.join(age.group(0).split())}"  # "179,200 people aged 65 years or over"
    if np and " " in np:
        passive = re.match(r"\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+([a-z]{3,}ed)\b", rest)
        if passive and passive.group(1) not in _NOUNS_IN_VERB_FORM and last not in _TIME_UNITS:
            return f"{np} {passive.group(1)}"  # "796 carer assessments were completed": which of them
    if not np or " " in np:
        return np
    m = re.match(r"\s+(?:(?:have|has|had|were|was|are|is|will)\s+(?:been\s+|be\s+)?)?([a-z]{3,}ed)\b", rest)
    if m and last in _TIME_UNITS:
        return np  # "6 minutes 26 seconds remained higher": a time, which no participle describes
    if m and m.group(1) not in _NOUNS_IN_VERB_FORM - {"supported", "commissioned", "assessed"}:
        done = _DID_TO_RE.match(rest)
        thing = _np_after(rest[done.end() :], limit=6) if done else ""
        if thing and content_words(thing) >= 1 and not _TIME_WORD_RE.match(thing):
            # "2,296 people received support from KEaH": the verb is the clause's, with its object,
            # and says which people are counted
            who = "who" if last in _PEOPLE_NOUNS else "that"
            return f"{np} {who} {done.group(1)} {thing}"
        return f"{np} {m.group(1)}"
    m = re.match(r"\s+(to|in|at|across|from|for|with|on|into|under)\s+", rest)
    if m:
        # "2514 posts across our 6 directorates": the place's own count is not part of its name
        place = _np_after(
            re.sub(r"^((?:our|their|the|its|all)\s+)?\d[\d,]*\s+", r"\1", rest[m.end() :]), limit=4
        )
        if place and not _TIME_WORD_RE.match(place) and not _WHEN_TAIL_RE.search(" in " + place):
            return f"{np} {m.group(1)} {place}"
    m = _COUNTED_STATE_RE.match(rest)
    if m:
        # "16,872 people had an active care and support plan", "102 pupils were permanently excluded",
        # "1,369 people were in a short-term bed": the clause says which of them are counted
        state = _state_words(m.group("state")) if m.group("state")[:1].isalpha() else ""
        if not state or _TIME_WORD_RE.match(state):
            return np
        joined = "with" if m.group("verb").lower() in {"had", "have", "has"} else ""
        if state.lower().startswith("been "):
            joined, state = "", state[len("been ") :]  # "7 doctors have been revalidated": a passive
        return " ".join(w for w in (np, m.group("adverb") or "", joined, state) if w)
    return np


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def is_listed_verb(word: str) -> bool:
    """Is ``word`` one of the verbs the readers know by name ("added", "spent"), rather than a word
    that only looks like one ("pooled", "delayed")?"""
    return word.lower().strip("'’") in _VERBS


def is_verb(word: str) -> bool:
    w = word.lower().strip("'’")
    if w in _NOUNS_IN_VERB_FORM:
        return False
    if w in _VERBS:
        return True
    if re.fullmatch(r"[a-z]+-[a-z]+(?:ed|ing)", w):
        return False  # "service-related", "community-based": a compound adjective
    # a capitalised "Funding" or "Housing" is part of a name
    return len(w) > 4 and (w.endswith("ed") or w.endswith("ing")) and word[:1].islower()


def _reduced_relative(before: str) -> bool:
    """Is the word before a participle a noun it describes ("reviews completed"), rather than an
    auxiliary or a verb ("were completed", "has increased")?"""
    low = before.lower()
    return (
        bool(re.match(r"^[a-z][a-z'’-]+$", low))
        and low not in _VERBS | _CONJUNCTIONS | _DETERMINERS | _PREPOSITIONS
        and not is_verb(before)
    )


def _is_number(word: str) -> bool:
    return bool(re.match(r"^[£$]?[+\-]?\d", word))


def _np_before(text: str, limit: int = 12, head_noun: bool = False) -> str:
    """The noun phrase that ends where ``text`` ends, read back to a word that cannot be in it.
    ``head_noun``: the last word is followed by "of" or "at", so a word that is a noun as often as
    a verb ("return", "cost") is the phrase's head."""
    # "The total return (comprised of both income and capital returns) on the pooled fund": an aside
    # inside the phrase is read past; a short bracket ("(ASCH)") stays a stop
    text = _ASIDE_RE.sub("", text)
    stop = list(_CLAUSE_STOP_RE.finditer(text))
    if stop:
        text = text[stop[-1].end() :]
    words = _words(text)
    taken: list[str] = []
    i = len(words) - 1
    while i >= 0 and len(taken) < limit:
        w = words[i]
        low = w.lower()
        if w == ",":
            break
        if (
            _is_number(w)
            and i > 0
            and words[i - 1].lower() in _NAMED_BY_NUMBER
            and re.fullmatch(r"\d{1,2}", w)
        ):
            taken[:0] = [words[i - 1], w]  # "Band 6 AHP", "Key Stage 2 pupils": the number is in the name
            i -= 2
            continue
        if _is_number(w) and not _PERIOD_WORD_RE.match(w):
            if len(taken) > 2 and taken[1].lower() in _PREPOSITIONS | {"to"}:
                # "a £101.4m increase on the final approved budget of £1,429.5m": "increase" is the
                # other number's noun; this one is what follows its preposition
                del taken[:2]
            break
        if low in _DETERMINERS:
            verb_before = i > 2 and words[i - 3].lower() in _MODALS | _AUXILIARIES | {"to", "will"}
            if i > 0 and words[i - 1].lower() in _PREPOSITIONS and taken and not verb_before:
                # "share of this allocation": the determiner sits inside the phrase; in "will result
                # in an hourly rate" the preposition is the verb's
                i -= 1
                continue
            break
        if low in ("and", "&") and taken and i > 0 and words[i - 1][:1].isupper() and taken[0][:1].isupper():
            taken.insert(0, w)  # "Adult Social Care and Health": one name
            i -= 1
            continue
        if low == "to" and taken and i > 0 and words[i - 1].lower() in _CHANGE_TO_WORDS:
            taken.insert(0, w)  # "the net changes to share of retained business rates growth"
            i -= 1
            continue
        if (
            low == "and"
            and taken
            and i > 0
            and len(taken) <= 3
            and re.fullmatch(r"[a-z][a-z-]+", words[i - 1])
            and words[i - 1] not in _DETERMINERS | _PREPOSITIONS | _CONJUNCTIONS
            and not is_verb(words[i - 1])
            and words[i - 1] not in _VERBS
            and not is_verb(taken[0])
        ):
            taken.insert(0, w)  # "net savings and income proposals": two nouns sharing a head
            i -= 1
            continue
        if low == "to" and taken and i > 0 and words[i - 1].lower().endswith("ed"):
            taken[:0] = [words[i - 1], w]  # "required to deliver savings": what the sum is for
            break
        if not taken and head_noun and low in _NOUN_OR_VERB and (i == 0 or not is_verb(words[i - 1])):
            taken.insert(0, w)  # "a total income return of £54.1m": before "of" the word is a noun
            i -= 1
            continue
        if _in_name(words, i):
            taken.insert(0, w)  # "Non Attributable Costs": a word of a name, not the verb "costs"
            i -= 1
            continue
        if (
            not taken
            and low.endswith("ed")
            and i > 0
            and _names_things(words[i - 1])
            and not _CHANGE_WORD_RE.match(w)
            and low not in _VERBS
        ):
            taken.insert(0, w)  # "the number of new homes funded is 288": which homes
            i -= 1
            continue
        if low.endswith("ed") and is_verb(w):
            # "savings not being delivered": a passive participle after its noun, negated or not
            j = i - 1
            while j >= 0 and words[j].lower() in ("not", "being", "yet", "still"):
                j -= 1
            if j < i - 1 and j >= 0 and _reduced_relative(words[j]):
                taken[:0] = words[j + 1 : i + 1]
                i = j
                continue
        if (
            taken
            and low.endswith(("ed", "ing"))
            and i > 0
            and (
                words[i - 1].lower() in _DETERMINERS - {"which", "whose"}
                or words[i - 1].lower() in _STAGE_ADJECTIVES | _MEASURE_MODIFIERS
            )
        ):
            taken.insert(0, w)  # "the required saving", "the proposed budget": between "the" and a noun
            i -= 1
            continue
        if (
            low in _NOUN_OR_VERB
            and taken
            and taken[0].lower() in _PREPOSITIONS
            and i > 0
            and words[i - 1].lower() in _DETERMINERS | _MEASURE_MODIFIERS | {"total"}
        ):
            taken.insert(0, w)  # "the total return on the pooled fund": after "the total", a noun
            i -= 1
            continue
        if low in _CONJUNCTIONS or low in _VERBS and not (taken and low in _NOUNS_IN_VERB_FORM):
            break  # "service related pressures": before a noun, a word that names things stays
        if (
            taken
            and low.endswith(("ing", "ed"))
            and (low not in _VERBS or i > 0 and words[i - 1].lower() in _DETERMINERS)
            and len(taken) <= 2
            and i > 0
            and words[i - 1].lower() in _PREPOSITIONS | _DETERMINERS
        ):
            taken.insert(0, w)  # "from smoothing reserves", "the pooled fund": a modifier, not a verb
            i -= 1
            continue
        if is_verb(w) and not (taken and i > 0 and _reduced_relative(words[i - 1])):
            break  # "reviews completed within timescale": a participle after a noun stays in the phrase
        taken.insert(0, w)
        i -= 1
    while taken and (
        taken[0].lower() in _PREPOSITIONS | _DETERMINERS
        or taken[0] in ("&", "and")
        or len(taken) > 2
        and taken[0].lower() in _PARTICLES
        and taken[1].lower() in _PREPOSITIONS
    ):
        taken.pop(0)  # "a total of £56.7m out of a total planned savings of £88.9m": "out of" is the link
    return " ".join(taken)


def _in_name(words: list[str], i: int) -> bool:
    """Is ``words[i]`` inside a capitalised name ("Non Attributable Costs", "Fair Cost of Care"),
    where a word that is elsewhere a verb ("Costs", "Support") names a thing?"""
    w = words[i]
    return (
        w[:1].isupper()
        and w.lower() not in _AUXILIARIES
        and i > 0
        and words[i - 1][:1].isupper()
        and words[i - 1].lower() not in _AUXILIARIES | _DETERMINERS
        and not _is_number(words[i - 1])
    )


_AUXILIARIES = {"is", "was", "are", "were", "has", "have", "had", "will", "would", "be", "been"}


_COMPARATIVES = {
    "lower",
    "higher",
    "more",
    "less",
    "better",
    "worse",
    "greater",
    "fewer",
    "larger",
    "smaller",
}
_EXPECTED_WORDS = {
    "expected", "forecast", "anticipated", "planned", "budgeted", "assumed", "estimated", "predicted",
    "projected", "usual", "normal", "average", "previously",
}  # fmt: skip


def _np_after(text: str, limit: int = 10) -> str:
    """The noun phrase that starts where ``text`` starts, read on to a word that cannot be in it."""
    stop = _CLAUSE_STOP_RE.search(text)
    if stop:
        text = text[: stop.start()]
    taken: list[str] = []
    words = _words(text)
    modifiers_left = 0  # after "the", the words that may be participles describing the noun
    describing: set[int] = set()
    skip_next = False  # a word already taken with the one before it
    for i, w in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        low = w.lower()
        if len(taken) >= limit or w == "," and not taken:
            break
        if (
            low in ("and", "&")
            and taken
            and taken[-1] != ","
            and i + 1 < len(words)
            and _joins_noun(words[i + 1])
        ):
            taken.append(w)  # "carers and respite": two things the sum is for
            continue
        if w == ",":
            taken.append(w)
            continue
        if (
            low == "to"
            and taken
            and taken[-1].lower() in _CHANGE_TO_WORDS | _CHANGE_TO_HEADS | _GIVEN_TO_NOUNS
        ):
            taken.append(w)  # "a 1.35% increase to the Kent Scheme pay scales": what was increased
            continue
        if (
            _is_number(w)
            and not taken
            and i + 2 < len(words)
            and words[i + 1].lower() in _TIME_UNITS
            and not words[i + 1].endswith("s")
            and words[i + 2].isalpha()
        ):
            taken.append(w)  # "6-12 month maturities": a time used as an adjective describes the noun
            continue
        if (
            low == "age"
            and taken
            and taken[-1].lower() in ("under", "over", "below", "above")
            and i + 2 < len(words)
            and words[i + 1].lower() == "of"
            and _is_number(words[i + 2])
        ):
            taken.append(words[i + 2])  # "children under the age of 18": children under 18
            break
        if _is_number(w) and taken and taken[-1].lower() in ("aged", "age", "ages"):
            # "80.1% of males aged 85+", "patients at age 65": the age says which of them
            taken.append(w + "+" if re.search(rf"(?<![\d.]){re.escape(w)}\+", text) else w)
            tail = _AGE_TAIL_RE.match(" ".join(words[i + 1 : i + 4]))
            if tail:
                taken.extend(tail.group(0).split())
            break
        if (
            low == "than"
            and taken
            and taken[-1].lower() in _COMPARATIVES
            and i + 1 < len(words)
            and words[i + 1].lower() in _EXPECTED_WORDS
        ):
            # "for lower than expected Council tax base": a comparison that describes the noun
            taken.extend([w, words[i + 1]])
            skip_next, limit = True, limit + 2  # the comparison's words are not the phrase's length
            continue
        if _is_number(w) or low in _CONJUNCTIONS and not (w.isupper() and len(w) > 1):
            break  # "IT reserve", "US rates": an acronym, not the pronoun
        if low in _DETERMINERS:
            if taken and (taken[-1].lower() in _PREPOSITIONS or taken[-1] == "to"):
                modifiers_left = 2  # "the pooled fund", "the final approved budget": they describe a noun
                continue
            if not taken:
                continue
            break
        if (
            taken
            and is_verb(w)
            and not modifiers_left
            and not (low in _NOUN_OR_VERB and taken[-1].lower() in _MEASURE_MODIFIERS)
            # "complex health needs", "care and support needs": after a noun, "needs" is one
            and not (low == "needs" and re.fullmatch(r"[a-z]+", taken[-1]) and not is_verb(taken[-1]))
            and not (
                low in _NOUN_OR_VERB and i + 1 < len(words) and words[i + 1].lower() in _AUXILIARIES | _MODALS
            )
            and not _compound_participle(words, i)
            # "contribution into corporate smoothing reserves": after a preposition and an adjective,
            # an -ing word before a noun describes it
            and not (
                low.endswith("ing")
                and len(taken) >= 2
                and taken[-2].lower() in _PREPOSITIONS | {"into"}
                and i + 1 < len(words)
                and re.fullmatch(r"[a-z]+s", words[i + 1])
            )
            # "reduced the number of people waiting by 17%": the phrase ends on the participle
            and not (i == len(words) - 1 and low.endswith("ing") and taken[-1].lower() in _PEOPLE_NOUNS)
        ):  # "the total salary cost would cover": before a verb of its own, the word is the noun
            break  # "the £426k annual cost of ...": after a modifier, "cost" is the noun
        if modifiers_left and (is_verb(w) or low in _TIME_MODIFIERS):
            describing.add(len(taken))  # stays only if a noun follows it
        modifiers_left = max(0, modifiers_left - 1)
        if not taken and low in _PREPOSITIONS:
            continue
        taken.append(w)
    while taken and (
        taken[-1].lower() in _PREPOSITIONS | _DETERMINERS | {",", "to"}
        or taken[-1] in ("&", "and")
        or len(taken) - 1 in describing  # "in the last 3 months": no noun came after "last"
    ):
        taken.pop()
    return " ".join(taken).replace(" ,", ",")


def _compound_participle(words: list[str], i: int) -> bool:
    """ "core funded spending growth", "school crossing patrol sites", "externally funded schemes": a
    participle inside a noun phrase, before the noun it describes, rather than the verb after it
    ("grants received in 2024", "families attended sessions")."""
    if (
        not words[i].lower().endswith(("ed", "ing"))
        or i + 2 >= len(words)
        or words[i].lower() in _LINKING_PARTICIPLES
    ):
        return False
    before = words[i - 1].lower() if i else ""
    if before in _PEOPLE_NOUNS or (before.endswith("s") and not before.endswith("ss")):
        return False  # "families attended sessions": after a plural noun, the verb of its clause
    if i > 1 and words[i - 1][:1].isupper() and words[i].lower().endswith("ed"):
        return False  # "the Council received grants", "the Government announced funding": a name's verb
    j = i + 1
    while j + 1 < len(words) and words[j].lower().endswith(("ed", "ing")) and is_verb(words[j]):
        j += 1  # "core funded spending growth": participles in a row, then the noun
    nxt = words[j].lower()
    return (
        j + 1 < len(words)
        and nxt.isalpha()
        and nxt not in _PREPOSITIONS | _DETERMINERS | _CONJUNCTIONS | _AUXILIARIES | _TIME_MODIFIERS | _MODALS
        and nxt not in _PARTICLES | _COMPARATIVES
        and not is_verb(nxt)
        and not _is_adverb(nxt)
        and words[j + 1].lower() not in _DETERMINERS
    )


# sums given to something, which the "to" names: "contribution to IT reserve", "transfer to reserves"
_GIVEN_TO_NOUNS = {
    "contribution", "contributions", "transfer", "transfers", "payment", "payments", "grant", "grants",
    "loan", "loans", "allocation", "allocations", "investment", "drawdown", "top-up",
}  # fmt: skip
_LOSS_WORDS = {"loss", "gain", "shortfall", "cut"}
_PARTICLES = {"up", "down", "out", "off", "back", "away", "forward", "together"}
# participles that work as prepositions: "(including proposed increase ...)", "following announcement"
_LINKING_PARTICIPLES = {
    "including", "excluding", "following", "regarding", "concerning", "according", "during", "pending",
    "notwithstanding", "compared", "relating", "totalling", "totaling", "representing", "reflecting",
}  # fmt: skip


def noun_phrase_opening(text: str, limit: int = 8) -> str:
    """The noun phrase a clause opens with, cut where the phrase ends ("the existing ASC RNF (as we
    had been expecting) and ..." -> "existing ASC RNF")."""
    return _np_after(" " + text, limit=limit)


# the clause after "X% of the people": its verb says which of them the share is
_GROUP_VERB_RE = re.compile(
    r"(?i)^(?P<group>.{3,60}?)\s+(?P<verb>are|is|were|was|have|has|had|being|who\s+(?:are|were|have|had)|"
    r"(?:can|could|may|might|must|should|will|would)\s+be)\s+"
    r"(?P<said>.+)$"
)


def _group_said(text: str, limit: int = 12) -> str:
    """The group a clause says a share is of, "councils are on course to overspend on their adult
    social care budget" -> "councils on course to overspend on adult social care budget", or ""."""
    clause = _CLAUSE_STOP_RE.split(text, maxsplit=1)[0]
    m = _GROUP_VERB_RE.match(clause.strip())
    if not m or re.search(r"\d", re.sub(r"(?i)\b(?:at\s+)?(?:age|aged)\s+\d{1,3}\+?", "", m.group("group"))):
        return ""
    # "patients at age 65 had no long term condition": those with none
    had = (
        "with "
        if m.group("verb").lower() in ("have", "has", "had") and not m.group("said").startswith("been")
        else ""
    )
    words = [w for w in _words(f"{m.group('group')} {had}{m.group('said')}") if w.lower() not in _DETERMINERS]
    taken: list[str] = []
    for w in words[:limit]:
        if (_is_number(w) and not (taken and taken[-1].lower() in ("age", "aged"))) or w == ",":
            break  # a number ends the group, unless it is the age that names it ("at age 65")
        taken.append(w)
    if len(words) > limit:
        # cut short: the last prepositional phrase is unfinished ("... budget in the current")
        cut = max(
            (i for i, w in enumerate(taken) if w.lower() in _PREPOSITIONS and i > 1), default=len(taken)
        )
        taken = taken[:cut]
    when = {"year", "quarter", "month", "week", "period", "current", "financial", "this", "last", "next"}
    for i in range(len(taken) - 1, 1, -1):
        if taken[i].lower() in _PREPOSITIONS and all(w.lower() in when for w in taken[i + 1 :]):
            taken = taken[:i]  # "... in the year": when, which the period column holds
            break
    while taken and taken[-1].lower() in _PREPOSITIONS | _CONJUNCTIONS:
        taken.pop()
    return " ".join(taken) if len(taken) >= 2 else ""


def _group_did(text: str, np: str) -> str:
    """The group a share is of, by what its members did or do: "BMA members voted in favour of
    taking industrial action" -> "BMA members who voted in favour of taking industrial action",
    "responding attendees rating the event as excellent" -> as written; "" when no verb follows."""
    if not np or content_words(np) < 1:
        return ""
    words = np.split()
    at = text.find(words[-1])
    takes_object = re.match(r"(?i)\s+(?:the|a|an|their|its|this|these)\b", text[at + len(words[-1]) :])
    if len(words) > 1 and words[-1].lower().endswith(("ing", "ed")) and (is_verb(words[-1]) or takes_object):
        np = " ".join(words[:-1])  # "responding attendees rating the event": the verb ended the phrase
    at = text.find(np.split()[-1])
    rest = text[at + len(np.split()[-1]) :] if at >= 0 else ""
    m = re.match(r"\s+([a-z]{3,}(?:ed|ing))\s+", rest)
    verb_like = m and (
        is_verb(m.group(1)) or re.match(r"(?i)\s*(?:the|a|an|their|its)\b", rest[m.end() - 1 :])
    )
    if not m or not verb_like or _CHANGE_WORD_RE.match(m.group(1)):
        return ""  # "of contacts increased ...": a change, read elsewhere
    state = _state_words(rest[m.end() :], limit=8)
    if content_words(state) < 1:
        return ""
    verb = m.group(1)
    who = "who " if verb.endswith("ed") and np.split()[-1].lower() in _PEOPLE_NOUNS | _GROUP_NOUNS else ""
    return f"{np} {who}{verb} {state}"


_LIST_GAP_RE = re.compile(r"(?i)[^.;:()£\d]{0,60}?(?:,\s*(?:and\s+)?|\s+and\s+)" + _APPROX + "?")
_HAS_RE = re.compile(r"(?i)\s(?:has|have|had)\s+(?:now\s+)?" + _APPROX + "?$")
# words a number names a grade or stage after ("Band 6", "Stage 2"), inside a noun phrase
_NAMED_BY_NUMBER = {"band", "grade", "stage", "tier", "level", "phase", "step"}
# what an amount is counted in, rather than things counted for themselves
_AMOUNT_NOUNS = {
    "hours", "shifts", "days", "weeks", "posts", "beds", "places", "fte", "wte", "sessions", "visits",
    "appointments", "contacts", "referrals", "staff", "tonnes",
}  # fmt: skip
_GROUP_NOUNS = {
    "members",
    "respondents",
    "attendees",
    "participants",
    "staff",
    "employees",
    "users",
    "carers",
}


def _joins_noun(word: str) -> bool:
    """Can ``word`` follow "and" inside a noun phrase ("carers and *respite*")?"""
    low = word.lower()
    return (
        bool(re.fullmatch(r"[A-Za-z][\w'’-]*", word))
        and low not in _DETERMINERS | _CONJUNCTIONS | _PREPOSITIONS | _VERBS
        and not is_verb(word)
    )


def _names_things(word: str) -> bool:
    """Is ``word`` one plural noun ("Admissions", "referrals"), not "addition" or "grant"?"""
    return bool(re.fullmatch(r"[A-Za-z]{3,}[^s']s", word.strip()))


# words that open an adverbial phrase, not a subject: "For future planning, ..."
_OPENERS = {
    "for", "in", "at", "on", "during", "as", "with", "over", "following", "since", "after", "before",
    "from", "by", "under", "within", "across", "to", "while", "whilst", "although", "though", "when",
    "if", "despite", "given", "overall", "additionally", "however", "further", "furthermore",
}  # fmt: skip
# the first word of a phrase saying when, before a sentence's subject: "In Quarter 2, the ..."
_TIME_OPENERS = {"in", "during", "by", "at", "since", "over", "throughout"}
# the stems of the verbs that say a number changed, for both readers below
_CHANGE_STEMS = (
    r"increas|decreas|reduc|rais|ris|rose|grow|grew|fall|fell|drop|declin|improv|deteriorat|chang|mov|went"
)
_CHANGE_WORD_RE = re.compile(rf"(?i)(?:{_CHANGE_STEMS})")
# "increased by 12 children over the Quarter to 1,238": a change, then the level it reached
_CHANGED_BY_RE = re.compile(
    rf"(?i)\b(?:{_CHANGE_STEMS})\w*\s+(?:[a-z]+ly\s+)?by\s+(?:around\s+|about\s+)?[+\-]?$"
)
_THEN_TO_RE = re.compile(
    r"(?i)\s*(?:%|[kmb]n?|bn|million|billion)?\s*(?:[A-Za-z'’-]+\s+){0,5}?to\s*(?:around\s+|about\s+)?"
)
# "858 people waiting, which has reduced from 986": the measure before it, at an earlier level
_WHICH_CHANGED_FROM_RE = re.compile(
    rf"(?i),\s*(?:which|this)\s+(?:has\s+|have\s+|had\s+)?(?:now\s+)?(?:{_CHANGE_STEMS})\w*\s+from\s+$"
)
# "is projected to increase from": the verb just before a starting level
_CHANGED_FROM_RE = re.compile(rf"(?i)\b(?:{_CHANGE_STEMS})\w*\s*$")
_SENTENCE_ADVERBS = {
    "overall",
    "additionally",
    "however",
    "currently",
    "further",
    "furthermore",
    "also",
    "again",
}
_CHANGE_TO_WORDS = {
    "changes",
    "change",
    "cuts",
    "cut",
    "adjustments",
    "adjustment",
    "additions",
    "amendments",
}
# what a subject does to the people or things it counts, and its participle: "reaching 75 parents"
_DONE_TO = {
    "reach": "reached", "support": "supported", "help": "helped", "engage": "engaged", "serve": "served",
    "train": "trained", "visit": "visited", "treat": "treated", "house": "housed", "employ": "employed",
    "assess": "assessed", "contact": "contacted", "attract": "attracted", "see": "seen", "welcome": "welcomed",
    # verbs that make or handle the things a count counts: "create 52 homes" -> homes created
    "create": "created", "deliver": "delivered", "complete": "completed", "approve": "approved",
    "build": "built", "recruit": "recruited", "receive": "received", "provide": "provided",
    "process": "processed", "issue": "issued", "make": "made", "open": "opened", "return": "returned",
    "place": "placed", "admit": "admitted", "install": "installed", "plant": "planted", "inspect": "inspected",
    "answer": "answered", "resolve": "resolved", "appoint": "appointed", "award": "awarded",
}  # fmt: skip


_STAT_MEASURE_RE = re.compile(
    r"(?i)(?<![\w-])(?:gap|rate|ratio|salary|pay|earnings|cost|score|income)\b"
    r"(?!\s+(?:gap|rate|ratio|salary|pay|earnings|cost|score|income)\b)"
)
_STATISTIC_RE = re.compile(r"(?i)\b(?:mean|median|average)\b")
_OTHER_STATISTIC_RE = re.compile(
    r"(?i)\b(?:and|while|whilst|but)\s+(?:the\s+)?(mean|median|average)\s+(?:is|was|of|at|stands\s+at)\s+[+\-]?$"
)
# "Of the 2,016 care leavers, 1,036 ..., and 980": the whole a sentence opens on, before its parts
_OF_THE_WHOLE_BEFORE_RE = re.compile(
    r"(?i)^\s*of\s+(?:the|these|those|all)\s+(?:[\d,]+\s+)?(?P<things>[^,;:()\d£%]{3,60}?)\s*,"
)
_OF_WHICH_BEFORE_RE = re.compile(r"(?i)\bof\s+(which|whom|these|those)\s+$")
_SAID_STATE_RE = re.compile(r"(?i)^\s+(were|was|have\s+been|has\s+been|had\s+been|are|is)\s+")
_OF_WHOM_RE = re.compile(
    r"(?i)^\s+of\s+(whom|which|these|those|them)\s+(?:(?:have|has|had|were|was|are|is)\s+)?"
)
_CHANGE_IN_BY_RE = re.compile(
    r"(?i)\b(?P<noun>"
    + "|".join(sorted(_CHANGE_HEADS))
    + r")s?\s+in\s+(?P<what>[^,;:()£%\d]{3,80}?)\s+by\s+"
    + _APPROX
    + r"?[+\-]?$"
)
_LEVEL_OF_RE = re.compile(
    r"(?i)\s+(?:remains?|remained|stays?|stayed|is|was|are|were|held|kept|maintained)\s+at\s+"
    r"(?:the|a|its|their|this|that)?\s*[^,;:()£%]{0,40}?\blevels?\s+of\s+" + _APPROX + r"?[+\-]?$"
)
_LIST_NUMBER = r"[£$]?\d[\d,]*(?:\.\d+)?\s*(?:%|bn\b|[kmb]\b|million\b|billion\b)?"
_RESPECTIVELY_RE = re.compile(
    r"(?i)(?P<nums>"
    + _LIST_NUMBER
    + r"(?:\s*,\s*"
    + _LIST_NUMBER
    + r")*\s*,?\s*(?:and|&)\s*"
    + _LIST_NUMBER
    + r")"
    r"\s*,?\s*(?:\)\s*)?respectively\b(?P<after>\s*(?:for|to|in|on|of)\s+[^.;:]+)?"
)
_RESPECTIVE_LINK_RE = re.compile(
    r"(?i)\s*(?:,\s*)?(?:(?:which|that)\s+)?(?:are|were|is|was|being|of|at|stood\s+at|stand\s+at|totalled|"
    r"reached|were\s+set\s+at|are\s+set\s+at)?\s*(?:\(\s*)?$"
)


def _respective_name(text: str, number: ParsedNumber, s: int, e: int) -> str:
    """'the National Living Wage and the Voluntary Living Wage which are £12.21 and £12.60
    respectively', '£2m and £3m respectively for adults and children': the name in the same place
    of the list of names as the number in its list of numbers."""
    for m in _RESPECTIVELY_RE.finditer(text, s, e):
        if not m.start("nums") <= number.start < m.end("nums"):
            continue
        nums = list(re.finditer(_LIST_NUMBER, m.group("nums")))
        at = next((i for i, n in enumerate(nums) if m.start("nums") + n.start() == number.start), None)
        if at is None:
            return ""
        head = text[s : m.start("nums")]
        if m.group("after"):
            prep = m.group("after").split()[0].lower()
            listed = m.group("after").strip()[len(prep) :]
            pieces = [_np_after(p, limit=8) for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+", listed)][
                : len(nums)
            ]
            # "allocations of £2m and £3m respectively for adults and children": the sums' own noun
            owner = _np_before(re.sub(r"(?i)\s+of\s*$", "", head), limit=4)
            if pieces and 1 <= content_words(owner) <= 3:
                pieces = [f"{owner} {prep} {p}" for p in pieces]
        else:
            link = _RESPECTIVE_LINK_RE.search(head)
            head = head[: link.start()] if link else head
            pieces = [_np_before(p, limit=8) for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+", head)][
                -len(nums) :
            ]
            # "an increase in eBook and eAudiobook issues", "occupancy in Ashford, Dover and Thanet",
            # "the mean and median pay gaps": the words the list's items share, given to each
            shared = re.match(r"(?i)(.+?\s+(?:in|for|of|at))\s+(\S.*)$", pieces[0]) if pieces else None
            if shared and not any(re.search(r"(?i)\s(?:in|for|of|at)\s", p) for p in pieces[1:]):
                prefix, cores = shared.group(1), [shared.group(2), *pieces[1:]]
            else:
                prefix, cores = "", list(pieces)
            if len(cores) > 1 and all(len(c.split()) == 1 for c in cores[:-1]) and len(cores[-1].split()) > 1:
                noun = " ".join(cores[-1].split()[1:])
                cores = [f"{c} {noun}" for c in cores[:-1]] + [cores[-1]]
            pieces = [f"{prefix} {c}".strip() for c in cores]
        if len(pieces) == len(nums) and all(content_words(p) >= 1 for p in pieces):
            return pieces[at]
        return ""
    return ""


def _verb_forms(base: str, done: str) -> list[str]:
    """'create' -> create, creates, created, creating; 'see' -> see, sees, seen, seeing."""
    ing = (base[:-1] if base.endswith("e") and not base.endswith("ee") else base) + "ing"
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    return [base, third, done, ing] + ([base + "ed"] if not done.endswith("ed") else [])


_DONE_FORMS = {form: done for base, done in _DONE_TO.items() for form in _verb_forms(base, done)}
_DONE_TO_RE = re.compile(
    r"(?i)\s(?P<verb>" + "|".join(sorted(_DONE_FORMS, key=len, reverse=True)) + r")\s+"
    r"(?:(?:around|about|approximately|over|more\s+than|nearly|almost|some|a\s+total\s+of|an\s+estimated)\s+)?$"
)
_TIME_MODIFIERS = {"last", "next", "past", "first", "previous", "coming", "following"}
# "an increase to the pay scales", "a contribution to the pooled fund": what was changed or given
_CHANGE_TO_HEADS = {w for head in _CHANGE_HEADS for w in (head, f"{head}s")} | {
    "contribution",
    "contributions",
}
# verbs by which minutes report who said what
_SPEECH_VERBS = {
    "noted", "notes", "said", "says", "highlighted", "highlights", "explained", "explains", "advised",
    "informed", "stated", "states", "confirmed", "reported", "reports", "asked", "commented",
    "welcomed", "thanked", "outlined", "presented", "assured", "queried", "added", "suggest", "suggests",
    "suggested", "predict", "predicts", "predicted", "expect", "expects", "believe", "believes", "indicate",
    "indicates", "show", "shows", "showed", "anticipate", "anticipates",
}  # fmt: skip
# participles that say which people or things a count is of ("patients waiting", "children living")
_WAITING_WORDS = {"waiting", "living", "receiving", "using", "attending", "awaiting", "accessing"}


def _subject(before: str) -> str:
    """The sentence's subject: its words up to the first verb, when they are few."""
    words = _words(before)
    taken: list[str] = []
    opened = ""  # "when": an opening phrase saying when came first; "said": a verb of saying did
    skip = False
    for i, w in enumerate(words):
        if skip:
            skip = False
            continue
        if (
            is_verb(w)
            and w.lower().endswith(("ed", "ing"))
            and i > 0
            and (
                words[i - 1].lower() in _DETERMINERS
                or words[i - 1].lower() in ("of", "with", "for")
                and i + 1 < len(words)
                and words[i + 1].lower() not in _AUXILIARIES | _PREPOSITIONS | _MODALS
            )
        ):
            # "the reported overspend", "the number of unaccompanied children": after a determiner
            # or "of", a participle describes the noun that follows it
            taken.append(w)
            continue
        if (
            taken
            and w.lower().endswith("ed")
            and not _CHANGE_WORD_RE.match(w)
            and _reduced_relative(words[i - 1])
            and i + 1 < len(words)
            and words[i + 1].lower() in {"for", "under", "within", "to", "in", "on"}
        ):
            taken.append(w)  # "the percentages awarded for each rating were": a reduced relative
            continue
        if (
            taken
            and w.lower() in ("now", "currently", "still")
            and i + 1 < len(words)
            and words[i + 1].lower() in _WAITING_WORDS
        ):
            continue  # "patients now waiting more than 52 weeks": when, inside the phrase that says which
        if (
            taken
            and w.lower().endswith("ing")
            and w.lower() in _WAITING_WORDS
            and (_reduced_relative(words[i - 1]) or words[i - 1].lower() in ("now", "currently", "still"))
        ):
            taken.append(w)  # "people waiting more than 52 weeks": which of them
            continue
        if (
            taken
            and _is_number(w)
            and taken[-1].lower() in {"than", "over", "under", "within", "for"}
            and (
                i + 1 < len(words)
                and words[i + 1].lower() in _TIME_UNITS
                or i + 2 < len(words)
                and _is_number(words[i + 1])
                and words[i + 2].lower() in _TIME_UNITS
            )
        ):
            # "waiting more than 52 weeks", "delivered within 10–14 days": a span that says which
            ranged = words[i + 1].lower() not in _TIME_UNITS
            taken.append(f"{w}–{words[i + 1]}" if ranged else w)
            skip = ranged  # the range's second end is taken with its first
            continue
        if (
            taken
            and w.lower() in _NOUN_OR_VERB
            and i + 1 < len(words)
            and (
                words[i + 1].lower() in _AUXILIARIES | {"can", "may", "could", "should", "must"}
                or is_verb(words[i + 1])
            )
        ):
            taken.append(w)  # "people with low dependency needs will increase": the verb comes after it
            continue
        if taken and w.lower() in {"who", "that"} and _MEASURE_OF_RE.match(" ".join(taken)):
            clause = _relative_clause(words, i)
            if clause:
                # "The number of residents who will remain independent could grow from": which
                # residents are counted is the subject's own clause, and the verb comes after it
                taken.extend(clause)
                break
            return ""
        if taken and w.lower() in {"where", "which", "who", "whose", "whom"}:
            return ""  # "councils where the notional 1% ...": the subject's own clause, not its verb's
        if taken and _is_number(w) and taken[-1].lower() == "aged":
            # "the number of people aged 65+": the age band names which people
            taken.append(w + "+" if re.search(rf"(?<![\d.]){re.escape(w)}\+", before) else w)
            continue
        if taken and w.lower() in _SPEECH_VERBS:
            # "The Executive Director of Nursing noted that ...", "colleagues at Capital Economics
            # suggest GDP growth will hit 1.2%": who spoke is not what was measured; the clause they
            # said has its own subject
            taken, opened = [], "said"
            continue
        if not opened and taken and taken[0].lower() in _TIME_OPENERS and _is_number(w) and len(taken) <= 3:
            taken.append(w)  # "In Quarter 2,", "By 2025,": still the phrase saying when
            continue
        if w == "," and taken and taken[0].lower() in _TIME_OPENERS and len(taken) <= 4 and not opened:
            # "In Quarter 2, the percentage of callers ...": when, and then the subject
            taken, opened = [], "when"
            continue
        if taken and is_verb(w) and _compound_participle(words, i):
            taken.append(w)  # "the number of live school crossing patrol sites": a noun's modifier
            continue
        if is_verb(w) or (_is_number(w) and not _PERIOD_WORD_RE.match(w)) or w == ",":
            if taken and (
                w == ","
                and taken[0].lower() in _OPENERS
                or _is_number(w)
                and taken[0].lower() in _PREPOSITIONS | {"at", "by"}
            ):
                return ""  # "For future planning, all 2 services ...": an opening phrase, not the subject
            break
        taken.append(w)
    else:
        return ""
    if any(w.lower() == "there" for w in taken):
        return ""  # "In the UK overall there are ...": no subject names the number
    while taken and (taken[0].lower() in _DETERMINERS | _PREPOSITIONS | _SENTENCE_ADVERBS):
        taken.pop(0)  # "Overall the number of people ...": the subject starts after the adverb
    while taken and _is_adverb(taken[-1]):
        taken.pop()  # "Interest rates very slightly increased": how the verb happened, not what
    longest = 14 if _MEASURE_OF_RE.match(" ".join(taken)) else 10  # "the number of ... who ... by ..."
    if not 1 <= len(taken) <= longest or taken[0].lower() in _CONJUNCTIONS:
        return ""
    if (
        opened
        and not _MEASURE_OF_RE.match(" ".join(taken))
        and (
            opened == "when"  # "In Quarter 3, the Health Visiting Service delivered": who did it, not what
            or content_words(" ".join(taken)) < 2
            or _TIME_WORD_RE.match(" ".join(taken))
            or taken[-1].lower() in _TIME_UNITS | {"quarter", "quarters"}
            or is_verb(taken[-1])
        )
    ):
        return ""  # after "In Quarter 2," or "... suggest": a measure's own name, or nothing
    return " ".join(taken)


# the words of a measure of a group: "the number of residents who ...", "the proportion of people"
MEASURE_OF = r"(?:total\s+)?(?:number|proportion|percentage|share|rate|ratio|count)\s+of"
_MEASURE_OF_RE = re.compile(r"(?i)^(?:\w+\s+)?" + MEASURE_OF + r"\b")
_MODALS = {"can", "may", "could", "should", "must", "might", "will", "would", "not"}


def _relative_clause(words: list[str], at: int) -> list[str]:
    """The relative clause that starts at ``words[at]`` ("who will remain independent"), when a
    main verb follows it in the sentence; empty when none does (the clause is the sentence's)."""
    clause = [words[at]]
    j = at + 1
    while j < len(words) and words[j].lower() in _AUXILIARIES | _MODALS:
        clause.append(words[j])
        j += 1
    if j >= len(words) or not re.fullmatch(r"[a-z][a-z-]+", words[j]):
        return []
    clause.append(words[j])  # the clause's own verb: "remain", "live", "received"
    j += 1
    while j < len(words) and not (
        words[j].lower() in _AUXILIARIES | _MODALS
        or is_verb(words[j])
        or _is_number(words[j])
        or words[j] == ","
    ):
        clause.append(words[j])
        j += 1
    return clause if j < len(words) and len(clause) <= 6 else []


# nouns that end in -ly, so that a subject may end with one
_LY_NOUNS = {"family", "supply", "assembly", "anomaly", "monopoly", "july", "ally", "rally", "italy"}


def _is_adverb(word: str) -> bool:
    """ "very", "slightly", "significantly": a word that says how, which a subject never ends with."""
    low = word.lower()
    return low in {"very", "also", "now", "still", "already"} or (
        word.islower() and len(low) > 4 and low.endswith("ly") and low not in _LY_NOUNS
    )


# "referrals in March", "visits during Quarter 3": when, which the period column holds
_MONTH_TAIL_RE = re.compile(
    r"(?i)\s+(?:in|during|since|by|for|at\s+the\s+end\s+of)\s+(?:the\s+)?"
    rf"(?:{_MONTH_NAME}|quarter(?:\s+[1-4])?|q[1-4])$"
)


def _unless_ages(m: re.Match[str]) -> str:
    """A year span at a label's end goes to the period column; an age band ("people aged 18-64")
    is part of the name: its second year is not the next one."""
    years = re.findall(r"\d{2}(?=[-/–]|$)", m.group(0).strip())
    if len(years) == 2 and int(years[1]) != (int(years[0]) + 1) % 100:
        return m.group(0)
    return ""


def _tidy(label: str) -> str:
    label = " ".join(label.split()).strip(" ,;:.-–")
    label = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.I)
    # "result of combination of savings not being delivered": words that only lead to the thing
    label = re.sub(
        r"(?i)^(?:(?:result|combination|mixture|variety|series)\s+of\s+(?:the\s+|a\s+)?)+", "", label
    )
    # "an even greater proportion of core funded spending growth": how it compares, not what it is
    label = re.sub(
        r"(?i)^(?:even\s+|much\s+|far\s+|slightly\s+)?(?:greater|higher|lower|larger|smaller|bigger)\s+"
        r"(?=(?:proportion|share|percentage|number|amount)\s+of\b)",
        "",
        label,
    )
    bare = _PERIOD_TAIL_RE.sub(_unless_ages, label).strip(" ,;:.-–")
    bare = _MONTH_TAIL_RE.sub("", bare)
    when = _WHEN_PHRASE_RE.sub("", bare)
    bare = when if content_words(when) >= 2 else bare  # "children from end of previous Quarter"
    bare = re.sub(
        r"^(?:19|20)?\d{2}[-/–](?:19|20)?\d{2}\s+(?=[A-Za-z])", _unless_ages, bare
    )  # "2025-26 budget"
    words = bare.split()
    while len(words) > 1 and _is_adverb(words[-1]) and content_words(" ".join(words[:-1])) >= 1:
        words.pop()  # "share of Council Tax typically": how the sentence says it, not what is measured
    bare = " ".join(words)
    return bare if content_words(bare) >= 1 else label


# How a part in brackets says which part it is: "from KCC recycled loans", "excluding National
# Insurance grant", "completed". A time ("in 2023-24") says when, and the part keeps the whole's name.
_PART_WORDS_RE = re.compile(
    r"(?i)^(?:from|for|via|through|under|on|to|of|excluding|including|excl\.?|incl\.?|net\s+of|"
    r"[a-z]+ed)\b"
)
_BOUND_RE = re.compile(r"(?i)\s*(?:\+|(?:and|or)\s+(?:over|above|under|below|more|less|older|younger)\b)")
_PART_START_RE = re.compile(r"(?i)(?:^\(|,|;|\band|\bor)\s*[+\-]?$")
_PART_END_RE = re.compile(r"(?i)\)|;|,|\s(?:and|or)\s|[£$]?\d")
_PART_TIME_RE = re.compile(
    r"(?i)^(?:in|for|at|by|during|from)\s+(?:the\s+)?(?:\d|q[1-4]\b|quarter|" + _MONTH_NAME + r")"
)


def read_breakdown(
    text: str, number: ParsedNumber, sentence: tuple[int, int], earlier: list[tuple[ParsedNumber, str]]
) -> LabelReading | None:
    """The label of a part listed in brackets after the sum it is part of (rule ``prose.breakdown``):
    the whole's label, with what the bracket says of this part. ``earlier`` is the numbers read
    before it in the sentence, with their labels."""
    s, _ = sentence
    before = text[s : number.start]
    opening = before.rfind("(")
    inside = before[opening:] if opening >= 0 else ""
    if (
        opening < 0
        or ")" in inside
        or not _PART_START_RE.search(inside)
        or not re.match(r"\(\s*[+\-]?[£$]?\d", inside + text[number.start : number.start + 2])
    ):
        return None  # "(from £1,665m in the 2024-34 programme)": an earlier level, not a part
    opening += s
    parent = next(
        (
            (n, label)
            for n, label in reversed(earlier)
            if n.end <= opening and _names(text[n.end : opening], label)
        ),
        None,
    )
    rest = text[number.end : sentence[1]]
    if parent is None or _BOUND_RE.match(rest):
        return None  # "553 older people (65 and over)": the group's bound, not a part of it
    if parent[0].unit != number.unit and (parent[0].unit == PERCENT or number.unit != PERCENT):
        return None  # "68% of plans (50 out of 73)": the counts behind a rate are not parts of it
    whole = parent[1]
    end = _PART_END_RE.search(rest)
    part = re.sub(r"\s+", " ", rest[: end.start() if end else len(rest)]).strip()
    qualifier = re.search(r"\s\([^()]*\)$", whole)  # "homes (No Use Empty)": a part is of the homes
    if qualifier:
        whole, qualifier_text = whole[: qualifier.start()], qualifier.group(0)
    else:
        qualifier_text = ""
    if re.fullmatch(r"[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|&))*", part) and len(part.split()) <= 5:
        # "£0.5m contribution into reserves (£0.4m Highways and £0.1m Facilities Management)": whose part
        return LabelReading(f"{part} {whole}{qualifier_text}", "prose.breakdown", 0.75)
    if not part or _PART_TIME_RE.match(part):
        return LabelReading(whole + qualifier_text, "prose.breakdown", 0.7)
    if not _PART_WORDS_RE.match(part) or len(part.split()) > 8:
        return None  # "240 hours (32 shifts)": the bracket's number names its own things
    if number.unit == PERCENT and part.lower().startswith("of "):
        return LabelReading(f"{whole} share {part}{qualifier_text}", "prose.breakdown", 0.75)
    return LabelReading(f"{whole} {part}{qualifier_text}", "prose.breakdown", 0.75)


def _names(between: str, label: str) -> bool:
    """Is the text between a number and a bracket nothing, or the number's own label ("23 *empty
    commercial units back into use* (16 completed)", "£9.9m *underspend in the Children, Young People
    & Education (CYPE) directorate* (£3.1m in Quarter 2)")?"""
    if between.lstrip().startswith(")"):
        return False  # "Department (£1.2m), Deputy Chief Executive's Department (£3.0m)": a list, not parts
    between = re.sub(r"\([^()]*\)", " ", between)  # "(CYPE)": the name's abbreviation
    said = {w for w in re.findall(r"[\w’'-]+", between.lower()) if w not in _DETERMINERS}
    named = set(re.findall(r"[\w’'&-]+", label.lower()))
    return bool(label) and (not said or len(said - named) <= max(1, len(said) // 4))
