"""A council paper's cover form: "From:", "To:", "Subject:", "Date:" fields.

Kent, Trafford and most English councils open a committee or cabinet-member paper with a small
form (often typeset as a two-column table, so the reader sees it as a table block):

    From:    Peter Oakford, Deputy Leader and Cabinet Member for Finance ...
    To:      Cabinet – 4th March 2025
    Subject: Late changes to the 2025-26 budget and 2025-28 Medium Term Financial Plan (MTFP)

The subject is the paper's title, "To:" names the meeting and its date, "From:" or "By:" its
authors. Each field read here names the rule that read it (``metadata.cover-*``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from .dates import find_dates
from .models import Block, Person
from .rules import BodyRule, Rules

_FIELD_RE = re.compile(
    r"(?im)^\s*(?P<name>from|by|to|subject|title|date(?:\s+of\s+meeting)?|meeting\s+date|report\s+of|report\s+author)\s*:\s*(?P<value>.*)$"
)
# words of a post, never of a person's name ("Deputy Leader", "Corporate Director")
_POST_WORDS = {
    "deputy", "leader", "cabinet", "member", "corporate", "director", "finance", "traded", "services",
    "interim", "chief", "executive", "head", "council", "county", "officer", "young", "people",
    "education", "children", "adult", "social", "care", "health", "public", "strategic", "programme",
    "manager", "assistant", "service", "integrated", "growth", "environment", "transport", "hr", "od",
    "operations", "commissioning", "treasurer", "section", "monitoring", "democratic",
}  # fmt: skip
_NAME_RE = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\b")


@dataclass(frozen=True)
class CoverForm:
    title: str | None = None
    body: str | None = None
    meeting: str | None = None
    meeting_date: str | None = None
    meeting_rule: str = "metadata.cover-to"
    authors: list[Person] = field(default_factory=list)


def read_cover_form(blocks: list[Block], rules: Rules) -> CoverForm:
    """The cover form's fields from the first blocks (prose or table), or an empty form."""
    fields: dict[str, str] = {}
    for b in blocks:
        for m in _FIELD_RE.finditer(b.text.replace("\t", " ")):
            name = m.group("name").lower()
            key = {"by": "from", "report of": "from", "report author": "from", "title": "subject"}.get(
                name, name
            )
            key = "date" if key.startswith(("date", "meeting")) else key
            value = " ".join(m.group("value").split())
            if value and key not in fields:
                fields[key] = value
    if not fields:
        return _approved_at(blocks)
    to = fields.get("to", "")
    # "To: County Council Date: 13 March 2025": a second field on the same line
    to, _, inline_date = to.partition(" Date:")
    dates = find_dates(inline_date or fields.get("date", "") or to)
    day = next((d for d in dates if d.precision == "day"), None)
    body_text = to[: to.find(day.raw)] if day and day.raw in to else to
    body_text = body_text.strip(" ,–—-:")
    body = _body(body_text, rules)
    post = re.search(r"Cabinet Member for [^,;]+", body_text)
    if post:
        body = " ".join(post.group(0).split())  # a cabinet member's decision, not a Cabinet meeting
    meeting = None
    if body_text and (day or body):
        meeting = f"{body_text} – {day.raw}" if day else body_text
    return CoverForm(
        title=fields.get("subject") or None,
        body=body or (body_text if day else None),
        meeting=meeting,
        meeting_date=day.iso if day else None,
        authors=_people(fields.get("from", "")),
    )


def _body(text: str, rules: Rules) -> str | None:
    for rule, pattern in rules.compiled["bodies"]:
        assert isinstance(rule, BodyRule)
        if rule.meeting and pattern.search(text):
            return rule.name
    return None


def _people(text: str) -> list[Person]:
    """'Peter Oakford, Deputy Leader and Cabinet Member for Finance ... John Betts, Interim
    Corporate Director of Finance': each name with the post written next to it."""
    if not text:
        return []
    names: list[re.Match[str]] = []
    # overlapped: in "... for Finance John Betts" the name starts inside the post's last match
    for m in _NAME_RE.finditer(text, overlapped=True):
        if any(w.lower().strip("'’") in _POST_WORDS for w in m.group(0).split()):
            continue
        if names and m.start() < names[-1].end():
            continue
        names.append(m)
    if not names:
        return [Person(name=None, role=text.strip(" ,"))]
    people: list[Person] = []
    for i, m in enumerate(names):
        # the post is written after the name ("Name, Post") or, for the first name, before it
        after = text[m.end() : names[i + 1].start() if i + 1 < len(names) else len(text)].strip(" ,–—-")
        before = text[names[i - 1].end() if i else 0 : m.start()].strip(" ,–—-")
        role = after if after and (after.lower() != "and") else (before if i == 0 else "") or None
        if i == 0 and before and after and len(names) == 1:
            role = f"{before}; {after}"
        people.append(Person(name=m.group(0), role=role or None))
    return people


_APPROVED_RE = re.compile(r"(?i)\bapproved\s+(?:at|by)\s+(?P<body>(?:full\s+|county\s+)?council)\s+on\s+")


def _approved_at(blocks: list[Block]) -> CoverForm:
    """'TRAFFORD PAY POLICY STATEMENT 2021/22 Approved at Council on 24th March 2021': a policy's
    cover names the meeting that approved it."""
    for b in blocks:
        m = _APPROVED_RE.search(b.text)
        if not m:
            continue
        day = next((d for d in find_dates(b.text[m.end() :]) if d.precision == "day" and d.start == 0), None)
        if day:
            body = " ".join(m.group("body").split()).title()
            title = b.text[: m.start()].strip(" ,–—-:") or None
            return CoverForm(
                title=" ".join(title.split()) if title and len(title.split()) >= 3 else None,
                body=body,
                meeting=f"{body} – {day.raw}",
                meeting_date=day.iso,
                meeting_rule="metadata.cover-approved-at",
            )
    return CoverForm()
