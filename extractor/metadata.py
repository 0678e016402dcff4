"""Stage 2b: what the paper is — its type, title, body and meeting, area, organisations, authors
and the period it covers — read from the opening blocks and the whole text, by the signatures in
``rules/doc_types.jsonl``, ``rules/bodies.jsonl`` and the organisation gazetteer.
"""

from __future__ import annotations

from collections import Counter

import regex as re

from .dates import find_dates
from .gazetteer import Gazetteer, OrgMatch
from .metadata_cover import read_cover_form
from .models import Block, BlockKind, DocType, DocumentMetadata, Person, RawDocument, Section
from .rules import BodyRule, DocTypeRule, Rules

_FIELD_RE = r"^\s*{name}\s*:?\s*(?P<value>.+?)\s*$"
_TITLE_FIELD_RE = re.compile(
    r"^\s*(?:title of (?:paper|report)|report title|title|subject)\s*:\s*(?P<value>.+)$", re.I
)
_REF_RE = re.compile(
    r"\b(?:paper\s+no\.?|paper\s+number|agenda\s+item|item\s+no\.?|report\s+no\.?)\s*:?\s*(?P<ref>[\w./-]*\d[\w./-]*)",
    re.I,
)
_REPORT_BY_RE = re.compile(r"^\s*(?:joint\s+)?report\s+(?:of|by)\s*:?\s*(?P<who>.+)$", re.I)
_AUTHORS_RE = re.compile(
    r"^\s*(?:authors?|contact\s+officers?|report\s+author|lead\s+officer|completed\s+by|prepared\s+by)\s*:\s*(?P<who>.+)$",
    re.I,
)
_SKIP_TITLE_RE = re.compile(
    r"^(?:agenda item|division|item\s+\d|contents|page\s+\d|draft|public|version|for information|for decision)",
    re.I,
)
_GENERIC_HEADING_RE = re.compile(
    r"(?i)^(?:summary|executive summary|introduction|contents|background|purpose(?: of (?:the|this) (?:report|paper))?|recommendations?|foreword|agenda)\s*:?$"
)
_PERIOD_RE = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s?[-–/]\s?((?:19|20)?\d{2})(?![\d/])")
_QUARTER_RE = re.compile(r"\b(?:Q|Quarter\s*)([1-4]),?\s+((?:19|20)\d{2}\s?[/-]\s?\d{2})\b", re.I)


def extract_metadata(
    raw: RawDocument, blocks: list[Block], sections: list[Section], rules: Rules, gazetteer: Gazetteer
) -> DocumentMetadata:
    opening = [b for b in blocks[:40] if b.kind is not BlockKind.TABLE]
    text_all = "\n".join(b.text for b in blocks)
    found_by: dict[str, str] = {}
    form = read_cover_form(blocks[:6], rules)
    title = form.title or _title(blocks, raw)
    found_by["title"] = "metadata.cover-subject" if form.title else "metadata.opening-heading"
    doc_type = _doc_type(blocks, title, raw, rules)
    body, meeting, meeting_date = _meeting(opening, rules)
    found_by["meeting"] = "metadata.opening-body-date"
    if form.meeting and (form.meeting_date or not meeting_date):
        body, meeting, meeting_date = form.body or body, form.meeting, form.meeting_date or meeting_date
        found_by["meeting"] = form.meeting_rule
    named = [gazetteer.find(b.text) for b in blocks]
    # a council named in a table is often a payee or a counterparty ("Bristol City Council" in a
    # trust's spend over £25k): the tables name the area only when the text does not and one area
    # holds most of their mentions
    area = _area(
        title, [[] if b.kind is BlockKind.TABLE else m for b, m in zip(blocks, named, strict=True)], gazetteer
    )
    if area is None:
        area = _area(
            None,
            [m for b, m in zip(blocks, named, strict=True) if b.kind is BlockKind.TABLE],
            gazetteer,
            TABLE_AREA_SHARE,
        )
    found_by["area"] = "metadata.gazetteer-votes"
    if area is None:
        area = _area_from_addresses(text_all, gazetteer)
        found_by["area"] = "metadata.address-domain"
    if area is None:
        area = _commissioner_footprint(title, gazetteer)
        found_by["area"] = "metadata.commissioner-footprint"
    orgs = Counter(m.org.name for matches in named for m in matches if m.org.kind not in ("hwb_area",))
    authors = form.authors or _authors(blocks, gazetteer)
    found_by["authors"] = "metadata.cover-from" if form.authors else "metadata.report-by"
    period, found_by["period"] = _period(title or "", text_all)
    values = {"title": title, "meeting": meeting, "area": area, "authors": authors, "period": period}
    found_by = {k: v for k, v in found_by.items() if values.get(k)}
    if meeting_date and "meeting" in found_by:
        found_by["meeting_date"] = found_by["meeting"]
        found_by["body"] = found_by["meeting"]
    return DocumentMetadata(
        doc_type=doc_type,
        title=title,
        body=body,
        meeting=meeting,
        meeting_date=meeting_date,
        area=area,
        organisations=[name for name, _ in orgs.most_common()],
        authors=authors,
        period=period,
        paper_ref=_paper_ref(opening),
        found_by=found_by,
    )


