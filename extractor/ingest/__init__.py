"""Stage 1: a file on disk to a :class:`~extractor.models.RawDocument` (blocks with provenance).

The format is decided by the file's content, not only its name: a ``.pdf`` that does not start
with ``%PDF`` is refused with a clear message rather than handed to the PDF parser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import regex as re

from ..errors import EmptyDocumentError, IngestError, UnsupportedFormatError
from ..models import RawDocument, SourceFormat, SourceInfo
from ..rules import Rules

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DOCX_SUFFIXES = {".docx"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | XLSX_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES
# formats of the same families that need converting first: the old binary Office files and
# OpenDocument are not read (yet)
LATER_SUFFIXES = {".xls", ".doc", ".odt", ".ods", ".rtf", ".pptx"}
_SAVE_AS = {
    ".xls": "save it as .xlsx",
    ".ods": "save it as .xlsx",
    ".doc": "save it as .docx",
    ".odt": "save it as .docx",
    ".rtf": "save it as .docx",
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ingest(path: Path | str, rules: Rules, *, doc_id: str | None = None, ocr: str = "auto") -> RawDocument:
    """Read one file into blocks.

    Args:
        path: a PDF, workbook, Word, text or Markdown file.
        rules: the loaded rules (organisation names help rebuild flattened table headers).
        doc_id: the id to give the document; the file's stem by default.
        ocr: which PDF pages Tesseract reads: ``auto`` (those without a usable text layer),
            ``off`` or ``force`` (all).

    Raises:
        IngestError: (or a subclass) the file cannot be read as a document; the message says why
            and what to do.
    """
    path = Path(path)
    doc_id = doc_id or path.stem
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            # reading a pipe or a terminal would wait for ever; a device may never end
            raise IngestError(path, "not a regular file (a device, pipe or socket)", "give a saved paper")
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(
            path, f"cannot read the file ({exc.strerror or exc})", "check it exists and is readable"
        ) from None
    if not data:
        raise EmptyDocumentError(path, "file is empty (0 bytes)", "re-download it")
    fmt = sniff(path, data)
    source = SourceInfo(
        path=str(path),
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
    )
    if fmt is SourceFormat.PDF:
        from .ocr import OcrMode
        from .pdf import ingest_pdf

        return ingest_pdf(path, doc_id, data, source, header_term(rules), OcrMode(ocr))
    if fmt is SourceFormat.XLSX:
        from .sheets import ingest_xlsx

        return ingest_xlsx(path, doc_id, data, source, header_term(rules))
    if fmt is SourceFormat.DOCX:
        from .docx import ingest_docx

        return ingest_docx(path, doc_id, data, source, header_term(rules))
    if fmt is SourceFormat.HTML:
        from .html import ingest_html

        return ingest_html(path, doc_id, data, source, header_term(rules))
    from .text import ingest_text

    return ingest_text(path, doc_id, data, source, header_term(rules))


def sniff(path: Path, data: bytes) -> SourceFormat:
    """Decide the format from the first bytes and the suffix.

    Raises:
        IngestError: a ``.pdf`` that is not a PDF, or a PDF that claims to be text.
        UnsupportedFormatError: a format we do not read.
    """
    suffix = path.suffix.lower()
    head = data[:1024]
    is_pdf = b"%PDF-" in head
    if is_pdf:
        if suffix in TEXT_SUFFIXES:
            raise IngestError(path, "is a PDF but named as text", f"rename it to {path.stem}.pdf")
        return SourceFormat.PDF
    if suffix in PDF_SUFFIXES:
        raise IngestError(
            path, "not a PDF (no %PDF header)", "the download may have failed or be an HTML error page"
        )
    if suffix in XLSX_SUFFIXES | DOCX_SUFFIXES:
        # an encrypted Office file is an OLE container; its reader says so
        if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC):
            return SourceFormat.XLSX if suffix in XLSX_SUFFIXES else SourceFormat.DOCX
        raise IngestError(
            path, f"not an Office file (no zip header) despite its {suffix} name", "re-download it"
        )
    if suffix in HTML_SUFFIXES:
        return SourceFormat.HTML
    if suffix in (".md", ".markdown"):
        return SourceFormat.MARKDOWN
    if suffix in TEXT_SUFFIXES:
        return SourceFormat.TEXT
    if suffix in LATER_SUFFIXES:
        raise UnsupportedFormatError(
            path, f"{suffix} files are not supported yet", _SAVE_AS.get(suffix, "save it as PDF")
        )
    raise UnsupportedFormatError(
        path,
        f"unsupported file type '{suffix or 'no extension'}'",
        "give a .pdf, .xlsx, .docx, .html, .txt or .md file",
    )


def header_term(rules: Rules) -> Callable[[str], bool]:
    """A test for 'is this text a column name?', built from the organisation and header rules."""
    names = {a.lower() for org in rules.organisations for a in (org.name, *org.aliases)}
    words = {w.lower() for rule in rules.header_synonyms for w in rule.words}
    words |= {"nhs", "social care", "total", "both", "current", "previous", "variance", "change"}
    period = re.compile(
        r"^(?:q[1-4]\s*)?(?:(?:19|20)?\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}|(?:19|20)\d{2})(?:\s+£.*)?$", re.I
    )

    spaces = re.compile(r"\s+")
    footnote = re.compile(r"\s*\((?:[*#]|[a-z])\)$")

    def is_term(text: str) -> bool:
        t = footnote.sub("", spaces.sub(" ", text).strip().lower().rstrip(":"))
        return t in names or t in words or bool(period.match(t))

    return is_term
