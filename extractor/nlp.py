"""The spaCy rule pass: organisations, sums, percentages, dates, roles and people in prose.

A blank English pipeline (``spacy.blank("en")``: tokenizer only, no model download, no network)
with one SpanRuler. Its patterns are data: ``rules/entity_patterns.jsonl`` (money, percentages,
dates, roles, people, in spaCy's own pattern format) plus one pattern per organisation name in
``rules/organisations.jsonl``, generated when the pipeline is built so that a name added to the
gazetteer is recognised without touching this file. A SpanRuler (not an EntityRuler) keeps
overlapping matches of different kinds: "Chief Executive of Oxfordshire Clinical Commissioning
Group" is a role and holds an organisation. Within one kind the longest match wins.

The pipeline is built once per run and kept on the :class:`~extractor.pipeline.Toolkit`. No
statistical model is used: none measurably helps on the sample gold, and the extractor must run
without one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex as re

from .dates import find_dates
from .models import BlockKind, Document, Entity
from .numbers import parse_number
from .periods import period_of
from .rules import OrganisationRule, Rules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

    from .pipeline import Toolkit

SPANS_KEY = "bcf"
ORG = "ORG"
_CACHE_ATTR = "_bcf_nlp"
# spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters: its parser and NER need about
# 1 GB per 100,000). This pipeline has neither, but a block that long (a table flattened into one
# paragraph, an embedded image's base64) is still read in windows of this size, cut at a space, so
# it neither fails the paper nor holds a million tokens at once. Real paragraphs are far shorter.
WINDOW_CHARS = 100_000


class EntityPipeline:
    """The spaCy pipeline and what reading its matches needs: which organisation names are
    abbreviations that count only as written."""

    def __init__(self, rules: Rules) -> None:
        import spacy

        self.nlp: Language = spacy.blank("en")
        ruler = self.nlp.add_pipe(
            "span_ruler",
            config={
                "spans_key": SPANS_KEY,
                "annotate_ents": False,
                "phrase_matcher_attr": "LOWER",
                "validate": True,
            },
        )
        patterns: list[dict[str, Any]] = [dict(p) for p in rules.entity_patterns]
        org_patterns, self.abbreviations = organisation_patterns(rules)
        ruler.add_patterns(patterns + org_patterns)  # type: ignore[attr-defined]

    def keeps(self, span: Span) -> bool:
        """An abbreviation ("OCC", "RUH") counts only in capitals, so "occ" in a word never does."""
        if span.label_ != ORG:
            return True
        exact = self.abbreviations.get((span.id_, span.text.lower()))
        return exact is None or span.text == exact


def pipeline_for(toolkit: Toolkit) -> EntityPipeline:
    """The run's entity pipeline, built on first use and cached on ``toolkit``."""
    pipe = getattr(toolkit, _CACHE_ATTR, None)
    if pipe is None:
        pipe = EntityPipeline(toolkit.rules)
        setattr(toolkit, _CACHE_ATTR, pipe)
    return pipe


def organisation_patterns(rules: Rules) -> tuple[list[dict[str, Any]], dict[tuple[str, str], str]]:
    """One phrase pattern per organisation name (id = the organisation rule's id), and the
    abbreviations that must match as written.

    Names match in any case (a phrase matcher on lower-case text, which stays fast with a gazetteer
    of thousands of names), with '&' and 'and' interchangeable; short capitalised abbreviations
    ("OCC", "RUH") are checked for case after matching, as in :mod:`extractor.gazetteer`. A
    generic name ("the Council", "the CCG") is kept only in its "the ..." form: a bare "Council"
    or "NHS" in prose names no one in particular.
    """
    out: list[dict[str, Any]] = []
    abbreviations: dict[tuple[str, str], str] = {}
    for org in rules.organisations:
        for alias in dict.fromkeys((org.name, *org.aliases)):
            if org.generic and not alias.lower().startswith("the "):
                continue
            if _is_abbreviation(alias):
                abbreviations[(org.id, alias.lower())] = alias
            for variant in _and_variants(alias):
                out.append({"label": ORG, "pattern": variant, "id": org.id})
    return out, abbreviations


def _and_variants(alias: str) -> list[str]:
    """'Bath & North East Somerset' and 'Bath and North East Somerset' name one body."""
    variants = {alias, re.sub(r"\s&\s", " and ", alias), re.sub(r"\sand\s", " & ", alias)}
    return sorted(variants)


def _is_abbreviation(alias: str) -> bool:
    return len(alias) <= 6 and alias.replace("&", "").replace("-", "").isupper()