def _title(blocks: list[Block], raw: RawDocument) -> str | None:
    for b in blocks[:40]:
        m = _TITLE_FIELD_RE.match(b.text)
        if m and len(m.group("value")) > 3:
            return _clean_title(m.group("value"))
    parts: list[str] = []
    for b in blocks[:25]:
        text = b.text.strip()
        if _GENERIC_HEADING_RE.match(text):
            if parts:
                break
            continue
        if (
            b.kind is BlockKind.PARAGRAPH
            and not parts
            and len(text.split()) <= 30
            and not re.search(r"[.;]$", text)
            and not _REPORT_BY_RE.match(text)
            and ":" not in text[:20]
        ):
            return _clean_title(text)  # a long title the reader did not take for a heading
        if b.kind is BlockKind.HEADING:
            if _SKIP_TITLE_RE.match(text) or (find_dates(text) and re.search(r"[–—-]\s*\d", text)):
                if parts:
                    break
                continue
            if re.match(r"^\d+\.\s", text) and parts:
                break
            parts.append(text)
            if len(" ".join(parts)) > 60:
                break
            continue
        if parts:
            break
        if b.kind is BlockKind.PARAGRAPH and len(text) > 200:
            break
    if parts:
        return _clean_title(" ".join(parts))
    pdf_title = raw.source.pdf_metadata.get("Title")
    if pdf_title and not re.match(r"(?i)microsoft|untitled|^document\d*$", pdf_title):
        return _clean_title(pdf_title)
    return None


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" :-–")


def _doc_type(blocks: list[Block], title: str | None, raw: RawDocument, rules: Rules) -> DocType:
    """Signatures in the opening pages count double: a board paper that carries a plan as an
    appendix is a board paper, though the plan's headings fill most of its pages."""
    opening = [
        title or "",
        raw.source.pdf_metadata.get("Title", ""),
        raw.source.pdf_metadata.get("Subject", ""),
    ]
    opening += [b.text for b in blocks[:40]]
    later = [b.text for b in blocks[40:] if b.kind is BlockKind.HEADING]
    scores: dict[str, float] = {}
    for rule, pattern in rules.compiled["doc_types"]:
        assert isinstance(rule, DocTypeRule)
        early = sum(1 for t in opening if pattern.search(t))
        late = sum(1 for t in later if pattern.search(t))
        if early or late:
            scores[rule.doc_type] = scores.get(rule.doc_type, 0.0) + rule.weight * (
                2 * min(early, 3) + min(late, 2)
            )
    if not scores:
        return DocType.OTHER
    kind, score = max(scores.items(), key=lambda item: item[1])
    return DocType(kind) if score >= 3 else DocType.OTHER


def _meeting(opening: list[Block], rules: Rules) -> tuple[str | None, str | None, str | None]:
    for b in opening[:25]:
        dates = find_dates(b.text)
        if not dates or dates[0].precision != "day":
            continue
        before = b.text[: dates[0].start]
        for rule, pattern in rules.compiled["bodies"]:
            assert isinstance(rule, BodyRule)
            if not rule.meeting:
                continue
            m = pattern.search(before)
            if m and (
                re.search(r"[–—:-]\s*$|\bon\s*$|meeting\s*:?\s*$|date\s+of\s+meeting\s*:?\s*$", before, re.I)
                or len(before) < 80
            ):
                body_text = " ".join(m.group(0).split())
                if body_text.isupper():
                    body_text = body_text.title().replace(" And ", " and ")
                return rule.name, f"{body_text} – {dates[0].raw}", dates[0].iso
    # "Date of Meeting: 28 September 2017" with the body named on an earlier line
    for i, b in enumerate(opening[:25]):
        if re.match(r"(?i)^\s*(?:date\s+of\s+meeting|meeting\s+date|date\s*:)", b.text):
            dates = find_dates(b.text)
            if not dates:
                continue
            # the body is named on the lines above, often broken over several short lines
            above = " ".join(b.text for b in opening[max(0, i - 4) : i])
            for rule, pattern in rules.compiled["bodies"]:
                assert isinstance(rule, BodyRule)
                m = pattern.search(above)
                if rule.meeting and m:
                    return rule.name, f"{' '.join(m.group(0).split())} – {dates[0].raw}", dates[0].iso
            return None, b.text.strip(), dates[0].iso
    return None, None, None


# the share of the tables' area votes one area must hold to be the paper's own (issue 12: a
# county's budget appendix names the county 22 times and a neighbouring unitary 3; a CCG's payments list names five boroughs)
TABLE_AREA_SHARE = 0.75


