"""Saved web pages (.html, .htm) to blocks, with lxml.

A council's report page (ModernGov agenda items) or a GOV.UK allocation page reads as its PDF
does: headings (``h1``-``h6``), paragraphs, list items and tables, in order. What is not the
page's content is dropped: scripts, styles, forms, and the site's navigation, header and footer;
when the page marks its content (``<main>``, ``role="main"``, or one ``<article>``), only that is
read. Tables keep ``rowspan`` and ``colspan`` (:func:`.flow.grid`): a cell spanning columns in the
header rows names each column under it, one spanning rows leaves the rows below it empty.

Provenance: ``paragraph`` is the 1-based index of a heading, paragraph or list item on the page,
``table`` that of a table; a web page has no pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex as re

from ..errors import EmptyDocumentError, IngestError
from ..models import BlockKind, Provenance, RawDocument, SourceInfo
from .flow import Item, SpanCell, to_blocks

_DROP = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "form", "button", "select",
    "nav", "header", "footer", "aside", "head",
)  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# elements that start a block of their own; anything else is inline text of the block around it
_BLOCKS = _HEADINGS | {
    "p", "li", "table", "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "main", "blockquote",
    "pre", "figure", "figcaption", "caption", "address", "details", "summary", "hr", "body", "center",
}  # fmt: skip
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def ingest_html(
    path: Path, doc_id: str, data: bytes, source: SourceInfo, header_term: Callable[[str], bool] | None = None
) -> RawDocument:
    """Read a saved web page into blocks.

    Raises:
        EmptyDocumentError: the page has no text once navigation and scripts are dropped.
        IngestError: the bytes are not HTML lxml can parse.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding=_encoding(data)))
    except (lxml.etree.ParserError, ValueError, LookupError) as exc:
        raise IngestError(path, f"not a readable web page ({exc})", "save the page again as HTML") from None
    for el in root.xpath("|".join(f"//{tag}" for tag in _DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    content = _content(root)
    walker = _Walker()
    walker.container(content)
    blocks = to_blocks(walker.items)
    if not blocks:
        raise EmptyDocumentError(
            path, "the web page has no text", "save the page with its content, not a frame"
        )
    return RawDocument(doc_id=doc_id, source=source, blocks=blocks)


def _encoding(data: bytes) -> str:
    """The page's encoding: a byte-order mark, else its ``<meta charset>``, else UTF-8 if it
    decodes as such (a page saved without a declaration), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    declared = _CHARSET_RE.search(data[:4096])
    if declared:
        return declared.group(1).decode("ascii").lower()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _content(root: Any) -> Any:
    """The page's marked content, else its body."""
    for query in ("//main", "//*[@role='main']"):
        found = root.xpath(query)
        if found:
            return found[0]
    articles = root.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text(el: Any) -> str:
    """An element's text as shown: ``<br>`` a line break, the rest run together."""
    parts: list[str] = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        if _tag(child) == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Walker:
    """Collects the items of a page in document order (paragraph and table counters as it goes)."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.paragraphs = 0
        self.tables = 0

    def add(self, kind: BlockKind, text: str, bold: bool = False) -> None:
        if not text.strip():
            return
        self.paragraphs += 1
        self.items.append(
            Item(kind=kind, text=text, provenance=Provenance(paragraph=self.paragraphs), bold=bold)
        )

    def container(self, el: Any, inline_kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        """A block that may hold blocks: runs of inline content between them are paragraphs."""
        run: list[str] = [el.text or ""]
        for child in el:
            tag = _tag(child)
            if tag in _BLOCKS:
                self.add(inline_kind, "".join(run))
                run = []
                self.block(child)
            elif tag == "br":
                run.append("\n")
            elif tag:
                run.append(_text(child))
            run.append(child.tail or "")
        self.add(inline_kind, "".join(run))

    def block(self, el: Any) -> None:
        tag = _tag(el)
        if tag in _HEADINGS:
            self.add(BlockKind.HEADING, " ".join(_text(el).split()))
        elif tag == "table":
            self.table(el)
        elif tag in ("li", "dt", "dd"):
            self.container(el, BlockKind.LIST_ITEM)
        elif tag == "p":
            if any(_tag(c) in _BLOCKS for c in el):
                self.container(el)
            else:
                self.add(BlockKind.PARAGRAPH, _text(el), bold=_all_bold(el))
        elif tag == "pre":
            for line in _text(el).split("\n"):
                self.add(BlockKind.PARAGRAPH, line)
        elif tag != "hr":
            self.container(el)

    def table(self, el: Any) -> None:
        self.tables += 1
        rows: list[tuple[SpanCell, ...]] = []
        for tr in el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for cell in tr:
                tag = _tag(cell)
                if tag not in ("td", "th"):
                    continue
                cells.append(
                    SpanCell(
                        text="\n".join(
                            " ".join(line.split()) for line in _text(cell).split("\n") if line.strip()
                        ),
                        colspan=_span(cell.get("colspan")),
                        rowspan=_span(cell.get("rowspan")),
                        header=tag == "th",
                    )
                )
            rows.append(tuple(cells))
        captions = el.xpath("./caption")
        if captions:
            self.add(BlockKind.PARAGRAPH, _text(captions[0]))
        if rows:
            prov = Provenance(table=self.tables)
            self.items.append(Item(kind=BlockKind.TABLE, provenance=prov, rows=tuple(rows), method="html"))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))  # a page's colspan="9999" must not make 9999 columns
    except ValueError:
        return 1


def _all_bold(el: Any) -> bool:
    """A paragraph that is one ``<strong>`` or ``<b>`` and nothing else: a heading set in bold."""
    children = [c for c in el if isinstance(c.tag, str)]
    own = (el.text or "").strip() or any((c.tail or "").strip() for c in children)
    return len(children) == 1 and _tag(children[0]) in ("strong", "b") and not own