def extract_entities(document: Document, toolkit: Toolkit) -> list[Entity]:
    """Entities in the document's prose blocks (headings, paragraphs, list items), in order."""
    pipe = pipeline_for(toolkit)
    blocks = [b for b in document.blocks if b.kind is not BlockKind.TABLE and b.text.strip()]
    orgs = {o.id: o for o in toolkit.rules.organisations}
    year = _year(document)
    out: list[Entity] = []
    pieces = [(block, offset, text) for block in blocks for offset, text in windows(block.text)]
    for (block, offset, _), doc in zip(pieces, pipe.nlp.pipe(text for *_, text in pieces), strict=True):
        for span in _resolved([s for s in doc.spans.get(SPANS_KEY, []) if pipe.keeps(s)]):
            entity = _entity(span, block.id, orgs, toolkit, document.metadata.area, year)
            if entity is not None:
                out.append(
                    entity.model_copy(update={"start": entity.start + offset, "end": entity.end + offset})
                )
    return out


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """``text`` as ``(offset, piece)`` pieces of at most ``size`` characters, each cut after the last
    white space in it where there is one (a word is then never split), so that offsets into a piece
    plus its offset are offsets into ``text``."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = max(text.rfind(" ", start, start + size), text.rfind("\n", start, start + size)) + 1
        if cut <= start:
            cut = start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def header_organisations(texts: list[str], toolkit: Toolkit) -> list[str | None]:
    """The organisation each text (a table header) names, or ``None``: used to give a column's
    figures the organisation its header names when the whole header is not just that name."""
    pipe = pipeline_for(toolkit)
    orgs = {o.id: o for o in toolkit.rules.organisations}
    out: list[str | None] = []
    # a header is a few words; one of a million characters is not a header worth naming
    for doc in pipe.nlp.pipe(text[:WINDOW_CHARS] for text in texts):
        spans = _resolved(
            [s for s in doc.spans.get(SPANS_KEY, []) if s.label_ == ORG and s.id_ in orgs and pipe.keeps(s)]
        )
        names = [_org_name(orgs[s.id_], s.text, toolkit, None) for s in spans]
        found = [n for n in dict.fromkeys(names) if n]
        out.append(found[0] if len(found) == 1 else None)
    return out


def _resolved(spans: Any) -> list[Span]:
    """Within each label the longest span wins; different labels may overlap."""
    from spacy.util import filter_spans

    by_label: dict[str, list[Span]] = {}
    for span in spans:
        by_label.setdefault(span.label_, []).append(span)
    kept = [s for group in by_label.values() for s in filter_spans(group)]
    return sorted(kept, key=lambda s: (s.start_char, -s.end_char))


def _entity(
    span: Span,
    block_id: str,
    orgs: dict[str, OrganisationRule],
    toolkit: Toolkit,
    area: str | None,
    year: int | None,
) -> Entity | None:
    label, text = span.label_, span.text
    start, end = span.start_char, span.end_char
    rule_id = span.id_ or None
    normalised: str | None = None
    if label == ORG:
        org = orgs.get(span.id_)
        normalised = _org_name(org, text, toolkit, area) if org else None
    elif label == "PERSON":
        name = _name_run(span)
        if name is None:
            return None
        start, end, text = name.start_char, name.end_char, name.text
        normalised = text
    elif label in ("MONEY", "PERCENT"):
        parsed = parse_number(text.replace(" per cent", "%").replace(" percent", "%"))
        normalised = (
            None
            if parsed is None
            else (str(int(parsed.value)) if parsed.value == int(parsed.value) else str(parsed.value))
        )
    elif label == "DATE":
        found = find_dates(text, default_year=year)
        normalised = found[0].iso if found else period_of(text)
    elif label == "ROLE":
        normalised = re.sub(r"\s+", " ", text).strip(" ,()")
    return Entity(
        label=label,
        text=text,
        normalised=normalised,
        block_id=block_id,
        start=start,
        end=end,
        rule_id=rule_id,
    )


def _org_name(org: OrganisationRule, text: str, toolkit: Toolkit, area: str | None) -> str | None:
    if org.generic:
        resolved = toolkit.gazetteer.resolve(text, area=area)
        return resolved.name if resolved is not None and not resolved.generic else None
    return org.name


def _name_run(span: Span) -> Span | None:
    """A person pattern may carry its cue ("Report by", "By:", "and ..., Head"): the name is the
    first run of two or more capitalised words in the match."""
    run_start: int | None = None
    for i, token in enumerate(span):
        if token.is_title:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None and i - run_start >= 2:
            return span[run_start:i]
        run_start = None
    if run_start is not None and len(span) - run_start >= 2:
        return span[run_start:]
    return None


def _year(document: Document) -> int | None:
    m = re.match(r"(\d{4})", document.metadata.meeting_date or document.metadata.period or "")
    return int(m.group(1)) if m else None
