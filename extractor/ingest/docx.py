"""Word files (.docx) to blocks, with python-docx.

The body is read in order, content controls included (Word puts a bibliography or a table of
contents inside one, where ``Document.paragraphs`` and ``Document.tables`` do not look): a
paragraph styled as a heading (``Heading 1`` .. ``Title``, or given an outline level) is a
heading, one with list numbering or a list style is a list item, a short paragraph set wholly in
bold is a heading candidate; tables keep their merged cells (a cell spanning columns is laid out
over them, one continuing a vertical merge is empty). Headers, footers, footnotes and text boxes
are not read, nor pictures (a chart or a table pasted as an image; each noted as an issue).

Provenance: ``paragraph`` is the 1-based index of a body paragraph (tables' paragraphs not
counted), ``table`` that of a table; ``page`` is the page Word showed it on when the file was
last saved, counted from the rendered page breaks Word records (``w:lastRenderedPageBreak``), or
from explicit page breaks in a file that has none (one written by a program, not Word).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EmptyDocumentError
from ..models import BlockKind, Issue, Provenance, RawDocument, SourceInfo
from .flow import Item, SpanCell, to_blocks
from .office import open_office

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLES = ("heading", "title", "subtitle")
_LIST_STYLES = ("list",)
_PAGE_FIELDS = ("PAGEREF", "PAGE", "NUMPAGES")


@dataclass
class _Pages:
    """The page count as the body is walked: rendered breaks when Word recorded any."""

    rendered: bool
    page: int = 1
    paragraphs: int = 0
    tables: int = 0
    pictures: int = 0
    items: list[Item] = field(default_factory=list)

    def breaks(self, element: Any) -> Iterator[bool]:
        """For each break inside ``element``, in order: True when text comes before it."""
        seen_text = False
        for el in element.iter(f"{_W}t", f"{_W}lastRenderedPageBreak", f"{_W}br"):
            if el.tag == f"{_W}t":
                seen_text = seen_text or bool((el.text or "").strip())
            elif self._counts(el):
                yield seen_text

    def _counts(self, el: Any) -> bool:
        if self.rendered:
            return bool(el.tag == f"{_W}lastRenderedPageBreak")
        return bool(el.tag == f"{_W}br" and el.get(f"{_W}type") == "page")


def ingest_docx(
    path: Path, doc_id: str, data: bytes, source: SourceInfo, header_term: Callable[[str], bool] | None = None
) -> RawDocument:
    """Read a Word file into blocks.

    Raises:
        EncryptedDocumentError: the file is password protected.
        EmptyDocumentError: the body has no text.
        IngestError: the file is not a readable Word document.
    """
    body = _open(path, data)
    state = _Pages(rendered=any(True for _ in body.iter(f"{_W}lastRenderedPageBreak")))
    _walk(body, state)
    blocks = to_blocks(state.items)
    if not blocks:
        raise EmptyDocumentError(path, "the Word file has no text", "a scanned page pasted as a picture?")
    issues = []
    if state.pictures:
        issues.append(
            Issue(
                code="pictures_not_read",
                message=f"{state.pictures} pictures (charts, or tables pasted as images) are not read",
            )
        )
    source = source.model_copy(update={"pages": state.page})
    return RawDocument(doc_id=doc_id, source=source, blocks=blocks, issues=issues)


def _open(path: Path, data: bytes) -> Any:
    import docx

    return open_office(path, data, lambda f: docx.Document(f).element.body, "Word document", ".docx")


def _walk(parent: Any, state: _Pages) -> None:
    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            _paragraph(child, state)
        elif child.tag == f"{_W}tbl":
            _table(child, state)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _walk(content, state)


def _paragraph(p: Any, state: _Pages) -> None:
    late = 0
    for after_text in state.breaks(p):
        if after_text:
            late += 1
        else:
            state.page += 1  # the paragraph starts on the new page
    state.pictures += sum(1 for _ in p.iter(f"{_W}drawing", f"{_W}pict"))
    text = _text(p)
    if text.strip():
        state.paragraphs += 1
        prov = Provenance(page=state.page, paragraph=state.paragraphs)
        state.items.append(Item(kind=_kind(p), text=text, provenance=prov, bold=_all_bold(p)))
    state.page += late


def _text(p: Any) -> str:
    """What the paragraph shows: its runs' text, tabs and line breaks as spaces; not a table of
    contents' page numbers (the results of PAGEREF fields), which refer to pages, not amounts."""
    parts: list[str] = []
    instr: list[str] = []
    hidden = False  # inside the shown result of a page-reference field
    tags = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}fldChar", f"{_W}instrText")
    for el in p.iter(*tags):
        if _inside(el, p, f"{_W}txbxContent") or _inside(el, p, f"{_W}fldSimple", _is_page_field):
            continue
        if el.tag == f"{_W}fldChar":
            kind = el.get(f"{_W}fldCharType")
            if kind == "begin":
                instr = []
            elif kind == "separate":
                hidden = "".join(instr).strip().upper().startswith(_PAGE_FIELDS)
            elif kind == "end":
                hidden = False
        elif el.tag == f"{_W}instrText":
            instr.append(el.text or "")
        elif not hidden or el.tag != f"{_W}t":
            parts.append(el.text or "" if el.tag == f"{_W}t" else " ")
    return "".join(parts)


