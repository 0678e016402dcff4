"""Cleaning inline markup out of text: HTML fragments in table cells, Markdown emphasis and escapes.

Cells exported from Word/Excel often carry ``<p>``, ``<u>``, ``<br>`` and checkbox ``<input>``
elements. We keep what a reader sees: paragraph breaks become line breaks, an underlined or bold
lead paragraph stays on its own first line (it is the cell's title), and a checkbox becomes
``[x]`` or ``[ ]`` with its state kept as a value.
"""

from __future__ import annotations

import html

import regex as re

_CHECKBOX_RE = re.compile(r"<input\b[^>]*type\s*=\s*[\"']?checkbox[^>]*>", re.I)
_BREAK_RE = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h[1-6])\s*/?>|<\s*(?:p|div|li|tr|h[1-6])\b[^>]*>", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,500}?>")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_MD_EMPHASIS_RE = re.compile(
    r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
)
_MD_LINK_RE = re.compile(r"\[([^\]\n]{1,300})\]\([^)\s]{0,500}\)")
_SUPERSCRIPT_RE = re.compile(r"\^\{([^}]{0,20})\}")
_HAS_TAG_RE = re.compile(
    r"<\s*/?\s*(?:p|u|b|i|em|strong|br|div|span|input|li|ul|ol|table|tr|td|th|h[1-6]|font|sup|sub|a)\b", re.I
)


def has_html(text: str) -> bool:
    return bool(_HAS_TAG_RE.search(text))


def clean_cell(text: str) -> tuple[str, bool | None]:
    """Strip HTML from a cell, keeping line breaks and checkbox states.

    Returns:
        ``(text, checked)`` where ``checked`` is the state of the cell's only checkbox, or ``None``
        when the cell has none or several.
    """
    if "<" not in text:
        return clean_inline(text), None
    states: list[bool] = []

    def _box(m: re.Match[str]) -> str:
        checked = bool(re.search(r"\bchecked\b", m.group(0), re.I))
        states.append(checked)
        return "[x]" if checked else "[ ]"

    text = _CHECKBOX_RE.sub(_box, text)
    text = _BREAK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = html.unescape(text)
    lines = [clean_inline(line) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    checked = states[0] if len(states) == 1 else None
    return text, checked


def clean_inline(text: str) -> str:
    """Markdown emphasis, escapes, links and superscript markers out; spaces tidied."""
    if not text:
        return ""
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _SUPERSCRIPT_RE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x*** or **_x_**
        text = _MD_EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3) or "", text)
    # bold that a converter closed after a space ("includes **39 **doctors") is left unpaired above;
    # a double asterisk never carries a figure's meaning, and left in it splits "39" from "doctors"
    text = text.replace("**", "")
    text = _MD_ESCAPE_RE.sub(r"\1", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t]+", " ", text).strip()
