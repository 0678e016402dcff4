"""Stage 2: heading candidates to a section tree; every block is filed under a section.

Kinds of heading, each decided by ``rules/sections.jsonl`` and the heading's shape:

* numbered (``4. Better Care Fund plan``, ``7.4.1 Early Discharge Planning``): level = depth;
* appendix (``Appendix 4: Pooled budget contributions``): level 1;
* template sheet title (``2. National Conditions & s75 Pooled Budget``): level 1;
* plain (``Background``): one below the open numbered heading, or level 1;
* run-in (``Improving Flow:``): one below the section it sits in.

Numbered paragraphs (``12. Oxfordshire has had ...``) are paragraphs, never headings.
"""

from __future__ import annotations

import regex as re

from .models import Block, BlockKind, Provenance, RawBlock, RawDocument, Section
from .rules import Rules, SectionRule

_NUMBERED_HEADING_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
_FIGURE_CAPTION_RE = re.compile(r"^(?:figure|fig\.|chart|graph|diagram|image|picture)\s*\d*\b", re.I)


def split_sections(raw: RawDocument, rules: Rules) -> tuple[list[Section], list[Block]]:
    """File every block under a section.

    Returns:
        ``(sections, blocks)``: sections in document order (the first is the root, holding what
        comes before any heading); blocks in document order, each with its ``section_id``.
    """
    root = Section(id="s0", title="(front matter)", level=0, kind="root", provenance=Provenance())
    sections = [root]
    stack: list[Section] = [root]  # open sections, outermost first
    blocks: list[Block] = []
    for index, raw_block in enumerate(raw.blocks):
        kind = raw_block.kind
        if kind is BlockKind.HEADING:
            heading = _classify(raw_block, stack, rules)
            if heading is None:
                kind = BlockKind.PARAGRAPH
            else:
                level, section_kind, number, title = heading
                while len(stack) > 1 and stack[-1].level >= level:
                    stack.pop()
                section = Section(
                    id=f"s{len(sections)}",
                    title=title,
                    number=number,
                    level=level,
                    parent_id=stack[-1].id,
                    kind=section_kind,
                    provenance=raw_block.provenance,
                )
                sections.append(section)
                stack.append(section)
        blocks.append(
            Block(
                id=f"b{index + 1}",
                kind=kind,
                text=raw_block.text,
                section_id=stack[-1].id,
                provenance=raw_block.provenance,
                numbered=raw_block.numbered,
            )
        )
    return sections, blocks


def _classify(block: RawBlock, stack: list[Section], rules: Rules) -> tuple[int, str, str | None, str] | None:
    """``(level, kind, number, title)`` for a real heading, ``None`` to demote it to a paragraph."""
    text = block.text.strip()
    matches = {r.kind: r for r, _ in rules.all_matches("sections", text) if isinstance(r, SectionRule)}
    if "not_heading" in matches or _FIGURE_CAPTION_RE.match(text):
        return None
    numbered_open = next((s for s in reversed(stack) if s.kind in ("numbered", "sheet", "appendix")), None)
    if "appendix" in matches:
        return 1, "appendix", None, text
    if "sheet" in matches:
        m = _NUMBERED_HEADING_RE.match(text)
        return 1, "sheet", m.group("num") if m else None, text
    m = _NUMBERED_HEADING_RE.match(text)
    if m and not re.match(r"^\d{1,2}(?:\.\d+)?\s*(?:%|per|x|£|years?|days?|hours?|beds?)\b", text, re.I):
        number = m.group("num")
        depth = number.count(".") + 1
        return depth, "numbered", number, text
    if text.endswith(":"):
        parent_level = stack[-1].level if stack[-1].kind != "run_in" else stack[-1].level - 1
        return parent_level + 1, "run_in", None, text.rstrip(":").strip()
    level = numbered_open.level + 1 if numbered_open is not None else 1
    return level, "heading", None, text


def section_titles(sections: list[Section]) -> dict[str, str]:
    """A readable title per section id, numbered where the paper numbers it."""
    return {s.id: s.title for s in sections}