def _area(
    title: str | None, named: list[list[OrgMatch]], gazetteer: Gazetteer, share: float = 0.0
) -> str | None:
    """The area most named, the title and opening blocks counting most; ``named`` holds the
    organisations found in each block, in order."""
    votes: Counter[str] = Counter()
    for i, matches in enumerate(named):
        weight = 3 if i < 20 else 1
        for m in matches:
            if m.org.area and m.org.kind in ("hwb_area", "council", "ccg", "icb"):
                votes[m.org.area] += weight * (2 if m.org.kind == "hwb_area" else 1)
    for m in gazetteer.find(title or ""):
        if m.org.area:
            votes[m.org.area] += 20
    if not votes:
        return None
    top, count = votes.most_common(1)[0]
    return top if count >= share * sum(votes.values()) else None


def _authors(blocks: list[Block], gazetteer: Gazetteer) -> list[Person]:
    people: list[Person] = []
    for b in blocks:
        m = _REPORT_BY_RE.match(b.text) or _AUTHORS_RE.match(b.text)
        if not m:
            continue
        who = re.sub(
            r"\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\s*$",
            "",
            m.group("who"),
        )
        for part in re.split(
            r";|\s+and\s+(?=the\s+[A-Z])|\s+and\s+(?=[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+\s*,)", who
        ):
            part = part.strip(" ,.")
            if not part:
                continue
            orgs = gazetteer.find(part)
            org = orgs[-1].org.name if orgs else None
            if re.match(r"(?i)^the\s", part):
                # "the Director for Adult Services": a post, not a person
                role = re.sub(r"(?i)^the\s+", "", part)
                person = Person(name=None, role=role, organisation=org)
            else:
                bits = [p.strip() for p in part.split(",") if p.strip()]
                head = re.match(r"^((?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+)\s+(.+)$", bits[0])
                if head and len(bits) == 1:
                    bits = [head.group(1), head.group(2)]  # "Ian Bottomley Head of Mental Health"
                name = bits[0]
                role = ", ".join(bits[1:]) or None
                if role and org and role.endswith(orgs[-1].text):
                    role = role[: -len(orgs[-1].text)].strip(" ,") or None
                person = Person(name=name, role=role, organisation=org)
            if person not in people:
                people.append(person)
    return people


# how the paper's period was found: its title names it, or it is the year the text names most
PERIOD_FROM_TITLE = "metadata.period-title"
PERIOD_MOST_NAMED = "metadata.period-most-named"


def _period(title: str, text: str) -> tuple[str | None, str]:
    """The period the paper covers and the rule that found it."""
    q = _QUARTER_RE.search(title)
    if q:
        return f"{_fy(q.group(2).replace(' ', ''))} Q{q.group(1)}", PERIOD_FROM_TITLE
    m = _PERIOD_RE.search(title)
    if m and _span(m.group(1), m.group(2)):
        return _span(m.group(1), m.group(2)), PERIOD_FROM_TITLE
    counts = Counter(_span(a, b) for a, b in _PERIOD_RE.findall(text))
    counts = Counter({k: v for k, v in counts.items() if k})
    return (counts.most_common(1)[0][0] if counts else None), PERIOD_MOST_NAMED


def _fy(text: str) -> str:
    m = _PERIOD_RE.match(text)
    return _span(m.group(1), m.group(2)) or text if m else text


def _span(first: str, second: str) -> str | None:
    start = int(first)
    end = int(second[-2:])
    gap = (end - start % 100) % 100
    if gap == 1:
        return f"{start}/{end:02d}"
    if 2 <= gap <= 5:
        return f"{start}-{end:02d}"
    return None


def _paper_ref(opening: list[Block]) -> str | None:
    for b in opening:
        m = _REF_RE.search(b.text)
        if m:
            return m.group("ref")
    return None


# a council's or trust's own web or mail domain names it: "john.betts@kent.gov.uk", "www.trafford.gov.uk"
_DOMAIN_RE = re.compile(r"(?i)(?:@|www\.)([a-z][a-z-]+)\.(?:gov|nhs)\.uk\b")


# "NHS North Central London CCG", "NHS Sussex Integrated Care Board": the body's name less its kind
_COMMISSIONER_KIND_RE = re.compile(
    r"(?i)^(?:nhs\s+)?(.+?)\s+(?:ccg|icb|clinical\s+commissioning\s+group|integrated\s+care\s+board)$"
)


def _commissioner_footprint(title: str | None, gazetteer: Gazetteer) -> str | None:
    """The footprint of the CCG or ICB a paper's title names, when the gazetteer gives that body no
    single council area ("NHS North Central London CCG Payments over £30,000" -> "North Central
    London"): a commissioner that spans several councils is the area its papers are about."""
    for match in gazetteer.find(title or ""):
        if match.org.kind in ("ccg", "icb") and not match.org.area:
            m = _COMMISSIONER_KIND_RE.match(match.org.name)
            if m:
                return m.group(1)
    return None


def _area_from_addresses(text: str, gazetteer: Gazetteer) -> str | None:
    """The area of the body whose addresses the paper gives, when nothing else names one."""
    votes: Counter[str] = Counter()
    for m in _DOMAIN_RE.finditer(text):
        for match in gazetteer.find(m.group(1).replace("-", " ").title()):
            if match.org.area:
                votes[match.org.area] += 1
    return votes.most_common(1)[0][0] if votes else None