def _is_page_field(el: Any) -> bool:
    return bool((el.get(f"{_W}instr") or "").strip().upper().startswith(_PAGE_FIELDS))


def _inside(el: Any, stop: Any, tag: str, test: Callable[[Any], bool] | None = None) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag and (test is None or test(parent)):
            return True
        parent = parent.getparent()
    return False


def _style(p: Any) -> str:
    ppr = p.find(f"{_W}pPr")
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return (style.get(f"{_W}val") or "").lower() if style is not None else ""


def _kind(p: Any) -> BlockKind:
    ppr = p.find(f"{_W}pPr")
    style = _style(p)
    # style ids are the names without spaces ("Heading2", "ListParagraph") in English Word
    if style.startswith(_HEADING_STYLES) or (ppr is not None and ppr.find(f"{_W}outlineLvl") is not None):
        return BlockKind.HEADING
    if style.startswith(_LIST_STYLES) or (ppr is not None and ppr.find(f"{_W}numPr") is not None):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _all_bold(p: Any) -> bool:
    runs = [r for r in p.iter(f"{_W}r") if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(f"{_W}rPr")
        b = rpr.find(f"{_W}b") if rpr is not None else None
        if b is None or b.get(f"{_W}val") in ("0", "false"):
            return False
    return True


def _table(tbl: Any, state: _Pages) -> None:
    state.tables += 1
    start_page = state.page
    rows: list[tuple[SpanCell, ...]] = []
    breaks = 0
    for tr in tbl.iterchildren(f"{_W}tr"):
        header = tr.find(f"{_W}trPr/{_W}tblHeader") is not None
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = tcpr.find(f"{_W}gridSpan") if tcpr is not None else None
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            continues = vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue")
            paras = [_text(p) for p in tc.iter(f"{_W}p")]
            text = "" if continues else "\n".join(t.strip() for t in paras if t.strip())
            colspan = int(span.get(f"{_W}val") or 1) if span is not None else 1
            cells.append(SpanCell(text=text, colspan=colspan, header=header))
        breaks += sum(1 for _ in state.breaks(tr))
        state.pictures += sum(1 for _ in tr.iter(f"{_W}drawing", f"{_W}pict"))
        rows.append(tuple(cells))
    state.page += breaks
    prov = Provenance(
        page=start_page, page_end=state.page if state.page != start_page else None, table=state.tables
    )
    state.items.append(Item(kind=BlockKind.TABLE, provenance=prov, rows=tuple(rows), method="docx"))
