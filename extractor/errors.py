"""Exceptions the library raises. Only the CLI prints them and chooses exit codes."""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Base for every error this package raises on purpose."""


class IngestError(ExtractorError):
    """A file could not be read as a document.

    The message is one line that names the problem and what to do; ``path`` names the file.
    """

    def __init__(self, path: Path | str, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        text = f"{self.path}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class UnsupportedFormatError(IngestError):
    """The file is of a kind we do not read (yet)."""


class EncryptedDocumentError(IngestError):
    """The PDF is password protected."""


class NoTextLayerError(IngestError):
    """The PDF has pages but no text: a scan."""


class EmptyDocumentError(IngestError):
    """The file holds nothing to read."""


class QueryError(ExtractorError):
    """A ``query`` statement failed or is not allowed: the statement's fault, not the command line's."""


class RuleFileError(ExtractorError):
    """A rule file under ``rules/`` is malformed; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
